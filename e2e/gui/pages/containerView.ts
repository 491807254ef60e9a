// A container's view: its header (name, badges, export buttons) and its tabs.
import type { Locator, Page } from '@playwright/test';

export class ContainerView {
  constructor(readonly page: Page) {}

  get header(): Locator {
    return this.page.locator('.cv-header');
  }

  get title(): Locator {
    return this.page.locator('.cv-header h1');
  }

  /** A header badge: namespaces, seccomp, privileged, … */
  badge(name: string): Locator {
    return this.page.locator(`.cv-header [data-badge="${name}"]`);
  }

  /** An export button of the header (JSON, HTML, Markdown). */
  exportButton(format: string): Locator {
    return this.page.locator('.cv-header .export-buttons button', { hasText: format });
  }

  tab(name: string): Locator {
    return this.page.getByRole('tab', { name });
  }

  get tabs(): Locator {
    return this.page.getByRole('tab');
  }

  async openTab(name: string): Promise<void> {
    await this.tab(name).click();
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
}
