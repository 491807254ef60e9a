// "What this is and why it matters here": for each area of a container view, a few lines that
// teach the kernel feature (in our own words after the man pages and the runtimes' docs) and
// sentences computed from this container's facts. Pure: the app and the reports use it.
import type { Container, Host } from '../snapshot/schema.js';

export const EXPLAIN_AREAS = [
  'overview',
  'processes',
  'namespaces',
  'mounts',
  'cgroups',
  'resources',
  'capabilities',
  'seccomp',
  'mac',
  'timeline',
] as const;
export type ExplainArea = (typeof EXPLAIN_AREAS)[number];

/** How a sentence about this container reads: good/warn/bad as the badges, info neutral, unknown = a fact could not be read. */
export type Tone = 'good' | 'warn' | 'bad' | 'info' | 'unknown';

export interface HereLine {
  text: string;
  tone: Tone;
}

export interface ManLink {
  label: string;
  url: string;
}

export interface Explanation {
  area: ExplainArea;
  title: string;
  /** The feature in a few short sentences: what it is, what it isolates. */
  what: string[];
  /** Why it matters for this container: sentences from its facts (never guessed). */
  here: HereLine[];
  links: ManLink[];
}

export interface ExplainInput {
  container: Container;
  /** The host the container runs on (its namespaces, LSMs, bounding set); null when not known. */
  host: Host | null;
  /** Isolation changes recorded for this container (the Timeline); undefined when not known here. */
  events?: number;
}
