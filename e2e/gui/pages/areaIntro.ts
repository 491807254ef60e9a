// "What this is and why it matters here": the intro at the top of each tab, by area id.
import type { Locator, Page } from '@playwright/test';
import { expect } from '@playwright/test';

export class AreaIntro {
  constructor(readonly page: Page) {}

  /** The intro of an area (overview, processes, namespaces, cgroups, …). */
  of(area: string): Locator {
    return this.page.locator(`.area-intro[data-area-intro="${area}"]`);
  }

  toggle(area: string): Locator {
    return this.of(area).locator('.area-intro-toggle');
  }

  body(area: string): Locator {
    return this.of(area).locator('.area-intro-body');
  }

  /** The intros that are the open tab panel's own children. */
  get inPanel(): Locator {
    return this.page.locator('.tab-panel > .area-intro');
  }

  /** The explanations an intro holds (the Seccomp & MAC tab has two: seccomp and mac). */
  explanations(area: string, explained?: string): Locator {
    return this.of(area).locator(explained ? `.explain-area[data-area="${explained}"]` : '.explain-area');
  }

  /** The lines an intro says about this container, by tone (good, bad, …). */
  linesWithTone(area: string, tone: string): Locator {
    return this.of(area).locator(`li[data-tone="${tone}"]`);
  }

  /** A link of the intro (man pages open outside the app). */
  link(area: string, name: string): Locator {
    return this.of(area).getByRole('link', { name });
  }

  async expectExpanded(area: string, expanded: boolean): Promise<void> {
    await expect(this.toggle(area)).toHaveAttribute('aria-expanded', String(expanded));
  }

  /** Expands the intro if it is collapsed (the stand-in keeps one window across tests). */
  async expand(area: string): Promise<void> {
    if ((await this.toggle(area).getAttribute('aria-expanded')) === 'false') await this.toggle(area).click();
    await this.expectExpanded(area, true);
  }
}
