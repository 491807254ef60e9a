// The sandbox boundary (gVisor's user-space kernel, Kata's virtual machine, or kernel namespaces
// on the host kernel): the first difference between two containers; where a side is sandboxed,
// every other difference says whose values they are.
import { withSandboxBoundary } from '../diff/sandbox.js';
import type { IsolationArea } from './types.js';

export const boundaryArea: IsolationArea = {
  id: 'boundary',
  label: 'Sandbox boundary',
  section: 'namespaces',
  fields: ['sandbox'],
  containerOnly: false,
  diff: { finish: withSandboxBoundary },
  rules: {
    none: 'no finding of its own: the audit scopes the process facts of a sandboxed container to its sandbox process instead (findings/sandboxScope.ts)',
  },
  report: { none: 'the report says it in each container’s explanation (“Why it matters here”, shared/explain)' },
  compareFacts: { none: 'the boundary difference heads the namespaces section of the compare view, with its meaning' },
};
