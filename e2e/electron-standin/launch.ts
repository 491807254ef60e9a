// Starts a main entry (the real dist/electron/main/index.js, or a test fixture) under the stand-in,
// like Playwright's _electron.launch: a child Node process where `electron` resolves to the
// stand-in, which drives Chromium; the test attaches to that Chromium over CDP and gets the
// window's page, and talks to the stand-in over the child's IPC channel.
import { fork, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const REGISTER = resolve('e2e/electron-standin/register.mjs');

export interface LaunchOptions {
  /** The main entry to run (default: $ELECTRON_STANDIN_MAIN, else the built app's). */
  main?: string;
  /** Arguments after the entry (the app's collector flags go after `--`). */
  args?: string[];
  /** Extra environment for the main process (e.g. PATH with a recording pkexec first). */
  env?: NodeJS.ProcessEnv;
  /** Run the main process (and so its Chromium and collector) as this user. */
  uid?: number;
  gid?: number;
  /** Wait for the first window's page (default true). */
  waitForWindow?: boolean;
}

export interface Recorded {
  webPreferences: Record<string, unknown>[];
  privilegedSchemes: { scheme: string; privileges?: Record<string, boolean> }[];
  openExternal: string[];
  dialog: { method: string; options: unknown }[];
  menuRoles: string[];
  navigations: { url: string; prevented: boolean }[];
  windowOpens: { url: string; action: string }[];
  permissionHandlers: { request: boolean; check: boolean };
}

export interface MenuOutlineItem {
  label: string;
  role?: string;
  type: string;
  accelerator?: string;
  submenu?: MenuOutlineItem[];
}

export interface StandinApp {
  page: Page;
  process: ChildProcess;
  /** Output of the main process (stdout and stderr). */
  output(): string;
  recorded(): Promise<Recorded>;
  menu(): Promise<MenuOutlineItem[] | null>;
  clickMenu(...path: string[]): Promise<void>;
  /** What the next dialog.showOpenDialog answers: these paths, or none for canceled (the default). */
  answerOpenDialog(...filePaths: string[]): Promise<void>;
  /** What the next dialog.showSaveDialog answers: this path, or canceled (the default) without one. */
  answerSaveDialog(filePath?: string): Promise<void>;
  loadURL(url: string): Promise<void>;
  permission(name: string): Promise<{ check: boolean; request: boolean }>;
  /** app.quit() in the main process, then waits for it to exit. */
  close(): Promise<number | null>;
}

export async function launchStandin(opts: LaunchOptions = {}): Promise<StandinApp> {
  const dir = mkdtempSync(join(tmpdir(), 'electron-standin-'));
  if (opts.uid !== undefined) chmodSync(dir, 0o777);
  const child = fork(opts.main ?? process.env.ELECTRON_STANDIN_MAIN ?? 'dist/electron/main/index.js', opts.args ?? [], {
    execArgv: ['--import', 'tsx', '--import', REGISTER],
    env: { ...process.env, ...opts.env, ELECTRON_STANDIN_DIR: dir, HOME: opts.uid !== undefined ? dir : process.env.HOME },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid ?? opts.uid } : {}),
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  // 'close', not 'exit': the output is complete once the streams close.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const replies = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const events: Record<string, unknown>[] = [];
  const waiters: { match: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
  child.on('message', (m: Record<string, unknown>) => {
    if (!m || m.standin !== true) return;
    if (m.type === 'reply') {
      const r = replies.get(m.id as number);
      replies.delete(m.id as number);
      if (m.error !== undefined) r?.reject(new Error(String(m.error)));
      else r?.resolve(m.result);
      return;
    }
    events.push(m);
    for (const w of [...waiters]) {
      if (w.match(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  const waitFor = (type: string, ms = 30_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const seen = events.find((e) => e.type === type);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error(`electron stand-in: no ${type} within ${ms} ms; output:\n${output}`)), ms);
      void exited.then((code) =>
        reject(new Error(`electron stand-in: the main process exited (${code}) before ${type}; output:\n${output}`)),
      );
      waiters.push({ match: (m) => m.type === type, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  let nextId = 1;
  const control = <T>(op: string, ...args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      replies.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, op, args });
    });

  let browser: Browser | null = null;
  const cleanup = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch {
      /* Chromium may still be writing its profile: a leftover temp dir is harmless */
    }
  };
  try {
    const { cdpUrl } = (await waitFor('browser', 90_000)) as { cdpUrl: string };
    browser = await chromium.connectOverCDP(cdpUrl);
    let page: Page | null = null;
    if (opts.waitForWindow !== false) {
      const { targetId } = (await waitFor('window', 90_000)) as { targetId: string };
      page = await findPage(browser, targetId);
      await waitFor('ready-to-show', 90_000);
    }
    const app: StandinApp = {
      page: page!,
      process: child,
      output: () => output,
      recorded: () => control<Recorded>('recorded'),
      menu: () => control<MenuOutlineItem[] | null>('menu'),
      clickMenu: (...path) => control<void>('clickMenu', path),
      answerOpenDialog: (...filePaths) => control<void>('answerOpenDialog', filePaths),
      answerSaveDialog: (filePath) => control<void>('answerSaveDialog', ...(filePath === undefined ? [] : [filePath])),
      loadURL: (url) => control<void>('loadURL', url),
      permission: (name) => control<{ check: boolean; request: boolean }>('permission', name),
      close: async () => {
        if (child.connected) child.send({ id: 0, op: 'quit' });
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        const code = await exited;
        clearTimeout(timer);
        await browser?.close().catch(() => undefined);
        cleanup();
        return code;
      },
    };
    return app;
  } catch (e) {
    await browser?.close().catch(() => undefined);
    cleanup();
    throw e;
  }
}

async function findPage(browser: Browser, targetId: string): Promise<Page> {
  for (let i = 0; i < 100; i++) {
    for (const context of browser.contexts()) {
      for (const page of context.pages()) {
        const session = await context.newCDPSession(page);
        const { targetInfo } = (await session.send('Target.getTargetInfo')) as { targetInfo: { targetId: string } };
        await session.detach();
        if (targetInfo.targetId === targetId) return page;
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`electron stand-in: the window's page (target ${targetId}) did not appear over CDP`);
}
