// A container's view: its header (name, badges, boundary banner, export buttons) and its tabs.
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

export class ContainerView {
  constructor(readonly page: Page) {}

  get header(): Locator {
    return this.page.locator('.cv-header');
  }

  get title(): Locator {
    return this.page.locator('.cv-header h1');
  }

  /** A header badge: namespaces, seccomp, privileged, boundary, … */
  badge(name: string): Locator {
    return this.page.locator(`.cv-header [data-badge="${name}"]`);
  }

  /** The header's first badge (a sandboxed runtime's boundary comes first). */
  get firstBadge(): Locator {
    return this.page.locator('.cv-header .badges .badge').first();
  }

  /** A sandboxed runtime's banner: what the boundary is and its host processes. */
  get boundaryBanner(): Locator {
    return this.page.locator('.cv-header .boundary-banner');
  }

  get boundaryTitle(): Locator {
    return this.boundaryBanner.locator('h2');
  }

  /** The banner's host processes (all rows). */
  get boundaryProcesses(): Locator {
    return this.boundaryBanner.locator('tbody tr');
  }

  boundaryProcess(pid: number): Locator {
    return this.boundaryBanner.locator(`tr[data-pid="${pid}"]`);
  }

  boundaryRole(role: string): Locator {
    return this.boundaryBanner.locator(`tr[data-role="${role}"]`);
  }

  /** The executable of the banner's process with this role (its row's last code cell). */
  boundaryExecutable(role: string): Locator {
    return this.boundaryRole(role).locator('code').last();
  }

  /** An export button of the header (JSON, HTML, Markdown). */
  exportButton(format: string): Locator {
    return this.page.locator('.cv-header .export-buttons button', { hasText: format });
  }

  /** A tab by its label (a RegExp for labels that carry a count). */
  tab(name: string | RegExp, exact = false): Locator {
    return this.page.getByRole('tab', typeof name === 'string' && exact ? { name, exact } : { name });
  }

  get tabs(): Locator {
    return this.page.getByRole('tab');
  }

  async openTab(name: string | RegExp): Promise<void> {
    await this.tab(name).click();
  }

  /** Opens the tab with exactly this label and waits until it is the selected one. */
  async showTab(name: string): Promise<void> {
    await this.tab(name, true).click();
    await expect(this.tab(name, true)).toHaveAttribute('aria-selected', 'true');
  }

  /** The open tab's content. */
  get panel(): Locator {
    return this.page.locator('.tab-panel');
  }

  /** A row of the Namespaces tab. */
  namespaceRow(type: string): Locator {
    return this.page.locator(`tr[data-ns="${type}"]`);
  }

  /** A row of the Capabilities tab. */
  capabilityRow(cap: string): Locator {
    return this.page.locator(`tr[data-cap="${cap}"]`);
  }

  /** A chart of the Resources tab, by title. */
  chart(title: string): Locator {
    return this.page.locator(`[data-chart="${title}"]`);
  }

  /** The first drawn line of a chart (a flat line has no height: test it is attached, not visible). */
  chartLine(title: string): Locator {
    return this.chart(title).locator('.recharts-line path.recharts-curve').first();
  }

  /** The banner over a container from an opened snapshot or recording. */
  get snapshotBanner(): Locator {
    return this.page.locator('.snapshot-banner');
  }

  /** The line naming the remote host a container is on. */
  get remoteHost(): Locator {
    return this.page.locator('.remote-host');
  }

  /** The banner over a remote container whose host is not live. */
  get staleBanner(): Locator {
    return this.page.locator('.stale-banner');
  }
}
