/*
 * fts_query.h: what a person types, as an SQLite FTS5 query expression.
 *
 * Every word is searched as typed: each bare word becomes a quoted FTS5
 * string ("U.S.", "Reagan's", "AT&T", "cease-fire", "O'Brien" are words,
 * never syntax). FTS5 syntax is honoured where it is well formed: "quoted
 * phrases", AND / OR / NOT (upper case; "AND NOT" reads as NOT), balanced
 * parentheses, prefix*, NEAR(a b, N) and the column filters title: and
 * text:. A double quote without a partner, or a parenthesis without one,
 * is punctuation. What cannot be read (an operator with nothing on one
 * side, empty parentheses) is a usage error explained in words.
 *
 * Complexity: O(bytes of the query), one pass plus one look-ahead count.
 * Ownership: hd_fts_query returns a malloc'd string; the caller frees it.
 */
#ifndef HD_STORE_FTS_QUERY_H
#define HD_STORE_FTS_QUERY_H

#include "herald.h"

/* The FTS5 expression for `q`, or NULL with err filled (HD_ERR_USAGE). */
char *hd_fts_query(const char *q, hd_err *err);

/* Fills err for an expression that FTS5 refused (`fts5_msg` is its
 * message): HD_ERR_USAGE, saying what to change. */
void hd_fts_explain(const char *q, const char *fts, const char *fts5_msg, hd_err *err);

#endif
