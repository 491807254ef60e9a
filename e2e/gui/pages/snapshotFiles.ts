// Opening snapshot files and recordings, and the refusal shown for one that cannot be read.
import type { Locator, Page } from '@playwright/test';

export class SnapshotFiles {
  constructor(readonly page: Page) {}

  async open(path: string): Promise<void> {
    await this.page.getByTestId('snapshot-file').setInputFiles(path);
  }

  get error(): Locator {
    return this.page.locator('.import-error');
  }

  async dismissError(): Promise<void> {
    await this.error.getByRole('button', { name: 'dismiss' }).click();
  }

  /** Where an opened file came from ("recorded on ssh://…"): data-host is the host's URL. */
  get sourceHost(): Locator {
    return this.page.locator('.snapshot-group [data-testid="source-host"]');
  }

  get replaySlider(): Locator {
    return this.page.getByTestId('replay-slider');
  }
}
