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

/* hd_reader, hd_read_stats, hd_read_path, hd_read_buffer: the public
 * reader, include/herald/read.h. */

/* cJSON allocates through herald (from the current arena scope, else the
 * heap): hd_json_hooks installs that once, before a thread parses.
 * hd_json_oom says whether an allocation failed on this thread since the
 * last call (and clears it), so that a parse that failed for want of
 * memory is not reported as malformed JSON. */
void hd_json_hooks(void);
int hd_json_oom(void);
#endif
