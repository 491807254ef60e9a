// The Lab panel's state: whether it is open, what the collector says runs in the demo lab, and
// which action is under way. Everything goes through the bridge to the service, which asks the
// collector (the root process); the renderer never starts anything itself.
import { create } from 'zustand';
import type { DemoLabStatus, DemoPreset } from '../../../shared/lab/demoLab.js';
import { useStore } from './store.js';

export interface LabState {
  open: boolean;
  status: DemoLabStatus | null;
  /** What is being done now ("Starting hardened…"), or null. */
  busy: string | null;
  /** Problems of the last action. */
  problems: string[];
  /** Why the last status could not be had (shown only while the collector is connected). */
  statusError: string | null;
  setOpen(open: boolean): void;
  refresh(): Promise<void>;
  up(presets: DemoPreset[]): Promise<void>;
  down(presets?: DemoPreset[]): Promise<void>;
}

export const useLab = create<LabState>()((set, get) => {
  async function act(
    label: string,
    call: () =>
      | Promise<{ ok: true; result: { status: DemoLabStatus; problems: string[] } } | { ok: false; error: { message: string } }>
      | undefined,
  ): Promise<void> {
    if (get().busy) return;
    set({ busy: label, problems: [] });
    try {
      const r = await call();
      if (!r) return;
      if (r.ok) set({ status: r.result.status, problems: r.result.problems });
      else set({ problems: [r.error.message] });
    } finally {
      set({ busy: null });
    }
  }
  return {
    open: false,
    status: null,
    busy: null,
    problems: [],
    statusError: null,
    setOpen: (open) => {
      set({ open });
      if (open) void get().refresh();
    },
    async refresh() {
      const r = await useStore.getState().api?.labStatus();
      if (!r) return;
      if (r.ok) set({ status: r.result, statusError: null });
      else set({ statusError: r.error.message });
    },
    up: (presets) => act(`Starting ${presets.join(', ')}…`, () => useStore.getState().api?.labUp({ presets })),
    down: (presets) =>
      act(presets ? `Stopping ${presets.join(', ')}…` : 'Stopping every demo container…', () =>
        useStore.getState().api?.labDown(presets ? { presets } : {}),
      ),
  };
});
