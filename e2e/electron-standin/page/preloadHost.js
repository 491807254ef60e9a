// The renderer half of the Electron stand-in, injected into every document of a window before
// any of the page's own scripts (a Playwright init script). It runs the REAL preload bundle the
// way Electron runs a sandboxed, context-isolated preload:
//   - only in the main frame (nodeIntegrationInSubFrames is off);
//   - with a `require` that yields only what a sandboxed preload may load (electron, events,
//     timers, url) and throws for anything else;
//   - contextBridge.exposeInMainWorld copies values across (structured clone), proxies
//     functions, keeps only the message of thrown errors, throws for values it cannot clone, and
//     freezes the exposed API;
//   - ipcRenderer.invoke/send clone their arguments (structured clone) and reach the main
//     process's ipcMain through a Playwright binding; webContents.send arrives here.
// Approximation (see README.md): the preload runs in the page's own JavaScript world behind a
// copying membrane, not in a separate V8 world.
// This file is plain JavaScript on purpose: it is inserted into the page as text.
/* global window */
// eslint-disable-next-line @typescript-eslint/no-unused-expressions -- called by the text appended after it
(function electronStandinRenderer(config, runPreload) {
  'use strict';
  if (window !== window.top) return;
  const binding = window[config.binding];
  try {
    delete window[config.binding];
  } catch {
    /* not configurable: it stays reachable, as IPC is from a compromised renderer */
  }
  if (typeof binding !== 'function') throw new Error('electron stand-in: the IPC binding is missing');

  const messageOf = (e) => (e !== null && typeof e === 'object' && 'message' in e ? String(e.message) : String(e));
  const copyError = (e) => new Error(messageOf(e));
  const cloneFailure = () => new Error('An object could not be cloned.');

  // --- contextBridge: what crosses between the preload and the page ---
  const crossing = new WeakMap();
  function cross(value, depth) {
    if (depth > 1000) throw new Error('Object has too much depth');
    if (typeof value === 'function') return proxyFunction(value);
    if (value === null || (typeof value !== 'object' && typeof value !== 'symbol')) return value;
    if (typeof value === 'symbol') throw cloneFailure();
    if (value instanceof Promise) {
      return new Promise((resolve, reject) =>
        value.then(
          (v) => {
            try {
              resolve(cross(v, 0));
            } catch (e) {
              reject(copyError(e));
            }
          },
          (e) => reject(copyError(e)),
        ),
      );
    }
    if (value instanceof Error) return copyError(value);
    if (Array.isArray(value)) return value.map((v) => cross(v, depth + 1));
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      const out = {};
      for (const key of Object.keys(value)) out[key] = cross(value[key], depth + 1);
      return out;
    }
    try {
      return structuredClone(value);
    } catch {
      throw cloneFailure();
    }
  }
  function proxyFunction(fn) {
    const known = crossing.get(fn);
    if (known) return known;
    const proxy = function (...args) {
      const inner = args.map((a) => cross(a, 0));
      let result;
      try {
        result = fn.apply(undefined, inner);
      } catch (e) {
        throw copyError(e);
      }
      return cross(result, 0);
    };
    crossing.set(fn, proxy);
    crossing.set(proxy, fn);
    return proxy;
  }
  function deepFreeze(value) {
    if (value !== null && (typeof value === 'object' || typeof value === 'function') && !Object.isFrozen(value)) {
      Object.freeze(value);
      for (const key of Object.keys(value)) deepFreeze(value[key]);
    }
    return value;
  }
  const contextBridge = {
    exposeInMainWorld(apiKey, api) {
      if (typeof apiKey !== 'string') throw new TypeError('apiKey must be a string');
      if (Object.hasOwn(window, apiKey))
        throw new Error('Cannot bind an API on top of an existing property on the window object');
      const copied = deepFreeze(cross(api, 0));
      Object.defineProperty(window, apiKey, { value: copied, enumerable: true, configurable: false, writable: false });
    },
  };

  // --- ipcRenderer ---
  const listeners = new Map();
  const ipcRenderer = {
    async invoke(channel, ...args) {
      let payload;
      try {
        payload = structuredClone(args);
      } catch {
        throw cloneFailure();
      }
      const reply = await binding({ kind: 'invoke', channel: String(channel), args: payload });
      if (reply.error !== undefined) throw new Error(reply.error);
      return reply.result;
    },
    send(channel, ...args) {
      let payload;
      try {
        payload = structuredClone(args);
      } catch {
        throw cloneFailure();
      }
      void binding({ kind: 'send', channel: String(channel), args: payload });
    },
    on(channel, listener) {
      const list = listeners.get(channel) ?? [];
      list.push(listener);
      listeners.set(channel, list);
      return ipcRenderer;
    },
    once(channel, listener) {
      const wrapped = (...a) => {
        ipcRenderer.removeListener(channel, wrapped);
        listener(...a);
      };
      return ipcRenderer.on(channel, wrapped);
    },
    removeListener(channel, listener) {
      const list = listeners.get(channel) ?? [];
      const at = list.indexOf(listener);
      if (at >= 0) list.splice(at, 1);
      return ipcRenderer;
    },
    off(channel, listener) {
      return ipcRenderer.removeListener(channel, listener);
    },
    removeAllListeners(channel) {
      if (channel === undefined) listeners.clear();
      else listeners.delete(channel);
      return ipcRenderer;
    },
    listenerCount(channel) {
      return (listeners.get(channel) ?? []).length;
    },
  };
  // webContents.send(channel, ...args) arrives here (called by the stand-in through evaluate).
  Object.defineProperty(window, config.deliver, {
    enumerable: false,
    configurable: false,
    value: (channel, args) => {
      const event = { sender: ipcRenderer, senderId: 0, ports: [] };
      for (const listener of [...(listeners.get(channel) ?? [])]) {
        try {
          listener(event, ...args);
        } catch (e) {
          console.error(`Error in ipcRenderer listener for ${channel}:`, e);
        }
      }
      return (listeners.get(channel) ?? []).length;
    },
  });

  // --- what a sandboxed preload may require ---
  class EventEmitter {
    #events = new Map();
    on(name, fn) {
      const list = this.#events.get(name) ?? [];
      list.push(fn);
      this.#events.set(name, list);
      return this;
    }
    addListener(name, fn) {
      return this.on(name, fn);
    }
    once(name, fn) {
      const wrapped = (...a) => {
        this.off(name, wrapped);
        fn.apply(this, a);
      };
      return this.on(name, wrapped);
    }
    off(name, fn) {
      const list = this.#events.get(name) ?? [];
      const at = list.indexOf(fn);
      if (at >= 0) list.splice(at, 1);
      return this;
    }
    removeListener(name, fn) {
      return this.off(name, fn);
    }
    removeAllListeners(name) {
      if (name === undefined) this.#events.clear();
      else this.#events.delete(name);
      return this;
    }
    emit(name, ...args) {
      const list = [...(this.#events.get(name) ?? [])];
      for (const fn of list) fn.apply(this, args);
      return list.length > 0;
    }
    listenerCount(name) {
      return (this.#events.get(name) ?? []).length;
    }
  }
  const modules = {
    electron: Object.freeze({ contextBridge, ipcRenderer }),
    events: Object.freeze({ EventEmitter, default: EventEmitter }),
    timers: Object.freeze({
      setTimeout: (...a) => window.setTimeout(...a),
      clearTimeout: (id) => window.clearTimeout(id),
      setInterval: (...a) => window.setInterval(...a),
      clearInterval: (id) => window.clearInterval(id),
      setImmediate: (fn, ...a) => window.setTimeout(fn, 0, ...a),
      clearImmediate: (id) => window.clearTimeout(id),
    }),
    url: Object.freeze({ URL: window.URL, URLSearchParams: window.URLSearchParams }),
  };
  const sandboxedRequire = (name) => {
    if (Object.hasOwn(modules, name)) return modules[name];
    throw new Error(`module not found: ${name}`);
  };
  const process = Object.freeze({
    platform: 'linux',
    type: 'renderer',
    sandboxed: true,
    contextIsolated: true,
    argv: [],
    env: {},
    versions: Object.freeze({ electron: config.electronVersion }),
  });
  const module = { exports: {} };
  try {
    runPreload(sandboxedRequire, module, module.exports, process);
  } catch (e) {
    // As Electron does: the preload's error is logged and the page loads without what it exposes.
    console.error(`Unable to load preload script: ${config.preloadPath}`);
    console.error(e);
  }
});
