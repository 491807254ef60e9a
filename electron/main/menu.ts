// The desktop app's menu: snapshot and compare commands are sent to the renderer, which does the
// same as its buttons and shortcuts (Ctrl+S, …). "Open Snapshot…" is the exception: a push from
// the main process carries no user activation, so the renderer could not open its file chooser;
// the main process shows the native dialog, reads the chosen file safely (openFile.ts) and pushes
// the bytes, which the renderer imports like a file from its own input.
import { dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { ipcChannel, type PushPayload } from '../../shared/ipc/contract.js';
import { readChosenFile } from './openFile.js';

/** What the renderer's file input accepts (SnapshotControls: .json, .gz, .ndjson). */
export const SNAPSHOT_FILTERS = [{ name: 'Snapshots and recordings', extensions: ['json', 'gz', 'ndjson'] }];

async function openSnapshot(win: BrowserWindow | null): Promise<void> {
  if (!win || win.isDestroyed()) return;
  const { canceled, filePaths } = await dialog.showOpenDialog(win, { properties: ['openFile'], filters: SNAPSHOT_FILTERS });
  const path = filePaths[0];
  if (canceled || path === undefined) return;
  const opened: PushPayload<'openFile'> = await readChosenFile(path);
  if (!win.isDestroyed()) win.webContents.send(ipcChannel('openFile'), opened);
}

export function installMenu(window: () => BrowserWindow | null): void {
  const send = (command: PushPayload<'menu'>['command']) => () => window()?.webContents.send(ipcChannel('menu'), { command });
  const open = () => {
    openSnapshot(window()).catch((e: unknown) => console.error('Open Snapshot failed:', e));
  };
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Open Snapshot…', accelerator: 'CmdOrCtrl+O', click: open },
        { type: 'separator' },
        { label: 'Export Snapshot (JSON)…', accelerator: 'CmdOrCtrl+S', click: send('exportJson') },
        { label: 'Export Report (HTML)…', click: send('exportHtml') },
        { label: 'Export Summary (Markdown)…', click: send('exportMarkdown') },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { label: 'Compare with Host', click: send('compareWithHost') },
        { type: 'separator' },
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { role: 'togglefullscreen' },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
