// Which host an opened recording or snapshot file came from, under its name in the sidebar: a
// remote host's ssh:// URL with its hostname, or the hostname of the machine that took it. Files
// made before hosts carry no source: they were taken where the app ran, and say only the hostname.
import type { Host } from '../../../../shared/snapshot/schema.js';
import { useWorkspace } from '../../store/workspace.js';

export function SourceHost({ source, host, what }: { source: { host: string } | undefined; host: Host | null; what: string }) {
  const name = host?.hostname ?? 'a host whose name could not be read';
  const remote = source !== undefined && source.host !== 'local';
  return (
    <div className="snapshot-when source-host" data-testid="source-host" data-host={source?.host ?? ''}>
      {what} on {remote ? <strong>{source.host}</strong> : name}
      {remote && <span className="muted"> ({name}, over SSH)</span>}
    </div>
  );
}

/** " on ssh://… (hostname)" after the read-only banner of an opened file from a remote host; nothing otherwise. */
export function OpenedFileHost() {
  const source = useWorkspace((s) => (s.replay ? s.replay.recording.header.source : s.imported?.snapshot.source));
  const hostname = useWorkspace((s) =>
    s.replay ? s.replay.recording.header.host?.hostname : s.imported?.snapshot.host.hostname,
  );
  if (!source || source.host === 'local') return null;
  return (
    <span className="opened-file-host" data-host={source.host}>
      {' '}
      on <strong>{source.host}</strong>
      {hostname ? ` (${hostname})` : ''}
    </span>
  );
}
