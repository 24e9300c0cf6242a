/*
 * herald/timeline.h: a per-thread timeline of what a run spends its wall
 * time on, for finding idle cores (`HERALD_TIMELINE=FILE herald ingest
 * ...`; bench/timeline.py summarises the file). Public so the CLI marks
 * its own phases.
 *
 * Each span is (thread, label, start, end, the thread's CPU time at start
 * and at end), times in seconds since the first call. Spans are kept in
 * memory (under a mutex) and written to FILE at exit, one per line:
 * `thread<TAB>label<TAB>start<TAB>end<TAB>cpu_start<TAB>cpu_end`.
 *
 * Off (the variable unset) each mark is one load and a branch: hot paths
 * write `double t = HD_TL_START();` ... `HD_TL_SPAN("label", t);`.
 * Labels and thread names must be string literals (kept by pointer).
 * Thread safety: every function may be called from any thread.
 */
#ifndef HD_TIMELINE_H
#define HD_TIMELINE_H

/* 1 when HERALD_TIMELINE names a file (read once, at the first call of
 * hd_tl_init; 0 before it) */
extern int hd_tl_on;

/* Reads HERALD_TIMELINE; call once, early, on the main thread. */
void hd_tl_init(void);
/* Names the calling thread in its spans (default "main"). */
void hd_tl_thread(const char *name);
/* Wall seconds since hd_tl_init (0 when off). */
double hd_tl_now(void);
/* The thread's CPU seconds (0 when off). */
double hd_tl_cpu(void);
/* A span of the calling thread from `start` (hd_tl_now) to now. */
void hd_tl_span(const char *label, double start, double cpu_start);

typedef struct {
  double t, cpu;
} hd_tl_mark;

#define HD_TL_START() (hd_tl_on ? (hd_tl_mark){hd_tl_now(), hd_tl_cpu()} : (hd_tl_mark){0, 0})
#define HD_TL_SPAN(label, m) \
  do {                       \
    if (hd_tl_on) hd_tl_span(label, (m).t, (m).cpu); \
  } while (0)

#endif
