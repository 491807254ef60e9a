// Chromium will not load a scheme it does not know (isoscope:), so the stand-in serves a
// privileged custom scheme's origin under a reserved https host that only Playwright routing
// answers: isoscope://app/x  <->  https://app.isoscope.electron-standin.invalid/x. Everything
// the main process sees (protocol.handle requests, senderFrame.url, will-navigate, window-open
// URLs) is translated back to the isoscope:// form. The https origin gives the page a secure
// context, as `secure: true` does for the registered scheme.
const SUFFIX = '.electron-standin.invalid';

/** The URL as the app sees it (isoscope://app/…) for a stand-in URL; any other URL unchanged. */
export function appUrlOf(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  if (u.protocol !== 'https:' || !u.hostname.endsWith(SUFFIX)) return url;
  const labels = u.hostname.slice(0, -SUFFIX.length).split('.');
  const scheme = labels.pop();
  return `${scheme}://${labels.join('.')}${u.pathname}${u.search}${u.hash}`;
}

/** The URL Chromium loads for a URL of a privileged custom scheme; any other URL unchanged. */
export function standinUrlOf(url: string, privilegedSchemes: ReadonlySet<string>): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  const scheme = u.protocol.slice(0, -1);
  if (!privilegedSchemes.has(scheme)) return url;
  return `https://${u.hostname}.${scheme}${SUFFIX}${u.pathname}${u.search}${u.hash}`;
}
