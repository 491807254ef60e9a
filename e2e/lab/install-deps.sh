#!/usr/bin/env bash
# Installs the Debian 12 packages the Isoscope container lab (e2e/lab) and its
# tests need, only those that are missing. Idempotent; safe to run every time.
#
#   bash e2e/lab/install-deps.sh
#
# Not root, or the install fails:
#   CI=true  -> one line naming what is missing on stderr, exit 1
#   else     -> a warning, exit 0 (the lab then skips the runtimes it cannot start)
set -uo pipefail

PACKAGES=(
  # runtimes
  runc busybox-static podman docker.io containerd lxc systemd-container bubblewrap
  # gVisor (a real user-space-kernel sandbox for the sandboxed-runtime tests)
  runsc
  # pulled in by recommends on the reference machine; named so podman/docker never lack them
  conmon netavark golang-github-containers-common catatonit tini
  # tools the lab and the tests call
  util-linux mount procps tar coreutils strace libcap-ng-utils libcap2-bin uidmap jq
  # seccomp: the native helper is compiled here; syscall tables are checked against
  # libseccomp's resolver and generated from kernel headers (x86 and arm64)
  gcc libc6-dev seccomp linux-libc-dev linux-libc-dev-arm64-cross
  # UI screenshots in tests
  chromium
  # remote hosts (e2e/remote): a throwaway sshd, the ssh client, network namespaces and tc
  openssh-server openssh-client iproute2
)

is_installed() {
  # Capture first: piping into `grep -q` could SIGPIPE dpkg and, with pipefail, misreport.
  local status
  status="$(dpkg -s "$1" 2>/dev/null)" || return 1
  grep -q '^Status: install ok installed$' <<<"$status"
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "isoscope lab: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

give_up() {
  local why="$1"
  if [ "${CI:-}" = "true" ]; then
    echo "isoscope lab: missing Debian packages (${why}): ${missing[*]}" >&2
    exit 1
  fi
  echo "warning: isoscope lab: ${why}; missing packages: ${missing[*]} - lab runtimes that need them will be skipped" >&2
  exit 0
}

if [ "$(id -u)" -ne 0 ]; then
  give_up "not root, cannot apt-get install"
fi

export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0 -o APT::Get::Assume-Yes=true)

echo "isoscope lab: installing ${missing[*]}"
if ! apt-get "${APT_OPTS[@]}" -qq update; then
  give_up "apt-get update failed"
fi
if ! apt-get "${APT_OPTS[@]}" -qq install "${missing[@]}"; then
  give_up "apt-get install failed"
fi

still=()
for pkg in "${missing[@]}"; do
  is_installed "$pkg" || still+=("$pkg")
done
if [ "${#still[@]}" -gt 0 ]; then
  missing=("${still[@]}")
  give_up "still not installed after apt-get install"
fi
echo "isoscope lab: installed ${#missing[@]} package(s)"
