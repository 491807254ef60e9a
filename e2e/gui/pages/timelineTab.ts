// The Timeline tab: how a container's isolation changed while it ran, newest first.
import type { Locator, Page } from '@playwright/test';

export class TimelineTab {
  constructor(readonly page: Page) {}

  get empty(): Locator {
    return this.page.getByTestId('timeline-empty');
  }

  get summary(): Locator {
    return this.page.getByTestId('timeline-summary');
  }

  /** Every change (data-kind: capabilities, noNewPrivs, namespace, weakerEntry, …). */
  get rows(): Locator {
    return this.page.locator('.tl-table tbody tr');
  }

  /** A change of one kind by one process. */
  change(kind: string, pid: number): Locator {
    return this.page.locator(`.tl-table tbody tr[data-kind="${kind}"][data-pid="${pid}"]`);
  }
}
