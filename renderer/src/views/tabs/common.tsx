// Small pieces the container tabs share: level markers, copyable text, cgroup values with their
// source file, a usage meter, and "not set" / "unavailable" wording.
import { useState, type ReactNode } from 'react';
import type { Level } from '../../../../shared/rules/isolation.js';
import { unreadable } from '../../../../shared/rules/isolation.js';
import type { Container } from '../../../../shared/snapshot/schema.js';
import { Unavailable } from '../Unavailable.js';
import './tabs.css';

const LEVEL_TEXT: Record<Level, string> = { good: 'good', warn: 'weak', bad: 'bad', unknown: 'unknown' };

/** A coloured dot plus a word, so the level does not rely on colour alone. */
export function Marker({ level }: { level: Level }) {
  return (
    <span className={`marker ${level}`} data-level={level}>
      <span className="marker-dot" aria-hidden />
      {LEVEL_TEXT[level]}
    </span>
  );
}

/** Monospace text that selects whole on click, with a Copy button. */
export function Copyable({ text }: { text: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(
      () => {
        setCopied(true);
        window.setTimeout(() => setCopied(false), 1200);
      },
      () => setCopied(false),
    );
  };
  return (
    <span className="copyable">
      <code className="select-all">{text}</code>
      <button type="button" className="mini" onClick={copy} title="Copy to the clipboard">
        {copied ? 'copied' : 'copy'}
      </button>
    </span>
  );
}

/** The file a cgroup number came from: exact key, then the key's parent (`limits.io.readBps` → `limits.io`). */
export function sourceOf(c: Container, key: string): string | undefined {
  let k = key;
  for (;;) {
    const s = c.cgroup.sources[k];
    if (s) return s;
    const dot = k.lastIndexOf('.');
    if (dot <= 0) return undefined;
    k = k.slice(0, dot);
  }
}

/**
 * A cgroup limit: its value (source file on hover), "unlimited" when null and readable, or
 * "unavailable" when null because unreadable. `field` is relative to `cgroup.limits`.
 */
export function Limit({
  c,
  field,
  value,
  format,
}: {
  c: Container;
  field: string;
  value: number | string | null;
  format?: (v: number) => string;
}) {
  const full = `cgroup.limits.${field}`;
  if (value === null) {
    if (unreadable(c, full)) return <Unavailable list={c.unavailable} field={full} />;
    return (
      <span className="unlimited" title={sourceOf(c, `limits.${field}`) ?? 'not set'}>
        unlimited
      </span>
    );
  }
  return (
    <span title={sourceOf(c, `limits.${field}`)}>{typeof value === 'number' && format ? format(value) : String(value)}</span>
  );
}

/** A cgroup usage number (source file on hover), or "unavailable". `field` is relative to `cgroup.usage`. */
export function Usage({
  c,
  field,
  value,
  format,
}: {
  c: Container;
  field: string;
  value: number | null;
  format: (v: number) => string;
}) {
  if (value === null) return <Unavailable list={c.unavailable} field={`cgroup.usage.${field}`} />;
  return <span title={sourceOf(c, `usage.${field}`)}>{format(value)}</span>;
}

/** A thin bar: usage against a limit, coloured by how full it is. */
export function Meter({ value, max }: { value: number; max: number }) {
  const ratio = max > 0 ? Math.min(1, value / max) : 0;
  const level = ratio >= 0.9 ? 'bad' : ratio >= 0.7 ? 'warn' : 'good';
  return (
    <span className={`meter ${level}`} title={`${(ratio * 100).toFixed(1)} % of the limit`} aria-hidden>
      <span style={{ width: `${Math.max(ratio * 100, ratio > 0 ? 1 : 0)}%` }} />
    </span>
  );
}

/** A short muted explanation under or beside a value. */
export function Note({ children }: { children: ReactNode }) {
  return <span className="note">{children}</span>;
}

/** A list that shows its first `max` items and folds the rest behind "+N more". */
export function FoldedList({
  items,
  max = 4,
  empty = 'none',
  more,
}: {
  items: ReactNode[];
  max?: number;
  empty?: string;
  more?: string;
}) {
  const [open, setOpen] = useState(false);
  if (items.length === 0) return <span className="muted">{empty}</span>;
  const shown = open ? items : items.slice(0, max);
  return (
    <span className="folded-list">
      {shown.map((item, i) => (
        <span key={i} className="folded-item">
          {item}
        </span>
      ))}
      {items.length > max && (
        <button type="button" className="mini" onClick={() => setOpen(!open)}>
          {open ? 'less' : (more ?? `+${items.length - max} more`)}
        </button>
      )}
    </span>
  );
}
