/*
 * bqueue.c: the bounded queue of bqueue.h: a ring of `cap` pointers,
 * counts of items pushed, popped and done, one mutex and three
 * condition variables (`items` wakes the consumer, `room` the producer
 * waiting for space, `idle` the producer waiting at the barrier).
 * Complexity: O(1) per item; memory: the ring.
 */
#include "util/bqueue.h"
#include "herald/timeline.h"

#include <pthread.h>
#include <stdlib.h>

struct hd_bqueue {
  void **ring;
  size_t cap;
  size_t pushed, popped, done; /* counts since the start */
  pthread_mutex_t mu;
  pthread_cond_t items, room, idle;
};

hd_bqueue *hd_bqueue_new(size_t cap) {
  hd_bqueue *q = calloc(1, sizeof *q);
  if (!q) return NULL;
  q->cap = cap ? cap : 1;
  q->ring = calloc(q->cap, sizeof *q->ring);
  if (!q->ring) {
    free(q);
    return NULL;
  }
  pthread_mutex_init(&q->mu, NULL);
  pthread_cond_init(&q->items, NULL);
  pthread_cond_init(&q->room, NULL);
  pthread_cond_init(&q->idle, NULL);
  return q;
}

void hd_bqueue_free(hd_bqueue *q) {
  if (!q) return;
  pthread_mutex_destroy(&q->mu);
  pthread_cond_destroy(&q->items);
  pthread_cond_destroy(&q->room);
  pthread_cond_destroy(&q->idle);
  free(q->ring);
  free(q);
}

void hd_bqueue_push(hd_bqueue *q, void *item) {
  pthread_mutex_lock(&q->mu);
  hd_tl_mark t = HD_TL_START();
  int full = q->pushed - q->popped == q->cap;
  while (q->pushed - q->popped == q->cap) pthread_cond_wait(&q->room, &q->mu);
  if (full) HD_TL_SPAN("queue-full", t);
  q->ring[q->pushed++ % q->cap] = item;
  pthread_cond_signal(&q->items);
  pthread_mutex_unlock(&q->mu);
}

void *hd_bqueue_pop(hd_bqueue *q) {
  pthread_mutex_lock(&q->mu);
  while (q->popped == q->pushed) pthread_cond_wait(&q->items, &q->mu);
  void *item = q->ring[q->popped++ % q->cap];
  pthread_cond_signal(&q->room);
  pthread_mutex_unlock(&q->mu);
  return item;
}

void hd_bqueue_done(hd_bqueue *q) {
  pthread_mutex_lock(&q->mu);
  q->done++;
  if (q->done == q->pushed) pthread_cond_broadcast(&q->idle);
  pthread_mutex_unlock(&q->mu);
}

void hd_bqueue_wait_idle(hd_bqueue *q) {
  pthread_mutex_lock(&q->mu);
  hd_tl_mark t = HD_TL_START();
  int busy = q->done != q->pushed;
  while (q->done != q->pushed) pthread_cond_wait(&q->idle, &q->mu);
  if (busy) HD_TL_SPAN("queue-wait-idle", t);
  pthread_mutex_unlock(&q->mu);
}
