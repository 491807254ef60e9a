// Electron's WebContents (a window's page: send, loadURL, reload, the window-open handler) and
// WebFrameMain (a frame as the main process sees it, with its isoscope:// URL).
import { EventEmitter } from 'node:events';
import type { Frame, Page } from 'playwright-core';
import { appUrlOf, standinUrlOf } from './origin.js';
import { privileged } from './protocolNet.js';
import { recorded } from './recorded.js';
import { session } from './session.js';
import { DELIVER } from './standinState.js';

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
/** One WebFrameMain per frame, so that `senderFrame === sender.mainFrame` holds for the top frame. */
export function frameMain(frame: Frame): WebFrameMain {
  let f = frames.get(frame);
  if (!f) frames.set(frame, (f = new WebFrameMain(frame)));
  return f;
}

export type WindowOpenHandler = (details: { url: string; frameName: string; features: string; disposition: string }) => {
  action: 'allow' | 'deny';
};

let nextId = 1;

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
