// The audit as a terminal table, SARIF 2.1.0 (code-scanning tools) and JUnit XML (CI test
// reports). Pure. Container names and ids come from containers: the table makes control
// characters visible, XML escapes everything and drops characters XML cannot carry.
import { printable } from '../diff/text.js';
import { shortId } from '../format/ids.js';
import { postureText } from './audit.js';
import { CIS_VERSION, PSS_PAGE } from './references.js';
import type { CheckResult, ContainerAudit, Severity } from './types.js';

const label = (a: ContainerAudit) => a.name ?? a.id;
const refText = (r: CheckResult) =>
  [r.cis ? `CIS ${r.cis.id}` : null, r.pss ? `PSS ${r.pss.level}` : null].filter(Boolean).join(' · ') || '-';

export function auditText(audits: ContainerAudit[], host: CheckResult[] = []): string {
  const out: string[] = [];
  const hostFails = host.filter((r) => r.outcome === 'fail');
  if (host.length) {
    out.push('host');
    for (const f of hostFails) out.push(`  ${f.severity.padEnd(6)}  ${f.rule}  ${refText(f)}  ${f.meaning}`);
    for (const u of host.filter((r) => r.outcome === 'unknown')) out.push(`  ?       ${u.rule}: could not check: ${u.reason}`);
    if (hostFails.length === 0) out.push('  no findings');
    out.push('');
  }
  for (const a of audits) {
    const c = a.posture.counts;
    out.push(`${label(a)}  (${a.runtime}${a.role === 'pod-sandbox' ? ' pod sandbox' : ''} ${shortId(a.id)})`);
    out.push(
      `  Pod Security: ${postureText(a.posture)} · high ${c.high} · medium ${c.medium} · low ${c.low}${a.posture.unknown ? ` · ${a.posture.unknown} could not be checked` : ''}`,
    );
    if (a.findings.length === 0) out.push('  no findings');
    const width = Math.max(0, ...a.findings.map((f) => f.rule.length));
    const refWidth = Math.max(0, ...a.findings.map((f) => refText(f).length));
    for (const f of a.findings)
      out.push(`  ${f.severity.padEnd(6)}  ${f.rule.padEnd(width)}  ${refText(f).padEnd(refWidth)}  ${f.meaning}`);
    const unknowns = a.checks.filter((r) => r.outcome === 'unknown');
    for (const u of unknowns) out.push(`  ?       ${u.rule}: could not check: ${u.reason}`);
    out.push('');
  }
  out.push(`CIS numbers: ${CIS_VERSION}; PSS: Kubernetes Pod Security Standards (${PSS_PAGE}). Fixes: isoscope audit --json.`);
  return out.map(printable).join('\n') + '\n';
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { high: 'error', medium: 'warning', low: 'note' };
/** GitHub code scanning reads properties["security-severity"] (0–10) to rank security results. */
const SECURITY_SEVERITY: Record<Severity, string> = { high: '8.0', medium: '5.0', low: '2.0' };

/** A relative URI naming the container (every segment percent-encoded: names come from containers). */
export const artifactUri = (a: ContainerAudit) => ['containers', a.runtime, label(a)].map(encodeURIComponent).join('/');

const fixText = (r: CheckResult) => `Docker: ${r.fix.docker}\nPodman: ${r.fix.podman}\nKubernetes: ${r.fix.kubernetes}`;

export function auditSarif(audits: ContainerAudit[], version: string): object {
  const rules = new Map<string, CheckResult>();
  for (const a of audits) for (const r of a.checks) if (!rules.has(r.rule)) rules.set(r.rule, r);
  const ids = [...rules.keys()].sort();
  const results = audits.flatMap((a) =>
    a.checks
      .filter((r) => r.outcome === 'fail' || r.outcome === 'unknown')
      .map((r) => ({
        ruleId: r.rule,
        ruleIndex: ids.indexOf(r.rule),
        kind: r.outcome === 'fail' ? 'fail' : 'open',
        level: r.outcome === 'fail' ? SARIF_LEVEL[r.severity] : 'none',
        message: { text: `${label(a)}: ${r.meaning}` },
        // GitHub code scanning rejects results without a physical location: a stable per-container
        // pseudo-path (runtime/name), the container itself as the logical location.
        locations: [
          {
            physicalLocation: { artifactLocation: { uri: artifactUri(a) } },
            logicalLocations: [{ name: label(a), fullyQualifiedName: `${a.runtime}/${a.id}`, kind: 'resource' }],
          },
        ],
        properties: {
          severity: r.severity,
          evidence: r.evidence,
          ...(r.cis ? { cis: `${r.cis.id} ${r.cis.title}` } : {}),
          ...(r.pss ? { pss: `${r.pss.level}: ${r.pss.control}` } : {}),
          podSecurity: a.posture.level,
        },
      })),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'isoscope',
            version,
            rules: ids.map((id) => {
              const r = rules.get(id)!;
              return {
                id,
                name: id.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : '')),
                shortDescription: { text: r.title },
                fullDescription: {
                  text: `${r.title}.${r.cis ? ` ${CIS_VERSION} ${r.cis.id}: ${r.cis.title}.` : ''}${r.pss ? ` Pod Security Standards ${r.pss.level}: ${r.pss.control}.` : ''}`,
                },
                help: { text: fixText(r) },
                ...(r.pss ? { helpUri: PSS_PAGE } : {}),
                defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
                properties: { tags: ['security', 'container'], 'security-severity': SECURITY_SEVERITY[r.severity] },
              };
            }),
          },
        },
        results,
        invocations: [{ executionSuccessful: true }],
      },
    ],
  };
}

/** Text for XML character data and attributes; characters XML 1.0 cannot carry become U+FFFD. */
export function xmlText(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      .replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!)
  );
}

export function auditJunit(audits: ContainerAudit[]): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = audits.reduce((n, a) => n + a.checks.length, 0);
  const failures = audits.reduce((n, a) => n + a.findings.length, 0);
  const skipped = audits.reduce((n, a) => n + a.checks.filter((r) => r.outcome !== 'fail' && r.outcome !== 'pass').length, 0);
  lines.push(`<testsuites name="isoscope audit" tests="${total}" failures="${failures}" skipped="${skipped}">`);
  for (const a of audits) {
    const name = xmlText(label(a));
    const sk = a.checks.filter((r) => r.outcome !== 'fail' && r.outcome !== 'pass').length;
    lines.push(`  <testsuite name="${name}" tests="${a.checks.length}" failures="${a.findings.length}" skipped="${sk}">`);
    lines.push(
      `    <properties><property name="runtime" value="${xmlText(a.runtime)}"/><property name="id" value="${xmlText(a.id)}"/><property name="podSecurity" value="${xmlText(postureText(a.posture))}"/></properties>`,
    );
    for (const r of a.checks) {
      const head = `    <testcase classname="${name}" name="${xmlText(`${r.rule}: ${r.title}`)}">`;
      if (r.outcome === 'pass') lines.push(`${head}</testcase>`);
      else if (r.outcome === 'fail') {
        const body = [r.meaning, ...r.evidence.map((e) => `${e.fact}: ${e.value} (${e.source})`), refText(r), fixText(r)].join(
          '\n',
        );
        lines.push(`${head}<failure type="${r.severity}" message="${xmlText(r.meaning)}">${xmlText(body)}</failure></testcase>`);
      } else lines.push(`${head}<skipped message="${xmlText(r.meaning)}"/></testcase>`);
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
