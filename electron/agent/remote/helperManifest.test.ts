import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HELPERS } from '../seccomp/nativeHelper.js';
import {
  BUNDLED_HELPERS,
  checkBundledHelpers,
  formatManifest,
  helperFileName,
  installedHelperName,
  machineArch,
  parseManifest,
} from './helperManifest.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

describe('the helpers that travel with the remote agent', () => {
  it('are every helper the build compiles', () => {
    expect([...BUNDLED_HELPERS].sort()).toEqual([...HELPERS].sort());
  });

  it('this machine’s architecture is what uname -m says', () => {
    expect(machineArch()).toBe(execFileSync('uname', ['-m'], { encoding: 'utf8' }).trim());
  });

  it('are named by architecture, and on a remote by digest too; a name that is no architecture or digest is refused', () => {
    expect(helperFileName('seccomp-dump', 'x86_64')).toBe('seccomp-dump-x86_64');
    expect(installedHelperName('kernel-probe', 'aarch64', A)).toBe(`kernel-probe-aarch64-${A}`);
    for (const arch of ['', '../x', 'x86_64/../../etc', 'X86', 'a b', 'x'.repeat(33)])
      expect(() => helperFileName('seccomp-dump', arch)).toThrow(/not an architecture/);
    expect(() => installedHelperName('seccomp-dump', 'x86_64', 'A'.repeat(64))).toThrow(/64 lowercase hex/);
    expect(() => installedHelperName('seccomp-dump', 'x86_64', '../' + A)).toThrow(/64 lowercase hex/);
  });

  it('the manifest: sha256sum lines, the agent first, read back as written; anything else refused', () => {
    const entries = [
      { sha256: A, file: 'isoscope-agent.cjs' },
      { sha256: B, file: 'seccomp-dump-x86_64' },
    ];
    const text = formatManifest(entries);
    expect(text).toBe(`${A}  isoscope-agent.cjs\n${B}  seccomp-dump-x86_64\n`);
    expect(parseManifest(text)).toEqual(entries);
    expect(parseManifest(`${A} *isoscope-agent.cjs\n`)).toEqual([entries[0]]);
    for (const bad of [`${A}  ../etc/passwd`, `${A}  a/b`, `${A.slice(1)}  x`, `${A}  `, 'garbage', `${A}  x\u001b[2J`])
      expect(() => parseManifest(bad + '\n')).toThrow(/not a manifest line/);
  });

  it('what the bundle carries is checked: an architecture and a digest for each helper, no other keys read', () => {
    const ok = { arch: 'x86_64', sha256: { 'seccomp-dump': A, 'kernel-probe': B } };
    expect(checkBundledHelpers(ok)).toEqual(ok);
    expect(() => checkBundledHelpers({ ...ok, arch: '../x' })).toThrow(/bad arch/);
    expect(() => checkBundledHelpers({ arch: 'x86_64', sha256: { 'seccomp-dump': A } })).toThrow(/kernel-probe/);
    // An inherited key is not a digest of ours.
    const inherited = Object.create({ 'kernel-probe': B }) as Record<string, string>;
    inherited['seccomp-dump'] = A;
    expect(() => checkBundledHelpers({ arch: 'x86_64', sha256: inherited })).toThrow(/kernel-probe/);
    expect(() => checkBundledHelpers(null)).toThrow();
  });
});
