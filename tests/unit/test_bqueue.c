/*
 * test_bqueue.c: the bounded queue hands every item to the consumer
 * once, in push order, and its
 * barrier returns only once the consumer has finished every item pushed.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "util/bqueue.h"

#define N 20000
#define CAP 7

typedef struct {
  hd_bqueue *q;
  long next_expected, out_of_order;
  atomic_long finished; /* items the consumer has finished */
} consumer;

static void *consume(void *arg) {
  consumer *c = arg;
  for (;;) {
    intptr_t v = (intptr_t)hd_bqueue_pop(c->q);
    if (v < 0) { /* the stop */
      hd_bqueue_done(c->q);
      return NULL;
    }
    if (v != c->next_expected) c->out_of_order++;
    c->next_expected = v + 1;
    for (volatile int spin = 0; spin < (int)(v % 97) * 20; spin++) {
    } /* uneven cost */
    atomic_fetch_add(&c->finished, 1);
    hd_bqueue_done(c->q);
  }
}

int main(void) {
  consumer c = {.q = hd_bqueue_new(CAP)};
  CHECK(c.q != NULL);
  if (!c.q) return check_done();
  pthread_t t;
  CHECK(pthread_create(&t, NULL, consume, &c) == 0);
  long early_barrier = 0;
  for (intptr_t i = 0; i < N; i++) {
    hd_bqueue_push(c.q, (void *)i);
    if (i % 1000 == 999) { /* the barrier: everything pushed is finished */
      hd_bqueue_wait_idle(c.q);
      early_barrier += atomic_load(&c.finished) != i + 1;
    }
  }
  hd_bqueue_wait_idle(c.q);
  CHECK(atomic_load(&c.finished) == N);
  CHECK(early_barrier == 0);
  hd_bqueue_push(c.q, (void *)(intptr_t)-1);
  pthread_join(t, NULL);
  CHECK(c.out_of_order == 0 && c.next_expected == N);
  hd_bqueue_free(c.q);
  return check_done();
}
