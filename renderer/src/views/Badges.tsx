import { badges } from '../../../shared/rules/isolation.js';
import type { Container } from '../../../shared/snapshot/schema.js';
import { useStore } from '../store/store.js';

export function Badges({ container, compact = false }: { container: Container; compact?: boolean }) {
  // The host's own bounding set (when the snapshot carries it) decides "privileged-like".
  const host = useStore((s) => s.host);
  return (
    <span className={`badges${compact ? ' compact' : ''}`}>
      {badges(container, host).map((b) => (
        <span key={b.key} className={`badge ${b.level}`} title={b.why} data-badge={b.key}>
          {b.label}
        </span>
      ))}
    </span>
  );
}
