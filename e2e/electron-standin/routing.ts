// The page's requests (Playwright routing of every request of the stand-in's Chromium): the
// privileged scheme's origin answered by its protocol.handle handler, will-navigate for
// navigations the page starts, and nothing loaded for a popup the window-open handler denied.
import type { Frame, Route } from 'playwright-core';
import { appUrlOf } from './origin.js';
import { handlers } from './protocolNet.js';
import { PreventableEvent, recorded } from './recorded.js';
import { allowedPopups, pages } from './standinState.js';

export async function onRoute(route: Route): Promise<void> {
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
