// Builds the renderer's IsoscopeApi from a transport by looping over the channel names: both
// bridges (Electron's preload, browser mode's WebSocket) use it, so adding a channel to the
// contract adds the method to both. Type-only imports of the contract: the preload bundle
// that includes this file stays free of zod and the schemas.
import { INVOKE_CHANNELS, isPushChannel, type InvokeChannel, type PushChannel } from './channels.js';
import type { IsoscopeApi, Unsubscribe } from './contract.js';

/**
 * How a bridge moves messages: it carries values, it does not know their types. The API built
 * on it gives each channel the contract's types; where the values enter the renderer they are
 * checked against the schemas in development and test builds (renderer/src/bridge/checked.ts).
 */
export interface Transport {
  invoke(channel: InvokeChannel, params: unknown): Promise<unknown>;
  on(channel: PushChannel, listener: (payload: unknown) => void): Unsubscribe;
  onLink(listener: (up: boolean) => void): Unsubscribe;
}

/**
 * The one place where the loop's result gets the contract's per-channel types: it holds a
 * method for every invoke channel, `on` and `onLink` (TypeScript cannot type an object built
 * by a loop over keys, so this is checked at run time instead).
 */
function isComplete(api: object): api is IsoscopeApi {
  return [...INVOKE_CHANNELS, 'on', 'onLink'].every((k) => Object.hasOwn(api, k) && typeof Reflect.get(api, k) === 'function');
}

/** A plain object (contextBridge clones values and proxies functions) of one method per channel. */
export function buildApi(transport: Transport): IsoscopeApi {
  const methods: Record<string, (params?: unknown) => Promise<unknown>> = {};
  for (const channel of INVOKE_CHANNELS) methods[channel] = (params) => transport.invoke(channel, params ?? {});
  const api = {
    ...methods,
    on(channel: unknown, listener: (payload: unknown) => void): Unsubscribe {
      // The renderer's scripts are not trusted to pass a real name: refuse any other.
      if (!isPushChannel(channel)) throw new Error(`unknown push channel: ${String(channel).slice(0, 64)}`);
      if (typeof listener !== 'function') throw new Error('a listener must be a function');
      return transport.on(channel, listener);
    },
    onLink(listener: (up: boolean) => void): Unsubscribe {
      if (typeof listener !== 'function') throw new Error('a listener must be a function');
      return transport.onLink(listener);
    },
  };
  if (!isComplete(api)) throw new Error('the bridge lacks a channel');
  return api;
}
