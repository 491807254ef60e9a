// The menu's "Open Snapshot…" reader, attacked with real files: a FIFO (nobody writes to it, so
// a blocking open would hang the test), a symlink to a readable file, a file over the cap.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readChosenFile } from './openFile.js';

const dir = mkdtempSync(join(tmpdir(), 'isoscope-openfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readChosenFile', () => {
  it('reads a regular file whole, named by its basename', async () => {
    const path = join(dir, 'snap.json');
    writeFileSync(path, '{"schemaVersion":1}');
    const r = await readChosenFile(path);
    expect(r).toEqual({ name: 'snap.json', bytes: new TextEncoder().encode('{"schemaVersion":1}') });
    expect((r as { bytes: Uint8Array }).bytes).toBeInstanceOf(Uint8Array);
  });

  it('refuses a FIFO without blocking on it', async () => {
    const path = join(dir, 'fifo.json');
    execFileSync('mkfifo', [path]);
    expect(await readChosenFile(path)).toEqual({ name: 'fifo.json', error: 'it is a FIFO' });
  });

  it('refuses a symlink, even to a readable regular file', async () => {
    const target = join(dir, 'target.json');
    writeFileSync(target, '{}');
    const link = join(dir, 'link.json');
    symlinkSync(target, link);
    expect(await readChosenFile(link)).toEqual({ name: 'link.json', error: 'it is a symbolic link' });
  });

  it('refuses a file over the cap rather than truncating it, and accepts one at the cap', async () => {
    const path = join(dir, 'big.json');
    writeFileSync(path, Buffer.alloc(1025, 0x20));
    expect(await readChosenFile(path, 1024)).toEqual({ name: 'big.json', error: 'larger than 1 KiB' });
    writeFileSync(path, Buffer.alloc(1024, 0x20));
    expect((await readChosenFile(path, 1024)) as { bytes: Uint8Array }).toMatchObject({ name: 'big.json' });
    expect(((await readChosenFile(path, 1024)) as { bytes: Uint8Array }).bytes.length).toBe(1024);
  });

  it('refuses a directory and a missing file with a reason', async () => {
    expect(await readChosenFile(dir)).toMatchObject({ error: 'it is a directory' });
    expect(await readChosenFile(join(dir, 'missing.json'))).toEqual({ name: 'missing.json', error: 'it does not exist' });
  });
});
