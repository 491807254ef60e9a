// The renderer picks its bridge once at start: Electron's preload API when present, else the
// browser-mode WebSocket. Nothing else in the renderer knows which it got.
import type { IsoscopeApi } from '../../../shared/ipc/contract.js';
import { createWsBridge } from './wsBridge.js';

declare global {
  interface Window {
    isoscope?: IsoscopeApi;
  }
}

export interface Bridge {
  api: IsoscopeApi;
  kind: 'electron' | 'browser';
}

export function pickBridge(onConnection: (up: boolean) => void): Bridge {
  if (window.isoscope) {
    onConnection(true);
    return { api: window.isoscope, kind: 'electron' };
  }
  return { api: createWsBridge(onConnection), kind: 'browser' };
}
