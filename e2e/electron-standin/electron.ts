// The Electron stand-in: the `electron` module as the REAL main entry sees it when it runs in
// plain Node (the resolve hook in hooks.mjs maps the import here). It implements exactly what
// electron/main uses, with Electron's documented semantics, on top of Debian's Chromium driven by
// playwright-core. README.md says what is emulated and how; standin.spec.ts pins each semantic.
// Tests talk to it through the Node IPC channel of the forked process (see launch.ts).
// This entry re-exports Electron's modules, one file each (app.ts, browserWindow.ts,
// webContents.ts, ipcMain.ts, session.ts, protocolNet.ts, menu.ts, shellDialog.ts), and starts
// Chromium.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { app } from './app.js';
import { BrowserWindow } from './browserWindow.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.js';
import { installControls } from './control.js';
import { ipcMain } from './ipcMain.js';
import { hooks as menuHooks, Menu, MenuItem } from './menu.js';
import { net, protocol, protocolHooks } from './protocolNet.js';
import { report } from './recorded.js';
import { onRoute } from './routing.js';
import { session } from './session.js';
import { dialog, shell } from './shellDialog.js';
import { allowedPopups, browser, here, initialPages, pageCounts, standinDir } from './standinState.js';

export { app } from './app.js';
export { BrowserWindow, type BrowserWindowConstructorOptions } from './browserWindow.js';
export { ipcMain, type IpcMainInvokeEvent, type IpcRendererEvent } from './ipcMain.js';
export { Menu, MenuItem, type MenuItemConstructorOptions } from './menu.js';
export { net, protocol } from './protocolNet.js';
export { recorded } from './recorded.js';
export { session } from './session.js';
export { dialog, shell } from './shellDialog.js';
export { WebContents, WebFrameMain } from './webContents.js';

// In Electron, process.execPath is the Electron binary, which runs a script as Node only with
// ELECTRON_RUN_AS_NODE: the stand-in's electron-dist/electron does the same, with this Node.
process.execPath = join(here, 'electron-dist', 'electron');

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
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.ELECTRON_STANDIN_CHROMIUM ?? CHROMIUM_PATH,
      headless: true,
      // A BrowserWindow has no popup blocker: every window.open reaches setWindowOpenHandler.
      args: [...CHROMIUM_ARGS, '--disable-popup-blocking', '--remote-debugging-port=0'],
      acceptDownloads: true,
      downloadsPath: join(standinDir, 'downloads'),
    });
    browser.context = context;
    await context.route('**/*', (route) => onRoute(route).catch((e) => console.error('electron stand-in: routing failed', e)));
    // Chromium's own first tab stays open (closing the last page would end the browser); it is
    // not a window of the app: tests find the window by its target id.
    for (const p of context.pages()) initialPages.add(p);
    context.on('page', (p) => {
      if (initialPages.has(p)) return;
      if (pageCounts.windowPagesExpected > 0) {
        pageCounts.windowPagesExpected--;
        return;
      }
      setImmediate(() => {
        if (pageCounts.pendingAllowed > 0) {
          pageCounts.pendingAllowed--;
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
