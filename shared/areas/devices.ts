// Devices: the cgroup v1 whitelist and the decoded cgroup v2 device program (listed with the
// cgroup limits), and the device nodes in each /dev.
import { diffDevices } from '../diff/devices.js';
import { allDevices } from '../findings/rules/devices.js';
import type { IsolationArea } from './types.js';

export const devicesArea: IsolationArea = {
  id: 'devices',
  label: 'Devices',
  section: 'cgroups',
  fields: ['devices'],
  containerOnly: true,
  diff: { compare: (a, b, ctx) => diffDevices(a.container!, b.container!, ctx.same) },
  rules: [(i) => [allDevices(i)]],
  report: { none: 'not in the reports yet: the all-devices finding is, and the Mounts & devices tab lists the rules' },
  compareFacts: { none: 'not a compare row yet: device-rule differences are listed with their meaning under cgroups' },
};
