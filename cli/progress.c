/* progress.c: the terminal progress bar (see progress.h). O(1) per tick. */
#define _DEFAULT_SOURCE
#include "progress.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

double hd_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void hd_progress_init(hd_progress *p, unsigned long long total_bytes) {
  memset(p, 0, sizeof *p);
  p->enabled = isatty(STDERR_FILENO);
  p->start = p->last_draw = hd_now();
  p->total_bytes = total_bytes;
}

static void draw(hd_progress *p, double now) {
  double dt = now - p->start;
  double rate = dt > 0 ? p->items / dt : 0;
  char eta[32] = "";
  int width = 24, fill = 0;
  if (p->total_bytes && p->bytes && dt > 0) {
    double frac = (double)p->bytes / (double)p->total_bytes;
    if (frac > 1) frac = 1;
    double left = dt / frac - dt;
    snprintf(eta, sizeof eta, " ETA %dm%02ds", (int)(left / 60), (int)left % 60);
    fill = (int)(frac * width);
  }
  char bar[32];
  for (int i = 0; i < width; i++) bar[i] = i < fill ? '#' : '.';
  bar[width] = 0;
  fprintf(stderr, "\r[%s] %ld articles  %.0f/s%s   ", p->total_bytes ? bar : "", p->items, rate, eta);
  fflush(stderr);
}

void hd_progress_tick(hd_progress *p, size_t bytes) {
  p->items++;
  p->bytes += bytes;
  if (!p->enabled) return;
  double now = hd_now();
  if (now - p->last_draw < 0.1) return;
  p->last_draw = now;
  draw(p, now);
}

void hd_progress_done(hd_progress *p) {
  if (!p->enabled) return;
  if (p->total_bytes) p->bytes = p->total_bytes; /* the input is read to its end */
  draw(p, hd_now());
  fputc('\n', stderr);
}

unsigned long long hd_path_bytes(const char *path) {
  struct stat st;
  if (strcmp(path, "-") == 0 || stat(path, &st) != 0) return 0;
  if (S_ISREG(st.st_mode)) return (unsigned long long)st.st_size;
  if (!S_ISDIR(st.st_mode)) return 0;
  unsigned long long total = 0;
  DIR *d = opendir(path);
  if (!d) return 0;
  struct dirent *e;
  char sub[4096];
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
    total += hd_path_bytes(sub);
  }
  closedir(d);
  return total;
}
