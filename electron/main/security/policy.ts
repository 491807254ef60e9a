// What the app's window may do, as pure decisions (the Electron glue in restrictions.ts applies
// them): the renderer is served from one origin, may navigate nowhere, open nothing, ask for no
// permission, and only frames from that origin may talk to the main side.
export const APP_SCHEME = 'isoscope';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** True when a URL belongs to the app itself. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'app';
  } catch {
    return false;
  }
}

/** IPC is answered only for the app's own top frame. */
export function isTrustedSender(frameUrl: string | undefined, isMainFrame: boolean): boolean {
  return isMainFrame && frameUrl !== undefined && isAppUrl(frameUrl);
}

/** Navigation away from the app is never allowed (reloads of the app itself are). */
export function navigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/** The only external links the app opens in the user's browser: documentation over https. */
export function externalLinkAllowed(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && ['man7.org', 'docs.kernel.org', 'www.kernel.org'].includes(u.hostname);
  } catch {
    return false;
  }
}
