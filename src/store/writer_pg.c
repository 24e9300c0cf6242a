/*
 * writer_pg.c: the PostgreSQL rows of the corpus-wide writer (writer.h),
 * schema in docs/FORMAT.md ("PostgreSQL store", pg_util.c).
 *
 * One transaction per batch. A batch begins with
 * pg_advisory_xact_lock(HD_PG_LOCK_KEY), so several `herald ingest`
 * processes may write one database: their corpus-wide steps take turns a
 * batch at a time (the per-article annotation before it runs in parallel)
 * and each batch extends the store as the previous batch, whoever wrote
 * it, left it. meta.generation counts committed batches; store.c reloads
 * its in-memory state when it moved since this writer's last commit. Ids
 * of articles, entities and quotes are taken from max(id) under the lock.
 *
 * Rows are buffered in memory in COPY text format and sent with COPY at
 * commit: articles (story ids added at commit, after this batch's story
 * merges), new entities, mentions, quotes; and staging tables (TEMP, ON
 * COMMIT DELETE ROWS) merged by one statement each: entity counters,
 * aliases and titles (counts added), article_entities, cluster terms and
 * stories (upserts). has/story_of answer for buffered articles too.
 * Story outlets are held until the commit's flush (their counts are read
 * for the story rows); story merges of stored articles are statements.
 * Memory: the open batch's rows (O(batch * article size)).
 * Ownership: the state owns its connection and buffers.
 */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus/identities.h"
#include "store/headline.h"
#include "store/pg_util.h"
#include "store/term_chunks.h"
#include "store/writer.h"

typedef struct {
  size_t off, len; /* the row in the articles buffer, story id left out */
  int64_t story;
} pending_article;

typedef struct {
  size_t off, len; /* the outlet in the outlets buffer */
  int64_t story;
} pending_outlet;

/* Statements prepared once per connection (PQprepare). */
enum { P_STORY_OF, P_ENTITY_GET, P_STORY_OUTLETS, P_ENTITY_MANY, P_TITLES, P_COUNT };
static const char *const PREPARED[P_COUNT][2] = {
    [P_STORY_OF] = {"story_of", "SELECT story_id FROM articles WHERE id = $1::bigint"},
    [P_ENTITY_GET] = {"entity_get", "SELECT id, mentions, articles, name FROM entities WHERE key = $1::text"},
    [P_STORY_OUTLETS] = {"story_outlets", "SELECT count(*) FROM story_outlets WHERE story_id = $1::bigint"},
    [P_TITLES] = {"titles", "SELECT title, outlet FROM articles WHERE story_id = $1::bigint AND dup_of IS NULL"
                            " AND title IS NOT NULL AND title != '' ORDER BY day IS NULL, day, id LIMIT 50"},
    [P_ENTITY_MANY] = {"entity_many", "SELECT key, id, mentions, articles, name FROM entities WHERE key = ANY($1::text[])"},
};

enum {
  B_ARTICLES, B_ENTITIES, B_MENTIONS, B_QUOTES, B_ENT_SET, B_ALIASES, B_TITLES, B_ART_ENT, B_TERMS, B_CHUNKS, B_STORIES,
  B_COUNT
};

/* COPY target of each buffer (articles: the story id comes first). */
static const char *const COPY_SQL[B_COUNT] = {
    [B_ARTICLES] = "COPY articles(story_id, id, hash, ext_id, url, title, outlet, date, day, kind, section, byline,"
                   " text, input_path, input_line, dup_of, dup_sim, minhash) FROM STDIN",
    [B_ENTITIES] = "COPY entities(id, key, type, name, mentions, articles) FROM STDIN",
    [B_MENTIONS] = "COPY mentions(article_id, entity_id, type, start, \"end\", text, title) FROM STDIN",
    [B_QUOTES] = "COPY quotes(id, article_id, type, speaker_kind, speaker_id, speaker, content, content_start,"
                 " content_end, cue, source) FROM STDIN",
    [B_ENT_SET] = "COPY stage_entities FROM STDIN",
    [B_ALIASES] = "COPY stage_aliases FROM STDIN",
    [B_TITLES] = "COPY stage_titles FROM STDIN",
    [B_ART_ENT] = "COPY stage_article_entities FROM STDIN",
    [B_TERMS] = "COPY cluster_terms(id, term, surface) FROM STDIN",
    [B_CHUNKS] = "COPY stage_chunks FROM STDIN",
    [B_STORIES] = "COPY stage_stories FROM STDIN",
};

static const char STAGING[] =
    "CREATE TEMP TABLE IF NOT EXISTS stage_entities(id bigint, mentions bigint, articles bigint, name text)"
    " ON COMMIT DELETE ROWS;"
    "CREATE TEMP TABLE IF NOT EXISTS stage_aliases(entity_id bigint, alias text) ON COMMIT DELETE ROWS;"
    "CREATE TEMP TABLE IF NOT EXISTS stage_titles(entity_id bigint, title text) ON COMMIT DELETE ROWS;"
    "CREATE TEMP TABLE IF NOT EXISTS stage_article_entities(article_id bigint, entity_id bigint, mentions bigint)"
    " ON COMMIT DELETE ROWS;"
    "CREATE TEMP TABLE IF NOT EXISTS stage_chunks(id bigint, state bytea) ON COMMIT DELETE ROWS;"
    "CREATE TEMP TABLE IF NOT EXISTS stage_stories(id bigint, label text, first text, last text, articles bigint,"
    " outlets bigint, merged_into bigint, thread_id bigint, state bytea, headline text) ON COMMIT DELETE ROWS;"
    "CREATE TEMP TABLE IF NOT EXISTS stage_outlets(story_id bigint, outlet text) ON COMMIT DELETE ROWS;";

/* After the COPYs, in this order (new entities exist before their counters move). */
static const char MERGE[] =
    "UPDATE entities e SET mentions = s.mentions, articles = s.articles, name = s.name FROM stage_entities s"
    " WHERE e.id = s.id;"
    "INSERT INTO aliases(entity_id, alias, count) SELECT entity_id, alias, count(*) FROM stage_aliases"
    " GROUP BY entity_id, alias ON CONFLICT(entity_id, alias) DO UPDATE SET count = aliases.count + excluded.count;"
    "INSERT INTO titles(entity_id, title, count) SELECT entity_id, title, count(*) FROM stage_titles"
    " GROUP BY entity_id, title ON CONFLICT(entity_id, title) DO UPDATE SET count = titles.count + excluded.count;"
    "INSERT INTO article_entities(article_id, entity_id, mentions) SELECT article_id, entity_id, sum(mentions)"
    " FROM stage_article_entities GROUP BY article_id, entity_id ON CONFLICT(article_id, entity_id)"
    " DO UPDATE SET mentions = article_entities.mentions + excluded.mentions;"
    "INSERT INTO cluster_chunks(id, state) SELECT id, state FROM stage_chunks"
    " ON CONFLICT(id) DO UPDATE SET state = excluded.state;"
    "INSERT INTO stories(id, label, first, last, articles, outlets, merged_into, thread_id, state, headline)"
    " SELECT * FROM stage_stories ON CONFLICT(id) DO UPDATE SET label = excluded.label, first = excluded.first,"
    " last = excluded.last, articles = excluded.articles, outlets = excluded.outlets,"
    " merged_into = excluded.merged_into, thread_id = excluded.thread_id, state = excluded.state,"
    " headline = excluded.headline;";

typedef struct {
  PGconn *c;
  char *name; /* for messages: the URI without a password */
  hd_buf b[B_COUNT];
  pending_article *arts;
  size_t n_arts, cap_arts;
  hd_buf outlet_text; /* the batch's outlets, back to back */
  pending_outlet *outlets;
  size_t n_outlets, cap_outlets;
  int64_t first_article, next_article, next_entity, next_quote;
  char *ent_name; /* entity_get's last name */
  PGresult *pre;  /* entity_prefetch's rows: key, id, mentions, articles, name */
  hd_buf pre_keys; /* the keys asked, each NUL-terminated */
  size_t n_pre_keys;
  int64_t gen;    /* the generation at the batch's begin */
  int flushed;    /* this batch's articles are in the table already */
  int in_txn;
} wpg;

int hd_is_pg_uri(const char *target) {
  return target && (!strncmp(target, "postgresql://", 13) || !strncmp(target, "postgres://", 11));
}

static void clear_batch(wpg *s) {
  s->flushed = 0;
  PQclear(s->pre); /* rows read in another transaction */
  s->pre = NULL;
  s->n_pre_keys = 0;
  hd_buf_clear(&s->pre_keys);
  for (int i = 0; i < B_COUNT; i++) hd_buf_clear(&s->b[i]);
  s->n_arts = 0;
  hd_buf_clear(&s->outlet_text);
  s->n_outlets = 0;
}

/* ---- opening ---- */

static void release(wpg *s) {
  PQfinish(s->c);
  for (int i = 0; i < B_COUNT; i++) hd_buf_free(&s->b[i]);
  free(s->arts);
  free(s->outlets);
  hd_buf_free(&s->outlet_text);
  free(s->ent_name);
  PQclear(s->pre);
  hd_buf_free(&s->pre_keys);
  free(s->name);
  free(s);
}

static int64_t be_int(const PGresult *r, int row, int col);

/* A store written before the term state moved into chunks keeps each
 * term's df and posting list in cluster_terms: they are moved into
 * cluster_chunks (term_chunks.h) and the columns dropped. Inside the
 * schema transaction. O(terms). */
static int move_terms_to_chunks(wpg *s, hd_err *err) {
  PGresult *r = hd_pg_exec(s->c, s->name,
                           "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
                           " AND table_name = 'cluster_terms' AND column_name = 'df'",
                           0, NULL, err);
  if (!r) return -1;
  int legacy = PQntuples(r) > 0;
  PQclear(r);
  if (!legacy) return 0;
  r = PQexecParams(s->c, "SELECT id, df, post FROM cluster_terms ORDER BY id", 0, NULL, NULL, NULL, NULL, 1);
  if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
    hd_err_set(err, HD_ERR_DB, s->name, 0, "reading cluster_terms: %s", r ? PQresultErrorMessage(r) : "no result");
    PQclear(r);
    return -1;
  }
  hd_buf rows, chunk;
  hd_buf_init(&rows, 0);
  hd_buf_init(&chunk, 0);
  int n = PQntuples(r), rc = 0;
  uint32_t *post = NULL;
  for (int i = 0; i <= n && !rc; i++) {
    if (i < n && be_int(r, i, 0) != i) {
      hd_err_set(err, HD_ERR_DB, s->name, 0, "%s", "cluster_terms ids are not dense");
      rc = -1;
      break;
    }
    if (i && (i == n || i % HD_TERM_CHUNK == 0)) { /* chunk (i - 1) / HD_TERM_CHUNK is complete */
      hd_copy_int(&rows, (i - 1) / HD_TERM_CHUNK, 1);
      hd_copy_bytea(&rows, chunk.ptr, chunk.len, 0);
      hd_buf_putc(&rows, '\n');
      hd_buf_clear(&chunk);
    }
    if (i == n) break;
    uint32_t n_post = PQgetisnull(r, i, 2) ? 0 : (uint32_t)((size_t)PQgetlength(r, i, 2) / sizeof(uint32_t));
    post = hd_xrealloc(post, (n_post + 1) * sizeof *post);
    if (n_post) memcpy(post, PQgetvalue(r, i, 2), n_post * sizeof *post);
    hd_term_chunk_put(&chunk, (uint32_t)be_int(r, i, 1), post, n_post);
  }
  free(post);
  PQclear(r);
  if (!rc) rc = hd_pg_copy(s->c, s->name, "COPY cluster_chunks(id, state) FROM STDIN", &rows, err);
  if (!rc) rc = hd_pg_run(s->c, s->name, "ALTER TABLE cluster_terms DROP COLUMN df, DROP COLUMN post", err);
  hd_buf_free(&rows);
  hd_buf_free(&chunk);
  return rc;
}

static void *w_open(const char *uri, int *exact, hd_err *err) {
  wpg *s = hd_xcalloc(1, sizeof *s);
  for (int i = 0; i < B_COUNT; i++) hd_buf_init(&s->b[i], 0);
  hd_buf_init(&s->outlet_text, 0);
  hd_buf_init(&s->pre_keys, 0);
  s->c = hd_pg_connect(uri, &s->name, err);
  if (!s->c) {
    release(s);
    return NULL;
  }
  /* the schema under the writers' lock: two first ingests at once */
  if (hd_pg_run(s->c, s->name, "BEGIN; SELECT pg_advisory_xact_lock(" HD_PG_LOCK_KEY ")", err) ||
      hd_pg_run(s->c, s->name, HD_PG_SCHEMA, err) || move_terms_to_chunks(s, err) ||
      hd_pg_run(s->c, s->name, "COMMIT", err) ||
      hd_pg_run(s->c, s->name, STAGING, err)) {
    release(s);
    return NULL;
  }
  for (int i = 0; i < P_COUNT; i++) {
    PGresult *r = PQprepare(s->c, PREPARED[i][0], PREPARED[i][1], 0, NULL);
    int ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) hd_err_set(err, HD_ERR_DB, s->name, 0, "%s: %s", PREPARED[i][1], PQerrorMessage(s->c));
    PQclear(r);
    if (!ok) {
      release(s);
      return NULL;
    }
  }
  *exact = 1; /* the PostgreSQL store has always saved exact posting lists */
  return s;
}

static void w_close(void *db, int clean) {
  (void)clean;
  release(db);
}

static int64_t int_at(PGresult *r, int col) { return PQgetisnull(r, 0, col) ? 0 : strtoll(PQgetvalue(r, 0, col), NULL, 10); }

static int w_begin(void *db, int64_t *gen, hd_err *err) {
  wpg *s = db;
  clear_batch(s);
  if (hd_pg_run(s->c, s->name, "BEGIN; SELECT pg_advisory_xact_lock(" HD_PG_LOCK_KEY ")", err)) return -1;
  s->in_txn = 1;
  /* a statement after the lock: its snapshot holds every earlier batch */
  PGresult *r = hd_pg_exec(s->c, s->name,
                           "SELECT (SELECT value::bigint FROM meta WHERE key = 'generation'),"
                           " (SELECT coalesce(max(id), 0) FROM articles), (SELECT coalesce(max(id), 0) FROM entities),"
                           " (SELECT coalesce(max(id), 0) FROM quotes)",
                           0, NULL, err);
  if (!r) return -1;
  *gen = s->gen = int_at(r, 0);
  s->first_article = s->next_article = int_at(r, 1) + 1;
  s->next_entity = int_at(r, 2) + 1;
  s->next_quote = int_at(r, 3) + 1;
  PQclear(r);
  return 0;
}

static void w_rollback(void *db) {
  wpg *s = db;
  if (PQtransactionStatus(s->c) != PQTRANS_IDLE) hd_pg_run(s->c, s->name, "ROLLBACK", NULL);
  s->in_txn = 0;
  clear_batch(s);
}

/* The articles' rows with their story ids, now that merges are done. */
static int copy_articles(wpg *s, hd_err *err) {
  hd_buf rows;
  hd_buf_init(&rows, 0);
  const hd_buf *b = &s->b[B_ARTICLES];
  for (size_t i = 0; i < s->n_arts; i++) {
    hd_copy_int(&rows, s->arts[i].story, 1);
    hd_buf_put(&rows, b->ptr + s->arts[i].off, s->arts[i].len);
  }
  int rc = hd_pg_copy(s->c, s->name, COPY_SQL[B_ARTICLES], &rows, err);
  hd_buf_free(&rows);
  if (rc || !s->n_arts) return rc;
  /* their search vectors (pg_util.h: why a table of their own) */
  char lo[32], hi[32];
  snprintf(lo, sizeof lo, "%lld", (long long)s->first_article);
  snprintf(hi, sizeof hi, "%lld", (long long)(s->first_article + (int64_t)s->n_arts));
  const char *p[2] = {lo, hi};
  PGresult *r = hd_pg_exec(s->c, s->name,
                           "INSERT INTO article_search(id, tsv) SELECT id, " HD_PG_TSV("title", "text")
                           " FROM articles WHERE id >= $1::bigint AND id < $2::bigint",
                           2, p, err);
  PQclear(r);
  return r ? 0 : -1;
}

static int batch_empty(const wpg *s) {
  for (int i = 0; i < B_COUNT; i++)
    if (s->b[i].len) return 0;
  return s->n_arts == 0 && s->n_outlets == 0 && !s->flushed;
}

static int w_commit(void *db, int64_t *gen, hd_err *err) {
  wpg *s = db;
  if (batch_empty(s)) { /* nothing written: the generation stays */
    *gen = s->gen;
    if (hd_pg_run(s->c, s->name, "COMMIT", err)) {
      w_rollback(s);
      return -1;
    }
    s->in_txn = 0;
    return 0;
  }
  int rc = 0;
  for (int i = B_ENTITIES; i < B_COUNT && !rc; i++) rc = hd_pg_copy(s->c, s->name, COPY_SQL[i], &s->b[i], err);
  if (!rc) rc = hd_pg_run(s->c, s->name, MERGE, err);
  PGresult *r = rc ? NULL
                   : hd_pg_exec(s->c, s->name,
                                "UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'generation'"
                                " RETURNING value::bigint",
                                0, NULL, err);
  if (r) *gen = int_at(r, 0);
  PQclear(r);
  if (!r || hd_pg_run(s->c, s->name, "COMMIT", err)) {
    w_rollback(s);
    return -1;
  }
  s->in_txn = 0;
  clear_batch(s);
  return 0;
}

/* ---- loading: binary rows, one at a time (single-row mode) ---- */

static int64_t be_int(const PGresult *r, int row, int col) {
  const char *p = PQgetvalue(r, row, col);
  int len = PQgetlength(r, row, col);
  if (PQgetisnull(r, row, col)) return 0;
  if (len == 8) {
    uint64_t v;
    memcpy(&v, p, 8);
    return (int64_t)be64toh(v);
  }
  if (len == 4) {
    uint32_t v;
    memcpy(&v, p, 4);
    return (int32_t)be32toh(v);
  }
  return 0;
}

typedef int (*row_fn)(wpg *s, const hd_wload *l, PGresult *r, hd_err *err);

static int stream(wpg *s, const char *sql, const hd_wload *l, row_fn fn, hd_err *err) {
  if (!PQsendQueryParams(s->c, sql, 0, NULL, NULL, NULL, NULL, 1) || !PQsetSingleRowMode(s->c)) {
    hd_err_set(err, HD_ERR_DB, s->name, 0, "loading: %s", PQerrorMessage(s->c));
    return -1;
  }
  int rc = 0;
  PGresult *r;
  while ((r = PQgetResult(s->c))) {
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_SINGLE_TUPLE && !rc) rc = fn(s, l, r, err);
    else if (st != PGRES_TUPLES_OK && st != PGRES_SINGLE_TUPLE && !rc) {
      hd_err_set(err, HD_ERR_DB, s->name, 0, "loading: %s", PQresultErrorMessage(r));
      rc = -1;
    }
    PQclear(r);
  }
  return rc;
}

static int term_row(wpg *s, const hd_wload *l, PGresult *r, hd_err *err) {
  (void)s;
  return l->term(l->ud, (uint32_t)be_int(r, 0, 0), PQgetvalue(r, 0, 1), PQgetisnull(r, 0, 2) ? NULL : PQgetvalue(r, 0, 2),
                 err);
}

static int chunk_row(wpg *s, const hd_wload *l, PGresult *r, hd_err *err) {
  (void)s;
  return l->chunk(l->ud, (uint32_t)be_int(r, 0, 0), PQgetvalue(r, 0, 1), (size_t)PQgetlength(r, 0, 1), err);
}

static int story_row(wpg *s, const hd_wload *l, PGresult *r, hd_err *err) {
  (void)s;
  return l->story(l->ud, (uint32_t)be_int(r, 0, 0), PQgetvalue(r, 0, 1), (size_t)PQgetlength(r, 0, 1), err);
}

static int docs_row(wpg *s, const hd_wload *l, PGresult *r, hd_err *err) {
  (void)s;
  (void)err;
  l->n_docs(l->ud, (uint64_t)be_int(r, 0, 0));
  return 0;
}

static int original_row(wpg *s, const hd_wload *l, PGresult *r, hd_err *err) {
  (void)s;
  (void)err;
  l->original(l->ud, be_int(r, 0, 0), PQgetvalue(r, 0, 1), (size_t)PQgetlength(r, 0, 1));
  return 0;
}

static int hash_row(wpg *s, const hd_wload *l, PGresult *r, hd_err *err) {
  (void)s;
  (void)err;
  l->stored(l->ud, (uint64_t)be_int(r, 0, 0));
  return 0;
}

static int w_load(void *db, const hd_wload *l, hd_err *err) {
  wpg *s = db;
  if (stream(s, "SELECT hash FROM articles", l, hash_row, err) || stream(s, "SELECT id, term, surface FROM cluster_terms ORDER BY id", l, term_row, err) ||
      stream(s, "SELECT id, state FROM cluster_chunks ORDER BY id", l, chunk_row, err) ||
      stream(s, "SELECT id, state FROM stories ORDER BY id", l, story_row, err) ||
      stream(s, "SELECT value::bigint FROM meta WHERE key = 'cluster_docs'", l, docs_row, err) ||
      stream(s, "SELECT id, minhash FROM articles WHERE dup_of IS NULL AND minhash IS NOT NULL ORDER BY id", l,
             original_row, err))
    return -1;
  return 0;
}

/* ---- rows ---- */

static PGresult *prepared(wpg *s, int which, int n, const char *const *params, hd_err *err) {
  PGresult *r = PQexecPrepared(s->c, PREPARED[which][0], n, params, NULL, NULL, 0);
  if (r && PQresultStatus(r) == PGRES_TUPLES_OK) return r;
  const char *msg = r ? PQresultErrorMessage(r) : PQerrorMessage(s->c);
  hd_err_set(err, HD_ERR_DB, s->name, 0, "%.*s", (int)strcspn(msg, "\n"), msg);
  PQclear(r);
  return NULL;
}

static void i64(char *buf, int64_t v) { snprintf(buf, 24, "%lld", (long long)v); }

static int64_t w_story_of(void *db, int64_t article) {
  wpg *s = db;
  if (article >= s->first_article && article < s->next_article) return s->arts[article - s->first_article].story;
  char a[24];
  i64(a, article);
  const char *p[] = {a};
  PGresult *r = prepared(s, P_STORY_OF, 1, p, NULL);
  int64_t story = r && PQntuples(r) > 0 ? int_at(r, 0) : 0;
  PQclear(r);
  return story;
}

static void put(hd_buf *b, hd_wstr w, int first) { hd_copy_str(b, w.p, w.n, first); }
static void put_id(hd_buf *b, int64_t id) {
  if (id) hd_copy_int(b, id, 0);
  else hd_copy_null(b, 0);
}

static int64_t w_article(void *db, const hd_wrow_article *r, hd_err *err) {
  (void)err;
  wpg *s = db;
  hd_buf *b = &s->b[B_ARTICLES];
  pending_article pa = {b->len, 0, r->story};
  int64_t id = s->next_article++;
  hd_copy_int(b, id, 0);
  hd_copy_int(b, (int64_t)r->hash, 0);
  const hd_wstr *cols[] = {&r->ext_id, &r->url, &r->title, &r->outlet, &r->date};
  for (int i = 0; i < 5; i++) put(b, *cols[i], 0);
  if (r->day != INT64_MIN) hd_copy_int(b, r->day, 0);
  else hd_copy_null(b, 0);
  put(b, r->kind, 0);
  put(b, r->section, 0);
  put(b, r->byline, 0);
  put(b, r->text, 0);
  put(b, r->input_path, 0);
  hd_copy_int(b, r->input_line, 0);
  put_id(b, r->dup_of);
  if (r->dup_of) hd_copy_real(b, r->dup_sim, 0);
  else hd_copy_null(b, 0);
  hd_copy_bytea(b, r->minhash, r->minhash_len, 0);
  hd_buf_putc(b, '\n');
  pa.len = b->len - pa.off;
  HD_VEC_PUSH(s->arts, s->n_arts, s->cap_arts, pa);
  return id;
}

/* A text[] literal: {"a","b"} with " and \ escaped. */
static void array_literal(hd_buf *b, const char *const *keys, size_t n) {
  hd_buf_putc(b, '{');
  for (size_t i = 0; i < n; i++) {
    hd_buf_puts(b, i ? ",\"" : "\"");
    for (const char *p = keys[i]; *p; p++) {
      if (*p == '"' || *p == '\\') hd_buf_putc(b, '\\');
      hd_buf_putc(b, *p);
    }
    hd_buf_putc(b, '"');
  }
  hd_buf_putc(b, '}');
}

static int w_entity_prefetch(void *db, const char *const *keys, size_t n, hd_err *err) {
  wpg *s = db;
  PQclear(s->pre);
  s->pre = NULL;
  hd_buf_clear(&s->pre_keys);
  s->n_pre_keys = 0;
  hd_buf lit;
  hd_buf_init(&lit, 0);
  array_literal(&lit, keys, n);
  hd_buf_putc(&lit, 0);
  const char *p[] = {lit.ptr};
  s->pre = prepared(s, P_ENTITY_MANY, 1, p, err);
  hd_buf_free(&lit);
  if (!s->pre) return -1;
  for (size_t i = 0; i < n; i++) hd_buf_put(&s->pre_keys, keys[i], strlen(keys[i]) + 1);
  s->n_pre_keys = n;
  return 0;
}

/* From the last prefetch: 1 found (row in *row), 0 absent, -1 not asked. */
static int prefetched(const wpg *s, const char *key, int *row) {
  int asked = 0;
  const char *k = s->pre_keys.ptr;
  for (size_t i = 0; i < s->n_pre_keys && !asked; i++, k += strlen(k) + 1) asked = !strcmp(k, key);
  if (!asked) return -1;
  for (int i = 0; i < PQntuples(s->pre); i++)
    if (!strcmp(PQgetvalue(s->pre, i, 0), key)) {
      *row = i;
      return 1;
    }
  return 0;
}

static int w_entity_get(void *db, const char *key, int64_t *id, int64_t *mentions, int64_t *articles,
                        const char **name, hd_err *err) {
  wpg *s = db;
  int row = 0, pre = s->pre ? prefetched(s, key, &row) : -1;
  if (pre == 0) return 0;
  if (pre == 1) {
    *id = strtoll(PQgetvalue(s->pre, row, 1), NULL, 10);
    *mentions = strtoll(PQgetvalue(s->pre, row, 2), NULL, 10);
    *articles = strtoll(PQgetvalue(s->pre, row, 3), NULL, 10);
    free(s->ent_name);
    s->ent_name = PQgetisnull(s->pre, row, 4) ? NULL : hd_xstrdup(PQgetvalue(s->pre, row, 4));
    *name = s->ent_name;
    return 1;
  }
  const char *p[] = {key};
  PGresult *r = prepared(s, P_ENTITY_GET, 1, p, err);
  if (!r) return -1;
  int found = PQntuples(r) > 0;
  if (found) {
    *id = int_at(r, 0);
    *mentions = int_at(r, 1);
    *articles = int_at(r, 2);
    free(s->ent_name);
    s->ent_name = PQgetisnull(r, 0, 3) ? NULL : hd_xstrdup(PQgetvalue(r, 0, 3));
    *name = s->ent_name;
  }
  PQclear(r);
  return found;
}

static int64_t w_entity_new(void *db, const char *key, const char *type, const char *name, int64_t mentions,
                            hd_err *err) {
  (void)err;
  wpg *s = db;
  hd_buf *b = &s->b[B_ENTITIES];
  int64_t id = s->next_entity++;
  hd_copy_int(b, id, 1);
  put(b, hd_wstr_of(key), 0);
  put(b, hd_wstr_of(type), 0);
  put(b, hd_wstr_of(name), 0);
  hd_copy_int(b, mentions, 0);
  hd_copy_int(b, 1, 0);
  hd_buf_putc(b, '\n');
  return id;
}

static int w_entity_set(void *db, int64_t id, int64_t mentions, int64_t articles, const char *name, hd_err *err) {
  (void)err;
  wpg *s = db;
  hd_buf *b = &s->b[B_ENT_SET];
  hd_copy_int(b, id, 1);
  hd_copy_int(b, mentions, 0);
  hd_copy_int(b, articles, 0);
  put(b, hd_wstr_of(name), 0);
  hd_buf_putc(b, '\n');
  return 0;
}

static int id_text(wpg *s, int which, int64_t id, const char *t) {
  hd_buf *b = &s->b[which];
  hd_copy_int(b, id, 1);
  put(b, hd_wstr_of(t), 0);
  hd_buf_putc(b, '\n');
  return 0;
}

static int w_alias(void *db, int64_t entity, const char *alias, hd_err *err) {
  (void)err;
  return id_text(db, B_ALIASES, entity, alias);
}
static int w_title(void *db, int64_t entity, const char *title, hd_err *err) {
  (void)err;
  return id_text(db, B_TITLES, entity, title);
}

static int w_art_ent(void *db, int64_t article, int64_t entity, int64_t mentions, hd_err *err) {
  (void)err;
  wpg *s = db;
  hd_buf *b = &s->b[B_ART_ENT];
  hd_copy_int(b, article, 1);
  hd_copy_int(b, entity, 0);
  hd_copy_int(b, mentions, 0);
  hd_buf_putc(b, '\n');
  return 0;
}

static int w_mention(void *db, const hd_wrow_mention *m, hd_err *err) {
  (void)err;
  wpg *s = db;
  hd_buf *b = &s->b[B_MENTIONS];
  hd_copy_int(b, m->article, 1);
  put_id(b, m->entity);
  put(b, m->type, 0);
  hd_copy_int(b, m->start, 0);
  hd_copy_int(b, m->end, 0);
  put(b, m->text, 0);
  put(b, m->title, 0);
  hd_buf_putc(b, '\n');
  return 0;
}

static int w_quote(void *db, const hd_wrow_quote *q, hd_err *err) {
  (void)err;
  wpg *s = db;
  hd_buf *b = &s->b[B_QUOTES];
  hd_copy_int(b, s->next_quote++, 1);
  hd_copy_int(b, q->article, 0);
  put(b, q->type, 0);
  put(b, q->speaker_kind, 0);
  put_id(b, q->speaker_id);
  put(b, q->speaker, 0);
  put(b, q->content, 0);
  hd_copy_int(b, q->content_start, 0);
  hd_copy_int(b, q->content_end, 0);
  put(b, q->cue, 0);
  put(b, q->source, 0);
  hd_buf_putc(b, '\n');
  return 0;
}

static int run2(wpg *s, const char *sql, int64_t a, const char *b, hd_err *err) {
  char x[24];
  i64(x, a);
  const char *p[] = {x, b};
  PGresult *r = hd_pg_exec(s->c, s->name, sql, 2, p, err);
  PQclear(r);
  return r ? 0 : -1;
}

/* Held until flush (a merge moves held outlets too). */
static int w_add_outlet(void *db, int64_t story, const char *outlet, hd_err *err) {
  (void)err;
  wpg *s = db;
  pending_outlet o = {s->outlet_text.len, strlen(outlet), story};
  hd_buf_put(&s->outlet_text, outlet, o.len);
  HD_VEC_PUSH(s->outlets, s->n_outlets, s->cap_outlets, o);
  return 0;
}

/* The batch's articles (their story ids final now: the merges are done)
 * and the held outlets into their tables, before the commit reads them
 * for the stories' outlet counts and headlines. */
static int w_flush(void *db, hd_err *err) {
  wpg *s = db;
  if (s->n_arts) {
    if (copy_articles(s, err)) return -1;
    s->flushed = 1;
    s->n_arts = 0;
    hd_buf_clear(&s->b[B_ARTICLES]);
    s->first_article = s->next_article; /* story_of asks the table now */
  }
  if (!s->n_outlets) return 0;
  hd_buf rows;
  hd_buf_init(&rows, 0);
  for (size_t i = 0; i < s->n_outlets; i++) {
    hd_copy_int(&rows, s->outlets[i].story, 1);
    hd_copy_str(&rows, s->outlet_text.ptr + s->outlets[i].off, s->outlets[i].len, 0);
    hd_buf_putc(&rows, '\n');
  }
  int rc = hd_pg_copy(s->c, s->name, "COPY stage_outlets FROM STDIN", &rows, err);
  hd_buf_free(&rows);
  if (!rc)
    rc = hd_pg_run(s->c, s->name,
                   "INSERT INTO story_outlets(story_id, outlet) SELECT DISTINCT story_id, outlet FROM stage_outlets"
                   " ON CONFLICT DO NOTHING; TRUNCATE stage_outlets",
                   err);
  s->n_outlets = 0;
  hd_buf_clear(&s->outlet_text);
  return rc;
}

static int w_merge_story(void *db, int64_t keep, int64_t gone, hd_err *err) {
  wpg *s = db;
  for (size_t i = 0; i < s->n_arts; i++)
    if (s->arts[i].story == gone) s->arts[i].story = keep;
  for (size_t i = 0; i < s->n_outlets; i++)
    if (s->outlets[i].story == gone) s->outlets[i].story = keep;
  char g[24];
  i64(g, gone);
  return run2(s,
              "WITH a AS (UPDATE articles SET story_id = $1 WHERE story_id = $2::bigint),"
              " o AS (DELETE FROM story_outlets WHERE story_id = $2::bigint RETURNING outlet)"
              " INSERT INTO story_outlets(story_id, outlet) SELECT $1, outlet FROM o ON CONFLICT DO NOTHING",
              keep, g, err);
}

static int64_t w_story_outlets(void *db, int64_t story) {
  wpg *s = db;
  char x[24];
  i64(x, story);
  const char *p[] = {x};
  PGresult *r = prepared(s, P_STORY_OUTLETS, 1, p, NULL);
  int64_t n = r ? int_at(r, 0) : 0;
  PQclear(r);
  return n;
}

static int w_term(void *db, uint32_t id, const char *term, const char *surface, hd_err *err) {
  (void)err;
  wpg *s = db;
  hd_buf *b = &s->b[B_TERMS];
  hd_copy_int(b, id, 1);
  put(b, hd_wstr_of(term), 0);
  put(b, hd_wstr_of(surface), 0);
  hd_buf_putc(b, '\n');
  return 0;
}

static int w_term_chunk(void *db, uint32_t id, const void *state, size_t len, hd_err *err) {
  (void)err;
  wpg *s = db;
  hd_buf *b = &s->b[B_CHUNKS];
  hd_copy_int(b, id, 1);
  hd_copy_bytea(b, state, len, 0);
  hd_buf_putc(b, '\n');
  return 0;
}

static int w_story(void *db, const hd_wrow_story *r, hd_err *err) {
  (void)err;
  wpg *s = db;
  hd_buf *b = &s->b[B_STORIES];
  hd_copy_int(b, r->id, 1);
  put(b, r->label, 0);
  put(b, r->first, 0);
  put(b, r->last, 0);
  hd_copy_int(b, r->articles, 0);
  hd_copy_int(b, r->outlets, 0);
  put_id(b, r->merged_into);
  hd_copy_int(b, r->thread_id, 0);
  hd_copy_bytea(b, r->state, r->state_len, 0);
  put(b, r->headline, 0);
  hd_buf_putc(b, '\n');
  return 0;
}

/* After flush: the batch's articles are in the table. */
static int w_story_headline(void *db, int64_t id, const char *label, char **out, hd_err *err) {
  wpg *s = db;
  char x[24];
  i64(x, id);
  const char *p[] = {x};
  *out = NULL;
  PGresult *r = prepared(s, P_TITLES, 1, p, err);
  if (!r) return -1;
  hd_headline h;
  hd_headline_init(&h, label);
  for (int i = 0; i < PQntuples(r); i++)
    hd_headline_offer(&h, PQgetvalue(r, i, 0), PQgetisnull(r, i, 1) ? NULL : PQgetvalue(r, i, 1));
  PQclear(r);
  *out = hd_headline_take(&h);
  return 0;
}

static int w_meta(void *db, const char *key, const char *value, hd_err *err) {
  wpg *s = db;
  const char *p[] = {key, value};
  PGresult *r = hd_pg_exec(s->c, s->name,
                           "INSERT INTO meta(key, value) VALUES($1, $2) ON CONFLICT(key) DO UPDATE SET value = $2",
                           2, p, err);
  PQclear(r);
  return r ? 0 : -1;
}

/* ---- identities (corpus/identities.c plans; the moves are set-based here) ---- */

static const char JOIN_SQL[] =
    "UPDATE mentions m SET entity_id = j.to_id FROM joined_ids j WHERE m.entity_id = j.from_id;"
    "UPDATE quotes q SET speaker_id = j.to_id FROM joined_ids j WHERE q.speaker_id = j.from_id;"
    "INSERT INTO article_entities(article_id, entity_id, mentions) SELECT ae.article_id, j.to_id, sum(ae.mentions)"
    " FROM article_entities ae JOIN joined_ids j ON ae.entity_id = j.from_id GROUP BY 1, 2"
    " ON CONFLICT(article_id, entity_id) DO UPDATE SET mentions = article_entities.mentions + excluded.mentions;"
    "DELETE FROM article_entities ae USING joined_ids j WHERE ae.entity_id = j.from_id;"
    "INSERT INTO aliases(entity_id, alias, count) SELECT j.to_id, a.alias, sum(a.count)"
    " FROM aliases a JOIN joined_ids j ON a.entity_id = j.from_id GROUP BY 1, 2"
    " ON CONFLICT(entity_id, alias) DO UPDATE SET count = aliases.count + excluded.count;"
    "DELETE FROM aliases a USING joined_ids j WHERE a.entity_id = j.from_id;"
    "INSERT INTO titles(entity_id, title, count) SELECT j.to_id, t.title, sum(t.count)"
    " FROM titles t JOIN joined_ids j ON t.entity_id = j.from_id GROUP BY 1, 2"
    " ON CONFLICT(entity_id, title) DO UPDATE SET count = titles.count + excluded.count;"
    "DELETE FROM titles t USING joined_ids j WHERE t.entity_id = j.from_id;"
    "UPDATE entities e SET mentions = e.mentions + x.m FROM (SELECT j.to_id, sum(f.mentions) AS m"
    " FROM joined_ids j JOIN entities f ON f.id = j.from_id GROUP BY j.to_id) x WHERE e.id = x.to_id;"
    "UPDATE entities e SET articles = (SELECT count(*) FROM article_entities ae WHERE ae.entity_id = e.id)"
    " WHERE e.id IN (SELECT to_id FROM joined_ids);"
    "DELETE FROM entities e USING joined_ids j WHERE e.id = j.from_id;";

/* Rule 3 (identities.c): most frequent alias of two words or more; ties
 * the longer, then the first in byte order; a non-person's name in
 * capitals gives way to its most frequent mixed-case spelling. ONLY: the
 * entities it looks at. */
#define NAME_SQL_OF(ONLY)                                                                                          \
  "UPDATE entities SET name = (SELECT alias FROM aliases a WHERE a.entity_id = entities.id"                          \
  " AND strpos(btrim(alias), ' ') > 0 ORDER BY count DESC, length(alias) DESC, alias COLLATE \"C\" LIMIT 1)"        \
  " WHERE " ONLY "type = 'PER' AND EXISTS (SELECT 1 FROM aliases a WHERE a.entity_id = entities.id"                 \
  " AND strpos(btrim(alias), ' ') > 0);"                                                                            \
  "UPDATE entities SET name = (SELECT alias FROM aliases a WHERE a.entity_id = entities.id"                          \
  " AND alias != upper(alias COLLATE \"C\") AND upper(alias COLLATE \"C\") = upper(entities.name COLLATE \"C\")"   \
  " ORDER BY count DESC, alias COLLATE \"C\" LIMIT 1)"                                                              \
  " WHERE " ONLY "type != 'PER' AND name = upper(name COLLATE \"C\") AND EXISTS (SELECT 1 FROM aliases a"           \
  " WHERE a.entity_id = entities.id AND alias != upper(alias COLLATE \"C\")"                                        \
  " AND upper(alias COLLATE \"C\") = upper(entities.name COLLATE \"C\"));"
/* As in identities.c, only an entity whose aliases changed since the last
 * close can get another name: one named by an article stored since then
 * (meta.names_articles, the last article id at the last close, written
 * in the same transaction as the names) or one a join just gave another's
 * forms (joined_ids.to_id; the join has already moved the articles'
 * entities to it). No mark (a first close, a store from before): every
 * entity. Then the mark, and the generation moves. */
#define NAME_MARK_SQL                                                                                       \
  "INSERT INTO meta(key, value) SELECT 'names_articles', coalesce(max(id), 0)::text FROM articles"          \
  " ON CONFLICT(key) DO UPDATE SET value = excluded.value;"                                                 \
  "UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'generation'"
static const char NAME_SQL[] = NAME_SQL_OF("") NAME_MARK_SQL;
static const char NAME_RENAMED_SQL[] =
    "CREATE TEMP TABLE renamed ON COMMIT DROP AS SELECT entity_id AS id FROM article_entities"
    " WHERE article_id > (SELECT value::bigint FROM meta WHERE key = 'names_articles')"
    " UNION SELECT to_id FROM joined_ids;"
    "ANALYZE renamed;" NAME_SQL_OF("id IN (SELECT id FROM renamed) AND ") NAME_MARK_SQL;

/* NAME_SQL on every entity, or NAME_RENAMED_SQL when the store has a mark */
static int name_all(wpg *s, hd_err *err) {
  PGresult *r = hd_pg_exec(s->c, s->name, "SELECT 1 FROM meta WHERE key = 'names_articles'", 0, NULL, err);
  if (!r) return -1;
  int marked = PQntuples(r) > 0;
  PQclear(r);
  return hd_pg_run(s->c, s->name, marked ? NAME_RENAMED_SQL : NAME_SQL, err);
}

static int plan_and_stage(wpg *s, hd_err *err) {
  PGresult *r = hd_pg_exec(s->c, s->name, "SELECT id, key, mentions, name FROM entities", 0, NULL, err);
  if (!r) return -1;
  size_t n = (size_t)PQntuples(r);
  int64_t *ids = hd_xcalloc(n + 1, sizeof *ids), *mentions = hd_xcalloc(n + 1, sizeof *mentions);
  const char **keys = hd_xcalloc(n + 1, sizeof *keys), **names = hd_xcalloc(n + 1, sizeof *names);
  for (size_t i = 0; i < n; i++) {
    ids[i] = strtoll(PQgetvalue(r, (int)i, 0), NULL, 10);
    keys[i] = PQgetvalue(r, (int)i, 1);
    names[i] = PQgetisnull(r, (int)i, 3) ? NULL : PQgetvalue(r, (int)i, 3);
    mentions[i] = strtoll(PQgetvalue(r, (int)i, 2), NULL, 10);
  }
  int64_t(*pairs)[2] = NULL;
  size_t np = hd_identities_plan(n, ids, keys, names, mentions, &pairs);
  hd_buf b;
  hd_buf_init(&b, 0);
  for (size_t i = 0; i < np; i++) {
    hd_copy_int(&b, pairs[i][0], 1);
    hd_copy_int(&b, pairs[i][1], 0);
    hd_buf_putc(&b, '\n');
  }
  int rc = hd_pg_run(s->c, s->name, "CREATE TEMP TABLE joined_ids(from_id bigint PRIMARY KEY, to_id bigint) ON COMMIT DROP", err);
  if (!rc) rc = hd_pg_copy(s->c, s->name, "COPY joined_ids FROM STDIN", &b, err);
  if (!rc && np) rc = hd_pg_run(s->c, s->name, JOIN_SQL, err);
  hd_buf_free(&b);
  free(pairs);
  free(ids);
  free(mentions);
  free(keys);
  free(names);
  PQclear(r);
  return rc;
}

static int w_join_identities(void *db, hd_err *err) {
  wpg *s = db;
  int rc = hd_pg_run(s->c, s->name, "BEGIN; SELECT pg_advisory_xact_lock(" HD_PG_LOCK_KEY ")", err);
  if (!rc) rc = plan_and_stage(s, err);
  if (!rc) rc = name_all(s, err);
  if (!rc) rc = hd_pg_run(s->c, s->name, "COMMIT", err);
  if (rc) {
    hd_err tmp = {0};
    hd_pg_run(s->c, s->name, "ROLLBACK", &tmp);
    if (err) {
      char msg[sizeof err->msg];
      snprintf(msg, sizeof msg, "%s", err->msg);
      hd_err_set(err, HD_ERR_DB, s->name, 0, "joining identities: %s", msg);
    }
    return rc;
  }
  /* then each quote's trail, as in SQLite (speakers are final now) */
  rc = hd_pg_quote_links_update(s->c, s->name, err);
  if (rc && err) {
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s", err->msg);
    hd_err_set(err, HD_ERR_DB, s->name, 0, "linking quotes: %s", msg);
  }
  return rc;
}

const hd_writer_ops hd_writer_pg = {
    .name = "postgresql",
    .open = w_open,
    .close = w_close,
    .begin = w_begin,
    .commit = w_commit,
    .rollback = w_rollback,
    .flush = w_flush,
    .load = w_load,
    .story_of = w_story_of,
    .article = w_article,
    .entity_get = w_entity_get,
    .entity_prefetch = w_entity_prefetch,
    .entity_new = w_entity_new,
    .entity_set = w_entity_set,
    .alias = w_alias,
    .title = w_title,
    .art_ent = w_art_ent,
    .mention = w_mention,
    .quote = w_quote,
    .add_outlet = w_add_outlet,
    .merge_story = w_merge_story,
    .story_outlets = w_story_outlets,
    .term = w_term,
    .term_chunk = w_term_chunk,
    .story_headline = w_story_headline,
    .story = w_story,
    .meta = w_meta,
    .join_identities = w_join_identities,
};
