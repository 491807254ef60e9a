// The Electron stand-in: the `electron` module as the REAL main entry sees it when it runs in
// plain Node (the resolve hook in hooks.mjs maps the import here). It implements exactly what
// electron/main uses, with Electron's documented semantics, on top of Debian's Chromium driven by
// playwright-core. README.md says what is emulated and how; standin.spec.ts pins each semantic.
// Tests talk to it through the Node IPC channel of the forked process (see launch.ts).
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Frame, type Page, type Route } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';
import { appUrlOf, standinUrlOf } from './origin.js';
import { hooks as menuHooks, Menu, MenuItem } from './menu.js';
import { PreventableEvent, recorded, report } from './recorded.js';
import { handlers, net, privileged, protocol, protocolHooks } from './protocolNet.js';
import { dialog, shell } from './shellDialog.js';
import { installControls } from './control.js';

export { recorded } from './recorded.js';
export { dialog, shell } from './shellDialog.js';
export { net, protocol } from './protocolNet.js';
export { Menu, MenuItem, type MenuItemConstructorOptions } from './menu.js';

const here = fileURLToPath(new URL('.', import.meta.url));
// In Electron, process.execPath is the Electron binary, which runs a script as Node only with
// ELECTRON_RUN_AS_NODE: the stand-in's electron-dist/electron does the same, with this Node.
process.execPath = join(here, 'electron-dist', 'electron');
const standinDir = process.env.ELECTRON_STANDIN_DIR ?? mkdtempSync(join(tmpdir(), 'electron-standin-'));
const BINDING = '__electronStandinIpc';
const DELIVER = `__electronStandinDeliver_${Math.random().toString(36).slice(2)}`;
const ELECTRON_VERSION = '45.0.0-standin';

// ---------------------------------------------------------------- app
let browserContext: BrowserContext | null = null;
let readyResolve: () => void = () => {};
const readyPromise = new Promise<void>((resolve) => (readyResolve = resolve));

class App extends EventEmitter {
  #ready = false;
  #quitting = false;
  #lockFile: string | null = null;

  isReady(): boolean {
    return this.#ready;
  }
  whenReady(): Promise<void> {
    return readyPromise;
  }
  getName(): string {
    return 'Isoscope';
  }
  getVersion(): string {
    return ELECTRON_VERSION;
  }
  getPath(name: string): string {
    const dir = join(standinDir, 'paths', name);
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  /** Only the first instance (per user-data directory) gets the lock, as in Electron. */
  requestSingleInstanceLock(): boolean {
    const lock = join(this.getPath('userData'), 'SingletonLock.standin');
    try {
      mkdirSync(lock);
      this.#lockFile = lock;
      return true;
    } catch {
      return false;
    }
  }
  hasSingleInstanceLock(): boolean {
    return this.#lockFile !== null;
  }
  /** Called by the stand-in once Chromium is up. */
  markReady(): void {
    this.#ready = true;
    this.emit('will-finish-launching');
    this.emit('ready', new PreventableEvent(), {});
    readyResolve();
  }
  /** before-quit (preventable), then every window closes, then will-quit, quit, exit. */
  quit(): void {
    if (this.#quitting) return;
    const before = new PreventableEvent();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    this.#quitting = true;
    void (async () => {
      for (const w of [...windows]) await w.closeQuietly();
      const willQuit = new PreventableEvent();
      this.emit('will-quit', willQuit);
      this.emit('quit', new PreventableEvent(), 0);
      await shutdown(0);
    })();
  }
  exit(code = 0): void {
    void shutdown(code);
  }
  windowsClosed(): void {
    if (this.#quitting) return;
    // Electron quits by itself when nobody listens for window-all-closed.
    if (this.listenerCount('window-all-closed') === 0) this.quit();
    else this.emit('window-all-closed');
  }
}
export const app = new App();

async function shutdown(code: number): Promise<void> {
  report({ type: 'exit', code });
  try {
    await browserContext?.close();
  } catch {
    /* already gone */
  }
  process.exit(code);
}

// ---------------------------------------------------------------- session
type PermissionRequestHandler =
  null | ((wc: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void);
type PermissionCheckHandler = null | ((wc: unknown, permission: string, origin: string, details: unknown) => boolean);
export const session = {
  defaultSession: {
    permissionRequestHandler: null as PermissionRequestHandler,
    permissionCheckHandler: null as PermissionCheckHandler,
    setPermissionRequestHandler(h: PermissionRequestHandler): void {
      this.permissionRequestHandler = h;
      recorded.permissionHandlers.request = h !== null;
    },
    setPermissionCheckHandler(h: PermissionCheckHandler): void {
      this.permissionCheckHandler = h;
      recorded.permissionHandlers.check = h !== null;
    },
  },
};

// ---------------------------------------------------------------- ipcMain
export interface IpcMainInvokeEvent {
  sender: WebContents;
  senderFrame: WebFrameMain | null;
  processId: number;
  frameId: number;
  type: 'frame';
}
type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

class IpcMain extends EventEmitter {
  readonly handlers = new Map<string, InvokeHandler>();
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  handleOnce(channel: string, handler: InvokeHandler): void {
    this.handle(channel, (event, ...args) => {
      this.handlers.delete(channel);
      return handler(event, ...args);
    });
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}
export const ipcMain = new IpcMain();
export type IpcRendererEvent = { sender: unknown; senderId: number };

// ---------------------------------------------------------------- web contents and windows
/** Electron's WebFrameMain, for one Playwright frame: its URL as the app sees it (isoscope://…). */
export class WebFrameMain {
  constructor(private readonly frame: Frame) {}
  get url(): string {
    return appUrlOf(this.frame.url());
  }
  get origin(): string {
    try {
      return new URL(this.url).origin;
    } catch {
      return 'null';
    }
  }
  get parent(): WebFrameMain | null {
    const p = this.frame.parentFrame();
    return p ? frameMain(p) : null;
  }
  get top(): WebFrameMain {
    return frameMain(this.frame.page().mainFrame());
  }
}
const frames = new WeakMap<Frame, WebFrameMain>();
function frameMain(frame: Frame): WebFrameMain {
  let f = frames.get(frame);
  if (!f) frames.set(frame, (f = new WebFrameMain(frame)));
  return f;
}

const windows = new Set<BrowserWindow>();
/** Popups the window-open handler allowed (the stand-in keeps them as plain pages). */
const allowedPopups = new WeakSet<Page>();
let pendingAllowed = 0;
/** Pages being opened for new BrowserWindows (context.newPage), not popups. */
let windowPagesExpected = 0;
/** Pages that are not the app's: Chromium's first tab. */
const initialPages = new WeakSet<Page>();
const pages = new Map<Page, BrowserWindow>();
let nextId = 1;

type WindowOpenHandler = (details: { url: string; frameName: string; features: string; disposition: string }) => {
  action: 'allow' | 'deny';
};

export class WebContents extends EventEmitter {
  readonly id = nextId++;
  page: Page | null = null;
  windowOpenHandler: WindowOpenHandler | null = null;
  #destroyed = false;
  #sendQueue: Promise<unknown> = Promise.resolve();
  /** The navigation the main side asked for (loadURL, reload): not a will-navigate. */
  expected: string | null = null;
  session = session.defaultSession;

  get mainFrame(): WebFrameMain {
    if (!this.page) throw new Error('the window has no page yet');
    return frameMain(this.page.mainFrame());
  }
  /** Delivers to the page's ipcRenderer listeners, in order; arguments are structured-cloned. */
  send(channel: string, ...args: unknown[]): void {
    const cloned = structuredClone(args);
    const page = this.page;
    if (!page || this.#destroyed) return;
    this.#sendQueue = this.#sendQueue
      .then(() =>
        page.evaluate(
          ([deliver, c, a]) => (globalThis as unknown as Record<string, (c: string, a: unknown[]) => number>)[deliver]?.(c, a),
          [DELIVER, channel, cloned] as const,
        ),
      )
      .then(
        (n) => process.env.STANDIN_DEBUG && console.error('send', channel, n),
        (e) => process.env.STANDIN_DEBUG && console.error('send failed', channel, e),
      );
  }
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.page ? appUrlOf(this.page.url()) : '';
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  destroyed(): void {
    this.#destroyed = true;
  }
  reload(): void {
    const page = this.page;
    if (!page) return;
    this.expected = page.url();
    void page.reload().catch(() => undefined);
  }
  async loadURL(url: string): Promise<void> {
    const page = this.page;
    if (!page) throw new Error('the window has no page yet');
    const target = standinUrlOf(url, privileged);
    this.expected = target;
    const res = await page.goto(target, { waitUntil: 'load' });
    if (res && !res.ok() && res.status() !== 304)
      throw new Error(`ERR_HTTP_RESPONSE_CODE_FAILURE (${res.status()}) loading '${url}'`);
    this.emit('did-finish-load');
  }
  openDevTools(): void {
    recorded.menuRoles.push('openDevTools');
  }
}

export interface BrowserWindowConstructorOptions {
  width?: number;
  height?: number;
  show?: boolean;
  webPreferences?: Record<string, unknown>;
  [key: string]: unknown;
}

export class BrowserWindow extends EventEmitter {
  readonly id: number;
  readonly webContents: WebContents;
  readonly webPreferences: Record<string, unknown>;
  #visible: boolean;
  #destroyed = false;
  #shownOnce = false;
  readonly #created: Promise<void>;

  static getAllWindows(): BrowserWindow[] {
    return [...windows];
  }
  static getFocusedWindow(): BrowserWindow | null {
    return [...windows].at(-1) ?? null;
  }

  constructor(options: BrowserWindowConstructorOptions = {}) {
    super();
    if (!app.isReady()) throw new Error('Cannot create BrowserWindow before app is ready');
    // Electron's defaults since 20: context isolation and sandbox on, no Node integration.
    this.webPreferences = {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      ...options.webPreferences,
    };
    recorded.webPreferences.push(this.webPreferences);
    const wp = this.webPreferences;
    if (
      wp.contextIsolation !== true ||
      wp.sandbox !== true ||
      wp.nodeIntegration !== false ||
      wp.nodeIntegrationInSubFrames !== false ||
      wp.webviewTag !== false
    ) {
      throw new Error(
        `electron stand-in: refusing a window that is not sandboxed and context-isolated without Node integration: ${JSON.stringify(wp)}`,
      );
    }
    this.#visible = options.show ?? true;
    this.webContents = new WebContents();
    this.id = this.webContents.id;
    windows.add(this);
    app.emit('browser-window-created', new PreventableEvent(), this);
    app.emit('web-contents-created', new PreventableEvent(), this.webContents);
    this.#created = this.#createPage(options);
    this.#created.catch((e) => console.error('electron stand-in: the window could not be created', e));
  }

  async #createPage(options: BrowserWindowConstructorOptions): Promise<void> {
    const ctx = browserContext!;
    windowPagesExpected++;
    const page = await ctx.newPage();
    this.webContents.page = page;
    pages.set(page, this);
    await page.setViewportSize({ width: options.width ?? 800, height: options.height ?? 600 });
    await page.exposeBinding(BINDING, (source, message: { kind: 'invoke' | 'send'; channel: string; args: unknown[] }) =>
      this.#ipc(source.frame, message),
    );
    const preload = this.webPreferences.preload;
    if (typeof preload === 'string') await page.addInitScript({ content: preloadScript(preload) });
    page.on('close', () => this.#closed());
    // setWindowOpenHandler is asked for every window.open, target=_blank link or form before
    // the new window exists (Chromium announces them on the opener: Page.windowOpen).
    const session = await ctx.newCDPSession(page);
    await session.send('Page.enable');
    session.on('Page.windowOpen', (e: { url: string; windowName: string; windowFeatures: string[] }) => this.#windowOpen(e));
    const { targetInfo } = (await session.send('Target.getTargetInfo')) as { targetInfo: { targetId: string } };
    report({ type: 'window', id: this.id, targetId: targetInfo.targetId, webPreferences: this.webPreferences });
  }

  #windowOpen(e: { url: string; windowName: string; windowFeatures: string[] }): void {
    const handler = this.webContents.windowOpenHandler;
    const decision = handler
      ? handler({
          url: appUrlOf(e.url),
          frameName: e.windowName,
          features: e.windowFeatures.join(','),
          disposition: 'new-window',
        })
      : { action: 'allow' as const };
    recorded.windowOpens.push({ url: appUrlOf(e.url), action: decision.action });
    if (decision.action === 'allow') pendingAllowed++;
  }

  async #ipc(
    frame: Frame,
    message: { kind: 'invoke' | 'send'; channel: string; args: unknown[] },
  ): Promise<{ result?: unknown; error?: string }> {
    const event: IpcMainInvokeEvent = {
      sender: this.webContents,
      senderFrame: frameMain(frame),
      processId: 1,
      frameId: 1,
      type: 'frame',
    };
    const args = Array.isArray(message.args) ? message.args : [];
    if (message.kind === 'send') {
      ipcMain.emit(String(message.channel), event, ...args);
      return {};
    }
    const channel = String(message.channel);
    const handler = ipcMain.handlers.get(channel);
    if (!handler) return { error: `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'` };
    try {
      const result = await handler(event, ...args);
      return { result: structuredClone(result) };
    } catch (e) {
      return {
        error: `Error invoking remote method '${channel}': ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
      };
    }
  }

  async loadURL(url: string): Promise<void> {
    await this.#created;
    await this.webContents.loadURL(url);
    if (!this.#shownOnce) {
      this.#shownOnce = true;
      this.emit('ready-to-show');
      report({ type: 'ready-to-show', id: this.id });
    }
  }
  show(): void {
    this.#visible = true;
    this.emit('show');
  }
  hide(): void {
    this.#visible = false;
  }
  isVisible(): boolean {
    return this.#visible;
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  close(): void {
    const ev = new PreventableEvent();
    this.emit('close', ev);
    if (!ev.defaultPrevented) void this.webContents.page?.close();
  }
  destroy(): void {
    void this.webContents.page?.close();
  }
  async closeQuietly(): Promise<void> {
    await this.webContents.page?.close().catch(() => undefined);
  }
  #closed(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.webContents.destroyed();
    windows.delete(this);
    this.emit('closed');
    if (windows.size === 0) app.windowsClosed();
  }
}

/** The init script: the renderer half (page/preloadHost.js) running the real preload bundle. */
function preloadScript(preloadPath: string): string {
  // preloadHost.js is one function expression (ending in `);`), called here with its arguments.
  const host = readFileSync(join(here, 'page', 'preloadHost.js'), 'utf8')
    .trimEnd()
    .replace(/;$/, '');
  const preload = readFileSync(preloadPath, 'utf8');
  const config = { binding: BINDING, deliver: DELIVER, preloadPath, electronVersion: ELECTRON_VERSION };
  return `${host}\n(${JSON.stringify(config)}, function (require, module, exports, process) {\n${preload}\n});`;
}

// ---------------------------------------------------------------- the page's requests
async function onRoute(route: Route): Promise<void> {
  const request = route.request();
  const url = request.url();
  let frame: Frame | null = null;
  try {
    frame = request.frame();
  } catch {
    frame = null;
  }
  const page = frame?.page() ?? null;
  const win = page ? pages.get(page) : undefined;
  if (request.isNavigationRequest() && page && frame) {
    if (!win) {
      // A page no BrowserWindow owns (a popup): the window-open handler has decided already
      // (Page.windowOpen); a denied popup loads nothing.
      if (!allowedPopups.has(page)) {
        await route.abort('blockedbyclient');
        return;
      }
    } else if (frame === page.mainFrame()) {
      const expected = win.webContents.expected;
      win.webContents.expected = null;
      // Not for navigations the main side started (loadURL), nor for reloads, as in Electron.
      if (url !== expected && url !== page.url()) {
        const ev = new PreventableEvent();
        win.webContents.emit('will-navigate', ev, appUrlOf(url));
        recorded.navigations.push({ url: appUrlOf(url), prevented: ev.defaultPrevented });
        if (ev.defaultPrevented) {
          await route.abort('aborted');
          return;
        }
      }
    }
  }
  const appUrl = appUrlOf(url);
  if (appUrl === url) {
    await route.continue();
    return;
  }
  const scheme = new URL(appUrl).protocol.slice(0, -1);
  const handler = handlers.get(scheme);
  if (!handler) {
    await route.abort('failed');
    return;
  }
  try {
    const body = request.postDataBuffer();
    const req = new Request(appUrl, {
      method: request.method(),
      headers: await request.allHeaders(),
      ...(body ? { body: new Uint8Array(body) } : {}),
    });
    const res = await handler(req);
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => (headers[name] = value));
    await route.fulfill({ status: res.status, headers, body: Buffer.from(await res.arrayBuffer()) });
  } catch (e) {
    console.error(`electron stand-in: the ${scheme}: handler failed for ${appUrl}:`, e);
    await route.abort('failed');
  }
}

// ---------------------------------------------------------------- control channel (tests)
installControls({
  focusedWindow: () => BrowserWindow.getFocusedWindow(),
  permissionHandlers: () => session.defaultSession,
  quit: () => app.quit(),
});

// ---------------------------------------------------------------- start-up
menuHooks.focusedWindow = () => BrowserWindow.getFocusedWindow() ?? undefined;
menuHooks.quit = () => app.quit();
protocolHooks.isReady = () => app.isReady();

setImmediate(() => {
  void (async () => {
    const profile = join(standinDir, 'profile');
    mkdirSync(profile, { recursive: true });
    browserContext = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.ELECTRON_STANDIN_CHROMIUM ?? CHROMIUM_PATH,
      headless: true,
      // A BrowserWindow has no popup blocker: every window.open reaches setWindowOpenHandler.
      args: [...CHROMIUM_ARGS, '--disable-popup-blocking', '--remote-debugging-port=0'],
      acceptDownloads: true,
      downloadsPath: join(standinDir, 'downloads'),
    });
    await browserContext.route('**/*', (route) =>
      onRoute(route).catch((e) => console.error('electron stand-in: routing failed', e)),
    );
    // Chromium's own first tab stays open (closing the last page would end the browser); it is
    // not a window of the app: tests find the window by its target id.
    for (const p of browserContext.pages()) initialPages.add(p);
    browserContext.on('page', (p) => {
      if (initialPages.has(p)) return;
      if (windowPagesExpected > 0) {
        windowPagesExpected--;
        return;
      }
      setImmediate(() => {
        if (pendingAllowed > 0) {
          pendingAllowed--;
          allowedPopups.add(p);
          return;
        }
        void p.close().catch(() => undefined);
      });
    });
    const port = readFileSync(join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0];
    report({ type: 'browser', cdpUrl: `http://127.0.0.1:${port}` });
    app.markReady();
  })().catch((e) => {
    console.error('electron stand-in: Chromium did not start', e);
    process.exit(1);
  });
});

export default { app, BrowserWindow, Menu, MenuItem, dialog, ipcMain, net, protocol, session, shell };
