// Namespaces: which of the container's namespaces are the host's, shared with another side or
// with other containers (pods).
import { COMPARED_NAMESPACES, diffNamespaces } from '../diff/namespaces.js';
import { hostNamespaces } from '../findings/rules/namespaces.js';
import { namespacesHtml } from '../report/namespacesReport.js';
import type { Container } from '../snapshot/schema.js';
import type { FactSpec, IsolationArea } from './types.js';

/** The time namespace's row is left out: its offsets are the time-namespace area's. */
const FACT_NAMESPACES = COMPARED_NAMESPACES.filter((t) => t !== 'time');

const facts: FactSpec[] = FACT_NAMESPACES.map((t) => ({
  field: t,
  label: `${t} namespace`,
  get: (c: Container | null, s) => {
    if (!c) return `host (${s.host.namespaces[t] ?? '?'})`;
    const shared = c.namespaces[t].sharedWithHost;
    return shared === null ? 'unknown' : `${shared ? 'host’s' : 'own'} (${c.namespaces[t].inode})`;
  },
  // Inodes differ between any two containers' own namespaces.
  differsByText: false,
}));

export const namespacesArea: IsolationArea = {
  id: 'namespaces',
  label: 'Namespaces',
  section: 'namespaces',
  fields: ['namespaces'],
  containerOnly: false,
  diff: { compare: (a, b) => diffNamespaces(a, b) },
  rules: [hostNamespaces],
  report: { html: namespacesHtml },
  compareFacts: facts,
};
