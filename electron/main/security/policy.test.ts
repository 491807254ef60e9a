import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp.js';
import { externalLinkAllowed, isTrustedSender, navigationAllowed } from './policy.js';

describe('window security policy', () => {
  it('answers IPC only for the app’s own main frame', () => {
    expect(isTrustedSender('isoscope://app/index.html', true)).toBe(true);
    expect(isTrustedSender('isoscope://app/index.html', false)).toBe(false);
    expect(isTrustedSender('https://evil.example/', true)).toBe(false);
    expect(isTrustedSender('isoscope://other/index.html', true)).toBe(false);
    expect(isTrustedSender('file:///work/main/dist/renderer/index.html', true)).toBe(false);
    expect(isTrustedSender(undefined, true)).toBe(false);
  });

  it('never navigates away from the app', () => {
    expect(navigationAllowed('isoscope://app/index.html')).toBe(true);
    expect(navigationAllowed('https://example.com/')).toBe(false);
    expect(navigationAllowed('javascript:alert(1)')).toBe(false);
    expect(navigationAllowed('not a url')).toBe(false);
  });

  it('opens only https documentation links externally', () => {
    expect(externalLinkAllowed('https://man7.org/linux/man-pages/man7/capabilities.7.html')).toBe(true);
    expect(externalLinkAllowed('http://man7.org/')).toBe(false);
    expect(externalLinkAllowed('file:///etc/passwd')).toBe(false);
    expect(externalLinkAllowed('https://evil.example/')).toBe(false);
  });

  it('has a strict CSP: own scripts only, no inline script or eval, no framing', () => {
    const csp = contentSecurityPolicy({ connect: ['ws://127.0.0.1:1234'] });
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self' ws://127.0.0.1:1234");
  });
});
