// The warning at the top of a container's Overview when more than one process group claimed its
// runtime id (Container.idConflict): which pids claim it and that its identity is not trusted.
import { idConflictWarning } from '../../../../shared/rules/isolation.js';
import type { Container } from '../../../../shared/snapshot/schema.js';
import './idConflict.css';

export function IdConflictBox({ container }: { container: Container }) {
  const w = idConflictWarning(container);
  if (!w) return null;
  return (
    <div className="id-conflict" role="alert" data-testid="id-conflict">
      <strong>{w.title}</strong>
      <p>{w.claims}</p>
      <p>{w.advice}</p>
    </div>
  );
}
