// Seccomp: mode and filter count, and NoNewPrivs. Its report section is the Confinement table,
// which also holds the MAC and root-filesystem rows.
import { diffSeccomp } from '../diff/privileges.js';
import { seccompOff } from '../findings/rules/confinement.js';
import { noNewPrivs } from '../findings/rules/privileges.js';
import { confinementHtml } from '../report/privilegesReport.js';
import { onContainer, unknownOr } from './factText.js';
import type { IsolationArea } from './types.js';

export const seccompArea: IsolationArea = {
  id: 'seccomp',
  label: 'Seccomp',
  section: 'seccomp',
  fields: ['seccomp'],
  containerOnly: true,
  diff: { compare: (a, b, ctx) => diffSeccomp(a.container!, b.container!, ctx.same) },
  rules: [(i) => [seccompOff(i)], (i) => [noNewPrivs(i)]],
  report: { html: confinementHtml },
  compareFacts: [
    {
      field: 'mode',
      label: 'seccomp',
      get: onContainer(
        (c) =>
          unknownOr(c.seccomp.mode) +
          (c.seccomp.filters ? ` (${c.seccomp.filters} filter${c.seccomp.filters > 1 ? 's' : ''})` : ''),
      ),
    },
    {
      field: 'noNewPrivs',
      label: 'NoNewPrivs',
      get: onContainer((c) => (c.seccomp.noNewPrivs === null ? 'unknown' : c.seccomp.noNewPrivs ? 'set' : 'not set')),
    },
  ],
};
