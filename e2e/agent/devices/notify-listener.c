/*
 * Test only: a supervisor and its supervised child. The child sets NoNewPrivs and installs two
 * seccomp filters: the first with SECCOMP_FILTER_FLAG_NEW_LISTENER, whose action for uname(2) is
 * SECCOMP_RET_USER_NOTIF (everything else allowed), the second allowing everything with
 * SECCOMP_FILTER_FLAG_LOG. It passes the listener fd to the parent over a socketpair
 * (SCM_RIGHTS), closes its own copy and waits. The parent holds the listener and waits.
 * Prints "<parent pid> <child pid> <listener fd in the parent>".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static int seccomp(unsigned op, unsigned flags, void *args) { return (int)syscall(__NR_seccomp, op, flags, args); }

int main(void) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) return perror("socketpair"), 1;
  pid_t child = fork();
  if (child < 0) return perror("fork"), 1;
  if (child == 0) {
    close(sv[0]);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return perror("nnp"), 1;
    struct sock_filter notify[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_uname, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog p1 = {.len = sizeof notify / sizeof notify[0], .filter = notify};
    int listener = seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &p1);
    if (listener < 0) return perror("seccomp listener"), 1;
    struct sock_filter allow[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
    struct sock_fprog p2 = {.len = 1, .filter = allow};
    if (seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_LOG, &p2) < 0) return perror("seccomp log"), 1;
    char byte = 'x';
    struct iovec iov = {.iov_base = &byte, .iov_len = 1};
    char ctrl[CMSG_SPACE(sizeof(int))];
    memset(ctrl, 0, sizeof ctrl);
    struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctrl, .msg_controllen = sizeof ctrl};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &listener, sizeof(int));
    if (sendmsg(sv[1], &msg, 0) < 0) return perror("sendmsg"), 1;
    close(listener);
    for (;;) pause();
  }
  close(sv[1]);
  char byte;
  struct iovec iov = {.iov_base = &byte, .iov_len = 1};
  char ctrl[CMSG_SPACE(sizeof(int))];
  struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctrl, .msg_controllen = sizeof ctrl};
  if (recvmsg(sv[0], &msg, 0) <= 0) return perror("recvmsg"), 1;
  int fd;
  memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&msg)), sizeof(int));
  printf("%d %d %d\n", (int)getpid(), (int)child, fd);
  fflush(stdout);
  for (;;) pause();
}
