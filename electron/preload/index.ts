// The preload: one method per invoke channel of the shared contract (built by looping over the
// channel names), exposed to the sandboxed renderer as window.isoscope. Bundled to CommonJS
// (sandboxed preloads cannot load ES modules) and kept free of zod: at run time it requires only
// `electron`. Results are checked where they enter the renderer (renderer/src/bridge/checked.ts).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildApi } from '../../shared/ipc/bridgeApi.js';
import { ipcChannel } from '../../shared/ipc/channels.js';

const api = buildApi({
  invoke: (channel, params) => ipcRenderer.invoke(ipcChannel(channel), params),
  on(channel, listener) {
    const name = ipcChannel(channel);
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(name, wrapped);
    return () => void ipcRenderer.removeListener(name, wrapped);
  },
  // IPC to the main process does not drop while the page lives: the link is up, once and for all.
  // (Whether the collector behind it is connected is the `status` push.)
  onLink(listener) {
    listener(true);
    return () => {};
  },
});

contextBridge.exposeInMainWorld('isoscope', api);
