// The Namespaces tab's time namespace part (the rows are ContainerView.namespaceRow).
import type { Locator, Page } from '@playwright/test';

export class NamespacesTab {
  constructor(readonly page: Page) {}

  get timensSummary(): Locator {
    return this.page.getByTestId('timens-summary');
  }

  get timensTable(): Locator {
    return this.page.locator('.timens-table');
  }
}
