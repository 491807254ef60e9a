// idmapMount SRC DST HOSTID COUNT: binds SRC at DST with an idmapping 0..COUNT-1 -> HOSTID.. (open_tree +
// mount_setattr(MOUNT_ATTR_IDMAP) + move_mount), as runc 1.2+ does for Kubernetes hostUsers: false volumes.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdint.h>
struct mount_attr_ { uint64_t attr_set, attr_clr, propagation, userns_fd; };
#define OPEN_TREE_CLONE 1
#define AT_RECURSIVE_ 0x8000
#define MOUNT_ATTR_IDMAP_ 0x00100000
#define MOVE_MOUNT_F_EMPTY_PATH_ 0x4
static void wr(const char *p, const char *s) { int fd = open(p, O_WRONLY); if (fd < 0 || write(fd, s, strlen(s)) < 0) { perror(p); exit(1); } close(fd); }
int main(int argc, char **argv) {
  if (argc != 5) return 2;
  int pipefd[2]; pipe(pipefd);
  pid_t child = fork();
  if (child == 0) { if (unshare(CLONE_NEWUSER)) { perror("unshare"); _exit(1); } char c; close(pipefd[1]); read(pipefd[0], &c, 1); _exit(0); }
  usleep(100000);
  char path[64], map[64];
  snprintf(map, sizeof map, "0 %s %s\n", argv[3], argv[4]);
  snprintf(path, sizeof path, "/proc/%d/uid_map", child); wr(path, map);
  snprintf(path, sizeof path, "/proc/%d/setgroups", child); wr(path, "deny");
  snprintf(path, sizeof path, "/proc/%d/gid_map", child); wr(path, map);
  snprintf(path, sizeof path, "/proc/%d/ns/user", child);
  int userns = open(path, O_RDONLY); if (userns < 0) { perror("userns"); return 1; }
  int tree = syscall(428, AT_FDCWD, argv[1], OPEN_TREE_CLONE); if (tree < 0) { perror("open_tree"); return 1; }
  struct mount_attr_ attr = { .attr_set = MOUNT_ATTR_IDMAP_, .userns_fd = (uint64_t)userns };
  if (syscall(442, tree, "", AT_EMPTY_PATH, &attr, sizeof attr)) { perror("mount_setattr"); return 1; }
  if (syscall(429, tree, "", AT_FDCWD, argv[2], MOVE_MOUNT_F_EMPTY_PATH_)) { perror("move_mount"); return 1; }
  close(pipefd[1]); waitpid(child, NULL, 0);
  return 0;
}
