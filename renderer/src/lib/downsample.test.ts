import { describe, expect, it } from 'vitest';
import { bucketsFor, downsample, withEnds } from './downsample.js';

interface P {
  t: number;
  a: number | null;
  b: number | null;
}

/** n points one second apart from t=0, a = f(i), b = 0. */
const series = (n: number, f: (i: number) => number | null): P[] =>
  Array.from({ length: n }, (_, i) => ({ t: i * 1000, a: f(i), b: 0 }));

describe('downsample', () => {
  it('returns the same array when there are no more than two points per bucket', () => {
    const pts = series(100, (i) => i);
    expect(downsample(pts, ['a', 'b'], 0, 99_000, 50)).toBe(pts);
  });

  it('keeps far fewer points than it gets, in time order, as the input objects', () => {
    const pts = series(900, (i) => Math.sin(i / 7) * 100);
    const out = downsample(pts, ['a'], 0, 899_000, 150);
    expect(out.length).toBeLessThan(pts.length / 1.5);
    expect(out.length).toBeGreaterThanOrEqual(150);
    for (let i = 1; i < out.length; i++) expect(out[i]!.t).toBeGreaterThan(out[i - 1]!.t);
    for (const p of out) expect(pts).toContain(p);
  });

  it('keeps a one-sample peak and a one-sample dip that an average would flatten', () => {
    const pts = series(600, (i) => (i === 337 ? 1e9 : i === 412 ? -5 : 10));
    const out = downsample(pts, ['a'], 0, 599_000, 60);
    expect(out).toContain(pts[337]);
    expect(out).toContain(pts[412]);
    expect(Math.max(...out.map((p) => p.a!))).toBe(1e9);
    expect(Math.min(...out.map((p) => p.a!))).toBe(-5);
  });

  it('keeps the peaks of every series, not only the first', () => {
    const pts: P[] = Array.from({ length: 600 }, (_, i) => ({ t: i * 1000, a: 1, b: i === 123 ? 77 : 2 }));
    const out = downsample(pts, ['a', 'b'], 0, 599_000, 60);
    expect(out).toContain(pts[123]);
  });

  it('keeps a gap (a point without value) so that the line is not drawn across it', () => {
    const pts = series(600, (i) => (i === 250 ? null : 5));
    const out = downsample(pts, ['a'], 0, 599_000, 60);
    expect(out).toContain(pts[250]);
    const at = out.indexOf(pts[250]!);
    // Its neighbours are kept too: the line stops right before the gap and resumes right after.
    expect(out[at - 1]).toBe(pts[249]);
    expect(out[at + 1]).toBe(pts[251]);
  });

  it('keeps the first and the last point (the newest sample is always drawn)', () => {
    const pts = series(1000, (i) => i % 3);
    const out = downsample(pts, ['a'], 0, 999_000, 40);
    expect(out[0]).toBe(pts[0]);
    expect(out[out.length - 1]).toBe(pts[999]);
  });

  it('puts points outside the window into the edge buckets instead of dropping or crashing', () => {
    const pts = series(500, (i) => i);
    const out = downsample(pts, ['a'], 100_000, 200_000, 20);
    expect(out[0]).toBe(pts[0]);
    expect(out[out.length - 1]).toBe(pts[499]);
    expect(out.length).toBeLessThan(200);
  });

  it('an empty window or an empty series comes back unchanged', () => {
    const pts = series(500, (i) => i);
    expect(downsample(pts, ['a'], 5, 5, 20)).toBe(pts);
    const none: P[] = [];
    expect(downsample(none, ['a'], 0, 1000, 20)).toBe(none);
  });
});

describe('bucketsFor', () => {
  it('one bucket per two pixels, never fewer than 30', () => {
    expect(bucketsFor(400)).toBe(200);
    expect(bucketsFor(10)).toBe(30);
  });
});

describe('withEnds', () => {
  it('adds a point with only a time at each end of the window the data does not reach', () => {
    const pts = series(3, (i) => i).map((p) => ({ ...p, t: p.t + 5000 })); // 5 s … 7 s
    const out = withEnds(pts, 0, 10_000);
    expect(out.map((p) => p.t)).toEqual([0, 5000, 6000, 7000, 10_000]);
    expect(out[0]).toEqual({ t: 0 });
    expect(out[4]).toEqual({ t: 10_000 });
    expect(out.slice(1, 4)).toEqual(pts);
    expect(pts).toHaveLength(3); // the input stays as it was
  });

  it('adds nothing where a point already sits at the end (the live view ends at the newest sample)', () => {
    const pts = series(5, (i) => i);
    expect(withEnds(pts, 0, 4000)).toEqual(pts);
    expect(withEnds(pts, 0, 9000).map((p) => p.t)).toEqual([0, 1000, 2000, 3000, 4000, 9000]);
  });

  it('an empty window still spans start to end', () => {
    expect(withEnds([], 100, 200)).toEqual([{ t: 100 }, { t: 200 }]);
  });
});
