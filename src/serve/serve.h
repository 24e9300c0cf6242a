/*
 * serve.h: the parts of `herald serve` (internal).
 *   server.c  libmicrohttpd daemon, limits, security headers, store pool
 *   routes.c  path -> handler table, parameter checks, errors
 *   api.c     the JSON endpoints (bodies written by the query layer)
 *   pages.c   the HTML pages, rendered from the same JSON as the API
 *   html.c    escaping for HTML text, attributes and URLs; templates
 *   svg.c     server-side SVG charts (no JavaScript needed)
 * A request is handled start to end by one worker thread; nothing here
 * is shared between requests except the read-only store pool.
 */
#ifndef HD_SERVE_H
#define HD_SERVE_H

#include <stddef.h>

#include "herald.h"
#include "util/buf.h"

/* Caps on what a request may carry. */
#define SERVE_MAX_PARAM 1000   /* bytes in one query parameter */
#define SERVE_MAX_PATH 2048    /* bytes in the path */
#define SERVE_MAX_LIMIT 100    /* largest `limit` */
#define SERVE_MAX_OFFSET 10000 /* largest `offset` */
#define SERVE_CHART_QUOTES 1000 /* quotations charted on a person's page */

typedef struct serve_ctx serve_ctx;
struct MHD_Connection;

typedef struct {
  struct MHD_Connection *conn;
  serve_ctx *ctx;
  const char *path; /* decoded path, e.g. "/stories/12" */
  int is_api;       /* errors as JSON (1) or as an HTML page (0) */
  void *store;      /* the checked-out pool handle (store_pool.h), or NULL */
  /* the response */
  int status;
  const char *type; /* Content-Type */
  int cache_secs;   /* 0 = no-store */
  const char *cache; /* "hit" or "miss" when the answer cache was asked, else NULL */
  hd_buf body;
  const unsigned char *static_body; /* an asset (not copied), or NULL */
  size_t static_len;
} serve_req;

/* ---- routes.c ---- */
void serve_route(serve_req *r);
/* A query parameter: 0 and *out (NULL if absent), or -1 after answering
 * 400 (invalid UTF-8, a NUL byte, over SERVE_MAX_PARAM bytes). */
int serve_param(serve_req *r, const char *name, const char **out);
/* An integer parameter in [min, max], default `def` when absent or empty. */
int serve_param_int(serve_req *r, const char *name, long def, long min, long max, long *out);
/* Text from the path (already decoded): valid UTF-8, at most
 * SERVE_MAX_PARAM bytes; -1 after answering 400. */
int serve_check_text(serve_req *r, const char *what, const char *s);
/* A positive decimal id from a path segment; -1 after answering 400. */
int serve_path_id(serve_req *r, const char *seg, const char *what, long long *out);
/* Answers an error: JSON {"error": msg} under /api/, an HTML page elsewhere. */
void serve_error(serve_req *r, int status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- server.c ---- */
/* The request's store handle (checked out on first use); NULL after answering 500/503. */
hd_store *serve_store(serve_req *r);
/* The time limit on one request's queries, in milliseconds. */
int serve_query_ms(const serve_req *r);

/* ---- html.c ---- */
void html_text(hd_buf *b, const char *s);            /* & < > " ' escaped */
void html_textn(hd_buf *b, const char *s, size_t n);
#define html_attr html_text                           /* always inside "..." */
void url_part(hd_buf *b, const char *s);             /* percent-encodes all but A-Za-z0-9-._~ */
int url_is_web(const char *s);                       /* http: or https: absolute URL */
/* Appends template `tmpl`, replacing each {{key}} by the value paired with
 * it in kv (NULL-ended key, value, key, value...; values already escaped).
 * An unknown key is left out. */
void html_template(hd_buf *b, const char *tmpl, const char *const *kv);

#endif
