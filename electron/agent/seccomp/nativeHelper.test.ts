// The helper is compiled with the system cc at build time (buildHelper), rebuilt when its source
// changes, never through a planted symlink; at run time only a prebuilt one is used (never
// compiled), as root only one that is root's alone. Its one line of output is parsed into filters
// or an errno reason (live reads of filtered processes: the lab test; elevation: elevation.lab).
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasCc } from '../testing/toolchain.js';
import {
  buildHelper,
  ensureHelper,
  HELPER_NAME,
  parseHelperOutput,
  PROBE_NAME,
  prebuiltHelper,
  readFilters,
} from './nativeHelper.js';

const dir = mkdtempSync(join(tmpdir(), 'isoscope-seccomp-helper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parsing the helper output', () => {
  it('filters, in the kernel order', () => {
    const r = parseHelperOutput(
      '{"pid":7,"mode":2,"filters":[[{"code":6,"jt":0,"jf":0,"k":2147418112}],[{"code":6,"jt":0,"jf":0,"k":0}]]}\n',
    );
    expect(r).toEqual({
      ok: true,
      pid: 7,
      mode: 2,
      filters: [[{ code: 6, jt: 0, jf: 0, k: 0x7fff0000 }], [{ code: 6, jt: 0, jf: 0, k: 0 }]],
    });
  });

  it('errors with their errno name, never a guess', () => {
    expect(parseHelperOutput('{"error":"EACCES","errno":13,"step":"get-filter","message":"needs CAP_SYS_ADMIN"}')).toEqual({
      ok: false,
      reason: 'EACCES',
      detail: 'get-filter: needs CAP_SYS_ADMIN',
    });
    expect(parseHelperOutput('garbage').ok).toBe(false);
    expect(parseHelperOutput('{"pid":1,"mode":2,"filters":[[{"code":70000,"jt":0,"jf":0,"k":0}]]}')).toMatchObject({
      ok: false,
      reason: 'EBADOUTPUT',
    });
    expect(parseHelperOutput('{"pid":1,"mode":2,"filters":[[{"code":21,"jt":5,"jf":0,"k":0}]]}')).toMatchObject({
      ok: false,
      reason: 'EBADOUTPUT',
    });
  });
});

describe.skipIf(!hasCc)('building and running the helper', () => {
  it('compiles once, and again when the stamp says another source', () => {
    const bin = ensureHelper(dir);
    const first = statSync(bin).mtimeMs;
    expect(ensureHelper(dir)).toBe(bin);
    expect(statSync(bin).mtimeMs).toBe(first);
    const stamp = readFileSync(`${bin}.sha256`, 'utf8');
    writeFileSync(`${bin}.sha256`, 'other\n');
    ensureHelper(dir);
    expect(readFileSync(`${bin}.sha256`, 'utf8')).toBe(stamp);
  });

  it('reads a process without seccomp without attaching to it', async () => {
    const r = await readFilters(process.pid, ensureHelper(dir));
    const own = /^Seccomp:\s*(\d)/m.exec(execFileSync('cat', [`/proc/${process.pid}/status`], { encoding: 'utf8' }))![1];
    if (own === '0') expect(r).toEqual({ ok: true, pid: process.pid, mode: 0, filters: [] });
    else expect(r.ok || ['EACCES', 'EPERM'].includes(r.reason)).toBe(true);
  });

  it('says ESRCH for a process that does not exist, EINVAL for a bad pid', async () => {
    const bin = ensureHelper(dir);
    expect(await readFilters(0x3ffffff0, bin)).toMatchObject({ ok: false, reason: 'ESRCH' });
    const bad = spawnSync(bin, ['x1'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(parseHelperOutput(bad.stdout)).toMatchObject({ ok: false, reason: 'EINVAL' });
  });
});

describe.skipIf(!hasCc)('build time only, never through a symlink; run time: prebuilt only', () => {
  it('prebuiltHelper: missing → "not built", never compiled; from another source → "not built from the current source"', () => {
    const empty = join(dir, 'empty');
    expect(() => prebuiltHelper(empty)).toThrow(
      /seccomp-dump is not built \(.*seccomp-dump is missing\): run npm run build; the collector never compiles it at run time/,
    );
    expect(existsSync(join(empty, HELPER_NAME))).toBe(false);
    const stale = join(dir, 'stale');
    buildHelper(stale);
    expect(prebuiltHelper(stale)).toBe(join(stale, HELPER_NAME));
    writeFileSync(join(stale, `${HELPER_NAME}.sha256`), 'other\n');
    expect(() => prebuiltHelper(stale)).toThrow(/not built from the current source/);
  });

  it("buildHelper refuses a symlink at the helper's or the stamp's name and leaves its target alone", () => {
    for (const name of [HELPER_NAME, `${HELPER_NAME}.sha256`]) {
      const d = join(dir, `links-${name}`);
      mkdirSync(d, { recursive: true });
      const victim = join(dir, `victim-${name}`);
      writeFileSync(victim, 'precious\n');
      symlinkSync(victim, join(d, name));
      expect(() => buildHelper(d)).toThrow(new RegExp(`${name.replace('.', '\\.')} is a symlink: refusing to write through it`));
      expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    }
  });

  it.skipIf(process.geteuid?.() !== 0)('as root, a prebuilt helper owned by another user is refused (root would run it)', () => {
    const d = join(dir, 'theirs');
    const bin = buildHelper(d);
    chownSync(bin, 65534, 65534);
    expect(() => prebuiltHelper(d)).toThrow(new RegExp(`refusing to run it as root: ${bin} is owned by uid 65534`));
  });

  it('buildHelper builds kernel-probe beside seccomp-dump, under the same rules (stamp, symlink refused, root-owned to run as root)', () => {
    const d = join(dir, 'probe');
    buildHelper(d);
    const probe = prebuiltHelper(d, PROBE_NAME);
    expect(probe).toBe(join(d, PROBE_NAME));
    const landlock = spawnSync(probe, ['landlock'], { encoding: 'utf8' });
    expect(landlock.stdout).toMatch(/^\{"landlock":\{("abi":\d+|"error":"E[A-Z]+","errno":\d+)\}\}$/m);
    expect(spawnSync(probe, ['nonsense'], { encoding: 'utf8' }).stdout).toMatch(/"error":"EINVAL".*usage/);
    writeFileSync(join(d, `${PROBE_NAME}.sha256`), 'other\n');
    expect(() => prebuiltHelper(d, PROBE_NAME)).toThrow(/kernel-probe is not built from the current source/);
    const l = join(dir, 'probe-link');
    mkdirSync(l, { recursive: true });
    writeFileSync(join(dir, 'probe-victim'), 'precious\n');
    symlinkSync(join(dir, 'probe-victim'), join(l, PROBE_NAME));
    expect(() => buildHelper(l)).toThrow(/kernel-probe is a symlink: refusing to write through it/);
    expect(readFileSync(join(dir, 'probe-victim'), 'utf8')).toBe('precious\n');
    if (process.geteuid?.() === 0) {
      const t = join(dir, 'probe-theirs');
      buildHelper(t);
      chownSync(join(t, PROBE_NAME), 65534, 65534);
      expect(() => prebuiltHelper(t, PROBE_NAME)).toThrow(/kernel-probe: refusing to run it as root: .* is owned by uid 65534/);
    }
  });

  it("seccomp-dump prints each filter's metadata flags, and they are parsed (LOG named by notify.ts)", () => {
    expect(
      parseHelperOutput(
        '{"pid":7,"mode":2,"filters":[[{"code":6,"jt":0,"jf":0,"k":0}],[{"code":6,"jt":0,"jf":0,"k":0}]],"flags":[0,2]}',
      ),
    ).toMatchObject({ ok: true, flags: [0, 2] });
    expect(parseHelperOutput('{"pid":7,"mode":2,"filters":[[{"code":6,"jt":0,"jf":0,"k":0}]],"flags":[-13]}')).toMatchObject({
      ok: true,
      flags: ['EACCES'],
    });
    // A count that does not match the filters is not trusted: no flags rather than wrong ones.
    const r = parseHelperOutput('{"pid":7,"mode":2,"filters":[[{"code":6,"jt":0,"jf":0,"k":0}]],"flags":[0,2]}');
    expect(r.ok && 'flags' in r).toBe(false);
  });

  it('ensureHelper: with a directory it builds there (tests, scripts); without, it only looks for the prebuilt one', () => {
    const d = join(dir, 'ensure');
    expect(ensureHelper(d)).toBe(join(d, HELPER_NAME));
    expect(statSync(join(d, HELPER_NAME)).mode & 0o111).not.toBe(0);
  });
});
