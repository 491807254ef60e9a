// The masked and read-only paths each runtime applies by default, looked up in the runtimes'
// own source (not guessed):
// - runc: `runc spec` template, libcontainer/specconv/example.go at opencontainers/runc
//   76d9cf5da568 (2026-08-19).
// - Docker: daemon/pkg/oci/defaults.go at moby/moby b985e2313a86 (2026-08-23),
//   defaultLinuxMaskedPaths + ReadonlyPaths. (It also masks
//   /sys/devices/system/cpu/cpuN/thermal_throttle for CPUs that have it; those per-CPU paths
//   are not compared.) Older Docker releases mask fewer (20.10 lacks /proc/interrupts and
//   /sys/devices/virtual/powercap): a path "missing from the default" names today's default.
// - containerd (CRI, nerdctl): pkg/oci/spec.go of containerd v2 as vendored at that moby
//   commit (vendor/github.com/containerd/containerd/v2/pkg/oci/spec.go).
// Runtimes without such a list of their own (Podman's comes from containers/common, not
// checked here; LXC, nspawn, sandboxes) are compared with runc's, and say so.
import type { Runtime } from '../../../shared/snapshot/schema.js';

export interface PathDefault {
  name: string;
  source: string;
  masked: readonly string[];
  readonly: readonly string[];
}

const READONLY = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'] as const;

export const RUNC_DEFAULT: PathDefault = {
  name: 'runc spec default',
  source: 'opencontainers/runc libcontainer/specconv/example.go @ 76d9cf5da568',
  masked: [
    '/proc/acpi',
    '/proc/asound',
    '/proc/kcore',
    '/proc/keys',
    '/proc/latency_stats',
    '/proc/timer_list',
    '/proc/timer_stats',
    '/proc/sched_debug',
    '/sys/firmware',
    '/proc/scsi',
  ],
  readonly: READONLY,
};

export const DOCKER_DEFAULT: PathDefault = {
  name: 'Docker (moby) default',
  source: 'moby/moby daemon/pkg/oci/defaults.go @ b985e2313a86',
  masked: [
    '/proc/acpi',
    '/proc/asound',
    '/proc/interrupts',
    '/proc/kcore',
    '/proc/keys',
    '/proc/latency_stats',
    '/proc/sched_debug',
    '/proc/scsi',
    '/proc/timer_list',
    '/proc/timer_stats',
    '/sys/devices/virtual/powercap',
    '/sys/firmware',
  ],
  readonly: READONLY,
};

export const CONTAINERD_DEFAULT: PathDefault = {
  name: 'containerd default',
  source: 'containerd/containerd v2 pkg/oci/spec.go (vendored in moby/moby @ b985e2313a86)',
  masked: [
    '/proc/acpi',
    '/proc/asound',
    '/proc/kcore',
    '/proc/keys',
    '/proc/latency_stats',
    '/proc/timer_list',
    '/proc/timer_stats',
    '/proc/sched_debug',
    '/sys/firmware',
    '/sys/devices/virtual/powercap',
    '/proc/scsi',
  ],
  readonly: READONLY,
};

export function defaultFor(runtime: Runtime): PathDefault {
  switch (runtime) {
    case 'docker':
      return DOCKER_DEFAULT;
    case 'containerd':
      return CONTAINERD_DEFAULT;
    case 'runc':
    case 'crun':
      return RUNC_DEFAULT;
    default:
      return { ...RUNC_DEFAULT, name: `runc spec default (${runtime} has no list of its own checked here)` };
  }
}

/** Paths every one of these defaults covers the same way: what any runtime's default gives. */
export const EVERYWHERE = new Set<string>(
  [RUNC_DEFAULT, DOCKER_DEFAULT, CONTAINERD_DEFAULT]
    .map((d) => new Set([...d.masked, ...d.readonly]))
    .reduce((a, b) => new Set([...a].filter((x) => b.has(x)))),
);
