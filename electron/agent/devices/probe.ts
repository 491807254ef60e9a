// Runs the native kernel-probe (electron/agent/seccomp/native/kernel-probe.c) and checks what it
// prints: the cgroup v2 device programs of a cgroup, the Landlock ABI, the BPF LSM programs. Only
// the prebuilt helper runs (never compiled here; as root only a root-owned one: prebuiltHelper).
// Its output is the kernel's answer, but it is still checked field by field before use.
import { execFileSync } from 'node:child_process';
import { PROBE_NAME, prebuiltHelper } from '../seccomp/nativeHelper.js';
import type { EbpfInsn } from './runcProgram.js';

export type Probe<T> = { ok: true; value: T } | { ok: false; reason: string; detail: string };

const bad = <T>(detail: string): Probe<T> => ({ ok: false, reason: 'EBADOUTPUT', detail: `${PROBE_NAME}: ${detail}` });
const u32 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
const TAG = /^[0-9a-f]{16}$/;

/** Parses one line of the probe's JSON; an {"error"} line becomes its errno reason. */
function parseLine(stdout: string): Probe<Record<string, unknown>> {
  let o: unknown;
  try {
    o = JSON.parse(stdout.trim());
  } catch {
    return bad(`printed no JSON: ${stdout.slice(0, 200)}`);
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return bad('not an object');
  const r = o as Record<string, unknown>;
  if (typeof r['error'] === 'string')
    return { ok: false, reason: r['error'], detail: `${String(r['step'] ?? '?')}: ${String(r['message'] ?? '')}` };
  return { ok: true, value: r };
}

export interface RawDeviceProgram {
  id: number;
  name: string;
  tag: string;
  insnCount: number;
  /** null when the kernel did not give the instructions (insnsError says why). */
  insns: EbpfInsn[] | null;
  insnsError: string | null;
}

export interface CgroupDevicesAnswer {
  effective: number[];
  direct: number[];
  programs: (RawDeviceProgram | { id: number; error: string })[];
}

const ids = (v: unknown): number[] | null => (Array.isArray(v) && v.every(u32) ? (v as number[]) : null);

function parseInsns(v: unknown): EbpfInsn[] | null {
  if (!Array.isArray(v)) return null;
  const out: EbpfInsn[] = [];
  for (const i of v) {
    if (!Array.isArray(i) || i.length !== 5) return null;
    const [code, dst, src, off, imm] = i as unknown[];
    const int = (x: unknown, lo: number, hi: number): x is number =>
      typeof x === 'number' && Number.isInteger(x) && x >= lo && x <= hi;
    if (
      !int(code, 0, 255) ||
      !int(dst, 0, 15) ||
      !int(src, 0, 15) ||
      !int(off, -32768, 32767) ||
      !int(imm, -0x80000000, 0x7fffffff)
    )
      return null;
    out.push({ code, dst, src, off, imm });
  }
  return out;
}

export function parseCgroupDevices(stdout: string): Probe<CgroupDevicesAnswer> {
  const line = parseLine(stdout);
  if (!line.ok) return line;
  const r = line.value;
  const effective = ids(r['effective']);
  const direct = ids(r['direct']);
  if (!effective || !direct || !Array.isArray(r['programs'])) return bad('unexpected output shape');
  const programs: CgroupDevicesAnswer['programs'] = [];
  for (const p of r['programs'] as Record<string, unknown>[]) {
    if (typeof p !== 'object' || p === null || !u32(p['id'])) return bad('a program without an id');
    if (typeof p['error'] === 'string') {
      programs.push({ id: p['id'], error: p['error'] });
      continue;
    }
    if (typeof p['name'] !== 'string' || typeof p['tag'] !== 'string' || !TAG.test(p['tag']) || !u32(p['insnCount']))
      return bad(`program ${p['id']}: unexpected shape`);
    const insns = p['insns'] === undefined ? null : parseInsns(p['insns']);
    if (p['insns'] !== undefined && insns === null) return bad(`program ${p['id']}: unexpected instructions`);
    programs.push({
      id: p['id'],
      name: p['name'],
      tag: p['tag'],
      insnCount: p['insnCount'],
      insns,
      insnsError: typeof p['insnsError'] === 'string' ? p['insnsError'] : null,
    });
  }
  return { ok: true, value: { effective, direct, programs } };
}

export function parseLandlock(stdout: string): Probe<{ abi: number } | { error: string }> {
  const line = parseLine(stdout);
  if (!line.ok) return line;
  const l = line.value['landlock'] as Record<string, unknown> | undefined;
  if (typeof l !== 'object' || l === null) return bad('no landlock answer');
  if (u32(l['abi']) && l['abi'] > 0) return { ok: true, value: { abi: l['abi'] } };
  if (typeof l['error'] === 'string') return { ok: true, value: { error: l['error'] } };
  return bad('unexpected landlock answer');
}

export interface RawLsmProgram {
  id: number;
  name: string;
  tag: string;
  btf: number;
  btfObj: number;
}

export function parseBpfLsm(
  stdout: string,
): Probe<{ programs: RawLsmProgram[]; seen: number; error: string | null; truncated: boolean }> {
  const line = parseLine(stdout);
  if (!line.ok) return line;
  const r = line.value;
  if (!Array.isArray(r['lsm']) || !u32(r['seen'])) return bad('unexpected output shape');
  const programs: RawLsmProgram[] = [];
  for (const p of r['lsm'] as Record<string, unknown>[]) {
    if (
      typeof p !== 'object' ||
      p === null ||
      !u32(p['id']) ||
      typeof p['name'] !== 'string' ||
      typeof p['tag'] !== 'string' ||
      !TAG.test(p['tag']) ||
      !u32(p['btf']) ||
      !u32(p['btfObj'])
    ) {
      return bad('a BPF LSM program of unexpected shape');
    }
    programs.push({ id: p['id'], name: p['name'], tag: p['tag'], btf: p['btf'], btfObj: p['btfObj'] });
  }
  return {
    ok: true,
    value: {
      programs,
      seen: r['seen'],
      error: typeof r['error'] === 'string' ? r['error'] : null,
      truncated: r['truncated'] === true,
    },
  };
}

/** Runs the prebuilt probe with `args`; its stdout, or why it could not run. */
export function runProbe(args: string[], helperDir?: string, timeoutMs = 5000): Probe<string> {
  let bin: string;
  try {
    bin = prebuiltHelper(helperDir, PROBE_NAME);
  } catch (e) {
    return { ok: false, reason: 'no-helper', detail: (e as Error).message };
  }
  try {
    return {
      ok: true,
      value: execFileSync(bin, args, {
        encoding: 'utf8',
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    };
  } catch (e) {
    const err = e as { stdout?: string; signal?: string; message: string };
    // Exit 1 with a JSON error line is an answer (EPERM, ENOENT…), not a failure to run.
    if (err.stdout && err.stdout.trim()) return { ok: true, value: err.stdout };
    return { ok: false, reason: err.signal === 'SIGTERM' ? 'ETIMEDOUT' : 'EHELPER', detail: `${bin}: ${err.message}` };
  }
}
