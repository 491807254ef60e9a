// Turns consecutive readings of container members into isolation events: the same process
// (pid, start time) in the same container read with different live facts gives one event per
// changed fact; a process that appears in a container the agent already knew, less isolated
// than the container's init, gives a `weakerEntry` event. The first sight of a container gives
// none: what happened before the agent looked is unknown, not a change.
import type { Container, NamespaceIds } from '../../../shared/snapshot/schema.js';
import { IsolationEvent } from '../../../shared/snapshot/isolationEvents.js';
import { changesBetween, weakens, weakerThanInit } from '../../../shared/snapshot/isolationChanges.js';
import type { RawProcess } from '../readers/processReader.js';

interface Seen {
  containerId: string;
  process: RawProcess;
}

const key = (p: RawProcess) => `${p.pid}:${p.startTime}`;

export class IsolationTracker {
  private seen = new Map<string, Seen>();
  private containers = new Set<string>();
  private lastT: number | null = null;

  /** Compares this tick's members with the previous tick's; returns the events, oldest fact first. */
  observe(
    containers: readonly Container[],
    byPid: ReadonlyMap<number, RawProcess>,
    hostNs: NamespaceIds,
    t: number,
  ): IsolationEvent[] {
    const events: IsolationEvent[] = [];
    const next = new Map<string, Seen>();
    const nextContainers = new Set<string>();
    for (const c of containers) {
      nextContainers.add(c.id);
      const known = this.containers.has(c.id);
      const init = byPid.get(c.initPid);
      for (const member of c.processes) {
        const p = byPid.get(member.pid);
        if (!p || p.startTime !== member.startTime) continue;
        const k = key(p);
        next.set(k, { containerId: c.id, process: p });
        const before = this.seen.get(k);
        const base = { containerId: c.id, pid: p.pid, startTime: p.startTime, comm: p.comm, t };
        if (before && before.containerId === c.id) {
          if (before.process === p) continue; // not re-read as different: nothing changed
          for (const change of changesBetween(before.process, p, hostNs)) {
            events.push(IsolationEvent.parse({ ...base, since: this.lastT, weakens: weakens(change), change }));
          }
        } else if (known && init && p !== init && this.seen.has(key(init))) {
          // New in a container seen before (its init too): is it less isolated than the init?
          const weaker = weakerThanInit(p, init, hostNs);
          if (weaker.length > 0) {
            const change = { kind: 'weakerEntry' as const, initPid: init.pid, weaker };
            events.push(IsolationEvent.parse({ ...base, since: null, weakens: true, change }));
          }
        }
      }
    }
    this.seen = next;
    this.containers = nextContainers;
    this.lastT = t;
    return events;
  }
}
