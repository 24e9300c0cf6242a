/*
 * pmap.c: the ordered parallel map of pmap.h.
 *
 * A ring of `window` slots holds the items in flight in push order. A
 * pushed item takes the slot after the newest; workers take slots in the
 * same order (one shared cursor) and mark them done; the pushing thread
 * sinks the oldest slot once it is done (or, with a sink thread, that
 * thread does, and frees the slot for the pusher). One mutex and three
 * condition variables: `todo` wakes workers, `done` wakes whoever sinks,
 * `freed` wakes the pusher waiting for a slot (sink thread only).
 * Complexity: O(1) per item besides work and sink; memory: the ring.
 */
#include "herald/pmap.h"
#include "herald/timeline.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct {
  void *item;
  int done;
} slot;

struct hd_pmap {
  hd_pmap_fn work, sink;
  void *ctx;
  int nthreads;
  pthread_t *threads;
  slot *ring;
  size_t window;
  size_t head;  /* oldest item in flight (next to sink), as a count */
  size_t next;  /* next item a worker takes */
  size_t tail;  /* items pushed so far */
  int stopping;
  int sinker;        /* a sink thread runs (threads[nthreads]) */
  int sink_stopping; /* it stops once every item is sunk */
  unsigned named;    /* workers named so far (the timeline's) */
  pthread_mutex_t mu;
  pthread_cond_t todo, done, freed;
};

int hd_online_cores(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

static const char *const WORKER_NAMES[] = {"work0", "work1", "work2", "work3", "work4", "work5", "work6", "work7"};

static void *worker(void *arg) {
  hd_pmap *m = arg;
  pthread_mutex_lock(&m->mu);
  if (hd_tl_on) hd_tl_thread(WORKER_NAMES[m->named++ & 7]);
  for (;;) {
    while (m->next == m->tail && !m->stopping) pthread_cond_wait(&m->todo, &m->mu);
    if (m->next == m->tail) break; /* stopping and nothing left */
    slot *s = &m->ring[m->next % m->window];
    m->next++;
    pthread_mutex_unlock(&m->mu);
    hd_tl_mark t = HD_TL_START();
    m->work(m->ctx, s->item);
    HD_TL_SPAN("work", t);
    pthread_mutex_lock(&m->mu);
    s->done = 1;
    pthread_cond_broadcast(&m->done);
  }
  pthread_mutex_unlock(&m->mu);
  return NULL;
}

/* The sink thread: the oldest item once done, in order, until stopped
 * with nothing left. */
static void *sinker(void *arg) {
  hd_pmap *m = arg;
  hd_tl_thread("sink");
  pthread_mutex_lock(&m->mu);
  for (;;) {
    slot *s = &m->ring[m->head % m->window];
    while (!(m->head != m->tail && s->done) && !(m->head == m->tail && m->sink_stopping))
      pthread_cond_wait(&m->done, &m->mu);
    if (m->head == m->tail) break;
    void *item = s->item;
    pthread_mutex_unlock(&m->mu);
    hd_tl_mark t = HD_TL_START();
    m->sink(m->ctx, item);
    HD_TL_SPAN("sink", t);
    pthread_mutex_lock(&m->mu);
    s->item = NULL;
    s->done = 0;
    m->head++;
    pthread_cond_broadcast(&m->freed);
  }
  pthread_mutex_unlock(&m->mu);
  return NULL;
}

static hd_pmap *pmap_new(int threads, size_t window, int sink_thread, hd_pmap_fn work, hd_pmap_fn sink, void *ctx);

hd_pmap *hd_pmap_new(int threads, size_t window, hd_pmap_fn work, hd_pmap_fn sink, void *ctx) {
  return pmap_new(threads, window, 0, work, sink, ctx);
}

hd_pmap *hd_pmap_new_sinking(int threads, size_t window, hd_pmap_fn work, hd_pmap_fn sink, void *ctx) {
  return pmap_new(threads, window, 1, work, sink, ctx);
}

static hd_pmap *pmap_new(int threads, size_t window, int sink_thread, hd_pmap_fn work, hd_pmap_fn sink, void *ctx) {
  hd_pmap *m = calloc(1, sizeof *m);
  if (!m) return NULL;
  m->work = work;
  m->sink = sink;
  m->ctx = ctx;
  m->nthreads = threads < 1 ? 1 : threads;
  if (m->nthreads == 1) return m; /* sequential: no ring, no workers */
  m->window = window ? window : 4 * (size_t)m->nthreads;
  m->ring = calloc(m->window, sizeof *m->ring);
  m->threads = calloc((size_t)m->nthreads + 1, sizeof *m->threads);
  if (!m->ring || !m->threads) goto fail;
  pthread_mutex_init(&m->mu, NULL);
  pthread_cond_init(&m->todo, NULL);
  pthread_cond_init(&m->done, NULL);
  pthread_cond_init(&m->freed, NULL);
  for (int i = 0; i < m->nthreads; i++) {
    if (pthread_create(&m->threads[i], NULL, worker, m) != 0) {
      m->nthreads = i; /* stop the ones that started */
      hd_pmap_free(m);
      return NULL;
    }
  }
  if (sink_thread) {
    if (pthread_create(&m->threads[m->nthreads], NULL, sinker, m) != 0) {
      hd_pmap_free(m);
      return NULL;
    }
    m->sinker = 1;
  }
  return m;
fail:
  free(m->ring);
  free(m->threads);
  free(m);
  return NULL;
}

/* Waits for the oldest item and sinks it, outside the lock. Called with
 * the lock held; returns with it held. */
static void sink_oldest(hd_pmap *m) {
  slot *s = &m->ring[m->head % m->window];
  while (!s->done) pthread_cond_wait(&m->done, &m->mu);
  void *item = s->item;
  s->item = NULL;
  s->done = 0;
  m->head++;
  pthread_mutex_unlock(&m->mu);
  m->sink(m->ctx, item);
  pthread_mutex_lock(&m->mu);
}

void hd_pmap_push(hd_pmap *m, void *item) {
  if (m->nthreads == 1) {
    m->work(m->ctx, item);
    m->sink(m->ctx, item);
    return;
  }
  pthread_mutex_lock(&m->mu);
  int full = m->tail - m->head == m->window;
  hd_tl_mark t = HD_TL_START();
  while (m->tail - m->head == m->window) {
    if (m->sinker) pthread_cond_wait(&m->freed, &m->mu);
    else sink_oldest(m);
  }
  if (full) HD_TL_SPAN("push-wait", t);
  slot *s = &m->ring[m->tail % m->window];
  s->item = item;
  s->done = 0;
  m->tail++;
  pthread_cond_signal(&m->todo);
  pthread_mutex_unlock(&m->mu);
}

void hd_pmap_drain(hd_pmap *m) {
  if (!m || m->nthreads == 1) return;
  pthread_mutex_lock(&m->mu);
  while (m->head != m->tail) {
    if (m->sinker) pthread_cond_wait(&m->freed, &m->mu);
    else sink_oldest(m);
  }
  pthread_mutex_unlock(&m->mu);
}

void hd_pmap_free(hd_pmap *m) {
  if (!m) return;
  if (m->threads) {
    hd_pmap_drain(m);
    pthread_mutex_lock(&m->mu);
    m->stopping = 1;
    pthread_cond_broadcast(&m->todo);
    pthread_mutex_unlock(&m->mu);
    for (int i = 0; i < m->nthreads; i++) pthread_join(m->threads[i], NULL);
    if (m->sinker) {
      pthread_mutex_lock(&m->mu);
      m->sink_stopping = 1;
      pthread_cond_broadcast(&m->done);
      pthread_mutex_unlock(&m->mu);
      pthread_join(m->threads[m->nthreads], NULL);
    }
    pthread_mutex_destroy(&m->mu);
    pthread_cond_destroy(&m->todo);
    pthread_cond_destroy(&m->done);
    pthread_cond_destroy(&m->freed);
  }
  free(m->threads);
  free(m->ring);
  free(m);
}
