/*
 * read.h: the read stage: turns paths into articles.
 *
 * A path is a file, a directory (walked recursively, in name order) or
 * "-" for standard input. Each file is sniffed by content: JSON Lines
 * (one {"text":...} object per line; id/url/source/date/title are taken
 * as metadata and unknown members passed through), an HTML page (body
 * and metadata extracted by html.c), a WARC crawl archive (its HTML
 * responses, see warc.c) or one plain-text article. Any of them may be
 * gzip-compressed. Bad records (unreadable path, empty or binary file, malformed
 * JSON line, over-size record) are reported through on_error and the
 * walk goes on. Memory is bounded by max_record bytes per record:
 * JSON Lines are streamed line by line.
 */
#ifndef HD_READ_H
#define HD_READ_H
#include "herald.h"
#include "read/warc.h"

/* What the reader passed over on purpose (not errors): WARC records that
 * are not pages, by reason (hd_skip_kind). */
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

/* Reads one path. Returns the number of failed records in it. */
long hd_read_path(const hd_reader *r, const char *path);
#endif
