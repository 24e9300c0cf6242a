/*
 * herald/pmap.h: an ordered parallel map (public: the CLI runs the
 * pipeline on -j threads with it, and so may any program on libherald). The thread that pushes items is also
 * the one that consumes results, in push order: workers only run `work`
 * on an item; `sink` always runs on the pushing thread, so whatever the
 * sink touches (stdout, the store) needs no lock and sees items in input
 * order whatever the number of threads.
 *
 * Memory stays bounded: at most `window` items are in flight; a push
 * that would exceed it first waits for the oldest item and sinks it.
 * With one thread no worker is started and push runs work then sink at
 * once, so -j 1 is exactly the sequential program.
 *
 * Ownership: the map never owns items; it hands each pushed pointer back
 * to sink exactly once (sink may free it). hd_pmap_free sinks every item
 * still in flight before it returns.
 * Thread safety: push/drain/free from one thread only; `work` must be
 * safe to run on different items concurrently.
 *
 * hd_pmap_new_sinking starts one more thread that sinks (still one item
 * at a time, in push order), so the pushing thread goes on reading while
 * a slow sink (the store's corpus-wide step) works: push then waits only
 * for a free slot. Whatever the pusher shares with sink needs a lock then.
 */
#ifndef HD_PMAP_H
#define HD_PMAP_H

#include <stddef.h>

typedef void (*hd_pmap_fn)(void *ctx, void *item);

typedef struct hd_pmap hd_pmap;

/* threads >= 1; window = items in flight (0: 4 per thread). NULL when a
 * thread could not be started or memory ran out. */
hd_pmap *hd_pmap_new(int threads, size_t window, hd_pmap_fn work, hd_pmap_fn sink, void *ctx);
/* The same with a sink thread (above) when threads > 1; with one thread
 * it is hd_pmap_new (sequential, no thread started). */
hd_pmap *hd_pmap_new_sinking(int threads, size_t window, hd_pmap_fn work, hd_pmap_fn sink, void *ctx);
/* Hands item to a worker; sinks finished items (oldest first) as needed. */
void hd_pmap_push(hd_pmap *m, void *item);
/* Waits until every item pushed is sunk (in push order). */
void hd_pmap_drain(hd_pmap *m);
/* Drains, stops the workers, frees the map. NULL is a no-op. */
void hd_pmap_free(hd_pmap *m);
/* The number of online cores (at least 1). */
int hd_online_cores(void);

#endif
