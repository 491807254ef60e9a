// "Export JSON / HTML / Markdown" of the host or of chosen containers.
import { useState } from 'react';
import { exportSnapshot, type ExportFormat } from '../lib/exporting.js';
import { useStore } from '../store/store.js';

export function ExportButtons({ ids, label }: { ids: string[] | null; label: string }) {
  const [busy, setBusy] = useState(false);
  const run = (f: ExportFormat) => {
    setBusy(true);
    void exportSnapshot(useStore, f, ids, label).finally(() => setBusy(false));
  };
  return (
    <span className="export-buttons" aria-label="Export">
      Export
      {(['json', 'html', 'md'] as const).map((f) => (
        <button
          key={f}
          type="button"
          disabled={busy}
          onClick={() => run(f)}
          title={
            f === 'json'
              ? 'Snapshot file (re-openable), with recent resource history'
              : f === 'html'
                ? 'Self-contained report, readable offline'
                : 'Markdown summary for tickets'
          }
        >
          {f === 'md' ? 'MD' : f.toUpperCase()}
        </button>
      ))}
    </span>
  );
}
