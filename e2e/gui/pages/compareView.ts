// The compare view: two sides, the verdict, the rows of differences with their meaning, the
// syscall diff and the findings one side fails.
import type { Locator, Page } from '@playwright/test';

export class CompareView {
  constructor(readonly page: Page) {}

  get root(): Locator {
    return this.page.locator('.compare-view');
  }

  /** Opens it from the selected container (A is that container). */
  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Compare…' }).click();
  }

  /** Side B, by option key ("live:<id>", "snapshot:<id>", "live:__host__"). */
  async chooseB(key: string): Promise<void> {
    await this.page.locator('select[aria-label="Side B"]').selectOption(key);
  }

  async close(): Promise<void> {
    await this.page.getByRole('button', { name: 'Close', exact: true }).click();
  }

  /** The table's head: each side's name and where it runs. */
  get head(): Locator {
    return this.page.locator('.compare-table thead');
  }

  get verdict(): Locator {
    return this.page.getByTestId('verdict');
  }

  /** The meaning row of one difference. */
  meaning(area: string, field: string): Locator {
    return this.page.locator(`tbody[data-area="${area}"] tr.meaning[data-field="${field}"]`);
  }

  /** The fact rows of an area (not the meanings, not the area's heading). */
  factRows(area: string): Locator {
    return this.page.locator(`tbody[data-area="${area}"] tr:not(.meaning):not(.area-row)`);
  }

  get onlyDifferences(): Locator {
    return this.page.locator('.only-diffs input');
  }

  get syscallDiff(): Locator {
    return this.page.getByTestId('syscall-diff');
  }

  syscall(name: string): Locator {
    return this.page.locator(`[data-testid="syscall-diff"] tr[data-syscall="${name}"]`);
  }

  /** Declared vs effective for one side (data-outcome pass/fail). */
  declaredSide(side: 'a' | 'b'): Locator {
    return this.page.locator(`[data-testid="declared-sides"] li[data-side="${side}"]`);
  }

  get declaredSides(): Locator {
    return this.page.getByTestId('declared-sides');
  }

  get findingsDelta(): Locator {
    return this.page.getByTestId('findings-delta');
  }

  /** The severity shown on a finding one side fails. */
  findingSeverity(side: 'a' | 'b', rule: string): Locator {
    return this.findingsOf(side, rule).locator('.sev');
  }

  /** Findings side `side` fails where the other passes; one rule when given. */
  findingsOf(side: 'a' | 'b', rule?: string): Locator {
    return this.page.locator(`[data-testid="findings-delta"] li[data-side="${side}"]${rule ? `[data-rule="${rule}"]` : ''}`);
  }
}
