// Newer kernel features: CPU burst, memory.min, OOM group, cpu.idle and zswap limits (listed
// with the cgroup limits) and the per-module contexts of a stacked LSM (listed with MAC).
// Each is compared only where its area's own values could be compared.
import { cgroupReadable } from '../diff/cgroups.js';
import { diffCgroupsNewer, diffLsmModules } from '../diff/kernelFeatures.js';
import { sameMacKind } from '../diff/mac.js';
import type { IsolationArea } from './types.js';

export const kernelFeaturesArea: IsolationArea = {
  id: 'kernelFeatures',
  label: 'Newer kernel features',
  section: 'cgroups',
  fields: [
    'cgroup.limits.cpuMaxBurst',
    'cgroup.limits.memoryMin',
    'cgroup.limits.memoryOomGroup',
    'cgroup.limits.cpuIdle',
    'cgroup.limits.memoryZswapMax',
    'lsm.modules',
  ],
  containerOnly: true,
  diff: {
    compare: (a, b, ctx) => {
      const [x, y] = [a.container!, b.container!];
      return [
        ...(sameMacKind(x, y) ? diffLsmModules(x, y, ctx.same) : []),
        ...(cgroupReadable(x) && cgroupReadable(y) ? diffCgroupsNewer(x, y, ctx.same) : []),
      ];
    },
  },
  rules: { none: 'no CIS or Pod Security control covers these settings yet' },
  report: { none: 'not in the reports yet (the Cgroups and Seccomp & MAC tabs show them)' },
  compareFacts: { none: 'not compare rows yet: differences are listed with their meaning under cgroups and MAC' },
};
