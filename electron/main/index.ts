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
import { flag, parseCommandLine, UsageError } from '../agent/commandLine/args.js';
import { hostOptions, SERVE_HOST_FLAGS } from './serve/hostFlags.js';
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

/**
 * serve's host flags (`isoscope serve --help`) given to the desktop app as `--name=value` words
 * (or `--host-sudo`) before `--`; Electron's and Chromium's own switches and the app path are left alone.
 */
function hostFlagWords(argv: string[]): string[] {
  const at = argv.indexOf('--');
  const names = Object.keys(SERVE_HOST_FLAGS);
  return (at < 0 ? argv : argv.slice(0, at)).filter((w) => names.some((n) => w === `--${n}` || w.startsWith(`--${n}=`)));
}

function hostFlagOptions(argv: string[]) {
  try {
    const args = parseCommandLine(hostFlagWords(argv), SERVE_HOST_FLAGS);
    const options = hostOptions(args);
    // Hosts added in the app are remembered beside its other state unless --hosts-file says where.
    return flag(args, 'hosts-file') !== undefined
      ? options
      : { ...options, hostsFile: join(app.getPath('userData'), 'hosts.json') };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`isoscope: ${err.message}\n`);
    app.exit(2);
    throw err;
  }
}

registerAppScheme();
let win: BrowserWindow | null = null;
// Remote hosts: those added in the app (userData/hosts.json) and those given as serve's host flags.
// Recordings: starting one asks where to save it (the user's Downloads and a dated name offered).
const service = new IsoscopeService({
  agentCommand: makeAgentCommand(collectorFlags(process.argv), 'electron'),
  ...hostFlagOptions(process.argv),
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
