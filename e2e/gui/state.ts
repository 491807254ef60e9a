// What globalSetup leaves for the specs: the served URL (with its token) and the lab.
import { readFileSync } from 'node:fs';
import type { LabState } from '../lab/lab.js';

export const GUI_STATE = 'e2e/artifacts/.gui-state.json';

export interface GuiState {
  url: string;
  lab: LabState;
}

export function guiState(): GuiState {
  return JSON.parse(readFileSync(GUI_STATE, 'utf8')) as GuiState;
}

export function labContainer(key: string) {
  const c = guiState().lab.containers.find((x) => x.key === key);
  if (!c) throw new Error(`lab container ${key} is not running`);
  return c;
}
