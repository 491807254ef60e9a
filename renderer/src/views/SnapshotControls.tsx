// Opening a snapshot file (button, Ctrl+O, the desktop menu, or dropping a file on the window) and the
// imported snapshot's containers in the sidebar.
import { useEffect, useRef } from 'react';
import { shortId } from '../lib/format.js';
import { useStore } from '../store/store.js';
import { Badges } from './Badges.js';
import { SNAP_PREFIX, useWorkspace } from '../store/workspace.js';
import { gunzip } from '../lib/recorder.js';
import { SourceHost } from './recording/SourceHost.js';

async function importFile(file: File): Promise<void> {
  if (file.size > 256 * 1024 * 1024) {
    useWorkspace.setState({ importError: `${file.name}: larger than 256 MiB` });
    return;
  }
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  const gzipped = head[0] === 0x1f && head[1] === 0x8b;
  let text: string;
  try {
    text = gzipped ? await gunzip(file) : await file.text();
  } catch (err) {
    useWorkspace.setState({ importError: `${file.name}: not readable (${(err as Error).message})` });
    return;
  }
  const isRecording = text.trimStart().startsWith('{"format":"isoscope-recording"');
  const ws = useWorkspace.getState();
  const ok = isRecording ? ws.importRecording(file.name, text) : ws.importText(file.name, text);
  const first = useWorkspace.getState().imported?.snapshot.containers[0];
  if (ok && first) useStore.getState().select(SNAP_PREFIX + first.id);
}

export function OpenSnapshotButton() {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        input.current?.click();
      }
    };
    const onDrop = (e: DragEvent) => {
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      void importFile(file);
    };
    const onDragOver = (e: DragEvent) => e.preventDefault();
    // The desktop menu's "Open Snapshot…": the main process shows the dialog and reads the file
    // (a push carries no user activation, so clicking the input from here could do nothing).
    const offOpenFile = useStore.getState().api?.on('openFile', (opened) => {
      if ('error' in opened) useWorkspace.setState({ importError: `${opened.name}: ${opened.error}` });
      else void importFile(new File([opened.bytes], opened.name));
    });
    window.addEventListener('keydown', onKey);
    window.addEventListener('drop', onDrop);
    window.addEventListener('dragover', onDragOver);
    return () => {
      offOpenFile?.();
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('drop', onDrop);
      window.removeEventListener('dragover', onDragOver);
    };
  }, []);
  return (
    <>
      <button
        type="button"
        onClick={() => input.current?.click()}
        title="Open a snapshot file or a recording (Ctrl+O, or drop it on the window)"
      >
        Open snapshot or recording…
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,.gz,.ndjson,application/json,application/gzip"
        hidden
        data-testid="snapshot-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void importFile(file);
          e.target.value = '';
        }}
      />
    </>
  );
}

export function ImportedGroup() {
  const imported = useWorkspace((s) => s.imported);
  const replay = useWorkspace((s) => s.replay);
  const importError = useWorkspace((s) => s.importError);
  const close = useWorkspace((s) => s.closeImported);
  const selectedId = useStore((s) => s.selectedId);
  const select = useStore((s) => s.select);
  return (
    <>
      {importError && (
        <p className="import-error" role="alert">
          Could not open {importError}
          <button type="button" className="link" onClick={() => useWorkspace.setState({ importError: null })}>
            dismiss
          </button>
        </p>
      )}
      {imported && (
        <li className="group snapshot-group" data-runtime="snapshot">
          <div
            className="group-title"
            title={`taken ${imported.snapshot.takenAt}${imported.migratedFrom !== null ? `, migrated from schema v${imported.migratedFrom}` : ''}`}
          >
            Snapshot {imported.name} <span className="count">{imported.snapshot.containers.length}</span>
            <button type="button" className="link" onClick={close} aria-label="Close the snapshot">
              close
            </button>
          </div>
          {replay ? (
            <ReplaySlider />
          ) : (
            <>
              <div className="snapshot-when">taken {new Date(imported.snapshot.takenAt).toLocaleString()}</div>
              <SourceHost source={imported.snapshot.source} host={imported.snapshot.host} what="taken" />
            </>
          )}
          <ul>
            {imported.snapshot.containers.map((c) => {
              const id = SNAP_PREFIX + c.id;
              return (
                <li
                  key={id}
                  role="option"
                  aria-selected={selectedId === id}
                  className={`item${selectedId === id ? ' selected' : ''}`}
                  data-id={id}
                  onClick={() => select(id)}
                >
                  <span className="name">{c.name ?? shortId(c.id)}</span>
                  <span className="sub">
                    {c.runtime} · {shortId(c.id)}
                  </span>
                  <Badges container={c} compact />
                </li>
              );
            })}
          </ul>
        </li>
      )}
    </>
  );
}

/** Moves a replayed recording through time. */
function ReplaySlider() {
  const replay = useWorkspace((s) => s.replay)!;
  const seek = useWorkspace((s) => s.seek);
  const { start, end, events, header } = replay.recording;
  return (
    <div className="replay">
      <SourceHost source={header.source} host={header.host} what="recorded" />
      <input
        type="range"
        min={start}
        max={Math.max(end, start + 1)}
        step={250}
        value={replay.at}
        onChange={(e) => seek(Number(e.target.value))}
        aria-label="Replay time"
        data-testid="replay-slider"
      />
      <div className="snapshot-when">
        recording at {new Date(replay.at).toLocaleTimeString([], { hour12: false })} · {Math.round((replay.at - start) / 1000)} s
        of {Math.round((end - start) / 1000)} s · {events.length} events
      </div>
    </div>
  );
}
