// The container view's tabs as a list: id, label and keyboard key, in tab-strip order. No
// components here, so any view may name a tab (the findings panel's "see Capabilities") without
// importing every tab; registry.ts gives each entry its component.

export interface TabListEntry {
  readonly id: string;
  readonly label: string;
  /** The key that opens it (the tab's title says "(key)"). */
  readonly key: string;
}

/** In tab-strip order; ← and → move along it. */
export const TAB_LIST = [
  { id: 'overview', label: 'Overview', key: '1' },
  { id: 'processes', label: 'Processes', key: '2' },
  { id: 'namespaces', label: 'Namespaces', key: '3' },
  { id: 'cgroups', label: 'Cgroups', key: '4' },
  { id: 'capabilities', label: 'Capabilities', key: '5' },
  { id: 'security', label: 'Seccomp & MAC', key: '6' },
  { id: 'mounts', label: 'Mounts & devices', key: '7' },
  { id: 'resources', label: 'Resources', key: '8' },
  { id: 'timeline', label: 'Timeline', key: '9' },
] as const satisfies readonly TabListEntry[];

export type TabId = (typeof TAB_LIST)[number]['id'];

/** Every tab id, in order. */
export const TABS: readonly TabId[] = TAB_LIST.map((t) => t.id);

const LABELS: ReadonlyMap<string, string> = new Map(TAB_LIST.map((t) => [t.id, t.label]));

/** A tab's label; an unknown id as it came. */
export function tabLabel(id: string): string {
  return LABELS.get(id) ?? id;
}

/** The tab a key press opens from `current`: its own key, or ← / → to the previous / next (wrapping). */
export function tabForKey(key: string, current: TabId): TabId | null {
  const direct = TAB_LIST.find((t) => t.key === key);
  if (direct) return direct.id;
  if (key !== 'ArrowRight' && key !== 'ArrowLeft') return null;
  const i = TABS.indexOf(current);
  return TABS[(i + (key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
}
