/*
 * timeline.c: the per-thread timeline of herald/timeline.h. Spans go to
 * one growing array under a mutex (only when HERALD_TIMELINE is set) and
 * are written to its file by an atexit handler.
 * Complexity: O(1) amortised per span; memory: 48 bytes a span.
 */
#include "herald/timeline.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int hd_tl_on;

typedef struct {
  const char *thread, *label;
  double t0, t1, c0, c1;
} span;

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static span *spans;
static size_t n_spans, cap_spans;
static const char *path;
static double origin;
static _Thread_local const char *thread_name;

static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void write_out(void) {
  FILE *f = fopen(path, "w");
  if (!f) return;
  pthread_mutex_lock(&mu);
  for (size_t i = 0; i < n_spans; i++)
    fprintf(f, "%s\t%s\t%.6f\t%.6f\t%.6f\t%.6f\n", spans[i].thread, spans[i].label, spans[i].t0, spans[i].t1,
            spans[i].c0, spans[i].c1);
  pthread_mutex_unlock(&mu);
  fclose(f);
}

void hd_tl_init(void) {
  const char *p = getenv("HERALD_TIMELINE");
  if (!p || !*p || hd_tl_on) return;
  path = p;
  origin = mono();
  hd_tl_on = 1;
  atexit(write_out);
}

void hd_tl_thread(const char *name) { thread_name = name; }

double hd_tl_now(void) { return hd_tl_on ? mono() - origin : 0; }

double hd_tl_cpu(void) {
  if (!hd_tl_on) return 0;
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void hd_tl_span(const char *label, double start, double cpu_start) {
  if (!hd_tl_on) return;
  span s = {thread_name ? thread_name : "main", label, start, hd_tl_now(), cpu_start, hd_tl_cpu()};
  pthread_mutex_lock(&mu);
  if (n_spans == cap_spans) {
    size_t cap = cap_spans ? cap_spans * 2 : 4096;
    span *more = realloc(spans, cap * sizeof *more);
    if (!more) {
      pthread_mutex_unlock(&mu);
      return;
    }
    spans = more;
    cap_spans = cap;
  }
  spans[n_spans++] = s;
  pthread_mutex_unlock(&mu);
}
