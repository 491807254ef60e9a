// The Content-Security-Policy of the renderer, the same in Electron and browser mode: only the
// app's own scripts, no eval, no plugins, no framing; connections only to the app itself.
export function contentSecurityPolicy(opts: { connect?: string[] } = {}): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${(opts.connect ?? []).join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
