// Mounts: every mount of the init's mount table with its host source and flags, and the default
// masked/read-only paths (listed with the root filesystem, fields "mount /x" and "masked /x").
import { diffMounts } from '../diff/mounts.js';
import { mountRules } from '../findings/rules/mounts.js';
import { mountsHtml, mountsMarkdown } from '../report/mountsReport.js';
import type { Container } from '../snapshot/schema.js';
import { onContainer } from './factText.js';
import type { IsolationArea } from './types.js';

/** "2: runtime-socket /var/run/docker.sock, host-device /dev/sda" or "none"; "not collected" for older snapshots. */
function mountFlagsText(c: Container): string {
  if (c.mounts === undefined) return 'not collected';
  if (c.mounts === null) return 'unknown';
  const flagged = c.mounts.mounts.flatMap((m) => m.flags.map((f) => `${f.kind} ${m.target}`));
  if (flagged.length === 0) return 'none';
  return `${flagged.length}: ${flagged.slice(0, 3).join(', ')}${flagged.length > 3 ? ` and ${flagged.length - 3} more` : ''}`;
}

function masksMissingText(c: Container): string {
  if (c.mounts === undefined) return 'not collected';
  if (c.mounts === null) return 'unknown';
  const exposed = c.mounts.protections.paths.filter((p) => p.state === 'exposed').map((p) => p.path);
  return exposed.length === 0 ? 'none' : exposed.join(', ');
}

export const mountsArea: IsolationArea = {
  id: 'mounts',
  label: 'Mounts',
  section: 'rootfs',
  fields: ['mounts'],
  containerOnly: true,
  diff: { compare: (a, b, ctx) => diffMounts(a.container!, b.container!, ctx.same) },
  rules: [mountRules],
  report: { html: mountsHtml, markdown: { title: 'Mounts that give a way out or in', lines: mountsMarkdown } },
  compareFacts: [
    { field: 'mount ', label: 'flagged mounts', get: onContainer(mountFlagsText) },
    { field: 'masked ', label: 'default masks missing', get: onContainer(masksMissingText) },
  ],
};
