// Registers one ipcMain handler per invoke channel of the shared contract. Each checks that the
// sender is the app's own main frame, then lets the service validate the arguments and answer
// with a result/error envelope. Pushes go to the window's web contents.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { invokeMap, ipcChannel, type InvokeChannel } from '../../shared/ipc/contract.js';
import { isTrustedSender } from './security/policy.js';
import type { IsoscopeService } from './service/service.js';

export function registerIpc(service: IsoscopeService, window: () => BrowserWindow | null): void {
  for (const channel of Object.keys(invokeMap) as InvokeChannel[]) {
    ipcMain.handle(ipcChannel(channel), (event: IpcMainInvokeEvent, params: unknown) => {
      const frame = event.senderFrame;
      const win = window();
      if (!win || event.sender !== win.webContents || !isTrustedSender(frame?.url, frame === event.sender.mainFrame)) {
        return { ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame' } };
      }
      return service.invoke(channel, params);
    });
  }
  service.on('push', ({ channel, payload }) => {
    const win = window();
    if (win && !win.isDestroyed()) win.webContents.send(ipcChannel(channel), payload);
  });
}
