// `npm run bench`: one table, every figure beside its reference measured in the same run, with
// target and verdict (table.ts). Sections:
//   floors   — the collector against C making the same reads (floors.ts)
//   profile  — a whole snapshot phase by phase (snapshotProfile.ts)
//   peers    — lsns + pscap, docker/podman stats and APIs on the same containers (peers.ts)
//   renderer — the window at 50/200/500 containers, samples at 1 s and 0.5 s (renderer.ts)
// Options: `--only floors,renderer` runs some sections; `--soak 60m` runs the one-hour soak
// instead (soak.ts; writes the memory curve to --soak-svg FILE, default docs/benchmarks-soak.svg);
// `--seconds N` traces each renderer row for N s (default 20); `--sizes 50,200,500`; `--rounds N`
// alternating rounds per floor row (default 7).
// Needs root (cgroups, the lab), the sources (the GUI's collector child runs them through tsx),
// cc, and Debian's Chromium.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { floorsBench } from './floors.js';
import { peersBench } from './peers.js';
import { buildRenderer, rendererBench } from '../../../e2e/bench/renderer.js';
import { snapshotProfile } from './snapshotProfile.js';
import { parseDuration, soak, soakSvg } from '../../../e2e/bench/soak.js';
import { add, printTable } from './table.js';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const SECTIONS = ['floors', 'profile', 'peers', 'renderer'] as const;
const only = opt('--only')?.split(',') ?? [...SECTIONS];
const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
if (unknown.length) {
  console.error(`unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
  process.exit(2);
}
const log = (s: string) => console.log(s);
const work = mkdtempSync(join(tmpdir(), 'isoscope-bench-'));
const machine = () =>
  `${cpus().length} × ${cpus()[0]?.model ?? '?'}; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
console.log(`isoscope bench · ${new Date().toISOString()} · ${machine()}`);

const soakArg = opt('--soak');
if (soakArg !== undefined) {
  const ms = parseDuration(soakArg);
  const samples = await soak(buildRenderer(), work, ms, log);
  const svgFile = opt('--soak-svg') ?? join('docs', 'benchmarks-soak.svg');
  writeFileSync(
    svgFile,
    soakSvg(
      samples,
      `Soak: 100 containers at 1 Hz, ${Math.round(ms / 60_000)} min (${new Date().toISOString().slice(0, 16)} UTC)`,
    ),
  );
  writeFileSync(join(work, 'soak.json'), JSON.stringify(samples, null, 1));
  console.log(`memory curve: ${svgFile}; samples: ${join(work, 'soak.json')}`);
  process.exitCode = printTable() > 0 ? 1 : 0;
} else {
  if (only.includes('floors')) await floorsBench(work);
  if (only.includes('profile')) await snapshotProfile();
  if (only.includes('peers')) await peersBench(log);
  if (only.includes('renderer')) {
    const sizes = (opt('--sizes') ?? '50,200,500').split(',').map(Number);
    const seconds = Number(opt('--seconds') ?? '20');
    const R =
      'renderer: the window, the Resources tab’s live charts + the sidebar (main-thread work per frame; verdicts on thread CPU)';
    const rendererRows = await rendererBench(buildRenderer(), sizes, [1000, 500], seconds, log);
    for (const r of rendererRows) {
      const at = `${r.containers} containers, samples every ${r.intervalMs / 1000} s`;
      const target = r.containers === 200 ? '≤ 16 ms' : null;
      add({
        section: R,
        what: `${at}: frame p95 (thread CPU)`,
        ours: r.app.p95Cpu,
        reference: r.blank.p95Cpu,
        refName: 'blank page, same run',
        unit: 'ms',
        target,
        ok: target ? r.app.p95Cpu <= 16 : null,
        note: `wall ${r.app.p95Wall.toFixed(1)} ms (blank ${r.blank.p95Wall.toFixed(1)}); ${r.app.frames} frames; main thread busy ${(r.app.busy * 100).toFixed(0)} %`,
      });
      add({
        section: R,
        what: `${at}: worst frame per sample, p95 (CPU)`,
        ours: r.app.tickP95Cpu,
        reference: r.blank.tickP95Cpu,
        refName: 'blank page, same run',
        unit: 'ms',
        target,
        ok: target ? r.app.tickP95Cpu <= 16 : null,
        note: `wall ${r.app.tickP95Wall.toFixed(1)} ms (blank ${r.blank.tickP95Wall.toFixed(1)}); worst frame ${r.app.maxWall.toFixed(0)} ms wall; ${r.tracedSamples} samples arrived in the ${seconds} s traced`,
      });
      add({
        section: R,
        what: `${at}: long tasks (> 50 ms) in ${seconds} s`,
        ours: r.pageLongTasks,
        reference: r.blank.longTasks,
        refName: 'blank page (trace)',
        unit: '',
        target: null,
        ok: null,
      });
      const rc = r.renders;
      add({
        section: R,
        what: `${at}: sidebar items rendered per sample`,
        ours: rc.sidebarItems,
        reference: rc.itemsInDom,
        refName: 'items in the DOM',
        unit: '',
        target: '0',
        ok: rc.sidebarItems === 0,
        note: `${rc.samples} samples counted; per sample: whole sidebar ${rc.sidebar.toFixed(2)}, whole status bar ${rc.statusBar.toFixed(2)}, chart cards ${rc.chartCards.toFixed(2)} (React commits walked by the bench's DevTools hook)`,
      });
      add({
        section: R,
        what: `${at}: whole status bar rendered per sample`,
        ours: rc.statusBar,
        reference: rc.samples,
        refName: 'samples counted',
        unit: '',
        target: '0',
        ok: rc.statusBar === 0,
      });
      add({
        section: R,
        what: `${at}: window open → first data`,
        ours: r.firstDataMs,
        reference: r.shellMs,
        refName: 'window open → shell',
        unit: 'ms',
        target: '≤ 1000 ms',
        ok: r.firstDataMs <= 1000,
        note: `cold (app and collector start with the window): ${r.coldFirstDataMs.toFixed(0)} ms`,
      });
    }
  }
  const missed = printTable();
  console.log(
    `\n${machine()} · frame figures are the page main thread's CPU time per frame (Chromium trace); wall figures grow with the machine's load`,
  );
  process.exitCode = missed > 0 ? 1 : 0;
}
