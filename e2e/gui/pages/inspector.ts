// The inspector's page as the specs drive it: one object per part of the window, so a selector
// lives in one place (e2e/gui/pages/) and a spec reads as what the user does.
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { AreaIntro } from './areaIntro.js';
import { CgroupsTab } from './cgroupsTab.js';
import { CompareView } from './compareView.js';
import { ContainerView } from './containerView.js';
import { FindingsPanel } from './findings.js';
import { HostsDialog } from './hostsDialog.js';
import { HostView } from './hostView.js';
import { MountsTab } from './mountsTab.js';
import { NamespacesTab } from './namespacesTab.js';
import { SecurityTab } from './securityTab.js';
import { Sidebar } from './sidebar.js';
import { SnapshotFiles } from './snapshotFiles.js';
import { StatusBar } from './statusBar.js';
import { TimelineTab } from './timelineTab.js';

export class Inspector {
  readonly sidebar: Sidebar;
  readonly container: ContainerView;
  readonly compare: CompareView;
  readonly status: StatusBar;
  readonly files: SnapshotFiles;
  readonly hostView: HostView;
  readonly hosts: HostsDialog;
  /** The Overview's Findings panel of the selected container. */
  readonly findings: FindingsPanel;
  readonly intro: AreaIntro;
  readonly namespaces: NamespacesTab;
  readonly cgroups: CgroupsTab;
  readonly security: SecurityTab;
  readonly mounts: MountsTab;
  readonly timeline: TimelineTab;

  constructor(readonly page: Page) {
    this.sidebar = new Sidebar(page);
    this.container = new ContainerView(page);
    this.compare = new CompareView(page);
    this.status = new StatusBar(page);
    this.files = new SnapshotFiles(page);
    this.hostView = new HostView(page);
    this.hosts = new HostsDialog(page);
    this.findings = new FindingsPanel(page.locator('.findings-panel'));
    this.intro = new AreaIntro(page);
    this.namespaces = new NamespacesTab(page);
    this.cgroups = new CgroupsTab(page);
    this.security = new SecurityTab(page);
    this.mounts = new MountsTab(page);
    this.timeline = new TimelineTab(page);
  }

  /** The app's root element (empty until the renderer has drawn). */
  get root(): Locator {
    return this.page.locator('#root');
  }

  /** Loads browser mode from its printed URL and waits for the collector. */
  async load(url: string, timeout?: number): Promise<void> {
    await this.page.goto(url);
    await this.status.expectConnected(timeout);
  }

  /** Selects a container by id and waits for its view (its name in the header), then a tab. */
  async openContainer(c: { id: string; name: string }, tab?: string): Promise<void> {
    await this.sidebar.select(c.id);
    await expect(this.container.title).toContainText(c.name);
    if (tab) await this.container.openTab(tab);
  }

  /** Waits for a container to appear in the sidebar (a first scan after it started), then selects it and a tab. */
  async openWhenListed(id: string, tab?: string | RegExp, timeout = 30_000): Promise<void> {
    await expect(this.sidebar.item(id)).toBeVisible({ timeout });
    await this.sidebar.select(id);
    if (tab) await this.container.openTab(tab);
  }
}
