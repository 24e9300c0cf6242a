/*
 * warc.h: a streaming reader of WARC crawl archives (ISO 28500), plain or
 * gzip-compressed (one gzip member per record, as Common Crawl writes, or
 * one for the whole file). Each `response` record with an HTML payload
 * (and each HTML `resource` record) is handed on with its HTTP transfer
 * and content codings removed; the rest is skipped and counted. See
 * warc.c for how damage is survived.
 */
#ifndef HD_WARC_H
#define HD_WARC_H
#include <stddef.h>
#include <zlib.h>

#include "herald.h"

/* hd_skip_kind (why a record was not handed on): include/herald/read.h */

typedef struct {
  const char *uri, *date; /* WARC-Target-URI, WARC-Date (may be "") */
  const char *charset;    /* the HTTP Content-Type charset (may be "") */
  const char *body;       /* HTML payload, decoded, NUL-terminated */
  size_t len;
  long record;            /* 1-based record number in the file */
  long long offset;       /* where the record starts (see on_error) */
} hd_warc_record;

typedef struct {
  size_t max_record; /* records (and decoded payloads) above it are errors */
  void (*on_record)(void *ctx, const hd_warc_record *rec);
  /* A damaged, truncated, mis-sized or over-size record. `offset` is the
   * record's gzip member in the file when the file is read by members,
   * else its byte offset in the (uncompressed) stream. */
  void (*on_error)(void *ctx, long record, long long offset, const char *msg);
  void (*on_skip)(void *ctx, hd_skip_kind why); /* may be NULL */
  void *ctx;
} hd_warc_sink;

/* Reads the archive in f (or, when stream is given, in that gzip member
 * reader: standard input, borrowed), whose first hn bytes were already
 * read into head. When path names a gzip file, the file is re-read member
 * by member; either way a damaged member costs one record. Returns the
 * number of errors. Memory: O(max_record). */
struct hd_members;
long hd_warc_each(const char *path, gzFile f, struct hd_members *stream, const char *head, size_t hn,
                  const hd_warc_sink *sink);
#endif
