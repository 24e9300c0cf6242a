/*
 * herald_serve.h: `herald serve`, a JSON API and a web page over a store
 * written by `herald ingest` (libmicrohttpd; the page's files are compiled
 * into the binary). docs/api.md lists every endpoint.
 *
 * The store is opened read-only, one handle per worker thread, so the
 * server keeps answering while `herald ingest` writes to it (WAL).
 * Limits: a fixed pool of worker threads, a cap on open connections, on
 * the request's header bytes and on each parameter, and a time limit on
 * each request's queries.
 *
 * Ownership: hd_serve_start returns a running server that the caller
 * stops and frees with hd_serve_stop. Options are copied.
 */
#ifndef HERALD_SERVE_H
#define HERALD_SERVE_H

#include "herald.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  const char *db;      /* store file (default "herald.db") */
  const char *host;    /* address to bind, numeric (default "127.0.0.1") */
  int port;            /* TCP port (default 8080; 0 = any free port) */
  const char *token;   /* non-NULL: every request needs "Authorization: Bearer TOKEN" */
  int threads;         /* worker threads = concurrent requests (default 4) */
  int max_connections; /* open connections at once (default 256) */
  int query_ms;        /* time limit on one request's queries (default 2000) */
  int cache_mb;        /* memory for recent answers, kept until the store
                          file changes (default 64; 0 = no cache) */
} hd_serve_options;

void hd_serve_defaults(hd_serve_options *o);

typedef struct hd_server hd_server;

/* Opens the store (read-only), binds and starts answering. NULL on
 * failure, with err filled (store missing, address in use, bad host). */
hd_server *hd_serve_start(const hd_serve_options *o, hd_err *err);
/* The port actually bound (useful with port 0). */
int hd_serve_port(const hd_server *s);
/* 1 if the bound address is a loopback address. */
int hd_serve_is_loopback(const hd_server *s);
/* Stops answering, waits for requests in flight, closes the store, frees. */
void hd_serve_stop(hd_server *s);

#ifdef __cplusplus
}
#endif
#endif
