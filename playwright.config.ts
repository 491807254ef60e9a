import { defineConfig } from '@playwright/test';

// GUI end-to-end specs, written once: the `browser` project drives browser mode in Debian's
// Chromium (always); the `electron` project launches the desktop app through _electron where an
// Electron binary exists, and skips with the reason printed where it does not.
export default defineConfig({
  testDir: 'e2e/gui',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  globalSetup: './e2e/gui/globalSetup.ts',
  use: {
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    },
  },
  // Access control is browser mode's own (Electron has no server): that spec runs once.
  projects: [{ name: 'browser' }, { name: 'electron', testIgnore: /security\.spec/ }],
});
