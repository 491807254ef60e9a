// The Overview's isolation summary: one row per area, each with a level and one sentence.
import type { ReactNode } from 'react';
import {
  badges,
  dangerousCaps,
  hostShared,
  ISOLATING_NAMESPACES,
  overviewLevels,
  rootMapping,
  unreadable,
  type Level,
} from '../../../../shared/rules/isolation.js';
import type { Container } from '../../../../shared/snapshot/schema.js';
import { formatBytes, formatCpus } from '../../lib/format.js';
import { Unavailable } from '../Unavailable.js';

export interface IsolationRow {
  area: string;
  level: Level;
  sentence: ReactNode;
}

const SEVERE_NS = ['pid', 'net', 'mnt'];

function namespacesRow(c: Container): IsolationRow {
  const shared = hostShared(c);
  const unknown = ISOLATING_NAMESPACES.filter((t) => c.namespaces[t].sharedWithHost === null);
  if (unknown.length === ISOLATING_NAMESPACES.length) {
    return {
      area: 'Namespaces',
      level: 'unknown',
      sentence: (
        <>
          Its namespaces could not be read: <Unavailable list={c.unavailable} field="namespaces" />
        </>
      ),
    };
  }
  const unknownNote = unknown.length ? ` (${unknown.join(', ')} unreadable)` : '';
  if (shared.length === 0) {
    return {
      area: 'Namespaces',
      level: unknown.length ? 'unknown' : 'good',
      sentence: `Every isolating namespace (${ISOLATING_NAMESPACES.join(', ')}) is its own${unknownNote}.`,
    };
  }
  const severe = shared.some((t) => SEVERE_NS.includes(t));
  return {
    area: 'Namespaces',
    level: severe ? 'bad' : 'warn',
    sentence: `Shares the host’s ${shared.join(', ')} namespace${shared.length > 1 ? 's' : ''}${unknownNote}.`,
  };
}

function userNamespaceRow(c: Container): IsolationRow {
  const area = 'User namespace';
  const shared = c.namespaces.user.sharedWithHost;
  if (shared === null)
    return {
      area,
      level: 'unknown',
      sentence: (
        <>
          Could not be read: <Unavailable list={c.unavailable} field="namespaces.user" />
        </>
      ),
    };
  if (shared) return { area, level: 'warn', sentence: 'None of its own: root inside is root (uid 0) on the host.' };
  if (c.userNamespace.uidMap === null)
    return {
      area,
      level: 'unknown',
      sentence: (
        <>
          Own user namespace, but its uid map is unreadable: <Unavailable list={c.unavailable} field="userNamespace.uidMap" />
        </>
      ),
    };
  const root = c.userNamespace.uidMap.find((e) => e.inside === 0);
  const level: Level = root && root.outside === 0 ? 'warn' : 'good';
  return {
    area,
    level,
    sentence: `Own user namespace: ${rootMapping(c) ?? 'root mapping unknown'}${root && root.outside === 0 ? ' (the host’s root)' : ''}.`,
  };
}

function capabilitiesRow(c: Container): IsolationRow {
  const area = 'Capabilities';
  const eff = c.capabilities.effective;
  if (!eff)
    return {
      area,
      level: 'unknown',
      sentence: (
        <>
          The effective set could not be read: <Unavailable list={c.unavailable} field="capabilities.effective" />
        </>
      ),
    };
  const danger = dangerousCaps(c);
  const n = eff.names.length + eff.unknownBits.length;
  const count = `${n} effective capabilit${n === 1 ? 'y' : 'ies'}`;
  if (n === 0) {
    const bounding = c.capabilities.bounding;
    return {
      area,
      level: 'good',
      sentence: `No effective capabilities${bounding && bounding.names.length ? ` (${bounding.names.length} in the bounding set, gainable through setuid or file caps)` : ''}.`,
    };
  }
  if (danger.length === 0) return { area, level: 'good', sentence: `${count}, none of them dangerous.` };
  return {
    area,
    level: 'bad',
    sentence: `${count}, ${danger.length} dangerous: ${danger.map((d) => d.replace(/^CAP_/, '')).join(', ')}.`,
  };
}

function seccompRow(c: Container): IsolationRow {
  const area = 'Seccomp';
  const { mode, filters, noNewPrivs } = c.seccomp;
  const nnp = noNewPrivs === true ? '; NoNewPrivs is set' : noNewPrivs === false ? '; NoNewPrivs is off' : '';
  if (mode === null)
    return {
      area,
      level: 'unknown',
      sentence: (
        <>
          Could not be read: <Unavailable list={c.unavailable} field="seccomp.mode" />
        </>
      ),
    };
  if (mode === 'disabled') return { area, level: 'bad', sentence: `No seccomp filter: every system call is allowed${nnp}.` };
  if (mode === 'strict') return { area, level: 'good', sentence: `Strict mode: only read, write, exit and sigreturn${nnp}.` };
  return {
    area,
    level: 'good',
    sentence: `${filters ?? 'An unknown number of'} filter${filters === 1 ? '' : 's'} restrict${filters === 1 ? 's' : ''} system calls${nnp}.`,
  };
}

function macRow(c: Container): IsolationRow {
  const b = badges(c).find((x) => x.key === 'lsm');
  return { area: 'MAC (LSM)', level: b?.level ?? 'unknown', sentence: b?.why ?? 'No information.' };
}

function limitsRow(c: Container): IsolationRow {
  const area = 'Cgroup limits';
  const { memoryMax, pidsMax, cpuQuota, cpuPeriod } = c.cgroup.limits;
  const parts: ReactNode[] = [];
  const missing: string[] = [];
  let unknown = false;
  const one = (label: string, field: string, value: number | null, text: (v: number) => string) => {
    if (value !== null) parts.push(`${label} ${text(value)}`);
    else if (unreadable(c, `cgroup.limits.${field}`)) {
      unknown = true;
      parts.push(
        <span key={field}>
          {label} <Unavailable list={c.unavailable} field={`cgroup.limits.${field}`} />
        </span>,
      );
    } else missing.push(label);
  };
  one('memory', 'memoryMax', memoryMax, (v) => formatBytes(v));
  one('pids', 'pidsMax', pidsMax, String);
  one('CPU', 'cpuQuota', cpuQuota, (q) => (cpuPeriod ? formatCpus(q, cpuPeriod) : `quota ${q} µs`));
  const level: Level = unknown
    ? 'unknown'
    : missing.length === 0
      ? 'good'
      : missing.includes('memory') || missing.includes('pids')
        ? 'warn'
        : 'good';
  const set = parts.length
    ? parts.map((p, i) => (
        <span key={i}>
          {i > 0 ? ', ' : ''}
          {p}
        </span>
      ))
    : null;
  const none = missing.length ? `no ${missing.join(', ')} limit` : '';
  const shared = c.cgroup.exclusive === false ? ' Its cgroup is shared with processes outside the container.' : '';
  return {
    area,
    level: c.cgroup.exclusive === false && level === 'good' ? 'warn' : level,
    sentence: (
      <>
        {set ? (
          <>
            Limits {set}
            {none ? `; ${none}` : ''}.
          </>
        ) : (
          <>No memory, pids or CPU limit: it can use all of the host’s memory, processes and CPU.</>
        )}
        {shared}
      </>
    ),
  };
}

function rootfsRow(c: Container): IsolationRow {
  const area = 'Root filesystem';
  if (c.rootfsReadOnly === null)
    return {
      area,
      level: 'unknown',
      sentence: (
        <>
          Could not be read: <Unavailable list={c.unavailable} field="rootfsReadOnly" />
        </>
      ),
    };
  return c.rootfsReadOnly
    ? { area, level: 'good', sentence: 'Read-only: nothing in the image can be changed at run time.' }
    : { area, level: 'warn', sentence: 'Writable: processes can change the files of the image.' };
}

export function isolationRows(c: Container): IsolationRow[] {
  // Levels come from the findings rules (shared/findings) where an area has them; the sentences stay here.
  const levels = overviewLevels(c);
  return [namespacesRow(c), userNamespaceRow(c), capabilitiesRow(c), seccompRow(c), macRow(c), limitsRow(c), rootfsRow(c)].map(
    (r) => ({ ...r, level: levels[r.area] ?? r.level }),
  );
}
