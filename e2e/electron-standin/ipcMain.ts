// Electron's `ipcMain`: one invoke handler per channel; `send` messages are its events. The
// renderer's messages arrive through the window's page binding (browserWindow.ts).
import { EventEmitter } from 'node:events';
import type { WebContents, WebFrameMain } from './webContents.js';

export interface IpcMainInvokeEvent {
  sender: WebContents;
  senderFrame: WebFrameMain | null;
  processId: number;
  frameId: number;
  type: 'frame';
}
export type InvokeHandler = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;
export type IpcRendererEvent = { sender: unknown; senderId: number };

class IpcMain extends EventEmitter {
  readonly handlers = new Map<string, InvokeHandler>();
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  handleOnce(channel: string, handler: InvokeHandler): void {
    this.handle(channel, (event, ...args) => {
      this.handlers.delete(channel);
      return handler(event, ...args);
    });
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}
export const ipcMain = new IpcMain();
