// The Hosts dialog (status bar › Hosts): add an ssh:// host, see each host's state and the
// reason it is refused, remove it.
import type { Locator, Page } from '@playwright/test';
import { StatusBar } from './statusBar.js';

export class HostsDialog {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.getByRole('dialog', { name: 'Hosts' });
  }

  async open(): Promise<void> {
    await new StatusBar(this.page).hostsButton.click();
  }

  async add(url: string): Promise<void> {
    await this.root.getByLabel('Host address').fill(url);
    await this.root.getByRole('button', { name: 'Add' }).click();
  }

  /** A host's row (data-state connecting/connected/refused/…). */
  row(url: string): Locator {
    return this.root.locator(`tr[data-host="${url}"]`);
  }

  reason(url: string): Locator {
    return this.row(url).locator('.reason');
  }

  async remove(url: string): Promise<void> {
    await this.row(url).getByRole('button', { name: 'Remove' }).click();
  }

  /** Any button offering to accept or trust a host key (there must be none). */
  get acceptButtons(): Locator {
    return this.root.getByRole('button', { name: /accept|trust/i });
  }
}
