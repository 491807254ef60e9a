// Resource history as inline SVG line charts (no script, no external anything). Pure.
import type { HistoryPoint } from '../ipc/contract.js';
import { formatBytes } from '../diff/values.js';
import { html, Raw } from './escape.js';

export interface Series {
  name: string;
  values: (number | null)[];
}

const COLORS = ['#0969da', '#bf3989'];
const W = 360;
const H = 150;
const PAD = { l: 64, r: 10, t: 30, b: 34 };
const MAX_POINTS = 600;

const clock = (t: number) => new Date(t).toISOString().slice(11, 19) + 'Z';
const n2 = (v: number) => Math.round(v * 100) / 100;

/** One chart: shared time axis, up to two series, gaps where a value is missing. */
export function lineChart(title: string, times: number[], series: Series[], fmt: (v: number) => string): Raw {
  const all = series.flatMap((s) => s.values).filter((v): v is number => v !== null && Number.isFinite(v));
  if (times.length === 0 || all.length === 0) return html``;
  const max = Math.max(...all) > 0 ? Math.max(...all) : 1;
  const [t0, t1] = [times[0]!, times[times.length - 1]!];
  const x = (t: number) => n2(t1 === t0 ? PAD.l + (W - PAD.l - PAD.r) / 2 : PAD.l + ((t - t0) / (t1 - t0)) * (W - PAD.l - PAD.r));
  const y = (v: number) => n2(H - PAD.b - (Math.max(0, v) / max) * (H - PAD.t - PAD.b));
  const marks = series.map((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    let d = '';
    let pen = false;
    const dots: Raw[] = [];
    s.values.forEach((v, j) => {
      if (v === null || !Number.isFinite(v)) {
        pen = false;
        return;
      }
      const t = times[j]!;
      const lone = !pen && (j + 1 >= s.values.length || s.values[j + 1] === null);
      if (lone) dots.push(html`<circle cx="${x(t)}" cy="${y(v)}" r="2" fill="${color}"/>`);
      d += `${pen ? 'L' : 'M'}${x(t)} ${y(v)} `;
      pen = true;
    });
    return html`<path d="${d.trim()}" fill="none" stroke="${color}" stroke-width="1.6"/>${dots}`;
  });
  const legend = series.map((s, i) => {
    const last = [...s.values].reverse().find((v): v is number => v !== null);
    return html`<tspan fill="${COLORS[i % COLORS.length]!}">${i ? '  ' : ''}● ${s.name} ${last === undefined ? '–' : fmt(last)}</tspan>`;
  });
  return html`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${title}">
<title>${title}</title>
<text x="8" y="15" font-size="12" font-weight="600" fill="#1f2328">${title}</text>
<line x1="${PAD.l}" y1="${H - PAD.b}" x2="${W - PAD.r}" y2="${H - PAD.b}" stroke="#d0d4da"/>
<line x1="${PAD.l}" y1="${PAD.t}" x2="${W - PAD.r}" y2="${PAD.t}" stroke="#eef0f2"/>
<text x="${PAD.l - 4}" y="${PAD.t + 4}" font-size="10" text-anchor="end" fill="#57606a">${fmt(max)}</text>
<text x="${PAD.l - 4}" y="${H - PAD.b + 4}" font-size="10" text-anchor="end" fill="#57606a">0</text>
<text x="${PAD.l}" y="${H - PAD.b + 13}" font-size="10" fill="#57606a">${clock(t0)}</text>
<text x="${W - PAD.r}" y="${H - PAD.b + 13}" font-size="10" text-anchor="end" fill="#57606a">${clock(t1)}</text>
${marks}
<text x="${PAD.l}" y="${H - 5}" font-size="10">${legend}</text>
</svg>`;
}

const perSec = (v: number) => `${formatBytes(v)}/s`;

/** The charts of one container's history (those with any data), oldest point first. */
export function historyCharts(points: HistoryPoint[] | undefined): Raw {
  if (!points || points.length === 0) return html``;
  const step = Math.ceil(points.length / MAX_POINTS);
  const pts = points.filter((_, i) => i % step === 0 || i === points.length - 1);
  const times = pts.map((p) => p.t);
  const col = (k: keyof HistoryPoint) => pts.map((p) => (typeof p[k] === 'number' ? (p[k] as number) : null));
  const charts = [
    lineChart('CPU', times, [{ name: 'cpu', values: col('cpuPercent') }], (v) => `${v.toFixed(v < 10 ? 1 : 0)} %`),
    lineChart('Memory', times, [{ name: 'current', values: col('memoryBytes') }], formatBytes),
    lineChart('Processes', times, [{ name: 'pids', values: col('pids') }], (v) => String(Math.round(v))),
    lineChart(
      'Disk I/O',
      times,
      [
        { name: 'read', values: col('ioReadBps') },
        { name: 'write', values: col('ioWriteBps') },
      ],
      perSec,
    ),
    lineChart(
      'Network',
      times,
      [
        { name: 'rx', values: col('netRxBps') },
        { name: 'tx', values: col('netTxBps') },
      ],
      perSec,
    ),
  ].filter((c) => c.html !== '');
  if (charts.length === 0) return html``;
  return html`<div class="charts">${charts}</div>`;
}
