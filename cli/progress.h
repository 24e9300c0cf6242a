/*
 * progress.h: a one-line progress bar on stderr for long commands
 * (articles, articles/s, ETA from bytes read against the input's size).
 * Drawn only when stderr is a terminal, at most 10 times a second; quiet
 * otherwise. No allocation; the caller owns the struct.
 */
#ifndef HD_PROGRESS_H
#define HD_PROGRESS_H

#include <stddef.h>

typedef struct {
  int enabled;
  double start, last_draw;
  unsigned long long total_bytes; /* 0: unknown (no ETA) */
  unsigned long long bytes;
  long items;
} hd_progress;

void hd_progress_init(hd_progress *p, unsigned long long total_bytes);
void hd_progress_tick(hd_progress *p, size_t bytes);
void hd_progress_done(hd_progress *p);
/* Total size of regular files under a path (0 for "-"). */
unsigned long long hd_path_bytes(const char *path);
double hd_now(void);

#endif
