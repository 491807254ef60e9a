// The decoded seccomp filter on the Seccomp & MAC tab: the profile it matches and the dangerous
// syscalls it lets through (summary, near the top), and the syscall table per ABI (further down).
// Both read one report, asked of the collector for live containers only.
import { useContext, useState } from 'react';
import type { SeccompReport } from '../../../../shared/seccomp/report.js';
import type { Container } from '../../../../shared/snapshot/schema.js';
import { SourceContext } from '../sourceContext.js';
import { DANGEROUS, dangerOf, type Reach } from '../../../../shared/rules/danger.js';
import { DeclaredVsEffective } from './DeclaredVsEffective.js';
import { FilterFlags, NotifyListeners } from './NotifyAndFlags.js';
import { ProfileMatch } from './ProfileMatch.js';
import { SyscallTable } from './SyscallTable.js';
import { useSeccomp, type SeccompState } from './useSeccomp.js';
import './seccomp.css';

export interface SeccompView {
  state: SeccompState;
  reload: () => void;
}

export function useSeccompView(c: Container): SeccompView {
  const source = useContext(SourceContext);
  return useSeccomp(c.id, c.initPid, source.kind === 'live');
}

/** "unavailable: CODE — message", or the reason there is nothing to show yet. */
export function SeccompStatus({ view }: { view: SeccompView }) {
  const { state } = view;
  if (state.status === 'snapshot')
    return (
      <p className="muted seccomp-status">
        Decoded filters are available for live containers only: this one comes from a snapshot file.
      </p>
    );
  if (state.status === 'loading') return <p className="muted seccomp-status">Decoding the filter the kernel runs…</p>;
  if (state.status === 'error') {
    return (
      <p className="seccomp-status">
        <span className="unavailable" data-code={state.error.code}>
          unavailable: {state.error.code} — {state.error.message}
        </span>
        <button type="button" className="mini" onClick={view.reload}>
          retry
        </button>
      </p>
    );
  }
  return null;
}

/** The profile name and differences, then the dangerous syscalls the filter lets through. */
export function SeccompSummary({ view }: { view: SeccompView }) {
  if (view.state.status !== 'ok') return <SeccompStatus view={view} />;
  const report = view.state.report;
  return (
    <div className="seccomp-summary">
      <ProfileMatch report={report} />
      <DeclaredVsEffective report={report} />
      <NotifyListeners report={report} />
      <DangerSummary report={report} />
      <FilterFlags report={report} />
    </div>
  );
}

function DangerSummary({ report }: { report: SeccompReport }) {
  const exists = new Map<string, number>();
  const through = new Map<string, { allowed: string[]; conditional: string[] }>();
  for (const a of report.arches) {
    for (const d of a.syscalls) {
      exists.set(d.name, (exists.get(d.name) ?? 0) + 1);
      const danger = dangerOf(d);
      if (!danger) continue;
      const seen = through.get(d.name) ?? { allowed: [], conditional: [] };
      seen[danger.reach === 'allowed' ? 'allowed' : 'conditional'].push(a.arch);
      through.set(d.name, seen);
    }
  }
  const watched = Object.keys(DANGEROUS).length;
  if (report.mode === 'disabled') {
    return (
      <p className="danger-summary all">Without a filter, all {through.size} dangerous syscalls this tool watches get through.</p>
    );
  }
  const allowed = [...through].filter(([, t]) => t.allowed.length > 0).sort((a, b) => a[0].localeCompare(b[0]));
  const conditional = [...through].filter(([, t]) => t.allowed.length === 0).sort((a, b) => a[0].localeCompare(b[0]));
  const chip = (name: string, arches: string[], reach: Reach) => (
    <span
      key={name}
      className={`danger-chip ${reach}`}
      title={`${DANGEROUS[name]}${reach === 'conditional' ? ' — only with some arguments' : ''}`}
      data-syscall={name}
    >
      <code>{name}</code>
      {arches.length < report.arches.length && (
        <span className="qual">
          {arches.join(', ')}
          {arches.length < (exists.get(name) ?? 0) ? ' only' : ''}
        </span>
      )}
    </span>
  );
  return (
    <div className="danger-summary" data-count={allowed.length}>
      {allowed.length === 0 ? (
        <p>
          <span className="marker good">
            <span className="marker-dot" aria-hidden />
            good
          </span>{' '}
          None of the {watched} dangerous syscalls this tool watches is allowed outright, on any ABI.
        </p>
      ) : (
        <p>
          <span className="danger-title">
            {allowed.length} dangerous syscall{allowed.length === 1 ? ' is' : 's are'} allowed:
          </span>{' '}
          <span className="chips">{allowed.map(([name, t]) => chip(name, t.allowed, 'allowed'))}</span>
        </p>
      )}
      {conditional.length > 0 && (
        <p className="danger-conditional">
          <span className="muted">Allowed only with some arguments (their conditions are in the table below):</span>{' '}
          <span className="chips">{conditional.map(([name, t]) => chip(name, t.conditional, 'conditional'))}</span>
        </p>
      )}
    </div>
  );
}

/** The syscall table, one tab per ABI the filter was decoded for. */
export function SeccompSyscalls({ view }: { view: SeccompView }) {
  const [archName, setArch] = useState<string | null>(null);
  if (view.state.status !== 'ok') return <SeccompStatus view={view} />;
  const report = view.state.report;
  const arch = report.arches.find((a) => a.arch === archName) ?? report.arches[0];
  if (!arch) return <p className="muted">The report names no ABI.</p>;
  const table = (
    <>
      <div className="toolbar arch-bar">
        {report.arches.length > 1 && (
          <span className="seg arch-tabs" role="tablist" aria-label="ABI">
            {report.arches.map((a) => (
              <button
                key={a.arch}
                type="button"
                role="tab"
                aria-selected={a === arch}
                className={a === arch ? 'on' : ''}
                onClick={() => setArch(a.arch)}
              >
                {a.arch} <span className="count">{a.syscalls.length}</span>
              </button>
            ))}
          </span>
        )}
        <span className="note">
          {arch === report.arches[0] ? 'the native ABI' : 'a compat ABI: any process can use it, so it counts too'}
          {arch.arch === 'x32' && ' · NR without the x32 bit'}
        </span>
        <span className="sep" />
        <span className="note">
          pid {report.pid} · {report.filterCount} filter{report.filterCount === 1 ? '' : 's'}
          {report.filterLengths.length > 0 && ` (${report.filterLengths.join(' + ')} instructions)`}
        </span>
        <button type="button" className="mini" onClick={view.reload} title="Decode the filter again">
          reload
        </button>
      </div>
      <SyscallTable arch={arch} />
    </>
  );
  if (report.mode !== 'disabled') return table;
  return (
    <details className="seccomp-disabled-table">
      <summary>
        No seccomp filter: all {arch.syscalls.length} syscalls of {arch.arch} (and of every other ABI) reach the kernel. Show them
        anyway
      </summary>
      {table}
    </details>
  );
}
