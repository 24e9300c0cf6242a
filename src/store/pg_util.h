/*
 * pg_util.h: what the PostgreSQL writer (writer_pg.c) and query backend
 * (pg_backend.c) share: connecting to a libpq URI, the name a message
 * gives the store (the URI without its password), running a statement and
 * turning a failure into an hd_err, the schema, and COPY text encoding.
 *
 * Ownership: hd_pg_connect returns a connection the caller PQfinish-es
 * and *name (malloc'd). Results of hd_pg_exec are PQclear-ed by the caller.
 */
#ifndef HD_STORE_PG_UTIL_H
#define HD_STORE_PG_UTIL_H

#include <stdint.h>

#include "herald.h"
#include "store/pq_dl.h" /* libpq, loaded at the first connection */
#include "util/buf.h"

/* The key of the advisory lock every writer of one database takes per
 * batch (pg_advisory_xact_lock): "herald" in ASCII. */
#define HD_PG_LOCK_KEY "114374262935908"

/* Loads libpq if need be (store/pq_dl.h), then connects (client encoding
 * UTF-8, no notices on stderr). NULL on failure. */
PGconn *hd_pg_connect(const char *uri, char **name, hd_err *err);
/* The URI with any password blanked, for messages (malloc'd). */
char *hd_pg_display_name(const char *uri);
/* Runs sql with text parameters (NULL = SQL NULL); the result if it
 * succeeded (tuples or command), else NULL with err filled. */
PGresult *hd_pg_exec(PGconn *c, const char *name, const char *sql, int n, const char *const *params, hd_err *err);
/* Runs commands that return nothing; 0 or -1 (err filled). */
int hd_pg_run(PGconn *c, const char *name, const char *sql, hd_err *err);
/* Sends buf as the data of `copy_sql` (COPY ... FROM STDIN). 0 or -1. */
int hd_pg_copy(PGconn *c, const char *name, const char *copy_sql, const hd_buf *buf, hd_err *err);

/* COPY text format: a field (tab before it unless first), NULL as \N. */
void hd_copy_str(hd_buf *b, const char *p, size_t n, int first);
void hd_copy_int(hd_buf *b, int64_t v, int first);
void hd_copy_real(hd_buf *b, double v, int first);
void hd_copy_bytea(hd_buf *b, const void *p, size_t n, int first);
void hd_copy_null(hd_buf *b, int first);

#define HD_PG_STR_(x) #x
#define HD_PG_STR(x) HD_PG_STR_(x)

/* Links the quotes stored since the last call (quote_links_pg.c), in one
 * transaction under the writers' lock. 0 or -1 (err filled). */
int hd_pg_quote_links_update(PGconn *c, const char *name, hd_err *err);

/* The schema (docs/FORMAT.md, "PostgreSQL store"), idempotent.
 * Full text lives in article_search(id, tsv), not in a column of the wide
 * articles rows: a search ranks up to --window (1000) matches, and with
 * the tsvector in articles each one was a heap visit to a ~2.5 KB row plus
 * a TOAST lookup for the vector (8,000 buffers per query at 50k
 * articles). The narrow rows (~1 KB, kept inline up to 8,160 bytes) halve
 * the buffers; ranking 194 rows took 0.46 ms instead of 2.9. */
extern const char HD_PG_SCHEMA[];

/* What article_search_recent, the search's GIN index, indexes for row P
 * ("" or "x."): the vector plus four lexemes naming the blocks of 2^12,
 * 2^14, 2^16 and 2^18 ids the article's id lies in ('~12 241'; no query
 * word becomes a lexeme with a space in it, so words never match them).
 * A search reads the matches among the newest ids by ANDing its words with
 * a few blocks that cover those ids (pg_backend.c), which GIN does inside
 * the index, skipping through the posting lists, instead of building a
 * bitmap of every id in the range (docs/store.md). */
#define HD_PG_RECENT_TSV(P)                                                                                \
  "(" P "tsv || array_to_tsvector(ARRAY['~12 ' || (" P "id >> 12)::text, '~14 ' || (" P "id >> 14)::text," \
  " '~16 ' || (" P "id >> 16)::text, '~18 ' || (" P "id >> 18)::text]))"

/* Articles per block of article_search_block, the index of id / this
 * that a store made before article_search_recent reads a search's id
 * range from (pg_backend.c). */
#define HD_PG_ID_BLOCK "256"

/* An article's search vector: the title weighted A, the text B. */
#define HD_PG_TSV(title, text) \
  "setweight(to_tsvector('english', coalesce(" title ", '')), 'A') || setweight(to_tsvector('english', " text "), 'B')"

#endif
