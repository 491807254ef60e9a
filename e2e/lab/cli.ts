// Lab CLI:
//   npx tsx e2e/lab/cli.ts up [--only runc-hardened,docker,...] [--work-dir DIR]
//   npx tsx e2e/lab/cli.ts status
//   npx tsx e2e/lab/cli.ts verify   (declared config vs /proc + cgroupfs, exit 1 on mismatch)
//   npx tsx e2e/lab/cli.ts down
// `up` leaves everything running (daemons detached) and records it in STATE_FILE;
// `down` stops exactly what that file lists. ISOSCOPE_LAB_STATE overrides STATE_FILE.
// The state is trusted only when it is root's alone (stateFile.ts): a planted or symlinked state,
// or one naming paths another user owns, is refused with the reason.
import { existsSync, rmSync } from 'node:fs';
import { ALL_LAB_KEYS, labToJson, startLab } from './lab.js';
import {
  claimState,
  DEFAULT_STATE_FILE,
  ensureStateDir,
  readState as readStateFile,
  StateRefused,
  writeState as writeStateFile,
} from './stateFile.js';
import { stopAll } from './teardown.js';
import type { LabKey, LabState } from './types.js';
import { verifyLab } from './verify.js';

/** Shared by every session on the machine (root-only /run/isoscope-lab); set ISOSCOPE_LAB_STATE to keep parallel labs apart. */
export const STATE_FILE = process.env['ISOSCOPE_LAB_STATE'] || DEFAULT_STATE_FILE;

function usage(): never {
  console.error('usage: cli.ts up [--only key,key] [--work-dir DIR] | status | verify | down');
  process.exit(2);
}

function optionValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined) usage();
  return v;
}

function parseOnly(value: string | undefined): LabKey[] | undefined {
  if (value === undefined) return undefined;
  const keys = value.split(',').filter(Boolean);
  const bad = keys.filter((k) => !(ALL_LAB_KEYS as readonly string[]).includes(k));
  if (bad.length > 0) {
    console.error(`unknown lab key(s): ${bad.join(', ')}; known: ${ALL_LAB_KEYS.join(', ')}`);
    process.exit(2);
  }
  return keys as LabKey[];
}

function readState(): LabState | null {
  return readStateFile(STATE_FILE);
}

function writeState(state: LabState): void {
  writeStateFile(STATE_FILE, labToJson(state));
}

async function up(args: string[]): Promise<number> {
  ensureStateDir(STATE_FILE); // before anything starts: a state directory we cannot trust stops here
  const existing = readState();
  if (existing) {
    console.error(`a lab is already recorded in ${STATE_FILE} (${existing.prefix}); run \`down\` first`);
    return 1;
  }
  const lab = await startLab({ only: parseOnly(optionValue(args, '--only')), workDir: optionValue(args, '--work-dir') });
  writeState(lab);
  console.log(JSON.stringify(labToJson(lab), null, 2));
  const summary = lab.containers.map((c) => `${c.key}=${c.initPid}`).join(' ');
  console.error(`lab ${lab.prefix} up in ${lab.startupMs} ms: ${summary}`);
  for (const s of lab.skipped) console.error(`skipped ${s.key}: ${s.reason}`);
  console.error(`state written to ${STATE_FILE}`);
  return 0;
}

function status(): number {
  const state = readState();
  if (!state) {
    console.log(`no lab recorded (${STATE_FILE} missing)`);
    return 1;
  }
  console.log(JSON.stringify(state, null, 2));
  for (const c of state.containers) {
    const alive = existsSync(`/proc/${c.initPid}`);
    console.error(`${c.key.padEnd(14)} pid ${String(c.initPid).padEnd(8)} ${alive ? 'running' : 'GONE'}  ${c.name}`);
  }
  return 0;
}

function verify(): number {
  const state = readState();
  if (!state) {
    console.log(`no lab recorded (${STATE_FILE} missing)`);
    return 1;
  }
  const failed = verifyLab(state);
  console.log(failed === 0 ? 'all declared settings match' : `${failed} mismatch(es)`);
  return failed === 0 ? 0 : 1;
}

async function down(): Promise<number> {
  // Claim the state file first so two concurrent `down`s never tear down the same lab.
  const taken = claimState(STATE_FILE);
  if (!taken) {
    console.log(`no lab recorded (${STATE_FILE} missing); nothing to stop`);
    return 0;
  }
  const { state, claimed } = taken;
  const problems = await stopAll(state);
  rmSync(claimed, { force: true });
  for (const p of problems) console.error(`problem: ${p}`);
  console.log(`lab ${state.prefix} down${problems.length ? ` with ${problems.length} problem(s)` : ''}`);
  return problems.length ? 1 : 0;
}

async function main(): Promise<number> {
  const [cmd, ...args] = process.argv.slice(2);
  switch (cmd) {
    case 'up':
      return up(args);
    case 'status':
      return status();
    case 'verify':
      return verify();
    case 'down':
      return down();
    default:
      return usage();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(e instanceof StateRefused ? 3 : 1);
  },
);
