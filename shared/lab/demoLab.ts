// The demo lab (`isoscope lab`, the app's Lab panel): its presets, what each one is and what to
// look at, and what `status` answers. Shared by the collector (which starts the containers, as
// root), the service, the IPC contract and the renderer.
import { z } from 'zod';

export const DEMO_PRESETS = ['hardened', 'default', 'loose', 'privileged-like'] as const;
export const DemoPreset = z.enum(DEMO_PRESETS);
export type DemoPreset = z.infer<typeof DemoPreset>;

/** The OCI annotation every demo container carries (value: its preset). */
export const DEMO_ANNOTATION = 'dev.isoscope.demo';

export interface PresetInfo {
  /** One sentence: what this container is. */
  what: string;
  /** One sentence: where to look in Isoscope to see it. */
  lookAt: string;
}

export const PRESET_INFO: Record<DemoPreset, PresetInfo> = {
  hardened: {
    what: 'Every capability dropped, a seccomp filter, its own user namespace with a non-root user, NoNewPrivs, a read-only root and memory, pids and CPU limits.',
    lookAt: 'Capabilities are all empty, the uid map sends its users to 100000 and up, and Pod Security reads “restricted”.',
  },
  default: {
    what: 'What runc gives a container when nothing else is asked for (the defaults of “runc spec”): three capabilities, no seccomp filter, root inside, no limits.',
    lookAt: 'Seccomp says “disabled” and the user namespace is the host’s: a runtime’s defaults are not a hardening.',
  },
  loose: {
    what: 'Extra capabilities (SYS_ADMIN, NET_ADMIN, SYS_PTRACE), the host’s pid and network namespaces, no seccomp filter, a writable root.',
    lookAt: 'Namespaces shows pid and net marked “host”, and Findings lists the dangerous capabilities.',
  },
  'privileged-like': {
    what: 'Every capability of the host’s bounding set, no seccomp filter, the host’s pid, network, IPC and UTS namespaces and a writable /sys.',
    lookAt: 'The “privileged” badge: its bounding set equals the host’s, so it can do nearly anything the host’s root can.',
  },
};

/** One demo container as the lab's state and its runtime see it. */
export const DemoContainer = z.object({
  preset: DemoPreset,
  runtime: z.literal('runc'),
  id: z.string().max(128),
  /** Host pid of its init, from the runtime's state; null when it is gone or not started yet. */
  initPid: z.number().int().positive().nullable(),
  alive: z.boolean(),
  /** What the runtime says about it ("running", "stopped", or why it could not be asked). */
  runtimeStatus: z.string().max(500),
  startedAt: z.string().max(64),
  /** Who started it: the command line, or the app's collector. */
  startedBy: z.enum(['cli', 'app']),
  /** Started by an app collector that is no longer running (the app crashed or was killed). */
  orphaned: z.boolean(),
});
export type DemoContainer = z.infer<typeof DemoContainer>;

export const DemoLabStatus = z.object({
  /** Whether the collector runs as root (the lab needs it). */
  root: z.boolean(),
  /** The state directory, e.g. /run/isoscope-demo. */
  stateDir: z.string().max(4096),
  /** Why the state could not be used (refused: not root's alone, not the lab's…), or null. */
  problem: z.string().max(2000).nullable(),
  containers: z.array(DemoContainer).max(64),
});
export type DemoLabStatus = z.infer<typeof DemoLabStatus>;

/** What `up` and `down` answer: the status after, and what went wrong for which preset. */
export const DemoLabResult = z.object({
  status: DemoLabStatus,
  problems: z.array(z.string().max(2000)).max(64),
});
export type DemoLabResult = z.infer<typeof DemoLabResult>;

export const DemoPresetList = z.array(DemoPreset).min(1).max(DEMO_PRESETS.length);

export const NEEDS_ROOT = 'the lab starts containers, which needs root: run `sudo isoscope lab up`';
