// The status bar: the collector's connection, the hosts, recording, the Lab button.
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

  /** A host's connection chip: "local" for this machine, else the host's ssh:// URL. */
  hostChip(host: string): Locator {
    return this.page.locator(`.host-chip[data-host="${host}"]`);
  }

  /** Opens the list of hosts. */
  get hostsButton(): Locator {
    return this.page.getByRole('button', { name: /^Hosts/ });
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
