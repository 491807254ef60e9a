// The preload: one method per message of the shared contract, exposed to the sandboxed renderer
// as window.isoscope. Bundled to CommonJS (sandboxed preloads cannot load ES modules).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannel, pushMap, type IsoscopeApi, type PushChannel } from '../../shared/ipc/contract.js';

const api = {
  getState: () => ipcRenderer.invoke(ipcChannel('getState'), {}),
  getSnapshot: () => ipcRenderer.invoke(ipcChannel('getSnapshot'), {}),
  setInterval: (params) => ipcRenderer.invoke(ipcChannel('setInterval'), params),
  restartAgent: (params) => ipcRenderer.invoke(ipcChannel('restartAgent'), params),
  getSeccomp: (params) => ipcRenderer.invoke(ipcChannel('getSeccomp'), params),
  startProfile: (params) => ipcRenderer.invoke(ipcChannel('startProfile'), params),
  cancelProfile: (params) => ipcRenderer.invoke(ipcChannel('cancelProfile'), params),
  on(channel, listener) {
    if (!Object.hasOwn(pushMap, channel)) throw new Error(`unknown push channel: ${String(channel)}`);
    const name = ipcChannel(channel as PushChannel);
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(name, wrapped);
    return () => void ipcRenderer.removeListener(name, wrapped);
  },
} satisfies IsoscopeApi;

contextBridge.exposeInMainWorld('isoscope', api);
