/*
 * cache.h: recent answers of `herald serve`, kept until the store changes.
 * Only complete 200 answers are kept, keyed by the request (path and
 * decoded parameters); a change of the store file or its write-ahead log
 * (an ingest commit, a checkpoint) empties the cache, so an answer is
 * never older than the store. Bounded by `max_bytes` (one answer at most
 * max_bytes/16 or 1 MB). Thread-safe.
 * Ownership: serve_cache_new/serve_cache_free; bodies are copied in and out.
 */
#ifndef HD_SERVE_CACHE_H
#define HD_SERVE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

typedef struct serve_cache serve_cache;

/* NULL when max_bytes is 0 or the store is not a plain file (no stamp). */
serve_cache *serve_cache_new(const char *db_path, size_t max_bytes);
void serve_cache_free(serve_cache *c);
/* The store's version stamp now; read it before running the query. */
uint64_t serve_cache_stamp(const serve_cache *c);
/* 1 and the body (into `body`) and its type on a hit, else 0. */
int serve_cache_get(serve_cache *c, const char *key, uint64_t stamp, hd_buf *body, const char **type);
/* Keeps an answer computed with the store at `stamp` (type: a static string). */
void serve_cache_put(serve_cache *c, const char *key, uint64_t stamp, const char *body, size_t len, const char *type);

#endif
