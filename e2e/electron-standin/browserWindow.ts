// Electron's BrowserWindow: a page of the stand-in's Chromium (viewport = window size), refused
// unless sandboxed and context-isolated without Node; the real preload run in it before any page
// script; IPC from its frames to ipcMain; window.open asked of the window-open handler.
import { EventEmitter } from 'node:events';
import type { Frame } from 'playwright-core';
import { app } from './app.js';
import { ipcMain, type IpcMainInvokeEvent } from './ipcMain.js';
import { appUrlOf } from './origin.js';
import { PreventableEvent, recorded, report } from './recorded.js';
import { preloadScript } from './preload.js';
import { BINDING, browser, pageCounts, pages, windows } from './standinState.js';
import { frameMain, WebContents } from './webContents.js';

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
    const ctx = browser.context!;
    pageCounts.windowPagesExpected++;
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
    if (decision.action === 'allow') pageCounts.pendingAllowed++;
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
