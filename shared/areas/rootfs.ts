// The root filesystem: read-only or writable.
import { diffRootfs } from '../diff/privileges.js';
import { writableRootfs } from '../findings/rules/resources.js';
import { onContainer } from './factText.js';
import type { IsolationArea } from './types.js';

export const rootfsArea: IsolationArea = {
  id: 'rootfs',
  label: 'Root filesystem',
  section: 'rootfs',
  fields: ['rootfsReadOnly'],
  containerOnly: true,
  diff: { compare: (a, b, ctx) => diffRootfs(a.container!, b.container!, ctx.same) },
  rules: [(i) => [writableRootfs(i)]],
  report: { none: 'a row (Root filesystem) of the Confinement table, which the seccomp area’s section draws' },
  compareFacts: [
    {
      field: 'readOnly',
      label: 'root filesystem',
      get: onContainer((c) => (c.rootfsReadOnly === null ? 'unknown' : c.rootfsReadOnly ? 'read-only' : 'writable')),
    },
  ],
};
