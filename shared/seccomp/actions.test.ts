// One naming of seccomp actions and one "does this call get through", for the agent's text, the
// Seccomp tab and the compare view (which printed ERRNO(1) where the tab printed ERRNO(EPERM)).
import { describe, expect, it } from 'vitest';
import { actionText as agentActionText } from '../../electron/agent/seccomp/bpf.js';
import { decodeFilters } from '../../electron/agent/seccomp/report.js';
import { loadDump } from '../../electron/agent/seccomp/fixtures/load.js';
import { actionText as tabActionText } from '../../renderer/src/views/seccomp/actions.js';
import { diffSyscalls } from '../diff/syscalls.js';
import { actionText, errnoName, reachOf } from './actions.js';
import { SeccompReport, type SeccompAction, type SyscallDecision } from './report.js';

describe('actionText', () => {
  it('names the errno, shows TRAP/TRACE data when not 0', () => {
    expect(actionText({ kind: 'errno', data: 1 })).toBe('ERRNO(EPERM)');
    expect(actionText({ kind: 'errno', data: 38 })).toBe('ERRNO(ENOSYS)');
    expect(actionText({ kind: 'errno', data: 41 })).toBe('ERRNO(41)'); // unused number
    expect(actionText({ kind: 'errno', data: 4095 })).toBe('ERRNO(4095)');
    expect(actionText({ kind: 'trap', data: 3 })).toBe('TRAP(3)');
    expect(actionText({ kind: 'trace', data: 0 })).toBe('TRACE');
    expect(actionText({ kind: 'user_notif', data: 0 })).toBe('USER_NOTIF');
    expect(errnoName(0)).toBe('0');
  });

  it('the agent, the Seccomp tab and the compare view print the same action the same way', () => {
    const d = loadDump('runc-hardened');
    const hardened = SeccompReport.parse(decodeFilters(1, d.mode, d.filters, { caps: [], arches: ['x86_64'], kernel: '6.1.0' }));
    const none = { ...hardened, mode: 'disabled' as const, filterCount: 0, filterLengths: [], arches: [], profile: null };
    const ptrace = diffSyscalls(none, hardened).find((x) => x.name === 'ptrace')!;
    const decision = hardened.arches[0]!.syscalls.find((s) => s.name === 'ptrace')!;
    expect(ptrace.b).toBe('ERRNO(EPERM)');
    expect(tabActionText(decision.action!)).toBe(ptrace.b);
    expect(agentActionText(decision.action!)).toBe(ptrace.b);
  });
});

describe('reachOf: does the call get through', () => {
  const act = (kind: SeccompAction['kind'], data = 0): SeccompAction => ({ kind, data });
  const dec = (over: Partial<SyscallDecision>): SyscallDecision => ({ name: 'x', nr: 0, action: null, ...over });
  it('ALLOW and LOG always; a tracer or supervisor decides; ERRNO, TRAP and KILL never', () => {
    expect(reachOf(dec({ action: act('allow') }))).toBe('allowed');
    expect(reachOf(dec({ action: act('log') }))).toBe('allowed');
    expect(reachOf(dec({ action: act('user_notif') }))).toBe('conditional');
    expect(reachOf(dec({ action: act('trace') }))).toBe('conditional');
    for (const k of ['errno', 'trap', 'kill_process', 'kill_thread'] as const)
      expect(reachOf(dec({ action: act(k, 1) }))).toBe('denied');
  });
  it('arguments decide: through for some, refused for all, or unknown', () => {
    const o = (a: SeccompAction) => ({ action: a, when: [], whenText: [] });
    expect(reachOf(dec({ outcomes: [o(act('errno', 1)), o(act('allow'))] }))).toBe('conditional');
    expect(reachOf(dec({ outcomes: [o(act('errno', 1)), o(act('kill_process'))] }))).toBe('denied');
    expect(reachOf(dec({ outcomes: [o(act('errno', 1))], truncated: true }))).toBe('conditional');
    expect(reachOf(dec({ error: 'undecodable' }))).toBe('conditional');
  });
});
