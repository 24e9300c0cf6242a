/*
 * sqlite_backend.c: the SQLite backend of the public query API (backend.h)
 * over the schema that store.c writes (docs/FORMAT.md, "SQLite store").
 *
 * Opening: a path or a "file:" URI. Read-only stores are opened with
 * mode=ro; when that cannot work because the file or its directory is
 * read-only (no -shm/-wal can be made: a copied store, a read-only mount),
 * the store is reopened with immutable=1, which reads the file as it is.
 * Every call prepares its own statements and holds the connection's lock
 * for its duration, so one store can serve several threads (one at a time).
 *
 * Complexity: one indexed query per section of a result; search is FTS5's
 * (posting lists of the query terms), ranked inside a window of the most
 * recent matches when no filter narrows it. Result rows are copied into
 * the result (strings into its pool), O(bytes returned).
 *
 * Ownership: the backend state owns the connection; results own their
 * rows (query.c frees them).
 */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "store/backend.h"
#include "store/store.h"
#include "store/fts_query.h"
#include "store/headline.h"
#include "store/quote_trail.h"
#include "store/results.h"
#include "util/buf.h"

typedef struct {
  sqlite3 *db; /* the query connection */
  pthread_mutex_t lock;
  char *path;
  hd_ingest *w; /* the writer (store.c), when opened for writing */
  double deadline; /* CLOCK_MONOTONIC seconds; 0 = none (hd_store_set_deadline) */
  int timed_out;   /* the progress handler interrupted the last query */
} sqlite_store;

/* ---- opening ---- */

static int sqlite_claims(const char *path_or_uri) {
  (void)path_or_uri;
  return 1;
}

/* "file:" + the path with URI-special bytes escaped + "?" + params. */
static char *file_uri(const char *path, const char *params) {
  hd_buf b;
  hd_buf_init(&b, 0);
  hd_buf_puts(&b, "file:");
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if (*p == '%' || *p == '?' || *p == '#' || *p < 0x20 || *p == 0x7f) hd_buf_printf(&b, "%%%02X", *p);
    else hd_buf_putc(&b, (char)*p);
  }
  hd_buf_printf(&b, "?%s", params);
  return hd_buf_take(&b, NULL);
}

/* Adds "&" + params (or "?" + params) to a caller's "file:" URI. */
static char *uri_with(const char *uri, const char *params) {
  hd_buf b;
  hd_buf_init(&b, 0);
  hd_buf_printf(&b, "%s%c%s", uri, strchr(uri, '?') ? '&' : '?', params);
  return hd_buf_take(&b, NULL);
}

/* Opens and checks that the file is a herald store. SQLITE_OK, or the
 * error code with err filled. */
static int try_open(sqlite_store *s, const char *uri, int flags, hd_err *err) {
  if (sqlite3_open_v2(uri, &s->db, flags | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
    int rc = s->db ? sqlite3_extended_errcode(s->db) : SQLITE_NOMEM;
    hd_err_set(err, HD_ERR_DB, s->path, 0, "cannot open: %s", s->db ? sqlite3_errmsg(s->db) : "out of memory");
    sqlite3_close(s->db);
    s->db = NULL;
    return rc ? rc : SQLITE_ERROR;
  }
  sqlite3_busy_timeout(s->db, 5000);
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_prepare_v2(s->db, "SELECT 1 FROM articles LIMIT 1", -1, &st, NULL);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) rc = SQLITE_OK;
  }
  if (rc != SQLITE_OK) {
    rc = sqlite3_extended_errcode(s->db);
    int full = rc == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR;
    hd_err_set(err, HD_ERR_DB, s->path, 0, "%s: %s",
               !full ? "not a herald store"
               : rc == SQLITE_FULL || hd_disk_full(s->path) ? "cannot read the store: the disk is full"
                                                          : "cannot read the store",
               sqlite3_errmsg(s->db));
    sqlite3_finalize(st);
    sqlite3_close(s->db);
    s->db = NULL;
    return rc ? rc : SQLITE_ERROR;
  }
  sqlite3_finalize(st);
  return SQLITE_OK;
}

/* A read-only open that failed for want of write access to make the
 * shared-memory index (read-only directory or file in WAL mode). */
static int needs_immutable(int rc) {
  return (rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY || rc == SQLITE_IOERR_SHMOPEN ||
         rc == SQLITE_IOERR_SHMSIZE || rc == SQLITE_IOERR_SHMMAP;
}

/* ---- the time limit ---- */

static double monotonic_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* SQLite's progress handler (every 1000 VM steps): 1 interrupts the statement. */
static int past_deadline(void *arg) {
  sqlite_store *s = arg;
  if (s->deadline > 0 && monotonic_now() > s->deadline) {
    s->timed_out = 1;
    return 1;
  }
  return 0;
}

static void sqlite_set_deadline(void *impl, double at) {
  sqlite_store *s = impl;
  pthread_mutex_lock(&s->lock);
  s->deadline = at;
  s->timed_out = 0;
  pthread_mutex_unlock(&s->lock);
}

/* Fills err with HD_ERR_TIMEOUT if the deadline interrupted the query. */
static int timed_out(sqlite_store *s, hd_err *err) {
  if (!s->timed_out) return 0;
  hd_err_set(err, HD_ERR_TIMEOUT, NULL, 0, "the query took longer than its time limit");
  return 1;
}

static void *sqlite_open(const char *path_or_uri, unsigned flags, hd_err *err) {
  sqlite_store *s = hd_xcalloc(1, sizeof *s);
  s->path = hd_xstrdup(path_or_uri);
  int is_uri = !strncmp(path_or_uri, "file:", 5);
  int rw = flags & HD_STORE_READ_WRITE;
  char *uri = is_uri ? uri_with(path_or_uri, rw ? "mode=rwc" : "mode=ro") : file_uri(path_or_uri, rw ? "mode=rwc" : "mode=ro");
  int rc = try_open(s, uri, rw ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY, err);
  free(uri);
  if (rc != SQLITE_OK && !rw && needs_immutable(rc)) {
    uri = is_uri ? uri_with(path_or_uri, "immutable=1") : file_uri(path_or_uri, "mode=ro&immutable=1");
    rc = try_open(s, uri, SQLITE_OPEN_READONLY, err);
    free(uri);
  }
  if (rc != SQLITE_OK) {
    free(s->path);
    free(s);
    return NULL;
  }
  pthread_mutex_init(&s->lock, NULL);
  sqlite3_progress_handler(s->db, 1000, past_deadline, s);
  return s;
}

/* The writer (store.c: schema, batches, the corpus step) and a read-only
 * query connection beside it. */
static void *sqlite_open_write(const char *path, const hd_store_write_options *o, hd_err *err) {
  hd_store_options so;
  hd_store_defaults(&so);
  so.batch = o->batch;
  so.fp.threshold = o->dup_threshold;
  so.cluster.threshold = o->story_threshold;
  so.story_model = o->story_model;
  so.writer_thread = o->writer_thread;
  hd_ingest *w = hd_ingest_open(path, &so, err);
  if (!w) return NULL;
  sqlite_store *s = sqlite_open(path, HD_STORE_READ_ONLY, err);
  if (!s) {
    hd_ingest_close(w, NULL);
    return NULL;
  }
  s->w = w;
  return s;
}

static int sqlite_has(void *impl, const hd_article *a) {
  sqlite_store *s = impl;
  return hd_ingest_has(s->w, hd_article_hash(a));
}
static void sqlite_prepare(const void *impl, hd_article *a) {
  hd_ingest_prepare(((const sqlite_store *)impl)->w, a);
  hd_ingest_prepare_fts(a);
}
static int sqlite_add(void *impl, const hd_article *a, hd_err *err) { return hd_ingest_add(((sqlite_store *)impl)->w, a, err); }
static int sqlite_add_take(void *impl, hd_article *a, hd_err *err) {
  return hd_ingest_add_take(((sqlite_store *)impl)->w, a, err);
}
static int sqlite_commit(void *impl, hd_err *err) { return hd_ingest_commit(((sqlite_store *)impl)->w, err); }
static void sqlite_stats(const void *impl, hd_store_stats *st) { hd_ingest_get_stats(((const sqlite_store *)impl)->w, st); }

static int sqlite_close(void *impl, hd_err *err) {
  sqlite_store *s = impl;
  int rc = s->w ? hd_ingest_close(s->w, err) : 0;
  sqlite3_close(s->db);
  pthread_mutex_destroy(&s->lock);
  free(s->path);
  free(s);
  return rc;
}

/* ---- helpers ---- */

static sqlite3_stmt *prepare(sqlite_store *s, const char *sql, hd_err *err) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
    hd_err_set(err, HD_ERR_DB, s->path, 0, "query failed: %s", sqlite3_errmsg(s->db));
    return NULL;
  }
  return st;
}

/* Steps to the end of a statement: SQLITE_DONE, or fills err. */
static int failed(sqlite_store *s, int rc, hd_err *err) {
  if (rc == SQLITE_DONE) return 0;
  if (timed_out(s, err)) return -1;
  hd_err_set(err, HD_ERR_DB, s->path, 0, "query failed: %s", sqlite3_errmsg(s->db));
  return -1;
}

static const char *text(hd_pool *p, sqlite3_stmt *st, int i) {
  return hd_pool_strndup(p, (const char *)sqlite3_column_text(st, i), (size_t)sqlite3_column_bytes(st, i));
}
static const char *text_or_null(hd_pool *p, sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL : text(p, st, i);
}
static int64_t id_or_none(sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL ? HD_NO_ID : sqlite3_column_int64(st, i);
}
static double real_or_nan(sqlite3_stmt *st, int i) {
  return sqlite3_column_type(st, i) == SQLITE_NULL ? (double)NAN : sqlite3_column_double(st, i);
}

static void bind_opt(sqlite3_stmt *st, int i, const char *s) {
  if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
  else sqlite3_bind_null(st, i);
}

/* Entity ids matching NAME (?N): exact name, key or alias (any case). */
#define ENTITY_MATCH(N)                                                                            \
  "(SELECT id FROM entities WHERE name = ?" #N " COLLATE NOCASE OR key = ?" #N                    \
  " UNION SELECT entity_id FROM aliases WHERE alias = ?" #N " COLLATE NOCASE)"

/* ---- search ---- */

/* Rank first (filters applied), then make snippets for the top rows
 * only. A query matching more than `window` articles is ranked among the
 * `window` most recently stored matches, which bounds the work (one
 * rowid bound, so that FTS5 starts its scan there: written as an OR it
 * ranked every match). Ranking
 * reads the articles table only when a filter needs its columns: a row
 * there holds the whole text, so one seek per match in the window was
 * most of the pages a search read (100k store: about 1,000 of 1,100).
 * The entity filter needs only the id. The top rows come first in the
 * join (CROSS JOIN fixes the order): the planner, not knowing that `top`
 * holds ?6 rows, would otherwise scan every match of the query. */
#define SEARCH_TOP(FROM, ID, FILTERS)                                                                  \
  "WITH top AS (SELECT " ID " AS id, bm25(articles_fts, 5.0, 1.0) AS score FROM " FROM                 \
  " WHERE articles_fts MATCH ?1"                                                                      \
  " AND articles_fts.rowid >= CASE WHEN ?7 > 0 THEN coalesce((SELECT min(rowid) FROM (SELECT rowid"        \
  "   FROM articles_fts WHERE articles_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?7)), 0) ELSE 0 END" FILTERS \
  " AND (?5 IS NULL OR " ID " IN (SELECT article_id FROM article_entities WHERE entity_id IN " ENTITY_MATCH(5) "))" \
  " ORDER BY score LIMIT ?6 OFFSET ?8)"                                                               \
  " SELECT a.id, a.date, a.outlet, a.title, a.story_id, snippet(articles_fts, 1, '[', ']', '...', 16), top.score" \
  " FROM top CROSS JOIN articles_fts CROSS JOIN articles a"                                            \
  " WHERE articles_fts.rowid = top.id AND a.id = top.id AND articles_fts MATCH ?1 ORDER BY top.score"

/* with an outlet or a day range */
static const char SEARCH_SQL[] = SEARCH_TOP("articles_fts JOIN articles a ON a.id = articles_fts.rowid", "a.id",
                                            " AND (?2 IS NULL OR a.outlet = ?2 COLLATE NOCASE)"
                                            " AND (?3 IS NULL OR a.day >= ?3) AND (?4 IS NULL OR a.day <= ?4)");
/* without (?2-?4 are then unused) */
static const char SEARCH_FTS_SQL[] = SEARCH_TOP("articles_fts", "articles_fts.rowid", "");

/* Runs the search statement with `fts` as the FTS5 expression. */
static int run_search(sqlite_store *s, sqlite3_stmt *st, const char *fts, hd_search_result *out, size_t *cap) {
  sqlite3_reset(st);
  sqlite3_bind_text(st, 1, fts, -1, SQLITE_TRANSIENT);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    hd_search_hit h = {sqlite3_column_int64(st, 0), text_or_null(out->priv, st, 1), text_or_null(out->priv, st, 2),
                       text_or_null(out->priv, st, 3), id_or_none(st, 4), text_or_null(out->priv, st, 5),
                       -sqlite3_column_double(st, 6)};
    HD_VEC_PUSH(out->hits, out->n, *cap, h);
  }
  (void)s;
  return rc;
}

static int sqlite_search(void *impl, const hd_search_req *r, hd_search_result *out, hd_err *err) {
  sqlite_store *s = impl;
  char *fts = hd_fts_query(r->q, err);
  if (!fts) return -1;
  pthread_mutex_lock(&s->lock);
  int ret = -1;
  int by_row = r->outlet || r->since != HD_DAY_OPEN || r->until != HD_DAY_OPEN;
  sqlite3_stmt *st = prepare(s, by_row ? SEARCH_SQL : SEARCH_FTS_SQL, err);
  if (st) {
    bind_opt(st, 2, r->outlet);
    if (r->since != HD_DAY_OPEN) sqlite3_bind_int64(st, 3, r->since);
    if (r->until != HD_DAY_OPEN) sqlite3_bind_int64(st, 4, r->until);
    bind_opt(st, 5, r->entity);
    sqlite3_bind_int(st, 6, r->limit);
    sqlite3_bind_int(st, 7, r->window);
    sqlite3_bind_int(st, 8, r->offset);
    out->priv = hd_pool_new();
    size_t cap = 0;
    int rc = run_search(s, st, fts, out, &cap);
    if (rc == SQLITE_DONE) ret = 0;
    else if (!timed_out(s, err)) hd_fts_explain(r->q, fts, sqlite3_errmsg(s->db), err);
    sqlite3_finalize(st);
  }
  pthread_mutex_unlock(&s->lock);
  free(fts);
  return ret;
}

/* ---- stories ---- */

/* "YYYY-MM-DD" of a day number (days since 1970-01-01). */
static void iso_day(int64_t z, char out[16]) {
  /* civil from days (Howard Hinnant) */
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  snprintf(out, 16, "%04d-%02d-%02d", (int)(y + (m <= 2)), (int)m, (int)d);
}

/* ---- story headlines ---- */

/* A story's headline (headline.h): the one the writer kept at commit, or,
 * for a store written before stories.headline existed, computed now. */
static const char *story_headline(sqlite_store *s, hd_pool *pool, int64_t id, const char *label, hd_err *err) {
  sqlite3_stmt *st;
  const char *kept = NULL;
  if (sqlite3_prepare_v2(s->db, "SELECT headline FROM stories WHERE id = ?1", -1, &st, NULL) == SQLITE_OK) {
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) kept = text_or_null(pool, st, 0);
    sqlite3_finalize(st);
    if (kept) return kept;
  }
  if (!(st = prepare(s, HD_HEADLINE_SQL, err))) return NULL;
  int rc;
  char *h = hd_story_headline(st, id, label, &rc);
  sqlite3_finalize(st);
  (void)rc; /* a failed read leaves the story without a headline, as before */
  kept = h ? hd_pool_strdup(pool, h) : NULL;
  free(h);
  return kept;
}

static int sqlite_stories(void *impl, const hd_stories_req *r, hd_stories_result *out, hd_err *err) {
  sqlite_store *s = impl;
  pthread_mutex_lock(&s->lock);
  int ret = -1;
  sqlite3_stmt *st = prepare(s,
                             "SELECT id, label, articles, outlets, first, last FROM stories"
                             " WHERE merged_into IS NULL AND articles > 0 AND (?1 IS NULL OR last >= ?1)"
                             " ORDER BY articles DESC, last DESC, id DESC LIMIT ?2 OFFSET ?3",
                             err);
  if (st) {
    char since[16];
    if (r->since != HD_DAY_OPEN) {
      iso_day(r->since, since);
      sqlite3_bind_text(st, 1, since, -1, SQLITE_TRANSIENT);
    }
    sqlite3_bind_int(st, 2, r->limit);
    sqlite3_bind_int(st, 3, r->offset);
    out->priv = hd_pool_new();
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      hd_story_row row = {sqlite3_column_int64(st, 0), text_or_null(out->priv, st, 1), sqlite3_column_int64(st, 2),
                          sqlite3_column_int64(st, 3), text_or_null(out->priv, st, 4), text_or_null(out->priv, st, 5),
                          NULL};
      HD_VEC_PUSH(out->rows, out->n, cap, row);
    }
    ret = failed(s, rc, err);
    sqlite3_finalize(st);
    for (size_t i = 0; !ret && i < out->n; i++)
      out->rows[i].headline = story_headline(s, out->priv, out->rows[i].id, out->rows[i].label, err);
  }
  pthread_mutex_unlock(&s->lock);
  return ret;
}

/* ---- story ---- */

static int story_related(sqlite_store *s, hd_story_result *out, hd_err *err) {
  sqlite3_stmt *st = prepare(s,
                             "SELECT id, label FROM stories WHERE thread_id = ?1 AND id != ?2 AND merged_into IS NULL"
                             " AND articles > 0 ORDER BY id",
                             err);
  if (!st) return -1;
  sqlite3_bind_int64(st, 1, out->thread);
  sqlite3_bind_int64(st, 2, out->story.id);
  size_t cap = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    hd_story_ref ref = {sqlite3_column_int64(st, 0), text_or_null(out->priv, st, 1)};
    HD_VEC_PUSH(out->related, out->n_related, cap, ref);
  }
  sqlite3_finalize(st);
  return failed(s, rc, err);
}

/* Originals by date; copies in the same story folded under them. */
static int story_timeline(sqlite_store *s, hd_story_result *out, hd_err *err) {
  sqlite3_stmt *st = prepare(s,
                             "SELECT id, date, outlet, title,"
                             " (dup_of IS NOT NULL AND dup_of IN (SELECT id FROM articles WHERE story_id = ?1)) AS folded"
                             " FROM articles WHERE story_id = ?1 ORDER BY folded, day IS NULL, day, id",
                             err);
  sqlite3_stmt *copies = st ? prepare(s,
                                      "SELECT id, date, outlet, dup_sim FROM articles WHERE dup_of = ?1 AND story_id = ?2"
                                      " ORDER BY day IS NULL, day, id",
                                      err)
                            : NULL;
  if (!st || !copies) {
    sqlite3_finalize(st);
    return -1;
  }
  sqlite3_bind_int64(st, 1, out->story.id);
  size_t cap = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (sqlite3_column_int(st, 4)) {
      rc = SQLITE_DONE; /* copies of an article in this story come last, folded */
      break;
    }
    hd_story_entry e = {sqlite3_column_int64(st, 0), text_or_null(out->priv, st, 1), text_or_null(out->priv, st, 2),
                        text_or_null(out->priv, st, 3), NULL, 0};
    sqlite3_bind_int64(copies, 1, e.id);
    sqlite3_bind_int64(copies, 2, out->story.id);
    size_t ccap = 0;
    int crc;
    while ((crc = sqlite3_step(copies)) == SQLITE_ROW) {
      hd_story_copy c = {sqlite3_column_int64(copies, 0), text_or_null(out->priv, copies, 1),
                         text_or_null(out->priv, copies, 2), real_or_nan(copies, 3)};
      HD_VEC_PUSH(e.copies, e.n_copies, ccap, c);
    }
    sqlite3_reset(copies);
    HD_VEC_PUSH(out->timeline, out->n_timeline, cap, e);
    if (crc != SQLITE_DONE) {
      rc = crc;
      break;
    }
  }
  sqlite3_finalize(st);
  sqlite3_finalize(copies);
  return failed(s, rc, err);
}

/* Who said what: quotes of the story's originals grouped by speaker. */
static int story_speakers(sqlite_store *s, hd_story_result *out, hd_err *err) {
  sqlite3_stmt *st = prepare(s,
                             "SELECT coalesce(e.name, q.speaker, '(unknown)') AS who, q.speaker_id, q.type, q.content,"
                             " a.outlet, a.date, a.id, q.id FROM quotes q JOIN articles a ON a.id = q.article_id"
                             " LEFT JOIN entities e ON e.id = q.speaker_id"
                             " WHERE a.story_id = ?1 AND a.dup_of IS NULL ORDER BY who COLLATE NOCASE, a.day IS NULL,"
                             " a.day, q.id",
                             err);
  if (!st) return -1;
  sqlite3_bind_int64(st, 1, out->story.id);
  size_t cap = 0, qcap = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *who = (const char *)sqlite3_column_text(st, 0);
    hd_story_speaker *sp = out->n_speakers ? &out->speakers[out->n_speakers - 1] : NULL;
    if (!sp || strcasecmp(sp->speaker, who) != 0) {
      hd_story_speaker ns = {text(out->priv, st, 0), id_or_none(st, 1), NULL, 0};
      HD_VEC_PUSH(out->speakers, out->n_speakers, cap, ns);
      sp = &out->speakers[out->n_speakers - 1];
      qcap = 0;
    }
    hd_story_quote q = {text_or_null(out->priv, st, 2), text_or_null(out->priv, st, 3),
                        text_or_null(out->priv, st, 4), text_or_null(out->priv, st, 5), sqlite3_column_int64(st, 6),
                        sqlite3_column_int64(st, 7), NULL};
    HD_VEC_PUSH(sp->quotes, sp->n_quotes, qcap, q);
  }
  sqlite3_finalize(st);
  return failed(s, rc, err);
}

/* A statement over a table older stores lack (quote_links, lineage):
 * NULL when it does not prepare, which the caller reads as "nothing". */
static sqlite3_stmt *prepare_optional(sqlite_store *s, const char *sql) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) == SQLITE_OK) return st;
  sqlite3_finalize(st);
  return NULL;
}

/* Each quote's trail across outlets (store/quote_trail.h): the summary
 * of its group when other articles print it too, one group read per
 * distinct group (bounded: the story's first 200 groups); nothing in a
 * store written before quote links existed. */
static int story_trails(sqlite_store *s, hd_story_result *out, hd_err *err) {
  sqlite3_stmt *st = prepare_optional(
      s, "SELECT l.quote_id, l.group_id FROM quote_links l JOIN quotes q ON q.id = l.quote_id"
         " JOIN articles a ON a.id = q.article_id WHERE a.story_id = ?1 AND a.dup_of IS NULL"
         " AND EXISTS (SELECT 1 FROM quote_links o WHERE o.group_id = l.group_id AND o.quote_id <> l.quote_id)"
         " ORDER BY l.group_id, l.quote_id");
  if (!st) return 0; /* no quote_links table */
  sqlite3_bind_int64(st, 1, out->story.id);
  int rc, groups = 0;
  int64_t group = -1;
  const char *summary = NULL;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t quote = sqlite3_column_int64(st, 0), g = sqlite3_column_int64(st, 1);
    if (g != group) {
      group = g;
      summary = NULL;
      if (groups++ == 200) break;
      char *t = hd_quote_trail_summary(s->db, quote, err);
      if (t) summary = hd_pool_strndup(out->priv, t, strlen(t));
      free(t);
    }
    for (size_t i = 0; summary && i < out->n_speakers; i++)
      for (size_t k = 0; k < out->speakers[i].n_quotes; k++)
        if (out->speakers[i].quotes[k].quote == quote) out->speakers[i].quotes[k].trail = summary;
  }
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? 0 : failed(s, rc, err);
}

/* Unnamed sources: the anonymous quotes of all the story's articles
 * (copies too: a copy in another outlet rests on the same source),
 * grouped by the source as written, each group by date and outlet. */
static int story_unnamed(sqlite_store *s, hd_story_result *out, hd_err *err) {
  sqlite3_stmt *st = prepare(s,
                             "SELECT coalesce(nullif(trim(q.speaker), ''), '(unnamed source)') AS who, q.type, q.content,"
                             " a.outlet, a.date, a.id, q.id FROM quotes q JOIN articles a ON a.id = q.article_id"
                             " WHERE a.story_id = ?1 AND q.speaker_kind = 'anonymous'"
                             " ORDER BY who COLLATE NOCASE, a.day IS NULL, a.day, a.outlet, q.id",
                             err);
  if (!st) return -1;
  sqlite3_bind_int64(st, 1, out->story.id);
  size_t cap = 0, qcap = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *who = (const char *)sqlite3_column_text(st, 0);
    hd_story_speaker *sp = out->n_unnamed ? &out->unnamed[out->n_unnamed - 1] : NULL;
    if (!sp || strcasecmp(sp->speaker, who) != 0) {
      hd_story_speaker ns = {text(out->priv, st, 0), HD_NO_ID, NULL, 0};
      HD_VEC_PUSH(out->unnamed, out->n_unnamed, cap, ns);
      sp = &out->unnamed[out->n_unnamed - 1];
      qcap = 0;
    }
    hd_story_quote q = {text_or_null(out->priv, st, 1), text_or_null(out->priv, st, 2),
                        text_or_null(out->priv, st, 3), text_or_null(out->priv, st, 4), sqlite3_column_int64(st, 5),
                        sqlite3_column_int64(st, 6), NULL};
    HD_VEC_PUSH(sp->quotes, sp->n_quotes, qcap, q);
  }
  sqlite3_finalize(st);
  return failed(s, rc, err);
}

/* Wire lineage: the rows ingest left in the lineage table (none in a
 * store written before the table existed). */
static int story_lineage(sqlite_store *s, hd_story_result *out, hd_err *err) {
  sqlite3_stmt *st = prepare_optional(
      s, "SELECT l.article_id, a.outlet, a.date, l.source_id, o.outlet, o.date, l.paragraphs,"
         " l.from_source, l.changed, l.added, l.cut FROM lineage l"
         " JOIN articles a ON a.id = l.article_id JOIN articles o ON o.id = l.source_id"
         " WHERE a.story_id = ?1 ORDER BY a.day IS NULL, a.day, a.id");
  if (!st) return 0; /* no lineage table */
  sqlite3_bind_int64(st, 1, out->story.id);
  size_t cap = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    hd_story_lineage l = {.article = sqlite3_column_int64(st, 0),
                          .outlet = text_or_null(out->priv, st, 1),
                          .date = text_or_null(out->priv, st, 2),
                          .source = sqlite3_column_int64(st, 3),
                          .source_outlet = text_or_null(out->priv, st, 4),
                          .source_date = text_or_null(out->priv, st, 5),
                          .paragraphs = sqlite3_column_int64(st, 6),
                          .from_source = sqlite3_column_int64(st, 7),
                          .changed = sqlite3_column_int64(st, 8),
                          .added = sqlite3_column_int64(st, 9),
                          .cut = sqlite3_column_int64(st, 10)};
    HD_VEC_PUSH(out->lineage, out->n_lineage, cap, l);
  }
  sqlite3_finalize(st);
  return failed(s, rc, err);
}

static int story_head(sqlite_store *s, int64_t id, hd_story_result *out, hd_err *err) {
  /* a merged story id leads to the story it was merged into */
  sqlite3_stmt *st = prepare(s,
                             "WITH RECURSIVE m(id, into_) AS (SELECT id, merged_into FROM stories WHERE id = ?1"
                             " UNION ALL SELECT s.id, s.merged_into FROM stories s JOIN m ON s.id = m.into_)"
                             " SELECT s.id, s.label, s.articles, s.outlets, s.first, s.last, s.thread_id"
                             " FROM m JOIN stories s ON s.id = m.id WHERE m.into_ IS NULL",
                             err);
  if (!st) return -1;
  sqlite3_bind_int64(st, 1, id);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    hd_story_row row = {sqlite3_column_int64(st, 0), text_or_null(out->priv, st, 1), sqlite3_column_int64(st, 2),
                        sqlite3_column_int64(st, 3), text_or_null(out->priv, st, 4), text_or_null(out->priv, st, 5),
                        NULL};
    out->story = row;
    out->thread = id_or_none(st, 6);
  } else if (rc == SQLITE_DONE)
    hd_err_set(err, HD_ERR_NOT_FOUND, NULL, 0, "no story %lld", (long long)id);
  else failed(s, rc, err);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? 0 : -1;
}

static int sqlite_story(void *impl, int64_t id, hd_story_result *out, hd_err *err) {
  sqlite_store *s = impl;
  pthread_mutex_lock(&s->lock);
  out->priv = hd_pool_new();
  int ret = story_head(s, id, out, err);
  if (!ret) out->story.headline = story_headline(s, out->priv, out->story.id, out->story.label, err);
  if (!ret) ret = story_related(s, out, err);
  if (!ret) ret = story_timeline(s, out, err);
  if (!ret) ret = story_speakers(s, out, err);
  if (!ret) ret = story_trails(s, out, err);
  if (!ret) ret = story_unnamed(s, out, err);
  if (!ret) ret = story_lineage(s, out, err);
  pthread_mutex_unlock(&s->lock);
  return ret;
}

/* ---- quotes ---- */

/* Part of a name: ?1 inside the column, any ASCII case, every character
 * literal (LIKE would read % and _ as wildcards). */
#define CONTAINS(col) "instr(lower(" col "), lower(?1)) > 0"

static const char QUOTES_SQL[] =
    /* exact name, alias or key; failing that, part of a name or source */
    "WITH exact AS " ENTITY_MATCH(1) ","
    " ids AS (SELECT id FROM exact UNION SELECT id FROM entities"
    "   WHERE NOT EXISTS (SELECT 1 FROM exact) AND " CONTAINS("name") ")"
    " SELECT coalesce(e.name, q.speaker), q.type, q.content, q.cue, a.outlet, a.date, a.id, a.title, q.id"
    " FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id"
    " WHERE (q.speaker_id IN ids OR (q.speaker_id IS NULL AND (q.speaker = ?1 COLLATE NOCASE"
    "   OR (NOT EXISTS (SELECT 1 FROM exact) AND " CONTAINS("q.speaker") "))))"
    " AND a.dup_of IS NULL ORDER BY a.day IS NULL, a.day DESC, q.id DESC LIMIT ?2 OFFSET ?3";

/* Each row's trail summary (store/quote_trail.h): one group read per
 * distinct group among the rows (rows sorted by group, O(n log n)); none
 * in a store written before quote links existed. */
typedef struct {
  int64_t group;
  size_t row;
} row_group;

static int by_group_row(const void *a, const void *b) {
  const row_group *x = a, *y = b;
  if (x->group != y->group) return x->group < y->group ? -1 : 1;
  return (x->row > y->row) - (x->row < y->row);
}

static void quote_rows_trails(sqlite_store *s, hd_quotes_result *out) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, "SELECT group_id FROM quote_links WHERE quote_id = ?1", -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    return;
  }
  row_group *g = hd_xcalloc(out->n + 1, sizeof *g);
  size_t n = 0;
  for (size_t i = 0; i < out->n; i++) {
    sqlite3_bind_int64(st, 1, out->rows[i].id);
    if (sqlite3_step(st) == SQLITE_ROW) g[n++] = (row_group){sqlite3_column_int64(st, 0), i};
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  qsort(g, n, sizeof *g, by_group_row);
  for (size_t i = 0; i < n; i++) {
    hd_quote_row *q = &out->rows[g[i].row];
    if (i > 0 && g[i - 1].group == g[i].group) { /* the same group as the row before */
      q->trail = out->rows[g[i - 1].row].trail;
      continue;
    }
    hd_err err = {0};
    char *t = hd_quote_trail_summary(s->db, q->id, &err);
    if (t) q->trail = hd_pool_strndup(out->priv, t, strlen(t));
    free(t);
  }
  free(g);
}

static int sqlite_quotes(void *impl, const hd_quotes_req *r, hd_quotes_result *out, hd_err *err) {
  sqlite_store *s = impl;
  pthread_mutex_lock(&s->lock);
  int ret = -1;
  sqlite3_stmt *st = prepare(s, QUOTES_SQL, err);
  if (st) {
    sqlite3_bind_text(st, 1, r->speaker, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, r->limit);
    sqlite3_bind_int(st, 3, r->offset);
    out->priv = hd_pool_new();
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      hd_pool *p = out->priv;
      hd_quote_row q = {text_or_null(p, st, 0), text_or_null(p, st, 1), text_or_null(p, st, 2),
                        text_or_null(p, st, 3), text_or_null(p, st, 4), text_or_null(p, st, 5),
                        sqlite3_column_int64(st, 6), text_or_null(p, st, 7), sqlite3_column_int64(st, 8), NULL};
      HD_VEC_PUSH(out->rows, out->n, cap, q);
    }
    ret = failed(s, rc, err);
    sqlite3_finalize(st);
    if (!ret) quote_rows_trails(s, out);
  }
  pthread_mutex_unlock(&s->lock);
  return ret;
}

/* ---- entity ---- */

static const char ENTITY_SQL[] =
    "SELECT id, key, type, name, mentions, articles FROM entities WHERE id IN " ENTITY_MATCH(1)
    " OR (" CONTAINS("name") " AND NOT EXISTS (SELECT 1 FROM entities WHERE id IN " ENTITY_MATCH(1) "))"
    " ORDER BY id NOT IN " ENTITY_MATCH(1) ", mentions DESC LIMIT 1";

/* Steps a (?1 = entity id, ?2 = limit) list, calling add for each row. */
static int entity_list(sqlite_store *s, const char *sql, int64_t id, int limit, hd_entity_result *out,
                       void (*add)(hd_entity_result *, sqlite3_stmt *, size_t *), hd_err *err) {
  sqlite3_stmt *st = prepare(s, sql, err);
  if (!st) return -1;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int(st, 2, limit);
  size_t cap = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) add(out, st, &cap);
  sqlite3_finalize(st);
  return failed(s, rc, err);
}

static void add_alias(hd_entity_result *r, sqlite3_stmt *st, size_t *cap) {
  hd_name_count a = {text_or_null(r->priv, st, 0), sqlite3_column_int64(st, 1)};
  HD_VEC_PUSH(r->aliases, r->n_aliases, *cap, a);
}
static void add_title(hd_entity_result *r, sqlite3_stmt *st, size_t *cap) {
  hd_name_count t = {text_or_null(r->priv, st, 0), sqlite3_column_int64(st, 1)};
  HD_VEC_PUSH(r->titles, r->n_titles, *cap, t);
}
static void add_cooccurring(hd_entity_result *r, sqlite3_stmt *st, size_t *cap) {
  hd_entity_ref e = {text_or_null(r->priv, st, 0), text_or_null(r->priv, st, 1), sqlite3_column_int64(st, 2),
                     sqlite3_column_int64(st, 3)};
  HD_VEC_PUSH(r->cooccurring, r->n_cooccurring, *cap, e);
}
static void add_quote(hd_entity_result *r, sqlite3_stmt *st, size_t *cap) {
  hd_entity_quote q = {text_or_null(r->priv, st, 0), text_or_null(r->priv, st, 1), text_or_null(r->priv, st, 2),
                       sqlite3_column_int64(st, 3)};
  HD_VEC_PUSH(r->quotes, r->n_quotes, *cap, q);
}

static int entity_head(sqlite_store *s, const hd_entity_req *r, hd_entity_result *out, hd_err *err) {
  sqlite3_stmt *st = prepare(s, ENTITY_SQL, err);
  if (!st) return -1;
  sqlite3_bind_text(st, 1, r->name, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    hd_pool *p = out->priv;
    out->id = sqlite3_column_int64(st, 0);
    out->key = text_or_null(p, st, 1);
    out->type = text_or_null(p, st, 2);
    out->name = text_or_null(p, st, 3);
    out->mentions = sqlite3_column_int64(st, 4);
    out->articles = sqlite3_column_int64(st, 5);
  } else if (rc == SQLITE_DONE)
    hd_err_set(err, HD_ERR_NOT_FOUND, NULL, 0, "no entity matches %s", r->name);
  else failed(s, rc, err);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? 0 : -1;
}

/* Other entities the name names: by name, key or alias, or, for a one-word
 * name, the persons whose key has that surname ("per:clinton_*"). */
static int entity_candidates(sqlite_store *s, const hd_entity_req *r, hd_entity_result *out, hd_err *err) {
  sqlite3_stmt *st = prepare(s,
                             "SELECT name, type, articles, id FROM entities WHERE id != ?2 AND (id IN " ENTITY_MATCH(1)
                             " OR (?3 IS NOT NULL AND (key = ?3 OR substr(key, 1, length(?3) + 1) = ?3 || '_')))"
                             " ORDER BY mentions DESC, id LIMIT 10",
                             err);
  if (!st) return -1;
  sqlite3_bind_text(st, 1, r->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, out->id);
  bind_opt(st, 3, r->surname_key);
  size_t cap = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    hd_entity_ref e = {text_or_null(out->priv, st, 0), text_or_null(out->priv, st, 1), sqlite3_column_int64(st, 2),
                       sqlite3_column_int64(st, 3)};
    HD_VEC_PUSH(out->candidates, out->n_candidates, cap, e);
  }
  if (rc != SQLITE_DONE) failed(s, rc, err);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

static int sqlite_keys_between(void *impl, const char *lo, const char *hi, int min_len, int max_len,
                               void (*each)(void *ctx, const char *key, int64_t mentions), void *ctx, hd_err *err) {
  sqlite_store *s = impl;
  pthread_mutex_lock(&s->lock);
  sqlite3_stmt *st = prepare(s,
                             "SELECT key, mentions FROM entities WHERE key >= ?1 AND key < ?2"
                             " AND length(key) BETWEEN ?3 AND ?4",
                             err);
  int rc = SQLITE_ERROR;
  if (st) {
    sqlite3_bind_text(st, 1, lo, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, hi, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, min_len);
    sqlite3_bind_int(st, 4, max_len);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
      each(ctx, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1));
    if (rc != SQLITE_DONE) failed(s, rc, err);
    sqlite3_finalize(st);
  }
  pthread_mutex_unlock(&s->lock);
  return rc == SQLITE_DONE ? 0 : -1;
}

static int sqlite_entity(void *impl, const hd_entity_req *r, hd_entity_result *out, hd_err *err) {
  sqlite_store *s = impl;
  pthread_mutex_lock(&s->lock);
  out->priv = hd_pool_new();
  int ret = entity_head(s, r, out, err);
  int64_t id = out->id;
  if (!ret) ret = entity_candidates(s, r, out, err);
  if (!ret)
    ret = entity_list(s, "SELECT alias, count FROM aliases WHERE entity_id = ?1 ORDER BY count DESC, alias LIMIT ?2",
                      id, r->limit, out, add_alias, err);
  if (!ret)
    ret = entity_list(s, "SELECT title, count FROM titles WHERE entity_id = ?1 ORDER BY count DESC, title LIMIT ?2",
                      id, r->limit, out, add_title, err);
  /* co-occurrence over the entity's latest 5,000 articles (bounded) */
  if (!ret)
    ret = entity_list(s,
                      "WITH arts AS (SELECT article_id FROM article_entities WHERE entity_id = ?1"
                      " ORDER BY article_id DESC LIMIT 5000)"
                      " SELECT e.name, e.type, count(*) AS n, e.id FROM arts JOIN article_entities ae"
                      " ON ae.article_id = arts.article_id JOIN entities e ON e.id = ae.entity_id"
                      " WHERE ae.entity_id != ?1 GROUP BY e.id ORDER BY n DESC, e.name, e.id LIMIT ?2",
                      id, r->limit < 10 ? r->limit : 10, out, add_cooccurring, err);
  if (!ret)
    ret = entity_list(s,
                      "SELECT a.date, a.outlet, q.content, a.id FROM quotes q JOIN articles a ON a.id = q.article_id"
                      " WHERE q.speaker_id = ?1 AND a.dup_of IS NULL ORDER BY a.day DESC, q.id DESC LIMIT ?2",
                      id, r->limit < 5 ? r->limit : 5, out, add_quote, err);
  pthread_mutex_unlock(&s->lock);
  return ret;
}

/* ---- article ---- */

static int article_head(sqlite_store *s, int64_t id, hd_stored_article *out, hd_err *err) {
  sqlite3_stmt *st = prepare(s,
                             "SELECT id, ext_id, url, title, outlet, date, kind, section, byline, text, input_path,"
                             " input_line, story_id, dup_of, dup_sim FROM articles WHERE id = ?1",
                             err);
  if (!st) return -1;
  sqlite3_bind_int64(st, 1, id);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    hd_pool *p = out->priv;
    out->id = sqlite3_column_int64(st, 0);
    const char **meta[] = {&out->ext_id, &out->url, &out->title, &out->outlet, &out->date,
                           &out->kind,   &out->section, &out->byline};
    for (int i = 0; i < 8; i++) *meta[i] = text_or_null(p, st, 1 + i);
    out->text_len = (size_t)sqlite3_column_bytes(st, 9);
    out->text = text(p, st, 9);
    out->input_path = text_or_null(p, st, 10);
    out->input_line = sqlite3_column_int64(st, 11);
    out->story = id_or_none(st, 12);
    out->dup_of = id_or_none(st, 13);
    out->dup_sim = sqlite3_column_double(st, 14);
  } else if (rc == SQLITE_DONE)
    hd_err_set(err, HD_ERR_NOT_FOUND, NULL, 0, "no article %lld", (long long)id);
  else failed(s, rc, err);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW ? 0 : -1;
}

static int article_mentions(sqlite_store *s, hd_stored_article *out, hd_err *err) {
  sqlite3_stmt *st = prepare(s,
                             "SELECT start, end, type, text, title, entity_id FROM mentions WHERE article_id = ?1"
                             " ORDER BY start, end",
                             err);
  if (!st) return -1;
  sqlite3_bind_int64(st, 1, out->id);
  size_t cap = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    hd_pool *p = out->priv;
    hd_stored_mention m = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), text_or_null(p, st, 2),
                           text_or_null(p, st, 3), text_or_null(p, st, 4), id_or_none(st, 5)};
    HD_VEC_PUSH(out->mentions, out->n_mentions, cap, m);
  }
  sqlite3_finalize(st);
  return failed(s, rc, err);
}

static int article_quotes(sqlite_store *s, hd_stored_article *out, hd_err *err) {
  sqlite3_stmt *st = prepare(s,
                             "SELECT q.id, q.type, q.speaker_kind, q.speaker_id, coalesce(e.name, q.speaker), q.content,"
                             " q.content_start, q.content_end, q.cue, q.source FROM quotes q"
                             " LEFT JOIN entities e ON e.id = q.speaker_id WHERE q.article_id = ?1"
                             " ORDER BY q.content_start, q.id",
                             err);
  if (!st) return -1;
  sqlite3_bind_int64(st, 1, out->id);
  size_t cap = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    hd_pool *p = out->priv;
    hd_stored_quote q = {sqlite3_column_int64(st, 0), text_or_null(p, st, 1), text_or_null(p, st, 2),
                         id_or_none(st, 3), text_or_null(p, st, 4), text_or_null(p, st, 5),
                         sqlite3_column_int64(st, 6), sqlite3_column_int64(st, 7), text_or_null(p, st, 8),
                         text_or_null(p, st, 9)};
    HD_VEC_PUSH(out->quotes, out->n_quotes, cap, q);
  }
  sqlite3_finalize(st);
  return failed(s, rc, err);
}

static int sqlite_article(void *impl, int64_t id, hd_stored_article *out, hd_err *err) {
  sqlite_store *s = impl;
  pthread_mutex_lock(&s->lock);
  out->priv = hd_pool_new();
  int ret = article_head(s, id, out, err);
  if (!ret) ret = article_mentions(s, out, err);
  if (!ret) ret = article_quotes(s, out, err);
  pthread_mutex_unlock(&s->lock);
  return ret;
}

static char *sqlite_trail(void *impl, int64_t quote_id, hd_err *err) {
  sqlite_store *s = impl;
  pthread_mutex_lock(&s->lock);
  char *json = hd_quote_trail_json(s->db, quote_id, err);
  pthread_mutex_unlock(&s->lock);
  return json;
}

const hd_store_backend hd_sqlite_backend = {
    .name = "sqlite",
    .claims = sqlite_claims,
    .open = sqlite_open,
    .close = sqlite_close,
    .search = sqlite_search,
    .stories = sqlite_stories,
    .story = sqlite_story,
    .quotes = sqlite_quotes,
    .entity = sqlite_entity,
    .article = sqlite_article,
    .set_deadline = sqlite_set_deadline,
    .open_write = sqlite_open_write,
    .has = sqlite_has,
    .prepare = sqlite_prepare,
    .add = sqlite_add,
    .add_take = sqlite_add_take,
    .commit = sqlite_commit,
    .stats = sqlite_stats,
    .keys_between = sqlite_keys_between,
    .trail = sqlite_trail,
};
