import type { Container } from '../../../../shared/snapshot/schema.js';

// Written in the next step (views helper).
export function ResourcesTab({ container }: { container: Container }) {
  return <p className="todo">Resources: {container.id}</p>;
}
