// The Chromium that every GUI test uses (Debian's, never a downloaded one), with the same
// arguments for browser mode and for the stand-in's windows.
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
