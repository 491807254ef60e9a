// The inspector's page as the specs drive it: one object per part of the window, so a selector
// lives in one place (e2e/gui/pages/) and a spec reads as what the user does.
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { CompareView } from './compareView.js';
import { ContainerView } from './containerView.js';
import { Sidebar } from './sidebar.js';
import { SnapshotFiles } from './snapshotFiles.js';
import { StatusBar } from './statusBar.js';

export class Inspector {
  readonly sidebar: Sidebar;
  readonly container: ContainerView;
  readonly compare: CompareView;
  readonly status: StatusBar;
  readonly files: SnapshotFiles;

  constructor(readonly page: Page) {
    this.sidebar = new Sidebar(page);
    this.container = new ContainerView(page);
    this.compare = new CompareView(page);
    this.status = new StatusBar(page);
    this.files = new SnapshotFiles(page);
  }

  /** Selects a container by id and waits for its view (its name in the header), then a tab. */
  async openContainer(c: { id: string; name: string }, tab?: string): Promise<void> {
    await this.sidebar.select(c.id);
    await expect(this.container.title).toContainText(c.name);
    if (tab) await this.container.openTab(tab);
  }
}
