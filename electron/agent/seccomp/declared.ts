// The seccomp profile a runtime declared for a container: linux.seccomp of its OCI bundle's
// config.json (runc, containerd, CRI-O and Podman all keep one).
import type { HostFs } from '../readers/hostFs.js';
import type { OciSeccomp } from './profile.js';

/** null oci: the bundle declares no profile. undefined: no readable, well-formed config.json. */
export function declaredSeccomp(fs: HostFs, bundle: string): { oci: OciSeccomp | null; source: string } | undefined {
  const source = `${bundle.replace(/\/+$/, '')}/config.json`;
  const json = fs.readJson(source);
  if (!json.ok) return undefined;
  const linux = (json.value as { linux?: { seccomp?: unknown } } | null)?.linux;
  const seccomp = linux?.seccomp as OciSeccomp | undefined;
  if (seccomp === undefined) return { oci: null, source };
  if (typeof seccomp?.defaultAction !== 'string' || (seccomp.syscalls !== undefined && !Array.isArray(seccomp.syscalls)))
    return undefined;
  return { oci: { ...seccomp, syscalls: seccomp.syscalls ?? [] }, source };
}
