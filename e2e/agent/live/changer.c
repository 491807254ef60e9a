/* A process that changes its own isolation without exec, one step per line on stdin, and says
 * "ok <step>" (or "err <step> <errno>") on stdout after each:
 *   u  unshare(CLONE_NEWUTS)          — enters a new UTS namespace
 *   n  prctl(PR_SET_NO_NEW_PRIVS, 1)
 *   s  a seccomp filter (allow everything) with seccomp(2)
 *   c  capset: keep only CAP_SETUID and CAP_SETGID (effective, permitted), none inheritable
 *   g  setresgid(1000, 1000, 1000)
 *   i  setresuid(1000, 1000, 1000)   — the kernel then clears the remaining capabilities
 *   q  exit
 * Used by e2e/agent/liveIsolation.lab.test.ts, compiled there with gcc. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static int allow_all_filter(void) {
  struct sock_filter code[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
  struct sock_fprog prog = {.len = 1, .filter = code};
  return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

static int keep_setid_caps(void) {
  struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
  struct __user_cap_data_struct data[2];
  memset(data, 0, sizeof data);
  unsigned keep = (1u << CAP_SETUID) | (1u << CAP_SETGID);
  data[0].effective = keep;
  data[0].permitted = keep;
  return (int)syscall(SYS_capset, &hdr, data);
}

int main(void) {
  char line[64];
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("ready\n");
  while (fgets(line, sizeof line, stdin)) {
    int r = 0;
    char step = line[0];
    switch (step) {
      case 'u': r = unshare(CLONE_NEWUTS); break;
      case 'n': r = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); break;
      case 's': r = allow_all_filter(); break;
      case 'c': r = keep_setid_caps(); break;
      case 'g': r = setresgid(1000, 1000, 1000); break;
      case 'i': r = setresuid(1000, 1000, 1000); break;
      case 'q': return 0;
      default: continue;
    }
    if (r == 0) printf("ok %c\n", step);
    else printf("err %c %d\n", step, errno);
  }
  return 0;
}
