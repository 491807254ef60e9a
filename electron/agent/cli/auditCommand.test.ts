// `isoscope audit` in-process, with the real collector reading the fixture host trees (the host's
// bounding set comes from the tree's /proc/1/status, declared configs from its runtime state).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, describe, expect, it } from 'vitest';
import { SarifLog } from '../../../shared/findings/sarifSchema.js';
import type { ContainerAudit } from '../../../shared/findings/types.js';
import type { Snapshot } from '../../../shared/snapshot/schema.js';
import { Collector } from '../collect/collector.js';
import { auditCommand } from './auditCommand.js';
import type { CommandIo } from './diffCommand.js';

const ROOT = (tree: string) => ['--root', new URL(`../fixtures/roots/${tree}`, import.meta.url).pathname, '--no-api'];
const SNAPSHOT = (name: string) => new URL(`../fixtures/snapshots/${name}.json`, import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'isoscope-audit-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
  const code = await auditCommand(['audit', ...argv], io);
  return { code, stdout, stderr };
}

const json = async (argv: string[]) => JSON.parse((await run(['--json', ...argv])).stdout) as { containers: ContainerAudit[] };

describe('isoscope audit', () => {
  it("judges privileged against the host's own bounding set, read from the tree's /proc/1/status", async () => {
    const { containers } = await json(ROOT('v2-selinux'));
    const toolbox = containers.find((c) => c.name === 'toolbox')!;
    const priv = toolbox.checks.find((r) => r.rule === 'privileged')!;
    expect(priv).toMatchObject({ outcome: 'fail', severity: 'high' });
    expect(priv.evidence[0]).toEqual({
      fact: "the host's bounding set (host reference)",
      value: expect.stringMatching(/^000001ffffffffff = /),
      source: '/proc/1/status CapBnd (pid 1, the host reference)',
    });
    expect(priv.meaning).toContain("every capability of the host's bounding set (41 capabilities)");
    expect(containers.find((c) => c.name === 'web')!.checks.find((r) => r.rule === 'privileged')!.outcome).toBe('pass');
  });

  it("--from: the snapshot's own host bounding set is used; an older snapshot without one keeps the known-capabilities fallback", async () => {
    const snap = JSON.parse(
      JSON.stringify(await new Collector({ root: ROOT('v2-selinux')[1]!, useEngineApis: false }).snapshot()),
    ) as Snapshot;
    expect(snap.host.capabilityBounding?.set.hex).toBe('000001ffffffffff');
    // The file's value, not a fresh read: a host set one capability wider than the container's.
    snap.host.capabilityBounding!.set.unknownBits = [41];
    const wider = join(dir, 'wider-host.json');
    writeFileSync(wider, JSON.stringify(snap));
    const priv = (file: string) =>
      json(['--from', file]).then((r) =>
        r.containers.find((c) => c.name === 'toolbox')!.checks.find((x) => x.rule === 'privileged')!,
      );
    const judged = await priv(wider);
    expect(judged.outcome).toBe('pass');
    expect(judged.meaning).toContain("It lacks 1 of the host's bounding set (42 capabilities): bit 41");
    delete snap.host.capabilityBounding;
    const old = join(dir, 'old-snapshot.json');
    writeFileSync(old, JSON.stringify(snap));
    const fallback = await priv(old);
    expect(fallback).toMatchObject({ outcome: 'fail', severity: 'high' });
    expect(fallback.meaning).toContain('every capability of all 41 capabilities Isoscope knows');
  });

  it('exit codes: 0 without --fail-on, 1 at or above the threshold, 0 below it', async () => {
    expect((await run(ROOT('v2-selinux'))).code).toBe(0);
    expect((await run(['--fail-on', 'high', ...ROOT('v2-selinux')])).code).toBe(1);
    // web on the AppArmor tree: medium and low findings only.
    expect((await run(['web', '--fail-on', 'high', ...ROOT('v2-apparmor')])).code).toBe(0);
    expect((await run(['web', '--fail-on=medium', ...ROOT('v2-apparmor')])).code).toBe(1);
  });

  it('exit 2 with one line on stderr for usage errors', async () => {
    for (const argv of [
      ['--fail-on', 'critical'],
      ['--sarif', '--junit'],
      ['nonexistent'],
      ['--from', join(dir, 'missing.json')],
    ]) {
      const r = await run([...argv, ...ROOT('v2-apparmor')]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^isoscope: [^\n]+\n$/);
      expect(r.stdout).toBe('');
    }
  });

  it('the whole host: its own checks first (text and JSON); naming containers leaves them out', async () => {
    const r = await run(ROOT('v2-apparmor'));
    expect(r.stdout.startsWith('host\n  no findings\n\n')).toBe(true);
    const all = JSON.parse((await run(['--json', ...ROOT('v2-apparmor')])).stdout) as {
      host: { checks: { rule: string; outcome: string }[] };
    };
    expect(all.host.checks).toEqual([expect.objectContaining({ rule: 'host.no-mac', outcome: 'pass' })]);
    const named = JSON.parse((await run(['--json', 'web', ...ROOT('v2-apparmor')])).stdout) as { host: { checks: unknown[] } };
    expect(named.host.checks).toEqual([]);
  });

  it('the table: posture line, findings by severity with CIS/PSS numbers, and what could not be checked', async () => {
    const r = await run(['debug', ...ROOT('v2-apparmor')]);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('debug  (docker 2bf16d5f58da)');
    expect(lines[1]).toMatch(/^ {2}Pod Security: privileged · high 1 · medium \d+ · low \d+/);
    expect(lines[2]).toMatch(/^ {2}high {4}namespace\.host-net +CIS 5\.10 · PSS baseline +It shares the host's net namespace/);
    expect(r.stdout).toContain('apparmor.unconfined');
    expect(r.stdout).toContain('CIS Docker Benchmark v1.6.0');
  });

  it('--sarif: valid SARIF 2.1.0 (schema written from the standard), one result per finding and could-not-check', async () => {
    const r = await run(['--sarif', ...ROOT('k8s-v2')]);
    const log = SarifLog.parse(JSON.parse(r.stdout));
    const { containers } = await json(ROOT('k8s-v2'));
    const results = log.runs[0]!.results!;
    expect(results.filter((x) => x.kind === 'fail')).toHaveLength(containers.reduce((n, c) => n + c.findings.length, 0));
    expect(results.filter((x) => x.kind === 'open').every((x) => x.level === 'none')).toBe(true);
    const seccomp = results.find((x) => x.ruleId === 'seccomp.off' && x.kind === 'fail')!;
    expect(seccomp).toMatchObject({ level: 'error', message: { text: expect.stringMatching(/^log-reader: No seccomp filter/) } });
    expect(log.runs[0]!.tool.driver.rules!.find((x) => x.id === 'seccomp.off')!.fullDescription!.text).toContain(
      'CIS Docker Benchmark v1.6.0 5.22',
    );
    // GitHub code scanning needs a physical location on every result: a stable per-container path.
    expect(seccomp.locations![0]!.physicalLocation!.artifactLocation.uri).toBe('containers/containerd/log-reader');
  });

  it('the SARIF schema itself refuses what the standard forbids', () => {
    const ok = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'x', rules: [{ id: 'a' }] } },
          results: [{ ruleId: 'a', ruleIndex: 0, kind: 'fail', level: 'error', message: { text: 't' } }],
        },
      ],
    };
    expect(SarifLog.safeParse(ok).success).toBe(true);
    const bad = (patch: (o: typeof ok) => void) => {
      const o = structuredClone(ok);
      patch(o);
      return SarifLog.safeParse(o).success;
    };
    expect(bad((o) => ((o as { version: string }).version = '2.0.0'))).toBe(false);
    expect(bad((o) => (o.runs[0]!.results[0]!.kind = 'open'))).toBe(false); // level must then be none
    expect(bad((o) => (o.runs[0]!.results[0]!.ruleIndex = 1))).toBe(false);
    expect(bad((o) => ((o.runs[0]!.results[0]! as unknown as { extra: number }).extra = 1))).toBe(false);
    expect(bad((o) => ((o.runs[0]!.results[0]! as unknown as { message: object }).message = {}))).toBe(false);
  });

  it('--junit: well-formed XML, one testcase per check, failures and skips counted', async () => {
    const r = await run(['--junit', ...ROOT('v2-apparmor')]);
    const errors: string[] = [];
    const doc = new DOMParser({ errorHandler: (_l: string, m: string) => void errors.push(m) }).parseFromString(
      r.stdout,
      'text/xml',
    );
    expect(errors).toEqual([]);
    const { containers } = await json(ROOT('v2-apparmor'));
    expect(doc.getElementsByTagName('testsuite').length).toBe(containers.length);
    expect(doc.getElementsByTagName('testcase').length).toBe(containers.reduce((n, c) => n + c.checks.length, 0));
    expect(doc.getElementsByTagName('failure').length).toBe(containers.reduce((n, c) => n + c.findings.length, 0));
    expect(doc.documentElement!.getAttribute('failures')).toBe(String(doc.getElementsByTagName('failure').length));
  });

  it('declared vs effective from the runtime state: the CRI-O config.json the container was identified by', async () => {
    const { containers } = await json(['coredns', ...ROOT('k8s-v2')]);
    const d = containers[0]!.checks.find((r) => r.rule === 'declared.differs')!;
    expect(d.outcome).toBe('fail');
    expect(d.meaning).toContain(
      '/run/containers/storage/overlay-containers/438e2ba9d5970597608a7df68ae72f6085a1460f976f964ed5f369c793eaa4fe/userdata/config.json',
    );
    // The abridged spec declares the Podman default capabilities; the kernel shows only NET_BIND_SERVICE.
    expect(d.evidence).toContainEqual({
      fact: 'effective capabilities',
      value: expect.stringMatching(/^declared 11 .*; the kernel has fewer: /),
      source: expect.stringMatching(/^\/proc\/\d+\/status$/),
    });
  });

  it('hostile names from a snapshot file: no escape sequence reaches the terminal, XML stays well-formed', async () => {
    const snap = JSON.parse(readFileSync(SNAPSHOT('v2-apparmor'), 'utf8'));
    snap.containers[0].name = 'evil\u001b]0;pwned\u0007\u001b[2J</testsuite><x a="\'>&';
    const file = join(dir, 'hostile.json');
    writeFileSync(file, JSON.stringify(snap));
    const text = await run(['--from', file]);
    expect(text.code).toBe(0);
    // eslint-disable-next-line no-control-regex
    expect(text.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text.stdout).toContain('evil\\x1b]0;pwned\\x07\\x1b[2J');
    const sarif = SarifLog.parse(JSON.parse((await run(['--sarif', '--from', file])).stdout));
    expect(
      sarif.runs[0]!.results!.some((x) =>
        x.locations![0]!.physicalLocation!.artifactLocation.uri.startsWith(
          'containers/docker/evil%1B%5D0%3Bpwned%07%1B%5B2J%3C%2Ftestsuite%3E',
        ),
      ),
    ).toBe(true);
    const xml = await run(['--junit', '--from', file]);
    const errors: string[] = [];
    const doc = new DOMParser({ errorHandler: (_l: string, m: string) => void errors.push(m) }).parseFromString(
      xml.stdout,
      'text/xml',
    );
    expect(errors).toEqual([]);
    expect(doc.getElementsByTagName('testsuite')[0]!.getAttribute('name')).toBe(
      'evil\ufffd]0;pwned\ufffd\ufffd[2J</testsuite><x a="\'>&',
    );
  });
});
