/*
 * bqueue.h: a bounded first-in-first-out queue of pointers from one
 * producing thread to one consuming thread, with a barrier: the producer
 * can wait until the consumer has finished every item pushed so far.
 * The store's writer thread takes its jobs from one (store.c).
 *
 * Ownership: the queue never owns items; hd_bqueue_free frees the queue
 * only (push nothing after the consumer stopped popping).
 * Thread safety: push and wait_idle from one thread, pop and done from
 * another; all under one mutex. Complexity: O(1) per item.
 */
#ifndef HD_UTIL_BQUEUE_H
#define HD_UTIL_BQUEUE_H

#include <stddef.h>

typedef struct hd_bqueue hd_bqueue;

/* A queue of at most `cap` items (>= 1). NULL when memory ran out. */
hd_bqueue *hd_bqueue_new(size_t cap);
void hd_bqueue_free(hd_bqueue *q);
/* Appends item, first waiting while the queue is full. */
void hd_bqueue_push(hd_bqueue *q, void *item);
/* The oldest item, first waiting while the queue is empty. */
void *hd_bqueue_pop(hd_bqueue *q);
/* The consumer has finished the item it popped last. */
void hd_bqueue_done(hd_bqueue *q);
/* Waits until every item pushed so far is popped and done. */
void hd_bqueue_wait_idle(hd_bqueue *q);

#endif
