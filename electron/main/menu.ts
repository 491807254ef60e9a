// The desktop app's menu: snapshot and compare commands are sent to the renderer, which does the
// same as its buttons and shortcuts (Ctrl+O, Ctrl+S, …).
import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { ipcChannel, type PushPayload } from '../../shared/ipc/contract.js';

export function installMenu(window: () => BrowserWindow | null): void {
  const send = (command: PushPayload<'menu'>['command']) => () => window()?.webContents.send(ipcChannel('menu'), { command });
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Open Snapshot…', accelerator: 'CmdOrCtrl+O', click: send('openSnapshot') },
        { type: 'separator' },
        { label: 'Export Snapshot (JSON)…', accelerator: 'CmdOrCtrl+S', click: send('exportJson') },
        { label: 'Export Report (HTML)…', click: send('exportHtml') },
        { label: 'Export Summary (Markdown)…', click: send('exportMarkdown') },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { label: 'View', submenu: [{ label: 'Compare with Host', click: send('compareWithHost') }, { type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }, { role: 'togglefullscreen' }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
