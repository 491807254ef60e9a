// The renderer under load: N containers through the real path — a generated host tree
// (electron/agent/bench/fixtures/scaleTree.ts) read by the collector (`isoscope agent --stdio
// --root DIR`, from the sources: agentEntry.ts), the GUI service (electron/main/service), browser mode's server and WebSocket bridge,
// the zustand store and the views — in Debian's Chromium, driven by Playwright. A container's
// Resources tab (seven live charts) is on screen beside the sidebar while samples arrive.
//
// Measured from a Chromium trace of the page's main thread (CrRendererMain): the work of each
// frame (every task run since the previous frame began), wall time and thread CPU time, and the
// worst frame of each sample interval (the frame that carries a sample's re-render); long tasks
// (> 50 ms) from the page's own PerformanceObserver. The reference, traced the same way for
// the same time in the same browser just before, is a blank page running the same
// requestAnimationFrame loop: what this machine's load alone does to frames.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../electron-standin/chromium.js';
import { IsoscopeService } from '../../electron/main/service/service.js';
import type { PushEvent } from '../../shared/ipc/contract.js';
import { startBrowserServer, type BrowserServer } from '../../electron/main/serve/server.js';
import { buildScaleTree, tickCounters, type ScaleTree } from '../../electron/agent/bench/fixtures/scaleTree.js';

const repo = join(new URL('.', import.meta.url).pathname, '..', '..');
/** The collector from the sources (agentEntry.ts), run by this Node through tsx. */
const AGENT_ENTRY = join(repo, 'e2e', 'bench', 'agentEntry.ts');

/** The renderer built once per run into a private directory (others may rebuild dist/ meanwhile). */
export function buildRenderer(): string {
  const out = mkdtempSync(join(tmpdir(), 'isoscope-bench-renderer-'));
  execFileSync(
    process.execPath,
    [join(repo, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'error', '--outDir', out, '--emptyOutDir'],
    { cwd: repo, stdio: 'inherit' },
  );
  return out;
}

/**
 * Injected before any app script: a rAF loop (frames at the display's pace), long tasks, first
 * data, and a render counter. The counter stands where React's DevTools hook stands (React calls
 * it after every commit, in production builds too) and, only while `__bench.countRenders` is
 * true, counts the components that rendered in each commit, named by their first DOM element
 * (the minified bundle has no component names): a fiber rendered when React marked it
 * PerformedWork (flag 1), and a subtree React did not visit this commit is the previous
 * commit's (its parent's child is its alternate's child) and is skipped, as DevTools does.
 */
export const PAGE_PROBE = `
(() => {
  const b = { longTasks: [], firstItem: null, shell: null, countRenders: false, renders: {} };
  window.__bench = b;
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) b.longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true }); } catch {}
  const loop = () => requestAnimationFrame(loop);
  requestAnimationFrame(loop);
  const seen = () => {
    if (b.shell === null && document.querySelector('.sidebar')) b.shell = performance.now();
    if (b.firstItem === null && document.querySelector('.item[data-id]')) { b.firstItem = performance.now(); mo.disconnect(); }
  };
  const mo = new MutationObserver(seen);
  const start = () => mo.observe(document.documentElement, { childList: true, subtree: true });
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
  const COMPONENT = new Set([0, 1, 11, 14, 15]);
  const label = (fiber) => {
    for (let f = fiber.child; f; f = f.child) {
      if (f.tag === 5 && f.stateNode instanceof Element) {
        const el = f.stateNode;
        return el.tagName.toLowerCase() + (el.classList.length ? '.' + [...el.classList].filter((c) => c !== 'selected').join('.') : '');
      }
    }
    return null;
  };
  const walk = (fiber) => {
    for (let f = fiber; f; f = f.sibling) {
      if (COMPONENT.has(f.tag) && (f.flags & 1) === 1) {
        const name = label(f);
        if (name) b.renders[name] = (b.renders[name] || 0) + 1;
      }
      if (f.child && (f.alternate === null || f.child !== f.alternate.child)) walk(f.child);
    }
  };
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject(r) { this.renderers.set(1, r); return 1; },
    onCommitFiberRoot(_id, root) { if (b.countRenders) walk(root.current.child); },
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    checkDCE() {},
  };
})();`;

/** Components rendered while counting (by their first DOM element, see PAGE_PROBE) and the samples that came meanwhile. */
export interface RenderCounts {
  samples: number;
  /** Renders per sample of the sidebar's items (li.item), the whole sidebar (nav.sidebar), the whole status bar, a chart card. */
  sidebarItems: number;
  sidebar: number;
  statusBar: number;
  chartCards: number;
  /** Sidebar items in the DOM (windowed). */
  itemsInDom: number;
  /** Everything counted, by first element. */
  all: Record<string, number>;
}

/** Counts renders for `seconds` on a page whose probe is PAGE_PROBE, and the samples the service pushed meanwhile. */
export async function countRenders(page: Page, service: IsoscopeService, seconds: number): Promise<RenderCounts> {
  let samples = 0;
  const onPush = (e: PushEvent) => {
    if (e.channel === 'sample') samples++;
  };
  await page.evaluate('window.__bench.renders = {}; window.__bench.countRenders = true');
  service.on('push', onPush);
  await page.waitForTimeout(seconds * 1000);
  service.off('push', onPush);
  await page.evaluate('window.__bench.countRenders = false');
  const all = (await page.evaluate('window.__bench.renders')) as Record<string, number>;
  const per = (name: string) => (all[name] ?? 0) / Math.max(1, samples);
  return {
    samples,
    sidebarItems: per('li.item'),
    sidebar: per('nav.sidebar'),
    statusBar: per('footer.statusbar'),
    chartCards: per('section.chart-card'),
    itemsInDom: await page.locator('.sidebar .item[data-id]').count(),
    all,
  };
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

export interface FrameStats {
  /** The worst frame's time by trace event (nested events counted in each), ms CPU. */
  worstFrame: string;
  frames: number;
  /** Work per frame, ms (wall / thread CPU). */
  p95Wall: number;
  p95Cpu: number;
  /** The worst frame of each sample interval, p95 over the intervals, ms. */
  tickP95Wall: number;
  tickP95Cpu: number;
  maxWall: number;
  /** Main-thread busy share of the whole window (CPU time / wall). */
  busy: number;
  /** Tasks over 50 ms (from the trace). */
  longTasks: number;
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

/** Frames and their work from a trace of `seconds`, on the main thread that drew frames. */
export async function traceFrames(browser: Browser, page: Page, seconds: number, intervalMs: number): Promise<FrameStats> {
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame'],
  });
  await page.waitForTimeout(seconds * 1000);
  const raw = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(raw) ? raw : raw.traceEvents;
  // The page's main thread: the CrRendererMain with the most frames.
  const frameCount = new Map<string, number>();
  for (const e of events)
    if (e.name === 'BeginMainThreadFrame') frameCount.set(`${e.pid}:${e.tid}`, (frameCount.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const main = [...frameCount].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (!main) throw new Error('no frames in the trace');
  const on = (e: TraceEvent) => `${e.pid}:${e.tid}` === main;
  const starts = events
    .filter((e) => on(e) && e.name === 'BeginMainThreadFrame')
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  const tasks = events.filter((e) => on(e) && e.name === 'RunTask' && e.ph === 'X').sort((a, b) => a.ts - b.ts);
  const wall = new Array<number>(starts.length).fill(0);
  const cpu = new Array<number>(starts.length).fill(0);
  /** When each frame's first task began (its own BeginMainFrame task begins before the frame does). */
  const first = [...starts];
  let f = 0;
  for (const t of tasks) {
    // A frame's own task (BeginMainFrame: animation frame callbacks, style, layout, paint)
    // starts a moment before the BeginMainThreadFrame event it emits: it is that frame's work,
    // so a task counts in the frame that begins inside it, else in the last frame begun before
    // it. (Counting by start time alone put each frame's own work into the frame before.)
    const end = t.ts + (t.dur ?? 0);
    if (end < starts[0]!) continue;
    while (f + 1 < starts.length && starts[f + 1]! <= t.ts) f++;
    const at = f + 1 < starts.length && starts[f + 1]! < end ? f + 1 : f;
    first[at] = Math.min(first[at]!, t.ts);
    wall[at]! += (t.dur ?? 0) / 1000;
    cpu[at]! += (t.tdur ?? t.dur ?? 0) / 1000;
  }
  // The last frame is still open when the trace stops: not counted.
  wall.pop();
  cpu.pop();
  const span = (starts[starts.length - 1]! - starts[0]!) / 1000;
  const tickWall: number[] = [];
  const tickCpu: number[] = [];
  for (let from = starts[0]!, i = 0; from < starts[starts.length - 1]!; from += intervalMs * 1000) {
    let w = 0;
    let c = 0;
    for (; i < wall.length && starts[i]! < from + intervalMs * 1000; i++) {
      w = Math.max(w, wall[i]!);
      c = Math.max(c, cpu[i]!);
    }
    tickWall.push(w);
    tickCpu.push(c);
  }
  // What the worst frame spent its time on (events inside its tasks, by name), for the log.
  const worst = cpu.indexOf(Math.max(...cpu));
  const breakdown = new Map<string, number>();
  if (worst >= 0) {
    const from = first[worst]!;
    const to = first[worst + 1]!;
    for (const e of events) {
      if (
        !on(e) ||
        e.ph !== 'X' ||
        e.ts < from ||
        e.ts >= to ||
        e.name === 'RunTask' ||
        e.name === 'ThreadControllerImpl::RunTask'
      )
        continue;
      breakdown.set(e.name, (breakdown.get(e.name) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000);
    }
  }
  return {
    worstFrame: [...breakdown]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 8)
      .map(([n, ms]) => `${n} ${ms.toFixed(1)}`)
      .join(', '),
    frames: wall.length,
    p95Wall: pct(wall, 95),
    p95Cpu: pct(cpu, 95),
    tickP95Wall: pct(tickWall, 95),
    tickP95Cpu: pct(tickCpu, 95),
    maxWall: Math.max(0, ...wall),
    busy: cpu.reduce((a, b) => a + b, 0) / Math.max(1, span),
    longTasks: tasks.filter((t) => (t.dur ?? 0) > 50_000).length,
  };
}

export interface RendererRow {
  containers: number;
  intervalMs: number;
  /** Window open → first container in the sidebar, ms (service running). */
  firstDataMs: number;
  /** Window open → the app's shell (sidebar, no data yet) drawn: loading and starting the bundle, ms. */
  shellMs: number;
  /** App start (collector not yet started) → first container in the sidebar, ms. */
  coldFirstDataMs: number;
  app: FrameStats;
  blank: FrameStats;
  /** Long tasks the page itself observed while traced. */
  pageLongTasks: number;
  /** Samples the service pushed while the app page was traced (a loaded machine's collector falls behind its interval). */
  tracedSamples: number;
  /** The renderer's JS heap after the run, bytes. */
  jsHeap: number;
  /** What re-renders per sample (counted after the traces, so the counting costs them nothing). */
  renders: RenderCounts;
}

export interface Running {
  tree: ScaleTree;
  service: IsoscopeService;
  server: BrowserServer;
  stop(): Promise<void>;
}

/** The GUI's main side on a generated tree: service + collector child + browser server, counters moving. */
export async function startApp(
  rendererDir: string,
  n: number,
  intervalMs: number,
  agent: { nodeArgs?: string[]; env?: Record<string, string> } = {},
): Promise<Running> {
  // On tmpfs where there is one: /tmp is on this machine's (busy) disk, where rewriting the
  // counters took seconds; the kernel's own cgroupfs and procfs are in memory too.
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'isoscope-bench-tree-'));
  const tree = buildScaleTree(dir, n);
  const service = new IsoscopeService({
    agentCommand: (ms) => ({
      command: process.execPath,
      args: [
        ...(agent.nodeArgs ?? []),
        '--import',
        'tsx',
        AGENT_ENTRY,
        'agent',
        '--stdio',
        '--interval',
        String(ms / 1000),
        '--root',
        dir,
      ],
      ...(agent.env ? { env: { ...process.env, ...agent.env } } : {}),
    }),
    intervalMs,
    root: dir,
  });
  let step = 0;
  // The counters of the containers whose charts can be on screen move (the first ten); every
  // container is sampled and sent each tick all the same.
  const moving = { ...tree, containers: tree.containers.slice(0, 10) };
  const ticker = setInterval(() => tickCounters(moving, step++, intervalMs), intervalMs);
  const server = await startBrowserServer({ service, rendererDir, port: 0 });
  return {
    tree,
    service,
    server,
    async stop() {
      clearInterval(ticker);
      service.stop();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls an expression in the page until it is truthy (the app's CSP forbids waitForFunction's eval). */
async function until<T>(page: Page, expression: string, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = (await page.evaluate(expression)) as T;
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const firstItem = (page: Page) => until<number>(page, 'window.__bench && window.__bench.firstItem');

/** Opens a container's Resources tab and waits for its charts to draw. */
export async function openResources(page: Page, id: string): Promise<void> {
  await page.locator('.search').fill('bench-0000');
  await page.locator(`.item[data-id="${id}"]`).click();
  await page.locator('.search').fill('');
  await page.getByRole('tab', { name: 'Resources' }).click();
  await page.locator('[data-chart="CPU"] .recharts-line').first().waitFor({ timeout: 60_000 });
}

export async function rendererBench(
  rendererDir: string,
  sizes: number[],
  intervals: number[],
  seconds: number,
  log: (s: string) => void,
): Promise<RendererRow[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const rows: RendererRow[] = [];
  try {
    for (const n of sizes) {
      for (const intervalMs of intervals) {
        const app = await startApp(rendererDir, n, intervalMs);
        try {
          const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
          await context.addInitScript(PAGE_PROBE);
          // Cold: the window opens as the app starts; first data waits for the collector's first scan.
          const coldStart = performance.now();
          app.service.start();
          const cold = await context.newPage();
          await cold.goto(app.server.url, { waitUntil: 'commit', timeout: 180_000 });
          await firstItem(cold);
          const coldFirstDataMs = performance.now() - coldStart;
          await until(cold, `document.querySelector('.statusbar .conn')?.textContent === 'collector connected'`);
          await cold.close();
          // Warm: a window opened on the running app (navigation start → first container shown).
          const page = await context.newPage();
          await page.goto(app.server.url, { waitUntil: 'commit', timeout: 180_000 });
          const firstDataMs = await firstItem(page);
          const shellMs = (await page.evaluate('window.__bench.shell')) as number;
          await openResources(page, app.tree.containers[0]!.id);
          await page.waitForTimeout(Math.max(3000, 4 * intervalMs)); // a few samples in the charts
          const blankPage = await context.newPage();
          await blankPage.setContent('<!doctype html><title>reference</title><p>reference</p>');
          const blank = await traceFrames(browser, blankPage, seconds, intervalMs);
          await blankPage.close();
          await page.bringToFront();
          const ltBefore = (await page.evaluate('window.__bench.longTasks.length')) as number;
          let tracedSamples = 0;
          const onPush = (e: PushEvent) => void (e.channel === 'sample' && tracedSamples++);
          app.service.on('push', onPush);
          const stats = await traceFrames(browser, page, seconds, intervalMs);
          app.service.off('push', onPush);
          const pageLongTasks = ((await page.evaluate('window.__bench.longTasks.length')) as number) - ltBefore;
          const renders = await countRenders(page, app.service, seconds);
          const cdp = await context.newCDPSession(page);
          const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
          rows.push({
            containers: n,
            intervalMs,
            firstDataMs,
            shellMs,
            coldFirstDataMs,
            app: stats,
            blank,
            pageLongTasks,
            tracedSamples,
            jsHeap: heap.usedSize,
            renders,
          });
          log(
            `  renderer ${n} containers @ ${intervalMs} ms: frame p95 CPU ${stats.p95Cpu.toFixed(1)} ms, wall ${stats.p95Wall.toFixed(1)} ms (blank ${blank.p95Cpu.toFixed(1)}, ${blank.p95Wall.toFixed(1)}), worst frame per sample p95 CPU ${stats.tickP95Cpu.toFixed(1)} ms, wall ${stats.tickP95Wall.toFixed(1)} ms, first data ${firstDataMs.toFixed(0)} ms`,
          );
          log(`    worst frame (CPU ms by trace event): ${stats.worstFrame}`);
          log(`    renders in ${renders.samples} samples: ${JSON.stringify(renders.all)}`);
          await context.close();
        } finally {
          await app.stop();
        }
      }
    }
  } finally {
    await browser.close();
  }
  return rows;
}
