/*
 * lineage_table.c: filling the SQLite store's lineage tables when an
 * ingest closes (see lineage_table.h).
 */
#include "store/lineage_table.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corpus/lineage.h"
#include "util/buf.h"

static int fail(sqlite3 *db, const char *path, hd_err *err, const char *what) {
  hd_err_set(err, HD_ERR_DB, path, 0, "%s: %s", what, sqlite3_errmsg(db));
  return -1;
}

typedef struct {
  hd_lineage_article *a;
  hd_minhash *mh;
  char **text;
  size_t n;
} story_articles;

static void articles_free(story_articles *s) {
  for (size_t i = 0; i < s->n; i++) free(s->text[i]);
  free(s->a);
  free(s->mh);
  free(s->text);
  memset(s, 0, sizeof *s);
}

/* Reads story `id`'s articles in story order. */
static int load_story(sqlite3_stmt *st, int64_t id, story_articles *out) {
  memset(out, 0, sizeof *out);
  out->a = hd_xcalloc(HD_LINEAGE_MAX_ARTICLES, sizeof *out->a);
  out->mh = hd_xcalloc(HD_LINEAGE_MAX_ARTICLES, sizeof *out->mh);
  out->text = hd_xcalloc(HD_LINEAGE_MAX_ARTICLES, sizeof *out->text);
  sqlite3_bind_int64(st, 1, id);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->n < HD_LINEAGE_MAX_ARTICLES) {
    size_t i = out->n++;
    const char *t = (const char *)sqlite3_column_text(st, 1);
    out->text[i] = hd_xstrdup(t ? t : "");
    const void *blob = sqlite3_column_blob(st, 3);
    int bytes = sqlite3_column_bytes(st, 3);
    int has_mh = blob && bytes == (int)sizeof(hd_minhash);
    if (has_mh) memcpy(&out->mh[i], blob, sizeof(hd_minhash));
    out->a[i] = (hd_lineage_article){sqlite3_column_int64(st, 0), out->text[i],
                                     sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 2),
                                     has_mh ? &out->mh[i] : NULL};
  }
  sqlite3_reset(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
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
  for (size_t i = 0; i < j->sa.n && !rc; i++) { /* the story's old rows */
    if (j->sa.a[i].id > fresh) continue;
    sqlite3_bind_int64(q[1], 1, j->sa.a[i].id);
    sqlite3_bind_int64(q[2], 1, j->sa.a[i].id);
    rc = run(q[1]) || run(q[2]);
  }
  for (size_t i = 0; i < j->n && !rc; i++) {
    const hd_lineage *x = &j->l[i];
    int64_t v[] = {x->article, x->source, x->paragraphs, x->source_paragraphs, x->from_source, x->changed, x->added,
                   x->cut};
    for (int k = 0; k < 8; k++) sqlite3_bind_int64(q[3], k + 1, v[k]);
    rc = run(q[3]);
    for (size_t k = 0; k < x->n_paras && !rc; k++) {
      const hd_lineage_para *p = &x->paras[k];
      sqlite3_bind_int64(q[4], 1, x->article);
      if (p->para) sqlite3_bind_int(q[4], 2, p->para);
      else sqlite3_bind_null(q[4], 2);
      if (p->source_para) sqlite3_bind_int(q[4], 3, p->source_para);
      else sqlite3_bind_null(q[4], 3);
      sqlite3_bind_text(q[4], 4, hd_para_status_name(p->status), -1, SQLITE_STATIC);
      if (p->status == HD_PARA_COPIED || p->status == HD_PARA_CHANGED) sqlite3_bind_double(q[4], 5, p->sim);
      else sqlite3_bind_null(q[4], 5);
      rc = run(q[4]);
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
    j->n = hd_lineage_story(j->sa.a, j->sa.n, &j->l);
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

/* Reads the next batch of touched stories (q[5] steps through them;
 * *end is set once it is done, as a step past the end would start it
 * again): returns how many, or -1 on an error. */
static long load_batch(sqlite3_stmt **q, story_job *jobs, int *end) {
  size_t n = 0;
  int s = SQLITE_ROW;
  if (*end) return 0;
  while (n < BATCH && (s = sqlite3_step(q[5])) == SQLITE_ROW) {
    story_job *j = &jobs[n++];
    memset(j, 0, sizeof *j);
    if (load_story(q[0], sqlite3_column_int64(q[5], 0), &j->sa)) return -1;
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
  n[cur] = load_batch(q, buf[cur], &end);
  if (n[cur] < 0) rc = -1;
  while (!rc && n[cur] > 0) {
    if (started) pool_start(&p, buf[cur], (size_t)n[cur]);
    else
      for (long i = 0; i < n[cur]; i++) buf[cur][i].n = hd_lineage_story(buf[cur][i].sa.a, buf[cur][i].sa.n, &buf[cur][i].l);
    int nxt = !cur;
    n[nxt] = load_batch(q, buf[nxt], &end); /* while they compute */
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
  if (sqlite3_exec(db, "BEGIN; " HD_LINEAGE_SCHEMA, NULL, NULL, NULL) != SQLITE_OK)
    return fail(db, path, err, "wire lineage");
  static const char *const sql[] = {
      HD_LINEAGE_ARTICLES_SQL,
      "DELETE FROM lineage WHERE article_id = ?1",
      "DELETE FROM lineage_paragraphs WHERE article_id = ?1",
      "INSERT INTO lineage(article_id, source_id, paragraphs, source_paragraphs, from_source, changed, added, cut)"
      " VALUES(?,?,?,?,?,?,?,?)",
      "INSERT INTO lineage_paragraphs(article_id, para, source_para, status, sim) VALUES(?,?,?,?,?)",
      "SELECT DISTINCT story_id FROM articles WHERE id > ?1 AND story_id IS NOT NULL ORDER BY story_id",
      "INSERT OR REPLACE INTO meta(key, value) SELECT 'lineage_articles', coalesce(max(id), 0) FROM articles",
      "SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'lineage_articles'), 0)",
  };
  enum { N = sizeof sql / sizeof *sql };
  sqlite3_stmt *q[N] = {0};
  int rc = 0;
  for (size_t i = 0; i < N && !rc; i++)
    if (sqlite3_prepare_v2(db, sql[i], -1, &q[i], NULL) != SQLITE_OK) rc = -1;
  int64_t fresh = 0; /* the last article of the last update */
  if (!rc) rc = sqlite3_step(q[7]) == SQLITE_ROW ? (fresh = sqlite3_column_int64(q[7], 0), 0) : -1;
  if (!rc) sqlite3_bind_int64(q[5], 1, fresh);
  if (!rc) rc = update_stories(q, fresh);
  if (!rc) rc = run(q[6]);
  if (rc) fail(db, path, err, "wire lineage");
  for (size_t i = 0; i < N; i++) sqlite3_finalize(q[i]);
  if (sqlite3_exec(db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL) != SQLITE_OK && !rc)
    rc = fail(db, path, err, "wire lineage");
  return rc;
}
