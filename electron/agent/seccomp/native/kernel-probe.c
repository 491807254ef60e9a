/*
 * kernel-probe: asks the kernel what Node has no syscall for. Read-only: it loads, attaches and
 * changes nothing.
 *
 *   kernel-probe landlock
 *     landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION): the Landlock ABI version.
 *     {"landlock":{"abi":N}}  or  {"landlock":{"error":"ENOSYS","errno":38}}
 *     (ENOSYS: the kernel lacks Landlock; EOPNOTSUPP: built in but not enabled at boot.)
 *
 *   kernel-probe bpf-lsm
 *     Every loaded BPF program (BPF_PROG_GET_NEXT_ID → BPF_PROG_GET_FD_BY_ID →
 *     BPF_OBJ_GET_INFO_BY_FD); those of type BPF_PROG_TYPE_LSM are printed.
 *     {"lsm":[{"id":N,"name":"...","tag":"hex","btf":B,"btfObj":O},...],"seen":N}
 *
 *   kernel-probe cgroup-devices <cgroup v2 directory>
 *     BPF_PROG_QUERY (BPF_CGROUP_DEVICE) on the directory, effective and attached there, then each
 *     program's id, tag, name and translated instructions.
 *     {"effective":[ids],"direct":[ids],"programs":[{"id":N,"type":T,"name":"...","tag":"hex",
 *       "insns":[[code,dst,src,off,imm],...]},...]}
 *
 * Failure (exit 1): {"error":"EPERM","errno":1,"step":"...","message":"..."}
 * The bpf() commands need CAP_SYS_ADMIN (or CAP_BPF); Landlock's version query needs nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#endif
#ifndef LANDLOCK_CREATE_RULESET_VERSION
#define LANDLOCK_CREATE_RULESET_VERSION (1U << 0)
#endif
#define PROG_TYPE_LSM 29 /* BPF_PROG_TYPE_LSM, in case the headers are older than 5.7 */

#define MAX_PROGS 256      /* device programs on one cgroup (the kernel allows 64 per attach type) */
#define MAX_INSNS 65536    /* instructions printed per program */
#define MAX_SCAN 100000    /* programs walked by bpf-lsm */

static const char *errno_name(int e) {
  switch (e) {
  case EPERM: return "EPERM";
  case ENOENT: return "ENOENT";
  case ESRCH: return "ESRCH";
  case EACCES: return "EACCES";
  case EINVAL: return "EINVAL";
  case ENOMEM: return "ENOMEM";
  case EFAULT: return "EFAULT";
  case EBADF: return "EBADF";
  case ENOTDIR: return "ENOTDIR";
  case ELOOP: return "ELOOP";
  case ENOSYS: return "ENOSYS";
  case EOPNOTSUPP: return "EOPNOTSUPP";
  case ENOSPC: return "ENOSPC";
  case E2BIG: return "E2BIG";
  default: return "EUNKNOWN";
  }
}

static void fjson_string(FILE *out, const char *s, size_t max) {
  fputc('"', out);
  for (size_t i = 0; i < max && s[i]; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
    else if (c < 0x20 || c >= 0x7f) fprintf(out, "\\u%04x", c); /* names are the loader's bytes: ASCII out */
    else fputc(c, out);
  }
  fputc('"', out);
}
#define json_string(s, max) fjson_string(stdout, s, max)

static int fail(int e, const char *step, const char *message) {
  printf("{\"error\":\"%s\",\"errno\":%d,\"step\":", errno_name(e), e);
  json_string(step, 256);
  printf(",\"message\":");
  json_string(message, 1024);
  printf("}\n");
  fflush(stdout);
  return 1;
}

static long sys_bpf(int cmd, union bpf_attr *attr) {
  return syscall(__NR_bpf, cmd, attr, sizeof *attr);
}

static void fprint_tag(FILE *out, const unsigned char *tag) {
  fputc('"', out);
  for (int i = 0; i < BPF_TAG_SIZE; i++) fprintf(out, "%02x", tag[i]);
  fputc('"', out);
}
#define print_tag(tag) fprint_tag(stdout, tag)

static int landlock(void) {
  long abi = syscall(__NR_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
  if (abi < 0) printf("{\"landlock\":{\"error\":\"%s\",\"errno\":%d}}\n", errno_name(errno), errno);
  else printf("{\"landlock\":{\"abi\":%ld}}\n", abi);
  return 0;
}

static int prog_fd(uint32_t id) {
  union bpf_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.prog_id = id;
  return (int)sys_bpf(BPF_PROG_GET_FD_BY_ID, &attr);
}

static int prog_info(int fd, struct bpf_prog_info *info) {
  union bpf_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.info.bpf_fd = (uint32_t)fd;
  attr.info.info_len = sizeof *info;
  attr.info.info = (uint64_t)(uintptr_t)info;
  return (int)sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr);
}

static int bpf_lsm(void) {
  uint32_t id = 0;
  long seen = 0;
  int first = 1, err = 0;
  char *buf = NULL;
  size_t len = 0;
  FILE *out = open_memstream(&buf, &len);
  if (!out) return fail(ENOMEM, "memory", "open_memstream failed");
  for (; seen < MAX_SCAN; seen++) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.start_id = id;
    if (sys_bpf(BPF_PROG_GET_NEXT_ID, &attr) < 0) {
      if (errno != ENOENT) err = errno;
      break;
    }
    id = attr.next_id;
    int fd = prog_fd(id);
    if (fd < 0) continue; /* unloaded since: gone */
    struct bpf_prog_info info;
    memset(&info, 0, sizeof info);
    int r = prog_info(fd, &info);
    close(fd);
    if (r < 0 || info.type != PROG_TYPE_LSM) continue;
    fprintf(out, "%s{\"id\":%u,\"name\":", first ? "" : ",", info.id);
    fjson_string(out, info.name, sizeof info.name);
    fprintf(out, ",\"tag\":");
    fprint_tag(out, info.tag);
    fprintf(out, ",\"btf\":%u,\"btfObj\":%u}", info.attach_btf_id, info.attach_btf_obj_id);
    first = 0;
  }
  fclose(out);
  if (err && seen == 0) {
    free(buf);
    return fail(err, "get-next-id", "BPF_PROG_GET_NEXT_ID failed");
  }
  printf("{\"lsm\":[%s],\"seen\":%ld", buf ? buf : "", seen);
  if (err) printf(",\"error\":\"%s\"", errno_name(err));
  if (seen >= MAX_SCAN) printf(",\"truncated\":true");
  printf("}\n");
  free(buf);
  return 0;
}

/* BPF_PROG_QUERY on the cgroup; fills ids, returns the count or -errno. */
static long query(int cg, uint32_t flags, uint32_t *ids, uint32_t max) {
  union bpf_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.query.target_fd = (uint32_t)cg;
  attr.query.attach_type = BPF_CGROUP_DEVICE;
  attr.query.query_flags = flags;
  attr.query.prog_ids = (uint64_t)(uintptr_t)ids;
  attr.query.prog_cnt = max;
  if (sys_bpf(BPF_PROG_QUERY, &attr) < 0) return -errno;
  return attr.query.prog_cnt > max ? max : attr.query.prog_cnt;
}

static void print_ids(const uint32_t *ids, long n) {
  putchar('[');
  for (long i = 0; i < n; i++) printf("%s%u", i ? "," : "", ids[i]);
  putchar(']');
}

static void print_program(uint32_t id, int first) {
  printf("%s{\"id\":%u", first ? "" : ",", id);
  int fd = prog_fd(id);
  if (fd < 0) {
    printf(",\"error\":\"%s\"}", errno_name(errno));
    return;
  }
  struct bpf_prog_info info;
  memset(&info, 0, sizeof info);
  if (prog_info(fd, &info) < 0) {
    printf(",\"error\":\"%s\"}", errno_name(errno));
    close(fd);
    return;
  }
  printf(",\"type\":%u,\"name\":", info.type);
  json_string(info.name, sizeof info.name);
  printf(",\"tag\":");
  print_tag(info.tag);
  uint32_t count = info.xlated_prog_len / sizeof(struct bpf_insn);
  if (count > MAX_INSNS) {
    printf(",\"insnCount\":%u,\"insnsError\":\"E2BIG\"}", count);
    close(fd);
    return;
  }
  struct bpf_insn *insns = calloc(count ? count : 1, sizeof *insns);
  struct bpf_prog_info again;
  memset(&again, 0, sizeof again);
  again.xlated_prog_len = count * sizeof *insns;
  again.xlated_prog_insns = (uint64_t)(uintptr_t)insns;
  if (!insns || prog_info(fd, &again) < 0) {
    printf(",\"insnCount\":%u,\"insnsError\":\"%s\"}", count, insns ? errno_name(errno) : "ENOMEM");
    free(insns);
    close(fd);
    return;
  }
  close(fd);
  uint32_t got = again.xlated_prog_len / sizeof *insns;
  if (got > count) got = count;
  /* A zero length with instructions means the kernel hid them (no CAP_SYS_ADMIN/CAP_PERFMON...). */
  printf(",\"insnCount\":%u,\"insns\":[", count);
  for (uint32_t i = 0; i < got; i++) {
    printf("%s[%u,%u,%u,%d,%d]", i ? "," : "", insns[i].code, insns[i].dst_reg, insns[i].src_reg, insns[i].off, insns[i].imm);
  }
  printf("]}");
  free(insns);
}

static int cgroup_devices(const char *dir) {
  /* O_NOFOLLOW: a symlink at the end is refused, never followed. */
  int cg = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (cg < 0) return fail(errno, "open", "cannot open the cgroup directory");
  uint32_t effective[MAX_PROGS], direct[MAX_PROGS];
  long ne = query(cg, BPF_F_QUERY_EFFECTIVE, effective, MAX_PROGS);
  if (ne < 0) {
    close(cg);
    return fail((int)-ne, "query", "BPF_PROG_QUERY (BPF_CGROUP_DEVICE, effective) failed");
  }
  long nd = query(cg, 0, direct, MAX_PROGS);
  close(cg);
  if (nd < 0) return fail((int)-nd, "query", "BPF_PROG_QUERY (BPF_CGROUP_DEVICE) failed");
  printf("{\"effective\":");
  print_ids(effective, ne);
  printf(",\"direct\":");
  print_ids(direct, nd);
  printf(",\"programs\":[");
  for (long i = 0; i < ne; i++) print_program(effective[i], i == 0);
  printf("]}\n");
  return 0;
}

int main(int argc, char **argv) {
  if (argc == 2 && strcmp(argv[1], "landlock") == 0) return landlock();
  if (argc == 2 && strcmp(argv[1], "bpf-lsm") == 0) return bpf_lsm();
  if (argc == 3 && strcmp(argv[1], "cgroup-devices") == 0) return cgroup_devices(argv[2]);
  return fail(EINVAL, "usage", "usage: kernel-probe landlock | bpf-lsm | cgroup-devices <cgroup v2 directory>");
}
