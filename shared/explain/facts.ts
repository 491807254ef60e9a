// Small helpers for the explanation sentences: how to say that a fact could not be read.
import type { Container, Unavailable } from '../snapshot/schema.js';
import type { HereLine, ManLink, Tone } from './types.js';

export const line = (tone: Tone, text: string): HereLine => ({ tone, text });

/** The unavailable entry for a field (exact, a parent like "cgroup", or a child like "namespaces.net"). */
export function unavailableOf(list: Unavailable[], field: string): Unavailable | undefined {
  return (
    list.find((u) => u.field === field || field.startsWith(u.field + '.')) ?? list.find((u) => u.field.startsWith(field + '.'))
  );
}

/** "could not be read (EACCES: detail)" or "was not read" when no reason was recorded. */
export function unreadable(c: Container, field: string): string {
  const u = unavailableOf(c.unavailable, field);
  return u ? `could not be read (${u.reason}${u.detail ? `: ${u.detail}` : ''})` : 'was not read';
}

export const man = (page: string, section: number): ManLink => ({
  label: `${page}(${section})`,
  url: `https://man7.org/linux/man-pages/man${section}/${page}.${section}.html`,
});

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

export const capName = (n: string) => n.replace(/^CAP_/, '');
