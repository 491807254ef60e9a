// Where a command or the app looks: `local` (this machine) or `ssh://[user@]host[:port]`.
// Strict on purpose: the host and user go on the system ssh client's command line, so a value
// that ssh could read as an option (a leading `-`), split (spaces), or misread (`@` twice,
// controls, `%` tokens, shell characters) is refused here with the reason, never passed on.
// Pure (no node:*): the GUI side may parse the same strings.

export interface SshHost {
  kind: 'ssh';
  /** The remote login; absent: ssh's own default (~/.ssh/config's User, else the local user). */
  user?: string;
  /** A DNS name, an ssh_config alias, an IPv4 address or an IPv6 address (without brackets). */
  host: string;
  /** Absent: ssh's own default (~/.ssh/config's Port, else 22). */
  port?: number;
}
export interface LocalHost {
  kind: 'local';
}
export type HostSpec = SshHost | LocalHost;

export class HostSpecError extends Error {}

const USER = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$/;
// DNS labels (and ssh_config aliases of the same letters): letters, digits, `-` inside a label, `_`.
const NAME = /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;

const printable = (s: string) => JSON.stringify(s.length > 80 ? s.slice(0, 80) + '…' : s);

function checkUser(user: string, spec: string): string {
  if (user === '') throw new HostSpecError(`host ${printable(spec)}: empty user before "@"`);
  if (user.startsWith('-'))
    throw new HostSpecError(`host ${printable(spec)}: a user may not start with "-" (ssh would read it as an option)`);
  if (!USER.test(user))
    throw new HostSpecError(
      `host ${printable(spec)}: user ${printable(user)} has characters a login name does not (letters, digits, . _ - only)`,
    );
  return user;
}

function checkHost(host: string, spec: string): string {
  if (host === '') throw new HostSpecError(`host ${printable(spec)}: no host name`);
  if (host.startsWith('-'))
    throw new HostSpecError(`host ${printable(spec)}: a host may not start with "-" (ssh would read it as an option)`);
  if (!NAME.test(host))
    throw new HostSpecError(
      `host ${printable(spec)}: ${printable(host)} is not a host name or address (letters, digits, . _ - only)`,
    );
  return host;
}

function checkPort(text: string, spec: string): number {
  if (!/^[0-9]{1,5}$/.test(text)) throw new HostSpecError(`host ${printable(spec)}: port ${printable(text)} is not a number`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw new HostSpecError(`host ${printable(spec)}: port ${port} is outside 1–65535`);
  return port;
}

/** `local`, or `ssh://[user@]host[:port]` (IPv6 in brackets: `ssh://root@[::1]:2222`). Throws HostSpecError. */
export function parseHostSpec(spec: string): HostSpec {
  if (spec === 'local') return { kind: 'local' };
  // eslint-disable-next-line no-control-regex -- refusing exactly these
  if (/[\x00-\x20\x7f-\x9f]/.test(spec))
    throw new HostSpecError(`host ${printable(spec)}: spaces and control characters are not allowed`);
  if (!spec.startsWith('ssh://'))
    throw new HostSpecError(`host ${printable(spec)}: expected "local" or ssh://[user@]host[:port]`);
  let rest = spec.slice('ssh://'.length);
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  if (/[/?#]/.test(rest)) throw new HostSpecError(`host ${printable(spec)}: a path, query or fragment has no meaning here`);
  const at = rest.indexOf('@');
  if (at !== rest.lastIndexOf('@')) throw new HostSpecError(`host ${printable(spec)}: more than one "@"`);
  let user: string | undefined;
  if (at >= 0) {
    user = checkUser(rest.slice(0, at), spec);
    rest = rest.slice(at + 1);
  }
  let host: string;
  let portText: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) throw new HostSpecError(`host ${printable(spec)}: "[" without "]"`);
    host = rest.slice(1, close);
    if (!IPV6.test(host) || !host.includes(':'))
      throw new HostSpecError(`host ${printable(spec)}: ${printable(host)} is not an IPv6 address`);
    const after = rest.slice(close + 1);
    if (after !== '') {
      if (!after.startsWith(':')) throw new HostSpecError(`host ${printable(spec)}: unexpected ${printable(after)} after "]"`);
      portText = after.slice(1);
    }
  } else {
    const colon = rest.indexOf(':');
    if (colon !== rest.lastIndexOf(':'))
      throw new HostSpecError(`host ${printable(spec)}: an IPv6 address goes in brackets, ssh://[::1]:22`);
    host = checkHost(colon >= 0 ? rest.slice(0, colon) : rest, spec);
    if (colon >= 0) portText = rest.slice(colon + 1);
  }
  if (host === '') throw new HostSpecError(`host ${printable(spec)}: no host name`);
  const out: SshHost = { kind: 'ssh', host };
  if (user !== undefined) out.user = user;
  if (portText !== undefined) out.port = checkPort(portText, spec);
  return out;
}

/** The canonical text of a host: `local` or `ssh://user@host:port` (parseHostSpec(formatHostSpec(h)) equals h). */
export function formatHostSpec(h: HostSpec): string {
  if (h.kind === 'local') return 'local';
  const host = h.host.includes(':') ? `[${h.host}]` : h.host;
  return `ssh://${h.user !== undefined ? `${h.user}@` : ''}${host}${h.port !== undefined ? `:${h.port}` : ''}`;
}

/** `user@host` as ssh's destination argument (after `--`; the port goes in `-p`). */
export function sshDestination(h: SshHost): string {
  return `${h.user !== undefined ? `${h.user}@` : ''}${h.host}`;
}
