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

  /** A badge on a container's entry (boundary, seccomp, …). */
  itemBadge(id: string, name: string): Locator {
    return this.item(id).locator(`[data-badge="${name}"]`);
  }

  /** The marker of a container whose isolation changed while it ran ("changed", class weaker). */
  changedMark(id: string): Locator {
    return this.item(id).locator('.changed-mark');
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

  /** The groups of an opened snapshot or recording. */
  get snapshotGroups(): Locator {
    return this.page.locator('.snapshot-group');
  }

  get snapshotGroupTitle(): Locator {
    return this.page.locator('.snapshot-group .group-title');
  }

  /** Every host's group (there are groups only when there is more than one host). */
  get hostGroups(): Locator {
    return this.page.locator('.host-group');
  }

  /** One host's group: "local" for this machine, else the host's ssh:// URL. */
  hostGroup(host: string): Locator {
    return this.page.locator(`.host-group[data-host="${host}"]`);
  }

  /** A container in a host's group. */
  itemOfHost(host: string, id: string): Locator {
    return this.hostGroup(host).locator(`.item[data-id="${id}"]`);
  }

  /** A remote host's entry for a container (keyed "<id>@h…" by host). */
  remoteItem(host: string, id: string): Locator {
    return this.hostGroup(host).locator(`.item[data-id^="${id}@h"]`);
  }

  hostTitle(host: string): Locator {
    return this.hostGroup(host).locator('.host-title');
  }

  hostState(host: string): Locator {
    return this.hostGroup(host).locator('.host-state');
  }
}
