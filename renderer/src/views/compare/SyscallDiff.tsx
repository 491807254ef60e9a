// For two live containers: the syscall-level difference of the seccomp filters the kernel runs
// for them (decoded by the collector), which calls one may make that the other may not.
import { useEffect, useState } from 'react';
import { diffSyscalls, type SyscallDifference } from '../../../../shared/diff/syscalls.js';
import { useStore } from '../../store/store.js';
import type { SideRef } from '../../store/workspace.js';
import { syscallComparable } from './SyscallDiffSides.js';

type State =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'done'; diffs: SyscallDifference[]; names: [string, string] };

export function SyscallDiff({ a, b }: { a: SideRef; b: SideRef }) {
  const api = useStore((s) => s.api);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const live = syscallComparable(a, b);
  useEffect(() => {
    if (!live || !api) return;
    let cancelled = false;
    setState({ kind: 'loading' });
    void Promise.all([api.getSeccomp({ containerId: a.id }), api.getSeccomp({ containerId: b.id })]).then(([ra, rb]) => {
      if (cancelled) return;
      if (!ra.ok || !rb.ok) {
        const e = !ra.ok ? ra.error : !rb.ok ? rb.error : null;
        setState({ kind: 'error', message: `${e?.code}: ${e?.message}` });
        return;
      }
      setState({
        kind: 'done',
        diffs: diffSyscalls(ra.result, rb.result),
        names: [ra.result.profile?.name ?? ra.result.mode, rb.result.profile?.name ?? rb.result.mode],
      });
    });
    return () => {
      cancelled = true;
    };
  }, [api, live, a.id, b.id]);

  if (!live)
    return (
      <p className="muted">
        Syscall-level comparison needs two live containers (decoded filters are read from running processes).
      </p>
    );
  if (state.kind === 'loading' || state.kind === 'idle') return <p className="muted">Decoding both seccomp filters…</p>;
  if (state.kind === 'error') return <p className="unavailable">syscall comparison unavailable: {state.message}</p>;
  const moreA = state.diffs.filter((d) => d.morePermissive === 'a');
  const moreB = state.diffs.filter((d) => d.morePermissive === 'b');
  const other = state.diffs.filter((d) => d.morePermissive === null);
  return (
    <div className="syscall-diff" data-testid="syscall-diff">
      <p>
        Profiles: A <strong>{state.names[0]}</strong>, B <strong>{state.names[1]}</strong> —{' '}
        {state.diffs.length === 0 ? 'the same answer for every syscall.' : `${state.diffs.length} syscalls answered differently.`}
      </p>
      {moreA.length > 0 && <Group title={`A may call, B may not (${moreA.length})`} items={moreA} />}
      {moreB.length > 0 && <Group title={`B may call, A may not (${moreB.length})`} items={moreB} />}
      {other.length > 0 && <Group title={`Refused differently (${other.length})`} items={other} />}
    </div>
  );
}

function Group({ title, items }: { title: string; items: SyscallDifference[] }) {
  return (
    <details open={items.length <= 20}>
      <summary>{title}</summary>
      <table className="grid">
        <tbody>
          {items.map((d) => (
            <tr key={d.name} data-syscall={d.name}>
              <td className="mono">{d.name}</td>
              <td className="mono">A {d.a}</td>
              <td className="mono">B {d.b}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
