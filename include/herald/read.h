/*
 * herald/read.h: the public reader: paths (files, directories walked in
 * name order, "-" for standard input) and buffers, each sniffed by
 * content: JSON Lines ({"text":...} per line, with id/url/source/date/title
 * as metadata), an HTML page, a WARC crawl archive (its HTML responses),
 * or one plain-text article; any of them gzip-compressed. A bad record
 * (unreadable path, empty or binary file, malformed JSON line, over-size
 * record) is reported through on_error and the walk goes on. Memory is
 * bounded by max_record bytes per record (JSON Lines are streamed).
 * Details: docs/read.md.
 *
 * Ownership: each article handed to on_article belongs to the callee,
 * who frees it with hd_article_free. The hd_err given to on_error is
 * borrowed for the call. The reader struct and its stats are the
 * caller's; the library keeps nothing between calls. Thread-safe: two
 * threads may read with two readers at once.
 */
#ifndef HERALD_READ_H
#define HERALD_READ_H

#include "herald.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Why a record that could have been a page was passed over (not errors). */
typedef enum {
  HD_SKIP_NOT_HTML,    /* the payload is an image, a PDF, JSON, ... */
  HD_SKIP_HTTP_STATUS, /* a redirect, an error page (status not 2xx) */
  HD_SKIP_REVISIT,     /* a revisit record (the payload is elsewhere) */
  HD_SKIP_KINDS
} hd_skip_kind;

/* Counts of records passed over on purpose, by hd_skip_kind. */
typedef struct {
  long skipped[HD_SKIP_KINDS];
} hd_read_stats;

/* "2 not HTML, 1 HTTP status not 2xx" into buf (empty when nothing was
 * skipped). */
void hd_read_stats_format(const hd_read_stats *st, char *buf, size_t cap);

typedef struct {
  size_t max_record; /* bytes; 0 = default (64 MiB) */
  /* Called with each article (ownership passes to the callee). */
  void (*on_article)(void *ctx, hd_article *a);
  /* Called with each failed record; the walk continues. */
  void (*on_error)(void *ctx, const hd_err *err);
  void *ctx;
  hd_read_stats *stats; /* optional: counts of records skipped on purpose */
} hd_reader;

/* Reads one path ("-" = standard input). Returns the number of failed
 * records in it. */
long hd_read_path(const hd_reader *r, const char *path);

/* Reads len bytes at buf (copied first; the caller keeps buf) as if
 * they were a file called `name` (used in error messages and as the
 * articles' input path; NULL = "<buffer>"). Returns the number of failed
 * records. */
long hd_read_buffer(const hd_reader *r, const char *name, const void *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif
