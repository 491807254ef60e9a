// Live means live, in the app: a sandbox whose pid 1 changes its isolation without exec (a new
// UTS namespace, NoNewPrivs, capabilities dropped with capset — e2e/agent/live/changer.c) gets
// the sidebar's "changed" marker and a Timeline tab listing each change with its before and
// after; an nsenter from the host into it (all capabilities, where the sandbox has few) shows as
// a process that entered weaker than the init. Screenshots in e2e/artifacts/.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { childPids, waitFor } from '../lab/proc.js';
import { expect, snap, test } from './app.js';
import { Inspector } from './pages/inspector.js';

const SOURCE = new URL('../agent/live/changer.c', import.meta.url).pathname;

let work: string;
let sandbox: ChildProcessWithoutNullStreams;
let nsenter: ChildProcessWithoutNullStreams | null = null;
let pid: number;
const lines: string[] = [];

async function step(cmd: string): Promise<void> {
  const before = lines.length;
  sandbox.stdin.write(cmd + '\n');
  const reply = await waitFor(() => lines.slice(before).find((l) => l.split(' ')[1] === cmd) ?? null, 10_000, `step ${cmd}`);
  expect(reply).toBe(`ok ${cmd}`);
}

test.beforeEach(async () => {
  work = mkdtempSync(join(tmpdir(), 'isoscope-timeline-'));
  const bin = join(work, 'changer');
  execFileSync('gcc', ['-O2', '-o', bin, SOURCE]);
  lines.length = 0;
  sandbox = spawn('unshare', ['--fork', '--pid', '--mount-proc', '--mount', '--net', '--uts', bin]);
  createInterface({ input: sandbox.stdout }).on('line', (l) => lines.push(l));
  await waitFor(() => (lines.includes('ready') ? true : null), 10_000, 'the changer to start');
  pid = await waitFor(() => childPids(sandbox.pid!)[0] ?? null, 10_000, 'the changer pid');
});

test.afterEach(() => {
  nsenter?.kill('SIGKILL');
  nsenter = null;
  sandbox?.kill('SIGKILL');
  if (work) rmSync(work, { recursive: true, force: true });
});

test('a sandbox that changes its isolation without exec: the changed marker and the timeline', async ({ app }, info) => {
  const ui = new Inspector(app);
  const timeline = ui.timeline;
  const changed = ui.sidebar.changedMark(String(pid));
  await ui.openWhenListed(String(pid), /Timeline/);
  await expect(timeline.empty).toBeVisible();
  await expect(changed).toHaveCount(0);

  const uts = () => Number(/\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/ns/uts`))![1]);
  const utsBefore = uts();
  // One step at a time, each seen by the app before the next (steps within one tick would be
  // one tick's events, in the collector's fixed order).
  const rows = timeline.rows;
  await step('u');
  await expect(changed).toHaveText('changed');
  await expect(rows).toHaveCount(1);
  await step('n');
  await expect(rows).toHaveCount(2);
  await step('c');
  await expect(rows).toHaveCount(3);
  const utsAfter = uts();

  // The sidebar marks it; the Timeline lists the three changes, newest first, with before/after.
  await expect(rows.nth(0)).toHaveAttribute('data-kind', 'capabilities');
  await expect(rows.nth(0)).toContainText('00000000000000c0');
  await expect(rows.nth(0)).toContainText('SYS_ADMIN');
  await expect(rows.nth(0)).toContainText('stronger');
  await expect(rows.nth(1)).toHaveAttribute('data-kind', 'noNewPrivs');
  await expect(rows.nth(1)).toContainText('NoNewPrivs not set → set');
  await expect(rows.nth(2)).toHaveAttribute('data-kind', 'namespace');
  await expect(rows.nth(2)).toContainText(`uts namespace ${utsBefore} → ${utsAfter}`);
  for (let i = 0; i < 3; i++) await expect(rows.nth(i)).toContainText(`pid ${pid}`);
  await expect(timeline.summary).toContainText('3 changes, none weakening isolation');
  await snap(app, 'isolation-timeline', info.project.name);

  // An nsenter from the host: every capability, no seccomp, no NoNewPrivs — weaker than init.
  nsenter = spawn('nsenter', ['-t', String(pid), '-m', '-n', '-p', '-u', '-i', '--', 'sleep', '600']);
  const sleepPid = await waitFor(() => childPids(nsenter!.pid!)[0] ?? null, 10_000, 'sleep under nsenter');
  const entered = timeline.change('weakerEntry', sleepPid);
  await expect(entered).toBeVisible();
  await expect(entered).toContainText('weaker');
  await expect(entered).toContainText('capabilities.effective');
  await expect(entered).toContainText('noNewPrivs');
  await expect(changed).toHaveClass(/weaker/);
  await expect(timeline.summary).toContainText('weakening isolation');
  await snap(app, 'isolation-timeline-weaker-entry', info.project.name);
  await snap(app, 'isolation-timeline-sidebar', info.project.name);
});
