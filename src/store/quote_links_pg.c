/*
 * quote_links_pg.c: the quote trail's links (table quote_links) in the
 * PostgreSQL store, made when an ingest closes, after identities are
 * joined, by the linker the SQLite store uses (store/quote_trail.h), so
 * both stores hold the same groups: the new quotes are read through a
 * cursor speaker by speaker, each speaker's links from earlier closes by
 * one query (HD_QUOTE_LINKS_RECENT_SQL), and the new rows go in by COPY;
 * one transaction under the writers' advisory lock, so concurrent closes
 * take turns and none links a quote twice.
 *
 * Complexity: O(new quotes x 200) word-set comparisons, one query per
 * speaker with new quotes. Memory: one FETCH of rows, the linker's one
 * speaker, and up to 8 MB of COPY text.
 */
#include <stdio.h>
#include <stdlib.h>

#include "store/pg_util.h"
#include "store/quote_trail.h"

#define FETCH_ROWS 10000
#define COPY_BYTES (8u << 20)
#define RECENT 200 /* HD_QUOTE_LINKS_RECENT_SQL's LIMIT */

static int64_t num(const PGresult *r, int row, int col) { return strtoll(PQgetvalue(r, row, col), NULL, 10); }

/* Starts the linker on `speaker` with its links from earlier closes. */
static int start_speaker(PGconn *c, const char *name, hd_quote_linker *l, int64_t speaker, int64_t article,
                         int64_t id, hd_err *err) {
  char p[3][32];
  snprintf(p[0], sizeof p[0], "%lld", (long long)speaker);
  snprintf(p[1], sizeof p[1], "%lld", (long long)article);
  snprintf(p[2], sizeof p[2], "%lld", (long long)id);
  const char *params[] = {p[0], p[1], p[2]};
  PGresult *r = hd_pg_exec(c, name, HD_QUOTE_LINKS_RECENT_SQL("$1::bigint", "$2::bigint", "$3::bigint"), 3, params,
                           err);
  if (!r) return -1;
  int n = PQntuples(r) < RECENT ? PQntuples(r) : RECENT;
  int64_t ids[RECENT], arts[RECENT], groups[RECENT];
  const char *contents[RECENT];
  for (int i = 0; i < n; i++) {
    ids[i] = num(r, i, 0);
    contents[i] = PQgetisnull(r, i, 1) ? "" : PQgetvalue(r, i, 1);
    groups[i] = num(r, i, 2);
    arts[i] = num(r, i, 3);
  }
  hd_quote_linker_start(l, speaker, (size_t)n, ids, arts, groups, contents);
  PQclear(r);
  return 0;
}

static int flush(PGconn *c, const char *name, hd_buf *b, hd_err *err) {
  int rc = b->len ? hd_pg_copy(c, name, "COPY quote_links(quote_id, group_id, sim) FROM STDIN", b, err) : 0;
  hd_buf_clear(b);
  return rc;
}

/* Links one FETCH of new quotes (id, article_id, speaker_id, content). */
static int link_rows(PGconn *c, const char *name, hd_quote_linker *l, const PGresult *r, hd_buf *b, hd_err *err) {
  int rc = 0;
  for (int i = 0; i < PQntuples(r) && !rc; i++) {
    int64_t id = num(r, i, 0), article = num(r, i, 1), speaker = num(r, i, 2);
    if (!hd_quote_linker_has(l, speaker)) rc = start_speaker(c, name, l, speaker, article, id, err);
    if (rc) break;
    double sim;
    int64_t group = hd_quote_linker_link(l, id, article, PQgetisnull(r, i, 3) ? NULL : PQgetvalue(r, i, 3), &sim);
    hd_copy_int(b, id, 1);
    hd_copy_int(b, group, 0);
    hd_copy_real(b, sim, 0);
    hd_buf_putc(b, '\n');
  }
  return rc;
}

int hd_pg_quote_links_update(PGconn *c, const char *name, hd_err *err) {
  int rc = hd_pg_run(c, name,
                     "BEGIN; SELECT pg_advisory_xact_lock(" HD_PG_LOCK_KEY ");"
                     " DECLARE fresh NO SCROLL CURSOR FOR " HD_QUOTE_LINKS_FRESH_SQL,
                     err);
  hd_quote_linker *l = hd_quote_linker_new();
  hd_buf b;
  hd_buf_init(&b, 0);
  for (int more = 1; !rc && more;) {
    PGresult *r = hd_pg_exec(c, name, "FETCH " HD_PG_STR(FETCH_ROWS) " FROM fresh", 0, NULL, err);
    if (!r) {
      rc = -1;
      break;
    }
    more = PQntuples(r) == FETCH_ROWS;
    rc = link_rows(c, name, l, r, &b, err);
    PQclear(r);
    if (!rc && b.len > COPY_BYTES) rc = flush(c, name, &b, err);
  }
  if (!rc) rc = flush(c, name, &b, err);
  if (!rc) rc = hd_pg_run(c, name, "CLOSE fresh; COMMIT", err);
  if (rc) {
    hd_err tmp = {0};
    hd_pg_run(c, name, "ROLLBACK", &tmp);
  }
  hd_buf_free(&b);
  hd_quote_linker_free(l);
  return rc;
}
