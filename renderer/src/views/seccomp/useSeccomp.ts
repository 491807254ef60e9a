// The decoded seccomp report of a live container, asked of the collector once per container init
// (kept while the app runs, so switching tabs does not decode again; Reload asks anew).
import { useCallback, useEffect, useState } from 'react';
import type { IpcError } from '../../../../shared/ipc/contract.js';
import type { SeccompReport } from '../../../../shared/seccomp/report.js';
import { useStore } from '../../store/store.js';

export type SeccompState =
  { status: 'loading' } | { status: 'ok'; report: SeccompReport } | { status: 'error'; error: IpcError } | { status: 'snapshot' };

const cache = new Map<string, SeccompReport>();

/** The report decoded for this container, if any (the profiler compares against it). */
export function cachedReport(containerId: string, initPid: number): SeccompReport | undefined {
  return cache.get(`${containerId}:${initPid}`);
}

export function useSeccomp(containerId: string, initPid: number, live: boolean): { state: SeccompState; reload: () => void } {
  const api = useStore((s) => s.api);
  const key = `${containerId}:${initPid}`;
  const [state, setState] = useState<{ key: string; value: SeccompState } | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!live) return;
    const hit = cache.get(key);
    if (hit && attempt === 0) {
      setState({ key, value: { status: 'ok', report: hit } });
      return;
    }
    let current = true;
    setState({ key, value: { status: 'loading' } });
    if (!api) {
      setState({ key, value: { status: 'error', error: { code: 'not-connected', message: 'no connection to the collector' } } });
      return;
    }
    api.getSeccomp({ containerId }).then(
      (r) => {
        if (r.ok) cache.set(key, r.result);
        if (current) setState({ key, value: r.ok ? { status: 'ok', report: r.result } : { status: 'error', error: r.error } });
      },
      (err: unknown) => {
        if (current)
          setState({
            key,
            value: { status: 'error', error: { code: 'failed', message: err instanceof Error ? err.message : String(err) } },
          });
      },
    );
    return () => {
      current = false;
    };
  }, [api, containerId, key, live, attempt]);

  const reload = useCallback(() => {
    cache.delete(key);
    setAttempt((n) => n + 1);
  }, [key]);

  if (!live) return { state: { status: 'snapshot' }, reload };
  return { state: state && state.key === key ? state.value : { status: 'loading' }, reload };
}
