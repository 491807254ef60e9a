// Seccomp actions as text and "does this call get through", one definition for the agent's
// report and text output, the Seccomp tab and the compare view: an errno is named
// (ERRNO(EPERM), not ERRNO(1)), TRAP/TRACE data is shown when not 0. Pure.
import type { SeccompAction, SyscallDecision } from './report.js';

/** Linux errno names by number (asm-generic/errno*.h), "-" for unused numbers. */
const ERRNO = `EPERM ENOENT ESRCH EINTR EIO ENXIO E2BIG ENOEXEC EBADF ECHILD EAGAIN ENOMEM EACCES EFAULT ENOTBLK EBUSY EEXIST
  EXDEV ENODEV ENOTDIR EISDIR EINVAL ENFILE EMFILE ENOTTY ETXTBSY EFBIG ENOSPC ESPIPE EROFS EMLINK EPIPE EDOM ERANGE EDEADLK
  ENAMETOOLONG ENOLCK ENOSYS ENOTEMPTY ELOOP - ENOMSG EIDRM ECHRNG EL2NSYNC EL3HLT EL3RST ELNRNG EUNATCH ENOCSI EL2HLT EBADE
  EBADR EXFULL ENOANO EBADRQC EBADSLT - EBFONT ENOSTR ENODATA ETIME ENOSR ENONET ENOPKG EREMOTE ENOLINK EADV ESRMNT ECOMM
  EPROTO EMULTIHOP EDOTDOT EBADMSG EOVERFLOW ENOTUNIQ EBADFD EREMCHG ELIBACC ELIBBAD ELIBSCN ELIBMAX ELIBEXEC EILSEQ ERESTART
  ESTRPIPE EUSERS ENOTSOCK EDESTADDRREQ EMSGSIZE EPROTOTYPE ENOPROTOOPT EPROTONOSUPPORT ESOCKTNOSUPPORT EOPNOTSUPP
  EPFNOSUPPORT EAFNOSUPPORT EADDRINUSE EADDRNOTAVAIL ENETDOWN ENETUNREACH ENETRESET ECONNABORTED ECONNRESET ENOBUFS EISCONN
  ENOTCONN ESHUTDOWN ETOOMANYREFS ETIMEDOUT ECONNREFUSED EHOSTDOWN EHOSTUNREACH EALREADY EINPROGRESS ESTALE EUCLEAN ENOTNAM
  ENAVAIL EISNAM EREMOTEIO EDQUOT ENOMEDIUM EMEDIUMTYPE ECANCELED ENOKEY EKEYEXPIRED EKEYREVOKED EKEYREJECTED EOWNERDEAD
  ENOTRECOVERABLE ERFKILL EHWPOISON`.split(/\s+/);

/** "EPERM" for 1; the number itself when it has no name. */
export function errnoName(n: number): string {
  const name = Number.isInteger(n) && n >= 1 ? ERRNO[n - 1] : undefined;
  return name && name !== '-' ? name : String(n);
}

/** "ALLOW", "ERRNO(EPERM)", "KILL_PROCESS", "TRAP(3)", "TRACE(7)", "USER_NOTIF", … */
export function actionText(a: SeccompAction): string {
  const name = a.kind.toUpperCase();
  if (a.kind === 'errno') return `${name}(${errnoName(a.data)})`;
  if ((a.kind === 'trap' || a.kind === 'trace') && a.data !== 0) return `${name}(${a.data})`;
  return name;
}

/** Whether a call gets through the filter: always, depending on arguments (or on another process), or never. */
export type Reach = 'allowed' | 'conditional' | 'denied';

const PASSES: ReadonlySet<SeccompAction['kind']> = new Set(['allow', 'log']);
/** A tracer or a supervisor process decides: it may let the call through. */
const DELEGATED: ReadonlySet<SeccompAction['kind']> = new Set(['trace', 'user_notif']);

/** The action lets the call reach the kernel (ALLOW, LOG). */
export const actionPasses = (a: SeccompAction): boolean => PASSES.has(a.kind);
/** The action refuses the call outright (ERRNO, TRAP, KILL_*): no tracer or supervisor can let it through. */
export const actionRefuses = (a: SeccompAction): boolean => !PASSES.has(a.kind) && !DELEGATED.has(a.kind);

/** Whether the call gets through: always, depending on arguments (or another process), or never. */
export function reachOf(d: SyscallDecision): Reach {
  if (d.error) return 'conditional';
  if (d.action) return actionPasses(d.action) ? 'allowed' : actionRefuses(d.action) ? 'denied' : 'conditional';
  const actions = (d.outcomes ?? []).map((o) => o.action);
  return actions.some((a) => !actionRefuses(a)) || d.truncated ? 'conditional' : 'denied';
}
