// Capabilities: the five sets of the init process, privileged (every capability the host has)
// and capabilities beyond the defaults.
import { diffCapabilities } from '../diff/privileges.js';
import { capabilitiesBaseline, capabilitiesRestricted, privileged } from '../findings/rules/privileges.js';
import { capabilitiesHtml } from '../report/privilegesReport.js';
import { onContainer } from './factText.js';
import type { IsolationArea } from './types.js';

export const capabilitiesArea: IsolationArea = {
  id: 'capabilities',
  label: 'Capabilities',
  section: 'capabilities',
  fields: ['capabilities'],
  containerOnly: true,
  diff: { compare: (a, b, ctx) => diffCapabilities(a.container!, b.container!, ctx.same) },
  rules: [(i) => [privileged(i)], (i) => [capabilitiesBaseline(i)], (i) => [capabilitiesRestricted(i)]],
  report: { html: capabilitiesHtml },
  compareFacts: [
    {
      field: 'effective',
      label: 'effective capabilities',
      get: onContainer((c) => (c.capabilities.effective ? `${c.capabilities.effective.names.length}` : 'unknown')),
    },
    {
      field: 'bounding',
      label: 'bounding set',
      get: onContainer((c) => (c.capabilities.bounding ? `${c.capabilities.bounding.names.length}` : 'unknown')),
    },
  ],
};
