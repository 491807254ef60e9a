// The hosts the app watches (this machine and SSH hosts): each one's connection, and a remote
// host's containers, samples and isolation events fed into the live store under keys of their own
// (`id@hostId`, shared/ipc/contract.ts remoteKey), so the same container id on two hosts stays two
// containers and every view keyed by container works for both. A remote host's data that is not
// live (the link dropped) stays, and its status says since when it is stale.
import { create } from 'zustand';
import type { ContainersChanged, Sample } from '../../../shared/agent/protocol.js';
import type { HostState, HostStatus, IsoscopeApi } from '../../../shared/ipc/contract.js';
import { remoteKey } from '../../../shared/ipc/contract.js';
import { appendedPoints, HISTORY_WINDOW_MS, toPoint } from '../../../shared/ipc/history.js';
import { keyed, keyedCopy } from '../../../shared/ipc/keyed.js';
import type { Container, Host } from '../../../shared/snapshot/schema.js';
import type { IsolationEvent } from '../../../shared/snapshot/isolationEvents.js';
import { HOST_ID, useStore } from './store.js';

const MAX_EVENTS_SHOWN = 1000;

export interface HostsState {
  /** Every host, this machine first (empty until the main side answers). */
  hosts: HostStatus[];
  /** Remote host id → its host facts (this machine's are the live store's `host`). */
  facts: Record<string, Host>;
  /** Remote host id → when its last sample arrived (its own clock). */
  lastSampleAt: Record<string, number>;
  /** The host list panel. */
  open: boolean;
  error: string | null;
  busy: boolean;
  setOpen(open: boolean): void;
  add(url: string, sudo: boolean, identityFile: string | null): Promise<boolean>;
  remove(id: string): Promise<void>;
  reconnect(id: string): Promise<void>;
}

export const useHosts = create<HostsState>()((set) => ({
  hosts: [],
  facts: keyed(),
  lastSampleAt: keyed(),
  open: false,
  error: null,
  busy: false,
  setOpen: (open) => set({ open, error: null }),
  async add(url, sudo, identityFile) {
    const api = useStore.getState().api;
    if (!api) return false;
    set({ busy: true, error: null });
    const r = await api.addHost(identityFile ? { url, sudo, identityFile } : { url, sudo });
    set({ busy: false, error: r.ok ? null : r.error.message });
    if (r.ok) await refreshList(api);
    return r.ok;
  },
  async remove(id) {
    const api = useStore.getState().api;
    if (!api) return;
    const r = await api.removeHost({ id });
    set({ error: r.ok ? null : r.error.message });
    if (r.ok) await refreshList(api);
  },
  async reconnect(id) {
    const api = useStore.getState().api;
    if (!api) return;
    const r = await api.reconnectHost({ id });
    set({ error: r.ok ? null : r.error.message });
  },
}));

/** The key of a container of `hostId` in the live store, and the container as stored under it. */
function rekey(hostId: string, c: Container): Container {
  const pod = c.pod ? { ...c.pod, sandboxId: c.pod.sandboxId ? remoteKey(hostId, c.pod.sandboxId) : c.pod.sandboxId } : c.pod;
  return { ...c, id: remoteKey(hostId, c.id), ...(pod !== undefined ? { pod } : {}) };
}

/** Drops a host's containers (all, or those listed by their own ids) from the live store. */
function dropKeys(hostId: string, which: 'all' | string[]): void {
  const s = useStore.getState();
  const gone =
    which === 'all' ? Object.keys(s.hostOf).filter((k) => s.hostOf[k] === hostId) : which.map((id) => remoteKey(hostId, id));
  if (gone.length === 0) return;
  const containers = keyedCopy(s.containers);
  const history = keyedCopy(s.history);
  const isolation = keyedCopy(s.isolation);
  const latest = keyedCopy(s.latest);
  const hostOf = keyedCopy(s.hostOf);
  for (const k of gone) {
    delete containers[k];
    delete history[k];
    delete isolation[k];
    delete latest[k];
    delete hostOf[k];
  }
  const sel = s.selectedId;
  useStore.setState({
    containers,
    history,
    isolation,
    latest,
    hostOf,
    selectedId: sel !== null && gone.includes(sel) ? HOST_ID : sel,
  });
}

function applyContainers(hostId: string, reset: boolean, ch: ContainersChanged): void {
  if (reset) {
    // Containers the host no longer has go; the ones it still has keep their history.
    const still = new Set(ch.added.map((c) => remoteKey(hostId, c.id)));
    const s = useStore.getState();
    dropKeys(
      hostId,
      Object.keys(s.hostOf)
        .filter((k) => s.hostOf[k] === hostId && !still.has(k))
        .map((k) => k.slice(0, k.lastIndexOf('@'))),
    );
  } else if (ch.removed.length > 0) dropKeys(hostId, ch.removed);
  const s = useStore.getState();
  const containers = keyedCopy(s.containers);
  const hostOf = keyedCopy(s.hostOf);
  for (const c of [...ch.added, ...ch.changed]) {
    const r = rekey(hostId, c);
    containers[r.id] = r;
    hostOf[r.id] = hostId;
  }
  useStore.setState({ containers, hostOf });
}

function applySample(hostId: string, sample: Sample): void {
  const s = useStore.getState();
  const history = keyedCopy(s.history);
  const latest = keyedCopy(s.latest);
  for (const [id, cs] of Object.entries(sample.containers)) {
    const k = remoteKey(hostId, id);
    history[k] = appendedPoints(history[k], toPoint(sample.t, cs), HISTORY_WINDOW_MS);
    latest[k] = cs;
  }
  useStore.setState({ history, latest });
  useHosts.setState((h) => ({ lastSampleAt: keyed([...Object.entries(h.lastSampleAt), [hostId, sample.t] as const]) }));
}

function applyIsolation(hostId: string, events: IsolationEvent[]): void {
  const isolation = keyedCopy(useStore.getState().isolation);
  for (const e of events) {
    const k = remoteKey(hostId, e.containerId);
    isolation[k] = [...(isolation[k] ?? []), { ...e, containerId: k }].slice(-MAX_EVENTS_SHOWN);
  }
  useStore.setState({ isolation });
}

function loadHost(state: HostState): void {
  const { hostId } = state;
  if (state.host) useHosts.setState((h) => ({ facts: keyed([...Object.entries(h.facts), [hostId, state.host!] as const]) }));
  applyContainers(hostId, true, { added: state.containers, removed: [], changed: [] });
  const s = useStore.getState();
  const history = keyedCopy(s.history);
  for (const [id, points] of Object.entries(state.history)) history[remoteKey(hostId, id)] = points;
  const isolation = keyedCopy(s.isolation);
  for (const [id, events] of Object.entries(state.isolation))
    isolation[remoteKey(hostId, id)] = events.map((e) => ({ ...e, containerId: remoteKey(hostId, id) }));
  useStore.setState({ history, isolation });
}

function setHosts(hosts: HostStatus[]): void {
  const before = useHosts.getState().hosts;
  useHosts.setState({ hosts });
  for (const h of before) {
    if (h.id !== 'local' && !hosts.some((x) => x.id === h.id)) {
      dropKeys(h.id, 'all');
      useHosts.setState((st) => ({ facts: keyed(Object.entries(st.facts).filter(([k]) => k !== h.id)) }));
    }
  }
}

async function refreshList(api: IsoscopeApi): Promise<void> {
  const r = await api.listHosts();
  if (r.ok) setHosts(r.result);
}

/** Everything the main side has about every remote host (at start, and after the link comes back). */
async function refetch(api: IsoscopeApi): Promise<void> {
  const r = await api.listHosts();
  if (!r.ok) return;
  setHosts(r.result);
  for (const h of r.result) {
    if (h.id === 'local') continue;
    const st = await api.getHostState({ id: h.id });
    if (st.ok) loadHost(st.result);
  }
}

function init(api: IsoscopeApi): void {
  api.on('hosts', setHosts);
  api.on('hostFacts', ({ hostId, host }) =>
    useHosts.setState((h) => ({ facts: keyed([...Object.entries(h.facts), [hostId, host] as const]) })),
  );
  api.on('hostContainers', ({ hostId, reset, changes }) => applyContainers(hostId, reset, changes));
  api.on('hostSample', ({ hostId, sample }) => applySample(hostId, sample));
  api.on('hostIsolation', ({ hostId, events }) => applyIsolation(hostId, events));
  api.onLink((up) => {
    if (up) void refetch(api);
  });
}

// The live store gets its bridge in main.tsx; the hosts follow it.
let started: IsoscopeApi | null = null;
function follow(api: IsoscopeApi | null): void {
  if (!api || api === started) return;
  started = api;
  init(api);
}
follow(useStore.getState().api);
useStore.subscribe((s) => follow(s.api));

/** The remote host a key belongs to, or null for this machine's containers. */
export const hostIdOf = (key: string): string | null => {
  const hostOf = useStore.getState().hostOf;
  return Object.hasOwn(hostOf, key) ? hostOf[key]! : null;
};

/** A host's name for people: "this machine" or its URL (ssh://… or k8s://…). */
export const hostLabel = (h: HostStatus | undefined): string => (!h || h.id === 'local' ? 'this machine' : h.url);

/**
 * The host facts a container is judged against: its own host's (a remote host's facts, or null
 * while they are not known), this machine's for this machine's containers. Views that read the
 * live store's `host` for a container should read this instead.
 */
export function useContainerHost(key: string): Host | null {
  const hostId = useStore((s) => (Object.hasOwn(s.hostOf, key) ? s.hostOf[key]! : null));
  const local = useStore((s) => s.host);
  const remote = useHosts((s) => (hostId !== null && Object.hasOwn(s.facts, hostId) ? s.facts[hostId]! : null));
  return hostId === null ? local : remote;
}
