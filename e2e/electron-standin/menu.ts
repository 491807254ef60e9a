// Menu and MenuItem: templates built as Electron does, roles run, click handlers callable by tests
// (the menu is driven by path of labels through the control channel).
import { recorded } from './recorded.js';

/** The window type the menu needs (BrowserWindow in electron.ts). */
interface MenuWindow {
  webContents: { reload(): void };
}

/** Set by electron.ts: the focused window and app.quit (kept out of an import cycle). */
export const hooks: { focusedWindow: () => MenuWindow | undefined; quit: () => void } = {
  focusedWindow: () => undefined,
  quit: () => undefined,
};

export interface MenuItemConstructorOptions {
  label?: string;
  role?: string;
  type?: string;
  accelerator?: string;
  id?: string;
  enabled?: boolean;
  click?: (item: MenuItem, window: MenuWindow | undefined, event: Record<string, unknown>) => void;
  submenu?: MenuItemConstructorOptions[] | Menu;
}

export class MenuItem {
  readonly label: string;
  readonly role: string | undefined;
  readonly type: string;
  readonly accelerator: string | undefined;
  readonly id: string | undefined;
  readonly enabled: boolean;
  readonly submenu: Menu | undefined;
  readonly click: (event?: Record<string, unknown>) => void;
  constructor(o: MenuItemConstructorOptions) {
    this.label = o.label ?? (o.role ? roleLabel(o.role) : '');
    this.role = o.role;
    this.type = o.type ?? (o.submenu ? 'submenu' : 'normal');
    this.accelerator = o.accelerator;
    this.id = o.id;
    this.enabled = o.enabled ?? true;
    this.submenu = o.submenu instanceof Menu ? o.submenu : o.submenu ? Menu.buildFromTemplate(o.submenu) : undefined;
    this.click = (event = {}) => {
      const win = hooks.focusedWindow();
      if (o.click) return o.click(this, win, event);
      if (o.role) runRole(o.role, win);
    };
  }
}

function roleLabel(role: string): string {
  return (
    { quit: 'Quit', reload: 'Reload', toggledevtools: 'Toggle Developer Tools', togglefullscreen: 'Toggle Full Screen' }[
      role.toLowerCase()
    ] ?? role
  );
}

function runRole(role: string, win: MenuWindow | undefined): void {
  recorded.menuRoles.push(role);
  if (role === 'quit') hooks.quit();
  else if (role === 'reload') win?.webContents.reload();
}

export class Menu {
  static #application: Menu | null = null;
  readonly items: MenuItem[] = [];
  static buildFromTemplate(template: MenuItemConstructorOptions[]): Menu {
    const m = new Menu();
    for (const o of template) m.items.push(new MenuItem(o));
    return m;
  }
  static setApplicationMenu(menu: Menu | null): void {
    Menu.#application = menu;
  }
  static getApplicationMenu(): Menu | null {
    return Menu.#application;
  }
  append(item: MenuItem): void {
    this.items.push(item);
  }
}

/** The menu as labels, for tests. */
export function menuOutline(menu: Menu | null): unknown {
  return (
    menu?.items.map((i) => ({
      label: i.label,
      role: i.role,
      type: i.type,
      accelerator: i.accelerator,
      submenu: i.submenu ? menuOutline(i.submenu) : undefined,
    })) ?? null
  );
}

export function findMenuItem(path: string[]): MenuItem {
  let menu = Menu.getApplicationMenu();
  let item: MenuItem | undefined;
  for (const label of path) {
    item = menu?.items.find((i) => i.label === label);
    if (!item) throw new Error(`no menu item ${JSON.stringify(path)} (missing ${JSON.stringify(label)})`);
    menu = item.submenu ?? null;
  }
  if (!item) throw new Error('empty menu path');
  return item;
}
