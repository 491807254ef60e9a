/* The floor the collector is measured against: a minimal C reader of the same files.
 *   floor scan N LSM    — N passes over /proc making the reads of the collector's uncached scan
 *                         (readProcess): stat first, kernel threads (pid 2 and its children) skipped
 *                         after it, then status, cgroup, the LSM context and the 10 ns links
 *   floor warm N LSM    — N passes making the reads of the collector's warm scan (every process
 *                         cached): stat, kernel threads skipped, then status, the 10 ns links and
 *                         the LSM context (liveFacts.ts refreshLive)
 *                         LSM: none|einval (no context file read), selinux (attr/current),
 *                         apparmor (attr/apparmor/current, attr/current if that is missing)
 *   floor files N LIST  — N passes reading every file named (one per line) in LIST
 *   floor trace N LIST  — N passes replaying a collector trace ("r PATH", "l PATH", "d PATH" lines)
 * Prints the mean milliseconds per pass and the operations (reads, links, listings) of one pass. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char buf[65536];

static long ops;

/* One read as the collector makes it: a short read is the end of a proc/cgroup file. */
static int slurp(const char *path) {
  ops++;
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, sizeof buf);
  while (n == (ssize_t)sizeof buf) n = read(fd, buf, sizeof buf);
  close(fd);
  return n < 0 ? -1 : (int)n;
}

static const char *NS[] = {"cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "time_for_children", "user", "uts"};

static void links(const char *pid) {
  char path[512], link[256];
  for (int i = 0; i < 10; i++) {
    snprintf(path, sizeof path, "/proc/%s/ns/%s", pid, NS[i]);
    ops++;
    readlink(path, link, sizeof link);
  }
}

static void lsm(const char *pid, const char *source) {
  char path[512];
  if (strcmp(source, "apparmor") == 0) {
    snprintf(path, sizeof path, "/proc/%s/attr/apparmor/current", pid);
    if (slurp(path) >= 0 || errno != ENOENT) return;
  }
  if (strcmp(source, "apparmor") == 0 || strcmp(source, "selinux") == 0) {
    snprintf(path, sizeof path, "/proc/%s/attr/current", pid);
    slurp(path);
  }
}

/* stat read and its ppid parsed; 0 for a kernel thread or a process gone. */
static int user_process(const char *pid) {
  char path[512];
  snprintf(path, sizeof path, "/proc/%s/stat", pid);
  int n = slurp(path);
  if (n <= 0) return 0;
  buf[n] = 0;
  char *close = strrchr(buf, ')');
  if (!close) return 0;
  int ppid = atoi(close + 4); /* ") S PPID" */
  return !(strcmp(pid, "2") == 0 || ppid == 2);
}

static void scan(int warm, const char *source) {
  ops++;
  DIR *d = opendir("/proc");
  struct dirent *e;
  char path[512];
  while ((e = readdir(d))) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    if (!user_process(e->d_name)) continue;
    snprintf(path, sizeof path, "/proc/%s/status", e->d_name);
    slurp(path);
    if (warm) {
      links(e->d_name);
      lsm(e->d_name, source);
    } else {
      snprintf(path, sizeof path, "/proc/%s/cgroup", e->d_name);
      slurp(path);
      lsm(e->d_name, source);
      links(e->d_name);
    }
  }
  closedir(d);
}

/* One traced operation: "r PATH" read a file, "l PATH" read a link, "d PATH" list a directory. */
static void replay(const char *line) {
  char link[256];
  const char *path = line + 2;
  if (line[0] == 'r') slurp(path);
  else if (line[0] == 'l') {
    ops++;
    readlink(path, link, sizeof link);
  } else if (line[0] == 'd') {
    ops++;
    DIR *d = opendir(path);
    if (d) {
      while (readdir(d)) {}
      closedir(d);
    }
  }
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  int n = atoi(argv[2]);
  char **list = NULL;
  int count = 0;
  int tracing = strcmp(argv[1], "trace") == 0;
  if (strcmp(argv[1], "files") == 0 || tracing) {
    FILE *f = fopen(argv[3], "r");
    char line[1024];
    while (f && fgets(line, sizeof line, f)) {
      line[strcspn(line, "\n")] = 0;
      list = realloc(list, sizeof(char *) * (count + 1));
      list[count++] = strdup(line);
    }
    if (f) fclose(f);
  }
  int warm = strcmp(argv[1], "warm") == 0;
  const char *source = argc > 3 && !list ? argv[3] : "none";
  double start = now_ms();
  for (int i = 0; i < n; i++) {
    if (list && tracing) for (int j = 0; j < count; j++) replay(list[j]);
    else if (list) for (int j = 0; j < count; j++) slurp(list[j]);
    else scan(warm, source);
  }
  printf("%.4f %ld\n", (now_ms() - start) / n, ops / n);
  return 0;
}
