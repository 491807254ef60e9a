// Recording the live stream and replaying it with the time slider.
import { expect, snap, test } from './app.js';
import { labContainer } from './state.js';

test('record the stream, save it, replay it with the time slider', async ({ app }, info) => {
  const hardened = labContainer('runc-hardened');
  await expect(app.locator('.statusbar .conn')).toHaveText('collector connected');
  await app.getByRole('button', { name: '● Record' }).click();
  await expect(app.locator('button.recording')).toContainText(/[3-9]\d* events|\d{2,} events/, { timeout: 20_000 });
  const [download] = await Promise.all([app.waitForEvent('download'), app.locator('button.recording').click()]);
  expect(download.suggestedFilename()).toMatch(/^isoscope-recording-.*\.ndjson\.gz$/);
  const path = info.outputPath(download.suggestedFilename());
  await download.saveAs(path);

  await app.getByTestId('snapshot-file').setInputFiles(path);
  const slider = app.getByTestId('replay-slider');
  await expect(slider).toBeVisible();
  const item = app.locator(`.item[data-id="snap:${hardened.id}"]`);
  await expect(item).toBeVisible();
  await item.click();
  await app.getByRole('tab', { name: 'Resources' }).click();
  await expect(app.locator('.snapshot-banner')).toContainText('Read-only');
  // The recorded samples draw; at the very start of the recording there are none yet.
  await expect(app.locator('[data-chart="Memory"] .recharts-line path.recharts-curve').first()).toBeAttached();
  await snap(app, 'replay-end', info.project.name);
  await slider.focus();
  await app.keyboard.press('Home'); // back to the start of the recording
  await expect(app.locator('[data-chart="Memory"]')).toContainText('Waiting for samples');
});
