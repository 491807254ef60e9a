// The time namespace's clock offsets (boottime, monotonic); its inode is the namespaces area's.
import { diffTimeOffsets } from '../diff/kernelFeatures.js';
import type { IsolationArea } from './types.js';

export const timeNamespaceArea: IsolationArea = {
  id: 'timeNamespace',
  label: 'Time namespace offsets',
  section: 'namespaces',
  fields: ['timeNamespace'],
  containerOnly: true,
  diff: { compare: (a, b, ctx) => diffTimeOffsets(a.container, b.container, ctx.same) },
  rules: { none: 'shifted clocks weaken no isolation: nothing to find' },
  report: { none: 'not in the reports yet (the Namespaces tab shows the offsets)' },
  compareFacts: { none: 'not a compare row yet: a difference in the offsets is listed with its meaning under namespaces' },
};
