// Electron's `session.defaultSession`: the permission handlers the app sets, kept for the tests'
// permission probes.
import { recorded } from './recorded.js';

type PermissionRequestHandler =
  null | ((wc: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void);
type PermissionCheckHandler = null | ((wc: unknown, permission: string, origin: string, details: unknown) => boolean);

export const session = {
  defaultSession: {
    permissionRequestHandler: null as PermissionRequestHandler,
    permissionCheckHandler: null as PermissionCheckHandler,
    setPermissionRequestHandler(h: PermissionRequestHandler): void {
      this.permissionRequestHandler = h;
      recorded.permissionHandlers.request = h !== null;
    },
    setPermissionCheckHandler(h: PermissionCheckHandler): void {
      this.permissionCheckHandler = h;
      recorded.permissionHandlers.check = h !== null;
    },
  },
};
