// Mandatory access control: AppArmor profile and mode, SELinux type, level and MCS categories
// (the per-module contexts of a stacked LSM are the newer-kernel-features area's).
import { diffMac } from '../diff/mac.js';
import { apparmor, selinuxCategories, selinuxType } from '../findings/rules/confinement.js';
import { onContainer } from './factText.js';
import type { IsolationArea } from './types.js';

export const macArea: IsolationArea = {
  id: 'mac',
  label: 'MAC (AppArmor / SELinux)',
  section: 'mac',
  fields: ['lsm'],
  containerOnly: true,
  diff: { compare: (a, b, ctx) => diffMac(a.container!, b.container!, ctx.same, ctx.related) },
  rules: [(i) => [apparmor(i)], (i) => [selinuxType(i)], (i) => [selinuxCategories(i)]],
  report: { none: 'a row (LSM) of the Confinement table, which the seccomp area’s section draws' },
  compareFacts: [{ field: '', label: 'MAC label', get: onContainer((c) => c.lsm.raw ?? 'none') }],
};
