// Findings as the app lists them (the container's Findings panel on the Overview, the host
// view's host findings): each with its rule, severity, numbers, evidence and fixes.
import type { Locator } from '@playwright/test';

const SEVERITY_ORDER = ['high', 'medium', 'low'];

export class FindingsList {
  constructor(readonly root: Locator) {}

  get all(): Locator {
    return this.root.locator('li.finding');
  }

  finding(rule: string): Locator {
    return this.root.locator(`li.finding[data-rule="${rule}"]`);
  }

  withSeverity(severity: string): Locator {
    return this.root.locator(`li.finding[data-severity="${severity}"]`);
  }

  /** The severities in the order shown. */
  async severities(): Promise<(string | null)[]> {
    return this.all.evaluateAll((els) => els.map((e) => e.getAttribute('data-severity')));
  }

  /** Opens a finding's details (evidence, fixes). */
  async expand(rule: string): Promise<void> {
    await this.finding(rule).locator('summary').click();
  }

  evidence(rule: string): Locator {
    return this.finding(rule).locator('.evidence');
  }

  fixes(rule: string): Locator {
    return this.finding(rule).locator('.fixes');
  }

  /** The link that shows the finding's evidence where it is (a tab, a host fact). */
  evidenceLink(rule: string): Locator {
    return this.finding(rule).locator('.evidence-link');
  }
}

/** Severities most severe first, as the app must show them. */
export function bySeverity(severities: (string | null)[]): (string | null)[] {
  return [...severities].sort((a, b) => SEVERITY_ORDER.indexOf(a!) - SEVERITY_ORDER.indexOf(b!));
}

/** The Findings panel of a container's Overview: posture, findings, declared vs effective. */
export class FindingsPanel extends FindingsList {
  get posture(): Locator {
    return this.root.locator('.posture');
  }

  /** The table of what the runtime was told against what the kernel enforces. */
  get declared(): Locator {
    return this.root.locator('[data-testid="declared-vs-effective"]');
  }

  async expandDeclared(): Promise<void> {
    await this.declared.locator('summary').click();
  }

  /** One aspect's row (e.g. "pids limit"): data-agree, then declared and effective cells. */
  aspect(name: string): Locator {
    return this.declared.locator(`tr[data-aspect="${name}"]`);
  }

  declaredValue(aspect: string): Locator {
    return this.aspect(aspect).locator('td').nth(1);
  }

  effectiveValue(aspect: string): Locator {
    return this.aspect(aspect).locator('td').nth(2);
  }
}
