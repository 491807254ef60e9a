// Why the DaemonSet runs seccomp Unconfined, shown on this kernel rather than asserted: the
// collector's own seccomp dump helper reads a filtered process's filter as root, and the very
// same helper, as root with every capability but itself under one allow-all seccomp filter,
// gets EACCES (kernel/seccomp.c seccomp_get_filter: the caller's seccomp mode must be disabled).
// A RuntimeDefault profile would be a stricter filter than this one; the result is the same.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasCc } from '../testing/toolchain.js';
import { buildHelper, parseHelperOutput, readFilters } from '../seccomp/nativeHelper.js';

const root = process.geteuid?.() === 0;

let dir: string;
let wrapper: string;
let helper: string;
let target: ChildProcess;

beforeAll(() => {
  if (!root || !hasCc) return;
  dir = mkdtempSync(join(tmpdir(), 'isoscope-confined-tracer-'));
  wrapper = join(dir, 'allow-all-filter');
  execFileSync('cc', ['-O2', '-o', wrapper, new URL('./fixtures/allow-all-filter.c', import.meta.url).pathname]);
  helper = buildHelper(join(dir, 'native'));
  // The process whose filter is read: sleep under one allow-all filter.
  target = spawn(wrapper, ['sleep', '60'], { stdio: 'ignore' });
});
afterAll(() => {
  target?.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const status = (pid: number) => readFileSync(`/proc/${pid}/status`, 'utf8');

// Needs root (CAP_SYS_ADMIN for the dump) and a C compiler; both are how the collector runs.
describe.skipIf(!root || !hasCc)('a seccomp-confined tracer cannot dump filters', () => {
  it('unconfined, as root: the helper reads the target filter', async () => {
    await expect.poll(() => /Seccomp:\s+2/.test(status(target.pid!))).toBe(true);
    const r = await readFilters(target.pid!, helper);
    expect(r).toMatchObject({ ok: true, mode: 2 });
    expect(r.ok && r.filters.length).toBe(1);
  });

  it('the same helper as root, itself under a filter that allows everything: EACCES', () => {
    const r = spawnSync(wrapper, [helper, String(target.pid)], { encoding: 'utf8', timeout: 10_000 });
    // Still root with its capabilities: only its own seccomp mode changed.
    expect(r.status === 0 || r.stdout.trim() !== '').toBe(true);
    expect(parseHelperOutput(r.stdout)).toMatchObject({ ok: false, reason: 'EACCES' });
  });
});
