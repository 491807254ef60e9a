// The facts shown side by side in a comparison, section by section, as text: the compare rows
// of every isolation area. A row is marked different when the diff engine reported a difference
// in its section and field, or (unless the area says text is no guide) when the texts differ.
// Pure; the renderer's compare view shows them.
import type { Area, Difference, Side } from '../diff/types.js';
import { isolationAreas } from './registry.js';
import { has, type FactSpec } from './types.js';

export interface FactRow {
  area: Area;
  /** Matches Difference.field (or a prefix of it). */
  field: string;
  label: string;
  a: string;
  b: string;
  differs: boolean;
  lessIsolated: 'a' | 'b' | null;
}

/** The compare rows of every registered area, each with the section it is listed under. */
function rowSpecs(): (FactSpec & { area: Area })[] {
  return isolationAreas().flatMap((area) =>
    area.section !== null && has(area.compareFacts) ? area.compareFacts.map((f) => ({ ...f, area: area.section! })) : [],
  );
}

/** The difference (if any) that concerns a row: same section, and a field that names it. */
function concerning(diffs: Difference[], area: Area, field: string): Difference | undefined {
  return diffs.find((d) => d.area === area && d.field.startsWith(field));
}

export function factRows(a: Side, b: Side, diffs: Difference[]): FactRow[] {
  return rowSpecs().map((r) => {
    const d = concerning(diffs, r.area, r.field);
    const va = r.get(a.container, a);
    const vb = r.get(b.container, b);
    const textDiffers = r.differsByText !== false && va !== vb;
    return {
      area: r.area,
      field: r.field,
      label: r.label,
      a: va,
      b: vb,
      differs: d !== undefined || textDiffers,
      lessIsolated: d?.lessIsolated ?? null,
    };
  });
}
