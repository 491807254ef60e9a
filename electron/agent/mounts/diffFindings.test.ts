// Mounts in the diff and the findings, on mount tables captured from real runc containers
// (fixtures/text/MANIFEST.md) set on a real lab snapshot's container.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import labRootJson from '../fixtures/snapshots/lab-hybrid-root.json' with { type: 'json' };
import { containerSide, diffIsolation } from '../../../shared/diff/diff.js';
import { diffText } from '../../../shared/diff/text.js';
import { auditContainer } from '../../../shared/findings/audit.js';
import type { Mounts } from '../../../shared/snapshot/mounts.js';
import { Snapshot, type Container } from '../../../shared/snapshot/schema.js';
import { parseMountinfo } from '../parsers/mountinfo.js';
import { analyzeMounts, type HostLookups } from './analyze.js';
import { RUNC_DEFAULT } from './defaults.js';

const text = (f: string) => readFileSync(new URL(`../fixtures/text/mountinfo/${f}`, import.meta.url), 'utf8');
const LAB = '/tmp/isoscope-lab-0ea8d6de/run/m';
const host = parseMountinfo(text('local-host-with-runc-binds.mountinfo'));
const ABSENT = new Set([
  '/proc/kcore',
  '/proc/sysrq-trigger',
  '/proc/asound',
  '/proc/sched_debug',
  '/proc/scsi',
  '/proc/latency_stats',
  '/proc/timer_stats',
]);
const lookups: HostLookups = {
  node: (p) =>
    p.endsWith('docker.sock')
      ? { node: 'socket' }
      : p.endsWith('labdev')
        ? { node: 'char-device', rdev: '1:7' }
        : { node: 'directory' },
  kernelHas: (p) => !ABSENT.has(p),
  socketsIn: () => [],
};
const mounts = (file: string): Mounts =>
  analyzeMounts({
    entries: parseMountinfo(text(file)),
    truncated: false,
    source: '/proc/42/mountinfo',
    host,
    hostReference: '/proc/1/mountinfo',
    defaults: RUNC_DEFAULT,
    inPod: false,
    lookups,
  });

const snap = Snapshot.parse(labRootJson);
const base = snap.containers.find((c) => c.name?.endsWith('-hardened'))!;
const withMounts = (id: string, m: Mounts | null | undefined): Container => {
  const c: Container = {
    ...base,
    id,
    name: id,
    unavailable:
      m === null ? [...base.unavailable, { field: 'mounts', reason: 'EACCES', detail: '/proc/42/mountinfo' }] : base.unavailable,
  };
  if (m !== undefined) c.mounts = m;
  return c;
};
const exposed = withMounts('exposed', mounts('local-runc-binds-socket-device-shared.mountinfo'));
const unmasked = withMounts('unmasked', mounts('local-runc-unmasked.mountinfo'));
const side = (c: Container) => containerSide({ ...snap, containers: [c] }, c, { source: 't' });

describe('diff', () => {
  const d = diffIsolation(side(unmasked), side(exposed));
  const f = (field: string) => d.differences.find((x) => x.area === 'rootfs' && x.field === field);
  it('names the mounts only one side has, the flagged side less isolated', () => {
    expect(f('mount /var/run/docker.sock')).toMatchObject({ a: 'none', lessIsolated: 'b' });
    expect(f('mount /var/run/docker.sock')!.meaning).toContain('Docker API');
    expect(f('mount /dev/labdev')?.lessIsolated).toBe('b');
    expect(f('mount /shared')?.b).toContain('shared:34');
    expect(f('mount /data')).toMatchObject({ lessIsolated: null, b: `${LAB}/data rw` });
  });
  it('names the default masks one side lacks', () => {
    expect(f('masked /proc/keys')).toMatchObject({ a: 'exposed', b: 'masked', lessIsolated: 'a' });
    expect(f('masked /proc/sys')).toMatchObject({ a: 'exposed', b: 'readonly', lessIsolated: 'a' });
    expect(f('masked /proc/kcore')).toBeUndefined(); // absent from this kernel on both sides
  });
  it('shows them in `isoscope diff` text', () => {
    const t = diffText(d);
    expect(t).toContain('mount /var/run/docker.sock: A none | B ');
    expect(t).toContain('masked /proc/keys: A exposed | B masked  [A less isolated]');
  });
  it('says unknown when one side could not be read, and nothing for two old snapshots', () => {
    const u = diffIsolation(side(withMounts('x', null)), side(exposed)).differences.filter(
      (x) => x.area === 'rootfs' && x.field === 'mounts',
    );
    expect(u).toEqual([expect.objectContaining({ unknown: true, a: 'unknown (EACCES)' })]);
    const old = diffIsolation(side(withMounts('o1', undefined)), side(withMounts('o2', undefined))).differences;
    expect(old.filter((x) => x.field.startsWith('mount') || x.field.startsWith('masked'))).toEqual([]);
  });
});

describe('findings', () => {
  const outcome = (c: Container, rule: string) =>
    auditContainer({ ...snap, containers: [c] }, c).checks.find((x) => x.rule === rule)!;
  it('fails CIS 5.32 on the docker.sock bind, 5.6 on the device, 5.20 on the shared mount', () => {
    expect(outcome(exposed, 'mounts.runtimeSocket')).toMatchObject({
      outcome: 'fail',
      severity: 'high',
      cis: { id: '5.32' },
      tab: 'mounts',
    });
    expect(outcome(exposed, 'mounts.sensitiveHostDirs')).toMatchObject({ outcome: 'fail', cis: { id: '5.6' } });
    expect(outcome(exposed, 'mounts.sharedPropagation')).toMatchObject({ outcome: 'fail', cis: { id: '5.20' } });
    expect(outcome(exposed, 'mounts.procMasks').outcome).toBe('pass');
    expect(outcome(unmasked, 'mounts.runtimeSocket').outcome).toBe('pass');
  });
  it('fails PSS baseline "/proc Mount Type" when default masks are missing, naming them', () => {
    const r = outcome(unmasked, 'mounts.procMasks');
    expect(r).toMatchObject({ outcome: 'fail', pss: { level: 'baseline', control: '/proc Mount Type' } });
    expect(r.meaning).toContain('/proc/keys is not masked');
    expect(outcome(unmasked, 'mounts.kernelWritable').outcome).toBe('fail');
  });
  it('hostPath applies to pod containers only; old snapshots are not judged, unreadable ones are unknown', () => {
    expect(outcome(exposed, 'mounts.hostPath').outcome).toBe('not-applicable');
    expect(outcome(withMounts('o', undefined), 'mounts.runtimeSocket').outcome).toBe('not-applicable');
    expect(outcome(withMounts('n', null), 'mounts.runtimeSocket')).toMatchObject({ outcome: 'unknown' });
  });
});

describe('/proc masks only newer defaults add', () => {
  it('name them without failing PSS baseline (an older runtime default still is "Default")', async () => {
    const { DOCKER_DEFAULT } = await import('./defaults.js');
    const m = analyzeMounts({
      entries: parseMountinfo(text('local-runc-binds-socket-device-shared.mountinfo')),
      truncated: false,
      source: '/proc/42/mountinfo',
      host,
      hostReference: '/proc/1/mountinfo',
      defaults: DOCKER_DEFAULT,
      inPod: false,
      lookups,
    });
    expect(m.protections.paths.find((p) => p.path === '/proc/interrupts')).toMatchObject({ state: 'exposed', everywhere: false });
    expect(m.protections.paths.find((p) => p.path === '/proc/keys')).toMatchObject({ state: 'masked', everywhere: true });
    const c = withMounts('docker-like', m);
    const r = auditContainer({ ...snap, containers: [c] }, c).checks.find((x) => x.rule === 'mounts.procMasks')!;
    expect(r.outcome).toBe('pass');
    expect(r.meaning).toContain('/proc/interrupts');
  });
});
