import { useEffect } from 'react';
import { ContainerView } from './views/ContainerView.js';
import { HostView } from './views/HostView.js';
import { Sidebar } from './views/Sidebar.js';
import { StatusBar } from './views/StatusBar.js';
import { useKeyboard } from './views/useKeyboard.js';
import { HOST_ID, useStore } from './store/store.js';
import { SNAP_PREFIX, useWorkspace } from './store/workspace.js';
import { CompareView } from './views/compare/CompareView.js';
import { LabPanel } from './views/lab/LabPanel.js';
import { useLab } from './store/lab.js';

export function App() {
  const selectedId = useStore((s) => s.selectedId);
  const container = useStore((s) => (s.selectedId && s.selectedId !== HOST_ID ? s.containers[s.selectedId] : undefined));
  const comparing = useWorkspace((s) => s.compare !== null);
  const imported = useWorkspace((s) => s.imported);
  const labOpen = useLab((s) => s.open);
  const snapContainer = selectedId?.startsWith(SNAP_PREFIX)
    ? imported?.snapshot.containers.find((c) => SNAP_PREFIX + c.id === selectedId)
    : undefined;
  useKeyboard();
  // Choosing something in the sidebar leaves the Lab panel (not a selection that moved because its container went away).
  useEffect(
    () =>
      useStore.subscribe((s, prev) => {
        if (
          s.selectedId !== prev.selectedId &&
          prev.selectedId !== null &&
          (prev.selectedId === HOST_ID || Object.hasOwn(s.containers, prev.selectedId))
        )
          useLab.getState().setOpen(false);
      }),
    [],
  );
  useEffect(() => {
    document.title = container ? `${container.name ?? container.id} — Isoscope` : 'Isoscope';
  }, [container]);
  return (
    <div className="app">
      <Sidebar />
      <main className="main" aria-live="polite">
        {labOpen ? (
          <LabPanel />
        ) : comparing ? (
          <CompareView />
        ) : snapContainer && imported ? (
          <ContainerView
            container={snapContainer}
            source={{
              kind: 'snapshot',
              history: imported.history,
              isolation: imported.isolation,
              name: imported.name,
              takenAt: imported.snapshot.takenAt,
            }}
          />
        ) : container ? (
          <ContainerView container={container} />
        ) : selectedId === HOST_ID ? (
          <HostView />
        ) : (
          <EmptyMain />
        )}
      </main>
      <StatusBar />
    </div>
  );
}

function EmptyMain() {
  return <div className="empty">Select a container on the left.</div>;
}
