// A container's isolation timeline: every change the collector saw in its processes without a
// restart — capabilities gained or dropped, NoNewPrivs, seccomp filters, uid/gid, namespaces
// entered or left, LSM context — and processes that entered it less isolated than its init.
// Newest first; each row says which process, what changed, from what to what, and when.
import { useContext } from 'react';
import type { IsolationEvent } from '../../../../shared/snapshot/isolationEvents.js';
import { changeTitle, describeChange } from '../../../../shared/snapshot/isolationChanges.js';
import type { Container } from '../../../../shared/snapshot/schema.js';
import { useStore } from '../../store/store.js';
import { SourceContext } from '../sourceContext.js';
import '../tabs/tabs.css';
import './timeline.css';

const EMPTY: IsolationEvent[] = [];

/** The isolation events of a container from wherever the view's data comes from. */
export function useIsolationEvents(id: string): IsolationEvent[] {
  const source = useContext(SourceContext);
  const live = useStore((s) => (Object.hasOwn(s.isolation, id) ? s.isolation[id]! : EMPTY));
  return source.kind === 'live' ? live : source.isolation && Object.hasOwn(source.isolation, id) ? source.isolation[id]! : EMPTY;
}

/** Long text (capability lists) cut to one line, the whole of it one click away. */
function Long({ text, className }: { text: string; className?: string }) {
  if (text.length <= 90) return <span className={className}>{text}</span>;
  const cut = text.slice(0, text.lastIndexOf(' ', 80) > 0 ? text.lastIndexOf(' ', 80) : 80);
  return (
    <details className={`tl-long ${className ?? ''}`}>
      <summary>{cut} …</summary>
      <span>{text}</span>
    </details>
  );
}

const capNames = (names: string[]) => names.map((n) => n.replace(/^CAP_/, '')).join(' ');

const time = (t: number) => new Date(t).toLocaleTimeString(undefined, { hour12: false });

function Effect({ e }: { e: IsolationEvent }) {
  if (e.weakens === true)
    return (
      <span className="marker bad tl-effect">
        <span className="marker-dot" aria-hidden />
        weaker
      </span>
    );
  if (e.weakens === false)
    return (
      <span className="marker good tl-effect">
        <span className="marker-dot" aria-hidden />
        stronger
      </span>
    );
  return (
    <span className="marker unknown tl-effect">
      <span className="marker-dot" aria-hidden />
      neutral
    </span>
  );
}

function Details({ e }: { e: IsolationEvent }) {
  const c = e.change;
  if (c.kind === 'capabilities') {
    return (
      <ul className="tl-sets">
        {c.sets.map((s) => (
          <li key={s.set}>
            <strong>{s.set}</strong> <code>{s.fromHex}</code> → <code>{s.toHex}</code>
            {s.lost.length > 0 && <Long className="tl-lost" text={`lost ${s.lost.length}: ${capNames(s.lost)}`} />}
            {s.gained.length > 0 && <Long className="tl-gained" text={`gained ${s.gained.length}: ${capNames(s.gained)}`} />}
          </li>
        ))}
      </ul>
    );
  }
  if (c.kind === 'weakerEntry') {
    return (
      <ul className="tl-sets">
        {c.weaker.map((w) => (
          <li key={w.field}>
            <strong>{w.field}</strong> <span className="muted">(init: {w.init.replace(/CAP_/g, '')})</span>
            <Long className="tl-gained" text={w.process.replace(/CAP_/g, '')} />
          </li>
        ))}
      </ul>
    );
  }
  return <span>{describeChange(c)}</span>;
}

export function TimelineTab({ container }: { container: Container }) {
  const events = useIsolationEvents(container.id);
  const source = useContext(SourceContext);
  const weaker = events.filter((e) => e.weakens === true).length;
  return (
    <div className="tab timeline">
      <h2 className="first">Isolation changes</h2>
      <p className="lead note">
        What the kernel reported changing in this container’s processes while the collector watched (re-read every tick):
        capabilities, NoNewPrivs, seccomp filters, user and group ids, namespaces and LSM context — none of which needs an exec —
        and processes that entered it less isolated than its init (pid {container.initPid}).
      </p>
      {events.length === 0 ? (
        <p className="tl-empty" data-testid="timeline-empty">
          {source.kind === 'live'
            ? 'No change since the collector first saw this container: its processes have the isolation they started with.'
            : 'This snapshot carries no isolation changes for this container.'}
        </p>
      ) : (
        <>
          <p className="tl-summary" data-testid="timeline-summary">
            {events.length} change{events.length === 1 ? '' : 's'}
            {weaker > 0 ? (
              <>
                , <span className="bad-text">{weaker} weakening isolation</span>
              </>
            ) : (
              ', none weakening isolation'
            )}
            .
          </p>
          <table className="grid tl-table" aria-label="Isolation changes, newest first">
            <thead>
              <tr>
                <th>Time</th>
                <th>Process</th>
                <th>Change</th>
                <th>Effect</th>
                <th>From → to</th>
              </tr>
            </thead>
            <tbody>
              {[...events].reverse().map((e, i) => (
                <tr
                  key={`${e.t}-${e.pid}-${i}`}
                  data-kind={e.change.kind}
                  data-pid={e.pid}
                  className={e.weakens ? 'tl-weaker' : ''}
                >
                  <td
                    className="num"
                    title={
                      e.since
                        ? `between ${new Date(e.since).toLocaleString()} and ${new Date(e.t).toLocaleString()}`
                        : new Date(e.t).toLocaleString()
                    }
                  >
                    {time(e.t)}
                  </td>
                  <td>
                    <code>{e.comm}</code> <span className="muted">pid {e.pid}</span>
                  </td>
                  <td>{changeTitle(e.change)}</td>
                  <td>
                    <Effect e={e} />
                  </td>
                  <td className="tl-detail">
                    <Details e={e} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
