// Syscall profiling runs per container, outside any one view: a run keeps going (and its pushes
// keep arriving) while the user looks at another tab or container, and is there on coming back.
import { create } from 'zustand';
import type { IpcError, IsoscopeApi } from '../../../shared/ipc/contract.js';
import type { ProfileProgress } from '../../../shared/seccomp/report.js';
import { useStore } from './store.js';
import { keyed } from '../../../shared/ipc/keyed.js';

export const DURATIONS = [
  { ms: 10_000, label: '10 s' },
  { ms: 30_000, label: '30 s' },
  { ms: 60_000, label: '1 min' },
  { ms: 300_000, label: '5 min' },
] as const;

export interface ProfileRun {
  durationMs: number;
  /** idle: nothing asked yet; starting: waiting for the collector's answer; active: a profileId is known. */
  phase: 'idle' | 'starting' | 'active';
  profileId: string | null;
  progress: ProfileProgress | null;
  /** A refused start or cancel: shown as "unavailable: CODE — message". */
  error: IpcError | null;
  cancelling: boolean;
  /** When the last push (or the start) arrived, for a smooth clock and noticing silence. */
  updatedAt: number;
}

export const IDLE_RUN: ProfileRun = {
  durationMs: 30_000,
  phase: 'idle',
  profileId: null,
  progress: null,
  error: null,
  cancelling: false,
  updatedAt: 0,
};

interface ProfileState {
  runs: Record<string, ProfileRun>;
  setDuration(containerId: string, ms: number): void;
  start(containerId: string): Promise<void>;
  cancel(containerId: string): Promise<void>;
}

/** Pushes that arrived before startProfile answered with their id. */
const early = new Map<string, ProfileProgress>();
let subscribedTo: IsoscopeApi | null = null;

function failure(err: unknown): IpcError {
  return { code: 'failed', message: err instanceof Error ? err.message : String(err) };
}

export const useProfiles = create<ProfileState>()((set, get) => {
  // Keyed by container ids, which containers choose: a null-prototype object (shared/ipc/keyed.ts).
  const patch = (id: string, p: Partial<ProfileRun>) =>
    set({ runs: keyed([...Object.entries(get().runs), [id, { ...(get().runs[id] ?? IDLE_RUN), ...p }]]) });

  const onProgress = (p: ProfileProgress) => {
    const run = get().runs[p.containerId];
    if (run?.profileId === p.profileId)
      patch(p.containerId, { progress: p, cancelling: run.cancelling && p.state === 'running', updatedAt: Date.now() });
    else if (run?.phase === 'starting') early.set(p.profileId, p);
  };

  const subscribe = (api: IsoscopeApi) => {
    if (subscribedTo === api) return;
    subscribedTo = api;
    api.on('profile', onProgress);
  };

  return {
    runs: keyed(),

    setDuration: (id, ms) => patch(id, { durationMs: ms }),

    async start(id) {
      const api = useStore.getState().api;
      const durationMs = (get().runs[id] ?? IDLE_RUN).durationMs;
      if (!api) return patch(id, { error: { code: 'not-connected', message: 'no connection to the collector' } });
      subscribe(api);
      patch(id, { phase: 'starting', profileId: null, progress: null, error: null, cancelling: false });
      let r: Awaited<ReturnType<IsoscopeApi['startProfile']>>;
      try {
        r = await api.startProfile({ containerId: id, durationMs });
      } catch (err) {
        return patch(id, { phase: 'idle', error: failure(err) });
      }
      if (!r.ok) return patch(id, { phase: 'idle', error: r.error });
      const first = early.get(r.result.profileId) ?? null;
      early.delete(r.result.profileId);
      patch(id, {
        phase: 'active',
        profileId: r.result.profileId,
        updatedAt: Date.now(),
        progress: first ?? {
          profileId: r.result.profileId,
          containerId: id,
          state: 'running',
          elapsedMs: 0,
          durationMs,
          distinct: 0,
          coverage: [],
          syscalls: {},
        },
      });
    },

    async cancel(id) {
      const run = get().runs[id];
      const api = useStore.getState().api;
      if (!run?.profileId || !api) return;
      patch(id, { cancelling: true, error: null });
      try {
        const r = await api.cancelProfile({ profileId: run.profileId });
        if (!r.ok) patch(id, { cancelling: false, error: r.error });
      } catch (err) {
        patch(id, { cancelling: false, error: failure(err) });
      }
    },
  };
});
