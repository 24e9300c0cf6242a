/*
 * test_pmap.c: the ordered parallel map gives every item to sink exactly
 * once, in push order, whatever the thread count and window, with work
 * of uneven cost running concurrently; with a sink thread too, where a
 * drain returns only once every item pushed is sunk.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "herald/pmap.h"

typedef struct {
  long index;
  uint64_t value;
} item;

typedef struct {
  long next_expected, sunk, out_of_order, wrong_value;
  pthread_t sink_thread; /* the thread of the first sink call */
  long other_thread;     /* sink calls on another thread than the first */
} sink_state;

static uint64_t slow_hash(long i) {
  uint64_t h = (uint64_t)i * 0x9E3779B97F4A7C15ull;
  long rounds = 100 + (i * 7919) % 5000; /* uneven cost */
  for (long r = 0; r < rounds; r++) h = (h ^ (h >> 29)) * 0xBF58476D1CE4E5B9ull;
  return h;
}

static void work(void *ctx, void *p) {
  (void)ctx;
  item *it = p;
  it->value = slow_hash(it->index);
}

static void sink(void *ctx, void *p) {
  sink_state *s = ctx;
  item *it = p;
  if (it->index != s->next_expected) s->out_of_order++;
  if (it->value != slow_hash(it->index)) s->wrong_value++;
  s->next_expected = it->index + 1;
  if (!s->sunk) s->sink_thread = pthread_self();
  else s->other_thread += !pthread_equal(s->sink_thread, pthread_self());
  s->sunk++;
  free(it);
}

static void run_map(int threads, size_t window, long n, int sinking) {
  sink_state s = {0};
  hd_pmap *m = sinking ? hd_pmap_new_sinking(threads, window, work, sink, &s) : hd_pmap_new(threads, window, work, sink, &s);
  CHECK(m != NULL);
  if (!m) return;
  for (long i = 0; i < n; i++) {
    item *it = malloc(sizeof *it);
    it->index = i;
    it->value = 0;
    hd_pmap_push(m, it);
    if (i == n / 2) { /* a drain midway changes nothing, and has sunk all */
      hd_pmap_drain(m);
      CHECK(s.sunk == i + 1);
    }
  }
  hd_pmap_free(m);
  CHECK(s.sunk == n);
  CHECK(s.out_of_order == 0);
  CHECK(s.wrong_value == 0);
  CHECK(s.other_thread == 0); /* one thread sinks */
  if (sinking && threads > 1 && n) CHECK(!pthread_equal(s.sink_thread, pthread_self()));
}

static void run(int threads, size_t window, long n) {
  run_map(threads, window, n, 0);
  run_map(threads, window, n, 1);
}

int main(void) {
  run(1, 0, 1000);
  run(2, 0, 5000);
  run(2, 1, 2000);
  run(4, 3, 5000);
  run(8, 64, 5000);
  run(3, 0, 0); /* nothing pushed */
  CHECK(hd_online_cores() >= 1);
  return check_done();
}
