// cgroup v1 devices.list → rules. The kernel prints one line per exception of a cgroup in
// deny-by-default mode ("c 1:3 rwm", "b 8:* r", "c *:* m"), and exactly "a *:* rwm" for a cgroup in
// allow-by-default mode — whatever deny exceptions it also holds, which devices.list never shows
// (security/device_cgroup.c devcgroup_seq_show). Pure: text in, rules out.
import type { DeviceRule } from '../../../shared/snapshot/devices.js';

const LINE = /^([abc]) (\*|\d{1,10}):(\*|\d{1,10}) ([rwm]{1,3})$/;

const num = (s: string): number | null | undefined => {
  if (s === '*') return null;
  const n = Number(s);
  return n <= 0xffffffff ? n : undefined;
};

/** Parses devices.list; null when any line is not the kernel's format (never a partial guess). */
export function parseDevicesList(text: string): DeviceRule[] | null {
  const rules: DeviceRule[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const m = LINE.exec(line);
    if (!m) return null;
    const major = num(m[2]!);
    const minor = num(m[3]!);
    if (major === undefined || minor === undefined) return null;
    const access = ['r', 'w', 'm'].filter((a) => m[4]!.includes(a)).join('');
    if (access.length !== m[4]!.length) return null; // a letter twice
    rules.push({ allow: true, type: m[1] as DeviceRule['type'], major, minor, access });
  }
  return rules;
}

/** The kernel's "default allow" answer: every device is allowed, bar deny exceptions it does not list. */
export const isAllowAll = (rules: readonly DeviceRule[]): boolean =>
  rules.some((r) => r.allow && r.type === 'a' && r.major === null && r.minor === null && r.access === 'rwm');
