// The Lab panel (status bar › Lab): the demo presets, each started and stopped from its card.
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { StatusBar } from './statusBar.js';

export class LabPanel {
  constructor(
    readonly page: Page,
    /** How long starting or stopping a demo container may take. */
    private readonly busyMs: number,
  ) {}

  get root(): Locator {
    return this.page.getByTestId('lab-panel');
  }

  /** The status bar's Lab button ("Lab", "Lab · 1 running"). */
  get button(): Locator {
    return new StatusBar(this.page).labButton;
  }

  /** Opens the panel; demo containers an earlier (crashed) run left are cleaned up first. */
  async open(): Promise<void> {
    await this.button.click();
    await expect(this.root).toBeVisible();
    const leftover = this.root.getByTestId('lab-leftover');
    if (await leftover.isVisible().catch(() => false)) {
      await leftover.getByRole('button', { name: 'Clean up' }).click();
      await expect(leftover).toBeHidden({ timeout: this.busyMs });
    }
  }

  get presets(): Locator {
    return this.root.locator('li.lab-preset');
  }

  /** A preset's card (data-state stopped/running). */
  preset(name: string): Locator {
    return this.root.locator(`li.lab-preset[data-preset="${name}"]`);
  }

  /** What the preset is. */
  what(name: string): Locator {
    return this.preset(name).locator('.lab-what');
  }

  /** What to look at once it runs. */
  look(name: string): Locator {
    return this.preset(name).locator('.lab-look');
  }

  posture(name: string): Locator {
    return this.preset(name).locator('.lab-posture');
  }

  /** The link that selects the running preset's container (data-id). */
  selectLink(name: string): Locator {
    return this.preset(name).locator('.lab-select');
  }

  get needsRoot(): Locator {
    return this.root.getByTestId('lab-needs-root');
  }

  get busy(): Locator {
    return this.root.locator('.lab-busy');
  }

  get problems(): Locator {
    return this.root.locator('.lab-problems');
  }

  async start(name: string): Promise<void> {
    await this.preset(name).getByRole('button', { name: 'Start' }).click();
  }

  /** Stops the preset and waits until it is stopped. */
  async stop(name: string): Promise<void> {
    await this.preset(name).getByRole('button', { name: 'Stop' }).click();
    await expect(this.preset(name)).toHaveAttribute('data-state', 'stopped', { timeout: this.busyMs });
  }

  /** The preset's state, or the problem the collector reported instead (the panel shows it). */
  async stateOrProblem(name: string): Promise<string | null> {
    return (await this.problems.count()) > 0
      ? await this.problems.innerText()
      : await this.preset(name).getAttribute('data-state');
  }
}
