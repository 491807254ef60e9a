// What the stand-in's modules share: where it keeps its files, the names of its page bindings,
// Chromium's browser context once started, and the windows with their pages.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import type { BrowserWindow } from './browserWindow.js';

/** This directory (page/preloadHost.js, electron-dist/). */
export const here = fileURLToPath(new URL('.', import.meta.url));
/** The run's directory (app paths, Chromium profile, downloads): launch.ts names it. */
export const standinDir = process.env.ELECTRON_STANDIN_DIR ?? mkdtempSync(join(tmpdir(), 'electron-standin-'));
/** The page binding that carries IPC to the main process. */
export const BINDING = '__electronStandinIpc';
/** The page function that delivers webContents.send to ipcRenderer listeners (unguessable). */
export const DELIVER = `__electronStandinDeliver_${Math.random().toString(36).slice(2)}`;
export const ELECTRON_VERSION = '45.0.0-standin';

export const browser: { context: BrowserContext | null } = { context: null };

/** The open windows, and the page of each. */
export const windows = new Set<BrowserWindow>();
export const pages = new Map<Page, BrowserWindow>();
/** Pages that are not the app's: Chromium's first tab. */
export const initialPages = new WeakSet<Page>();
/** Popups the window-open handler allowed (the stand-in keeps them as plain pages). */
export const allowedPopups = new WeakSet<Page>();
export const pageCounts = {
  /** Popups allowed whose page has not appeared yet. */
  pendingAllowed: 0,
  /** Pages being opened for new BrowserWindows (context.newPage), not popups. */
  windowPagesExpected: 0,
};
