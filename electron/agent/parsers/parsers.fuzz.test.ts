// Property-based fuzzing of every parser (issue 9): random text, and real captured /proc and
// cgroup text (fixtures/text/) truncated, with lines dropped or repeated, characters replaced
// and numbers swapped for hostile ones. A parser never throws and never yields a value the
// snapshot schema would refuse (the collector validates the whole snapshot with zod, so one
// bad number from one file would otherwise sink the snapshot of every container).
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AppArmorContext,
  CapabilitySet,
  IdMapEntry,
  IdSet,
  IoLimit,
  Process,
  Psi,
  Runtime,
  Seccomp,
  SelinuxContext,
} from '../../../shared/snapshot/schema.js';
import { classifyCgroupPath, nspawnMachineName } from '../discovery/classifyCgroup.js';
import { parseCapabilityMask } from './capabilities.js';
import {
  parseBlkioServiceBytes,
  parseBlkioThrottle,
  parseCount,
  parseCpuMax,
  parseIoMax,
  parseIoStat,
  parseKeyValues,
  parseLimit,
  parsePressure,
} from './cgroupFiles.js';
import { candidatePaths, parseCgroupMembership } from './cgroupMembership.js';
import { parseIdMap } from './idMap.js';
import { expandCategories, parseAppArmor, parseLsmList, parseSelinux } from './lsmContext.js';
import { cgroupMounts, isReadOnly, parseMountinfo, rootMount } from './mountinfo.js';
import { parseNetDev } from './netDev.js';
import { parseNsLink } from './nsLink.js';
import { parseAuxvClockTicks, parseBootTime } from './procStat.js';
import { parseCmdline, parseStat } from './stat.js';
import { parseStatus } from './status.js';

const TEXT = new URL('../fixtures/text/', import.meta.url).pathname;
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Real captured texts of one kind: a directory of fixtures/text, or files whose name matches. */
function corpus(dir: string, name?: RegExp): string[] {
  const files = filesUnder(join(TEXT, dir)).filter((f) => !name || name.test(f));
  if (files.length === 0) throw new Error(`no fixtures in ${dir}`);
  return files.map((f) => readFileSync(f, 'latin1'));
}

/** Numbers a hostile file would print instead of the kernel's. */
const HOSTILE_NUMBERS = [
  '-1',
  '-0',
  '0',
  '99999999999999999999',
  '1' + '0'.repeat(400),
  '1e309',
  'NaN',
  'Infinity',
  '0x1f',
  '1.5',
  '',
  ' ',
  '9007199254740993',
  '18446744073709551615',
];

/** A real text, mutated: truncated, lines dropped or doubled, characters or numbers replaced. */
function mutated(seeds: string[]): fc.Arbitrary<string> {
  const seed = fc.constantFrom(...seeds);
  return fc.oneof(
    // truncated anywhere (a file that changed while read, a short read)
    seed.chain((s) => fc.nat(s.length).map((n) => s.slice(0, n))),
    // lines dropped, doubled or shuffled
    seed.chain((s) => fc.shuffledSubarray(s.split('\n'), { minLength: 0 }).map((lines) => lines.join('\n'))),
    seed.chain((s) => fc.array(fc.constantFrom(...s.split('\n')), { maxLength: 40 }).map((lines) => lines.join('\n'))),
    // a number replaced with a hostile one
    seed.chain((s) => {
      const numbers = [...s.matchAll(/\d+/g)];
      if (numbers.length === 0) return fc.constant(s);
      return fc.tuple(fc.nat(numbers.length - 1), fc.constantFrom(...HOSTILE_NUMBERS)).map(([i, v]) => {
        const m = numbers[i]!;
        return s.slice(0, m.index) + v + s.slice(m.index! + m[0].length);
      });
    }),
    // random characters written over it
    seed.chain((s) =>
      fc
        .array(fc.tuple(fc.nat(Math.max(0, s.length - 1)), fc.string({ unit: 'binary', minLength: 1, maxLength: 4 })), {
          maxLength: 8,
        })
        .map((edits) => {
          let out = s;
          for (const [at, text] of edits) out = out.slice(0, at) + text + out.slice(at + text.length);
          return out;
        }),
    ),
    // and plain random text
    fc.string({ unit: 'binary', maxLength: 400 }),
    fc.string({ unit: fc.constantFrom(...':\n \t()=,/-0123456789abcdefsx.[]'), maxLength: 200 }),
  );
}

/** Runs a parser on fuzzed input: it must not throw, and its result must satisfy `check`. */
function fuzz<T>(seeds: string[], parse: (text: string) => T, check: z.ZodType | ((v: T) => void)): void {
  fc.assert(
    fc.property(mutated(seeds), (text) => {
      const v = parse(text);
      if (typeof check === 'function') check(v);
      else {
        const r = check.safeParse(v);
        if (!r.success)
          throw new Error(`${JSON.stringify(text).slice(0, 300)} → ${JSON.stringify(v)?.slice(0, 300)}: ${r.error.message}`);
      }
    }),
    { numRuns: RUNS },
  );
}

const safeInt = z.number().int();
const nonNeg = z.number().nonnegative();

describe('parsers on fuzzed /proc text never throw and never yield a wrong type', () => {
  it('status', () => {
    fuzz(
      corpus('status'),
      parseStatus,
      z.object({
        name: z.string().optional(),
        state: z.string().optional(),
        ppid: Process.shape.ppid.optional(),
        uid: IdSet.optional(),
        gid: IdSet.optional(),
        nspid: Process.shape.nspid.optional(),
        capabilities: z.object({
          effective: CapabilitySet.nullable(),
          permitted: CapabilitySet.nullable(),
          bounding: CapabilitySet.nullable(),
          inheritable: CapabilitySet.nullable(),
          ambient: CapabilitySet.nullable(),
        }),
        seccomp: Seccomp,
        missing: z.array(z.string()),
      }),
    );
  });

  it('stat', () => {
    fuzz(
      corpus('stat'),
      parseStat,
      z
        .object({
          pid: Process.shape.pid,
          comm: z.string(),
          state: z.string().min(1),
          ppid: Process.shape.ppid,
          startTime: Process.shape.startTime,
        })
        .nullable(),
    );
  });

  it('cmdline', () => {
    fuzz(corpus('cmdline'), parseCmdline, z.array(z.string()));
  });

  it('cgroup membership → candidate paths → runtime identity', () => {
    fuzz(
      corpus('cgroup-lines'),
      (text) => {
        const m = parseCgroupMembership(text);
        const paths = m ? candidatePaths(m) : [];
        return { m: m ? { v1: Object.fromEntries(m.v1), unified: m.unified } : null, ids: paths.map(classifyCgroupPath) };
      },
      z.object({
        m: z
          .object({ v1: z.record(z.string(), z.string().startsWith('/')), unified: z.string().startsWith('/').nullable() })
          .nullable(),
        ids: z.array(
          z
            .object({
              runtime: Runtime,
              id: z.string(),
              base: z.string().startsWith('/'),
              role: z.enum(['payload', 'helper']),
              owner: safeInt.nonnegative(),
            })
            .nullable(),
        ),
      }),
    );
  });

  it('uid_map / gid_map', () => {
    fuzz(corpus('uid_map'), parseIdMap, z.array(IdMapEntry).nullable());
  });

  it('ns links', () => {
    fuzz(corpus('ns-links'), parseNsLink, z.object({ type: z.string(), inode: safeInt.positive() }).nullable());
  });

  it('mountinfo', () => {
    fuzz(
      corpus('mountinfo'),
      (t) => {
        const entries = parseMountinfo(t);
        const root = rootMount(entries);
        return { n: entries.length, root: root ? isReadOnly(root) : null, cg: cgroupMounts(entries) };
      },
      z.object({
        n: z.number(),
        root: z.boolean().nullable(),
        cg: z.array(
          z.object({ mountPoint: z.string(), root: z.string(), version: z.enum(['v1', 'v2']), controllers: z.array(z.string()) }),
        ),
      }),
    );
  });

  it('net/dev', () => {
    fuzz(
      corpus('net-dev'),
      parseNetDev,
      z.object({ rxBytes: nonNeg, txBytes: nonNeg, interfaces: z.array(z.string()) }).nullable(),
    );
  });

  it('LSM contexts and the LSM list', () => {
    const seeds = corpus('attr');
    fuzz(seeds, parseAppArmor, AppArmorContext.nullable());
    fuzz(seeds, parseSelinux, SelinuxContext.nullable());
    fuzz(seeds, (t) => expandCategories(t.split(':').pop() ?? ''), z.array(safeInt.nonnegative()));
    fuzz(corpus('lsm'), parseLsmList, z.array(z.string()));
  });

  it('capability masks', () => {
    fuzz(
      corpus('status'),
      (t) =>
        parseCapabilityMask(
          t
            .split('\n')
            .find((l) => l.startsWith('CapEff'))
            ?.split(':')[1]
            ?.trim() ?? t,
        ),
      CapabilitySet.nullable(),
    );
  });

  it('boot time, auxv, nspawn names', () => {
    fuzz(['btime 1700000000\ncpu 1 2 3\n'], parseBootTime, z.number().nullable());
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (b) => {
        z.number().int().positive().nullable().parse(parseAuxvClockTicks(b));
      }),
      { numRuns: RUNS },
    );
    fuzz(corpus('cmdline'), (t) => nspawnMachineName(parseCmdline(t)), z.string().nullable());
  });
});

describe('cgroup file parsers on fuzzed cgroup text', () => {
  const v1 = (name: RegExp) => corpus('cgroup-v1', name);
  const v2 = (name: RegExp) => corpus('cgroup-v2', name);
  const limit = nonNeg.nullable().optional();

  it('limits and counts', () => {
    fuzz(v1(/limit_in_bytes|pids\.max|cfs_quota/), parseLimit, limit);
    fuzz(v2(/memory\.max|memory\.current/), parseLimit, limit);
    fuzz(v1(/usage_in_bytes|pids\.current|cpu\.shares|cpuacct\.usage$/), parseCount, nonNeg.optional());
  });

  it('cpu.max', () => {
    fuzz(
      ['max 100000\n', '50000 100000\n'],
      parseCpuMax,
      z.object({ quota: nonNeg.nullable(), period: z.number().positive() }).optional(),
    );
  });

  it('key/value files (memory.stat, cpu.stat, memory.events): numbers only, keys that are no prototype', () => {
    fuzz(
      [
        ...v1(/memory\.stat|cpu\.stat|oom_control|cpuacct\.stat/),
        ...v2(/stat|events/),
        '__proto__ 1\nconstructor 2\ntoString 3\n',
      ],
      parseKeyValues,
      (v) => {
        expect(z.record(z.string(), z.number()).safeParse(v).success).toBe(true);
        expect(Object.getPrototypeOf(v) === null || Object.getPrototypeOf(v) === Object.prototype).toBe(true);
      },
    );
  });

  it('PSI', () => {
    fuzz(
      ['some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=1.50 avg60=0.20 avg300=0.05 total=123456\n'],
      parsePressure,
      Psi.optional(),
    );
  });

  it('io.stat, io.max, blkio', () => {
    fuzz(v2(/io\.stat/), parseIoStat, z.object({ readBytes: nonNeg, writeBytes: nonNeg }));
    fuzz(v2(/io\.max/), parseIoMax, z.array(IoLimit));
    fuzz(v1(/io_service_bytes/), parseBlkioServiceBytes, z.object({ readBytes: nonNeg, writeBytes: nonNeg }));
    fuzz(v1(/bps_device/), (t) => [...parseBlkioThrottle(t).values()], z.array(nonNeg));
  });
});
