// A host the user adds in the app, checked before it is started or remembered: its URL in
// canonical form (ssh:// or k8s://, parsed strictly), ssh-only settings refused for k8s://, the
// identity file an absolute path without control characters. Hosts get random ids, never ones
// derived from what the user typed.
import { randomBytes } from 'node:crypto';
import { canonicalUrl } from './hostsFile.js';
import { ServiceError } from './serviceError.js';

/** The canonical URL of a host to add; ServiceError('bad-params') with the reason otherwise. */
export function checkNewHost(url: string, sudo: boolean, identityFile: string | undefined): string {
  let canonical: string;
  try {
    canonical = canonicalUrl(url);
  } catch (err) {
    throw new ServiceError('bad-params', err instanceof Error ? err.message : String(err));
  }
  if (canonical.startsWith('k8s://') && (sudo || identityFile !== undefined))
    throw new ServiceError('bad-params', 'sudo and an identity file are ssh settings: a k8s:// host uses your kubeconfig');
  if (identityFile !== undefined && !identityFile.startsWith('/'))
    throw new ServiceError('bad-params', 'the identity file must be an absolute path');
  // eslint-disable-next-line no-control-regex -- refusing exactly these
  if (identityFile !== undefined && /[\x00-\x1f\x7f]/.test(identityFile))
    throw new ServiceError('bad-params', 'the identity file path has control characters');
  return canonical;
}

export function newHostId(): string {
  return `h${randomBytes(4).toString('hex')}`;
}
