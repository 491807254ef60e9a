// The Docker Engine API (also served by `podman system service`) over a unix socket:
// GET /containers/json lists running containers with names, images and labels.
import { lstatSync } from 'node:fs';
import { request } from 'node:http';
import type { Runtime } from '../../../shared/snapshot/schema.js';
import { asRecord, asString, stringMap, type RuntimeRecord } from './record.js';

export function getJson(socketPath: string, path: string, timeoutMs = 2000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path, method: 'GET', headers: { Host: 'localhost' }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > 32 * 1024 * 1024) req.destroy(new Error('response too large'));
        else chunks.push(c);
      });
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
        } catch (err) {
          reject(err as Error);
        }
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

export function parseContainerList(json: unknown, runtime: Runtime, source: string, owner = 0): RuntimeRecord[] {
  if (!Array.isArray(json)) return [];
  const out: RuntimeRecord[] = [];
  for (const entry of json) {
    const obj = asRecord(entry);
    const id = asString(obj?.Id);
    if (!obj || !id) continue;
    const names = Array.isArray(obj.Names) ? obj.Names.filter((n): n is string => typeof n === 'string') : [];
    out.push({
      runtime,
      id,
      name: names[0]?.replace(/^\//, '') ?? null,
      image: asString(obj.Image),
      labels: stringMap(obj.Labels),
      source,
      owner,
    });
  }
  return out;
}

export interface EngineResult {
  records: RuntimeRecord[];
  /** Sockets that exist but did not answer, with why. */
  errors: { socket: string; reason: string }[];
}

/** Asks each engine socket for its running containers. Podman answers with its own identity. */
export async function queryEngines(sockets: { path: string; runtime: Runtime }[]): Promise<EngineResult> {
  const result: EngineResult = { records: [], errors: [] };
  await Promise.all(
    sockets.map(async ({ path, runtime }) => {
      try {
        // Whoever owns the socket answers for it: a user's socket speaks only for that user.
        const owner = lstatSync(path).uid;
        const json = await getJson(path, '/containers/json');
        result.records.push(...parseContainerList(json, runtime, `${runtime} API unix://${path}`, owner));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return; // no such engine here
        result.errors.push({ socket: path, reason: code ?? (err as Error).message });
      }
    }),
  );
  return result;
}
