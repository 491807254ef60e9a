// The renderer picks its bridge once at start: Electron's preload API when present, else the
// browser-mode WebSocket. Nothing else in the renderer knows which it got. In development and
// test builds, what comes through is checked against the contract (checked.ts).
import type { IsoscopeApi } from '../../../shared/ipc/contract.js';
import { checked, CHECK_IPC } from './checked.js';
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

export function pickBridge(): Bridge {
  const electron = window.isoscope;
  const bridge: Bridge = electron ? { api: electron, kind: 'electron' } : { api: createWsBridge().api, kind: 'browser' };
  return CHECK_IPC ? { ...bridge, api: checked(bridge.api) } : bridge;
}
