// /proc/PID/net/dev: per-interface counters in the process's network namespace.
export interface NetDevTotals {
  rxBytes: number;
  txBytes: number;
  /** Interfaces other than lo. */
  interfaces: string[];
}

export function parseNetDev(text: string): NetDevTotals | null {
  let rxBytes = 0;
  let txBytes = 0;
  const interfaces: string[] = [];
  let seen = false;
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.includes('|')) continue;
    const name = line.slice(0, colon).trim();
    const text = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    if (text.length < 16 || !text.every((c) => /^\d{1,20}$/.test(c))) continue;
    const cols = text.map(Number);
    seen = true;
    if (name === 'lo') continue;
    interfaces.push(name);
    rxBytes += cols[0]!;
    txBytes += cols[8]!;
  }
  return seen || text.includes('|') ? { rxBytes, txBytes, interfaces } : null;
}
