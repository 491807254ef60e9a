// The control channel: the test process asks the stand-in (over the fork IPC channel) for what it
// recorded, to click menu items, answer the next open dialog, load a URL, query permissions, quit.
import { findMenuItem, Menu, menuOutline } from './menu.js';
import { recorded } from './recorded.js';
import { answerOpenDialog, answerSaveDialog } from './shellDialog.js';

type PermissionHandlers = {
  permissionCheckHandler: ((wc: unknown, permission: string, origin: string, details: Record<string, unknown>) => boolean) | null;
  permissionRequestHandler:
    ((wc: unknown, permission: string, callback: (granted: boolean) => void, details: Record<string, unknown>) => void) | null;
};

/** What the controls need of electron.ts (passed in: no import cycle). */
export interface ControlDeps {
  focusedWindow(): { webContents: { loadURL(url: string): Promise<void> } } | null;
  permissionHandlers(): PermissionHandlers;
  quit(): void;
}

type Control = { id: number; op: string; args?: unknown[] };

export function installControls(deps: ControlDeps): void {
  const controls: Record<string, (...args: never[]) => unknown> = {
    recorded: () => recorded,
    menu: () => menuOutline(Menu.getApplicationMenu()),
    clickMenu: (path: string[]) => {
      findMenuItem(path).click({ triggeredByAccelerator: false });
      return null;
    },
    /** The next open dialog chooses these paths (none: it is canceled). */
    answerOpenDialog: (filePaths: string[]) => {
      answerOpenDialog(filePaths);
      return null;
    },
    /** The next save dialog chooses this path (none: it is canceled). */
    answerSaveDialog: (filePath?: string) => {
      answerSaveDialog(filePath);
      return null;
    },
    loadURL: async (url: string) => {
      const win = deps.focusedWindow();
      if (!win) throw new Error('no window');
      await win.webContents.loadURL(url);
      return null;
    },
    permission: async (permission: string) => {
      const s = deps.permissionHandlers();
      const wc = deps.focusedWindow()?.webContents;
      const check = s.permissionCheckHandler ? s.permissionCheckHandler(wc, permission, 'isoscope://app', {}) : true;
      const request = s.permissionRequestHandler
        ? await new Promise<boolean>((resolve) => s.permissionRequestHandler!(wc, permission, resolve, {}))
        : true;
      return { check, request };
    },
    quit: () => {
      deps.quit();
      return null;
    },
  };

  process.on('message', (message: Control) => {
    if (!message || typeof message !== 'object' || typeof message.op !== 'string') return;
    const fn = controls[message.op];
    void (async () => {
      try {
        if (!fn) throw new Error(`unknown control ${message.op}`);
        const result = await (fn as (...a: unknown[]) => unknown)(...(message.args ?? []));
        process.send?.({ standin: true, type: 'reply', id: message.id, result });
      } catch (e) {
        process.send?.({ standin: true, type: 'reply', id: message.id, error: e instanceof Error ? e.message : String(e) });
      }
    })();
  });
  process.on('disconnect', () => deps.quit());
}
