import type { Container } from '../../../../shared/snapshot/schema.js';

// Written in the next step (views helper).
export function CapabilitiesTab({ container }: { container: Container }) {
  return <p className="todo">Capabilities: {container.id}</p>;
}
