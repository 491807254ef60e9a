// The isolation areas, registered once. The diff engine, the audit, the HTML and Markdown
// reports and the compare view's facts iterate this list; adding an area is one module
// (types.ts says what it holds) and one line here. Pure.
import { boundaryArea } from './boundary.js';
import { capabilitiesArea } from './capabilities.js';
import { cgroupsArea } from './cgroups.js';
import { declaredArea } from './declared.js';
import { devicesArea } from './devices.js';
import { kernelFeaturesArea } from './kernelFeatures.js';
import { macArea } from './mac.js';
import { mountsArea } from './mounts.js';
import { namespacesArea } from './namespaces.js';
import { rootfsArea } from './rootfs.js';
import { seccompArea } from './seccomp.js';
import { timeNamespaceArea } from './timeNamespace.js';
import { userArea } from './user.js';
import { userNamespaceArea } from './userNamespace.js';
import { has, type IsolationArea } from './types.js';

/**
 * In the order they are shown: sections (diff, compare view) in the order of the areas that own
 * them, report sections and compare rows in this order, and an area's differences after those of
 * the areas above it in the same section.
 */
const REGISTERED: IsolationArea[] = [
  boundaryArea,
  namespacesArea,
  timeNamespaceArea,
  userNamespaceArea,
  capabilitiesArea,
  seccompArea,
  macArea,
  cgroupsArea,
  kernelFeaturesArea,
  devicesArea,
  rootfsArea,
  mountsArea,
  userArea,
  declaredArea,
];

/**
 * The order the audit runs the areas' rules in (its list of checks, and so the order of a
 * posture's reasons), kept as it was before areas were modules. Areas not listed run after
 * these, in registry order.
 */
const AUDIT_ORDER = [
  'capabilities',
  'namespaces',
  'user',
  'seccomp',
  'mac',
  'cgroups',
  'rootfs',
  'declared',
  'mounts',
  'devices',
];

/**
 * The sections differences are listed under (`Difference.area`), in order: the ids of the areas
 * that are their own section. The same array stays current as areas are registered.
 */
export const AREAS: string[] = [];

const refreshSections = () => AREAS.splice(0, AREAS.length, ...REGISTERED.filter((a) => a.section === a.id).map((a) => a.id));
refreshSections();

/** Every registered area, in order. */
export const isolationAreas = (): readonly IsolationArea[] => REGISTERED;

/**
 * Adds an area after the others (tests, extensions): it takes part in the diff, the audit, the
 * reports and the compare view at once. Returns a function that removes it again.
 */
export function registerArea(area: IsolationArea): () => void {
  if (REGISTERED.some((a) => a.id === area.id)) throw new Error(`an isolation area "${area.id}" is registered already`);
  REGISTERED.push(area);
  refreshSections();
  return () => {
    const i = REGISTERED.indexOf(area);
    if (i >= 0) REGISTERED.splice(i, 1);
    refreshSections();
  };
}

/** The title of a section: its owning area's label (the id itself for an unknown one). */
export function sectionTitle(section: string): string {
  return REGISTERED.find((a) => a.id === section && a.section === section)?.label ?? section;
}

/** Sections not compared against the host: those whose areas are all container-only. */
export function containerOnlySections(): string[] {
  return AREAS.filter((s) => REGISTERED.filter((a) => a.section === s).every((a) => a.containerOnly));
}

/** The areas with audit rules, in the audit's order. */
export function auditAreas(): IsolationArea[] {
  const rank = (a: IsolationArea) => {
    const i = AUDIT_ORDER.indexOf(a.id);
    return i < 0 ? AUDIT_ORDER.length : i;
  };
  return REGISTERED.filter((a) => has(a.rules)).sort((x, y) => rank(x) - rank(y));
}
