// One container: its identity header and the tabs.
import type { Container } from '../../../shared/snapshot/schema.js';
import { shortId } from '../lib/format.js';
import { TABS, useStore, type TabId } from '../store/store.js';
import { Badges } from './Badges.js';
import { CapabilitiesTab } from './tabs/CapabilitiesTab.js';
import { CgroupsTab } from './tabs/CgroupsTab.js';
import { NamespacesTab } from './tabs/NamespacesTab.js';
import { OverviewTab } from './tabs/OverviewTab.js';
import { ProcessesTab } from './tabs/ProcessesTab.js';
import { ResourcesTab } from './tabs/ResourcesTab.js';
import { SecurityTab } from './tabs/SecurityTab.js';

const LABELS: Record<TabId, string> = {
  overview: 'Overview', processes: 'Processes', namespaces: 'Namespaces', cgroups: 'Cgroups',
  capabilities: 'Capabilities', security: 'Seccomp & MAC', resources: 'Resources',
};

export function ContainerView({ container }: { container: Container }) {
  const tab = useStore((s) => s.tab);
  const setTab = useStore((s) => s.setTab);
  return (
    <section className="container-view" data-container={container.id}>
      <header className="cv-header">
        <h1>
          {container.name ?? shortId(container.id)}
          <span className="runtime">{container.runtime}</span>
        </h1>
        <Badges container={container} />
      </header>
      <div className="tabs" role="tablist" aria-label="Container facts">
        {TABS.map((t, i) => (
          <button key={t} role="tab" type="button" aria-selected={tab === t} className={tab === t ? 'active' : ''} onClick={() => setTab(t)} title={`${LABELS[t]} (${i + 1})`}>
            {LABELS[t]}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" aria-label={LABELS[tab]}>
        {tab === 'overview' && <OverviewTab container={container} />}
        {tab === 'processes' && <ProcessesTab container={container} />}
        {tab === 'namespaces' && <NamespacesTab container={container} />}
        {tab === 'cgroups' && <CgroupsTab container={container} />}
        {tab === 'capabilities' && <CapabilitiesTab container={container} />}
        {tab === 'security' && <SecurityTab container={container} />}
        {tab === 'resources' && <ResourcesTab container={container} />}
      </div>
    </section>
  );
}
