// The renderer's state (zustand): what the main side pushes, plus UI choices. The bridge feeds
// it; views only read it and call its actions.
import { create } from 'zustand';
import { exportSnapshot } from '../lib/exporting.js';
import { SNAP_PREFIX, useWorkspace } from './workspace.js';
import type { ContainerSample, ContainersChanged, Sample } from '../../../shared/agent/protocol.js';
import type { AgentStatus, HistoryPoint, InitialState, IsoscopeApi } from '../../../shared/ipc/contract.js';
import { appendedPoints, HISTORY_WINDOW_MS, toPoint } from '../../../shared/ipc/history.js';
import { keyed, keyedCopy } from '../../../shared/ipc/keyed.js';
import type { Container, Host } from '../../../shared/snapshot/schema.js';
import type { IsolationEvent } from '../../../shared/snapshot/isolationEvents.js';
import type { TabId } from '../views/tabs/tabList.js';

/** Isolation events kept per container in the renderer (the service keeps as many). */
const MAX_EVENTS_SHOWN = 1000;

/** The container view's tabs are listed in views/tabs/tabList.ts (TABS, labels, keys). */
export type { TabId };
export const HOST_ID = '__host__';

export interface IsoscopeState {
  api: IsoscopeApi | null;
  bridgeKind: 'electron' | 'browser' | null;
  linkUp: boolean;
  status: AgentStatus | null;
  host: Host | null;
  containers: Record<string, Container>;
  history: Record<string, HistoryPoint[]>;
  /** Container id → isolation changes the collector saw (oldest first). */
  isolation: Record<string, IsolationEvent[]>;
  latest: Record<string, ContainerSample>;
  /** Key → remote host id, for containers of SSH hosts (fed by store/hosts.ts); this machine's are absent. */
  hostOf: Record<string, string>;
  lastError: string | null;
  selectedId: string | null;
  tab: TabId;
  filter: string;
  paused: boolean;
  /** While paused, the graphs show the window ending here; samples keep being recorded. */
  pausedAt: number | null;
  windowMs: number;

  init(api: IsoscopeApi, kind: 'electron' | 'browser'): void;
  load(state: InitialState): void;
  applyChanges(ch: ContainersChanged): void;
  applySample(s: Sample): void;
  applyIsolation(events: IsolationEvent[]): void;
  select(id: string | null): void;
  setTab(tab: TabId): void;
  setFilter(text: string): void;
  setPaused(paused: boolean): void;
  setWindow(ms: number): void;
  setIntervalMs(ms: number): Promise<void>;
  restartAgent(elevation: 'none' | 'pkexec' | 'sudo'): Promise<void>;
}

/** Menu commands of the desktop app (the renderer's buttons and shortcuts do the same). */
function menuCommand(command: string): void {
  const s = useStore.getState();
  const id = s.selectedId;
  const c = id && id !== HOST_ID ? s.containers[id] : undefined;
  const label = c?.name ?? s.host?.hostname ?? 'host';
  if (command === 'exportJson') void exportSnapshot(useStore, 'json', c ? [c.id] : null, label);
  if (command === 'exportHtml') void exportSnapshot(useStore, 'html', c ? [c.id] : null, label);
  if (command === 'exportMarkdown') void exportSnapshot(useStore, 'md', c ? [c.id] : null, label);
  if (command === 'compareWithHost' && c)
    useWorkspace.getState().startCompare({ source: 'live', id: c.id }, { source: 'live', id: HOST_ID });
}

/** Whether the selection survives a change of the live containers (an opened snapshot's container is not theirs to drop). */
function stillThere(sel: string | null, containers: Record<string, Container>): sel is string {
  return sel !== null && (sel === HOST_ID || sel.startsWith(SNAP_PREFIX) || Object.hasOwn(containers, sel));
}

export const useStore = create<IsoscopeState>()((set, get) => ({
  api: null,
  bridgeKind: null,
  linkUp: false,
  status: null,
  host: null,
  // Keyed by container ids, which containers choose: null-prototype objects (shared/ipc/keyed.ts).
  containers: keyed(),
  history: keyed(),
  isolation: keyed(),
  latest: keyed(),
  hostOf: keyed(),
  lastError: null,
  selectedId: null,
  tab: 'overview',
  filter: '',
  paused: false,
  pausedAt: null,
  windowMs: 5 * 60 * 1000,

  init(api, kind) {
    set({ api, bridgeKind: kind });
    const refetch = async () => {
      const r = await api.getState();
      if (r.ok) get().load(r.result);
      else set({ lastError: r.error.message });
    };
    api.on('status', (status) => set({ status }));
    api.on('host', (host) => set({ host }));
    api.on('containers', (ch) => get().applyChanges(ch));
    api.on('sample', (s) => get().applySample(s));
    api.on('isolation', (events) => get().applyIsolation(events));
    api.on('menu', ({ command }) => menuCommand(command));
    // Called at once with the link's state: fetch the whole state whenever it comes up (at start,
    // and after a browser-mode reconnection, when pushes may have been missed).
    api.onLink((up) => {
      set({ linkUp: up });
      if (up) void refetch();
    });
  },

  load(state) {
    // Remote hosts' containers (store/hosts.ts) stay: this state is this machine's.
    const { hostOf } = get();
    const remote = <T>(r: Record<string, T>) => Object.entries(r).filter(([k]) => Object.hasOwn(hostOf, k));
    const containers = keyed([...state.containers.map((c) => [c.id, c] as const), ...remote(get().containers)]);
    const history = keyed([...Object.entries(state.history), ...remote(get().history)]);
    const isolation = keyed([...Object.entries(state.isolation ?? {}), ...remote(get().isolation)]);
    set({ status: state.status, host: state.host, containers, history, isolation, lastError: null });
    const sel = get().selectedId;
    if (!stillThere(sel, containers)) set({ selectedId: state.containers[0]?.id ?? HOST_ID });
  },

  applyChanges(ch) {
    const containers = keyedCopy(get().containers);
    const history = keyedCopy(get().history);
    const isolation = keyedCopy(get().isolation);
    for (const c of [...ch.added, ...ch.changed]) containers[c.id] = c;
    for (const id of ch.removed) {
      delete containers[id];
      delete history[id];
      delete isolation[id];
    }
    const sel = get().selectedId;
    set({
      containers,
      history,
      isolation,
      selectedId: stillThere(sel, containers) ? sel : (Object.keys(containers)[0] ?? HOST_ID),
    });
  },

  applySample(s) {
    const history = keyedCopy(get().history);
    for (const [id, cs] of Object.entries(s.containers)) {
      // Bounded: the window and MAX_HISTORY_POINTS (shared/ipc/history.ts); one copy per sample.
      history[id] = appendedPoints(history[id], toPoint(s.t, cs), HISTORY_WINDOW_MS);
    }
    const status = get().status;
    const { hostOf } = get();
    const latest =
      Object.keys(hostOf).length === 0
        ? keyedCopy(s.containers)
        : keyed([...Object.entries(get().latest).filter(([k]) => Object.hasOwn(hostOf, k)), ...Object.entries(s.containers)]);
    set({ history, latest, status: status ? { ...status, lastSampleAt: s.t, agentCpuPercent: s.cost.cpuPercent } : status });
  },

  applyIsolation(events) {
    const isolation = keyedCopy(get().isolation);
    for (const e of events) isolation[e.containerId] = [...(isolation[e.containerId] ?? []), e].slice(-MAX_EVENTS_SHOWN);
    set({ isolation });
  },

  select: (id) => set({ selectedId: id }),
  setTab: (tab) => set({ tab }),
  setFilter: (filter) => set({ filter }),
  setPaused: (paused) => set({ paused, pausedAt: paused ? (get().status?.lastSampleAt ?? Date.now()) : null }),
  setWindow: (windowMs) => set({ windowMs }),

  async setIntervalMs(ms) {
    const r = await get().api?.setInterval({ ms });
    if (r && !r.ok) set({ lastError: r.error.message });
  },

  async restartAgent(elevation) {
    const r = await get().api?.restartAgent({ elevation });
    if (r && !r.ok) set({ lastError: r.error.message });
  },
}));
