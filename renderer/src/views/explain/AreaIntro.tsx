// "What this is and why it matters here", at the top of each container tab: a few lines that
// teach the kernel feature behind the tab and sentences computed from this container's facts
// (shared/explain), with links to the man pages. Collapsible; the choice is remembered.
import { useContext, useMemo, useState } from 'react';
import { explainTab, type Explanation, type Tone } from '../../../../shared/explain/index.js';
import type { Container } from '../../../../shared/snapshot/schema.js';
import { useContainerHost } from '../../store/hosts.js';
import { useStore } from '../../store/store.js';
import { SourceContext } from '../sourceContext.js';
import './explain.css';

const STORAGE_KEY = 'isoscope.explain.collapsed';

function storedCollapsed(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

function storeCollapsed(collapsed: boolean): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, collapsed ? '1' : '0');
  } catch {
    // Storage refused (private mode): the choice lasts for this view only.
  }
}

const TONE_WORD: Record<Tone, string> = { good: 'good', warn: 'weak', bad: 'bad', info: 'note', unknown: 'unavailable' };

/** Isolation changes known for the container: live from the store, or saved with a snapshot; undefined when the snapshot carries none. */
function useEventCount(id: string): number | undefined {
  const source = useContext(SourceContext);
  const live = useStore((s) => (Object.hasOwn(s.isolation, id) ? s.isolation[id]!.length : 0));
  if (source.kind === 'live') return live;
  if (!source.isolation) return undefined;
  return Object.hasOwn(source.isolation, id) ? source.isolation[id]!.length : 0;
}

function Area({ e, titled }: { e: Explanation; titled: boolean }) {
  return (
    <section className="explain-area" data-area={e.area}>
      {titled && <h3>{e.title}</h3>}
      <p className="explain-what">{e.what.join(' ')}</p>
      {e.here.length > 0 && (
        <ul className="explain-here" aria-label={`${e.title}: what it means for this container`}>
          {e.here.map((h, i) => (
            <li key={i} className={`tone-${h.tone}`} data-tone={h.tone}>
              <span className="tone-dot" aria-hidden />
              <span className="sr-only">{TONE_WORD[h.tone]}: </span>
              {h.text}
            </li>
          ))}
        </ul>
      )}
      <p className="explain-links">
        Read more:{' '}
        {e.links.map((l, i) => (
          <span key={l.url}>
            {i > 0 && ' · '}
            <a href={l.url} target="_blank" rel="noreferrer noopener">
              {l.label}
            </a>
          </span>
        ))}
      </p>
    </section>
  );
}

export function AreaIntro({ tab, container }: { tab: string; container: Container }) {
  // The container's own host: a remote container is explained against its host's facts.
  const host = useContainerHost(container.id);
  const events = useEventCount(container.id);
  const [collapsed, setCollapsed] = useState(storedCollapsed);
  const explanations = useMemo(() => explainTab(tab, { container, host, events }), [tab, container, host, events]);
  if (explanations.length === 0) return null;
  const toggle = () => {
    storeCollapsed(!collapsed);
    setCollapsed(!collapsed);
  };
  const titles = explanations.map((e) => e.title).join(' and ');
  return (
    <aside className={`area-intro${collapsed ? ' collapsed' : ''}`} data-area-intro={tab} aria-label={`About ${titles}`}>
      <button type="button" className="area-intro-toggle" aria-expanded={!collapsed} onClick={toggle}>
        <span className="chevron" aria-hidden>
          {collapsed ? '▸' : '▾'}
        </span>{' '}
        {titles}: what this is and why it matters here
      </button>
      {!collapsed && (
        <div className="area-intro-body">
          {explanations.map((e) => (
            <Area key={e.area} e={e} titled={explanations.length > 1} />
          ))}
        </div>
      )}
    </aside>
  );
}
