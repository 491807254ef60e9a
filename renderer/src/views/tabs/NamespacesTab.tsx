import type { Container } from '../../../../shared/snapshot/schema.js';

// Written in the next step (views helper).
export function NamespacesTab({ container }: { container: Container }) {
  return <p className="todo">Namespaces: {container.id}</p>;
}
