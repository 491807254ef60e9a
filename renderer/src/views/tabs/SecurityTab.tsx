import type { Container } from '../../../../shared/snapshot/schema.js';

// Written in the next step (views helper).
export function SecurityTab({ container }: { container: Container }) {
  return <p className="todo">Security: {container.id}</p>;
}
