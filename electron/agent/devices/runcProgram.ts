// Decodes a cgroup v2 device program (BPF_PROG_TYPE_CGROUP_DEVICE) when it has the shape runc's
// generator emits (opencontainers/cgroups devices/devicefilter.go, formerly
// runc libcontainer/cgroups/devices and, before that, libcontainer/cgroups/ebpf/devicefilter):
//
//   r2 = ctx->access_type & 0xffff  (type: 1 block, 2 char)
//   r3 = ctx->access_type >> 16     (access: 1 mknod, 2 read, 4 write)
//   r4 = ctx->major; r5 = ctx->minor
//   per rule, a block: [if r2 != TYPE goto next] [r1 = r3; r1 &= ACC; if r1 != r3 goto next]
//                      [if r4 != MAJOR goto next] [if r5 != MINOR goto next]  r0 = ALLOW; exit
//   last: r0 = DEFAULT; exit
//
// Older runc checked access with "if r1 == 0 goto next" (any requested bit allowed matches) and
// could omit the type check (type "a"). Anything else — crun's or systemd's programs, a program the
// verifier rewrote — is not decoded: null, and the caller says "a device program is attached".
import type { DeviceRule } from '../../../shared/snapshot/devices.js';

/** One eBPF instruction as BPF_OBJ_GET_INFO_BY_FD's xlated dump gives it. */
export interface EbpfInsn {
  code: number;
  dst: number;
  src: number;
  off: number;
  imm: number;
}

export interface DecodedProgram {
  rules: DeviceRule[];
  defaultAllow: boolean;
  /** Old runc's access test (any requested bit): said, because it matches more than it reads. */
  legacyAccess: boolean;
}

// Opcodes (linux/bpf_common.h, linux/bpf.h).
const LDX_MEM_W = 0x61;
const ALU32_AND_K = 0x54;
const ALU32_RSH_K = 0x74;
const ALU32_MOV_X = 0xbc;
const ALU32_MOV_K = 0xb4;
const JMP_JNE_K = 0x55;
const JMP_JNE_X = 0x5d;
const JMP_JEQ_K = 0x15;
const EXIT = 0x95;

const DEV_BLOCK = 1;
const DEV_CHAR = 2;
const ACC_MKNOD = 1;
const ACC_READ = 2;
const ACC_WRITE = 4;

const is = (i: EbpfInsn | undefined, code: number, dst: number, src: number, off: number, imm: number): boolean =>
  !!i && i.code === code && i.dst === dst && i.src === src && i.off === off && i.imm === imm;

const PROLOGUE: [number, number, number, number, number][] = [
  [LDX_MEM_W, 2, 1, 0, 0],
  [ALU32_AND_K, 2, 0, 0, 0xffff],
  [LDX_MEM_W, 3, 1, 0, 0],
  [ALU32_RSH_K, 3, 0, 0, 16],
  [LDX_MEM_W, 4, 1, 4, 0],
  [LDX_MEM_W, 5, 1, 8, 0],
];

export const accessText = (bits: number): string =>
  (bits & ACC_READ ? 'r' : '') + (bits & ACC_WRITE ? 'w' : '') + (bits & ACC_MKNOD ? 'm' : '');

/** The rules of a runc-shaped device program, first match wins; null for any other shape. */
export function decodeRuncProgram(insns: readonly EbpfInsn[]): DecodedProgram | null {
  if (insns.length < PROLOGUE.length + 2) return null;
  for (let i = 0; i < PROLOGUE.length; i++) if (!is(insns[i], ...PROLOGUE[i]!)) return null;
  const rules: DeviceRule[] = [];
  let legacyAccess = false;
  let pc = PROLOGUE.length;
  while (pc < insns.length) {
    // Find this block's end: the first "r0 = imm; exit".
    let end = pc;
    while (end < insns.length && insns[end]!.code !== ALU32_MOV_K) end++;
    const mov = insns[end];
    if (!mov || mov.dst !== 0 || mov.src !== 0 || mov.off !== 0 || (mov.imm !== 0 && mov.imm !== 1)) return null;
    if (!is(insns[end + 1], EXIT, 0, 0, 0, 0)) return null;
    const next = end + 2; // where every "goto next" of this block must land
    const allow = mov.imm === 1;
    if (end === pc) {
      // The default block: must be the last.
      if (next !== insns.length) return null;
      return { rules, defaultAllow: allow, legacyAccess };
    }
    const jumpsToNext = (at: number) => at + 1 + insns[at]!.off === next;
    let type: DeviceRule['type'] = 'a';
    let access = 'rwm';
    let major: number | null = null;
    let minor: number | null = null;
    const seen = new Set<string>();
    let at = pc;
    while (at < end) {
      const i = insns[at]!;
      if (i.code === JMP_JNE_K && i.src === 0 && jumpsToNext(at) && i.dst >= 2 && i.dst <= 5 && i.dst !== 3) {
        const what = i.dst === 2 ? 'type' : i.dst === 4 ? 'major' : 'minor';
        if (seen.has(what)) return null;
        seen.add(what);
        if (i.dst === 2) {
          if (i.imm !== DEV_BLOCK && i.imm !== DEV_CHAR) return null;
          type = i.imm === DEV_BLOCK ? 'b' : 'c';
        } else if (i.dst === 4) major = i.imm >>> 0;
        else minor = i.imm >>> 0;
        at++;
        continue;
      }
      // r1 = r3; r1 &= ACC; if r1 != r3 goto next   (or old runc: if r1 == 0 goto next)
      if (is(i, ALU32_MOV_X, 1, 3, 0, 0) && insns[at + 1]?.code === ALU32_AND_K && insns[at + 1]!.dst === 1 && at + 2 < end) {
        const bits = insns[at + 1]!.imm;
        if (bits <= 0 || bits > 7 || seen.has('access')) return null;
        const test = insns[at + 2]!;
        const newer = test.code === JMP_JNE_X && test.dst === 1 && test.src === 3 && test.imm === 0;
        const older = test.code === JMP_JEQ_K && test.dst === 1 && test.src === 0 && test.imm === 0;
        if ((!newer && !older) || !jumpsToNext(at + 2)) return null;
        if (older) legacyAccess = true;
        seen.add('access');
        access = accessText(bits);
        at += 3;
        continue;
      }
      return null;
    }
    rules.push({ allow, type, major, minor, access });
    pc = next;
  }
  return null; // no default block
}
