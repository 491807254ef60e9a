// The container view's tabs, in one place: the list (id, label, key, in order) is tabList.ts,
// which anything may import; this file gives each listed tab its component. The tab strip
// (ContainerView) draws from here; the store's TabId, the keyboard shortcuts (useKeyboard) and
// the labels that views print (e.g. the findings' "see Capabilities") derive from the list. A
// new tab is one entry in each file and its component: the compiler refuses a listed tab
// without a component.
//
// The host view is not tabbed (HostView has its own sections): every tab applies to every
// container, a gVisor or Kata sandbox's included (its facts are the sandbox process's).
import type { ComponentType } from 'react';
import type { Container } from '../../../../shared/snapshot/schema.js';
import { MountsTab } from '../mounts/MountsTab.js';
import { ChangedMark } from '../timeline/ChangedMark.js';
import { TimelineTab } from '../timeline/TimelineTab.js';
import { CapabilitiesTab } from './CapabilitiesTab.js';
import { CgroupsTab } from './CgroupsTab.js';
import { NamespacesTab } from './NamespacesTab.js';
import { OverviewTab } from './OverviewTab.js';
import { ProcessesTab } from './ProcessesTab.js';
import { ResourcesTab } from './ResourcesTab.js';
import { SecurityTab } from './SecurityTab.js';
import { TAB_LIST, type TabId, type TabListEntry } from './tabList.js';

interface TabView {
  readonly component: ComponentType<{ container: Container }>;
  /** Drawn after the label for a live container (e.g. "changed since first seen"). */
  readonly liveMark?: ComponentType<{ id: string }>;
}

export type TabEntry = TabListEntry & TabView & { readonly id: TabId };

const VIEWS: Record<TabId, TabView> = {
  overview: { component: OverviewTab },
  processes: { component: ProcessesTab },
  namespaces: { component: NamespacesTab },
  cgroups: { component: CgroupsTab },
  capabilities: { component: CapabilitiesTab },
  security: { component: SecurityTab },
  mounts: { component: MountsTab },
  resources: { component: ResourcesTab },
  timeline: { component: TimelineTab, liveMark: ChangedMark },
};

/** In tab-strip order (tabList.ts). */
export const TAB_REGISTRY: readonly TabEntry[] = TAB_LIST.map((t) => ({ ...t, ...VIEWS[t.id] }));

const BY_ID: ReadonlyMap<string, TabEntry> = new Map(TAB_REGISTRY.map((t) => [t.id, t]));

/** The tab's entry; the first tab's for an id the registry does not know. */
export function tabEntry(id: string): TabEntry {
  return BY_ID.get(id) ?? TAB_REGISTRY[0]!;
}
