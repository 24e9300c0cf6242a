/*
 * store_pool.h: read-only store handles shared by the worker threads of
 * `herald serve`: at most `cap` handles, each used by one request at a
 * time, opened on first need and kept until the server stops.
 * A handle checked out with a time limit fails its queries once the
 * limit is past (the request answers 503).
 * Ownership: the pool owns its handles; a request borrows one between
 * serve_pool_get and serve_pool_put.
 */
#ifndef HD_SERVE_STORE_POOL_H
#define HD_SERVE_STORE_POOL_H

#include <pthread.h>

#include "herald.h"

typedef struct serve_handle serve_handle;

typedef struct {
  char *path;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  serve_handle **idle; /* handles not checked out */
  int n_idle, n_open, cap;
} serve_pool;

/* Opens the first handle (so that a bad path fails now). 0 or -1. */
int serve_pool_init(serve_pool *p, const char *path, int cap, hd_err *err);
void serve_pool_free(serve_pool *p);
/* A handle whose queries stop after `ms` milliseconds (0: no limit);
 * waits while all `cap` handles are in use. NULL if opening failed. */
void *serve_pool_get(serve_pool *p, int ms, hd_err *err);
void serve_pool_put(serve_pool *p, void *h);
/* The handle's store. */
hd_store *serve_handle_store(void *h);

#endif
