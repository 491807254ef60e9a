// The runtime's declared configuration (its OCI bundle's config.json) against what the kernel
// enforces for the same container.
import { declaredVsEffective } from '../findings/rules/declared.js';
import type { IsolationArea } from './types.js';

export const declaredArea: IsolationArea = {
  id: 'declared',
  label: 'Declared configuration',
  section: null,
  fields: ['declared'],
  containerOnly: true,
  diff: {
    none: 'two containers are compared by what the kernel enforces; declared against effective is a finding of one container',
  },
  rules: [(i) => [declaredVsEffective(i)]],
  report: { none: 'the declared-vs-effective finding carries it into the reports' },
  compareFacts: {
    none: 'the compare view compares enforced facts; a side whose declaration differs has the finding (findings delta)',
  },
};
