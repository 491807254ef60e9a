// Where results and pushes enter the renderer: in development and test builds every envelope,
// result and pushed payload is checked against the contract's schemas before the store sees it,
// so a main side (or server) that drifts from the contract fails loudly instead of rendering
// garbage. Production builds skip the check (the main side is the app's own code) unless built
// with VITE_CHECK_IPC=1.
import { buildApi } from '../../../shared/ipc/bridgeApi.js';
import { IpcError, invokeSpecs, pushSpecs, type IsoscopeApi } from '../../../shared/ipc/contract.js';
import type { InvokeChannel, PushChannel } from '../../../shared/ipc/channels.js';

export const CHECK_IPC: boolean =
  import.meta.env.DEV || import.meta.env.MODE === 'test' || import.meta.env.VITE_CHECK_IPC === '1';

const issuesOf = (issues: { path: PropertyKey[]; message: string }[]) =>
  issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || 'value'}: ${i.message}`)
    .join('; ');

function checkEnvelope(channel: InvokeChannel, envelope: unknown, report: (problem: string) => void): unknown {
  if (typeof envelope === 'object' && envelope !== null && 'ok' in envelope) {
    if (envelope.ok === true && 'result' in envelope) {
      const r = invokeSpecs[channel].result.safeParse(envelope.result);
      if (r.success) return { ok: true, result: r.data };
      const problem = `${channel} answered a result that does not match the contract: ${issuesOf(r.error.issues)}`;
      report(problem);
      return { ok: false, error: { code: 'bad-result', message: problem } };
    }
    if (envelope.ok === false && 'error' in envelope) {
      const e = IpcError.safeParse(envelope.error);
      if (e.success) return { ok: false, error: e.data };
    }
  }
  const problem = `${channel} answered something that is not an envelope`;
  report(problem);
  return { ok: false, error: { code: 'bad-result', message: problem } };
}

function checkPush(
  channel: PushChannel,
  payload: unknown,
  deliver: (payload: unknown) => void,
  report: (problem: string) => void,
): void {
  const r = pushSpecs[channel].safeParse(payload);
  if (r.success) deliver(r.data);
  else report(`push ${channel} does not match the contract: ${issuesOf(r.error.issues)}`);
}

/** The same API with every answer and push checked against the schemas (mismatches reported, not delivered). */
export function checked(
  api: IsoscopeApi,
  report: (problem: string) => void = (p) => console.error(`[isoscope] ${p}`),
): IsoscopeApi {
  return buildApi({
    // Untyped on purpose: whatever comes back is checked before anyone sees it.
    invoke: async (channel, params) =>
      checkEnvelope(channel, await Reflect.apply(Reflect.get(api, channel), api, [params]), report),
    on: (channel, listener) => api.on(channel, (payload: unknown) => checkPush(channel, payload, listener, report)),
    onLink: (listener) => api.onLink(listener),
  });
}
