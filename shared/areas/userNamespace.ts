// User-namespace maps: where root inside each side lands on the host, and host uids two sides
// both map to.
import { diffUserns, rootMapping } from '../diff/namespaces.js';
import { userNamespaceHtml } from '../report/namespacesReport.js';
import type { IsolationArea } from './types.js';

export const userNamespaceArea: IsolationArea = {
  id: 'userns',
  label: 'User namespace',
  section: 'userns',
  fields: ['userNamespace'],
  containerOnly: false,
  diff: { compare: (a, b, ctx) => diffUserns(a, b, ctx.same) },
  rules: { none: 'root inside without a user namespace is judged from the init user (the user area’s rule)' },
  report: { html: userNamespaceHtml },
  compareFacts: [
    {
      field: 'uidMap',
      label: 'root inside',
      get: (c) => (c ? (rootMapping(c) ?? (c.namespaces.user.sharedWithHost ? 'host root' : 'unknown')) : 'host root'),
    },
  ],
};
