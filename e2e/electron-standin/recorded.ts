// What the stand-in records for tests, how it reports to the test process, and Electron's
// preventable event shape.
/** Everything the tests may check afterwards. */
export const recorded = {
  webPreferences: [] as Record<string, unknown>[],
  privilegedSchemes: [] as unknown[],
  openExternal: [] as string[],
  dialog: [] as { method: string; options: unknown }[],
  menuRoles: [] as string[],
  navigations: [] as { url: string; prevented: boolean }[],
  windowOpens: [] as { url: string; action: string }[],
  permissionHandlers: { request: false, check: false },
  warnings: [] as string[],
};

export function report(message: Record<string, unknown>): void {
  process.send?.({ standin: true, ...message });
}

export class PreventableEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}
