/*
 * store_pool.c: the pool of read-only store handles (see store_pool.h).
 * Complexity: O(1) per checkout. The time limit is the store's own
 * (hd_store_set_deadline), set at checkout and lifted at return.
 */
#include "serve/store_pool.h"

#include <stdlib.h>
#include <time.h>

#include "util/buf.h"

struct serve_handle {
  hd_store *store;
};

static serve_handle *open_handle(const char *path, hd_err *err) {
  hd_store *s = hd_store_open(path, HD_STORE_READ_ONLY, err);
  if (!s) return NULL;
  serve_handle *h = hd_xcalloc(1, sizeof *h);
  h->store = s;
  return h;
}

static void close_handle(serve_handle *h) {
  hd_store_close(h->store, NULL);
  free(h);
}

int serve_pool_init(serve_pool *p, const char *path, int cap, hd_err *err) {
  p->path = hd_xstrdup(path);
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->cv, NULL);
  p->cap = cap < 1 ? 1 : cap;
  p->idle = hd_xcalloc((size_t)p->cap, sizeof *p->idle);
  p->n_idle = p->n_open = 0;
  serve_handle *h = open_handle(path, err);
  if (!h) return -1;
  p->idle[p->n_idle++] = h;
  p->n_open = 1;
  return 0;
}

void serve_pool_free(serve_pool *p) {
  if (!p->idle) return;
  for (int i = 0; i < p->n_idle; i++) close_handle(p->idle[i]);
  free(p->idle);
  free(p->path);
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->cv);
  p->idle = NULL;
}

void *serve_pool_get(serve_pool *p, int ms, hd_err *err) {
  serve_handle *h = NULL;
  pthread_mutex_lock(&p->mu);
  while (!p->n_idle && p->n_open >= p->cap) pthread_cond_wait(&p->cv, &p->mu);
  if (p->n_idle) h = p->idle[--p->n_idle];
  else p->n_open++; /* open outside the lock */
  pthread_mutex_unlock(&p->mu);
  if (!h && !(h = open_handle(p->path, err))) {
    pthread_mutex_lock(&p->mu);
    p->n_open--;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return NULL;
  }
  hd_store_set_deadline(h->store, ms > 0 ? ms / 1000.0 : 0);
  return h;
}

void serve_pool_put(serve_pool *p, void *v) {
  serve_handle *h = v;
  hd_store_set_deadline(h->store, 0);
  pthread_mutex_lock(&p->mu);
  p->idle[p->n_idle++] = h;
  pthread_cond_signal(&p->cv);
  pthread_mutex_unlock(&p->mu);
}

hd_store *serve_handle_store(void *v) { return ((serve_handle *)v)->store; }
