// The Mounts & devices tab: flagged mounts, the mount table, protections (masked and read-only
// paths), and the devices section (cgroup v1 rules, the v2 device program, the /dev nodes).
import type { Locator, Page } from '@playwright/test';

export class MountsTab {
  constructor(readonly page: Page) {}

  private get panel(): Locator {
    return this.page.locator('.tab-panel');
  }

  /** Every flagged mount, the most severe first. */
  get flags(): Locator {
    return this.panel.locator('.mount-flag');
  }

  flag(target: string): Locator {
    return this.panel.locator(`.mount-flag[data-target="${target}"]`);
  }

  get table(): Locator {
    return this.panel.locator('.mounts-table');
  }

  mount(target: string): Locator {
    return this.panel.locator(`.mounts-table tr[data-target="${target}"]`);
  }

  /** A default mask or read-only path: data-state masked/read-only/exposed. */
  protection(path: string): Locator {
    return this.panel.locator(`.mounts-protections tr[data-path="${path}"]`);
  }

  get missingDefaults(): Locator {
    return this.panel.locator('.missing-defaults');
  }

  // ------------------------------------------------------------ devices
  get devices(): Locator {
    return this.page.getByTestId('devices-section');
  }

  /** The cgroup v1 devices.list rules, in the kernel's order. */
  get v1Rules(): Locator {
    return this.devices.getByTestId('device-v1-rules').locator('tbody tr');
  }

  /** A v1 rule's row, by its text ("allow c 1:3 rwm"). */
  v1Rule(rule: string): Locator {
    return this.devices.locator(`tr[data-rule="${rule}"]`);
  }

  /** The v2 device program query's answer: a program, or none attached. */
  get deviceProgram(): Locator {
    return this.devices.getByTestId('device-program-none').or(this.devices.getByTestId('device-program'));
  }

  get nodes(): Locator {
    return this.devices.getByTestId('device-nodes');
  }

  node(path: string): Locator {
    return this.nodes.locator(`tr[data-path="${path}"]`);
  }
}
