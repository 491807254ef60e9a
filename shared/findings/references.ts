// The benchmark numbers each rule maps to. Looked up, not guessed:
//
// CIS Docker Benchmark v1.6.0, section 5 "Container Runtime" (and 4.1). Numbers and titles from
// docker/docker-bench-security, tests/5_container_runtime.sh and tests/4_container_images.sh at
// commit ff26d67f25be (2024-10-21), whose README says it follows CIS Docker Benchmark v1.6.0;
// cross-checked with Tenable's "CIS Docker v1.6.0 L1 Docker Linux" audit (5.5 privileged) and
// Turbot's docker_compliance controls cis_v160_5_10 (host network), _5_12 (CPU), _5_16 (host PID).
// Note that v1.6.0 numbers differ by one from v1.2–v1.5 after 5.1 (5.1 became "swarm mode").
//
// Kubernetes Pod Security Standards: https://kubernetes.io/docs/concepts/security/pod-security-standards/
// (control names as that page gives them). Baseline: Privileged Containers, Capabilities (add
// nothing beyond AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE,
// SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT), Host Namespaces (hostNetwork, hostPID, hostIPC),
// AppArmor (not unconfined), SELinux (type container_t, container_init_t, container_kvm_t or
// container_engine_t), Seccomp (not Unconfined). Restricted adds: Privilege Escalation
// (allowPrivilegeEscalation false, i.e. no_new_privs), Running as Non-root, Seccomp (RuntimeDefault
// or Localhost required), Capabilities (drop ALL, add back only NET_BIND_SERVICE).
import type { CisRef, PssRef } from './types.js';

export const CIS_VERSION = 'CIS Docker Benchmark v1.6.0';

const cis = (id: string, title: string): CisRef => ({ id, title });
export const CIS = {
  user: cis('4.1', 'Ensure that a user for the container has been created'),
  apparmor: cis('5.2', 'Ensure that, if applicable, an AppArmor Profile is enabled'),
  selinux: cis('5.3', 'Ensure that, if applicable, SELinux security options are set'),
  capabilities: cis('5.4', 'Ensure that Linux kernel capabilities are restricted within containers'),
  privileged: cis('5.5', 'Ensure that privileged containers are not used'),
  hostNetwork: cis('5.10', "Ensure that the host's network namespace is not shared"),
  memory: cis('5.11', 'Ensure that the memory usage for containers is limited'),
  cpu: cis('5.12', 'Ensure that CPU priority is set appropriately on containers'),
  readOnlyRootfs: cis('5.13', "Ensure that the container's root filesystem is mounted as read only"),
  hostPid: cis('5.16', "Ensure that the host's process namespace is not shared"),
  hostIpc: cis('5.17', "Ensure that the host's IPC namespace is not shared"),
  hostUts: cis('5.21', "Ensure that the host's UTS namespace is not shared"),
  seccomp: cis('5.22', 'Ensure the default seccomp profile is not Disabled'),
  noNewPrivileges: cis('5.26', 'Ensure that the container is restricted from acquiring additional privileges'),
  pids: cis('5.29', 'Ensure that the PIDs cgroup limit is used'),
  hostUser: cis('5.31', "Ensure that the host's user namespaces are not shared"),
} as const;

const baseline = (control: string): PssRef => ({ level: 'baseline', control });
const restricted = (control: string): PssRef => ({ level: 'restricted', control });
export const PSS = {
  privileged: baseline('Privileged Containers'),
  capabilities: baseline('Capabilities'),
  hostNamespaces: baseline('Host Namespaces'),
  apparmor: baseline('AppArmor'),
  selinux: baseline('SELinux'),
  seccomp: baseline('Seccomp'),
  privilegeEscalation: restricted('Privilege Escalation'),
  nonRoot: restricted('Running as Non-root'),
  capabilitiesRestricted: restricted('Capabilities'),
} as const;

export const PSS_PAGE = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';

/** Baseline "Capabilities": what may be added to a container (PSS page, Baseline table). */
export const PSS_BASELINE_CAPS = [
  'CAP_AUDIT_WRITE',
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_MKNOD',
  'CAP_NET_BIND_SERVICE',
  'CAP_SETFCAP',
  'CAP_SETGID',
  'CAP_SETPCAP',
  'CAP_SETUID',
  'CAP_SYS_CHROOT',
];
/** Restricted "Capabilities": the only one that may be added back after dropping ALL. */
export const PSS_RESTRICTED_CAPS = ['CAP_NET_BIND_SERVICE'];
/** Baseline "SELinux": the types a container may run as. */
export const PSS_SELINUX_TYPES = ['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];
