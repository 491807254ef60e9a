// Agent connected or not, privileges and what they hide, poll interval, last update, and what
// the collector itself costs.
import { GUI_INTERVAL_MS, type AgentStatus } from '../../../shared/ipc/contract.js';
import { formatPercent, formatTime } from '../lib/format.js';
import { useEffect, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { startRecording, type ActiveRecording } from '../lib/recorder.js';
import { useStore } from '../store/store.js';
import { useLab } from '../store/lab.js';
import { HostChips } from './hosts/HostChips.js';

/** The choices offered, within the bounds the contract accepts (GUI_INTERVAL_MS). */
const INTERVALS = [GUI_INTERVAL_MS.min, 1000, 2000, 5000, GUI_INTERVAL_MS.max];

/**
 * The status as the bar shows it, without what changes with every sample (SampleFacts shows that):
 * compared field by field (useShallow), so a sample re-renders SampleFacts, not the whole bar.
 */
function statusFacts(s: AgentStatus | null) {
  if (s === null) return null;
  return {
    state: s.state,
    message: s.message,
    euid: s.euid,
    intervalMs: s.intervalMs,
    restarts: s.restarts,
    restartAt: s.lastRestart?.at ?? null,
    restartReason: s.lastRestart?.reason ?? null,
    root: s.root,
  };
}

export function StatusBar() {
  // A new object per call; useShallow keeps the previous one while its fields are equal.
  const status = useStore(useShallow((s) => statusFacts(s.status)));
  const linkUp = useStore((s) => s.linkUp);
  const bridgeKind = useStore((s) => s.bridgeKind);
  const lastError = useStore((s) => s.lastError);
  const setIntervalMs = useStore((s) => s.setIntervalMs);
  const restartAgent = useStore((s) => s.restartAgent);

  const state = !linkUp ? 'offline' : (status?.state ?? 'starting');
  const label: Record<string, string> = {
    offline: bridgeKind === 'browser' ? 'server unreachable — retrying' : 'disconnected',
    starting: 'collector starting…',
    connected: 'collector connected',
    reconnecting: 'collector stopped — reconnecting',
    failed: 'collector failed',
    stopped: 'collector stopped',
  };
  const root = status?.euid === 0;
  return (
    <footer className="statusbar" role="status">
      <span className={`dot ${state}`} aria-hidden />
      <span className="conn" data-state={state} title={status?.message ?? undefined}>
        {label[state]}
        {status?.message && state !== 'connected' ? `: ${status.message}` : ''}
      </span>
      {status?.root && status.root !== '/' && <span className="chip">reading {status.root}</span>}
      {status?.restartAt != null && state === 'connected' && (
        <span
          className="chip restarted"
          data-testid="agent-restarted"
          title={`${status.restartReason} (${formatTime(status.restartAt)})`}
        >
          restarted {status.restarts}× — last at {formatTime(status.restartAt)}: {status.restartReason}
        </span>
      )}
      <HostChips />
      <span className="sep" />
      {status?.euid !== null && status?.euid !== undefined && (
        <span
          className={`priv ${root ? 'root' : 'user'}`}
          title={
            root
              ? 'The collector runs as root: it sees every process.'
              : 'Not root: namespaces of other users’ processes, runtime state files and engine sockets may be unreadable.'
          }
        >
          {root ? 'root' : `unprivileged (uid ${status.euid}) — other users’ namespaces hidden`}
        </span>
      )}
      {status && !root && (
        <button
          type="button"
          className="link"
          onClick={() => void restartAgent('pkexec')}
          title="Restart the collector through pkexec (a password prompt may appear)"
        >
          Run with root privileges
        </button>
      )}
      <label className="interval">
        poll
        <select
          value={status?.intervalMs ?? 1000}
          onChange={(e) => void setIntervalMs(Number(e.target.value))}
          aria-label="Poll interval"
        >
          {INTERVALS.map((ms) => (
            <option key={ms} value={ms}>
              {ms / 1000} s
            </option>
          ))}
        </select>
      </label>
      <LabButton />
      <RecordButton />
      <SampleFacts />
      {lastError && <span className="error">{lastError}</span>}
    </footer>
  );
}

/** The time of the last sample and what the collector cost: the one part of the bar that changes with every sample. */
function SampleFacts() {
  const lastSampleAt = useStore((s) => s.status?.lastSampleAt ?? null);
  const agentCpuPercent = useStore((s) => s.status?.agentCpuPercent ?? null);
  return (
    <>
      <span className="updated">updated {lastSampleAt ? formatTime(lastSampleAt) : '—'}</span>
      <span className="cost" title="CPU time the collector itself used, as a share of one CPU">
        collector CPU {formatPercent(agentCpuPercent)}
      </span>
    </>
  );
}

/** Records the live stream until stopped, then saves it (gzip NDJSON) for replay. */
function RecordButton() {
  const rec = useRef<ActiveRecording | null>(null);
  const [events, setEvents] = useState<number | null>(null);
  const [startedAt, setStartedAt] = useState(0);
  const [, tick] = useState(0);
  const recording = events !== null;
  useEffect(() => {
    if (!recording) return;
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [recording]);
  if (events === null) {
    return (
      <button
        type="button"
        className="link"
        onClick={() => {
          rec.current = startRecording(setEvents, () => {
            // Cancelled in the save dialog, or refused: back to "Record".
            rec.current = null;
            setEvents(null);
          });
          if (rec.current) {
            setStartedAt(rec.current.startedAt);
            setEvents(0);
          }
        }}
        title="Record the live stream to a file you can replay"
      >
        ● Record
      </button>
    );
  }
  // eslint-disable-next-line react-hooks/purity -- elapsed at this render (re-rendered every second by the tick above)
  const secs = Math.round((Date.now() - startedAt) / 1000);
  return (
    <button
      type="button"
      className="link recording"
      onClick={() => {
        void rec.current?.stop();
        rec.current = null;
        setEvents(null);
      }}
      title="Stop and save the recording"
    >
      ■ Stop recording ({secs} s, {events} events)
    </button>
  );
}

/** Opens the Lab panel; says how many demo containers run, and warns of ones an earlier run left. */
function LabButton() {
  const open = useLab((s) => s.open);
  const lab = useLab((s) => s.status);
  const setOpen = useLab((s) => s.setOpen);
  const refresh = useLab((s) => s.refresh);
  const state = useStore((s) => s.status?.state);
  const euid = useStore((s) => s.status?.euid);
  // Once connected as root: look for demo containers (an earlier run may have left some).
  useEffect(() => {
    if (state === 'connected' && euid === 0) void refresh();
  }, [state, euid, refresh]);
  const running = lab?.containers.filter((c) => c.alive).length ?? 0;
  const leftover = lab?.containers.filter((c) => c.orphaned).length ?? 0;
  const label = leftover > 0 ? `Lab · ${leftover} left from an earlier run` : running > 0 ? `Lab · ${running} running` : 'Lab';
  return (
    <button
      type="button"
      className={`link lab-button${leftover > 0 ? ' has-leftover' : ''}`}
      aria-pressed={open}
      onClick={() => setOpen(!open)}
      title="Start demo containers with contrasting isolation (needs the collector to run as root)"
    >
      {label}
    </button>
  );
}
