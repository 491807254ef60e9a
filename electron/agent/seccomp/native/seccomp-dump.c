/*
 * seccomp-dump: prints the classic-BPF seccomp filters the kernel runs for a process.
 *
 *   seccomp-dump <pid>
 *
 * stdout, success (exit 0), one line:
 *   {"pid":N,"mode":M,"filters":[[{"code":C,"jt":T,"jf":F,"k":K},...],...],"flags":[F0,F1,...]}
 * mode is the "Seccomp:" field of /proc/<pid>/status: 0 none, 1 strict, 2 filter. Filters are
 * listed in the kernel's order (PTRACE_SECCOMP_GET_FILTER's index: 0 is the oldest). flags[i] is
 * filter i's PTRACE_SECCOMP_GET_METADATA flags (the kernel reports SECCOMP_FILTER_FLAG_LOG only),
 * -errno when that request failed.
 *
 * stdout, failure (exit 1), one line:
 *   {"error":"EPERM","errno":1,"step":"attach","message":"..."}
 *
 * Reading filters needs CAP_SYS_ADMIN, a caller that is not itself under seccomp, the right to
 * ptrace the target (PTRACE_SEIZE + PTRACE_INTERRUPT, then PTRACE_DETACH, re-delivering any
 * signal the stop caught), and a kernel built with CONFIG_CHECKPOINT_RESTORE.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER 0x420c
#endif
#ifndef PTRACE_SECCOMP_GET_METADATA
#define PTRACE_SECCOMP_GET_METADATA 0x420d
#endif
#ifndef PTRACE_EVENT_STOP
#define PTRACE_EVENT_STOP 128
#endif

#define MAX_FILTERS 4096 /* the kernel caps the total at MAX_INSNS_PER_PATH anyway */

static const char *errno_name(int e) {
  switch (e) {
  case EPERM: return "EPERM";
  case ESRCH: return "ESRCH";
  case EACCES: return "EACCES";
  case EINVAL: return "EINVAL";
  case ENOENT: return "ENOENT";
  case ENOMEM: return "ENOMEM";
  case EFAULT: return "EFAULT";
  case EBUSY: return "EBUSY";
  case EIO: return "EIO";
  case ECHILD: return "ECHILD";
  case EMEDIUMTYPE: return "EMEDIUMTYPE";
  case E2BIG: return "E2BIG";
  default: return "EUNKNOWN";
  }
}

static void json_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    if (*s == '"' || *s == '\\') printf("\\%c", *s);
    else if ((unsigned char)*s < 0x20) printf("\\u%04x", *s);
    else putchar(*s);
  }
  putchar('"');
}

static int fail(int e, const char *step, const char *message) {
  printf("{\"error\":\"%s\",\"errno\":%d,\"step\":", errno_name(e), e);
  json_string(step);
  printf(",\"message\":");
  json_string(message);
  printf("}\n");
  fflush(stdout);
  return 1;
}

/* The "Seccomp:" field of /proc/<pid>/status, or -1 (errno set). */
static int seccomp_mode(pid_t pid) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  char line[256];
  int mode = -2;
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "Seccomp:", 8) == 0) {
      mode = atoi(line + 8);
      break;
    }
  }
  fclose(f);
  if (mode == -2) {
    errno = EINVAL; /* kernel without CONFIG_SECCOMP */
    return -1;
  }
  return mode;
}

/* Prints filter `index` as a JSON array; 0 on success, else -errno (ENOENT past the last one). */
static int print_filter(FILE *out, pid_t pid, long index, int first) {
  long n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)index, NULL);
  if (n < 0) return -errno;
  struct sock_filter *prog = calloc((size_t)n + 1, sizeof *prog);
  if (!prog) return -ENOMEM;
  long got = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)index, prog);
  if (got < 0) {
    int e = errno;
    free(prog);
    return -e;
  }
  if (got > n) got = n; /* cannot grow: filters are immutable once attached */
  fprintf(out, "%s[", first ? "" : ",");
  for (long i = 0; i < got; i++) {
    fprintf(out, "%s{\"code\":%u,\"jt\":%u,\"jf\":%u,\"k\":%u}", i ? "," : "", prog[i].code, prog[i].jt, prog[i].jf, prog[i].k);
  }
  fprintf(out, "]");
  free(prog);
  return 0;
}

/* Filter `index`'s metadata flags, or -errno. */
static long long filter_flags(pid_t pid, long index) {
  struct {
    unsigned long long filter_off;
    unsigned long long flags;
  } md = {(unsigned long long)index, 0};
  if (ptrace(PTRACE_SECCOMP_GET_METADATA, pid, (void *)sizeof md, &md) < 0) return -errno;
  return (long long)md.flags;
}

int main(int argc, char **argv) {
  if (argc != 2) return fail(EINVAL, "usage", "usage: seccomp-dump <pid>");
  char *end = NULL;
  long lpid = strtol(argv[1], &end, 10);
  if (!end || *end || lpid <= 0 || lpid > 0x3fffffff) return fail(EINVAL, "usage", "pid must be a positive integer");
  pid_t pid = (pid_t)lpid;

  int mode = seccomp_mode(pid);
  if (mode < 0) return fail(errno == ENOENT ? ESRCH : errno, "status", "cannot read the Seccomp field of /proc/<pid>/status");
  if (mode != 2) {
    printf("{\"pid\":%d,\"mode\":%d,\"filters\":[]}\n", (int)pid, mode);
    return 0;
  }

  if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) < 0) return fail(errno, "attach", "PTRACE_SEIZE failed");
  if (ptrace(PTRACE_INTERRUPT, pid, NULL, NULL) < 0) {
    int e = errno;
    ptrace(PTRACE_DETACH, pid, NULL, NULL);
    return fail(e, "interrupt", "PTRACE_INTERRUPT failed");
  }
  int status = 0;
  if (waitpid(pid, &status, __WALL) < 0) {
    int e = errno;
    ptrace(PTRACE_DETACH, pid, NULL, NULL);
    return fail(e, "wait", "waitpid on the tracee failed");
  }
  if (!WIFSTOPPED(status)) return fail(ESRCH, "wait", "the process exited while being attached");
  /* A signal-delivery-stop (not our interrupt's event stop) swallowed a signal: give it back. */
  int resend = (status >> 16) == 0 && WSTOPSIG(status) != SIGTRAP ? WSTOPSIG(status) : 0;

  /* Collected first, printed after detaching: the tracee is stopped for as short as possible. */
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  if (!out) {
    ptrace(PTRACE_DETACH, pid, NULL, (void *)(long)resend);
    return fail(ENOMEM, "memory", "open_memstream failed");
  }
  int err = 0;
  long count = 0;
  fprintf(out, "{\"pid\":%d,\"mode\":2,\"filters\":[", (int)pid);
  for (; count < MAX_FILTERS; count++) {
    err = print_filter(out, pid, count, count == 0);
    if (err) break;
  }
  fprintf(out, "],\"flags\":[");
  for (long i = 0; i < count; i++) fprintf(out, "%s%lld", i ? "," : "", filter_flags(pid, i));
  fprintf(out, "]}\n");
  fclose(out);
  ptrace(PTRACE_DETACH, pid, NULL, (void *)(long)resend);

  if (err == -ENOENT && count > 0) {
    fputs(buf, stdout);
    free(buf);
    return 0;
  }
  free(buf);
  if (err == -ENOENT) return fail(ENOENT, "get-filter", "mode 2 but no filter at index 0");
  if (err == -EINVAL) return fail(EINVAL, "get-filter", "kernel lacks CONFIG_CHECKPOINT_RESTORE, or the process left filter mode");
  if (err == -EACCES) return fail(EACCES, "get-filter", "needs CAP_SYS_ADMIN and a caller not itself under seccomp");
  if (err == -EMEDIUMTYPE) return fail(EMEDIUMTYPE, "get-filter", "the filter is not classic BPF (no way to dump it)");
  if (err == 0) return fail(E2BIG, "get-filter", "more filters than seccomp-dump reads");
  return fail(-err, "get-filter", "PTRACE_SECCOMP_GET_FILTER failed");
}
