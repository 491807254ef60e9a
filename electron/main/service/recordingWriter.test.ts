// Recordings written as they go, through the real service and a real collector child reading a
// fixture tree: the file on disk grows while recording (one gzip flush per sample), the bytes
// the page downloads are the file's, and the file replays (shared/recording/format.ts, the
// importer's parser) to exactly the samples the service pushed meanwhile. A symlink or an
// existing file where the recording would go is never written through.
import { lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentStatus, RecordingProgress } from '../../../shared/ipc/contract.js';
import type { Sample } from '../../../shared/agent/protocol.js';
import { parseRecording } from '../../../shared/recording/format.js';
import { agentScript, makeAgentCommand } from './agentCommand.js';
import { readSshExit } from './remoteCommand.js';
import { IsoscopeService, type ServiceOptions } from './service.js';

const TREE = new URL('../../agent/fixtures/roots/k8s-v2', import.meta.url).pathname;
let service: IsoscopeService | null = null;
const dirs: string[] = [];
afterEach(() => {
  service?.stop();
  service = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const until = async (check: () => boolean, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
};

function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'isoscope-rec-'));
  dirs.push(d);
  return d;
}

async function connected(recordings: ServiceOptions['recordings']) {
  const statuses: AgentStatus[] = [];
  const samples: Sample[] = [];
  const progress: RecordingProgress[] = [];
  const s = new IsoscopeService({
    agentCommand: makeAgentCommand(['--root', TREE], 'node'),
    intervalMs: 500,
    backoffMs: [200],
    recordings,
  });
  service = s;
  s.on('push', (e) => {
    if (e.channel === 'status') statuses.push(e.payload);
    if (e.channel === 'sample') samples.push(e.payload);
    if (e.channel === 'recording') progress.push(e.payload);
  });
  s.start();
  await until(() => statuses.some((x) => x.state === 'connected') && samples.length > 0);
  return { s, samples, progress };
}

describe('recordings written as they go', () => {
  it('the file grows while recording, downloads whole, and replays to the samples sent', async () => {
    const dir = temp();
    const { s, samples, progress } = await connected({ dir });
    const started = await s.dispatch('startRecording', {});
    if (!started.ok) throw new Error(started.error.message);
    const rec = started.result;
    expect(rec.download).toBe(true);
    expect(rec.path.startsWith(dir + '/')).toBe(true);
    expect(rec.file).toMatch(/^isoscope-recording-.*\.ndjson\.gz$/);
    expect(lstatSync(rec.path).mode & 0o777).toBe(0o600);

    // While recording: the size on disk after each new sample.
    const sizes: number[] = [statSync(rec.path).size];
    for (let i = 0; i < 6; i++) {
      const n = samples.length;
      await until(() => samples.length > n);
      await new Promise((r) => setTimeout(r, 100)); // the write reaches the file
      sizes.push(statSync(rec.path).size);
    }
    const grew = sizes.slice(1).filter((size, i) => size > sizes[i]!).length;
    expect(grew).toBeGreaterThanOrEqual(5);
    expect(progress.filter((p) => p.recordingId === rec.recordingId && p.state === 'recording').length).toBeGreaterThan(0);

    const stopped = await s.dispatch('stopRecording', { recordingId: rec.recordingId });
    if (!stopped.ok) throw new Error(stopped.error.message);
    const sent = samples.filter((x) => x.t >= rec.startedAt);
    expect(stopped.result.state).toBe('stopped');
    expect(stopped.result.dropped).toBe(0);

    // What the page downloads is the file, byte for byte.
    const chunks: Buffer[] = [];
    for (let offset = 0; ;) {
      const r = await s.dispatch('readRecording', { recordingId: rec.recordingId, offset });
      if (!r.ok) throw new Error(r.error.message);
      const b = Buffer.from(r.result.base64, 'base64');
      chunks.push(b);
      offset += b.length;
      if (r.result.eof) break;
    }
    const file = readFileSync(rec.path);
    expect(Buffer.concat(chunks).equals(file)).toBe(true);
    expect(stopped.result.bytes).toBe(file.length);

    const parsed = parseRecording(gunzipSync(file).toString('utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.recording.header.startedAt).toBe(rec.startedAt);
    expect(parsed.recording.header.containers.length).toBeGreaterThan(0);
    const replayed = parsed.recording.events.filter((e) => e.kind === 'sample').map((e) => e.data);
    expect(sent.length).toBeGreaterThanOrEqual(5); // the first may have been read before Record (not recorded)
    expect(replayed).toEqual(sent);
    expect(parsed.recording.events.length).toBe(stopped.result.events);
    // Once downloaded, the chunks are not served again.
    expect((await s.dispatch('readRecording', { recordingId: rec.recordingId, offset: 0 })).ok).toBe(false);
  });

  it('never writes through a symlink or over an existing file where the recording would go', async () => {
    const dir = temp();
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'precious\n');
    const link = join(dir, 'chosen.ndjson.gz');
    symlinkSync(victim, link);
    let chosen = link;
    const { s } = await connected({ choose: async () => chosen });
    const viaLink = await s.dispatch('startRecording', {});
    expect(viaLink.ok).toBe(false);
    if (!viaLink.ok) expect(viaLink.error.code).toBe('write-failed');
    chosen = victim;
    const over = await s.dispatch('startRecording', {});
    expect(over.ok).toBe(false);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });
});

describe('a recording of a remote host', () => {
  // This machine reads one fixture tree; the "remote" (the stand-in ssh running the real agent)
  // another, so whose containers, facts and samples a recording holds can be told apart.
  const REMOTE_TREE = new URL('../../agent/fixtures/roots/v2-selinux', import.meta.url).pathname;
  const FAKE_SSH = new URL('./fixtures/fakeSsh.mjs', import.meta.url).pathname;
  const URL_A = 'ssh://root@10.0.0.2:2222';

  it('holds that host’s facts, containers and samples under their own ids, and names the host', async () => {
    const dir = temp();
    const control = join(dir, 'control');
    writeFileSync(control, 'up');
    const s = new IsoscopeService({
      agentCommand: makeAgentCommand(['--root', TREE], 'node'),
      intervalMs: 500,
      backoffMs: [200],
      recordings: { dir },
      remoteCommand: (h) => ({
        agentCommand: (ms) => ({
          command: process.execPath,
          args: [FAKE_SSH, control, agentScript(), 'agent', '--stdio', '--interval', String(ms / 1000), '--root', REMOTE_TREE],
        }),
        readExit: readSshExit(h.url),
      }),
    });
    service = s;
    const remoteSamples: Sample[] = [];
    const localSamples: Sample[] = [];
    let remoteHostname: string | null = null;
    s.on('push', (e) => {
      if (e.channel === 'hostSample') remoteSamples.push(e.payload.sample);
      if (e.channel === 'sample') localSamples.push(e.payload);
      if (e.channel === 'hostFacts') remoteHostname = e.payload.host.hostname;
    });
    s.start();
    const added = await s.dispatch('addHost', { url: URL_A, sudo: false });
    if (!added.ok) throw new Error(added.error.message);
    const hostId = added.result.id;
    // The remote's facts come on their own push, which may follow its first samples.
    await until(() => remoteSamples.length > 0 && localSamples.length > 0 && remoteHostname !== null, 60_000);
    const state = await s.dispatch('getHostState', { id: hostId });
    if (!state.ok) throw new Error(state.error.message);

    const started = await s.dispatch('startRecording', { hostId });
    if (!started.ok) throw new Error(started.error.message);
    expect(started.result.host).toBe(URL_A);
    const n = remoteSamples.length;
    await until(() => remoteSamples.length >= n + 3, 60_000);
    const stopped = await s.dispatch('stopRecording', { recordingId: started.result.recordingId });
    if (!stopped.ok) throw new Error(stopped.error.message);

    const parsed = parseRecording(gunzipSync(readFileSync(started.result.path)).toString('utf8'));
    if (!parsed.ok) throw new Error(parsed.error);
    const { header, events } = parsed.recording;
    expect(header.source).toEqual({ host: URL_A });
    expect(header.host?.hostname).toBe(remoteHostname);
    expect(header.host).toEqual(state.result.host);
    expect(header.containers.map((c) => c.id).sort()).toEqual(state.result.containers.map((c) => c.id).sort());
    const remoteIds = new Set(state.result.containers.map((c) => c.id));
    const replayed = events.filter((e) => e.kind === 'sample').map((e) => e.data);
    expect(replayed.length).toBeGreaterThanOrEqual(3);
    expect(replayed).toEqual(remoteSamples.filter((x) => x.t >= started.result.startedAt && x.t <= replayed.at(-1)!.t));
    for (const x of replayed) for (const id of Object.keys(x.containers)) expect(remoteIds.has(id)).toBe(true);
    // None of this machine's samples (another tree, other containers) is in it.
    const localIds = new Set(localSamples.flatMap((x) => Object.keys(x.containers)));
    expect([...localIds].some((id) => remoteIds.has(id))).toBe(false);

    // This machine's recording meanwhile: named 'local', none of the remote's containers.
    const mine = await s.dispatch('startRecording', {});
    if (!mine.ok) throw new Error(mine.error.message);
    expect(mine.result.host).toBe('local');
    const m = localSamples.length;
    await until(() => localSamples.length >= m + 2, 60_000);
    await s.dispatch('stopRecording', { recordingId: mine.result.recordingId });
    const local = parseRecording(gunzipSync(readFileSync(mine.result.path)).toString('utf8'));
    if (!local.ok) throw new Error(local.error);
    expect(local.recording.header.source).toEqual({ host: 'local' });
    for (const e of local.recording.events)
      if (e.kind === 'sample') for (const id of Object.keys(e.data.containers)) expect(remoteIds.has(id)).toBe(false);

    // A host that is not in the list is refused.
    const none = await s.dispatch('startRecording', { hostId: 'h00000000' });
    expect(none.ok).toBe(false);
  }, 120_000);
});
