/*
 * backend.h: the interface every store backend implements (SQLite and
 * PostgreSQL), behind the public calls of herald/store.h.
 *
 * query.c (the front) validates what the caller gave (dates, limits, ids,
 * query size) with the hd_query_parse_* functions, resolves defaults, and
 * calls the backend with a request whose every field is valid. A backend
 * fills the public result structs: arrays with malloc (freed by the
 * hd_*_result_free functions in query.c) and strings in the result's pool
 * (results.h). It never prints; it reports through hd_err.
 *
 * Ownership: open returns the backend's state, freed by close. Requests
 * are borrowed for the call.
 */
#ifndef HD_STORE_BACKEND_H
#define HD_STORE_BACKEND_H

#include "herald.h"

/* A validated search: days are days since 1970-01-01, or HD_DAY_OPEN. */
#define HD_DAY_OPEN INT64_MIN
typedef struct {
  const char *q; /* what the person typed (size-checked) */
  const char *outlet, *entity;
  int64_t since, until; /* inclusive days, or HD_DAY_OPEN */
  int limit, offset;
  int window; /* 0 = rank every match */
} hd_search_req;

typedef struct {
  int64_t since; /* stories whose last day >= since, or HD_DAY_OPEN */
  int limit, offset;
} hd_stories_req;

typedef struct {
  const char *speaker;
  int limit, offset;
} hd_quotes_req;

typedef struct {
  const char *name;
  int limit;
  const char *surname_key; /* "per:SURNAME" for a one-word name: other persons of that surname are candidates, or NULL */
} hd_entity_req;

typedef struct hd_store_backend {
  const char *name;
  /* 1 if this backend takes `path_or_uri` (the SQLite backend takes
   * everything that no other backend claims, so it is asked last). */
  int (*claims)(const char *path_or_uri);
  void *(*open)(const char *path_or_uri, unsigned flags, hd_err *err);
  int (*close)(void *impl, hd_err *err);
  int (*search)(void *impl, const hd_search_req *r, hd_search_result *out, hd_err *err);
  int (*stories)(void *impl, const hd_stories_req *r, hd_stories_result *out, hd_err *err);
  int (*story)(void *impl, int64_t id, hd_story_result *out, hd_err *err);
  int (*quotes)(void *impl, const hd_quotes_req *r, hd_quotes_result *out, hd_err *err);
  int (*entity)(void *impl, const hd_entity_req *r, hd_entity_result *out, hd_err *err);
  int (*article)(void *impl, int64_t id, hd_stored_article *out, hd_err *err);
  /* Queries that run past `at` (CLOCK_MONOTONIC seconds; 0 = never) stop
   * with HD_ERR_TIMEOUT. NULL: the backend has no time limit. */
  void (*set_deadline)(void *impl, double at);
  /* writing: open with HD_STORE_READ_WRITE gets `o` (never NULL) */
  void *(*open_write)(const char *path_or_uri, const hd_store_write_options *o, hd_err *err);
  int (*has)(void *impl, const hd_article *a);
  /* the per-article part of add (hd_store_prepare); thread-safe */
  void (*prepare)(const void *impl, hd_article *a);
  int (*add)(void *impl, const hd_article *a, hd_err *err);
  int (*commit)(void *impl, hd_err *err);
  void (*stats)(const void *impl, hd_store_stats *st);
  /* Entity keys in [lo, hi) (byte order) between min_len and max_len
   * bytes long, each passed to `each` with its mentions; for the
   * misspelling-tolerant look-ups of query.c. */
  int (*keys_between)(void *impl, const char *lo, const char *hi, int min_len, int max_len,
                      void (*each)(void *ctx, const char *key, int64_t mentions), void *ctx, hd_err *err);
  /* The trail of a quote as JSON (store/quote_trail.h), malloc'd; NULL:
   * the backend keeps no quote links (hd_store_quote_trail says so). */
  char *(*trail)(void *impl, int64_t quote_id, hd_err *err);
  /* optional: add, taking the article (freed at once or once written);
   * NULL: add, then the article is freed */
  int (*add_take)(void *impl, hd_article *a, hd_err *err);
} hd_store_backend;

extern const hd_store_backend hd_sqlite_backend; /* sqlite_backend.c */
extern const hd_store_backend hd_pg_backend;     /* pg_backend.c */

#endif
