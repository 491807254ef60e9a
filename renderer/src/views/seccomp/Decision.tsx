// One syscall's decision: an action chip, or for a rule on arguments each outcome with its
// conditions (the paths through the filter, OR-ed).
import { useState } from 'react';
import type { SeccompAction, SyscallDecision } from '../../../../shared/seccomp/report.js';
import { ACTION_MEANING, actionClass, actionText } from './actions.js';

export function ActionChip({ action }: { action: SeccompAction }) {
  return (
    <span className={`action-chip ${actionClass(action)}`} title={ACTION_MEANING[action.kind]}>
      {actionText(action)}
    </span>
  );
}

const SHOWN = 3;

function Conditions({ whenText }: { whenText: string[] }) {
  const [open, setOpen] = useState(false);
  const shown = open ? whenText : whenText.slice(0, SHOWN);
  return (
    <span className="conditions">
      {shown.map((w, i) => (
        <span key={i} className="condition">
          {i > 0 && <span className="or">or </span>}
          <code>{w}</code>
        </span>
      ))}
      {whenText.length > SHOWN && (
        <button type="button" className="mini" onClick={() => setOpen(!open)}>
          {open ? 'less' : `+${whenText.length - SHOWN} more`}
        </button>
      )}
    </span>
  );
}

export function DecisionCell({ d }: { d: SyscallDecision }) {
  if (d.error) {
    return (
      <span className="undecodable" title={d.error}>
        undecodable: {d.error}
      </span>
    );
  }
  if (d.action) return <ActionChip action={d.action} />;
  return (
    <div className="outcomes">
      <span className="action-chip conditional" title="The arguments decide">
        conditional
      </span>
      {(d.outcomes ?? []).map((o, i) => (
        <div key={i} className="outcome">
          <ActionChip action={o.action} /> <span className="if">if</span> <Conditions whenText={o.whenText} />
        </div>
      ))}
      {d.truncated && <div className="note">incomplete: too many paths through the filter to list</div>}
    </div>
  );
}
