import type { Container } from '../../../../shared/snapshot/schema.js';

// Written in the next step (views helper).
export function OverviewTab({ container }: { container: Container }) {
  return <p className="todo">Overview: {container.id}</p>;
}
