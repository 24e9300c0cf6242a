/*
 * pg_backend.c: the PostgreSQL backend of the public query API
 * (backend.h) over the schema writer_pg.c writes (docs/FORMAT.md,
 * "PostgreSQL store"). Claims postgresql:// and postgres:// URIs (libpq
 * connection URIs: host, port, database, user, and parameters such as
 * host=/socket/dir).
 *
 * The same queries as sqlite_backend.c, in PostgreSQL's SQL: search is
 * full text over article_search.tsv (title weight A, text weight B; GIN index)
 * with websearch_to_tsquery('english', q) (plain words, "phrases", OR,
 * -word), ranked by ts_rank_cd with the title weighted 5x, snippets by
 * ts_headline; ties and NULLs ordered as SQLite orders them. A deadline
 * (hd_store_set_deadline) becomes statement_timeout.
 * One connection per store, used by one thread at a time (a mutex), as
 * the SQLite backend does.
 *
 * Complexity: one indexed query per section of a result (the story's
 * copies in one query). Ownership: the state owns its connection and the
 * writer (store.c) when opened for writing; results own their rows.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "corpus/lineage.h"
#include "store/quote_trail.h"
#include "store/backend.h"
#include "store/headline.h"
#include "store/pg_util.h"
#include "store/results.h"
#include "store/store.h"
#include "store/writer.h"

/* the store's layout, which decides the search statements */
enum { PG_RECENT, PG_BLOCK, PG_OLD };

typedef struct {
  PGconn *c;
  pthread_mutex_t lock;
  char *name;
  hd_ingest *w;
  double deadline;  /* CLOCK_MONOTONIC seconds; 0 = none */
  int timeout_set;  /* statement_timeout is not 0 on the connection */
  int search_runs[2];     /* searches run on the connection: plain, filtered */
  int search_prepared[2]; /* that search statement is prepared on the connection */
  int layout;          /* PG_RECENT; PG_BLOCK: no article_search_recent (a store made before it); PG_OLD:
                        * no article_search either (search in articles.tsv) */
} pg_store;

static int pg_claims(const char *uri) { return hd_is_pg_uri(uri); }

static void *pg_open(const char *uri, unsigned flags, hd_err *err) {
  (void)flags;
  pg_store *s = hd_xcalloc(1, sizeof *s);
  s->c = hd_pg_connect(uri, &s->name, err);
  if (!s->c) {
    free(s);
    return NULL;
  }
  /* is this a store, and of which layout; plans for each search's own
   * words, not JIT-compiled, without parallel workers (see HD_PG_WINDOW):
   * one round trip */
  PGresult *r = hd_pg_exec(s->c, s->name,
                           "SELECT (SELECT 1 FROM articles LIMIT 1), to_regclass('article_search') IS NULL,"
                           " to_regclass('article_search_recent') IS NULL,"
                           " set_config('plan_cache_mode', 'force_custom_plan', false), set_config('jit', 'off', false),"
                           " set_config('max_parallel_workers_per_gather', '0', false)",
                           0, NULL, err);
  if (!r) {
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
    hd_err_set(err, HD_ERR_DB, s->name, 0, "not a herald store: %s", msg);
    PQfinish(s->c);
    free(s->name);
    free(s);
    return NULL;
  }
  int rows = PQntuples(r) > 0;
  s->layout = rows && PQgetvalue(r, 0, 1)[0] == 't' ? PG_OLD : rows && PQgetvalue(r, 0, 2)[0] == 't' ? PG_BLOCK : PG_RECENT;
  PQclear(r);
  pthread_mutex_init(&s->lock, NULL);
  return s;
}

static void *pg_open_write(const char *uri, const hd_store_write_options *o, hd_err *err) {
  hd_store_options so;
  hd_store_defaults(&so);
  so.batch = o->batch;
  so.fp.threshold = o->dup_threshold;
  so.cluster.threshold = o->story_threshold;
  so.story_model = o->story_model;
  hd_ingest *w = hd_ingest_open(uri, &so, err);
  if (!w) return NULL;
  pg_store *s = pg_open(uri, HD_STORE_READ_ONLY, err);
  if (!s) {
    hd_ingest_close(w, NULL);
    return NULL;
  }
  s->w = w;
  return s;
}

static int pg_has(void *impl, const hd_article *a) { return hd_ingest_has(((pg_store *)impl)->w, hd_article_hash(a)); }
static void pg_prepare(const void *impl, hd_article *a) { hd_ingest_prepare(((const pg_store *)impl)->w, a); }
static int pg_add(void *impl, const hd_article *a, hd_err *err) { return hd_ingest_add(((pg_store *)impl)->w, a, err); }
static int pg_commit(void *impl, hd_err *err) { return hd_ingest_commit(((pg_store *)impl)->w, err); }
static void pg_stats(const void *impl, hd_store_stats *st) { hd_ingest_get_stats(((const pg_store *)impl)->w, st); }

static int pg_close(void *impl, hd_err *err) {
  pg_store *s = impl;
  int rc = s->w ? hd_ingest_close(s->w, err) : 0;
  PQfinish(s->c);
  pthread_mutex_destroy(&s->lock);
  free(s->name);
  free(s);
  return rc;
}

static void pg_set_deadline(void *impl, double at) { ((pg_store *)impl)->deadline = at; }

static double monotonic_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- running queries ---- */

static int timeout_err(hd_err *err) {
  hd_err_set(err, HD_ERR_TIMEOUT, NULL, 0, "the query took longer than its time limit");
  return -1;
}

/* statement_timeout from the deadline, before a query. */
static int arm(pg_store *s, hd_err *err) {
  if (!s->deadline && !s->timeout_set) return 0;
  char sql[64];
  long ms = 0;
  if (s->deadline) {
    ms = (long)((s->deadline - monotonic_now()) * 1000.0);
    if (ms < 1) return timeout_err(err);
  }
  snprintf(sql, sizeof sql, "SET statement_timeout = %ld", ms);
  s->timeout_set = ms != 0;
  return hd_pg_run(s->c, s->name, sql, err);
}

/* A query with text parameters; NULL on failure (a cancelled statement is
 * HD_ERR_TIMEOUT). `prepared`: the name of sql once prepared (NULL: run
 * unprepared). */
static PGresult *query_as(pg_store *s, const char *prepared, const char *sql, int n, const char *const *params,
                          hd_err *err) {
  if (arm(s, err)) return NULL;
  PGresult *r = prepared ? PQexecPrepared(s->c, prepared, n, params, NULL, NULL, 0)
                         : PQexecParams(s->c, sql, n, NULL, params, NULL, NULL, 0);
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st == PGRES_TUPLES_OK) return r;
  const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
  if (state && !strcmp(state, "57014")) timeout_err(err);
  else {
    const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(s->c);
    hd_err_set(err, HD_ERR_DB, s->name, 0, "query failed: %.*s", (int)strcspn(msg, "\n"), msg);
  }
  PQclear(r);
  return NULL;
}

static PGresult *query(pg_store *s, const char *sql, int n, const char *const *params, hd_err *err) {
  return query_as(s, NULL, sql, n, params, err);
}

static const char *txt(hd_pool *p, const PGresult *r, int row, int col) {
  return PQgetisnull(r, row, col) ? NULL : hd_pool_strndup(p, PQgetvalue(r, row, col), (size_t)PQgetlength(r, row, col));
}
static int64_t num(const PGresult *r, int row, int col) { return strtoll(PQgetvalue(r, row, col), NULL, 10); }
static int64_t id_or_none(const PGresult *r, int row, int col) {
  return PQgetisnull(r, row, col) ? HD_NO_ID : num(r, row, col);
}
static double real_or_nan(const PGresult *r, int row, int col) {
  return PQgetisnull(r, row, col) ? (double)NAN : strtod(PQgetvalue(r, row, col), NULL);
}

typedef struct {
  char v[4][32];
} num_params;

static const char *num_param(num_params *np, int i, int64_t v) {
  snprintf(np->v[i], sizeof np->v[i], "%lld", (long long)v);
  return np->v[i];
}

/* Entity ids matching NAME ($N): exact name, key or alias (any case). */
#define ENTITY_MATCH(N)                                                                            \
  "(SELECT id FROM entities WHERE lower(name) = lower($" #N "::text) OR key = $" #N "::text"      \
  " UNION SELECT entity_id FROM aliases WHERE lower(alias) = lower($" #N "::text))"

/* Part of a name: $1 inside the column, any case, every character literal. */
#define CONTAINS(col) "strpos(lower(" col "), lower($1::text)) > 0"

/* ---- search ---- */

/* The window (the W most recent matches, as in SQLite: W = --window), and
 * only its rows ranked. Finding where the window starts is what costs:
 * a GIN posting list gives no order, so either the primary key is walked
 * back from the newest article, testing each row (cheap when matches are
 * dense), or a bitmap of the posting list (and of an id range) is built
 * and every match in it visited (cheap when they are few). Which one is
 * decided from a probe: p2, the newest 2W articles walked back (a word
 * in at least half of them fills the window there). From its count c the
 * density is estimated, and the window should lie within the newest
 * r = 4W^2/c ids (twice the span that holds W matches at that density):
 * a word in at least one article in 16 walks back over 4r ids (wd), a
 * sparser one reads its posting list ANDed with the id range r (ws,
 * fenced by OFFSET 0 so that it is not walked; the range is a few blocks
 * of ids that article_search_recent indexes as lexemes, HD_PG_COVER
 * below), and when fewer than W
 * matches are there, or r is half the store, all matches are read (wall).
 * These two keep only the W newest matches' row addresses (ctid: the
 * sort carries no vectors) and rank just those rows, fetched by address
 * (a Tid Scan), not every match (ts_rank_cd was ~2.4 us a row: 14 ms of
 * the 5,815 matches of "japan seek" at 1M).
 * The walks test `(tsv @@ q) IS TRUE`, which no index serves, so that
 * they are walks whatever the planner estimates (it multiplies the
 * words' frequencies: for "hong kong" or a repeated word it expected a
 * few matches, read all of them from the posting list, 21,000 heap
 * visits at 1M, and the probe cost a second). A tier is
 * used only when it holds W matches, so the window is always exactly the
 * W newest matches (same results as reading all of them), for a cost near
 * O(W / density) or O(matches in the range) instead of O(matches). Each
 * MATERIALIZED tier is computed only when `tier` reads it. The tsquery
 * is written out in each WHERE so that the planner, which plans each
 * execution for its words (plan_cache_mode = force_custom_plan, set at
 * connect; jit off: compiling cost more than most searches; no parallel
 * workers: starting them cost more than the walks they split), sees how
 * common they are. T: where the vectors are (article_search; articles.tsv
 * in a store written before it). W, LIMIT, OFFSET: the parameters' SQL;
 * SCORE: the rank expression of row x. */
#define HD_PG_TSQ "websearch_to_tsquery('english', $1::text)"
#define HD_PG_RANK(x) "ts_rank_cd('{0.1, 0.2, 0.2, 1.0}', " x ".tsv, " HD_PG_TSQ ")"
#define HD_PG_WALK(T, NAME, W, SPAN)                                                                       \
  " " NAME " AS MATERIALIZED (SELECT x.id, " HD_PG_RANK("x") " AS score FROM " T " x"                      \
  " WHERE (x.tsv @@ " HD_PG_TSQ ") IS TRUE AND x.id > (SELECT m FROM m) - " SPAN                          \
  " ORDER BY x.id DESC LIMIT " W "),"
#define HD_PG_BITMAP(T, NAME, W, COND)                                                                     \
  " " NAME " AS MATERIALIZED (SELECT x.id, " HD_PG_RANK("x") " AS score FROM " T " x"                      \
  " WHERE x.ctid = ANY (ARRAY(SELECT t FROM (SELECT x.id, x.ctid AS t FROM " T " x"                        \
  " WHERE " COND " OFFSET 0) f ORDER BY id DESC LIMIT " W "))),"
/* T: the table; W: the window's SQL; MATCH: row x matches, as its GIN
 * index reads it; RANGE: row x matches and lies in the range tier's ids
 * (the newest r, or a few more); MORE: CTEs RANGE reads. */
#define HD_PG_WINDOW(T, W, MATCH, RANGE, MORE)                                                             \
  " m AS (SELECT coalesce(max(id), 0) AS m FROM " T "),"                                                  \
  HD_PG_WALK(T, "p2", W, "2 * " W "::bigint")                                                             \
  " est AS MATERIALIZED (SELECT count(*) AS c, 4 * " W "::bigint * " W " / greatest(count(*), 1) AS r FROM p2)," \
  MORE                                                                                                     \
  HD_PG_WALK(T, "wd", W, "(SELECT 4 * r FROM est)")                                                       \
  HD_PG_BITMAP(T, "ws", W, RANGE)                                                                         \
  HD_PG_BITMAP(T, "wall", W, MATCH)                                                                       \
  " tier AS (SELECT CASE WHEN " W " <= 0 THEN 0 WHEN c >= " W " THEN 2"                                    \
  " WHEN c * 16 >= 2 * " W " THEN CASE WHEN (SELECT count(*) FROM wd) >= " W " THEN 3 ELSE 1 END"          \
  " WHEN r < (SELECT m FROM m) / 2 AND (SELECT count(*) FROM ws) >= " W " THEN 4 ELSE 1 END AS k FROM est)," \
  " win AS (SELECT id, score FROM p2 WHERE (SELECT k FROM tier) = 2"                                      \
  " UNION ALL SELECT id, score FROM wd WHERE (SELECT k FROM tier) = 3"                                    \
  " UNION ALL SELECT id, score FROM ws WHERE (SELECT k FROM tier) = 4"                                    \
  " UNION ALL SELECT id, score FROM wall WHERE (SELECT k FROM tier) = 1"                                  \
  " UNION ALL SELECT x.id, " HD_PG_RANK("x") " FROM " T " x WHERE " W " <= 0 AND " MATCH "),"
#define HD_PG_SNIPPET_SELECT                                                                                \
  " SELECT a.id, a.date, a.outlet, a.title, a.story_id, ts_headline('english', a.text, " HD_PG_TSQ ","      \
  " 'StartSel=\"[\", StopSel=\"]\", MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=\"...\"'),"  \
  " top.score FROM top JOIN articles a ON a.id = top.id ORDER BY top.score DESC, a.id DESC"
/* Without filters ($1 query, $2 limit, $3 window, $4 offset): only the
 * search vectors and the returned articles are read, and a new backend
 * (one per `herald search` process) parses and plans fewer relations. */
#define HD_PG_SEARCH_PLAIN_SQL(T, MATCH, RANGE, MORE)                                                            \
  "WITH" HD_PG_WINDOW(T, "$3::int", MATCH, RANGE, MORE)                                                          \
  " top AS (SELECT id, score FROM win ORDER BY score DESC, id DESC LIMIT $2::int OFFSET $4::int)"          \
  HD_PG_SNIPPET_SELECT
/* With filters ($2 outlet, $3/$4 first/last day, $5 entity; $6 limit,
 * $7 window, $8 offset), applied to the window's rows. */
#define HD_PG_SEARCH_SQL(T, MATCH, RANGE, MORE)                                                                  \
  "WITH" HD_PG_WINDOW(T, "$7::int", MATCH, RANGE, MORE)                                                          \
  " top AS (SELECT c.id AS id, c.score FROM win c"                                                        \
  " WHERE (($2::text IS NULL AND $3::bigint IS NULL AND $4::bigint IS NULL) OR EXISTS (SELECT 1 FROM articles f" \
  " WHERE f.id = c.id AND ($2::text IS NULL OR lower(f.outlet) = lower($2::text))"                       \
  " AND ($3::bigint IS NULL OR f.day >= $3::bigint) AND ($4::bigint IS NULL OR f.day <= $4::bigint)))"   \
  " AND ($5::text IS NULL OR c.id IN (SELECT article_id FROM article_entities WHERE entity_id IN " ENTITY_MATCH(5) "))" \
  " ORDER BY c.score DESC, c.id DESC LIMIT $6::int OFFSET $8::int)"                                       \
  HD_PG_SNIPPET_SELECT
/* The range tier of each layout. A store with article_search_recent
 * (pg_util.h): the words ANDed, inside the GIN index, with blocks of ids
 * that cover the newest r (`cover`): whole blocks of 2^18 ids from the
 * newest down as far as they stay above m - r, then of 2^16, of 2^14, and
 * of 2^12 down to the one holding m - r. That is every id from
 * ((m - r) >> 12) << 12 up, in at most 3 blocks a level below the top (a
 * tsquery of a dozen lexemes at 1M); the tier's count is over what it
 * read, so the window is still exact. Two conditions, so two GIN scan
 * keys: the index steps each key forward to the other's next row, skipping
 * through the posting lists (as one tsquery, GIN read every row of the
 * small blocks and of the rarer word first: 19 ms instead of 6 for
 * "futures approves" at 1M). */
#define HD_PG_MATCH_RECENT HD_PG_RECENT_TSV("x.") " @@ " HD_PG_TSQ
#define HD_PG_COVER_LO "((SELECT m FROM m) - (SELECT r FROM est))"
#define HD_PG_COVER                                                                                        \
  " cover AS MATERIALIZED (SELECT string_agg(format('''~%s %s''', k, b), ' | ')::tsquery AS q"            \
  " FROM (VALUES (12), (14), (16), (18)) v(k), LATERAL generate_series("                                  \
  "CASE WHEN k = 12 THEN " HD_PG_COVER_LO " >> 12 ELSE (" HD_PG_COVER_LO " + (1::bigint << k) - 1) >> k END," \
  " least(CASE WHEN k = 18 THEN (SELECT m FROM m) >> 18"                                                 \
  " ELSE (((" HD_PG_COVER_LO " + (1::bigint << (k + 2)) - 1) >> (k + 2)) << 2) - 1 END, (SELECT m FROM m) >> k)) b),"
#define HD_PG_RANGE_RECENT HD_PG_MATCH_RECENT " AND " HD_PG_RECENT_TSV("x.") " @@ (SELECT q FROM cover)"
/* A store made before it: its matches ANDed with whole blocks of
 * article_search_block (a superset of the range r, too); with the
 * primary key's range in a store written before article_search. */
#define HD_PG_MATCH_TSV "x.tsv @@ " HD_PG_TSQ
#define HD_PG_RANGE_BLOCK                                                                                  \
  HD_PG_MATCH_TSV " AND x.id / " HD_PG_ID_BLOCK " >= ((SELECT m FROM m) - (SELECT r FROM est)) / " HD_PG_ID_BLOCK
#define HD_PG_RANGE_ID HD_PG_MATCH_TSV " AND x.id > (SELECT m FROM m) - (SELECT r FROM est)"
#define HD_PG_LAYOUTS(SQL)                                                                                 \
  {SQL("article_search", HD_PG_MATCH_RECENT, HD_PG_RANGE_RECENT, HD_PG_COVER),                             \
   SQL("article_search", HD_PG_MATCH_TSV, HD_PG_RANGE_BLOCK, ""), SQL("articles", HD_PG_MATCH_TSV, HD_PG_RANGE_ID, "")}
static const char *const SEARCH_PLAIN[3] = HD_PG_LAYOUTS(HD_PG_SEARCH_PLAIN_SQL);
static const char *const SEARCH_FILTERED[3] = HD_PG_LAYOUTS(HD_PG_SEARCH_SQL);
static const char *const SEARCH_NAME[2] = {"hd_search", "hd_search_filtered"};

/* Runs search statement `filtered` of the store's layout: unprepared the
 * first time on a connection (one round trip, what a `herald search`
 * process needs), prepared from the second (`herald serve` parses it once). */
static PGresult *run_search(pg_store *s, int filtered, int n, const char *const *p, hd_err *err) {
  const char *sql = (filtered ? SEARCH_FILTERED : SEARCH_PLAIN)[s->layout];
  if (s->search_runs[filtered]++ == 1) {
    PGresult *pr = PQprepare(s->c, SEARCH_NAME[filtered], sql, 0, NULL);
    s->search_prepared[filtered] = pr && PQresultStatus(pr) == PGRES_COMMAND_OK;
    PQclear(pr);
  }
  return query_as(s, s->search_prepared[filtered] ? SEARCH_NAME[filtered] : NULL, sql, n, p, err);
}

static int pg_search(void *impl, const hd_search_req *r, hd_search_result *out, hd_err *err) {
  pg_store *s = impl;
  num_params np;
  int filtered = r->outlet || r->since != HD_DAY_OPEN || r->until != HD_DAY_OPEN || r->entity;
  const char *p[8] = {r->q,
                      r->outlet,
                      r->since != HD_DAY_OPEN ? num_param(&np, 0, r->since) : NULL,
                      r->until != HD_DAY_OPEN ? num_param(&np, 1, r->until) : NULL,
                      r->entity,
                      num_param(&np, 2, r->limit),
                      num_param(&np, 3, r->window),
                      NULL};
  char off[32];
  snprintf(off, sizeof off, "%d", r->offset);
  p[7] = off;
  const char *plain[4] = {p[0], p[5], p[6], p[7]};
  pthread_mutex_lock(&s->lock);
  PGresult *res = filtered ? run_search(s, 1, 8, p, err) : run_search(s, 0, 4, plain, err);
  if (res) {
    out->priv = hd_pool_new();
    size_t cap = 0;
    for (int i = 0; i < PQntuples(res); i++) {
      hd_search_hit h = {num(res, i, 0),    txt(out->priv, res, i, 1), txt(out->priv, res, i, 2),
                         txt(out->priv, res, i, 3), id_or_none(res, i, 4), txt(out->priv, res, i, 5),
                         strtod(PQgetvalue(res, i, 6), NULL)};
      HD_VEC_PUSH(out->hits, out->n, cap, h);
    }
    PQclear(res);
  }
  pthread_mutex_unlock(&s->lock);
  return res ? 0 : -1;
}

/* ---- stories ---- */

/* A story's headline (headline.h): the one the writer kept at commit, or
 * computed now when it kept none. */
static const char *story_headline(pg_store *s, hd_pool *pool, int64_t id, const char *label, hd_err *err) {
  num_params np;
  const char *p[] = {num_param(&np, 0, id)};
  PGresult *r = query(s, "SELECT headline FROM stories WHERE id = $1::bigint", 1, p, err);
  const char *kept = r && PQntuples(r) > 0 ? txt(pool, r, 0, 0) : NULL;
  PQclear(r);
  if (kept) return kept;
  r = query(s,
            "SELECT title, outlet FROM articles WHERE story_id = $1::bigint AND dup_of IS NULL"
            " AND title IS NOT NULL AND title != '' ORDER BY day IS NULL, day, id LIMIT 50",
            1, p, err);
  if (!r) return NULL;
  hd_headline h;
  hd_headline_init(&h, label);
  for (int i = 0; i < PQntuples(r); i++)
    hd_headline_offer(&h, PQgetvalue(r, i, 0), PQgetisnull(r, i, 1) ? NULL : PQgetvalue(r, i, 1));
  PQclear(r);
  char *best = hd_headline_take(&h);
  kept = best ? hd_pool_strdup(pool, best) : NULL;
  free(best);
  return kept;
}

static hd_story_row story_row(hd_pool *p, const PGresult *r, int i) {
  hd_story_row row = {num(r, i, 0), txt(p, r, i, 1), num(r, i, 2), num(r, i, 3), txt(p, r, i, 4), txt(p, r, i, 5), NULL};
  return row;
}

static int pg_stories(void *impl, const hd_stories_req *r, hd_stories_result *out, hd_err *err) {
  pg_store *s = impl;
  char since[16];
  num_params np;
  if (r->since != HD_DAY_OPEN) hd_iso_day(r->since, since);
  const char *p[] = {r->since != HD_DAY_OPEN ? since : NULL, num_param(&np, 0, r->limit), num_param(&np, 1, r->offset)};
  pthread_mutex_lock(&s->lock);
  PGresult *res = query(s,
                        "SELECT id, label, articles, outlets, first, last FROM stories"
                        " WHERE merged_into IS NULL AND articles > 0 AND ($1::text IS NULL OR last >= $1::text COLLATE \"C\")"
                        " ORDER BY articles DESC, last COLLATE \"C\" DESC NULLS LAST, id DESC LIMIT $2::int OFFSET $3::int",
                        3, p, err);
  int ret = res ? 0 : -1;
  if (res) {
    out->priv = hd_pool_new();
    size_t cap = 0;
    for (int i = 0; i < PQntuples(res); i++) {
      hd_story_row row = story_row(out->priv, res, i);
      HD_VEC_PUSH(out->rows, out->n, cap, row);
    }
    PQclear(res);
    for (size_t i = 0; i < out->n; i++)
      out->rows[i].headline = story_headline(s, out->priv, out->rows[i].id, out->rows[i].label, err);
  }
  pthread_mutex_unlock(&s->lock);
  return ret;
}

/* ---- story ---- */

static int story_head(pg_store *s, int64_t id, hd_story_result *out, hd_err *err) {
  num_params np;
  const char *p[] = {num_param(&np, 0, id)};
  PGresult *r = query(s,
                      "WITH RECURSIVE m(id, into_) AS (SELECT id, merged_into FROM stories WHERE id = $1::bigint"
                      " UNION ALL SELECT s.id, s.merged_into FROM stories s JOIN m ON s.id = m.into_)"
                      " SELECT s.id, s.label, s.articles, s.outlets, s.first, s.last, s.thread_id"
                      " FROM m JOIN stories s ON s.id = m.id WHERE m.into_ IS NULL",
                      1, p, err);
  if (!r) return -1;
  int found = PQntuples(r) > 0;
  if (found) {
    out->story = story_row(out->priv, r, 0);
    out->thread = id_or_none(r, 0, 6);
  } else hd_err_set(err, HD_ERR_NOT_FOUND, NULL, 0, "no story %lld", (long long)id);
  PQclear(r);
  return found ? 0 : -1;
}

static int story_related(pg_store *s, hd_story_result *out, hd_err *err) {
  num_params np;
  const char *p[] = {num_param(&np, 0, out->thread), num_param(&np, 1, out->story.id)};
  PGresult *r = query(s,
                      "SELECT id, label FROM stories WHERE thread_id = $1::bigint AND id != $2::bigint"
                      " AND merged_into IS NULL AND articles > 0 ORDER BY id",
                      2, p, err);
  if (!r) return -1;
  size_t cap = 0;
  for (int i = 0; i < PQntuples(r); i++) {
    hd_story_ref ref = {num(r, i, 0), txt(out->priv, r, i, 1)};
    HD_VEC_PUSH(out->related, out->n_related, cap, ref);
  }
  PQclear(r);
  return 0;
}

typedef struct {
  int64_t id;
  size_t at;
} id_at;

static int cmp_id_at(const void *a, const void *b) {
  int64_t x = ((const id_at *)a)->id, y = ((const id_at *)b)->id;
  return (x > y) - (x < y);
}

/* Copies in this story under their originals (one query for all). */
static int story_copies(pg_store *s, hd_story_result *out, const char *story, hd_err *err) {
  const char *p[] = {story};
  PGresult *r = query(s,
                      "SELECT dup_of, id, date, outlet, dup_sim FROM articles WHERE story_id = $1::bigint"
                      " AND dup_of IS NOT NULL ORDER BY day IS NULL, day, id",
                      1, p, err);
  if (!r) return -1;
  id_at *index = hd_xcalloc(out->n_timeline + 1, sizeof *index);
  size_t *caps = hd_xcalloc(out->n_timeline + 1, sizeof *caps);
  for (size_t i = 0; i < out->n_timeline; i++) index[i] = (id_at){out->timeline[i].id, i};
  qsort(index, out->n_timeline, sizeof *index, cmp_id_at);
  for (int i = 0; i < PQntuples(r); i++) {
    id_at key = {num(r, i, 0), 0};
    id_at *hit = bsearch(&key, index, out->n_timeline, sizeof *index, cmp_id_at);
    if (!hit) continue;
    hd_story_entry *e = &out->timeline[hit->at];
    hd_story_copy c = {num(r, i, 1), txt(out->priv, r, i, 2), txt(out->priv, r, i, 3), real_or_nan(r, i, 4)};
    HD_VEC_PUSH(e->copies, e->n_copies, caps[hit->at], c);
  }
  free(index);
  free(caps);
  PQclear(r);
  return 0;
}

/* Originals by date; copies in the same story folded under them. */
static int story_timeline(pg_store *s, hd_story_result *out, hd_err *err) {
  num_params np;
  const char *p[] = {num_param(&np, 0, out->story.id)};
  PGresult *r = query(s,
                      "SELECT id, date, outlet, title FROM articles a WHERE story_id = $1::bigint"
                      " AND NOT (dup_of IS NOT NULL AND dup_of IN (SELECT id FROM articles WHERE story_id = $1::bigint))"
                      " ORDER BY day IS NULL, day, id",
                      1, p, err);
  if (!r) return -1;
  size_t cap = 0;
  for (int i = 0; i < PQntuples(r); i++) {
    hd_story_entry e = {num(r, i, 0), txt(out->priv, r, i, 1), txt(out->priv, r, i, 2), txt(out->priv, r, i, 3), NULL, 0};
    HD_VEC_PUSH(out->timeline, out->n_timeline, cap, e);
  }
  PQclear(r);
  return story_copies(s, out, p[0], err);
}

/* Who said what: quotes of the story's originals grouped by speaker. */
static int story_speakers(pg_store *s, hd_story_result *out, hd_err *err) {
  num_params np;
  const char *p[] = {num_param(&np, 0, out->story.id)};
  PGresult *r = query(s,
                      "SELECT coalesce(e.name, q.speaker, '(unknown)') AS who, q.speaker_id, q.type, q.content,"
                      " a.outlet, a.date, a.id, q.id FROM quotes q JOIN articles a ON a.id = q.article_id"
                      " LEFT JOIN entities e ON e.id = q.speaker_id"
                      " WHERE a.story_id = $1::bigint AND a.dup_of IS NULL"
                      " ORDER BY lower(coalesce(e.name, q.speaker, '(unknown)')) COLLATE \"C\", a.day IS NULL, a.day, q.id",
                      1, p, err);
  if (!r) return -1;
  size_t cap = 0, qcap = 0;
  for (int i = 0; i < PQntuples(r); i++) {
    const char *who = PQgetvalue(r, i, 0);
    hd_story_speaker *sp = out->n_speakers ? &out->speakers[out->n_speakers - 1] : NULL;
    if (!sp || strcasecmp(sp->speaker, who) != 0) {
      hd_story_speaker ns = {txt(out->priv, r, i, 0), id_or_none(r, i, 1), NULL, 0};
      HD_VEC_PUSH(out->speakers, out->n_speakers, cap, ns);
      sp = &out->speakers[out->n_speakers - 1];
      qcap = 0;
    }
    hd_story_quote q = {txt(out->priv, r, i, 2), txt(out->priv, r, i, 3), txt(out->priv, r, i, 4),
                        txt(out->priv, r, i, 5), num(r, i, 6), num(r, i, 7), NULL};
    HD_VEC_PUSH(sp->quotes, sp->n_quotes, qcap, q);
  }
  PQclear(r);
  return 0;
}

/* Unnamed sources: the anonymous quotes of all the story's articles
 * (copies too), grouped by the source as written, by date and outlet. */
static int story_unnamed(pg_store *s, hd_story_result *out, hd_err *err) {
  num_params np;
  const char *p[] = {num_param(&np, 0, out->story.id)};
  PGresult *r = query(s,
                      "SELECT coalesce(nullif(btrim(q.speaker), ''), '(unnamed source)') AS who, q.type, q.content,"
                      " a.outlet, a.date, a.id, q.id FROM quotes q JOIN articles a ON a.id = q.article_id"
                      " WHERE a.story_id = $1::bigint AND q.speaker_kind = 'anonymous'"
                      " ORDER BY lower(coalesce(nullif(btrim(q.speaker), ''), '(unnamed source)')) COLLATE \"C\","
                      " a.day IS NULL, a.day, a.outlet COLLATE \"C\", q.id",
                      1, p, err);
  if (!r) return -1;
  size_t cap = 0, qcap = 0;
  for (int i = 0; i < PQntuples(r); i++) {
    const char *who = PQgetvalue(r, i, 0);
    hd_story_speaker *sp = out->n_unnamed ? &out->unnamed[out->n_unnamed - 1] : NULL;
    if (!sp || strcasecmp(sp->speaker, who) != 0) {
      hd_story_speaker ns = {txt(out->priv, r, i, 0), HD_NO_ID, NULL, 0};
      HD_VEC_PUSH(out->unnamed, out->n_unnamed, cap, ns);
      sp = &out->unnamed[out->n_unnamed - 1];
      qcap = 0;
    }
    hd_story_quote q = {txt(out->priv, r, i, 1), txt(out->priv, r, i, 2), txt(out->priv, r, i, 3),
                        txt(out->priv, r, i, 4), num(r, i, 5), num(r, i, 6), NULL};
    HD_VEC_PUSH(sp->quotes, sp->n_quotes, qcap, q);
  }
  PQclear(r);
  return 0;
}

/* Wire lineage, computed here from the story's articles (this store
 * keeps no lineage table) with the same rules and order as the SQLite
 * store's table (store/lineage_table.h). */
static int story_lineage(pg_store *s, hd_story_result *out, hd_err *err) {
  num_params np;
  const char *p[] = {num_param(&np, 0, out->story.id)};
  PGresult *r = query(s,
                      "SELECT id, text, dup_of, minhash, outlet, date FROM articles WHERE story_id = $1::bigint"
                      " ORDER BY day IS NULL, day, id LIMIT 400",
                      1, p, err);
  if (!r) return -1;
  int n = PQntuples(r);
  hd_lineage_article *a = hd_xcalloc((size_t)n + 1, sizeof *a);
  hd_minhash *mh = hd_xcalloc((size_t)n + 1, sizeof *mh);
  for (int i = 0; i < n; i++) {
    int has_mh = 0;
    if (!PQgetisnull(r, i, 3)) {
      size_t len = 0;
      unsigned char *b = PQunescapeBytea((const unsigned char *)PQgetvalue(r, i, 3), &len);
      if (b && len == sizeof *mh) memcpy(&mh[i], b, sizeof *mh), has_mh = 1;
      PQfreemem(b);
    }
    a[i] = (hd_lineage_article){num(r, i, 0), PQgetvalue(r, i, 1), id_or_none(r, i, 2), has_mh ? &mh[i] : NULL};
  }
  hd_lineage *l = NULL;
  size_t nl = hd_lineage_story(a, (size_t)n, &l), cap = 0;
  for (size_t k = 0; k < nl; k++) {
    int x = 0, y = 0; /* the rows of the copy and of its source */
    while (x < n && a[x].id != l[k].article) x++;
    while (y < n && a[y].id != l[k].source) y++;
    if (x == n || y == n) continue;
    hd_story_lineage sl = {.article = l[k].article,
                           .source = l[k].source,
                           .outlet = txt(out->priv, r, x, 4),
                           .date = txt(out->priv, r, x, 5),
                           .source_outlet = txt(out->priv, r, y, 4),
                           .source_date = txt(out->priv, r, y, 5),
                           .paragraphs = l[k].paragraphs,
                           .from_source = l[k].from_source,
                           .changed = l[k].changed,
                           .added = l[k].added,
                           .cut = l[k].cut};
    HD_VEC_PUSH(out->lineage, out->n_lineage, cap, sl);
  }
  hd_lineage_free(l, nl);
  free(a);
  free(mh);
  PQclear(r);
  return 0;
}

/* ---- quote trail ---- */

static char *dup_or_null(const PGresult *r, int row, int col) {
  return PQgetisnull(r, row, col) ? NULL : hd_xstrdup(PQgetvalue(r, row, col));
}

/* The members of the group of quote `id` in date order (*n = 0: none);
 * -1 on a failed query (err set). The caller holds s->lock. */
static int load_group(pg_store *s, int64_t id, hd_trail_member **m, size_t *n, hd_err *err) {
  num_params np;
  const char *params[] = {num_param(&np, 0, id)};
  *m = NULL;
  *n = 0;
  PGresult *r = query(s, HD_QUOTE_TRAIL_SQL("$1::bigint"), 1, params, err);
  if (!r) return -1;
  *n = (size_t)PQntuples(r);
  *m = hd_xcalloc(*n + 1, sizeof **m);
  for (size_t i = 0; i < *n; i++) {
    int k = (int)i;
    (*m)[i] = (hd_trail_member){num(r, k, 0), num(r, k, 1), PQgetisnull(r, k, 2) ? 0 : num(r, k, 2),
                                dup_or_null(r, k, 3), dup_or_null(r, k, 4), dup_or_null(r, k, 5),
                                dup_or_null(r, k, 6), dup_or_null(r, k, 7), dup_or_null(r, k, 8)};
  }
  PQclear(r);
  return 0;
}

/* The group summary of quote `id` in pool p, or NULL (as SQLite's
 * hd_quote_trail_summary). */
static const char *group_summary(pg_store *s, hd_pool *p, int64_t id) {
  hd_trail_member *m;
  size_t n;
  hd_err e = {0};
  const char *out = NULL;
  if (load_group(s, id, &m, &n, &e) == 0) {
    char *t = hd_quote_trail_summary_of(m, n);
    if (t) out = hd_pool_strndup(p, t, strlen(t));
    free(t);
  }
  hd_trail_members_free(m, n);
  return out;
}

/* Each speaker quote's trail summary, as the SQLite store gives it (its
 * story_trails: the story's first 200 groups of two or more). */
static int story_trails(pg_store *s, hd_story_result *out) {
  hd_err e = {0};
  num_params np;
  const char *p[] = {num_param(&np, 0, out->story.id)};
  PGresult *r = query(s,
                      "SELECT l.quote_id, l.group_id FROM quote_links l JOIN quotes q ON q.id = l.quote_id"
                      " JOIN articles a ON a.id = q.article_id WHERE a.story_id = $1::bigint AND a.dup_of IS NULL"
                      " AND EXISTS (SELECT 1 FROM quote_links o WHERE o.group_id = l.group_id AND o.quote_id <> l.quote_id)"
                      " ORDER BY l.group_id, l.quote_id",
                      1, p, &e);
  if (!r) return 0; /* a store written before quote links existed */
  int64_t group = -1;
  int groups = 0;
  const char *summary = NULL;
  for (int i = 0; i < PQntuples(r); i++) {
    int64_t quote = num(r, i, 0), g = num(r, i, 1);
    if (g != group) {
      group = g;
      if (groups++ == 200) break;
      summary = group_summary(s, out->priv, quote);
    }
    for (size_t a = 0; summary && a < out->n_speakers; a++)
      for (size_t k = 0; k < out->speakers[a].n_quotes; k++)
        if (out->speakers[a].quotes[k].quote == quote) out->speakers[a].quotes[k].trail = summary;
  }
  PQclear(r);
  return 0;
}

static int pg_story(void *impl, int64_t id, hd_story_result *out, hd_err *err) {
  pg_store *s = impl;
  pthread_mutex_lock(&s->lock);
  out->priv = hd_pool_new();
  int ret = story_head(s, id, out, err);
  if (!ret) out->story.headline = story_headline(s, out->priv, out->story.id, out->story.label, err);
  if (!ret) ret = story_related(s, out, err);
  if (!ret) ret = story_timeline(s, out, err);
  if (!ret) ret = story_speakers(s, out, err);
  if (!ret) ret = story_trails(s, out);
  if (!ret) ret = story_unnamed(s, out, err);
  if (!ret) ret = story_lineage(s, out, err);
  pthread_mutex_unlock(&s->lock);
  return ret;
}

/* ---- quotes ---- */

static const char QUOTES_SQL[] =
    /* exact name, alias or key; failing that, part of a name or source */
    "WITH exact AS " ENTITY_MATCH(1) ","
    " ids AS (SELECT id FROM exact UNION SELECT id FROM entities"
    "   WHERE NOT EXISTS (SELECT 1 FROM exact) AND " CONTAINS("name") ")"
    " SELECT coalesce(e.name, q.speaker), q.type, q.content, q.cue, a.outlet, a.date, a.id, a.title, q.id"
    " FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id"
    " WHERE (q.speaker_id IN (SELECT id FROM ids) OR (q.speaker_id IS NULL AND (lower(q.speaker) = lower($1::text)"
    "   OR (NOT EXISTS (SELECT 1 FROM exact) AND " CONTAINS("q.speaker") "))))"
    " AND a.dup_of IS NULL ORDER BY a.day IS NULL, a.day DESC, q.id DESC LIMIT $2::int OFFSET $3::int";

/* Each row's trail summary (as SQLite's quote_rows_trails: one group
 * read per distinct group). */
static void quote_rows_trails(pg_store *s, hd_quotes_result *out) {
  int64_t *group = hd_xcalloc(out->n + 1, sizeof *group);
  for (size_t i = 0; i < out->n; i++) {
    num_params np;
    const char *p[] = {num_param(&np, 0, out->rows[i].id)};
    hd_err e = {0};
    PGresult *r = query(s, "SELECT group_id FROM quote_links WHERE quote_id = $1::bigint", 1, p, &e);
    group[i] = r && PQntuples(r) ? num(r, 0, 0) : -1;
    PQclear(r);
    if (group[i] < 0) continue;
    size_t k = 0;
    while (k < i && group[k] != group[i]) k++;
    out->rows[i].trail = k < i ? out->rows[k].trail : group_summary(s, out->priv, out->rows[i].id);
  }
  free(group);
}

static int pg_quotes(void *impl, const hd_quotes_req *r, hd_quotes_result *out, hd_err *err) {
  pg_store *s = impl;
  num_params np;
  const char *p[] = {r->speaker, num_param(&np, 0, r->limit), num_param(&np, 1, r->offset)};
  pthread_mutex_lock(&s->lock);
  PGresult *res = query(s, QUOTES_SQL, 3, p, err);
  if (res) {
    out->priv = hd_pool_new();
    size_t cap = 0;
    hd_pool *pl = out->priv;
    for (int i = 0; i < PQntuples(res); i++) {
      hd_quote_row q = {txt(pl, res, i, 0), txt(pl, res, i, 1), txt(pl, res, i, 2), txt(pl, res, i, 3),
                        txt(pl, res, i, 4), txt(pl, res, i, 5), num(res, i, 6),     txt(pl, res, i, 7),
                        num(res, i, 8), NULL};
      HD_VEC_PUSH(out->rows, out->n, cap, q);
    }
    PQclear(res);
    quote_rows_trails(s, out);
  }
  pthread_mutex_unlock(&s->lock);
  return res ? 0 : -1;
}

/* ---- entity ---- */

static const char ENTITY_SQL[] =
    "SELECT id, key, type, name, mentions, articles FROM entities WHERE id IN " ENTITY_MATCH(1)
    " OR (" CONTAINS("name") " AND NOT EXISTS (SELECT 1 FROM entities WHERE id IN " ENTITY_MATCH(1) "))"
    " ORDER BY id NOT IN " ENTITY_MATCH(1) ", mentions DESC LIMIT 1";

typedef void (*add_fn)(hd_entity_result *, const PGresult *, int, size_t *);

/* Runs a ($1 = entity id, $2 = limit) list, calling add for each row. */
static int entity_list(pg_store *s, const char *sql, int64_t id, int limit, hd_entity_result *out, add_fn add,
                       hd_err *err) {
  num_params np;
  const char *p[] = {num_param(&np, 0, id), num_param(&np, 1, limit)};
  PGresult *r = query(s, sql, 2, p, err);
  if (!r) return -1;
  size_t cap = 0;
  for (int i = 0; i < PQntuples(r); i++) add(out, r, i, &cap);
  PQclear(r);
  return 0;
}

static void add_alias(hd_entity_result *e, const PGresult *r, int i, size_t *cap) {
  hd_name_count a = {txt(e->priv, r, i, 0), num(r, i, 1)};
  HD_VEC_PUSH(e->aliases, e->n_aliases, *cap, a);
}
static void add_title(hd_entity_result *e, const PGresult *r, int i, size_t *cap) {
  hd_name_count t = {txt(e->priv, r, i, 0), num(r, i, 1)};
  HD_VEC_PUSH(e->titles, e->n_titles, *cap, t);
}
static void add_cooccurring(hd_entity_result *e, const PGresult *r, int i, size_t *cap) {
  hd_entity_ref x = {txt(e->priv, r, i, 0), txt(e->priv, r, i, 1), num(r, i, 2), num(r, i, 3)};
  HD_VEC_PUSH(e->cooccurring, e->n_cooccurring, *cap, x);
}
static void add_quote(hd_entity_result *e, const PGresult *r, int i, size_t *cap) {
  hd_entity_quote q = {txt(e->priv, r, i, 0), txt(e->priv, r, i, 1), txt(e->priv, r, i, 2), num(r, i, 3)};
  HD_VEC_PUSH(e->quotes, e->n_quotes, *cap, q);
}

static int entity_head(pg_store *s, const hd_entity_req *r, hd_entity_result *out, hd_err *err) {
  const char *p[] = {r->name};
  PGresult *res = query(s, ENTITY_SQL, 1, p, err);
  if (!res) return -1;
  int found = PQntuples(res) > 0;
  if (found) {
    hd_pool *pl = out->priv;
    out->id = num(res, 0, 0);
    out->key = txt(pl, res, 0, 1);
    out->type = txt(pl, res, 0, 2);
    out->name = txt(pl, res, 0, 3);
    out->mentions = num(res, 0, 4);
    out->articles = num(res, 0, 5);
  } else hd_err_set(err, HD_ERR_NOT_FOUND, NULL, 0, "no entity matches %s", r->name);
  PQclear(res);
  return found ? 0 : -1;
}

static int pg_keys_between(void *impl, const char *lo, const char *hi, int min_len, int max_len,
                           void (*each)(void *ctx, const char *key, int64_t mentions), void *ctx, hd_err *err) {
  pg_store *s = impl;
  char a[16], b[16];
  snprintf(a, sizeof a, "%d", min_len);
  snprintf(b, sizeof b, "%d", max_len);
  const char *p[] = {lo, hi, a, b};
  pthread_mutex_lock(&s->lock);
  PGresult *r = query(s,
                      "SELECT key, mentions FROM entities WHERE key COLLATE \"C\" >= $1::text"
                      " AND key COLLATE \"C\" < $2::text AND length(key) BETWEEN $3::int AND $4::int",
                      4, p, err);
  if (r) {
    for (int i = 0; i < PQntuples(r); i++) each(ctx, PQgetvalue(r, i, 0), num(r, i, 1));
    PQclear(r);
  }
  pthread_mutex_unlock(&s->lock);
  return r ? 0 : -1;
}

/* Other entities the name names: by name, key or alias, or, for a one-word
 * name, the persons whose key has that surname ("per:clinton_*"), as the
 * SQLite backend lists them. */
static int entity_candidates(pg_store *s, const hd_entity_req *r, hd_entity_result *out, hd_err *err) {
  num_params np;
  const char *p[] = {r->name, num_param(&np, 0, out->id), r->surname_key};
  PGresult *res = query(s,
                        "SELECT name, type, articles, id FROM entities WHERE id != $2::bigint AND (id IN " ENTITY_MATCH(1)
                        " OR ($3::text IS NOT NULL AND (key = $3::text OR left(key, length($3::text) + 1) = $3::text || '_')))"
                        " ORDER BY mentions DESC, id LIMIT 10",
                        3, p, err);
  if (!res) return -1;
  size_t cap = 0;
  for (int i = 0; i < PQntuples(res); i++) {
    hd_entity_ref e = {txt(out->priv, res, i, 0), txt(out->priv, res, i, 1), num(res, i, 2), num(res, i, 3)};
    HD_VEC_PUSH(out->candidates, out->n_candidates, cap, e);
  }
  PQclear(res);
  return 0;
}

static int pg_entity(void *impl, const hd_entity_req *r, hd_entity_result *out, hd_err *err) {
  pg_store *s = impl;
  pthread_mutex_lock(&s->lock);
  out->priv = hd_pool_new();
  int ret = entity_head(s, r, out, err);
  int64_t id = out->id;
  if (!ret) ret = entity_candidates(s, r, out, err);
  if (!ret)
    ret = entity_list(s,
                      "SELECT alias, count FROM aliases WHERE entity_id = $1::bigint"
                      " ORDER BY count DESC, alias COLLATE \"C\" LIMIT $2::int",
                      id, r->limit, out, add_alias, err);
  if (!ret)
    ret = entity_list(s,
                      "SELECT title, count FROM titles WHERE entity_id = $1::bigint"
                      " ORDER BY count DESC, title COLLATE \"C\" LIMIT $2::int",
                      id, r->limit, out, add_title, err);
  /* co-occurrence over the entity's latest 5,000 articles (bounded) */
  if (!ret)
    ret = entity_list(s,
                      "WITH arts AS (SELECT article_id FROM article_entities WHERE entity_id = $1::bigint"
                      " ORDER BY article_id DESC LIMIT 5000)"
                      " SELECT e.name, e.type, count(*) AS n, e.id FROM arts JOIN article_entities ae"
                      " ON ae.article_id = arts.article_id JOIN entities e ON e.id = ae.entity_id"
                      " WHERE ae.entity_id != $1::bigint GROUP BY e.id"
                      " ORDER BY n DESC, e.name COLLATE \"C\" NULLS FIRST, e.id LIMIT $2::int",
                      id, r->limit < 10 ? r->limit : 10, out, add_cooccurring, err);
  if (!ret)
    ret = entity_list(s,
                      "SELECT a.date, a.outlet, q.content, a.id FROM quotes q JOIN articles a ON a.id = q.article_id"
                      " WHERE q.speaker_id = $1::bigint AND a.dup_of IS NULL"
                      " ORDER BY a.day DESC NULLS LAST, q.id DESC LIMIT $2::int",
                      id, r->limit < 5 ? r->limit : 5, out, add_quote, err);
  pthread_mutex_unlock(&s->lock);
  return ret;
}

/* ---- article ---- */

static int article_head(pg_store *s, int64_t id, hd_stored_article *out, hd_err *err) {
  num_params np;
  const char *p[] = {num_param(&np, 0, id)};
  PGresult *r = query(s,
                      "SELECT id, ext_id, url, title, outlet, date, kind, section, byline, text, input_path,"
                      " input_line, story_id, dup_of, dup_sim FROM articles WHERE id = $1::bigint",
                      1, p, err);
  if (!r) return -1;
  int found = PQntuples(r) > 0;
  if (found) {
    hd_pool *pl = out->priv;
    out->id = num(r, 0, 0);
    const char **meta[] = {&out->ext_id, &out->url, &out->title, &out->outlet, &out->date,
                           &out->kind,   &out->section, &out->byline};
    for (int i = 0; i < 8; i++) *meta[i] = txt(pl, r, 0, 1 + i);
    out->text_len = (size_t)PQgetlength(r, 0, 9);
    out->text = txt(pl, r, 0, 9);
    out->input_path = txt(pl, r, 0, 10);
    out->input_line = PQgetisnull(r, 0, 11) ? 0 : num(r, 0, 11);
    out->story = id_or_none(r, 0, 12);
    out->dup_of = id_or_none(r, 0, 13);
    out->dup_sim = PQgetisnull(r, 0, 14) ? 0.0 : strtod(PQgetvalue(r, 0, 14), NULL);
  } else hd_err_set(err, HD_ERR_NOT_FOUND, NULL, 0, "no article %lld", (long long)id);
  PQclear(r);
  return found ? 0 : -1;
}

static int article_mentions(pg_store *s, hd_stored_article *out, hd_err *err) {
  num_params np;
  const char *p[] = {num_param(&np, 0, out->id)};
  PGresult *r = query(s,
                      "SELECT start, \"end\", type, text, title, entity_id FROM mentions WHERE article_id = $1::bigint"
                      " ORDER BY start, \"end\"",
                      1, p, err);
  if (!r) return -1;
  size_t cap = 0;
  hd_pool *pl = out->priv;
  for (int i = 0; i < PQntuples(r); i++) {
    hd_stored_mention m = {num(r, i, 0), num(r, i, 1), txt(pl, r, i, 2), txt(pl, r, i, 3), txt(pl, r, i, 4),
                           id_or_none(r, i, 5)};
    HD_VEC_PUSH(out->mentions, out->n_mentions, cap, m);
  }
  PQclear(r);
  return 0;
}

static int article_quotes(pg_store *s, hd_stored_article *out, hd_err *err) {
  num_params np;
  const char *p[] = {num_param(&np, 0, out->id)};
  PGresult *r = query(s,
                      "SELECT q.id, q.type, q.speaker_kind, q.speaker_id, coalesce(e.name, q.speaker), q.content,"
                      " q.content_start, q.content_end, q.cue, q.source FROM quotes q"
                      " LEFT JOIN entities e ON e.id = q.speaker_id WHERE q.article_id = $1::bigint"
                      " ORDER BY q.content_start, q.id",
                      1, p, err);
  if (!r) return -1;
  size_t cap = 0;
  hd_pool *pl = out->priv;
  for (int i = 0; i < PQntuples(r); i++) {
    hd_stored_quote q = {num(r, i, 0),     txt(pl, r, i, 1), txt(pl, r, i, 2), id_or_none(r, i, 3), txt(pl, r, i, 4),
                         txt(pl, r, i, 5), num(r, i, 6),     num(r, i, 7),     txt(pl, r, i, 8),    txt(pl, r, i, 9)};
    HD_VEC_PUSH(out->quotes, out->n_quotes, cap, q);
  }
  PQclear(r);
  return 0;
}

static int pg_article(void *impl, int64_t id, hd_stored_article *out, hd_err *err) {
  pg_store *s = impl;
  pthread_mutex_lock(&s->lock);
  out->priv = hd_pool_new();
  int ret = article_head(s, id, out, err);
  if (!ret) ret = article_mentions(s, out, err);
  if (!ret) ret = article_quotes(s, out, err);
  pthread_mutex_unlock(&s->lock);
  return ret;
}

/* The same trail as the SQLite store's (store/quote_trail.h): the group's
 * members by HD_QUOTE_TRAIL_SQL, rendered by the same code. */
static char *pg_trail(void *impl, int64_t id, hd_err *err) {
  pg_store *s = impl;
  hd_trail_member *m;
  size_t n;
  pthread_mutex_lock(&s->lock);
  int rc = load_group(s, id, &m, &n, err);
  pthread_mutex_unlock(&s->lock);
  char *json = NULL;
  if (!rc && !n) hd_err_set(err, HD_ERR_NOT_FOUND, NULL, 0, "no trail for quote %lld (not a linked quote)", (long long)id);
  else if (!rc) json = hd_quote_trail_render(id, m, n);
  hd_trail_members_free(m, n);
  return json;
}

const hd_store_backend hd_pg_backend = {
    .name = "postgresql",
    .claims = pg_claims,
    .open = pg_open,
    .close = pg_close,
    .search = pg_search,
    .stories = pg_stories,
    .story = pg_story,
    .quotes = pg_quotes,
    .entity = pg_entity,
    .article = pg_article,
    .set_deadline = pg_set_deadline,
    .open_write = pg_open_write,
    .has = pg_has,
    .prepare = pg_prepare,
    .add = pg_add,
    .commit = pg_commit,
    .stats = pg_stats,
    .keys_between = pg_keys_between,
    .trail = pg_trail,
};
