// The syscall profiler: pick a duration, Start, watch the clock and the coverage curve, Cancel;
// when done, the generated profile (see ProfileResults).
import { useContext, useEffect, useState } from 'react';
import type { SeccompReport } from '../../../../shared/seccomp/report.js';
import type { Container } from '../../../../shared/snapshot/schema.js';
import { SourceContext } from '../sourceContext.js';
import { DURATIONS, IDLE_RUN, useProfiles, type ProfileRun } from '../../store/profiles.js';
import { ProfileResults, seconds } from './ProfileResults.js';
import './seccomp.css';

/** Silence after which a running profile is reported as not heard from. */
const SILENCE_MS = 15_000;

function useNow(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!ticking) return;
    const t = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(t);
  }, [ticking]);
  // eslint-disable-next-line react-hooks/purity -- not ticking: the time of this render, read once
  return ticking ? now : Date.now();
}

export function ProfilerPanel({ container: c, report }: { container: Container; report: SeccompReport | null }) {
  const source = useContext(SourceContext);
  const run = useProfiles((s) => s.runs[c.id]) ?? IDLE_RUN;
  const { setDuration, start, cancel } = useProfiles.getState();
  const state = run.phase === 'starting' ? 'starting' : (run.progress?.state ?? 'idle');
  const busy = state === 'starting' || state === 'running';
  const now = useNow(state === 'running');

  if (source.kind !== 'live')
    return <p className="muted">Profiling traces a running container: it works on live containers only.</p>;

  return (
    <div className="profiler" data-state={state}>
      <p className="lead note">
        Traces the container’s processes for a while and counts every system call they make, then writes a seccomp profile that
        allows only those. Let the container do its usual work meanwhile: what it does not do now, the profile will refuse.
      </p>
      <div className="toolbar profiler-controls">
        <span className="seg" role="group" aria-label="Duration">
          {DURATIONS.map((d) => (
            <button
              key={d.ms}
              type="button"
              className={run.durationMs === d.ms ? 'on' : ''}
              disabled={busy}
              onClick={() => setDuration(c.id, d.ms)}
            >
              {d.label}
            </button>
          ))}
        </span>
        {busy ? (
          <button
            type="button"
            className="btn"
            onClick={() => void cancel(c.id)}
            disabled={state === 'starting' || run.cancelling}
          >
            {run.cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        ) : (
          <button type="button" className="btn primary" onClick={() => void start(c.id)}>
            {run.progress ? 'Start again' : 'Start profiling'}
          </button>
        )}
        {state === 'starting' && <span className="muted">starting…</span>}
        {run.progress && <Progress run={run} now={now} />}
      </div>
      {run.error && (
        <p className="profiler-error">
          <span className="unavailable" data-code={run.error.code}>
            unavailable: {run.error.code} — {run.error.message}
          </span>
        </p>
      )}
      {state === 'running' && now - run.updatedAt > SILENCE_MS && (
        <p className="warn-text">No word from the collector for {seconds(now - run.updatedAt)}: the profile may have stopped.</p>
      )}
      {run.progress?.state === 'failed' && (
        <p className="profiler-error">
          <span className="unavailable">profiling failed{run.progress.error ? `: ${run.progress.error}` : ''}</span>
        </p>
      )}
      {run.progress?.state === 'cancelled' && (
        <p className="note">Cancelled after {seconds(run.progress.elapsedMs)}: what was seen until then is below.</p>
      )}
      {run.progress && <ProfileResults progress={run.progress} report={report} container={c} />}
    </div>
  );
}

function Progress({ run, now }: { run: ProfileRun; now: number }) {
  const p = run.progress!;
  const running = p.state === 'running';
  const elapsed = Math.min(p.durationMs, running ? p.elapsedMs + Math.max(0, now - run.updatedAt) : p.elapsedMs);
  const ratio = p.durationMs > 0 ? elapsed / p.durationMs : 0;
  return (
    <span className="profile-progress" data-progress-state={p.state}>
      <span
        className="progress-bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={p.durationMs}
        aria-valuenow={Math.round(elapsed)}
        aria-label="Profiling progress"
      >
        <span className={p.state} style={{ width: `${Math.round(ratio * 1000) / 10}%` }} />
      </span>
      <span className="progress-text">
        {seconds(elapsed)} of {seconds(p.durationMs)} · <strong>{p.distinct}</strong> distinct syscall
        {p.distinct === 1 ? '' : 's'}
        {!running && <> · {p.state}</>}
      </span>
    </span>
  );
}
