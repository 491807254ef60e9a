// The tab registry is the one list of the container view's tabs: ids, labels and keys unique,
// the keyboard's map is the registry's, and the store's tab type and default are its ids.
import { describe, expect, it } from 'vitest';
import { useStore } from '../../store/store.js';
import { TAB_REGISTRY, tabEntry } from './registry.js';
import { TAB_LIST, TABS, tabForKey, tabLabel, type TabId } from './tabList.js';

describe('tab registry', () => {
  it('ids, labels and keys are each unique, and every key is one key press', () => {
    for (const field of ['id', 'label', 'key'] as const) {
      const values = TAB_REGISTRY.map((t) => t[field]);
      expect(new Set(values).size, field).toBe(values.length);
    }
    for (const t of TAB_REGISTRY) expect(t.key, t.id).toMatch(/^[1-9a-z]$/);
  });

  it('TABS lists the registry in order, and each tab has a component', () => {
    expect(TABS).toEqual(TAB_REGISTRY.map((t) => t.id));
    expect(TAB_REGISTRY.map(({ id, label, key }) => ({ id, label, key }))).toEqual(TAB_LIST);
    for (const t of TAB_REGISTRY) expect(typeof t.component, t.id).toBe('function');
    for (const t of TAB_REGISTRY) expect(tabEntry(t.id)).toBe(t);
    for (const t of TAB_REGISTRY) expect(tabLabel(t.id)).toBe(t.label);
  });

  it("the keyboard opens each tab with the registry's key, from any tab", () => {
    for (const from of TABS) {
      const map = Object.fromEntries(TAB_REGISTRY.map((t) => [t.key, tabForKey(t.key, from)]));
      expect(map).toEqual(Object.fromEntries(TAB_REGISTRY.map((t) => [t.key, t.id])));
    }
    // A key no tab has opens nothing.
    expect(tabForKey('0', 'overview')).toBeNull();
    expect(tabForKey('x', 'overview')).toBeNull();
  });

  it('← and → walk the tab strip in registry order and wrap at both ends', () => {
    const walk = (key: string) => {
      const seen: TabId[] = [];
      let at: TabId = TABS[0]!;
      for (let i = 0; i < TABS.length; i++) seen.push((at = tabForKey(key, at)!));
      return seen;
    };
    expect(walk('ArrowRight')).toEqual([...TABS.slice(1), TABS[0]]);
    expect(walk('ArrowLeft')).toEqual([...TABS].reverse());
  });

  it("the store starts on a registered tab and setTab takes the registry's ids", () => {
    expect(TABS).toContain(useStore.getState().tab);
    useStore.getState().setTab(TABS.at(-1)!);
    expect(useStore.getState().tab).toBe(TABS.at(-1));
  });
});
