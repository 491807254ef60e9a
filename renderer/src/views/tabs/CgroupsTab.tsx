import type { Container } from '../../../../shared/snapshot/schema.js';

// Written in the next step (views helper).
export function CgroupsTab({ container }: { container: Container }) {
  return <p className="todo">Cgroups: {container.id}</p>;
}
