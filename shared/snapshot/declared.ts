// The configuration a runtime declared for a container, as carried in a snapshot
// (Container.declared): read by the collector from root-owned runtime state only (an OCI
// bundle's config.json of runc, crun, containerd, CRI-O or Podman — Docker's containers run from
// one in containerd's "moby" namespace). The findings compare it with what the kernel enforces.
// Standalone (no import of schema.ts, which imports this file).
import { z } from 'zod';

/** Namespace types an OCI config can name (linux.namespaces[].type, in the kernel's names). */
export const DECLARED_NAMESPACE_TYPES = ['pid', 'net', 'mnt', 'ipc', 'uts', 'user', 'cgroup', 'time'] as const;

const CAP_SET_NAMES = ['effective', 'permitted', 'bounding', 'inheritable', 'ambient'] as const;

/** 'own': a new namespace; 'joined': an existing one named by path; absent: the runtime's parent's (the host's). */
const NamespaceDecl = z.enum(['own', 'joined']);

/** A declared limit: a number, null = declared unlimited, absent = the config has no linux section. */
const declaredLimit = z.number().nullable().optional();

export const DeclaredConfig = z.object({
  /** The file it was read from, e.g. /run/containerd/io.containerd.runtime.v2.task/moby/<id>/config.json. */
  source: z.string(),
  readonlyRootfs: z.boolean().nullable(),
  noNewPrivileges: z.boolean().nullable(),
  /** CAP_* names per set as declared; null when the config names no capabilities at all. */
  capabilities: z
    .object(
      Object.fromEntries(CAP_SET_NAMES.map((s) => [s, z.array(z.string()).optional()])) as Record<
        (typeof CAP_SET_NAMES)[number],
        z.ZodOptional<z.ZodArray<z.ZodString>>
      >,
    )
    .nullable(),
  namespaces: z
    .object(
      Object.fromEntries(DECLARED_NAMESPACE_TYPES.map((t) => [t, NamespaceDecl.optional()])) as Record<
        (typeof DECLARED_NAMESPACE_TYPES)[number],
        z.ZodOptional<typeof NamespaceDecl>
      >,
    )
    .nullable(),
  seccomp: z.enum(['profile', 'none']).nullable(),
  memoryLimit: declaredLimit,
  pidsLimit: declaredLimit,
  cpuQuota: declaredLimit,
});

export type DeclaredConfig = z.infer<typeof DeclaredConfig>;
