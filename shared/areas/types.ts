// What an isolation area is: one module per area (namespaces, capabilities, mounts, …) holding
// everything the shared code does with it — the snapshot fields it reads, how two sides differ
// in it, its audit rules, its report sections and its rows in the compare view. The registry
// (registry.ts) lists them once; the diff, the audit, the reports and the compare facts iterate
// it. An area that has no part of one kind says so, and why (`{ none: reason }`). Pure.
import type { Difference, Side } from '../diff/types.js';
import type { Rule } from '../findings/types.js';
import type { Raw } from '../report/escape.js';
import type { Container, Host } from '../snapshot/schema.js';

/** An area without a part of this kind, and why it has none. */
export interface None {
  none: string;
}

export interface DiffContext {
  /** Both sides are the very same container (or host) of the very same snapshot. */
  same: boolean;
  /** Two different subjects on one boot: they can share inodes, categories, host uids. */
  related: boolean;
}

export interface AreaDiff {
  /** The differences of two sides in this area (each names its section in `area`). */
  compare?: (a: Side, b: Side, ctx: DiffContext) => Difference[];
  /**
   * Runs once every area's differences are sorted by section: may annotate them or put its own
   * first (the sandbox boundary does both). Mutates `differences`.
   */
  finish?: (a: Side, b: Side, differences: Difference[]) => void;
}

export interface ReportContext {
  host: Host | null;
}

export interface AreaReport {
  /** The container's section in the HTML report (sections follow the registry's order). */
  html?: (c: Container, ctx: ReportContext) => Raw | '';
  /** A Markdown section of the snapshot summary: its title, and each container's lines (none: no section). */
  markdown?: { title: string; lines: (name: string, c: Container) => string[] };
}

/** One row of the compare view: a fact of each side as text. */
export interface FactSpec {
  /** Matches Difference.field (or a prefix of it) in the area's section. */
  field: string;
  label: string;
  /** The fact as text; `c` is null for the host side. */
  get: (c: Container | null, side: Side) => string;
  /** False where equal facts read differently (namespace inodes): only the diff marks the row. */
  differsByText?: boolean;
}

export interface IsolationArea {
  id: string;
  /** What people call it; for an area that is its own section, the section's title. */
  label: string;
  /**
   * The section its differences and compare rows are listed under (`Difference.area`): its own
   * id, or the id of the area it belongs beside (mounts → rootfs, devices → cgroups); null for an
   * area that is never compared side by side.
   */
  section: string | null;
  /**
   * The parts of the Container schema it reads: top-level keys (`mounts`) or paths into them
   * (`cgroup.limits.cpuMaxBurst`, `lsm.modules`); registry.test.ts checks each exists.
   */
  fields: readonly string[];
  /** Compared only between two containers (the host side has no such settings). */
  containerOnly: boolean;
  diff: AreaDiff | None;
  /** Audit rules (shared/findings/rules), run in the order registry.ts gives. */
  rules: Rule[] | None;
  report: AreaReport | None;
  compareFacts: FactSpec[] | None;
}

export const has = <T extends object>(part: T | None): part is T => !('none' in part);
