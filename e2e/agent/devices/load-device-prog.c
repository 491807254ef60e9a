/*
 * Test only: loads a BPF_PROG_TYPE_CGROUP_DEVICE program with the exact shape runc's generator
 * emits (opencontainers/cgroups devices/devicefilter.go: prologue, one block per rule, a default
 * block) and attaches it to a cgroup v2 directory (BPF_F_ALLOW_MULTI). The cgroup keeps the
 * program after this exits; removing the cgroup detaches it.
 *
 *   load-device-prog <cgroup dir> <default 0|1> [<allow 0|1>:<c|b|a>:<major|*>:<minor|*>:<rwm subset>]...
 * prints the program's id.
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

static struct bpf_insn prog[4096];
static int n;

static void emit(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm) {
  prog[n].code = code;
  prog[n].dst_reg = dst;
  prog[n].src_reg = src;
  prog[n].off = off;
  prog[n].imm = imm;
  n++;
}

static long sys_bpf(int cmd, union bpf_attr *attr) { return syscall(__NR_bpf, cmd, attr, sizeof *attr); }

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage\n");
    return 2;
  }
  /* prologue: r2 = type, r3 = access, r4 = major, r5 = minor */
  emit(BPF_LDX | BPF_MEM | BPF_W, 2, 1, 0, 0);
  emit(BPF_ALU | BPF_AND | BPF_K, 2, 0, 0, 0xffff);
  emit(BPF_LDX | BPF_MEM | BPF_W, 3, 1, 0, 0);
  emit(BPF_ALU | BPF_RSH | BPF_K, 3, 0, 0, 16);
  emit(BPF_LDX | BPF_MEM | BPF_W, 4, 1, 4, 0);
  emit(BPF_LDX | BPF_MEM | BPF_W, 5, 1, 8, 0);
  for (int a = 3; a < argc; a++) {
    int allow;
    char type, maj[16], min[16], acc[8];
    if (sscanf(argv[a], "%d:%c:%15[^:]:%15[^:]:%7s", &allow, &type, maj, min, acc) != 5) {
      fprintf(stderr, "bad rule %s\n", argv[a]);
      return 2;
    }
    int jumps[8], nj = 0;
    if (type != 'a') {
      jumps[nj++] = n;
      emit(BPF_JMP | BPF_JNE | BPF_K, 2, 0, 0, type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR);
    }
    int bits = 0;
    for (char *c = acc; *c; c++) bits |= *c == 'r' ? BPF_DEVCG_ACC_READ : *c == 'w' ? BPF_DEVCG_ACC_WRITE : *c == 'm' ? BPF_DEVCG_ACC_MKNOD : 0;
    if (bits != (BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE | BPF_DEVCG_ACC_MKNOD)) {
      emit(BPF_ALU | BPF_MOV | BPF_X, 1, 3, 0, 0);
      emit(BPF_ALU | BPF_AND | BPF_K, 1, 0, 0, bits);
      jumps[nj++] = n;
      emit(BPF_JMP | BPF_JNE | BPF_X, 1, 3, 0, 0);
    }
    if (strcmp(maj, "*") != 0) {
      jumps[nj++] = n;
      emit(BPF_JMP | BPF_JNE | BPF_K, 4, 0, 0, atoi(maj));
    }
    if (strcmp(min, "*") != 0) {
      jumps[nj++] = n;
      emit(BPF_JMP | BPF_JNE | BPF_K, 5, 0, 0, atoi(min));
    }
    emit(BPF_ALU | BPF_MOV | BPF_K, 0, 0, 0, allow);
    emit(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
    for (int j = 0; j < nj; j++) prog[jumps[j]].off = (int16_t)(n - (jumps[j] + 1));
  }
  emit(BPF_ALU | BPF_MOV | BPF_K, 0, 0, 0, atoi(argv[2]));
  emit(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);

  static char log[65536];
  union bpf_attr attr;
  memset(&attr, 0, sizeof attr);
  attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  attr.insns = (uint64_t)(uintptr_t)prog;
  attr.insn_cnt = (uint32_t)n;
  attr.license = (uint64_t)(uintptr_t) "Apache";
  attr.log_buf = (uint64_t)(uintptr_t)log;
  attr.log_size = sizeof log;
  attr.log_level = 1;
  int fd = (int)sys_bpf(BPF_PROG_LOAD, &attr);
  if (fd < 0) {
    fprintf(stderr, "BPF_PROG_LOAD: %s\n%s\n", strerror(errno), log);
    return 1;
  }
  int cg = open(argv[1], O_RDONLY | O_DIRECTORY);
  if (cg < 0) {
    perror("open cgroup");
    return 1;
  }
  memset(&attr, 0, sizeof attr);
  attr.target_fd = (uint32_t)cg;
  attr.attach_bpf_fd = (uint32_t)fd;
  attr.attach_type = BPF_CGROUP_DEVICE;
  attr.attach_flags = BPF_F_ALLOW_MULTI;
  if (sys_bpf(BPF_PROG_ATTACH, &attr) < 0) {
    perror("BPF_PROG_ATTACH");
    return 1;
  }
  struct bpf_prog_info info;
  memset(&info, 0, sizeof info);
  memset(&attr, 0, sizeof attr);
  attr.info.bpf_fd = (uint32_t)fd;
  attr.info.info_len = sizeof info;
  attr.info.info = (uint64_t)(uintptr_t)&info;
  if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) < 0) {
    perror("BPF_OBJ_GET_INFO_BY_FD");
    return 1;
  }
  printf("%u\n", info.id);
  return 0;
}
