// Electron's `app`: ready once Chromium is up, paths under the run's directory, the single
// instance lock, and quitting in Electron's order (before-quit, windows close, will-quit, quit).
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PreventableEvent, report } from './recorded.js';
import { browser, ELECTRON_VERSION, standinDir, windows } from './standinState.js';

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
    await browser.context?.close();
  } catch {
    /* already gone */
  }
  process.exit(code);
}
