// The host's own view: its facts and the host's findings.
import type { Locator, Page } from '@playwright/test';
import { FindingsList } from './findings.js';

export class HostView {
  readonly findings: FindingsList;

  constructor(readonly page: Page) {
    this.findings = new FindingsList(page.getByTestId('host-findings'));
  }

  get root(): Locator {
    return this.page.locator('.host-view');
  }

  get title(): Locator {
    return this.page.locator('.host-view h1');
  }

  /** A fact of the host view by id (lsms, …), the target of a finding's evidence link. */
  fact(id: string): Locator {
    return this.page.locator(`#host-fact-${id}`);
  }
}
