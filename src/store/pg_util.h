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

/* Articles per block of article_search_block, the index of id / this
 * that a search's id range is read from (pg_backend.c: cheaper than the
 * primary key's range: posting lists of 256 row addresses, not a key each). */
#define HD_PG_ID_BLOCK "256"

/* An article's search vector: the title weighted A, the text B. */
#define HD_PG_TSV(title, text) \
  "setweight(to_tsvector('english', coalesce(" title ", '')), 'A') || setweight(to_tsvector('english', " text "), 'B')"

#endif
