/* test_store.c: the SQLite store on articles whose layers the test fills
 * by hand (identities, mentions, quotes): rows written, identities joined
 * across articles by key, aliases and titles counted, a syndicated copy
 * linked and folded into its original's story, re-adding skipped, state
 * reloaded at open. (Crash safety: tests/test_ingest_kill.sh.) */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text/article.h"
#include "check.h"
#include "store/store.h"
#include "util/buf.h"

static const char *T1 =
    "Harbour master Ilse Brandvold said on Monday that the Valdmark dock strike had closed the port. "
    "\"No ship will be unloaded this week,\" Brandvold said. Union leader Tomas Reyke said the dockers "
    "would not return until the night-shift bonus was restored, and harbour officials began diverting "
    "ships to Kesten as the queue outside the breakwater grew.";
static const char *T2 =
    "The Valdmark dock strike ended on Saturday. Tomas Reyke, the union leader, called the deal a victory "
    "for the dockers, and harbour master Brandvold said the port would reopen on Monday.";
static const char *T3 =
    "A baker from the village of Hallin won the national sourdough prize with a rye loaf proved for thirty "
    "hours, using a starter her grandmother had kept alive for fifty years.";

static hd_span find(const hd_article *a, const char *s) {
  const char *p = strstr(a->text, s);
  if (!p) return hd_span_none();
  return (hd_span){(uint32_t)(p - a->text), (uint32_t)(p - a->text + strlen(s))};
}

static uint32_t add_identity(hd_article *a, const char *key, const char *name, int type, const char *alias,
                             const char *title) {
  hd_scope sc; /* layers filled by hand live in the article's arena */
  hd_article_scope(&sc, a);
  hd_identity id = {0};
  id.key = hd_xstrdup(key);
  id.name = hd_xstrdup(name);
  id.type = (uint8_t)type;
  if (alias) HD_VEC_PUSH(id.aliases, id.n_aliases, id.cap_aliases, hd_xstrdup(alias));
  if (title) HD_VEC_PUSH(id.titles, id.n_titles, id.cap_titles, hd_xstrdup(title));
  HD_VEC_PUSH(a->identities, a->n_identities, a->cap_identities, id);
  hd_scope_leave(&sc);
  return (uint32_t)(a->n_identities - 1);
}

static void add_mention(hd_article *a, const char *surface, int type, uint32_t identity) {
  hd_span s = find(a, surface);
  hd_mention m = {s.start, s.end, 0, 0, (uint8_t)type, hd_span_none(), identity};
  HD_IN_ARENA(a, HD_VEC_PUSH(a->mentions, a->n_mentions, a->cap_mentions, m));
}

static hd_article *make(const char *text, const char *id, const char *outlet, const char *date, const char *title) {
  hd_article *a = hd_article_new(text, strlen(text));
  hd_article_set_meta(a, HD_META_ID, id);
  hd_article_set_meta(a, HD_META_DATE, date);
  a->text = hd_article_strndup(a, a->raw, a->raw_len);
  a->text_len = a->raw_len;
  a->title = hd_article_strndup(a, title, strlen(title));
  a->outlet = hd_article_strndup(a, outlet, strlen(outlet));
  return a;
}

static hd_article *article1(const char *text, const char *id, const char *outlet) {
  hd_article *a = make(text, id, outlet, "2024-03-04", "Valdmark dock strike closes port");
  uint32_t ilse = add_identity(a, "per:brandvold_ilse", "Ilse Brandvold", HD_ENT_PER, "Brandvold", "Harbour master");
  uint32_t tomas = add_identity(a, "per:reyke_tomas", "Tomas Reyke", HD_ENT_PER, NULL, "Union leader");
  uint32_t port = add_identity(a, "loc:valdmark", "Valdmark", HD_ENT_LOC, NULL, NULL);
  add_mention(a, "Ilse Brandvold", HD_ENT_PER, ilse);
  add_mention(a, "Brandvold said", HD_ENT_PER, ilse);
  a->mentions[a->n_mentions - 1].end -= 5; /* "Brandvold" */
  add_mention(a, "Tomas Reyke", HD_ENT_PER, tomas);
  add_mention(a, "Valdmark", HD_ENT_LOC, port);
  hd_quote q = {HD_Q_DIRECT, HD_SPK_NAMED, find(a, "No ship will be unloaded this week,"), find(a, "said."),
                find(a, "Brandvold said"), ilse, 1.0f, 0, {{0, 0}}, 0, {{0, 0}}};
  q.source.end -= 5;
  HD_IN_ARENA(a, HD_VEC_PUSH(a->quotes, a->n_quotes, a->cap_quotes, q));
  return a;
}

static long long count(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st;
  long long n = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    n = sqlite3_column_int64(st, 0);
  else fprintf(stderr, "query failed: %s: %s\n", sql, sqlite3_errmsg(db));
  sqlite3_finalize(st);
  return n;
}

static char *text_of(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st;
  char *s = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
      sqlite3_column_text(st, 0))
    s = strdup((const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  return s;
}

static int g_take; /* give the articles to the store (hd_ingest_add_take) */

static int add(hd_ingest *s, hd_article *a) {
  hd_err err = {0};
  int rc = g_take ? hd_ingest_add_take(s, a, &err) : hd_ingest_add(s, a, &err);
  if (rc < 0) fprintf(stderr, "store: %s\n", err.msg);
  if (!g_take) hd_article_free(a);
  return rc;
}

/* The whole story, with the rows written on the caller's thread, or on
 * the store's writer thread (articles borrowed or taken): the same. */
static int run(int writer_thread, int take) {
  g_take = take;
  char path[] = "/tmp/herald_test_store_XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  unlink(path);
  hd_store_options o;
  hd_store_defaults(&o);
  o.writer_thread = writer_thread;
  hd_err err = {0};
  hd_ingest *s = hd_ingest_open(path, &o, &err);
  CHECK(s != NULL);
  if (!s) return 1;

  CHECK(add(s, article1(T1, "a1", "Sorrel Herald")) == 0);
  /* a syndicated copy: same text but one word, another outlet */
  char *copy = hd_xstrdup(T1);
  memcpy(strstr(copy, "Monday"), "Sunday", 6);
  CHECK(add(s, article1(copy, "a1-copy", "Coastal Times")) == 0);
  free(copy);
  hd_article *b = make(T2, "a2", "Kesten Daily", "2024-03-09", "Valdmark strike ends");
  uint32_t tomas = add_identity(b, "per:reyke_tomas", "Tomas Reyke", HD_ENT_PER, "Reyke", "union leader");
  uint32_t ilse = add_identity(b, "per:brandvold_ilse", "Brandvold", HD_ENT_PER, NULL, "harbour master");
  add_mention(b, "Tomas Reyke", HD_ENT_PER, tomas);
  add_mention(b, "Brandvold", HD_ENT_PER, ilse);
  add_mention(b, "Valdmark", HD_ENT_LOC, HD_NONE); /* a mention with no identity */
  CHECK(add(s, b) == 0);
  CHECK(add(s, make(T3, "a3", "Coastal Times", "2024-06-02", "Hallin baker wins sourdough prize")) == 0);
  /* the same input again is skipped, even inside the open batch */
  CHECK(add(s, article1(T1, "a1-again", "Sorrel Herald")) == 1);
  hd_store_stats st;
  hd_ingest_get_stats(s, &st);
  CHECK(st.stored == 4 && st.skipped == 1 && st.duplicates == 1);
  CHECK(hd_ingest_close(s, &err) == 0);

  sqlite3 *db = hd_store_open_query(path, &err);
  CHECK(db != NULL);
  CHECK(count(db, "SELECT count(*) FROM articles") == 4);
  CHECK(count(db, "SELECT count(*) FROM articles WHERE ext_id = 'a1-copy' AND dup_of = 1 AND dup_sim > 0.5") == 1);
  CHECK(count(db, "SELECT count(DISTINCT story_id) FROM articles WHERE ext_id IN ('a1', 'a1-copy', 'a2')") == 1);
  CHECK(count(db, "SELECT count(DISTINCT story_id) FROM articles") == 2);
  /* identities joined by key across the three articles */
  CHECK(count(db, "SELECT count(*) FROM entities") == 3);
  CHECK(count(db, "SELECT articles FROM entities WHERE key = 'per:reyke_tomas'") == 3);
  CHECK(count(db, "SELECT mentions FROM entities WHERE key = 'per:brandvold_ilse'") == 5);
  char *name = text_of(db, "SELECT name FROM entities WHERE key = 'per:brandvold_ilse'");
  CHECK_STR(name, "Ilse Brandvold"); /* the longest name wins */
  free(name);
  CHECK(count(db, "SELECT count FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE e.key = "
                  "'per:brandvold_ilse' AND alias = 'Brandvold'") ==
        count(db, "SELECT count(DISTINCT m.article_id) FROM mentions m JOIN entities e ON e.id = m.entity_id"
                  " WHERE e.key = 'per:brandvold_ilse' AND m.text = 'Brandvold'")); /* names count as forms */
  CHECK(count(db, "SELECT count(*) FROM titles t JOIN entities e ON e.id = t.entity_id WHERE e.key = 'per:reyke_tomas'") == 2);
  CHECK(count(db, "SELECT count(*) FROM mentions WHERE entity_id IS NULL AND text = 'Valdmark'") == 1);
  CHECK(count(db, "SELECT count(*) FROM mentions") == 11);
  CHECK(count(db, "SELECT count(*) FROM article_entities") == 8);
  /* quotations with their speaker */
  CHECK(count(db, "SELECT count(*) FROM quotes q JOIN entities e ON e.id = q.speaker_id WHERE e.key = "
                  "'per:brandvold_ilse' AND q.content = 'No ship will be unloaded this week,' AND q.speaker = "
                  "'Ilse Brandvold' AND q.type = 'direct'") == 2);
  /* stories: counts, dates, outlets */
  CHECK(count(db, "SELECT articles FROM stories WHERE id = (SELECT story_id FROM articles WHERE ext_id = 'a2')") == 3);
  CHECK(count(db, "SELECT outlets FROM stories WHERE id = (SELECT story_id FROM articles WHERE ext_id = 'a2')") == 3);
  char *first = text_of(db, "SELECT first || '..' || last FROM stories WHERE id = (SELECT story_id FROM articles WHERE ext_id = 'a2')");
  CHECK_STR(first, "2024-03-04..2024-03-09");
  free(first);
  /* full-text search */
  CHECK(count(db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'sourdough'") == 1);
  CHECK(count(db, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'title:ends'") == 3);
  sqlite3_close(db);

  /* reopen: state is reloaded, the stored article is skipped, a new one
   * about the strike joins the strike story */
  s = hd_ingest_open(path, &o, &err);
  CHECK(s != NULL);
  if (!s) return 1;
  CHECK(add(s, make(T2, "a2-again", "Kesten Daily", "2024-03-09", "Valdmark strike ends")) == 1);
  hd_article *c = make("Dockers in Valdmark went back to work on Monday after the strike, and harbour master "
                       "Brandvold said the queue of ships outside the breakwater would clear within a week.",
                       "a4", "Sorrel Herald", "2024-03-11", "Valdmark dockers back at work after strike");
  /* an entity stored before the reopen: its counters go on from the file's */
  uint32_t ilse2 = add_identity(c, "per:brandvold_ilse", "Ilse Marit Brandvold", HD_ENT_PER, NULL, NULL);
  add_mention(c, "Brandvold", HD_ENT_PER, ilse2);
  CHECK(add(s, c) == 0);
  CHECK(hd_ingest_close(s, &err) == 0);
  db = hd_store_open_query(path, &err);
  CHECK(count(db, "SELECT count(*) FROM articles") == 5);
  CHECK(count(db, "SELECT count(DISTINCT story_id) FROM articles WHERE ext_id IN ('a1', 'a2', 'a4')") == 1);
  CHECK(count(db, "SELECT sum(articles) FROM stories WHERE merged_into IS NULL") == 5);
  CHECK(count(db, "SELECT value FROM meta WHERE key = 'cluster_docs'") == 5);
  CHECK(count(db, "SELECT articles FROM entities WHERE key = 'per:brandvold_ilse'") == 4);
  CHECK(count(db, "SELECT mentions FROM entities WHERE key = 'per:brandvold_ilse'") == 6);
  CHECK(count(db, "SELECT count(*) FROM entities") == 3);
  name = text_of(db, "SELECT name FROM entities WHERE key = 'per:brandvold_ilse'");
  CHECK_STR(name, "Ilse Brandvold"); /* the most frequent full form, not the one-article longer one */
  free(name);
  sqlite3_close(db);
  char wal[512];
  unlink(path);
  snprintf(wal, sizeof wal, "%s-wal", path);
  unlink(wal);
  snprintf(wal, sizeof wal, "%s-shm", path);
  unlink(wal);
  return 0;
}

int main(void) {
  run(0, 0);
  run(1, 0);
  run(1, 1);
  return check_done();
}
