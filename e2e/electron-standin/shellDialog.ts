// shell and dialog: calls recorded; dialogs answer "canceled" unless a test set the next open-dialog answer.
import { recorded } from './recorded.js';

// ---------------------------------------------------------------- shell, dialog
export const shell = {
  async openExternal(url: string): Promise<void> {
    recorded.openExternal.push(url);
  },
  openPath: async (path: string) => {
    recorded.openExternal.push(`openPath:${path}`);
    return '';
  },
};

/** What the next showOpenDialog answers (set by tests through the control channel); then canceled again. */
let nextOpenDialog: { canceled: boolean; filePaths: string[] } = { canceled: true, filePaths: [] };

/** What the next showSaveDialog answers (set by tests through the control channel); then canceled again. */
let nextSaveDialog: { canceled: boolean; filePath: string } = { canceled: true, filePath: '' };

export const dialog = {
  async showOpenDialog(...args: unknown[]) {
    recorded.dialog.push({ method: 'showOpenDialog', options: args.at(-1) });
    const answer = nextOpenDialog;
    nextOpenDialog = { canceled: true, filePaths: [] };
    return answer;
  },
  async showSaveDialog(...args: unknown[]) {
    recorded.dialog.push({ method: 'showSaveDialog', options: args.at(-1) });
    const answer = nextSaveDialog;
    nextSaveDialog = { canceled: true, filePath: '' };
    return answer;
  },
  async showMessageBox(...args: unknown[]) {
    recorded.dialog.push({ method: 'showMessageBox', options: args.at(-1) });
    return { response: 0, checkboxChecked: false };
  },
  showErrorBox(title: string, content: string): void {
    recorded.dialog.push({ method: 'showErrorBox', options: { title, content } });
  },
};

/** The next open dialog chooses these paths (none: it is canceled). */
export function answerOpenDialog(filePaths: string[]): void {
  nextOpenDialog = filePaths.length > 0 ? { canceled: false, filePaths: [...filePaths] } : { canceled: true, filePaths: [] };
}

/** The next save dialog chooses this path (none: it is canceled). */
export function answerSaveDialog(filePath?: string): void {
  nextSaveDialog = filePath ? { canceled: false, filePath } : { canceled: true, filePath: '' };
}
