import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCmdline, parseStat } from './stat.js';

describe('/proc/PID/stat', () => {
  const children: { kill(): void }[] = [];
  afterAll(() => children.forEach((c) => c.kill()));

  it('reads this process', () => {
    const text = readFileSync('/proc/self/stat', 'utf8');
    const s = parseStat(text)!;
    expect(s.pid).toBe(Number(text.split(' ')[0]));
    expect(s.ppid).toBeGreaterThan(0);
    expect(s.startTime).toBeGreaterThan(0);
  });

  it('splits at the last parenthesis when comm contains spaces and parentheses', async () => {
    // A real process whose comm is ") (x y) z" (set with prctl(PR_SET_NAME) through /proc/self/comm).
    // bash keeps running (sleep is its child), so its comm stays the one it set.
    const child = spawn('bash', ['-c', 'printf %s ") (x y) z" > /proc/$$/comm; sleep 30; true'], { stdio: 'ignore' });
    children.push(child);
    let text = '';
    for (let i = 0; i < 50; i++) {
      await new Promise((r) => setTimeout(r, 20));
      text = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      if (text.includes('x y')) break;
    }
    const s = parseStat(text)!;
    expect(s.pid).toBe(child.pid);
    expect(s.ppid).toBe(process.pid);
    expect(s.comm).toBe(') (x y) z');
    expect(s.state).toMatch(/^[RSD]$/);
    expect(parseStat(`123 () (x y) z) S 1 123 123 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 98765 0 0`)).toMatchObject({
      comm: ') (x y) z',
      state: 'S',
      ppid: 1,
      startTime: 98765,
    });
  });

  it('rejects truncated text', () => {
    expect(parseStat('123 (sleep) S 1')).toBeNull();
    expect(parseStat('garbage')).toBeNull();
  });

  it('splits cmdline at NULs', () => {
    expect(parseCmdline('sleep\u000030\u0000')).toEqual(['sleep', '30']);
    expect(parseCmdline('')).toEqual([]);
    expect(parseCmdline(readFileSync('/proc/self/cmdline', 'utf8'))[0]).toContain('node');
  });
});
