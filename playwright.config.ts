import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/electron-standin/chromium.js';

// GUI end-to-end specs, written once: the `browser` project drives browser mode in Debian's
// Chromium (always); the `electron` project launches the desktop app through _electron where an
// Electron binary exists, and skips with the reason printed where it does not; the
// `electron-standin` project runs the real built main and preload with the `electron` module
// replaced by e2e/electron-standin (always), plus that stand-in's own tests.
export default defineConfig({
  testDir: 'e2e/gui',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  // Guards against hangs, not timing assertions; a loaded 2-core machine needs the room.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  globalSetup: './e2e/gui/globalSetup.ts',
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  // Access control is browser mode's own (Electron has no server): that spec runs once. The
  // desktop specs need a main process (Electron or the stand-in).
  projects: [
    { name: 'browser', testIgnore: /desktop\.spec/ },
    { name: 'electron', testIgnore: /security\.spec/ },
    // Each test starts its own main process, Chromium and collector: more time on a loaded machine.
    {
      name: 'electron-standin',
      testDir: 'e2e',
      timeout: 180_000,
      expect: { timeout: 30_000 },
      testMatch: ['gui/**/*.spec.ts', 'electron-standin/**/*.spec.ts'],
      testIgnore: /security\.spec/,
    },
  ],
});
