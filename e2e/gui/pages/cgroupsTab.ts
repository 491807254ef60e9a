// The Cgroups tab's newer (v2) parts: the memory ladder, OOM events, io per device, freezer,
// CPU burst and idle.
import type { Locator, Page } from '@playwright/test';

export class CgroupsTab {
  constructor(readonly page: Page) {}

  /** A rung of the memory ladder: min, low, high, max. */
  memoryRung(rung: string): Locator {
    return this.page.getByTestId('memory-ladder').locator(`tr[data-rung="${rung}"]`);
  }

  get oomSummary(): Locator {
    return this.page.getByTestId('oom-summary');
  }

  /** The rows of memory.events. */
  get memoryEvents(): Locator {
    return this.page.getByTestId('memory-events').locator('tbody tr');
  }

  get ioDevices(): Locator {
    return this.page.getByTestId('io-devices');
  }

  /** CPU burst, idle and the other newer fields. */
  get newer(): Locator {
    return this.page.getByTestId('cgroup-newer');
  }

  get frozenState(): Locator {
    return this.page.getByTestId('frozen-state');
  }
}
