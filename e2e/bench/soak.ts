// `npm run bench -- --soak 60m`: the app left open. 100 containers (fixtures/scaleTree.ts) at 1 Hz
// through the real path, a window on a container's Resources tab (live charts), for the given
// time. Every minute, after a garbage collection in each process: the collector's RSS and V8
// heap (heapProbe.mjs loaded into it), the GUI service's heap (this process) and the renderer's
// JS heap (CDP). Target: growth < 5 % from the 5th minute to the end. Also checked: each
// container's history stays bounded (MAX_HISTORY_POINTS, the 15-minute window) in the service
// and in the renderer's store.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../electron-standin/chromium.js';
import { openResources, startApp } from './renderer.js';
import { add } from '../../electron/agent/bench/table.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface SoakSample {
  minute: number;
  load: number;
  agentRss: number;
  agentHeap: number;
  serviceHeap: number;
  rendererHeap: number;
  /** Longest history the service holds for a container, points. */
  serviceHistory: number;
  /** The collector process measured (a restart by the watchdog starts a new one). */
  agentPid: number;
}

export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`--soak wants a duration like 60m, 90s or 1h, not ${text}`);
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 'm') as 's' | 'm' | 'h'];
}

const here = new URL('.', import.meta.url).pathname;

export async function soak(
  rendererDir: string,
  work: string,
  durationMs: number,
  log: (s: string) => void,
): Promise<SoakSample[]> {
  const heapFile = join(work, 'agent-heap.ndjson');
  writeFileSync(heapFile, '');
  const n = 100;
  const app = await startApp(rendererDir, n, 1000, {
    nodeArgs: ['--expose-gc', '--import', join(here, 'heapProbe.mjs')],
    env: { ISOSCOPE_HEAP_FILE: heapFile, ISOSCOPE_HEAP_EVERY_MS: '60000' },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const samples: SoakSample[] = [];
  try {
    app.service.start();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(app.server.url, { waitUntil: 'commit', timeout: 180_000 });
    await page.locator('.statusbar .conn').getByText('collector connected').waitFor({ timeout: 300_000 });
    await openResources(page, app.tree.containers[0]!.id);
    const cdp = await page.context().newCDPSession(page);
    const start = Date.now();
    const { loadavg } = await import('node:os');
    for (let minute = 1; Date.now() - start < durationMs; minute++) {
      await new Promise((r) => setTimeout(r, Math.max(0, start + minute * 60_000 - Date.now())));
      await cdp.send('HeapProfiler.collectGarbage');
      const renderer = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      gc();
      const agent = readFileSync(heapFile, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { rss: number; heapUsed: number; pid?: number })
        .at(-1);
      const history = app.service.getState().history;
      const s: SoakSample = {
        minute,
        load: loadavg()[0]!,
        agentRss: agent?.rss ?? NaN,
        agentHeap: agent?.heapUsed ?? NaN,
        serviceHeap: process.memoryUsage().heapUsed,
        rendererHeap: renderer.usedSize,
        serviceHistory: Math.max(0, ...Object.values(history).map((h) => h.length)),
        agentPid: agent?.pid ?? NaN,
      };
      samples.push(s);
      const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
      log(
        `  soak minute ${minute}: collector (pid ${s.agentPid}) RSS ${mb(s.agentRss)} MiB, heap ${mb(s.agentHeap)} MiB; service heap ${mb(s.serviceHeap)} MiB; renderer JS heap ${mb(s.rendererHeap)} MiB; history ≤ ${s.serviceHistory} points; load ${s.load.toFixed(1)}`,
      );
    }
  } finally {
    await browser.close();
    await app.stop();
  }
  const S = `soak: ${n} containers at 1 Hz for ${Math.round(durationMs / 60_000)} min`;
  const from = samples.find((s) => s.minute === Math.min(5, samples.length)) ?? samples[0];
  const last = samples.at(-1);
  if (from && last) {
    // The collector's figures compare one process: if the watchdog restarted it, its last
    // sample is the last one of the process measured at minute 5 (said in the note).
    const sameAgent = samples.filter((s) => s.minute >= from.minute && s.agentPid === from.agentPid).at(-1) ?? last;
    const restarts = new Set(samples.map((s) => s.agentPid)).size - 1;
    for (const [what, key] of [
      ['collector RSS', 'agentRss'],
      ['collector V8 heap', 'agentHeap'],
      ['GUI service heap', 'serviceHeap'],
      ['renderer JS heap', 'rendererHeap'],
    ] as const) {
      const end = key.startsWith('agent') ? sameAgent : last;
      const growth = (end[key] - from[key]) / from[key];
      const note = `growth ${(growth * 100).toFixed(1)} %${key.startsWith('agent') && restarts > 0 ? `; the collector was restarted ${restarts}× (a new process): compared up to its last minute before that` : ''}`;
      add({
        section: S,
        what: `${what}: minute ${end.minute} vs minute ${from.minute} (MiB)`,
        ours: end[key] / 1048576,
        reference: from[key] / 1048576,
        refName: `minute ${from.minute}`,
        unit: 'MiB',
        target: 'growth < 5 %',
        ok: growth < 0.05,
        note,
      });
    }
    add({
      section: S,
      what: 'longest container history in the service (points)',
      ours: last.serviceHistory,
      reference: 15 * 60,
      refName: '15-min window at 1 Hz',
      unit: 'pt',
      target: '≤ 901',
      ok: last.serviceHistory <= 901,
    });
  }
  return samples;
}

/** The soak's memory curve as an SVG picture (MiB against minutes), one line per process. */
export function soakSvg(samples: SoakSample[], title: string): string {
  const W = 720;
  const H = 320;
  const pad = { l: 56, r: 180, t: 28, b: 36 };
  const series = [
    { key: 'agentRss', name: 'collector RSS', color: '#1d4ed8' },
    { key: 'agentHeap', name: 'collector V8 heap', color: '#0891b2' },
    { key: 'serviceHeap', name: 'GUI service heap', color: '#16a34a' },
    { key: 'rendererHeap', name: 'renderer JS heap', color: '#c2410c' },
  ] as const;
  const maxMiB = Math.max(1, ...samples.flatMap((s) => series.map((x) => s[x.key] / 1048576))) * 1.1;
  const maxMin = Math.max(1, ...samples.map((s) => s.minute));
  const x = (m: number) => pad.l + ((W - pad.l - pad.r) * m) / maxMin;
  const y = (v: number) => H - pad.b - ((H - pad.t - pad.b) * v) / maxMiB;
  const lines = series.map((s) => {
    const d = samples.map((p, i) => `${i ? 'L' : 'M'}${x(p.minute).toFixed(1)},${y(p[s.key] / 1048576).toFixed(1)}`).join(' ');
    return `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"/>`;
  });
  const legend = series.map(
    (s, i) =>
      `<rect x="${W - pad.r + 16}" y="${pad.t + i * 22}" width="12" height="12" fill="${s.color}"/><text x="${W - pad.r + 34}" y="${pad.t + i * 22 + 11}">${s.name}</text>`,
  );
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map(
    (f) =>
      `<text x="${pad.l - 6}" y="${y(maxMiB * f) + 4}" text-anchor="end">${(maxMiB * f).toFixed(0)}</text><line x1="${pad.l}" x2="${W - pad.r}" y1="${y(maxMiB * f)}" y2="${y(maxMiB * f)}" stroke="#e1e5ea"/>`,
  );
  const xTicks = Array.from({ length: Math.min(maxMin, 12) + 1 }, (_, i) => Math.round((maxMin * i) / Math.min(maxMin, 12))).map(
    (m) => `<text x="${x(m)}" y="${H - pad.b + 16}" text-anchor="middle">${m}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12"><rect width="100%" height="100%" fill="#fff"/><text x="${pad.l}" y="16" font-weight="bold">${title}</text>${yTicks.join('')}${xTicks.join('')}<text x="${(W - pad.r + pad.l) / 2}" y="${H - 4}" text-anchor="middle">minutes</text><text x="14" y="${H / 2}" transform="rotate(-90 14 ${H / 2})" text-anchor="middle">MiB</text>${lines.join('')}${legend.join('')}</svg>\n`;
}
