// One time-series chart for the Resources tab: lines over a fixed time window, an optional
// reference line (a limit), a tooltip in human units, and a plain note instead of a flat zero
// when a series has no values at all. Colours come from CSS variables (tabs.css), so light and
// dark follow the OS.
//
// Cheap on every sample (the renderer bench, e2e/bench/renderer.ts, measures it):
// - the plot draws at most about one point per two pixels of its width (lib/downsample.ts keeps
//   each bucket's minimum and maximum, so peaks survive);
// - a plot takes its new data in an animation frame of its own (lib/frameJobs.ts), so the
//   charts of one sample are drawn over several short frames rather than one long one, and a
//   chart scrolled out of sight does not redraw until it is back in view;
// - the plot's props other than the data keep their identity between renders (formatters, tick
//   styles, domains, tooltip renderer), and the plot is skipped when nothing it draws changed;
// - recharts is told what this chart already knows: the y ticks (no "nice ticks" search), tick
//   labels that fit (no text measuring to drop overlapping ones); the horizontal grid lines are
//   drawn beside it (GridLines), redrawn only when the y ticks change, not on every sample;
//   the tooltip exists while the pointer is over the plot;
// - what moves or registers itself in recharts' own store on every sample is drawn beside it:
//   the time axis (TimeAxis; recharts' x axis is hidden, with a constant domain that the data's
//   ends make the window: withEnds) and the limit (LimitLine; recharts' ReferenceLine removed
//   and re-added itself after every render). Each such store update ran the chart's selectors
//   and re-rendered it once more; the chart's own job took about half as long without them;
// - the width is measured once (and on resize) by useWidth, not by a ResponsiveContainer;
// - tick labels come from one cached Intl formatter; lines are straight segments (linear), not
//   animated, without dots.
import { memo, useCallback, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistoryPoint } from '../../../../shared/ipc/contract.js';
import { bucketsFor, downsample, withEnds } from '../../lib/downsample.js';
import { useFrameValue, useOnScreen, useWidth } from './chartHooks.js';

export type SeriesKey = Exclude<keyof HistoryPoint, 't'>;
export interface Series {
  key: SeriesKey;
  name: string;
  /** 1–4: --chart-1 … --chart-4 */
  color: 1 | 2 | 3 | 4;
}

const DARK = '(prefers-color-scheme: dark)';
function subscribeScheme(onChange: () => void): () => void {
  const mq = window.matchMedia(DARK);
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
}

export interface ChartTheme {
  series: string[];
  grid: string;
  axis: string;
  limit: string;
}

/** The chart colours of the current scheme, read from the CSS variables. */
export function useChartTheme(): ChartTheme {
  const dark = useSyncExternalStore(subscribeScheme, () => window.matchMedia(DARK).matches);
  return useMemo(() => {
    const css = getComputedStyle(document.documentElement);
    const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
    return {
      series: [1, 2, 3, 4].map((i) => v(`--chart-${i}`, '#1d4ed8')),
      grid: v('--line', '#e1e5ea'),
      axis: v('--muted', '#5b6472'),
      limit: v('--bad', '#b91c1c'),
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the variables change with the scheme
  }, [dark]);
}

export interface TimeChartProps {
  title: string;
  points: HistoryPoint[];
  start: number;
  end: number;
  series: Series[];
  format: (v: number) => string;
  /** The smallest top of the y axis (so an idle series is not blown up to full height). */
  minTop: number;
  /** Round the axis top in powers of 1024 (bytes) rather than 10. */
  bytes?: boolean;
  /** Counts: ticks on whole numbers only. */
  integer?: boolean;
  reference?: { y: number; label: string } | null;
  /** Shown instead of the chart when every series is null. */
  absent: ReactNode;
  footer?: ReactNode;
}

const MARGIN = { top: 8, right: 12, bottom: 0, left: 0 };
const PLOT_HEIGHT = 170;
const Y_AXIS_WIDTH = 78;
const X_AXIS_HEIGHT = 30;
/** recharts' margin: the time axis (TimeAxis, not recharts') keeps its height below the plot. */
const PLOT_MARGIN = { ...MARGIN, bottom: MARGIN.bottom + X_AXIS_HEIGHT };
/** The x domain is the data's, which withEnds makes the window: a constant, so recharts' axis settings never change. */
const X_DOMAIN = ['dataMin', 'dataMax'];

/**
 * formatTime's text (toLocaleTimeString([], { hour12: false })) from one formatter made once:
 * toLocaleTimeString builds a new Intl.DateTimeFormat on every call, and the axes format their
 * ticks on every sample (it was the largest single cost of a live Resources tab).
 */
const TIME_FORMAT = new Intl.DateTimeFormat([], { hour12: false, hour: 'numeric', minute: 'numeric', second: 'numeric' });
const chartTime = (t: number) => TIME_FORMAT.format(t);
const ACTIVE_DOT = { r: 3 };

/** The newest point that has a value in one of the series, or null. */
function latestWithValue(points: HistoryPoint[], series: Series[]): HistoryPoint | null {
  for (let i = points.length - 1; i >= 0; i--) {
    const p = points[i]!;
    for (const s of series) if (p[s.key] !== null) return p;
  }
  return null;
}

/** The largest value of the series (0 when none). */
function maxOf(points: HistoryPoint[], series: Series[]): number {
  let max = 0;
  for (const p of points) {
    for (const s of series) {
      const v = p[s.key];
      if (v !== null && v > max) max = v;
    }
  }
  return max;
}

export const TimeChart = memo(function TimeChart({
  title,
  points,
  start,
  end,
  series,
  format,
  minTop,
  bytes = false,
  integer = false,
  reference,
  absent,
  footer,
}: TimeChartProps) {
  const theme = useChartTheme();
  const card = useRef<HTMLElement>(null);
  const onScreen = useOnScreen(card);
  const width = useWidth(card);
  const latest = latestWithValue(points, series);
  const seriesKey = seriesKeyOf(series);
  const buckets = bucketsFor(Math.max(0, (width ?? 600) - Y_AXIS_WIDTH - MARGIN.right));
  // The points worth drawing at this width (the legend above reads the newest real sample).
  const drawn = useMemo(
    () =>
      downsample(
        points,
        series.map((s) => s.key),
        start,
        end,
        buckets,
      ) as HistoryPoint[],
    // eslint-disable-next-line react-hooks/exhaustive-deps -- series by value (seriesKey)
    [points, seriesKey, start, end, buckets],
  );
  const view = useMemo(() => ({ points: drawn, start, end }), [drawn, start, end]);
  const shown = useFrameValue(view, onScreen);
  return (
    <section className="chart-card" data-chart={title} ref={card}>
      <header>
        <h3>{title}</h3>
        {latest !== null && (
          <span className="chart-legend">
            {series.map((s) => (
              <span key={s.key} className="legend-item">
                <span className="swatch" style={{ background: theme.series[s.color - 1] }} />
                {s.name} <strong>{latest[s.key] !== null ? format(latest[s.key]!) : '—'}</strong>
              </span>
            ))}
          </span>
        )}
      </header>
      {latest !== null ? (
        <div className="chart-body" style={{ minHeight: PLOT_HEIGHT }}>
          {shown && width !== null && (
            <Plot
              view={shown}
              width={width}
              series={series}
              format={format}
              minTop={minTop}
              bytes={bytes}
              integer={integer}
              reference={reference ?? null}
              theme={theme}
            />
          )}
        </div>
      ) : (
        <div className="chart-absent">
          <p>{absent}</p>
        </div>
      )}
      {footer && <div className="chart-footer">{footer}</div>}
    </section>
  );
});

interface PlotProps {
  view: { points: HistoryPoint[]; start: number; end: number };
  /** The plot's width in CSS pixels (measured once and on resize by useWidth, not by recharts). */
  width: number;
  series: Series[];
  format: (v: number) => string;
  minTop: number;
  bytes: boolean;
  integer: boolean;
  reference: { y: number; label: string } | null;
  theme: ChartTheme;
}

const seriesKeyOf = (series: Series[]) => series.map((s) => `${s.key}:${s.name}:${s.color}`).join('|');

/** Equal when the plot would draw the same: the same data and window, series and limit by value. */
function samePlot(a: PlotProps, b: PlotProps): boolean {
  return (
    a.view === b.view &&
    a.width === b.width &&
    a.format === b.format &&
    a.minTop === b.minTop &&
    a.bytes === b.bytes &&
    a.integer === b.integer &&
    a.theme === b.theme &&
    seriesKeyOf(a.series) === seriesKeyOf(b.series) &&
    a.reference?.y === b.reference?.y &&
    a.reference?.label === b.reference?.label
  );
}

/** The recharts plot: every prop but the data keeps its identity between samples. */
const Plot = memo(function Plot({ view, width, series, format, minTop, bytes, integer, reference, theme }: PlotProps) {
  const { points, start, end } = view;
  const data = useMemo(() => withEnds(points, start, end), [points, start, end]);
  const y = niceScale(bytes, integer, Math.max(maxOf(points, series), minTop, reference ? reference.y * 1.08 : 0));
  const yKey = y.ticks.join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- same ticks (by value), same array
  const yTicks = useMemo(() => y.ticks, [yKey]);
  const yDomain = useMemo(() => [0, y.top], [y.top]);
  const short = end - start <= 2 * 60_000;
  const seriesKey = seriesKeyOf(series);
  const axisTick = useMemo(() => ({ fill: theme.axis, fontSize: 11 }), [theme.axis]);
  const yFormat = useCallback((v: number) => format(v), [format]);
  const referenceLabel = reference?.label;
  const tooltip = useCallback(
    ({ active, payload }: { active?: boolean; payload?: readonly { payload?: unknown }[] }) => {
      const p = payload?.[0]?.payload as HistoryPoint | undefined;
      // The window's ends (withEnds) are points without values: no tooltip there.
      if (!active || !p || series.every((s) => p[s.key] == null)) return null;
      return (
        <div className="chart-tooltip">
          <div className="tt-time">{chartTime(p.t)}</div>
          {series.map((s) => (
            <div key={s.key}>
              <span className="swatch" style={{ background: theme.series[s.color - 1] }} />
              {s.name}: <strong>{p[s.key] == null ? 'no value' : format(p[s.key]!)}</strong>
            </div>
          ))}
          {referenceLabel && <div className="tt-limit">{referenceLabel}</div>}
        </div>
      );
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- series by value (seriesKey)
    [seriesKey, theme, format, referenceLabel],
  );
  // The tooltip (recharts keeps it up to date on every render) only while the pointer is here.
  const [hover, setHover] = useState(false);
  return (
    <div
      className="plot"
      style={{ position: 'relative' }}
      onPointerEnter={() => setHover(true)}
      onPointerLeave={() => setHover(false)}
    >
      <GridLines ticks={yTicks} top={y.top} color={theme.grid} />
      <LineChart data={data} margin={PLOT_MARGIN} width={width} height={PLOT_HEIGHT}>
        {/* the time axis is TimeAxis below; recharts' own axis only places x (constant props: see withEnds) */}
        <XAxis dataKey="t" type="number" domain={X_DOMAIN} hide />
        <YAxis
          domain={yDomain}
          ticks={yTicks}
          interval={0}
          niceTicks="none"
          allowDataOverflow
          tickFormatter={yFormat}
          width={Y_AXIS_WIDTH}
          stroke={theme.axis}
          tick={axisTick}
        />
        {hover && <Tooltip isAnimationActive={false} content={tooltip} />}
        {series.map((s) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={s.name}
            type="linear"
            stroke={theme.series[s.color - 1]}
            strokeWidth={1.6}
            dot={false}
            activeDot={ACTIVE_DOT}
            isAnimationActive={false}
            connectNulls={false}
          />
        ))}
      </LineChart>
      <TimeAxis start={start} end={end} width={width} short={short} color={theme.axis} />
      {reference && <LimitLine y={reference.y} top={y.top} label={reference.label} color={theme.limit} />}
    </div>
  );
}, samePlot);

/**
 * The horizontal grid lines at the y ticks, behind the plot, placed as recharts places the plot
 * area (MARGIN, the axes' sizes): drawn by recharts they were re-rendered on every sample.
 */
const GridLines = memo(function GridLines({ ticks, top, color }: { ticks: number[]; top: number; color: string }) {
  const height = PLOT_HEIGHT - MARGIN.top - MARGIN.bottom - X_AXIS_HEIGHT;
  return (
    <div className="grid-lines" aria-hidden="true" style={{ position: 'absolute', inset: 0, pointerEvents: 'none' }}>
      {ticks.map((v) => (
        <div
          key={v}
          style={{
            position: 'absolute',
            left: Y_AXIS_WIDTH,
            right: MARGIN.right,
            top: Math.round(MARGIN.top + height * (1 - v / top)),
            borderTop: `1px dashed ${color}`,
          }}
        />
      ))}
    </div>
  );
});

/**
 * The time axis under the plot: an axis line, and at each tick (timeTicks) a tick mark and the
 * clock time, placed as recharts placed its own. Recharts' axis measured and re-laid its labels
 * and reported them to its store on every sample (the window moves with each sample).
 */
const TimeAxis = memo(function TimeAxis({
  start,
  end,
  width,
  short,
  color,
}: {
  start: number;
  end: number;
  width: number;
  short: boolean;
  color: string;
}) {
  const left = Y_AXIS_WIDTH;
  const plotWidth = Math.max(0, width - Y_AXIS_WIDTH - MARGIN.right);
  const top = PLOT_HEIGHT - MARGIN.bottom - X_AXIS_HEIGHT;
  return (
    <div
      className="time-axis"
      aria-hidden="true"
      style={{ position: 'absolute', left, top, width: plotWidth, height: X_AXIS_HEIGHT, borderTop: `1px solid ${color}` }}
    >
      {timeTicks(start, end).map((t) => {
        const x = ((t - start) / (end - start)) * plotWidth;
        return (
          <div key={t} style={{ position: 'absolute', left: x, top: 0 }}>
            <div style={{ position: 'absolute', left: 0, top: 0, height: 6, borderLeft: `1px solid ${color}` }} />
            <span
              style={{ position: 'absolute', top: 8, transform: 'translateX(-50%)', color, fontSize: 11, whiteSpace: 'nowrap' }}
            >
              {chartTime(t).slice(0, short ? 8 : 5)}
            </span>
          </div>
        );
      })}
    </div>
  );
});

/**
 * The limit (a dashed line at y, its label above it at the right), over the plot, placed as
 * GridLines are. Drawn by recharts (ReferenceLine), it removed itself from and added itself to the
 * chart's store after every render, and each of those updates ran all the chart's selectors again.
 * The y domain always reaches above the limit (niceScale of the limit × 1.08).
 */
const LimitLine = memo(function LimitLine({ y, top, label, color }: { y: number; top: number; label: string; color: string }) {
  const height = PLOT_HEIGHT - MARGIN.top - MARGIN.bottom - X_AXIS_HEIGHT;
  return (
    <div
      className="limit-line"
      style={{
        position: 'absolute',
        left: Y_AXIS_WIDTH,
        right: MARGIN.right,
        top: Math.round(MARGIN.top + height * (1 - Math.min(1, y / top))),
        borderTop: `1.5px dashed ${color}`,
        pointerEvents: 'none',
      }}
    >
      <span style={{ position: 'absolute', right: 4, bottom: 1, color, fontSize: 11, whiteSpace: 'nowrap' }}>{label}</span>
    </div>
  );
});

/**
 * Time ticks on round clock times: every 15 s, 1 min or 3 min depending on the window; none in
 * the outer 6 % at either end, where half its label would be cut off (recharts used to measure
 * the labels to drop those; every tick given is drawn now).
 */
function timeTicks(start: number, end: number): number[] {
  const span = end - start;
  const step = span <= 2 * 60_000 ? 15_000 : span <= 6 * 60_000 ? 60_000 : 180_000;
  const edge = span * 0.06;
  const out: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) if (t - start >= edge && end - t >= edge) out.push(t);
  return out;
}

/** A round axis top (1, 2 or 5 × 10ⁿ; for bytes × 1024ⁿ) and ticks at equal steps from 0. */
function niceScale(bytes: boolean, integer: boolean, v: number): { top: number; ticks: number[] } {
  if (!(v > 0)) return { top: 1, ticks: integer ? [0, 1] : [0, 0.5, 1] };
  const unit = bytes && v >= 1024 ? 1024 ** Math.floor(Math.log(v) / Math.log(1024)) : 1;
  const m = v / unit;
  const exp = Math.floor(Math.log10(m));
  const f = m / 10 ** exp;
  const [mult, preferred] = f <= 1 ? [1, 4] : f <= 2 ? [2, 4] : f <= 5 ? [5, 5] : [10, 4];
  const top = Math.max(integer ? 1 : 0, mult * 10 ** exp * unit);
  const parts = integer ? ([preferred, 5, 4, 2, 1].find((n) => Number.isInteger(top / n)) ?? 1) : preferred;
  return { top, ticks: Array.from({ length: parts + 1 }, (_, i) => (top * i) / parts) };
}
