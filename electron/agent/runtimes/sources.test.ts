// The runtime registry (shared/runtimes/registry.ts) and the agent's sources
// (runtimes/sources.ts) are the one place a runtime is declared: everything that lists runtimes
// — the snapshot schema, the collector's options and flags, the default capabilities, the cgroup
// rules, the renderer's names — follows from them. These tests fail when a runtime is added in
// one of those places only.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAPABILITY_INFO, RUNTIME_DEFAULT_CAPS } from '../../../shared/rules/capabilityInfo.js';
import {
  RUNTIME_IDS,
  RUNTIME_LOCATIONS,
  RUNTIME_REGISTRY,
  runtimeGroupLabel,
  runtimeLabel,
} from '../../../shared/runtimes/registry.js';
import { Runtime } from '../../../shared/snapshot/schema.js';
import { DEFAULT_OPTIONS, resolveOptions } from '../collect/options.js';
import { parseCommandLine } from '../commandLine/args.js';
import { collectOptions, COLLECT_FLAGS } from '../commandLine/collectFlags.js';
import { classifyCgroupPath } from '../discovery/classifyCgroup.js';
import { RUNTIME_SOURCES } from './sources.js';

const REPO = new URL('../../../', import.meta.url).pathname;

describe('runtime registry', () => {
  it("the snapshot schema's runtime enum is the registry's ids, in order", () => {
    expect(Runtime.options).toEqual(RUNTIME_IDS);
  });

  it('every runtime has a label, a sidebar heading and a docs link', () => {
    for (const id of RUNTIME_IDS) {
      expect(runtimeLabel(id), id).toMatch(/\S/);
      expect(runtimeGroupLabel(id), id).toMatch(/\S/);
      expect(RUNTIME_REGISTRY[id].docs, id).toMatch(/^https:\/\//);
    }
    // An id from a newer snapshot is shown as it came, never as another runtime's name.
    expect(runtimeLabel('youki')).toBe('youki');
    expect(runtimeLabel('__proto__')).toBe('__proto__');
  });

  it('default capability sets: one per runtime that has one, every name a capability Isoscope knows', () => {
    expect(Object.keys(RUNTIME_DEFAULT_CAPS).sort()).toEqual(
      RUNTIME_IDS.filter((id) => RUNTIME_REGISTRY[id].defaultCaps !== null).sort(),
    );
    for (const [id, caps] of Object.entries(RUNTIME_DEFAULT_CAPS)) {
      expect(caps!.length, id).toBeGreaterThan(0);
      expect(new Set(caps).size, id).toBe(caps!.length);
      for (const cap of caps!) expect(Object.hasOwn(CAPABILITY_INFO, cap), `${id}: ${cap}`).toBe(true);
    }
  });

  it("the collector's flags are --root, --no-api and the registry's locations, nothing else", () => {
    expect(Object.keys(COLLECT_FLAGS).sort()).toEqual(['root', 'no-api', ...RUNTIME_LOCATIONS.map((l) => l.flag)].sort());
    expect(Object.keys(DEFAULT_OPTIONS).sort()).toEqual(
      ['root', 'useEngineApis', ...RUNTIME_LOCATIONS.map((l) => l.option)].sort(),
    );
    expect(new Set(RUNTIME_LOCATIONS.map((l) => l.option)).size).toBe(RUNTIME_LOCATIONS.length);
  });

  it.each(RUNTIME_LOCATIONS.map((l) => [l.flag, l] as const))(
    '--%s: its help names the default, and each value is added to the defaults',
    (flag, l) => {
      expect(COLLECT_FLAGS[flag]!.help).toContain(l.defaults[0]);
      expect(DEFAULT_OPTIONS[l.option]).toEqual(l.defaults);
      const a = parseCommandLine(['snapshot', `--${flag}`, '/x/one', `--${flag}=/x/two`], COLLECT_FLAGS);
      const o = resolveOptions(collectOptions(a));
      expect(o[l.option]).toEqual([...l.defaults, '/x/one', '/x/two']);
    },
  );

  it('every runtime with state or an engine API has a location flag to point at it, and every location is read', () => {
    const o = resolveOptions({});
    for (const [id, source] of Object.entries(RUNTIME_SOURCES)) {
      if (!source.engineSockets) continue;
      const sockets = source.engineSockets(o);
      expect(sockets.length, id).toBeGreaterThan(0);
      for (const s of sockets)
        expect(
          RUNTIME_LOCATIONS.some((l) => l.runtime === id && l.defaults.includes(s)),
          `${id}: ${s}`,
        ).toBe(true);
    }
    for (const l of RUNTIME_LOCATIONS)
      expect(RUNTIME_SOURCES[l.runtime]?.readState ?? RUNTIME_SOURCES[l.runtime]?.engineSockets, l.flag).toBeTypeOf('function');
  });
});

describe("runtimes' cgroup names", () => {
  const DIR = join(REPO, 'electron/agent/fixtures/text/cgroup-lines');
  // Real /proc/PID/cgroup text of every runtime: "ID:CONTROLLERS:PATH" (a path may hold colons).
  const segments = readdirSync(DIR).flatMap((f) =>
    readFileSync(join(DIR, f), 'utf8')
      .split('\n')
      .flatMap((line) => line.split(':').slice(2).join(':').split('/').filter(Boolean)),
  );

  it.each(
    Object.entries(RUNTIME_SOURCES)
      .filter(([, s]) => s.cgroupNames)
      .map(([id, s]) => [id, s.cgroupNames!] as const),
  )("%s: segments its names match (real captured cgroup lines) are its containers, never another runtime's", (id, names) => {
    for (const n of names) {
      const others = Object.entries(RUNTIME_SOURCES).flatMap(([other, s]) =>
        other === id ? [] : (s.cgroupNames ?? []).filter((m) => segments.some((seg) => n.re.test(seg) && m.re.test(seg))),
      );
      expect(others, String(n.re)).toEqual([]);
    }
    // Each is its container, or (machined's virtual machines: machine-qemu…) nobody's.
    const runtimes = segments
      .filter((seg) => names.some((n) => n.re.test(seg)))
      .map((seg) => classifyCgroupPath(`/${seg}`)?.runtime ?? null);
    // (no captured line of nspawn: its names are tested in classifyCgroup.test.ts.)
    if (id !== 'nspawn') expect(runtimes, `no captured cgroup line of ${id}`).toContain(id);
    expect(new Set(runtimes.filter((r) => r !== id && r !== null))).toEqual(new Set());
  });
});

describe('no runtime list outside the registry', () => {
  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return e.name === 'fixtures' || e.name === 'node_modules' ? [] : sources(p);
      return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
    });
  }
  const HOME = ['shared/runtimes/registry.ts', 'electron/agent/runtimes/sources.ts'];
  const key = (id: string) => new RegExp(`(?:^|[{,\\s])(?:'${id}'|"${id}"|${/^[a-z]+$/.test(id) ? id : '\\0'})\\s*:`);

  it('no object in electron/, shared/ or renderer/ is keyed by three or more runtime ids (a label map, a default table)', () => {
    const offending: string[] = [];
    for (const file of ['electron', 'shared', 'renderer'].flatMap((d) => sources(join(REPO, d)))) {
      const rel = relative(REPO, file);
      if (HOME.includes(rel)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const ids = RUNTIME_IDS.filter((id) => key(id).test(line));
          if (ids.length >= 3) offending.push(`${rel}:${i + 1}: ${ids.join(', ')}`);
        });
    }
    expect(offending).toEqual([]);
  });
});
