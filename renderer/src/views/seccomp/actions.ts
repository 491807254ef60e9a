// Seccomp actions as text (the same words as the agent's report: ALLOW, ERRNO(EPERM), …) and the
// keys the table filters on.
import type { SeccompAction, SyscallDecision } from '../../../../shared/seccomp/report.js';
import { errnoName } from '../../../../shared/seccomp/actions.js';

export { actionText, errnoName } from '../../../../shared/seccomp/actions.js';

/** What the action does, in words (for hover text). */
export const ACTION_MEANING: Record<SeccompAction['kind'], string> = {
  allow: 'the call reaches the kernel',
  errno: 'the call fails with this error and never reaches the kernel',
  kill_process: 'the whole process is killed (SIGSYS)',
  kill_thread: 'the calling thread is killed (SIGSYS)',
  trap: 'the process receives SIGSYS and may handle it',
  trace: 'a ptrace tracer decides; without one the call fails with ENOSYS',
  log: 'the call is allowed and logged',
  user_notif: 'a supervisor process is notified and decides',
};

/** Filter keys: allow, errno:<n>, kill, trap, trace, log, user-notif, conditional, undecodable. */
export function filterKeyOf(a: SeccompAction): string {
  switch (a.kind) {
    case 'errno':
      return `errno:${a.data}`;
    case 'kill_process':
    case 'kill_thread':
      return 'kill';
    case 'user_notif':
      return 'user-notif';
    default:
      return a.kind;
  }
}

export function decisionKey(d: SyscallDecision): string {
  if (d.error) return 'undecodable';
  return d.action ? filterKeyOf(d.action) : 'conditional';
}

const ORDER = ['allow', 'errno', 'kill', 'trap', 'trace', 'log', 'user-notif', 'conditional', 'undecodable'];

export function keyLabel(key: string): string {
  return key.startsWith('errno:') ? `errno(${errnoName(Number(key.slice(6)))})` : key;
}

/** The filter keys present in these decisions, in a fixed order, with how many each. */
export function keyCounts(ds: readonly SyscallDecision[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const d of ds) counts.set(decisionKey(d), (counts.get(decisionKey(d)) ?? 0) + 1);
  const rank = (k: string) => ORDER.indexOf(k.split(':')[0]!) * 1000 + (k.startsWith('errno:') ? Number(k.slice(6)) : 0);
  return [...counts].sort((a, b) => rank(a[0]) - rank(b[0]));
}

/** A chip class for an action: allow / deny / kill / other. */
export function actionClass(a: SeccompAction): string {
  if (a.kind === 'allow') return 'allow';
  if (a.kind === 'log') return 'log';
  if (a.kind === 'kill_process' || a.kind === 'kill_thread') return 'kill';
  if (a.kind === 'errno' || a.kind === 'trap') return 'deny';
  return 'delegate';
}
