// The Lab panel: start demo containers with contrasting isolation (hardened, the runtime's
// default, loose, privileged-like) and see each one in the sidebar with its posture. The
// collector starts them (it is the root process); this panel only asks, through the service.
import { useEffect } from 'react';
import { postureText } from '../../../../shared/findings/audit.js';
import { DEMO_PRESETS, PRESET_INFO, type DemoContainer, type DemoPreset } from '../../../../shared/lab/demoLab.js';
import { containerAudit, type Level } from '../../../../shared/rules/isolation.js';
import { useStore } from '../../store/store.js';
import { Marker } from '../tabs/common.js';
import { useLab } from '../../store/lab.js';
import './lab.css';

const POSTURE_LEVEL: Record<string, Level> = { restricted: 'good', baseline: 'warn', privileged: 'bad', unknown: 'unknown' };
const REFRESH_MS = 3000;

function Posture({ id }: { id: string }) {
  const c = useStore((s) => (Object.hasOwn(s.containers, id) ? s.containers[id] : undefined));
  const host = useStore((s) => s.host);
  const all = useStore((s) => s.containers);
  if (!c) return <span className="muted">waiting for the collector to see it…</span>;
  const a = containerAudit(c, host, Object.values(all));
  const p = a.posture;
  return (
    <span className="lab-posture" data-level={p.level}>
      <Marker level={POSTURE_LEVEL[p.level] ?? 'unknown'} /> Pod Security: <strong>{postureText(p)}</strong> · {p.counts.high}{' '}
      high · {p.counts.medium} medium · {p.counts.low} low
    </span>
  );
}

function ContainerLink({ c }: { c: DemoContainer }) {
  const select = useStore((s) => s.select);
  const setOpen = useLab((s) => s.setOpen);
  return (
    <button
      type="button"
      className="link lab-select"
      data-id={c.id}
      title="Select it in the sidebar"
      onClick={() => {
        select(c.id);
        setOpen(false);
      }}
    >
      {c.id}
    </button>
  );
}

function PresetCard({
  preset,
  running,
  disabled,
}: {
  preset: DemoPreset;
  running: DemoContainer | undefined;
  disabled: boolean;
}) {
  const { up, down } = useLab.getState();
  const info = PRESET_INFO[preset];
  const state = !running ? 'not running' : running.alive ? 'running' : `gone (${running.runtimeStatus})`;
  return (
    <li
      className={`lab-preset${running?.alive ? ' on' : ''}`}
      data-preset={preset}
      data-state={running?.alive ? 'running' : running ? 'gone' : 'stopped'}
    >
      <div className="lab-preset-head">
        <strong>{preset}</strong>
        <span className={`chip lab-state${running?.alive ? ' running' : ''}`}>{state}</span>
        <span className="sep" />
        {running ? (
          <button type="button" disabled={disabled} onClick={() => void down([preset])}>
            Stop
          </button>
        ) : (
          <button type="button" className="primary" disabled={disabled} onClick={() => void up([preset])}>
            Start
          </button>
        )}
      </div>
      <p className="lab-what">{info.what}</p>
      <p className="lab-look">
        <span className="muted">Look at:</span> {info.lookAt}
      </p>
      {running && (
        <p className="lab-running">
          <ContainerLink c={running} /> <span className="muted">· runc · pid {running.initPid ?? '—'}</span>
          <br />
          {running.alive ? (
            <Posture id={running.id} />
          ) : (
            <span className="muted">its processes are gone; Stop removes what is left</span>
          )}
        </p>
      )}
    </li>
  );
}

export function LabPanel() {
  const status = useStore((s) => s.status);
  const restartAgent = useStore((s) => s.restartAgent);
  const { status: lab, busy, problems, statusError, setOpen, refresh, down } = useLab();
  useEffect(() => {
    void refresh();
    const t = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(t);
  }, [refresh, status?.state, status?.euid]);

  const connected = status?.state === 'connected';
  const root = connected && status?.euid === 0 && lab?.root !== false;
  const byPreset = new Map((lab?.containers ?? []).map((c) => [c.preset, c]));
  const orphans = (lab?.containers ?? []).filter((c) => c.orphaned);
  const disabled = !root || busy !== null || Boolean(lab?.problem);
  return (
    <section className="lab-view" data-testid="lab-panel" aria-label="Demo lab">
      <header className="lab-header">
        <h2>Demo lab</h2>
        <span className="sep" />
        {(lab?.containers.length ?? 0) > 0 && (
          <button type="button" disabled={disabled} onClick={() => void down()}>
            Stop all
          </button>
        )}
        <button type="button" onClick={() => setOpen(false)} title="Back to the inspector">
          Close
        </button>
      </header>
      <p className="lab-lead">
        Start containers with contrasting isolation and see, side by side, what the kernel enforces for each. They run under runc
        with a small busybox root filesystem, are named <code>isoscope-demo-…-preset</code>, and are stopped when the app exits.
      </p>
      {!connected ? (
        <p className="lab-note">Waiting for the collector…</p>
      ) : !root ? (
        <p className="lab-note lab-needs-root" data-testid="lab-needs-root">
          The collector is not running as root: the lab needs root (it starts containers).{' '}
          <button type="button" className="link" onClick={() => void restartAgent('pkexec')}>
            Run with root privileges
          </button>
        </p>
      ) : null}
      {connected && statusError && (
        <p className="lab-note lab-problem">The collector could not say what runs in the lab: {statusError}</p>
      )}
      {lab?.problem && <p className="lab-note lab-problem">{lab.problem}</p>}
      {root && orphans.length > 0 && (
        <p className="lab-note lab-leftover" data-testid="lab-leftover">
          {orphans.length} demo container{orphans.length === 1 ? '' : 's'} from an earlier run{' '}
          {orphans.every((c) => c.alive)
            ? orphans.length === 1
              ? 'is still running'
              : 'are still running'
            : orphans.length === 1
              ? 'was left behind'
              : 'were left behind'}{' '}
          —{' '}
          <button type="button" className="link" disabled={busy !== null} onClick={() => void down(orphans.map((c) => c.preset))}>
            Clean up
          </button>
        </p>
      )}
      {busy && (
        <p className="lab-busy" role="status">
          {busy}
        </p>
      )}
      {problems.length > 0 && (
        <ul className="lab-problems">
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      )}
      <ul className="lab-presets">
        {DEMO_PRESETS.map((p) => (
          <PresetCard key={p} preset={p} running={byPreset.get(p)} disabled={disabled} />
        ))}
      </ul>
    </section>
  );
}
