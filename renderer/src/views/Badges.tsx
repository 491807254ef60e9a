import { badges } from '../../../shared/rules/isolation.js';
import type { Container } from '../../../shared/snapshot/schema.js';

export function Badges({ container, compact = false }: { container: Container; compact?: boolean }) {
  return (
    <span className={`badges${compact ? ' compact' : ''}`}>
      {badges(container).map((b) => (
        <span key={b.key} className={`badge ${b.level}`} title={b.why} data-badge={b.key}>
          {b.label}
        </span>
      ))}
    </span>
  );
}
