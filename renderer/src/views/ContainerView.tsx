// One container: its identity header and the tabs.
import type { Container } from '../../../shared/snapshot/schema.js';
import { shortId } from '../lib/format.js';
import { HOST_ID, useStore } from '../store/store.js';
import { useWorkspace, type SideRef } from '../store/workspace.js';
import { ExportButtons } from './ExportButtons.js';
import { SourceContext, type ViewSource } from './sourceContext.js';
import { Badges } from './Badges.js';
import { BoundaryBanner } from './sandbox/BoundaryBanner.js';
import { TAB_REGISTRY, tabEntry, type TabEntry } from './tabs/registry.js';
import { AreaIntro } from './explain/AreaIntro.js';
import { hostSideId, RemoteBanner } from './hosts/RemoteBanner.js';
import { OpenedFileHost } from './recording/SourceHost.js';

export function ContainerView({
  container,
  source = { kind: 'live' },
}: {
  container: Container;
  source?: ViewSource & { name?: string; takenAt?: string };
}) {
  const tab = useStore((s) => s.tab);
  const current = tabEntry(tab);
  const setTab = useStore((s) => s.setTab);
  const startCompare = useWorkspace((s) => s.startCompare);
  const side = { source: source.kind, id: container.id } as const;
  return (
    <section className="container-view" data-container={container.id}>
      {source.kind === 'snapshot' && (
        <p className="snapshot-banner" role="note">
          Read-only: from snapshot <strong>{source.name}</strong> taken{' '}
          {source.takenAt ? new Date(source.takenAt).toLocaleString() : 'at an unknown time'}
          <OpenedFileHost /> — not live.
        </p>
      )}
      {source.kind === 'live' && <RemoteBanner id={container.id} />}
      <header className="cv-header">
        <h1>
          {container.name ?? shortId(container.id)}
          <span className="runtime">{container.runtime}</span>
          <span className="sep" />
          <span className="actions">
            <button
              type="button"
              onClick={() =>
                startCompare(side, { source: 'live', id: source.kind === 'live' ? hostSideId(container.id) : HOST_ID })
              }
              title="Compare this container with the host"
            >
              Compare with host
            </button>
            <button
              type="button"
              onClick={() => startCompare(side, pickOther(container.id))}
              title="Compare with another container"
            >
              Compare…
            </button>
            {source.kind === 'live' && <ExportButtons ids={[container.id]} label={container.name ?? shortId(container.id)} />}
          </span>
        </h1>
        <Badges container={container} />
        <BoundaryBanner sandbox={container.sandbox} />
      </header>
      <div className="tabs" role="tablist" aria-label="Container facts">
        {TAB_REGISTRY.map((t: TabEntry & { id: typeof tab }) => (
          <button
            key={t.id}
            role="tab"
            type="button"
            aria-selected={tab === t.id}
            className={tab === t.id ? 'active' : ''}
            onClick={() => setTab(t.id)}
            title={`${t.label} (${t.key})`}
          >
            {t.label}
            {t.liveMark && source.kind === 'live' && <t.liveMark id={container.id} />}
          </button>
        ))}
      </div>
      <SourceContext.Provider value={source}>
        <div className="tab-panel" role="tabpanel" aria-label={current.label}>
          {/* Distinct keys: two siblings keyed alike left the previous tab's intro behind on a switch. */}
          <AreaIntro key={`intro-${tab}`} tab={tab} container={container} />
          <current.component key={`panel-${tab}`} container={container} />
        </div>
      </SourceContext.Provider>
    </section>
  );
}

/** Another live container to start a comparison with (the user can change it). */
function pickOther(id: string): SideRef {
  const others = Object.keys(useStore.getState().containers).filter((x) => x !== id);
  return { source: 'live', id: others[0] ?? HOST_ID };
}
