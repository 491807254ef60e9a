import type { Container } from '../../../../shared/snapshot/schema.js';

// Written in the next step (views helper).
export function ProcessesTab({ container }: { container: Container }) {
  return <p className="todo">Processes: {container.id}</p>;
}
