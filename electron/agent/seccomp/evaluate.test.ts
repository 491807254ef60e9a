// The evaluator and the decoder against filters dumped from real processes: what the kernel
// answered inside a process with stacked filters, and the OCI profiles runtimes were given.
import { describe, expect, it } from 'vitest';
import { AUDIT_ARCH, syscallNumber, type TableArch } from './arch.js';
import { actionFromRet, actionText, combineActions, SECCOMP_RET } from './bpf.js';
import { comparePolicy } from './compare.js';
import { decodeArch, decideSyscall } from './decode.js';
import { evaluateFilters, runProgram } from './evaluate.js';
import { expectedPolicy } from './expected.js';
import { DUMPS, loadDump, loadOci, loadStacked } from './fixtures/load.js';

const x64 = AUDIT_ARCH.x86_64;
const nr = (name: string, arch: TableArch = 'x86_64') => syscallNumber(arch, name)!;

describe('actions', () => {
  it('decodes return values, clamps errno, treats unknown actions as KILL_PROCESS', () => {
    expect(actionFromRet(SECCOMP_RET.ERRNO | 38)).toEqual({ kind: 'errno', data: 38 });
    expect(actionFromRet(SECCOMP_RET.ERRNO | 0xffff)).toEqual({ kind: 'errno', data: 4095 });
    expect(actionFromRet(SECCOMP_RET.KILL_PROCESS)).toEqual({ kind: 'kill_process', data: 0 });
    expect(actionFromRet(0)).toEqual({ kind: 'kill_thread', data: 0 });
    expect(actionFromRet(0x12340000).kind).toBe('kill_process');
    expect(actionText({ kind: 'errno', data: 1 })).toBe('ERRNO(EPERM)');
  });

  it('combines by precedence KILL_PROCESS > KILL_THREAD > TRAP > ERRNO > USER_NOTIF > TRACE > LOG > ALLOW', () => {
    const order = ['kill_process', 'kill_thread', 'trap', 'errno', 'user_notif', 'trace', 'log', 'allow'] as const;
    for (let i = 0; i < order.length; i++) {
      for (let j = i; j < order.length; j++) {
        expect(
          combineActions([
            { kind: order[j]!, data: 0 },
            { kind: order[i]!, data: 0 },
          ]).kind,
        ).toBe(order[i]);
      }
    }
    expect(combineActions([])).toEqual({ kind: 'allow', data: 0 });
  });
});

describe('stacked filters, as the kernel answered inside the process', () => {
  const f = loadStacked();
  const obs = f.observed!;
  const errnoOf = (name: string, args: bigint[] = []) => {
    const a = evaluateFilters(f.filters, { nr: nr(name), arch: x64, args });
    return a.kind === 'errno' ? -a.data : a.kind === 'allow' || a.kind === 'log' ? 0 : NaN;
  };

  it('has three filters, index 0 the oldest (PTRACE_SECCOMP_GET_FILTER order)', () => {
    expect(f.filters.map((p) => p.length)).toEqual([6, 10, 9]);
    // The oldest filter alone answers mkdir with EACCES; the kernel's answer came from the newer one.
    expect(actionFromRet(runProgram(f.filters[0]!, { nr: nr('mkdir'), arch: x64 }))).toEqual({ kind: 'errno', data: 13 });
  });

  it('reproduces every observed result: newest wins among equal actions, LOG loses to ERRNO', () => {
    expect(errnoOf('mkdir')).toBe(obs['mkdir']);
    expect(errnoOf('rmdir')).toBe(obs['rmdir']);
    expect(errnoOf('fchmod', [3n, 0o777n])).toBe(obs['fchmod_0777']);
    expect(errnoOf('fchmod', [3n, 0o644n])).toBe(obs['fchmod_0644']);
    expect(errnoOf('getppid')).toBe(obs['getppid']);
    expect(errnoOf('getpid')).toBe(0);
  });

  it('decodes the argument condition of fchmod and the arch check', () => {
    const d = decideSyscall(f.filters, x64, nr('fchmod'), 'fchmod');
    expect(d.action).toBeNull();
    expect(d.outcomes!.map((o) => [actionText(o.action), o.whenText])).toEqual([
      ['ERRNO(EACCES)', ['arg1.lo == 511']],
      ['ALLOW', ['arg1.lo != 511']],
    ]);
    // i386 is let through by the newest filter's arch check but still meets the older ones.
    expect(decideSyscall(f.filters, AUDIT_ARCH.i386, nr('getppid', 'i386'), 'getppid').action).toEqual({
      kind: 'allow',
      data: 0,
    });
  });
});

describe('decoded policy equals the OCI profile the runtime was given, for every syscall', () => {
  for (const [dump, oci] of [
    ['runc-hardened', 'runc-hardened'],
    ['docker-20.10', 'docker-20.10'],
    ['podman-4.3', 'podman-4.3'],
  ] as const) {
    for (const arch of ['x86_64', 'i386', 'x32'] as const) {
      it(`${dump} on ${arch}`, () => {
        const { filters } = loadDump(dump);
        const policy = decodeArch(filters, arch);
        const expected = expectedPolicy(loadOci(oci).seccomp, arch);
        expect(comparePolicy(filters, expected, policy.syscalls, AUDIT_ARCH[arch])).toEqual([]);
        expect(policy.syscalls.length).toBeGreaterThan(300);
      });
    }
  }

  it('runc-hardened: exactly its 25 denied syscalls return EPERM on x86_64', () => {
    const policy = decodeArch(loadDump('runc-hardened').filters, 'x86_64');
    const denied = policy.syscalls
      .filter((s) => s.action?.kind !== 'allow')
      .map((s) => s.name)
      .sort();
    expect(denied).toEqual([...loadOci('runc-hardened').seccomp.syscalls[0]!.names].sort());
  });

  it("docker-20.10: runc's ENOSYS stub above the highest syscall the profile names", () => {
    const policy = decodeArch(loadDump('docker-20.10').filters, 'x86_64');
    const expected = expectedPolicy(loadOci('docker-20.10').seccomp, 'x86_64');
    expect(expected.enosysAbove).toBe(nr('futex_waitv')); // the highest the 20.10 profile names
    expect(policy.unnamed.at(-1)!.action).toEqual({ kind: 'errno', data: 38 });
    expect(policy.syscalls.find((s) => s.name === 'cachestat')!.action).toEqual({ kind: 'errno', data: 38 });
  });
});

describe('symbolic outcomes agree with concrete evaluation on real filters', () => {
  const probe = [
    0n,
    1n,
    8n,
    9n,
    16n,
    38n,
    39n,
    40n,
    41n,
    0x20000n,
    0x20008n,
    0x7e020000n,
    0xffffffffn,
    1n << 32n,
    0x100000011n,
    (1n << 64n) - 1n,
  ];
  for (const name of DUMPS) {
    it(name, () => {
      const { filters } = loadDump(name);
      for (const arch of ['x86_64', 'i386', 'x32'] as const) {
        for (const d of decodeArch(filters, arch).syscalls) {
          for (const v of probe) {
            const args = [v, v, v, v, v, v];
            const got = evaluateFilters(filters, { nr: d.nr, arch: AUDIT_ARCH[arch], args });
            if (d.action) {
              expect(got, `${name} ${arch} ${d.name}(${v})`).toEqual(d.action);
              continue;
            }
            const words = new Uint32Array(16);
            args.forEach((a, i) => ((words[4 + 2 * i] = Number(a & 0xffffffffn)), (words[5 + 2 * i] = Number(a >> 32n))));
            const holds = (o: { when: { offset: number; mask: number; op: string; k: number; holds: boolean }[][] }) =>
              o.when.some((conds) =>
                conds.every((c) => {
                  const w = (words[c.offset / 4]! & c.mask) >>> 0;
                  const r = c.op === 'eq' ? w === c.k : c.op === 'gt' ? w > c.k : c.op === 'ge' ? w >= c.k : (w & c.k) !== 0;
                  return r === c.holds;
                }),
              );
            const matching = d.outcomes!.filter(holds);
            expect(
              matching.map((o) => o.action),
              `${name} ${arch} ${d.name}(${v})`,
            ).toEqual([got]);
          }
        }
      }
    });
  }
});

describe('instructions real filters rarely use (scratch memory, X register, ALU, JSET)', () => {
  // if (arg0.lo & 0xf0) { A = arg1.lo; M[3] = A; X = 100; if (A >= X) ERRNO(A - 100 & 0xff) else TRAP } else if (arg0.lo * 2 > 10) LOG else ALLOW
  const I = (code: number, k = 0, jt = 0, jf = 0) => ({ code, jt, jf, k });
  const prog = [
    I(0x20, 16), // ld arg0.lo
    I(0x45, 0xf0, 0, 8), // jset #0xf0
    I(0x20, 24), // ld arg1.lo
    I(0x02, 3), // st M[3]
    I(0x01, 100), // ldx #100
    I(0x3d, 0, 0, 3), // jge x
    I(0x60, 3), // ld M[3]
    I(0x14, 100), // sub #100
    I(0x16), // ret a: a value that depends on arg1
    I(0x06, SECCOMP_RET.TRAP), // ret TRAP
    I(0x24, 2), // mul #2
    I(0x25, 10, 0, 1), // jgt #10
    I(0x06, SECCOMP_RET.LOG),
    I(0x06, SECCOMP_RET.ALLOW),
  ];

  it('evaluates concretely', () => {
    const run = (a0: bigint, a1: bigint) => actionFromRet(runProgram(prog, { nr: 0, arch: x64, args: [a0, a1] }));
    expect(run(0x10n, 150n)).toEqual({ kind: 'kill_thread', data: 0 }); // returns 50: action bits 0, KILL_THREAD
    expect(run(0x10n, 99n)).toEqual({ kind: 'trap', data: 0 });
    expect(run(6n, 0n)).toEqual({ kind: 'log', data: 0 });
    expect(run(5n, 0n)).toEqual({ kind: 'allow', data: 0 });
  });

  it('the explorer reports a return of loaded data as undecodable, not a guess', () => {
    const d = decideSyscall([prog], x64, 0, 'read');
    expect(d.action).toBeNull();
    expect(d.error).toMatch(/returns .*taken from the syscall's data/);
  });

  it('without the data-dependent return, paths and conditions match concrete runs', () => {
    const safe = prog.map((i, n) => (n === 8 ? I(0x06, SECCOMP_RET.ERRNO | 7) : i));
    const d = decideSyscall([safe], x64, 0, 'read');
    for (const [a0, a1] of [
      [0x10n, 150n],
      [0x10n, 99n],
      [6n, 0n],
      [5n, 0n],
      [0x80000006n, 0n],
    ] as const) {
      const got = evaluateFilters([safe], { nr: 0, arch: x64, args: [a0, a1] });
      expect(
        d.outcomes!.some((o) => o.action.kind === got.kind),
        `${a0},${a1}`,
      ).toBe(true);
    }
    expect(d.outcomes!.map((o) => actionText(o.action)).sort()).toEqual(['ALLOW', 'ERRNO(E2BIG)', 'LOG', 'TRAP']);
  });
});
