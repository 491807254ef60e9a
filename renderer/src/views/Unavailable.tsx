// "unavailable: REASON" for a value the collector could not read, with the detail on hover.
import type { Unavailable as U } from '../../../shared/snapshot/schema.js';

export function findUnavailable(list: U[], field: string): U | undefined {
  return (
    list.find((u) => u.field === field) ?? list.find((u) => u.field.startsWith(field + '.') || field.startsWith(u.field + '.'))
  );
}

export function Unavailable({ list, field }: { list: U[]; field: string }) {
  const u = findUnavailable(list, field);
  return (
    <span className="unavailable" title={u?.detail ?? undefined} data-field={field}>
      unavailable{u ? `: ${u.reason}` : ''}
    </span>
  );
}
