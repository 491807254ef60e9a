// The Electron main process: one hardened window, the collector as a child process (through
// IsoscopeService), IPC per the shared contract. It never reads /proc itself and never runs as
// root; "Run with root privileges" restarts only the collector, through pkexec or sudo.
import { app, BrowserWindow, dialog } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerIpc } from './ipc.js';
import { installMenu } from './menu.js';
import { APP_URL } from './security/policy.js';
import { registerAppScheme, restrictWebContents, serveRenderer } from './security/restrictions.js';
import { makeAgentCommand } from './service/agentCommand.js';
import { IsoscopeService } from './service/service.js';

const here = dirname(fileURLToPath(import.meta.url));
const distDir = join(here, '..', '..');

/** Collector flags given after `--` on the command line (e.g. --runc-root DIR). */
function collectorFlags(argv: string[]): string[] {
  const at = argv.indexOf('--');
  return at < 0 ? [] : argv.slice(at + 1);
}

/**
 * The desktop app's answer to "where does this recording go?": the save dialog, attached to the
 * window, offering the user's Downloads directory and the service's dated name; null when cancelled.
 */
async function chooseRecordingPath(parent: BrowserWindow | null, suggestedName: string): Promise<string | null> {
  const options = {
    title: 'Save the recording',
    defaultPath: join(app.getPath('downloads'), suggestedName),
    buttonLabel: 'Record',
    filters: [{ name: 'Isoscope recordings', extensions: ['gz'] }],
    // No overwrite confirmation: the recording is created new (O_EXCL), so an existing file is refused, never replaced.
    properties: ['createDirectory'] as 'createDirectory'[],
  };
  const r = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  return r.canceled || !r.filePath ? null : r.filePath;
}

registerAppScheme();
let win: BrowserWindow | null = null;
// SSH hosts added in the app are remembered beside the app's other state (userData/hosts.json).
// Recordings: starting one asks where to save it (the user's Downloads and a dated name offered).
const service = new IsoscopeService({
  agentCommand: makeAgentCommand(collectorFlags(process.argv), 'electron'),
  hostsFile: join(app.getPath('userData'), 'hosts.json'),
  recordings: { choose: (suggestedName) => chooseRecordingPath(win, suggestedName) },
});

function createWindow(): void {
  win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: 'Isoscope',
    show: false,
    webPreferences: {
      preload: join(distDir, 'electron', 'preload', 'index.cjs'), // eng-disable PRELOAD_JS_CHECK -- reviewed: sandboxed, context-isolated, one contextBridge method per IPC message
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      // Middle-click must not open links (electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => (win = null));
  void win.loadURL(APP_URL);
}

void app.whenReady().then(() => {
  restrictWebContents();
  serveRenderer(join(distDir, 'renderer'));
  registerIpc(service, () => win);
  installMenu(() => win);
  service.start();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  service.stop();
  app.quit();
});
