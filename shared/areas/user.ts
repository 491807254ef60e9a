// The init process's user: root on the host, root inside its user namespace, or another uid.
import { diffUser } from '../diff/privileges.js';
import { rootUser } from '../findings/rules/privileges.js';
import type { IsolationArea } from './types.js';

export const userArea: IsolationArea = {
  id: 'user',
  label: 'User',
  section: 'user',
  fields: ['processes'],
  containerOnly: true,
  diff: { compare: (a, b, ctx) => diffUser(a.container!, b.container!, ctx.same) },
  rules: [(i) => [rootUser(i)]],
  report: { none: 'the report’s process table shows every process’s uid' },
  compareFacts: [
    {
      field: 'uid',
      label: 'init user (uid)',
      get: (c) => {
        const p = c?.processes.find((x) => x.pid === c.initPid);
        return c ? (p?.uid ? String(p.uid.effective) : 'unknown') : '—';
      },
    },
  ],
};
