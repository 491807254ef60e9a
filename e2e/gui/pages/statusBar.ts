// The status bar: the collector's connection, recording, the Lab button.
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

export class StatusBar {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.locator('.statusbar');
  }

  get connection(): Locator {
    return this.page.locator('.statusbar .conn');
  }

  async expectConnected(timeout?: number): Promise<void> {
    await expect(this.connection).toHaveText('collector connected', timeout === undefined ? undefined : { timeout });
  }

  get recordButton(): Locator {
    return this.page.getByRole('button', { name: '● Record' });
  }

  /** The button while recording: "■ Stop recording (N s, M events)". */
  get stopRecordingButton(): Locator {
    return this.page.locator('button.recording');
  }

  get labButton(): Locator {
    return this.page.locator('.statusbar .lab-button');
  }
}
