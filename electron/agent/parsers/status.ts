// /proc/PID/status → the fields the collector uses. Lines are "Key:\tvalue"; fields that an
// older kernel does not print (Seccomp_filters, NoNewPrivs, NSpid) come back undefined.
import type { Capabilities, IdSet, Seccomp, SeccompMode } from '../../../shared/snapshot/schema.js';
import { parseCapabilityMask } from './capabilities.js';

export interface ProcStatus {
  name: string | undefined;
  state: string | undefined;
  ppid: number | undefined;
  uid: IdSet | undefined;
  gid: IdSet | undefined;
  nspid: number[] | undefined;
  capabilities: Capabilities;
  /** Which status keys were missing, so callers can say "kernel lacks it". */
  missing: string[];
  seccomp: Seccomp;
}

export function statusFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}

function ints(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(/\s+/).filter(Boolean);
  // Decimal digits only ("0x10", "1e3", "-1" are no kernel's), and exact (no 2^53 and beyond).
  if (!parts.every((p) => /^\d{1,15}$/.test(p))) return undefined;
  return parts.map(Number);
}

function idSet(value: string | undefined): IdSet | undefined {
  const n = ints(value);
  if (!n || n.length < 4) return undefined;
  return { real: n[0]!, effective: n[1]!, saved: n[2]!, filesystem: n[3]! };
}

const SECCOMP_MODES: Record<string, SeccompMode> = { '0': 'disabled', '1': 'strict', '2': 'filter' };

export function parseStatus(text: string): ProcStatus {
  const f = statusFields(text);
  const missing: string[] = [];
  const get = (key: string): string | undefined => {
    const v = f.get(key);
    if (v === undefined) missing.push(key);
    return v;
  };
  const cap = (key: string) => {
    const v = get(key);
    return v === undefined ? null : parseCapabilityMask(v);
  };
  const ppid = ints(get('PPid'))?.[0];
  const seccompText = get('Seccomp');
  const filtersText = get('Seccomp_filters');
  const nnpText = get('NoNewPrivs');
  return {
    name: get('Name'),
    state: get('State')?.split(/\s+/)[0],
    ppid,
    uid: idSet(get('Uid')),
    gid: idSet(get('Gid')),
    nspid: ints(get('NSpid')),
    capabilities: {
      effective: cap('CapEff'),
      permitted: cap('CapPrm'),
      bounding: cap('CapBnd'),
      inheritable: cap('CapInh'),
      ambient: cap('CapAmb'),
    },
    seccomp: {
      mode: seccompText === undefined ? null : (SECCOMP_MODES[seccompText] ?? null),
      filters: filtersText === undefined ? null : (ints(filtersText)?.[0] ?? null),
      noNewPrivs: nnpText === undefined ? null : nnpText === '1',
    },
    missing,
  };
}
