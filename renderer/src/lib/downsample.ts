// Fewer points for a plot that cannot show more: a time series of N points drawn into a plot W
// pixels wide shows at most about one step per pixel or two, so points beyond that cost render
// time and SVG path length without drawing anything new. The window is cut into equal time
// buckets; each bucket keeps, for every series, the point with its smallest and its largest
// value (a one-sample peak survives: it is some series' maximum in its bucket), its first point
// that has no value for a series (so a gap stays a gap: lines are drawn with connectNulls off),
// and the bucket's first and last points. Kept points stay in time order and are the input's
// own objects (tooltips read the real sample). Pure: no DOM, no copies when nothing is dropped.

/** A point with a time and some numeric-or-null series (HistoryPoint and its newer fields). */
export interface TimePoint {
  t: number;
}

/**
 * The points of `points` (sorted by t) worth drawing in `buckets` equal slices of [start, end]
 * for the series `keys`. Returns `points` itself when it has no more than 2 points per bucket.
 */
export function downsample<P extends TimePoint>(
  points: readonly P[],
  keys: readonly string[],
  start: number,
  end: number,
  buckets: number,
): readonly P[] {
  const n = points.length;
  const b = Math.max(1, Math.floor(buckets));
  if (n <= 2 * b || !(end > start)) return points;
  const span = end - start;
  const keep = new Uint8Array(n);
  const value = (p: P, k: string): number | null | undefined => (p as unknown as Record<string, number | null | undefined>)[k];
  let i = 0;
  while (i < n) {
    const t0 = points[i]!.t;
    const bucket = Math.min(b - 1, Math.max(0, Math.floor(((t0 - start) / span) * b)));
    // The bucket's points: [i, j). Points outside [start, end] fall into the edge buckets.
    let j = i + 1;
    while (j < n && Math.min(b - 1, Math.max(0, Math.floor(((points[j]!.t - start) / span) * b))) === bucket) j++;
    keep[i] = 1;
    keep[j - 1] = 1;
    for (const k of keys) {
      let min = -1;
      let max = -1;
      let gap = -1;
      for (let x = i; x < j; x++) {
        const v = value(points[x]!, k);
        if (v === null || v === undefined) {
          if (gap < 0) gap = x;
          continue;
        }
        if (min < 0 || v < value(points[min]!, k)!) min = x;
        if (max < 0 || v > value(points[max]!, k)!) max = x;
      }
      if (min >= 0) keep[min] = 1;
      if (max >= 0) keep[max] = 1;
      if (gap >= 0) {
        keep[gap] = 1;
        // The line resumes after the gap from the gap's neighbours, not from a point far away.
        if (gap > i) keep[gap - 1] = 1;
        if (gap + 1 < j) keep[gap + 1] = 1;
      }
    }
    i = j;
  }
  const out: P[] = [];
  for (let x = 0; x < n; x++) if (keep[x]) out.push(points[x]!);
  return out;
}

/** Buckets for a plot of `width` CSS pixels: one per 2 px (a 1.6 px line shows no finer step). */
export function bucketsFor(width: number): number {
  return Math.max(30, Math.floor(width / 2));
}

/**
 * The points with a point of no values (only a time) at the window's start and end, unless a
 * point is there already: a chart whose x domain is its data's extent then spans the window.
 * (The Resources charts give recharts such a constant domain: given as [start, end], it changed
 * on every sample, and recharts replaced its axis in its store each time, running every
 * selector of the chart again.) A copy; the input is not changed.
 */
export function withEnds<P extends { t: number }>(points: readonly P[], start: number, end: number): P[] {
  const out = [...points];
  if (out.length === 0 || out[0]!.t > start) out.unshift({ t: start } as P);
  if (out[out.length - 1]!.t < end) out.push({ t: end } as P);
  return out;
}
