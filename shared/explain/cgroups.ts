// Cgroups (limits) and Resources (usage): cgroups(7) and the kernel's cgroup-v2 guide, in our
// own words; this container's limits, or their absence, said with what happens at the edge.
import { formatBytes } from '../diff/values.js';
import type { Container } from '../snapshot/schema.js';
import { line, man, plural, unavailableOf } from './facts.js';
import type { Explanation, HereLine } from './types.js';

const CGROUP_V2_GUIDE = { label: 'cgroup v2 (kernel docs)', url: 'https://docs.kernel.org/admin-guide/cgroup-v2.html' };

/** The reason a cgroup number is missing, or undefined when it was read (null then = unlimited). */
function missing(c: Container, key: string): string | undefined {
  const u = unavailableOf(c.unavailable, `cgroup.${key}`);
  return u ? `${u.reason}${u.detail ? `: ${u.detail}` : ''}` : undefined;
}

function limitLines(c: Container): HereLine[] {
  const l = c.cgroup.limits;
  const out: HereLine[] = [];
  const memWhy = missing(c, 'limits.memoryMax');
  if (l.memoryMax !== null)
    out.push(
      line(
        'good',
        `Memory is limited to ${formatBytes(l.memoryMax)}: past it the kernel reclaims, then its OOM killer kills a process inside this container.`,
      ),
    );
  else if (memWhy) out.push(line('unknown', `The memory limit is unavailable (${memWhy}).`));
  else
    out.push(
      line(
        'bad',
        "No memory limit: it can use all of the host's memory until the OOM killer acts — and the victim may be a process outside the container.",
      ),
    );
  const pidsWhy = missing(c, 'limits.pidsMax');
  if (l.pidsMax !== null)
    out.push(line('good', `At most ${plural(l.pidsMax, 'process', 'processes')} (pids.max): a fork bomb inside stops there.`));
  else if (pidsWhy) out.push(line('unknown', `The process limit is unavailable (${pidsWhy}).`));
  else out.push(line('warn', "No process limit: a fork bomb inside can fill the host's process table."));
  const cpuWhy = missing(c, 'limits.cpuQuota');
  if (l.cpuQuota !== null && l.cpuPeriod)
    out.push(
      line(
        'good',
        `CPU is capped at ${+(l.cpuQuota / l.cpuPeriod).toFixed(2)} CPU (${l.cpuQuota} µs every ${l.cpuPeriod} µs); past it the kernel throttles it.`,
      ),
    );
  else if (cpuWhy) out.push(line('unknown', `The CPU quota is unavailable (${cpuWhy}).`));
  else
    out.push(
      line(
        'warn',
        'No CPU quota: it may keep every CPU of the host busy (shares and weights only count when CPUs are contended).',
      ),
    );
  return out;
}

export function explainCgroups(c: Container): Explanation {
  const here: HereLine[] = [];
  const whole = unavailableOf(c.unavailable, 'cgroup');
  if (whole && whole.field === 'cgroup')
    here.push(line('unknown', `Its cgroup is unavailable (${whole.reason}): no limit can be told.`));
  else {
    here.push(...limitLines(c));
    if (c.cgroup.exclusive === false)
      here.push(
        line(
          'info',
          'Processes outside the container sit in its cgroup too: the limits bind them as well, and the usage counts them.',
        ),
      );
    if (c.cgroup.version)
      here.push(
        line(
          'info',
          `This host uses cgroup ${c.cgroup.version}${c.cgroup.version === 'hybrid' ? ' (v1 controllers plus the v2 tree)' : ''}.`,
        ),
      );
  }
  return {
    area: 'cgroups',
    title: 'Control groups',
    what: [
      'A control group (cgroup) is a node in a tree of processes that the kernel accounts for and limits together: memory, CPU time, the number of processes, block I/O.',
      'Runtimes put each container in a cgroup of its own and write its limits there (memory.max, pids.max, cpu.max on v2; a tree per controller on v1).',
      'Cgroups limit what a container may consume, not what it may see — that is the namespaces’ job.',
    ],
    here,
    links: [man('cgroups', 7), man('cgroup_namespaces', 7), CGROUP_V2_GUIDE],
  };
}

const pct = (a: number, b: number) => (a > 0 && a / b < 0.01 ? 'under 1%' : `${Math.round((a / b) * 100)}%`);

export function explainResources(c: Container): Explanation {
  const u = c.cgroup.usage;
  const l = c.cgroup.limits;
  const here: HereLine[] = [];
  if (u.memoryCurrent !== null) {
    here.push(
      l.memoryMax !== null
        ? line(
            u.memoryCurrent / l.memoryMax > 0.9 ? 'warn' : 'info',
            `Memory in use: ${formatBytes(u.memoryCurrent)} of its ${formatBytes(l.memoryMax)} limit (${pct(u.memoryCurrent, l.memoryMax)}).`,
          )
        : line('info', `Memory in use: ${formatBytes(u.memoryCurrent)}, with no limit above it.`),
    );
  } else here.push(line('unknown', `Memory usage is unavailable (${missing(c, 'usage.memoryCurrent') ?? 'not read'}).`));
  if (u.oomKillEvents !== null && u.oomKillEvents > 0)
    here.push(line('bad', `The OOM killer has killed ${plural(u.oomKillEvents, 'process', 'processes')} in it.`));
  if (u.nrThrottled !== null && u.nrPeriods) {
    here.push(
      u.nrThrottled > 0
        ? line('warn', `Throttled in ${u.nrThrottled} of ${u.nrPeriods} CPU periods: it wanted more CPU than its quota.`)
        : line('info', `Never throttled in ${u.nrPeriods} CPU periods.`),
    );
  }
  if (u.pidsCurrent !== null)
    here.push(
      line(
        'info',
        `${plural(u.pidsCurrent, 'process', 'processes')} (tasks) counted in its cgroup${l.pidsMax !== null ? ` of at most ${l.pidsMax}` : ''}.`,
      ),
    );
  return {
    area: 'resources',
    title: 'Resource usage',
    what: [
      "These are the kernel's own counters for the container's cgroup: memory in use, CPU time and throttling, processes, I/O and pressure (PSI: how long tasks waited for CPU, memory or I/O).",
      'Usage that meets a limit is where a container slows down (CPU throttling, memory reclaim) or loses a process (the OOM killer).',
    ],
    here,
    links: [man('cgroups', 7), CGROUP_V2_GUIDE],
  };
}
