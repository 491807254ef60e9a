// The helper is compiled with the system cc, rebuilt when its source changes, and its one line of
// output is parsed into filters or an errno reason (live reads of filtered processes: the lab test).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureHelper, parseHelperOutput, readFilters } from './nativeHelper.js';

const hasCc = (() => {
  try {
    execFileSync('cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const dir = mkdtempSync(join(tmpdir(), 'isoscope-seccomp-helper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parsing the helper output', () => {
  it('filters, in the kernel order', () => {
    const r = parseHelperOutput('{"pid":7,"mode":2,"filters":[[{"code":6,"jt":0,"jf":0,"k":2147418112}],[{"code":6,"jt":0,"jf":0,"k":0}]]}\n');
    expect(r).toEqual({ ok: true, pid: 7, mode: 2, filters: [[{ code: 6, jt: 0, jf: 0, k: 0x7fff0000 }], [{ code: 6, jt: 0, jf: 0, k: 0 }]] });
  });

  it('errors with their errno name, never a guess', () => {
    expect(parseHelperOutput('{"error":"EACCES","errno":13,"step":"get-filter","message":"needs CAP_SYS_ADMIN"}')).toEqual({ ok: false, reason: 'EACCES', detail: 'get-filter: needs CAP_SYS_ADMIN' });
    expect(parseHelperOutput('garbage').ok).toBe(false);
    expect(parseHelperOutput('{"pid":1,"mode":2,"filters":[[{"code":70000,"jt":0,"jf":0,"k":0}]]}')).toMatchObject({ ok: false, reason: 'EBADOUTPUT' });
    expect(parseHelperOutput('{"pid":1,"mode":2,"filters":[[{"code":21,"jt":5,"jf":0,"k":0}]]}')).toMatchObject({ ok: false, reason: 'EBADOUTPUT' });
  });
});

describe.skipIf(!hasCc)('building and running the helper', () => {
  it('compiles once, and again when the stamp says another source', () => {
    const bin = ensureHelper(dir);
    const first = statSync(bin).mtimeMs;
    expect(ensureHelper(dir)).toBe(bin);
    expect(statSync(bin).mtimeMs).toBe(first);
    const stamp = readFileSync(`${bin}.sha256`, 'utf8');
    writeFileSync(`${bin}.sha256`, 'other\n');
    ensureHelper(dir);
    expect(readFileSync(`${bin}.sha256`, 'utf8')).toBe(stamp);
  });

  it('reads a process without seccomp without attaching to it', async () => {
    const r = await readFilters(process.pid, ensureHelper(dir));
    const own = /^Seccomp:\s*(\d)/m.exec(execFileSync('cat', [`/proc/${process.pid}/status`], { encoding: 'utf8' }))![1];
    if (own === '0') expect(r).toEqual({ ok: true, pid: process.pid, mode: 0, filters: [] });
    else expect(r.ok || ['EACCES', 'EPERM'].includes(r.reason)).toBe(true);
  });

  it('says ESRCH for a process that does not exist, EINVAL for a bad pid', async () => {
    const bin = ensureHelper(dir);
    expect(await readFilters(0x3ffffff0, bin)).toMatchObject({ ok: false, reason: 'ESRCH' });
    const bad = spawnSync(bin, ['x1'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(parseHelperOutput(bad.stdout)).toMatchObject({ ok: false, reason: 'EINVAL' });
  });
});
