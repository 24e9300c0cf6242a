/*
 * lineage_table.c: filling the SQLite store's lineage tables when an
 * ingest closes (see lineage_table.h).
 */
#include "store/lineage_table.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corpus/lineage.h"

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
  Q_INS,         /* a lineage row */
  Q_INS_PARA,    /* a paragraph row */
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

/* Writes story job j's rows, replacing its articles' old rows (articles
 * above `fresh` had none: no look-up for them). */
static int write_story(sqlite3_stmt **q, const story_job *j, int64_t fresh) {
  int rc = 0;
  for (size_t i = 0; i < j->sa.n && !rc; i++) { /* the old rows of those recomputed */
    if (!j->sa.want[i] || j->sa.a[i].id > fresh) continue;
    sqlite3_bind_int64(q[Q_DEL], 1, j->sa.a[i].id);
    sqlite3_bind_int64(q[Q_DEL_PARAS], 1, j->sa.a[i].id);
    rc = run(q[Q_DEL]) || run(q[Q_DEL_PARAS]);
  }
  for (size_t i = 0; i < j->n && !rc; i++) {
    const hd_lineage *x = &j->l[i];
    int64_t v[] = {x->article, x->source, x->paragraphs, x->source_paragraphs, x->from_source, x->changed, x->added,
                   x->cut};
    for (int k = 0; k < 8; k++) sqlite3_bind_int64(q[Q_INS], k + 1, v[k]);
    rc = run(q[Q_INS]);
    for (size_t k = 0; k < x->n_paras && !rc; k++) {
      const hd_lineage_para *p = &x->paras[k];
      sqlite3_bind_int64(q[Q_INS_PARA], 1, x->article);
      if (p->para) sqlite3_bind_int(q[Q_INS_PARA], 2, p->para);
      else sqlite3_bind_null(q[Q_INS_PARA], 2);
      if (p->source_para) sqlite3_bind_int(q[Q_INS_PARA], 3, p->source_para);
      else sqlite3_bind_null(q[Q_INS_PARA], 3);
      sqlite3_bind_text(q[Q_INS_PARA], 4, hd_para_status_name(p->status), -1, SQLITE_STATIC);
      if (p->status == HD_PARA_COPIED || p->status == HD_PARA_CHANGED) sqlite3_bind_double(q[Q_INS_PARA], 5, p->sim);
      else sqlite3_bind_null(q[Q_INS_PARA], 5);
      rc = run(q[Q_INS_PARA]);
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
 * again): returns how many, or -1 on an error. */
static long load_batch(sqlite3_stmt **q, story_job *jobs, int64_t fresh, int *end) {
  size_t n = 0;
  int s = SQLITE_ROW;
  if (*end) return 0;
  while (n < BATCH && (s = sqlite3_step(q[Q_STORIES])) == SQLITE_ROW) {
    story_job *j = &jobs[n++];
    memset(j, 0, sizeof *j);
    if (load_story(q, sqlite3_column_int64(q[Q_STORIES], 0), sqlite3_column_int(q[Q_STORIES], 1), fresh, &j->sa))
      return -1;
  }
  if (s != SQLITE_ROW) *end = 1;
  return s == SQLITE_ROW || s == SQLITE_DONE ? (long)n : -1;
}

/* The touched stories in batches: while the workers compute batch k, this
 * thread writes batch k-1 and reads batch k+1; rows are written in story
 * order, as one thread would. */
static int update_stories(sqlite3_stmt **q, int64_t fresh) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  size_t nw = cores < 1 ? 1 : cores > MAX_WORKERS ? MAX_WORKERS : (size_t)cores;
  pool p = {.mu = PTHREAD_MUTEX_INITIALIZER, .work = PTHREAD_COND_INITIALIZER, .done = PTHREAD_COND_INITIALIZER};
  pthread_t th[MAX_WORKERS];
  size_t started = 0;
  while (started < nw && pthread_create(&th[started], NULL, worker, &p) == 0) started++;
  story_job *buf[2] = {hd_xcalloc(BATCH, sizeof(story_job)), hd_xcalloc(BATCH, sizeof(story_job))};
  long n[2] = {0, 0};
  int rc = 0, cur = 0, end = 0;
  n[cur] = load_batch(q, buf[cur], fresh, &end);
  if (n[cur] < 0) rc = -1;
  while (!rc && n[cur] > 0) {
    if (started) pool_start(&p, buf[cur], (size_t)n[cur]);
    else
      for (long i = 0; i < n[cur]; i++) {
        story_articles *sa = &buf[cur][i].sa;
        buf[cur][i].n = hd_lineage_story_some(sa->a, sa->n, sa->want, &buf[cur][i].l);
      }
    int nxt = !cur;
    n[nxt] = load_batch(q, buf[nxt], fresh, &end); /* while they compute */
    if (started) pool_wait(&p);
    for (long i = 0; i < n[cur] && !rc; i++) rc = write_story(q, &buf[cur][i], fresh);
    for (long i = 0; i < n[cur]; i++) job_free(&buf[cur][i]);
    n[cur] = 0;
    if (n[nxt] < 0) rc = -1;
    cur = nxt;
  }
  for (int b = 0; b < 2; b++) {
    for (long i = 0; i < n[b]; i++) job_free(&buf[b][i]);
    free(buf[b]);
  }
  pthread_mutex_lock(&p.mu);
  p.quit = 1;
  pthread_cond_broadcast(&p.work);
  pthread_mutex_unlock(&p.mu);
  for (size_t i = 0; i < started; i++) pthread_join(th[i], NULL);
  return rc;
}

int hd_lineage_update(sqlite3 *db, const char *path, hd_err *err) {
  if (sqlite3_exec(db, "BEGIN; " HD_LINEAGE_SCHEMA HD_LINEAGE_STALE_SCHEMA, NULL, NULL, NULL) != SQLITE_OK)
    return fail(db, path, err, "wire lineage");
  static const char *const sql[N_Q] = {
      [Q_ORDER] = "SELECT id, dup_of FROM articles WHERE story_id = ?1 ORDER BY day IS NULL, day, id LIMIT "
                  HD_LINEAGE_MAX_STR,
      [Q_TEXT] = "SELECT text, minhash FROM articles WHERE id = ?1",
      [Q_DEL] = "DELETE FROM lineage WHERE article_id = ?1",
      [Q_DEL_PARAS] = "DELETE FROM lineage_paragraphs WHERE article_id = ?1",
      [Q_INS] = "INSERT INTO lineage(article_id, source_id, paragraphs, source_paragraphs, from_source, changed,"
                " added, cut) VALUES(?,?,?,?,?,?,?,?)",
      [Q_INS_PARA] = "INSERT INTO lineage_paragraphs(article_id, para, source_para, status, sim) VALUES(?,?,?,?,?)",
      [Q_STORIES] = "SELECT s, max(whole) FROM (SELECT story_id AS s, 0 AS whole FROM articles NOT INDEXED"
                    " WHERE id > ?1 AND story_id IS NOT NULL UNION ALL SELECT story_id, 1 FROM lineage_stale)"
                    " GROUP BY s ORDER BY s",
      [Q_MARK] = "INSERT OR REPLACE INTO meta(key, value) SELECT 'lineage_articles', coalesce(max(id), 0) FROM articles",
      [Q_LAST_MARK] = "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'lineage_articles'), 0)",
      [Q_UNSTALE] = "DELETE FROM lineage_stale",
  };
  sqlite3_stmt *q[N_Q] = {0};
  int rc = 0;
  for (size_t i = 0; i < N_Q && !rc; i++)
    if (sqlite3_prepare_v2(db, sql[i], -1, &q[i], NULL) != SQLITE_OK) rc = -1;
  int64_t fresh = 0; /* the last article of the last update */
  if (!rc) rc = sqlite3_step(q[Q_LAST_MARK]) == SQLITE_ROW ? (fresh = sqlite3_column_int64(q[Q_LAST_MARK], 0), 0) : -1;
  if (!rc) sqlite3_bind_int64(q[Q_STORIES], 1, fresh);
  if (!rc) rc = update_stories(q, fresh);
  if (!rc) rc = run(q[Q_MARK]) || run(q[Q_UNSTALE]);
  if (rc) fail(db, path, err, "wire lineage");
  for (size_t i = 0; i < N_Q; i++) sqlite3_finalize(q[i]);
  if (sqlite3_exec(db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL) != SQLITE_OK && !rc)
    rc = fail(db, path, err, "wire lineage");
  return rc;
}
