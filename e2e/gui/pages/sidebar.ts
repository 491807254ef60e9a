// The sidebar: containers grouped by runtime (and by host), the host entry, opened snapshots.
import type { Locator, Page } from '@playwright/test';

export class Sidebar {
  constructor(readonly page: Page) {}

  /** A live container's entry, by container id. */
  item(id: string): Locator {
    return this.page.locator(`.item[data-id="${id}"]`);
  }

  /** A container of the opened snapshot or recording (ids prefixed "snap:"). */
  snapshotItem(id: string): Locator {
    return this.item(`snap:${id}`);
  }

  /** A container's entry inside its runtime's group. */
  itemInGroup(runtime: string, id: string): Locator {
    return this.page.locator(`li.group[data-runtime="${runtime}"] .item[data-id="${id}"]`);
  }

  /** The host's own entry. */
  get host(): Locator {
    return this.page.locator('.item.host');
  }

  async select(id: string): Promise<void> {
    await this.item(id).click();
  }

  async selectHost(): Promise<void> {
    await this.host.click();
  }
}
