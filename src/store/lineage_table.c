/*
 * lineage_table.c: filling the SQLite store's lineage tables when an
 * ingest closes (see lineage_table.h).
 */
#include "store/lineage_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Replaces the lineage rows of the articles of story `id`. */
static int update_story(sqlite3_stmt **q, int64_t id) {
  story_articles sa;
  if (load_story(q[0], id, &sa)) {
    articles_free(&sa);
    return -1;
  }
  hd_lineage *l = NULL;
  size_t n = hd_lineage_story(sa.a, sa.n, &l);
  int rc = 0;
  for (size_t i = 0; i < sa.n && !rc; i++) { /* the story's old rows */
    sqlite3_bind_int64(q[1], 1, sa.a[i].id);
    sqlite3_bind_int64(q[2], 1, sa.a[i].id);
    rc = run(q[1]) || run(q[2]);
  }
  for (size_t i = 0; i < n && !rc; i++) {
    const hd_lineage *x = &l[i];
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
  hd_lineage_free(l, n);
  articles_free(&sa);
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
      "SELECT DISTINCT story_id FROM articles WHERE id > coalesce((SELECT CAST(value AS INTEGER) FROM meta"
      " WHERE key = 'lineage_articles'), 0) AND story_id IS NOT NULL ORDER BY story_id",
      "INSERT OR REPLACE INTO meta(key, value) SELECT 'lineage_articles', coalesce(max(id), 0) FROM articles",
  };
  enum { N = sizeof sql / sizeof *sql };
  sqlite3_stmt *q[N] = {0};
  int rc = 0;
  for (size_t i = 0; i < N && !rc; i++)
    if (sqlite3_prepare_v2(db, sql[i], -1, &q[i], NULL) != SQLITE_OK) rc = -1;
  int s = SQLITE_DONE;
  while (!rc && (s = sqlite3_step(q[5])) == SQLITE_ROW) rc = update_story(q, sqlite3_column_int64(q[5], 0));
  if (!rc && s != SQLITE_DONE) rc = -1;
  if (!rc) rc = run(q[6]);
  if (rc) fail(db, path, err, "wire lineage");
  for (size_t i = 0; i < N; i++) sqlite3_finalize(q[i]);
  if (sqlite3_exec(db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL) != SQLITE_OK && !rc)
    rc = fail(db, path, err, "wire lineage");
  return rc;
}
