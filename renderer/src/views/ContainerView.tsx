// One container: its identity header and the tabs.
import type { Container } from '../../../shared/snapshot/schema.js';
import { shortId } from '../lib/format.js';
import { HOST_ID, TABS, useStore, type TabId } from '../store/store.js';
import { useWorkspace, type SideRef } from '../store/workspace.js';
import { ExportButtons } from './ExportButtons.js';
import { SourceContext, type ViewSource } from './sourceContext.js';
import { Badges } from './Badges.js';
import { BoundaryBanner } from './sandbox/BoundaryBanner.js';
import { MountsTab } from './mounts/MountsTab.js';
import { CapabilitiesTab } from './tabs/CapabilitiesTab.js';
import { CgroupsTab } from './tabs/CgroupsTab.js';
import { NamespacesTab } from './tabs/NamespacesTab.js';
import { OverviewTab } from './tabs/OverviewTab.js';
import { ProcessesTab } from './tabs/ProcessesTab.js';
import { ResourcesTab } from './tabs/ResourcesTab.js';
import { SecurityTab } from './tabs/SecurityTab.js';
import { TimelineTab } from './timeline/TimelineTab.js';
import { ChangedMark } from './timeline/ChangedMark.js';
import { AreaIntro } from './explain/AreaIntro.js';

const LABELS: Record<TabId, string> = {
  overview: 'Overview', processes: 'Processes', namespaces: 'Namespaces', cgroups: 'Cgroups',
  capabilities: 'Capabilities', security: 'Seccomp & MAC', mounts: 'Mounts & devices', resources: 'Resources', timeline: 'Timeline',
};

export function ContainerView({ container, source = { kind: 'live' } }: { container: Container; source?: ViewSource & { name?: string; takenAt?: string } }) {
  const tab = useStore((s) => s.tab);
  const setTab = useStore((s) => s.setTab);
  const startCompare = useWorkspace((s) => s.startCompare);
  const side = { source: source.kind, id: container.id } as const;
  return (
    <section className="container-view" data-container={container.id}>
      {source.kind === 'snapshot' && (
        <p className="snapshot-banner" role="note">
          Read-only: from snapshot <strong>{source.name}</strong> taken {source.takenAt ? new Date(source.takenAt).toLocaleString() : 'at an unknown time'} — not live.
        </p>
      )}
      <header className="cv-header">
        <h1>
          {container.name ?? shortId(container.id)}
          <span className="runtime">{container.runtime}</span>
          <span className="sep" />
          <span className="actions">
            <button type="button" onClick={() => startCompare(side, { source: 'live', id: HOST_ID })} title="Compare this container with the host">
              Compare with host
            </button>
            <button type="button" onClick={() => startCompare(side, pickOther(container.id))} title="Compare with another container">
              Compare…
            </button>
            {source.kind === 'live' && <ExportButtons ids={[container.id]} label={container.name ?? shortId(container.id)} />}
          </span>
        </h1>
        <Badges container={container} />
        <BoundaryBanner sandbox={container.sandbox} />
      </header>
      <div className="tabs" role="tablist" aria-label="Container facts">
        {TABS.map((t, i) => (
          <button key={t} role="tab" type="button" aria-selected={tab === t} className={tab === t ? 'active' : ''} onClick={() => setTab(t)} title={`${LABELS[t]} (${i + 1})`}>
            {LABELS[t]}
            {t === 'timeline' && source.kind === 'live' && <ChangedMark id={container.id} />}
          </button>
        ))}
      </div>
      <SourceContext.Provider value={source}>
      <div className="tab-panel" role="tabpanel" aria-label={LABELS[tab]}>
        <AreaIntro key={tab} tab={tab} container={container} />
        {tab === 'overview' && <OverviewTab container={container} />}
        {tab === 'processes' && <ProcessesTab container={container} />}
        {tab === 'namespaces' && <NamespacesTab container={container} />}
        {tab === 'cgroups' && <CgroupsTab container={container} />}
        {tab === 'capabilities' && <CapabilitiesTab container={container} />}
        {tab === 'security' && <SecurityTab container={container} />}
        {tab === 'mounts' && <MountsTab container={container} />}
        {tab === 'resources' && <ResourcesTab container={container} />}
        {tab === 'timeline' && <TimelineTab container={container} />}
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
