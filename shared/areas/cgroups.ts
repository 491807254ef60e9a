// Cgroup limits: memory, swap, CPU, processes, cpusets and I/O, the cgroup version and whether
// the cgroup is the container's own.
import { diffCgroups } from '../diff/cgroups.js';
import { limits } from '../findings/rules/resources.js';
import { cgroupHtml } from '../report/cgroupReport.js';
import { bytesText, limitText, onContainer, unknownOr } from './factText.js';
import type { IsolationArea } from './types.js';

export const cgroupsArea: IsolationArea = {
  id: 'cgroups',
  label: 'Cgroup limits',
  section: 'cgroups',
  fields: ['cgroup'],
  containerOnly: true,
  diff: { compare: (a, b, ctx) => diffCgroups(a.container!, b.container!, ctx.same) },
  rules: [limits],
  report: { html: cgroupHtml },
  compareFacts: [
    { field: 'memoryMax', label: 'memory max', get: onContainer((c) => limitText(c, 'memoryMax', bytesText)) },
    { field: 'pidsMax', label: 'pids max', get: onContainer((c) => limitText(c, 'pidsMax', String)) },
    {
      field: 'cpuQuota',
      label: 'CPU quota',
      get: onContainer((c) => limitText(c, 'cpuQuota', (q) => `${q} µs / ${c.cgroup.limits.cpuPeriod ?? '?'} µs`)),
    },
    { field: 'version', label: 'cgroup version', get: onContainer((c) => unknownOr(c.cgroup.version)) },
  ],
};
