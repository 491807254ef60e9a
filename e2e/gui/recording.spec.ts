// Recording the live stream and replaying it with the time slider; recordings of containers
// whose ids are Object.prototype names; a gzip bomb refused.
import { createWriteStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gunzipSync, gzipSync } from 'node:zlib';
import { expect, snap, test } from './app.js';
import { Inspector } from './pages/inspector.js';
import { labContainer } from './state.js';

test('record the stream, save it, replay it with the time slider', async ({ app, standin }, info) => {
  const ui = new Inspector(app);
  const hardened = labContainer('runc-hardened');
  await ui.status.expectConnected();
  // The desktop app asks where to save (answered here); browser mode downloads the file at the end.
  const chosen = info.outputPath('chosen.ndjson.gz');
  if (standin) await standin.answerSaveDialog(chosen);
  await ui.status.recordButton.click();
  await expect(ui.status.stopRecordingButton).toContainText(/[3-9]\d* events|\d{2,} events/, { timeout: 20_000 });
  let path = chosen;
  if (standin) {
    await ui.status.stopRecordingButton.click();
    await expect(ui.status.recordButton).toBeVisible();
    // Written where chosen, and whole once stopped (the gzip stream ends).
    await expect
      .poll(() => {
        try {
          return gunzipSync(readFileSync(chosen)).length > 0;
        } catch {
          return false;
        }
      })
      .toBe(true);
  } else {
    const [download] = await Promise.all([app.waitForEvent('download'), ui.status.stopRecordingButton.click()]);
    expect(download.suggestedFilename()).toMatch(/^isoscope-recording-.*\.ndjson\.gz$/);
    path = info.outputPath(download.suggestedFilename());
    await download.saveAs(path);
  }

  await ui.files.open(path);
  const slider = ui.files.replaySlider;
  await expect(slider).toBeVisible();
  const item = ui.sidebar.snapshotItem(hardened.id);
  await expect(item).toBeVisible();
  await item.click();
  await ui.container.openTab('Resources');
  await expect(ui.container.snapshotBanner).toContainText('Read-only');
  // The recorded samples draw; at the very start of the recording there are none yet.
  await expect(ui.container.chartLine('Memory')).toBeAttached();
  await snap(app, 'replay-end', info.project.name);
  await slider.focus();
  await app.keyboard.press('Home'); // back to the start of the recording
  await expect(ui.container.chart('Memory')).toContainText('Waiting for samples');
});

test('a recording of containers with ids such as __proto__ and constructor replays with every one shown and drawn', async ({
  app,
}, info) => {
  const IDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
  const fixture = JSON.parse(readFileSync('electron/agent/fixtures/snapshots/v2-apparmor.json', 'utf8'));
  const containers = IDS.map((id) => ({ ...fixture.containers[0], id, name: id }));
  const counters = (n: number) => ({
    cpuUsageNs: n * 1e9,
    memoryCurrent: (n + 1) * 4096,
    pidsCurrent: 2,
    ioReadBytes: 0,
    ioWriteBytes: 0,
    nrThrottled: 0,
    throttledNs: 0,
    netRxBytes: 0,
    netTxBytes: 0,
    psiCpu: null,
    psiMemory: null,
    psiIo: null,
  });
  const rates = { cpuPercent: 5, ioReadBps: 0, ioWriteBps: 0, netRxBps: 0, netTxBps: 0, throttledPerSec: 0 };
  const t0 = Date.now() - 60_000;
  // JSON text as the recorder writes it: `__proto__` is just a key there.
  const sample = (n: number) => {
    const t = t0 + n * 1000;
    return `{"kind":"sample","t":${t},"data":{"t":${t},"containers":{${IDS.map((id) => `"${id}":${JSON.stringify({ counters: counters(n), rates })}`).join(',')}},"cost":{"cpuPercent":1,"tickMs":1,"reads":1}}}`;
  };
  const header = { format: 'isoscope-recording', version: 1, startedAt: t0, host: fixture.host, containers, recordedBy: 'e2e' };
  const path = info.outputPath('prototype-names.ndjson.gz');
  writeFileSync(path, gzipSync([JSON.stringify(header), sample(1), sample(2), sample(3)].join('\n') + '\n'));

  const ui = new Inspector(app);
  await ui.files.open(path);
  await expect(ui.files.replaySlider).toBeVisible();
  for (const id of IDS) await expect(ui.sidebar.snapshotItem(id)).toBeVisible();
  await ui.sidebar.snapshotItem('constructor').click();
  await ui.container.openTab('Resources');
  await expect(ui.container.chartLine('Memory')).toBeAttached();
  expect(
    await app.evaluate(
      () => Object.getPrototypeOf({}) === Object.prototype && typeof ({} as Record<string, unknown>).toString === 'function',
    ),
  ).toBe(true);
  // The live view carries on.
  await ui.status.expectConnected();
});

test('a gzip bomb is refused with a clear reason, past 256 MiB, without taking the app down', async ({ app }, info) => {
  // 1 GiB of zeros in about a megabyte, one gzip stream (Chromium's DecompressionStream refuses
  // concatenated members), compressed as it is produced.
  const path = info.outputPath('bomb.ndjson.gz');
  const zeros = Buffer.alloc(1024 * 1024);
  await pipeline(
    Readable.from(
      (function* () {
        for (let i = 0; i < 1024; i++) yield zeros;
      })(),
    ),
    createGzip({ level: 9 }),
    createWriteStream(path),
  );
  expect(statSync(path).size).toBeLessThan(2 * 1024 * 1024);
  const ui = new Inspector(app);
  await ui.files.open(path);
  await expect(ui.files.error).toContainText('Could not open bomb.ndjson.gz: not readable (decompresses to more than 256 MiB', {
    timeout: 60_000,
  });
  await ui.files.dismissError();
  await ui.status.expectConnected();
});
