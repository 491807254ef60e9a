// The facts shown side by side in a comparison: the compare rows of every isolation area
// (shared/areas/compareFacts.ts), and the count of namespaces a container shares with the host.
import { hostShared } from '../../../../shared/rules/isolation.js';
import type { Container } from '../../../../shared/snapshot/schema.js';

export { factRows, type FactRow } from '../../../../shared/areas/compareFacts.js';

export const hostSharedCount = (c: Container) => hostShared(c).length;
