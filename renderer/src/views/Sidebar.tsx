// Every container grouped by runtime (and by pod inside a runtime), the host on top, a filter,
// and badges that tell the isolation at a glance.
import { useMemo } from 'react';
import type { Container } from '../../../shared/snapshot/schema.js';
import { shortId } from '../lib/format.js';
import { HOST_ID, useStore } from '../store/store.js';
import { Badges } from './Badges.js';
import { ExportButtons } from './ExportButtons.js';
import { ImportedGroup, OpenSnapshotButton } from './SnapshotControls.js';
import { visibleContainers } from './visible.js';
import { ChangedMark } from './timeline/ChangedMark.js';

const RUNTIME_LABEL: Record<string, string> = {
  docker: 'Docker', podman: 'Podman', containerd: 'containerd', 'cri-o': 'CRI-O', lxc: 'LXC', nspawn: 'systemd-nspawn',
  runc: 'runc', crun: 'crun', sandbox: 'Sandboxes',
};

export function Sidebar() {
  const containers = useStore((s) => s.containers);
  const filter = useStore((s) => s.filter);
  const setFilter = useStore((s) => s.setFilter);
  const selectedId = useStore((s) => s.selectedId);
  const select = useStore((s) => s.select);
  const host = useStore((s) => s.host);
  const status = useStore((s) => s.status);
  const list = useMemo(() => visibleContainers(containers, filter), [containers, filter]);

  const groups = new Map<string, Container[]>();
  for (const c of list) groups.set(c.runtime, [...(groups.get(c.runtime) ?? []), c]);

  return (
    <nav className="sidebar" aria-label="Containers">
      <div className="sidebar-tools">
        <OpenSnapshotButton />
        <ExportButtons ids={null} label={host?.hostname ?? 'host'} />
      </div>
      <input
        className="search"
        type="search"
        placeholder="Filter by name, id, image, runtime…  ( / )"
        aria-label="Filter containers"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <ul className="tree" role="listbox" aria-label="Containers and host">
        <li role="option" aria-selected={selectedId === HOST_ID} className={`item host${selectedId === HOST_ID ? ' selected' : ''}`} onClick={() => select(HOST_ID)}>
          <span className="name">Host</span>
          <span className="sub">{host ? `${host.hostname ?? '?'} · cgroup ${host.cgroupVersion ?? '?'}` : 'waiting for the collector'}</span>
        </li>
        <ImportedGroup />
        {[...groups].map(([runtime, items]) => (
          <li key={runtime} className="group" data-runtime={runtime}>
            <div className="group-title">
              {RUNTIME_LABEL[runtime] ?? runtime} <span className="count">{items.length}</span>
            </div>
            <ul>{podGroups(items).map(([pod, members]) => (pod ? <PodGroup key={pod} pod={pod} members={members} /> : members.map((c) => <Item key={c.id} c={c} />)))}</ul>
          </li>
        ))}
      </ul>
      {list.length === 0 && (
        <div className="sidebar-empty">
          {Object.keys(containers).length > 0 ? (
            <p>No container matches “{filter}”.</p>
          ) : status?.state === 'connected' ? (
            <>
              <p><strong>No containers or sandboxes found.</strong></p>
              <p>Looked for Docker, Podman, containerd/Kubernetes, CRI-O, LXC, systemd-nspawn, runc/crun, and processes in namespaces of their own (bwrap, unshare, flatpak).</p>
              {status.euid !== 0 && <p>The collector is not root: other users’ processes and runtime state may be hidden.</p>}
            </>
          ) : (
            <p>Waiting for the collector…</p>
          )}
        </div>
      )}
    </nav>
  );

  function Item({ c }: { c: Container }) {
    const selected = selectedId === c.id;
    return (
      <li role="option" aria-selected={selected} className={`item${selected ? ' selected' : ''}`} data-id={c.id} onClick={() => select(c.id)}>
        <span className="name">{c.name ?? shortId(c.id)}{c.role === 'pod-sandbox' ? <span className="tag">pod sandbox</span> : null}<ChangedMark id={c.id} /></span>
        <span className="sub">
          {shortId(c.id)} · pid {c.initPid}
        </span>
        <Badges container={c} compact />
      </li>
    );
  }

  function PodGroup({ pod, members }: { pod: string; members: Container[] }) {
    const first = members[0]!.pod!;
    return (
      <li className="pod">
        <div className="pod-title" title={`pod uid ${first.uid ?? '?'}`}>
          pod {first.namespace ? `${first.namespace}/` : ''}
          {first.name ?? pod}
        </div>
        <ul>{members.map((c) => <Item key={c.id} c={c} />)}</ul>
      </li>
    );
  }
}

/** Containers of a pod together (key = pod uid), the others alone (key null). */
function podGroups(items: Container[]): [string | null, Container[]][] {
  const out: [string | null, Container[]][] = [];
  const pods = new Map<string, Container[]>();
  for (const c of items) {
    const key = c.pod?.uid ?? c.pod?.sandboxId ?? null;
    if (!key) out.push([null, [c]]);
    else if (pods.has(key)) pods.get(key)!.push(c);
    else {
      const list = [c];
      pods.set(key, list);
      out.push([key, list]);
    }
  }
  return out;
}
