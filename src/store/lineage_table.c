/*
 * lineage_table.c: filling the SQLite store's lineage tables when an
 * ingest closes (see lineage_table.h).
 */
#include "store/lineage_table.h"
#include "store/wal_checkpoint.h"
#include "herald/timeline.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corpus/lineage.h"
#include "store/row_batch.h"

#define HD_STR_(x) #x
#define HD_STR(x) HD_STR_(x)
#define HD_LINEAGE_MAX_STR HD_STR(HD_LINEAGE_MAX_ARTICLES)
#include "util/buf.h"

static int fail(sqlite3 *db, const char *path, hd_err *err, const char *what) {
  hd_err_set(err, HD_ERR_DB, path, 0, "%s: %s", what, sqlite3_errmsg(db));
  return -1;
}

typedef struct {
  hd_lineage_article *a;
  hd_minhash *mh;
  char **text;
  uint8_t *want; /* the articles to recompute */
  size_t n;
} story_articles;

static void articles_free(story_articles *s) {
  for (size_t i = 0; i < s->n; i++) free(s->text[i]);
  free(s->a);
  free(s->mh);
  free(s->text);
  free(s->want);
  memset(s, 0, sizeof *s);
}

/* The statements the update uses. */
enum {
  Q_ORDER,       /* a story's articles in story order: id, dup_of */
  Q_TEXT,        /* one article's text and signature */
  Q_DEL,         /* an article's lineage row */
  Q_DEL_PARAS,   /* and its paragraph rows */
  Q_STORIES,     /* the stories to update: story, whole */
  Q_MARK,        /* meta.lineage_articles = the last article */
  Q_LAST_MARK,   /* meta.lineage_articles as it was */
  Q_UNSTALE,     /* lineage_stale emptied */
  N_Q
};

/* Reads article i's text and signature into out. */
static int load_text(sqlite3_stmt *st, story_articles *out, size_t i) {
  sqlite3_bind_int64(st, 1, out->a[i].id);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    const char *t = (const char *)sqlite3_column_text(st, 0);
    out->text[i] = hd_xstrdup(t ? t : "");
    const void *blob = sqlite3_column_blob(st, 1);
    if (blob && sqlite3_column_bytes(st, 1) == (int)sizeof(hd_minhash)) {
      memcpy(&out->mh[i], blob, sizeof(hd_minhash));
      out->a[i].minhash = &out->mh[i];
    }
    out->a[i].text = out->text[i];
  }
  sqlite3_reset(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Reads story `id`'s articles in story order: which to recompute (all
 * when `whole`, else those stored after `fresh` and the WINDOW after
 * each), and the texts and signatures that these read. */
static int load_story(sqlite3_stmt **q, int64_t id, int whole, int64_t fresh, story_articles *out) {
  memset(out, 0, sizeof *out);
  enum { M = HD_LINEAGE_MAX_ARTICLES };
  int64_t ids[M], dups[M];
  uint8_t want[M];
  size_t n = 0;
  sqlite3_bind_int64(q[Q_ORDER], 1, id);
  int rc = SQLITE_DONE;
  size_t last_new = SIZE_MAX; /* position of the last new article so far */
  while (n < M && (rc = sqlite3_step(q[Q_ORDER])) == SQLITE_ROW) {
    size_t i = n++;
    ids[i] = sqlite3_column_int64(q[Q_ORDER], 0);
    dups[i] = sqlite3_column_type(q[Q_ORDER], 1) == SQLITE_NULL ? -1 : sqlite3_column_int64(q[Q_ORDER], 1);
    if (ids[i] > fresh) last_new = i;
    want[i] = whole || (last_new != SIZE_MAX && i - last_new <= HD_LINEAGE_WINDOW);
  }
  if (n == M) rc = SQLITE_DONE;
  sqlite3_reset(q[Q_ORDER]);
  if (rc != SQLITE_DONE) return -1;
  /* sized to the story (most have one or two articles): arrays of M
   * zeroed for every story were a fifth of the close's instructions */
  out->n = n;
  out->a = hd_xcalloc(n + 1, sizeof *out->a);
  out->mh = hd_xcalloc(n + 1, sizeof *out->mh);
  out->text = hd_xcalloc(n + 1, sizeof *out->text);
  out->want = hd_xcalloc(n + 1, 1);
  for (size_t i = 0; i < n; i++) {
    out->a[i] = (hd_lineage_article){ids[i], NULL, dups[i], NULL};
    out->want[i] = want[i];
  }
  uint8_t need[M];
  hd_lineage_needs(ids, dups, out->n, out->want, need);
  for (size_t i = 0; i < out->n; i++)
    if (need[i] && load_text(q[Q_TEXT], out, i)) return -1;
  return 0;
}

static int run(sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

/* One story's articles and, once computed, their lineage. */
typedef struct {
  story_articles sa;
  hd_lineage *l;
  size_t n;
} story_job;

/* Where a story's rows go: its statements (the deletes) and the rows of
 * lineage and lineage_paragraphs, 32 to an INSERT (row_batch.h). */
typedef struct {
  sqlite3_stmt **q;
  hd_row_batch *lin, *paras;
  int64_t fresh; /* articles above it had no rows */
} row_writer;

static int flush_rows(row_writer *w) {
  return hd_row_batch_flush(w->lin) != SQLITE_OK || hd_row_batch_flush(w->paras) != SQLITE_OK ? -1 : 0;
}

/* Writes story job j's rows, replacing its articles' old rows (articles
 * above `fresh` had none: no look-up for them). Rows held are written
 * before a delete, so every row gets the rowid it got one at a time. */
static int write_story(row_writer *w, const story_job *j) {
  int rc = 0, flushed = 0;
  for (size_t i = 0; i < j->sa.n && !rc; i++) { /* the old rows of those recomputed */
    if (!j->sa.want[i] || j->sa.a[i].id > w->fresh) continue;
    if (!flushed++) rc = flush_rows(w);
    sqlite3_bind_int64(w->q[Q_DEL], 1, j->sa.a[i].id);
    sqlite3_bind_int64(w->q[Q_DEL_PARAS], 1, j->sa.a[i].id);
    rc = rc || run(w->q[Q_DEL]) || run(w->q[Q_DEL_PARAS]);
  }
  for (size_t i = 0; i < j->n && !rc; i++) {
    const hd_lineage *x = &j->l[i];
    int64_t v[] = {x->article, x->source, x->paragraphs, x->source_paragraphs, x->from_source, x->changed, x->added,
                   x->cut};
    for (int k = 0; k < 8; k++) hd_row_batch_int(w->lin, v[k]);
    rc = hd_row_batch_end_row(w->lin) != SQLITE_OK;
    for (size_t k = 0; k < x->n_paras && !rc; k++) {
      const hd_lineage_para *p = &x->paras[k];
      hd_row_batch_int(w->paras, x->article);
      if (p->para) hd_row_batch_int(w->paras, p->para);
      else hd_row_batch_null(w->paras);
      if (p->source_para) hd_row_batch_int(w->paras, p->source_para);
      else hd_row_batch_null(w->paras);
      const char *status = hd_para_status_name(p->status);
      hd_row_batch_text(w->paras, status, strlen(status));
      if (p->status == HD_PARA_COPIED || p->status == HD_PARA_CHANGED) hd_row_batch_double(w->paras, p->sim);
      else hd_row_batch_null(w->paras);
      rc = hd_row_batch_end_row(w->paras) != SQLITE_OK;
    }
  }
  return rc;
}

static void job_free(story_job *j) {
  hd_lineage_free(j->l, j->n);
  articles_free(&j->sa);
  memset(j, 0, sizeof *j);
}

/* ---- computing a batch of stories on worker threads ---- */

#define BATCH 256   /* stories read, computed and written together */
#define MAX_WORKERS 4

typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t work, done;
  story_job *jobs; /* the batch being computed */
  size_t n, next, n_done;
  int quit;
} pool;

static void *worker(void *arg) {
  pool *p = arg;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    while (!p->quit && p->next >= p->n) pthread_cond_wait(&p->work, &p->mu);
    if (p->quit) break;
    story_job *j = &p->jobs[p->next++];
    pthread_mutex_unlock(&p->mu);
    j->n = hd_lineage_story_some(j->sa.a, j->sa.n, j->sa.want, &j->l);
    pthread_mutex_lock(&p->mu);
    if (++p->n_done == p->n) pthread_cond_signal(&p->done);
  }
  pthread_mutex_unlock(&p->mu);
  return NULL;
}

static void pool_start(pool *p, story_job *jobs, size_t n) {
  pthread_mutex_lock(&p->mu);
  p->jobs = jobs;
  p->n = n;
  p->next = p->n_done = 0;
  pthread_cond_broadcast(&p->work);
  pthread_mutex_unlock(&p->mu);
}

static void pool_wait(pool *p) {
  pthread_mutex_lock(&p->mu);
  while (p->n_done < p->n) pthread_cond_wait(&p->done, &p->mu);
  pthread_mutex_unlock(&p->mu);
}

/* Reads the next batch of touched stories (Q_STORIES steps through them;
 * *end is set once it is done, as a step past the end would start it
 * again): returns how many, or -1 on an error (nothing then kept). */
static long load_batch(sqlite3_stmt **q, story_job *jobs, int64_t fresh, int *end) {
  size_t n = 0;
  int s = SQLITE_ROW;
  if (*end) return 0;
  while (n < BATCH && (s = sqlite3_step(q[Q_STORIES])) == SQLITE_ROW) {
    story_job *j = &jobs[n++];
    memset(j, 0, sizeof *j);
    if (load_story(q, sqlite3_column_int64(q[Q_STORIES], 0), sqlite3_column_int(q[Q_STORIES], 1), fresh, &j->sa))
      s = SQLITE_ERROR;
    if (s != SQLITE_ROW) break;
  }
  if (s != SQLITE_ROW) *end = 1;
  if (s == SQLITE_ROW || s == SQLITE_DONE) return (long)n;
  for (size_t i = 0; i < n; i++) job_free(&jobs[i]);
  return -1;
}

/* Where computed batches go: written at once, or queued for the writer.
 * Takes the batch (BATCH jobs, n of them filled) whatever it returns. */
typedef int (*batch_sink)(void *ctx, story_job *jobs, long n);

static void batch_free(story_job *jobs, long n) {
  for (long i = 0; i < n; i++) job_free(&jobs[i]);
  free(jobs);
}

/* The touched stories in batches: while the workers compute batch k, this
 * thread reads batch k+1, then hands batch k to the sink; batches come
 * in story order, as one thread would make them. */
static int compute_stories(sqlite3_stmt **q, int64_t fresh, batch_sink sink, void *ctx) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  size_t nw = cores < 1 ? 1 : cores > MAX_WORKERS ? MAX_WORKERS : (size_t)cores;
  pool p = {.mu = PTHREAD_MUTEX_INITIALIZER, .work = PTHREAD_COND_INITIALIZER, .done = PTHREAD_COND_INITIALIZER};
  pthread_t th[MAX_WORKERS];
  size_t started = 0;
  while (started < nw && pthread_create(&th[started], NULL, worker, &p) == 0) started++;
  int rc = 0, end = 0;
  story_job *cur = hd_xcalloc(BATCH, sizeof(story_job));
  long n = load_batch(q, cur, fresh, &end);
  if (n < 0) rc = -1;
  while (!rc && n > 0) {
    if (started) pool_start(&p, cur, (size_t)n);
    else
      for (long i = 0; i < n; i++) cur[i].n = hd_lineage_story_some(cur[i].sa.a, cur[i].sa.n, cur[i].sa.want, &cur[i].l);
    story_job *nxt = hd_xcalloc(BATCH, sizeof(story_job));
    long nn = load_batch(q, nxt, fresh, &end); /* while they compute */
    if (started) pool_wait(&p);
    rc = sink(ctx, cur, n);
    cur = nxt;
    n = nn;
    if (nn < 0) rc = -1;
  }
  batch_free(cur, n > 0 ? n : 0);
  pthread_mutex_lock(&p.mu);
  p.quit = 1;
  pthread_cond_broadcast(&p.work);
  pthread_mutex_unlock(&p.mu);
  for (size_t i = 0; i < started; i++) pthread_join(th[i], NULL);
  return rc;
}

/* ---- the sink that writes at once (one connection, one thread) ---- */

static int write_batch(void *ctx, story_job *jobs, long n) {
  row_writer *w = ctx;
  int rc = 0;
  for (long i = 0; i < n && !rc; i++) rc = write_story(w, &jobs[i]);
  batch_free(jobs, n);
  return rc;
}

/* ---- reading and computing ahead, on a connection of its own ---- */

#define AHEAD 32 /* computed batches waiting for the writer, at most */

typedef struct {
  story_job *jobs;
  long n;
} batch;

struct hd_lineage_ahead {
  sqlite3 *db; /* read-only, used by the thread only */
  pthread_t th;
  pthread_mutex_t mu;
  pthread_cond_t changed;
  batch q[AHEAD];
  size_t head, count;
  int done, failed; /* the thread has finished; it met an error */
  int quit;         /* the writer wants no more */
};

/* The "BEGIN" of a read transaction takes its snapshot at its first read:
 * the store's state at the ingest's last commit, which the identity
 * join and the quote trail do not change for the tables read here
 * (articles, lineage_stale, meta.lineage_articles). */
static const char *const read_sql[N_Q] = {
    [Q_ORDER] = "SELECT id, dup_of FROM articles WHERE story_id = ?1 ORDER BY day IS NULL, day, id LIMIT "
                HD_LINEAGE_MAX_STR,
    [Q_TEXT] = "SELECT text, minhash FROM articles WHERE id = ?1",
    [Q_STORIES] = "SELECT s, max(whole) FROM (SELECT story_id AS s, 0 AS whole FROM articles NOT INDEXED"
                  " WHERE id > ?1 AND story_id IS NOT NULL UNION ALL SELECT story_id, 1 FROM lineage_stale)"
                  " GROUP BY s ORDER BY s",
    [Q_LAST_MARK] = "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'lineage_articles'), 0)",
};

static const char *const write_sql[N_Q] = {
    [Q_DEL] = "DELETE FROM lineage WHERE article_id = ?1",
    [Q_DEL_PARAS] = "DELETE FROM lineage_paragraphs WHERE article_id = ?1",
    [Q_MARK] = "INSERT OR REPLACE INTO meta(key, value) SELECT 'lineage_articles', coalesce(max(id), 0) FROM articles",
    [Q_UNSTALE] = "DELETE FROM lineage_stale",
    [Q_LAST_MARK] = "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'lineage_articles'), 0)",
};

/* Prepares the statements of sql that are set; 0 or -1. */
static int prepare(sqlite3 *db, const char *const *sql, sqlite3_stmt **q) {
  for (size_t i = 0; i < N_Q; i++)
    if (sql[i] && !q[i] && sqlite3_prepare_v2(db, sql[i], -1, &q[i], NULL) != SQLITE_OK) return -1;
  return 0;
}

static void finalize(sqlite3_stmt **q) {
  for (size_t i = 0; i < N_Q; i++) sqlite3_finalize(q[i]), q[i] = NULL;
}

/* meta.lineage_articles: the last article of the last update; 0 or -1 */
static int last_mark(sqlite3_stmt **q, int64_t *fresh) {
  int rc = sqlite3_step(q[Q_LAST_MARK]) == SQLITE_ROW ? (*fresh = sqlite3_column_int64(q[Q_LAST_MARK], 0), 0) : -1;
  sqlite3_reset(q[Q_LAST_MARK]);
  return rc;
}

/* Queues a computed batch, waiting while AHEAD are queued; -1 (batch
 * freed) once the writer wants no more. The texts are dropped first:
 * only the rows are written. */
static int push_batch(void *ctx, story_job *jobs, long n) {
  hd_lineage_ahead *a = ctx;
  for (long i = 0; i < n; i++) {
    story_articles *sa = &jobs[i].sa;
    for (size_t k = 0; k < sa->n; k++) free(sa->text[k]), sa->text[k] = NULL;
  }
  pthread_mutex_lock(&a->mu);
  while (a->count == AHEAD && !a->quit) pthread_cond_wait(&a->changed, &a->mu);
  int quit = a->quit;
  if (!quit) {
    a->q[(a->head + a->count++) % AHEAD] = (batch){jobs, n};
    pthread_cond_broadcast(&a->changed);
  }
  pthread_mutex_unlock(&a->mu);
  if (quit) batch_free(jobs, n);
  return quit ? -1 : 0;
}

/* The next queued batch: 1, 0 at the end, -1 if the thread failed. */
static int pop_batch(hd_lineage_ahead *a, batch *b) {
  pthread_mutex_lock(&a->mu);
  while (!a->count && !a->done) pthread_cond_wait(&a->changed, &a->mu);
  int rc = a->count ? 1 : a->failed ? -1 : 0;
  if (rc == 1) {
    *b = a->q[a->head];
    a->head = (a->head + 1) % AHEAD;
    a->count--;
    pthread_cond_broadcast(&a->changed);
  }
  pthread_mutex_unlock(&a->mu);
  return rc;
}

static void *read_ahead(void *arg) {
  hd_lineage_ahead *a = arg;
  hd_tl_thread("lineage");
  hd_tl_mark t = HD_TL_START();
  sqlite3_stmt *q[N_Q] = {0};
  int64_t fresh = 0;
  int rc = sqlite3_exec(a->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
  if (!rc) rc = prepare(a->db, read_sql, q);
  if (!rc) rc = last_mark(q, &fresh);
  if (!rc) sqlite3_bind_int64(q[Q_STORIES], 1, fresh);
  if (!rc) rc = compute_stories(q, fresh, push_batch, a);
  finalize(q);
  sqlite3_exec(a->db, "COMMIT", NULL, NULL, NULL); /* ends the read */
  HD_TL_SPAN("lineage-read", t);
  pthread_mutex_lock(&a->mu);
  a->done = 1;
  a->failed = rc;
  pthread_cond_broadcast(&a->changed);
  pthread_mutex_unlock(&a->mu);
  return NULL;
}

hd_lineage_ahead *hd_lineage_start(sqlite3 *db) {
  /* the file db has open, in WAL mode: only then may a reader hold its
   * snapshot while the writer commits */
  const char *path = sqlite3_get_autocommit(db) ? hd_wal_file(db) : NULL;
  if (!path) return NULL;
  hd_lineage_ahead *a = hd_xcalloc(1, sizeof *a);
  pthread_mutex_init(&a->mu, NULL);
  pthread_cond_init(&a->changed, NULL);
  if (sqlite3_open_v2(path, &a->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
      pthread_create(&a->th, NULL, read_ahead, a) != 0) {
    sqlite3_close(a->db);
    pthread_mutex_destroy(&a->mu);
    pthread_cond_destroy(&a->changed);
    free(a);
    return NULL;
  }
  sqlite3_busy_timeout(a->db, 5000);
  return a;
}

/* Stops the thread (whatever it had left is dropped) and frees a. */
static void ahead_free(hd_lineage_ahead *a) {
  if (!a) return;
  pthread_mutex_lock(&a->mu);
  a->quit = 1;
  pthread_cond_broadcast(&a->changed);
  pthread_mutex_unlock(&a->mu);
  pthread_join(a->th, NULL);
  for (size_t i = 0; i < a->count; i++) {
    batch *b = &a->q[(a->head + i) % AHEAD];
    batch_free(b->jobs, b->n);
  }
  sqlite3_close(a->db);
  pthread_mutex_destroy(&a->mu);
  pthread_cond_destroy(&a->changed);
  free(a);
}

void hd_lineage_cancel(hd_lineage_ahead *a) { ahead_free(a); }

/* Writes what the thread computed, batch by batch, in story order. */
static int write_ahead(hd_lineage_ahead *a, row_writer *w) {
  batch b;
  int got = 0, rc = 0;
  while (!rc && (got = pop_batch(a, &b)) == 1) rc = write_batch(w, b.jobs, b.n);
  return rc ? rc : got < 0 ? -1 : 0;
}

int hd_lineage_update(sqlite3 *db, const char *path, hd_lineage_ahead *ahead, hd_err *err) {
  if (sqlite3_exec(db, "BEGIN; " HD_LINEAGE_SCHEMA HD_LINEAGE_STALE_SCHEMA, NULL, NULL, NULL) != SQLITE_OK) {
    ahead_free(ahead);
    return fail(db, path, err, "wire lineage");
  }
  sqlite3_stmt *q[N_Q] = {0};
  int64_t fresh = 0; /* the last article of the last update */
  int rc = prepare(db, write_sql, q);
  if (!rc) rc = last_mark(q, &fresh);
  row_writer w = {q, hd_row_batch_new(db, "INSERT INTO lineage(article_id, source_id, paragraphs, source_paragraphs,"
                                          " from_source, changed, added, cut)", 8, ""),
                  hd_row_batch_new(db, "INSERT INTO lineage_paragraphs(article_id, para, source_para, status, sim)",
                                   5, ""), fresh};
  if (!rc && ahead) rc = write_ahead(ahead, &w);
  if (!rc && !ahead) rc = prepare(db, read_sql, q);
  if (!rc && !ahead) sqlite3_bind_int64(q[Q_STORIES], 1, fresh);
  if (!rc && !ahead) rc = compute_stories(q, fresh, write_batch, &w);
  ahead_free(ahead);
  if (!rc) rc = flush_rows(&w);
  hd_row_batch_free(w.lin);
  hd_row_batch_free(w.paras);
  if (!rc) rc = run(q[Q_MARK]) || run(q[Q_UNSTALE]);
  if (rc) fail(db, path, err, "wire lineage");
  finalize(q);
  if (sqlite3_exec(db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL) != SQLITE_OK && !rc)
    rc = fail(db, path, err, "wire lineage");
  return rc;
}
