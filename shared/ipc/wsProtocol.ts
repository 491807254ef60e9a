// Browser mode's WebSocket framing of the IPC contract: the renderer sends invokes, the server
// answers each with its envelope and pushes the same payloads Electron's preload delivers.
import { z } from 'zod';

export const WsInvoke = z.object({
  id: z.number().int().nonnegative(),
  channel: z.string().max(64),
  params: z.unknown().optional(),
});
export type WsInvoke = z.infer<typeof WsInvoke>;

export type WsServerMessage =
  | { id: number; envelope: { ok: true; result: unknown } | { ok: false; error: { code: string; message: string } } }
  | { push: string; payload: unknown };

/** A server frame as the renderer reads it (the envelope and payload are checked per channel elsewhere). */
export const WsServerFrame = z.union([
  z.object({ id: z.number().int(), envelope: z.unknown() }),
  z.object({ push: z.string(), payload: z.unknown() }),
]);

export const WS_PATH = '/ws';
export const TOKEN_COOKIE = 'isoscope_token';
