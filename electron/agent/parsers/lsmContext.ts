// /proc/PID/attr/current (and attr/apparmor/current) → AppArmor or SELinux context.
//   AppArmor: "docker-default (enforce)", "unconfined", "lxc-x//&:lxd-x:unconfined (enforce)"
//   SELinux:  "system_u:system_r:container_t:s0:c123,c456", "...:s0-s0:c0.c1023"
import type { AppArmorContext, SelinuxContext } from '../../../shared/snapshot/schema.js';

/** The kernel ends these files with a NUL and/or newline. */
export function cleanAttr(text: string): string {
  return text.replace(/[\0\n]+$/g, '').trim();
}

export function parseAppArmor(text: string): AppArmorContext | null {
  const raw = cleanAttr(text);
  if (!raw) return null;
  if (raw === 'unconfined') return { profile: 'unconfined', mode: null };
  const m = /^(.*\S)\s+\(([a-z_-]+)\)$/.exec(raw);
  if (m) return { profile: m[1]!, mode: m[2]! };
  // A stacked label whose last part is unconfined carries no "(mode)":
  // "lxd-x_</var/snap/lxd/common/lxd>//&:lxd-x_<var-snap-lxd-common-lxd>:unconfined"
  if (raw.includes('//&:') && raw.endsWith(':unconfined')) return { profile: raw, mode: null };
  return null;
}

export function parseSelinux(text: string): SelinuxContext | null {
  const raw = cleanAttr(text);
  const parts = raw.split(':');
  if (parts.length < 3 || parts.slice(0, 3).some((p) => !/^[A-Za-z0-9_.-]+$/.test(p))) return null;
  const [user, role, type] = parts as [string, string, string];
  if (!user.endsWith('_u') && user !== 'root') return null;
  if (!role.endsWith('_r')) return null;
  const level = parts.length > 3 ? parts.slice(3).join(':') : null;
  let sensitivity: string | null = null;
  let categories: number[] = [];
  if (level) {
    // "s0:c1,c2" or "s0-s0:c0.c1023": the (low) sensitivity, then the category set.
    const colon = level.indexOf(':');
    sensitivity = colon < 0 ? level : level.slice(0, colon);
    categories = colon < 0 ? [] : expandCategories(level.slice(colon + 1));
  }
  return { user, role, type, level, sensitivity, categories };
}

/** SELinux's highest category (c0–c1023). */
const MAX_CATEGORY = 1023;

/** "c0.c3,c7" → [0,1,2,3,7]. Categories past c1023 do not exist and are dropped (a huge one would never end the loop). */
export function expandCategories(text: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const range = /^c(\d{1,4})(?:\.c(\d{1,4}))?$/.exec(part.trim());
    if (!range) continue;
    const lo = Number(range[1]);
    if (lo > MAX_CATEGORY) continue;
    const hi = range[2] === undefined ? lo : Math.min(Number(range[2]), MAX_CATEGORY);
    for (let c = lo; c <= hi; c++) out.add(c);
  }
  return [...out].sort((a, b) => a - b);
}

/** Which LSM a context string belongs to, judged by its shape. */
export function detectLsmKind(text: string): 'apparmor' | 'selinux' | null {
  if (parseSelinux(text)) return 'selinux';
  if (parseAppArmor(text)) return 'apparmor';
  return null;
}

/** /sys/kernel/security/lsm: "lockdown,capability,yama,apparmor". */
export function parseLsmList(text: string): string[] {
  return cleanAttr(text)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The LSMs that keep a per-process context in /proc/PID/attr (the others — capability, yama, landlock, bpf… — keep none). */
export const CONTEXT_LSMS = ['selinux', 'apparmor', 'smack'] as const;

/** The active LSMs, in the host's order, that keep a per-process context. */
export function contextModules(lsms: string[]): string[] {
  return lsms.filter((l): l is (typeof CONTEXT_LSMS)[number] => (CONTEXT_LSMS as readonly string[]).includes(l));
}
