// Devices: what the kernel lets the container do with device nodes. The cgroup v1 whitelist
// (devices.list), the cgroup v2 device program(s) on its cgroup (rules decoded when the program
// has runc's shape, else "attached, id, tag"), and the nodes present in its /dev, each with the
// file it came from. Rendered at the bottom of the "Mounts & devices" tab.
import type { DeviceNode, DeviceProgram, DeviceRule, Devices } from '../../../../shared/snapshot/devices.js';
import type { Container } from '../../../../shared/snapshot/schema.js';
import { deviceName } from './wellKnown.js';
import './devices.css';

const num = (n: number | null) => (n === null ? '*' : String(n));
const TYPE_TEXT = { a: 'all (char + block)', c: 'char', b: 'block' } as const;
const ACCESS_WORD: Record<string, string> = { r: 'read', w: 'write', m: 'mknod' };

export function ruleText(r: DeviceRule): string {
  return `${r.allow ? 'allow' : 'deny'} ${r.type} ${num(r.major)}:${num(r.minor)} ${r.access}`;
}

/** True for the rule that lets every device through: `a *:* rwm`. */
export const allowsAll = (r: DeviceRule): boolean =>
  r.allow && r.type === 'a' && r.major === null && r.minor === null && r.access === 'rwm';

function Missing({ d, field }: { d: Devices; field: string }) {
  const u = d.unavailable.find((x) => x.field === field);
  return (
    <span className="unavailable" title={u?.detail ?? undefined} data-field={`devices.${field}`}>
      unavailable{u ? `: ${u.reason}` : ''}
      {u?.detail ? <span className="muted"> ({u.detail})</span> : null}
    </span>
  );
}

function What({ type, major, minor }: { type: 'a' | 'c' | 'b' | 'char' | 'block'; major: number | null; minor: number | null }) {
  if (type === 'a') return <span className="muted">every device</span>;
  const n = deviceName(type, major, minor);
  if (!n)
    return major === null ? (
      <span className="muted">every {type === 'b' || type === 'block' ? 'block' : 'char'} device</span>
    ) : (
      <span className="muted">—</span>
    );
  return (
    <span title={n.meaning}>
      <code>{n.name}</code> <span className="muted">{n.meaning}</span>
    </span>
  );
}

export function RuleTable({ rules, testId }: { rules: DeviceRule[]; testId: string }) {
  return (
    <table className="grid device-rules" data-testid={testId}>
      <thead>
        <tr>
          <th>Rule</th>
          <th>Type</th>
          <th>major:minor</th>
          <th>Access</th>
          <th>What it is</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((r, i) => (
          <tr key={i} className={allowsAll(r) ? 'all-devices' : undefined} data-rule={ruleText(r)}>
            <td>{r.allow ? <span className="allow">allow</span> : <span className="deny">deny</span>}</td>
            <td>{TYPE_TEXT[r.type]}</td>
            <td>
              <code>
                {num(r.major)}:{num(r.minor)}
              </code>
            </td>
            <td title={[...r.access].map((a) => ACCESS_WORD[a] ?? a).join(', ')}>
              <code>{r.access}</code>
            </td>
            <td>
              {allowsAll(r) ? (
                <strong className="bad-text">every device, read, write and mknod: a privileged container</strong>
              ) : (
                <What type={r.type} major={r.major} minor={r.minor} />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Program({ p }: { p: DeviceProgram }) {
  return (
    <div className="device-program" data-testid="device-program" data-program-id={p.id}>
      <p>
        Device program <code>{p.name || '(no name)'}</code>, id <code>{p.id}</code>, tag <code>{p.tag}</code>, {p.instructions}{' '}
        instructions
        {p.direct ? ', attached to this cgroup' : ', inherited from a parent cgroup (in force here too)'}.
      </p>
      {p.rules ? (
        <>
          <p className="note">
            Decoded from runc’s program shape: the first matching rule decides; no match: {p.defaultAllow ? 'allowed' : 'denied'}.
          </p>
          <RuleTable rules={p.rules} testId="device-program-rules" />
        </>
      ) : (
        <p className="note">A device program is attached; its rules are not decoded{p.note ? `: ${p.note}` : ''}.</p>
      )}
    </div>
  );
}

const KIND_TEXT: Record<DeviceNode['kind'], string> = {
  char: 'char',
  block: 'block',
  symlink: 'symlink',
  fifo: 'FIFO',
  socket: 'socket',
};

function NodeTable({ nodes }: { nodes: DeviceNode[] }) {
  return (
    <table className="grid device-nodes" data-testid="device-nodes">
      <thead>
        <tr>
          <th>Path</th>
          <th>Type</th>
          <th>major:minor</th>
          <th>Mode</th>
          <th>Owner</th>
          <th>What it is</th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((n) => (
          <tr key={n.path} data-path={n.path}>
            <td>
              <code>{n.path}</code>
            </td>
            <td>{KIND_TEXT[n.kind]}</td>
            <td>{n.major === null ? '' : <code>{`${n.major}:${n.minor}`}</code>}</td>
            <td>
              <code>{n.mode.toString(8).padStart(4, '0')}</code>
            </td>
            <td>
              {n.uid}:{n.gid}
            </td>
            <td>
              {n.kind === 'symlink' ? (
                <span className="muted">
                  → <code>{n.target}</code> (not followed)
                </span>
              ) : n.kind === 'char' || n.kind === 'block' ? (
                <What type={n.kind} major={n.major} minor={n.minor} />
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DevicesSection({ container }: { container: Container }) {
  const d = container.devices;
  if (!d) {
    return (
      <section className="devices-section" data-testid="devices-section">
        <h2>Devices</h2>
        <p className="muted">Devices: not collected in this snapshot.</p>
      </section>
    );
  }
  const deviceNodes = d.nodes?.entries.filter((n) => n.kind === 'char' || n.kind === 'block') ?? [];
  return (
    <section className="devices-section" data-testid="devices-section">
      <h2>Devices</h2>
      <p className="note">Read {new Date(d.readAt).toLocaleString()} (once per container, or on demand).</p>

      <h3>cgroup v1 device whitelist</h3>
      {d.v1 ? (
        <>
          <p className="note">
            From <code>{d.v1.source}</code>: the kernel refuses open and mknod of any device not listed.
          </p>
          {d.v1.rules.length === 0 ? (
            <p>No device is allowed (empty list).</p>
          ) : (
            <RuleTable rules={d.v1.rules} testId="device-v1-rules" />
          )}
          {d.v1.rules.some(allowsAll) ? (
            <p className="note" data-testid="device-allow-all-note">
              <code>a *:* rwm</code> is how the kernel prints a devices cgroup in allow-by-default mode: every device is allowed
              except deny exceptions, which devices.list does not show.
            </p>
          ) : null}
        </>
      ) : (
        <p>
          <Missing d={d} field="v1" />
        </p>
      )}

      <h3>cgroup v2 device program</h3>
      {d.v2 ? (
        <>
          <p className="note">
            <code>BPF_PROG_QUERY</code> (BPF_CGROUP_DEVICE) on <code>{d.v2.source}</code>
          </p>
          {d.v2.programs.length === 0 ? (
            <p data-testid="device-program-none">
              No device program is attached: the v2 hierarchy does not restrict devices for this cgroup.
            </p>
          ) : (
            d.v2.programs.map((p) => <Program key={p.id} p={p} />)
          )}
        </>
      ) : (
        <p>
          <Missing d={d} field="v2" />
        </p>
      )}

      <h3>Nodes in its /dev</h3>
      {d.nodes ? (
        <>
          <p className="note">
            From <code>{d.nodes.source}</code> (lstat only: nothing followed or opened). {deviceNodes.length} device nodes among{' '}
            {d.nodes.scanned} entries.
            {d.nodes.truncated ? (
              <strong className="warn-text"> The scan stopped at {d.nodes.limit} entries: more exist than are listed.</strong>
            ) : null}
          </p>
          <NodeTable nodes={d.nodes.entries} />
        </>
      ) : (
        <p>
          <Missing d={d} field="nodes" />
        </p>
      )}
    </section>
  );
}
