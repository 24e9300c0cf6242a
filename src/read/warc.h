/*
 * warc.h: a streaming reader of WARC crawl archives (ISO 28500), plain or
 * gzip-compressed (one gzip member per record or one for the whole file:
 * zlib's gzread reads both). Only `response` records whose HTTP payload is
 * HTML (or `resource` records of type text/html) are handed on.
 */
#ifndef HD_WARC_H
#define HD_WARC_H
#include <stddef.h>
#include <zlib.h>

typedef struct {
  const char *uri, *date; /* WARC-Target-URI, WARC-Date (may be "") */
  const char *body;       /* HTTP payload (after the HTTP headers) */
  size_t len;
  long record;            /* 1-based record number in the file */
} hd_warc_record;

/* Calls on_record for each HTML record and on_error(ctx, record, msg) for
 * each malformed or over-size one; `head` holds bytes already read from
 * f. Records larger than max_record are skipped with an error. Returns
 * the number of errors. Memory: O(max_record). */
long hd_warc_each(gzFile f, const char *head, size_t hn, size_t max_record,
                  void (*on_record)(void *ctx, const hd_warc_record *rec),
                  void (*on_error)(void *ctx, long record, const char *msg), void *ctx);
#endif
