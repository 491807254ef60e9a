// The container view's tabs, in one place: id, label, keyboard key and the component that
// draws it. The tab strip (ContainerView), the store's TabId and the keyboard shortcuts
// (useKeyboard) all derive from this list. A new tab is one entry here and its component.
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

export interface TabEntry {
  readonly id: string;
  readonly label: string;
  /** The key that opens it (the tab's title says "(key)"). */
  readonly key: string;
  readonly component: ComponentType<{ container: Container }>;
  /** Drawn after the label for a live container (e.g. "changed since first seen"). */
  readonly liveMark?: ComponentType<{ id: string }>;
}

/** In tab-strip order; ← and → move along it. */
export const TAB_REGISTRY = [
  { id: 'overview', label: 'Overview', key: '1', component: OverviewTab },
  { id: 'processes', label: 'Processes', key: '2', component: ProcessesTab },
  { id: 'namespaces', label: 'Namespaces', key: '3', component: NamespacesTab },
  { id: 'cgroups', label: 'Cgroups', key: '4', component: CgroupsTab },
  { id: 'capabilities', label: 'Capabilities', key: '5', component: CapabilitiesTab },
  { id: 'security', label: 'Seccomp & MAC', key: '6', component: SecurityTab },
  { id: 'mounts', label: 'Mounts & devices', key: '7', component: MountsTab },
  { id: 'resources', label: 'Resources', key: '8', component: ResourcesTab },
  { id: 'timeline', label: 'Timeline', key: '9', component: TimelineTab, liveMark: ChangedMark },
] as const satisfies readonly TabEntry[];

export type TabId = (typeof TAB_REGISTRY)[number]['id'];

/** Every tab id, in order. */
export const TABS: readonly TabId[] = TAB_REGISTRY.map((t) => t.id);

const BY_ID: ReadonlyMap<string, TabEntry> = new Map(TAB_REGISTRY.map((t) => [t.id, t]));

/** The tab's entry; the first tab's for an id the registry does not know. */
export function tabEntry(id: string): TabEntry {
  return BY_ID.get(id) ?? TAB_REGISTRY[0];
}

/** A tab's label; an unknown id as it came. */
export function tabLabel(id: string): string {
  return BY_ID.get(id)?.label ?? id;
}

/** The tab a key press opens from `current`: its own key, or ← / → to the previous / next (wrapping). */
export function tabForKey(key: string, current: TabId): TabId | null {
  const direct = TAB_REGISTRY.find((t) => t.key === key);
  if (direct) return direct.id;
  if (key !== 'ArrowRight' && key !== 'ArrowLeft') return null;
  const i = TABS.indexOf(current);
  return TABS[(i + (key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
}
