// Keyboard: ↑/↓ (or k/j) move through the host and containers in sidebar order, each tab's key
// (views/tabs/tabList.ts: 1–9) or ←/→ switch tabs, / focuses the filter.
import { useEffect } from 'react';
import { HOST_ID, useStore } from '../store/store.js';
import { tabForKey } from './tabs/tabList.js';
import { visibleContainers } from './visible.js';
import { useWorkspace } from '../store/workspace.js';
import { exportSnapshot } from '../lib/exporting.js';

export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA');
      const s = useStore.getState();
      if (e.key === '/' && !typing) {
        e.preventDefault();
        document.querySelector<HTMLInputElement>('.search')?.focus();
        return;
      }
      if (e.key === 'Escape' && useWorkspace.getState().compare) {
        useWorkspace.getState().closeCompare();
        return;
      }
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        const id = s.selectedId;
        const c = id && id !== HOST_ID ? s.containers[id] : undefined;
        void exportSnapshot(useStore, 'json', c ? [c.id] : null, c?.name ?? s.host?.hostname ?? 'host');
        return;
      }
      if (typing || e.altKey || e.ctrlKey || e.metaKey) return;
      const order = [HOST_ID, ...visibleContainers(s.containers, s.filter).map((c) => c.id)];
      const at = Math.max(0, order.indexOf(s.selectedId ?? HOST_ID));
      if (e.key === 'ArrowDown' || e.key === 'j') {
        e.preventDefault();
        s.select(order[Math.min(order.length - 1, at + 1)]!);
      } else if (e.key === 'ArrowUp' || e.key === 'k') {
        e.preventDefault();
        s.select(order[Math.max(0, at - 1)]!);
      } else {
        // Each tab's own key (its title says "(key)"), or ←/→ along the tab strip.
        const tab = tabForKey(e.key, s.tab);
        if (tab) s.setTab(tab);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
