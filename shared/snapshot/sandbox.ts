// The boundary of a sandboxed runtime (gVisor, Kata Containers), as seen from the host. Pure.
//
// A gVisor or Kata container is not a set of host processes in namespaces: its workload runs on
// gVisor's user-space kernel (the Sentry) or in a virtual machine's guest kernel, and none of
// the workload's own processes, capabilities, seccomp state or namespaces can be read from the
// host. What the host does show are the runtime's own processes (sandbox, gofer, VMM, virtiofsd,
// shim): the container's process facts in a snapshot are those of one of them (`factsOf`).
import { z } from 'zod';

export const SANDBOX_KINDS = ['user-space-kernel', 'virtual-machine'] as const;
export const SANDBOX_RUNTIMES = ['gvisor', 'kata'] as const;
export const HYPERVISORS = ['qemu', 'cloud-hypervisor', 'firecracker', 'dragonball'] as const;
export const SANDBOX_ROLES = ['sandbox', 'gofer', 'shim', 'vmm', 'virtiofsd'] as const;

export const SandboxKind = z.enum(SANDBOX_KINDS);
export const SandboxRuntime = z.enum(SANDBOX_RUNTIMES);
export const Hypervisor = z.enum(HYPERVISORS);
export const SandboxRole = z.enum(SANDBOX_ROLES);

export const SandboxHostProcess = z.object({
  pid: z.number().int().positive(),
  role: SandboxRole,
  comm: z.string(),
  /** The executable as the kernel names it (/proc/PID/exe), checked to be root's host file. */
  exe: z.string().nullable(),
  /** True when it is one of the container's processes (in its cgroup); shims usually are not. */
  member: z.boolean(),
  /** Why it is believed: the root-owned state file, or the checked launcher that names it. */
  source: z.string(),
});

export const Sandbox = z.object({
  kind: SandboxKind,
  runtime: SandboxRuntime,
  /** The VMM of a virtual machine; null for gVisor. */
  hypervisor: Hypervisor.nullable(),
  /** The runtime's sandbox id (gVisor sandbox id, Kata sandbox id). */
  sandboxId: z.string(),
  /** gVisor's platform (systrap, ptrace, kvm) from the sandbox's command line; null when not given or not gVisor. */
  platform: z.string().nullable(),
  /** Container ids the runtime's own state places inside this sandbox (their processes live in the guest). */
  workloads: z.array(z.string()),
  hostProcesses: z.array(SandboxHostProcess),
  /**
   * The host process whose capabilities, seccomp, namespaces, LSM label and uid the container's
   * facts are: the sandbox's own, never the workload's.
   */
  factsOf: z.object({ pid: z.number().int().positive(), role: SandboxRole }),
  /** Root-owned files and checks the recognition rests on. */
  sources: z.array(z.string()),
});

export type SandboxKind = z.infer<typeof SandboxKind>;
export type SandboxRuntime = z.infer<typeof SandboxRuntime>;
export type Hypervisor = z.infer<typeof Hypervisor>;
export type SandboxRole = z.infer<typeof SandboxRole>;
export type SandboxHostProcess = z.infer<typeof SandboxHostProcess>;
export type Sandbox = z.infer<typeof Sandbox>;

export const RUNTIME_LABEL: Record<SandboxRuntime, string> = { gvisor: 'gVisor', kata: 'Kata Containers' };
export const HYPERVISOR_LABEL: Record<Hypervisor, string> = {
  qemu: 'QEMU',
  'cloud-hypervisor': 'Cloud Hypervisor',
  firecracker: 'Firecracker',
  dragonball: 'Dragonball',
};
export const ROLE_LABEL: Record<SandboxRole, string> = {
  sandbox: 'sandbox (Sentry)',
  gofer: 'gofer (file proxy)',
  shim: 'containerd shim',
  vmm: 'virtual machine monitor',
  virtiofsd: 'virtiofsd (file sharing)',
};

/** "gVisor's sandbox process", "Kata's VMM (QEMU)": who the container's host-side facts belong to. */
export function factsOwner(s: Sandbox): string {
  const role = s.factsOf.role;
  if (s.runtime === 'gvisor') return role === 'gofer' ? "gVisor's gofer process" : "gVisor's sandbox process";
  const vmm = s.hypervisor ? HYPERVISOR_LABEL[s.hypervisor] : 'the hypervisor';
  return role === 'vmm' ? `Kata's virtual machine monitor (${vmm})` : `Kata's ${ROLE_LABEL[role]}`;
}

/** One sentence: what the boundary is. */
export function boundaryText(s: Sandbox): string {
  if (s.kind === 'user-space-kernel') {
    return `The workload runs on gVisor's user-space kernel${s.platform ? ` (platform ${s.platform})` : ''}: its system calls are served by the Sentry, not by the host kernel.`;
  }
  const vmm = s.hypervisor ? HYPERVISOR_LABEL[s.hypervisor] : 'an unnamed hypervisor';
  return `The workload runs in a virtual machine (${vmm}) with its own guest kernel: the host kernel sees only the VMM.`;
}

/** One sentence: whose facts the container's process facts are, and what cannot be seen. */
export function hostSideText(s: Sandbox): string {
  const place = s.kind === 'user-space-kernel' ? "on gVisor's user-space kernel" : 'inside the virtual machine';
  return `These are the facts of ${factsOwner(s)} on the host (pid ${s.factsOf.pid}); the workload runs ${place} and its own view is not visible from here.`;
}
