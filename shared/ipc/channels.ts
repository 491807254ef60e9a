// The IPC channel names, without their schemas: what the preload needs at run time. The preload
// is a sandboxed CommonJS bundle, so it loops over these names and never loads zod or the
// schemas; `contract.ts` declares the schema of each name and the compiler checks that the two
// agree (a name without a schema, or a schema without a name, does not compile).

export const INVOKE_CHANNELS = [
  'getState',
  'getSnapshot',
  'setInterval',
  'restartAgent',
  'getSeccomp',
  'startProfile',
  'cancelProfile',
  'labStatus',
  'labUp',
  'labDown',
  'listHosts',
  'addHost',
  'removeHost',
  'reconnectHost',
  'getHostState',
  'startRecording',
  'stopRecording',
  'readRecording',
] as const;
export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];

export const PUSH_CHANNELS = [
  'status',
  'containers',
  'sample',
  'host',
  'profile',
  'menu',
  'isolation',
  'openFile',
  'hosts',
  'hostContainers',
  'hostSample',
  'hostIsolation',
  'hostFacts',
  'recording',
] as const;
export type PushChannel = (typeof PUSH_CHANNELS)[number];

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return INVOKE_CHANNELS.some((c) => c === name);
}

export function isPushChannel(name: unknown): name is PushChannel {
  return PUSH_CHANNELS.some((c) => c === name);
}

/** Electron channel names, prefixed so they cannot collide with anything else. */
export const ipcChannel = (name: InvokeChannel | PushChannel) => `isoscope:${name}`;
