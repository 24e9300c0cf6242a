/*
 * json.h: the one JSON writer. Appends to an hd_buf; the caller keeps
 * track of commas with hd_json_sep (cheap, no state object). Strings are
 * escaped per RFC 8259; control characters become \u00XX, and any byte
 * that is not part of valid UTF-8 becomes U+FFFD, so every string written
 * is valid UTF-8 whatever reached it (text is repaired on entry too).
 * Parsing of input JSON is done with cJSON, not here.
 */
#ifndef HD_JSON_H
#define HD_JSON_H

#include "util/buf.h"

void hd_json_str(hd_buf *b, const char *s, size_t n);
void hd_json_cstr(hd_buf *b, const char *s); /* NULL -> null */
void hd_json_key(hd_buf *b, const char *key); /* "key": */
/* Writes a comma unless `*first`, then clears *first. */
void hd_json_sep(hd_buf *b, int *first);
void hd_json_int(hd_buf *b, long long v);
void hd_json_double(hd_buf *b, double v);

#endif
