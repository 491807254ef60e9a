// The `app` fixture: the inspector's page, either browser mode in Chromium, the Electron window
// (project "electron"), or the window of the real main and preload run under the Electron
// stand-in (project "electron-standin", e2e/electron-standin/), so every spec is written once.
// The `desktop` fixture (desktop.spec.ts) is the stand-in app itself: its page and what its
// main process did (menu, shell, dialogs, webPreferences).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { _electron, test as base, type Page } from '@playwright/test';
import { labFlags } from '../agent/labCollector.js';
import { launchStandin, type StandinApp } from '../electron-standin/launch.js';
import { StatusBar } from './pages/statusBar.js';
import { guiState } from './state.js';

/** The downloaded Electron binary, or null (never triggers a download). */
export function electronBinary(): string | null {
  const dir = join('node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(bin) ? bin : null;
}

export const NO_ELECTRON =
  'no Electron binary on this machine (the electron package could not download one); the same specs ran in browser mode';

/** The stand-in app needs its collector's first scan, which is slow on a loaded machine. */
export const STARTUP_MS = 150_000;

export async function connected(page: Page): Promise<void> {
  await new StatusBar(page).expectConnected(STARTUP_MS);
}

export const test = base.extend<{ app: Page; desktop: StandinApp }, { standin: StandinApp | null }>({
  // One stand-in app per worker, as browser mode has one server: each test gets its window
  // reloaded (a fresh renderer, the same main process and collector).
  standin: [
    async ({ browserName: _ }, use, workerInfo) => {
      if (workerInfo.project.name !== 'electron-standin') return use(null);
      const app = await launchStandin({ args: ['--', ...labFlags(guiState().lab)] });
      await connected(app.page);
      await use(app);
      const code = await app.close();
      if (code !== 0) throw new Error(`the main process exited with ${code}:\n${app.output()}`);
    },
    { scope: 'worker', timeout: STARTUP_MS + 60_000 },
  ],
  desktop: async ({ browserName: _ }, use, testInfo) => {
    if (testInfo.project.name !== 'electron-standin') {
      testInfo.skip(true, 'desktop specs drive the main process through the Electron stand-in (project electron-standin)');
      return;
    }
    const app = await launchStandin({ args: ['--', ...labFlags(guiState().lab)] });
    await use(app);
    await app.close();
    await testInfo.attach('main-process-output', { body: app.output(), contentType: 'text/plain' });
  },
  app: async ({ browser, standin }, use, testInfo) => {
    if (standin) {
      // dist/renderer may be rebuilt while tests run (npm run build empties it first): retry.
      for (let attempt = 1; ; attempt++) {
        try {
          await standin.page.reload();
          break;
        } catch (e) {
          if (attempt === 3) throw e;
          await standin.page.waitForTimeout(2000);
        }
      }
      await connected(standin.page);
      await use(standin.page);
      return;
    }
    if (testInfo.project.name === 'electron') {
      const bin = electronBinary();
      if (!bin) {
        console.log(`electron project skipped: ${NO_ELECTRON}`);
        testInfo.skip(true, NO_ELECTRON);
        return;
      }
      const app = await _electron.launch({ executablePath: bin, args: ['.', '--', ...labFlags(guiState().lab)] });
      const page = await app.firstWindow();
      await use(page);
      await app.close();
      return;
    }
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(guiState().url);
    await use(page);
    await page.close();
  },
});

export { expect } from '@playwright/test';

/** Saves a screenshot of the current view to e2e/artifacts/ (look at them). */
export async function snap(page: Page, name: string, project: string): Promise<void> {
  await page.screenshot({ path: `e2e/artifacts/${project}-${name}.png` });
}
