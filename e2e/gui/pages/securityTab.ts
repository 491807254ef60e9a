// The Seccomp & MAC tab: the decoded filter (profile match, syscall table, search, dangerous
// ones), what was declared, the profiler, and the LSM modules.
import type { Locator, Page } from '@playwright/test';

export class SecurityTab {
  constructor(readonly page: Page) {}

  /** The host's LSM modules (data-host: the host the container is judged against). */
  get hostLsms(): Locator {
    return this.page.getByTestId('host-lsms');
  }

  /** The host's LSM list as chips, or its unavailable reason. */
  get hostLsmChips(): Locator {
    return this.hostLsms.locator('.chip-mono');
  }

  get hostLsmsUnavailable(): Locator {
    return this.hostLsms.locator('[data-field="lsms"]');
  }

  /** Which known profile the filter is (shown once the filter is decoded). */
  get profileMatch(): Locator {
    return this.page.locator('.profile-match');
  }

  get profileName(): Locator {
    return this.page.locator('.profile-match .profile-name');
  }

  /** A filter's architecture tab (x86_64, i386, x32). */
  archTab(arch: string): Locator {
    return this.page.getByRole('tab', { name: new RegExp(`^${arch}`) });
  }

  async search(text: string): Promise<void> {
    await this.page.getByLabel('Search syscalls').fill(text);
  }

  /** A row of the syscall table: data-action, classes reach-denied/reach-allowed/danger. */
  syscall(name: string): Locator {
    return this.page.locator(`.syscall-table tr[data-syscall="${name}"]`);
  }

  get dangerousRows(): Locator {
    return this.page.locator('.syscall-table tr.danger');
  }

  async onlyDangerousLetThrough(): Promise<void> {
    await this.page.getByLabel('only dangerous ones let through').check();
  }

  /** The calls a custom filter denies beyond the nearest known profile. */
  get deniedDiff(): Locator {
    return this.page.locator('.diff-list.denied');
  }

  get dangerSummary(): Locator {
    return this.page.locator('.danger-summary');
  }

  /** The filter the runtime was given, beside the one in force. */
  get declared(): Locator {
    return this.page.getByTestId('declared');
  }

  // ------------------------------------------------------------ the profiler
  async profileFor(duration: string): Promise<void> {
    await this.page.locator('.profiler-controls').getByRole('button', { name: duration }).click();
    await this.page.getByRole('button', { name: 'Start profiling' }).click();
  }

  get cancelProfiling(): Locator {
    return this.page.getByRole('button', { name: 'Cancel' });
  }

  get profileProgress(): Locator {
    return this.page.locator('.profile-progress');
  }

  get coverageChart(): Locator {
    return this.page.locator('[data-chart="coverage"]');
  }

  /** A profiled syscall's explanation (in a folded list: attached, not visible). */
  explanation(syscall: string): Locator {
    return this.page.locator(`.explanations tr[data-syscall="${syscall}"]`);
  }

  get downloadProfile(): Locator {
    return this.page.getByRole('button', { name: 'Download profile (JSON)' });
  }

  // ------------------------------------------------------------ LSMs
  get lsmModules(): Locator {
    return this.page.getByTestId('lsm-modules');
  }

  lsm(name: string): Locator {
    return this.lsmModules.locator(`tr[data-lsm="${name}"]`);
  }
}
