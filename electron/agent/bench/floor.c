/* The floor the collector is measured against: a minimal C reader of the same files.
 *   floor scan N        — N passes over /proc: status, stat, cgroup, attr/current and the 10 ns links
 *   floor files N LIST  — N passes reading every file named (one per line) in LIST
 *   floor trace N LIST  — N passes replaying a collector trace ("r PATH", "l PATH", "d PATH" lines)
 * Prints the mean milliseconds per pass. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char buf[65536];

static void slurp(const char *path) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return;
  while (read(fd, buf, sizeof buf) > 0) {}
  close(fd);
}

static const char *NS[] = {"cgroup", "ipc", "mnt", "net", "pid", "pid_for_children", "time", "time_for_children", "user", "uts"};

static void scan(void) {
  DIR *d = opendir("/proc");
  struct dirent *e;
  char path[512], link[256];
  while ((e = readdir(d))) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    static const char *files[] = {"stat", "status", "cgroup", "attr/current"};
    for (int i = 0; i < 4; i++) {
      snprintf(path, sizeof path, "/proc/%s/%s", e->d_name, files[i]);
      slurp(path);
    }
    for (int i = 0; i < 10; i++) {
      snprintf(path, sizeof path, "/proc/%s/ns/%s", e->d_name, NS[i]);
      readlink(path, link, sizeof link);
    }
  }
  closedir(d);
}

/* One traced operation: "r PATH" read a file, "l PATH" read a link, "d PATH" list a directory. */
static void replay(const char *line) {
  char link[256];
  const char *path = line + 2;
  if (line[0] == 'r') slurp(path);
  else if (line[0] == 'l') readlink(path, link, sizeof link);
  else if (line[0] == 'd') {
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
  double start = now_ms();
  for (int i = 0; i < n; i++) {
    if (list && tracing) for (int j = 0; j < count; j++) replay(list[j]);
    else if (list) for (int j = 0; j < count; j++) slurp(list[j]);
    else scan();
  }
  printf("%.4f\n", (now_ms() - start) / n);
  return 0;
}
