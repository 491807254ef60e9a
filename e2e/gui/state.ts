// What globalSetup leaves for the specs: the served URL (with its token) and the lab.
import { readFileSync } from 'node:fs';
import type { LabState } from '../lab/lab.js';

/** Each run has its own file (several runs may share the checkout): globalSetup names it in the
 * environment, which the test workers inherit. */
export const GUI_STATE_ENV = 'ISOSCOPE_GUI_STATE';

export function guiStatePath(): string {
  return process.env[GUI_STATE_ENV] ?? 'e2e/artifacts/.gui-state.json';
}

export interface GuiState {
  url: string;
  lab: LabState;
}

export function guiState(): GuiState {
  return JSON.parse(readFileSync(guiStatePath(), 'utf8')) as GuiState;
}

export function labContainer(key: string) {
  const c = guiState().lab.containers.find((x) => x.key === key);
  if (!c) throw new Error(`lab container ${key} is not running`);
  return c;
}
