// The containers the sidebar shows, in its order: by runtime, then pod, then name.
import type { Container } from '../../../shared/snapshot/schema.js';

export function visibleContainers(all: Record<string, Container>, filter: string): Container[] {
  const q = filter.trim().toLowerCase();
  return Object.values(all)
    .filter(
      (c) =>
        !q ||
        [c.id, c.name ?? '', c.image ?? '', c.runtime, c.pod?.name ?? '', String(c.initPid)].some((s) =>
          s.toLowerCase().includes(q),
        ),
    )
    .sort(
      (a, b) =>
        a.runtime.localeCompare(b.runtime) ||
        (a.pod?.uid ?? '').localeCompare(b.pod?.uid ?? '') ||
        (a.role === 'pod-sandbox' ? -1 : 0) - (b.role === 'pod-sandbox' ? -1 : 0) ||
        (a.name ?? a.id).localeCompare(b.name ?? b.id),
    );
}
