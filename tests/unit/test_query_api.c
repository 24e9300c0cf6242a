/* test_query_api.c: the public store and query API (herald/store.h) on a
 * store written by the ingest writer: values checked alike for every
 * caller (dates, limits, offsets, ids), what a person types turned into
 * FTS5 (fts_query.c), results and their JSON (absent values are null),
 * not-found and usage errors as codes, error JSON always valid UTF-8, and
 * one store queried from four threads at once. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "herald.h"
#include "store/fts_query.h"
#include "store/store.h"

static void parse_values(void) {
  hd_err err = {0};
  int64_t d = 0, d2 = 0;
  CHECK(hd_query_parse_date("1970-01-02", &d, &err) == 0 && d == 1);
  CHECK(hd_query_parse_date("2024-02-29", &d, &err) == 0);
  CHECK(hd_query_parse_date("2024-02-29T10:00:00Z", &d2, &err) == 0 && d2 == d);
  CHECK(hd_query_parse_date("29-FEB-2024", &d2, &err) == 0 && d2 == d);
  CHECK(hd_query_parse_date("2024-02", &d2, &err) == 0 && d - d2 == 28);
  CHECK(hd_query_parse_date("2024", &d2, &err) == 0 && d - d2 == 59);
  const char *bad[] = {"garbage", "2026-02-30", "2023-02-29", "2024-13-01", "2024-00", "24-02-01", "2024-", "",
                       "2024-02-29x", "31-FOO-2024", "0000-01-01"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    err.code = HD_OK;
    CHECK(hd_query_parse_date(bad[i], &d, &err) == -1 && err.code == HD_ERR_USAGE);
  }
  CHECK(hd_query_parse_date(NULL, &d, &err) == -1);
  int n = 0;
  CHECK(hd_query_parse_limit("5", &n, &err) == 0 && n == 5);
  CHECK(hd_query_parse_limit("1000", &n, &err) == 0 && n == 1000);
  const char *bad_limits[] = {"0", "-1", "abc", "12abc", "1e3", "1001", " 5", "", "99999999999999999999"};
  for (size_t i = 0; i < sizeof bad_limits / sizeof *bad_limits; i++)
    CHECK(hd_query_parse_limit(bad_limits[i], &n, &err) == -1 && err.code == HD_ERR_USAGE);
  CHECK(hd_query_parse_offset("0", &n, &err) == 0 && n == 0);
  CHECK(hd_query_parse_offset("-3", &n, &err) == -1);
  int64_t id = 0;
  CHECK(hd_query_parse_id("12", &id, &err) == 0 && id == 12);
  CHECK(hd_query_parse_id("1e9", &id, &err) == -1 && strstr(err.msg, "1e9"));
  CHECK(hd_query_parse_id("12abc", &id, &err) == -1);
  CHECK(hd_query_parse_id("-1", &id, &err) == -1);
  CHECK(hd_query_parse_id("9223372036854775808", &id, &err) == -1);
}

static void fts(const char *q, const char *want) {
  hd_err err = {0};
  char *got = hd_fts_query(q, &err);
  if (want) CHECK_STR(got, want);
  else CHECK(!got && err.code == HD_ERR_USAGE);
  free(got);
}

static void fts_queries(void) {
  fts("U.S.", "\"U.S.\"");
  fts("O'Brien AT&T", "\"O'Brien\" \"AT&T\"");
  fts("cease-fire talks", "\"cease-fire\" \"talks\"");
  fts("oil AND NOT gas", "\"oil\" NOT \"gas\"");
  fts("oil OR gas", "\"oil\" OR \"gas\"");
  fts("\"oil prices\" pipe*", "\"oil prices\" \"pipe\"*");
  fts("\"unbalanced quote", "\"unbalanced\" \"quote\"");
  fts("say \"\"hi\"", "\"say\" \"\" \"hi\"");
  fts("(oil OR gas) prices", "( \"oil\" OR \"gas\" ) AND \"prices\"");
  fts("prices (oil OR gas)", "\"prices\" AND ( \"oil\" OR \"gas\" )");
  fts("(oil", "\"(oil\""); /* punctuation: the tokenizer drops it */
  fts("oil)", "\"oil)\"");
  fts("title:oil", "title : \"oil\"");
  fts("TITLE: oil", "TITLE : \"oil\"");
  fts("NEAR(oil gas, 5)", "NEAR(\"oil\" \"gas\", 5)");
  fts("NEAR(oil", "\"NEAR(oil\"");
  fts("rock and roll", "\"rock\" \"and\" \"roll\"");
  fts("oil AND", NULL);
  fts("NOT gas", NULL);
  fts("OR", NULL);
  fts("oil OR OR gas", NULL);
  fts("()", NULL);
  fts("", NULL);
}

static hd_article *article(const char *text, const char *id, const char *outlet, const char *date, const char *title) {
  hd_article *a = hd_article_new(text, strlen(text));
  hd_article_set_meta(a, HD_META_ID, id);
  if (outlet) hd_article_set_meta(a, HD_META_SOURCE, outlet);
  if (date) hd_article_set_meta(a, HD_META_DATE, date);
  if (title) hd_article_set_meta(a, HD_META_TITLE, title);
  return a;
}

static void write_store(const char *path) {
  hd_options opt = {0};
  opt.no_ner = opt.no_quotes = 1;
  hd_err err = {0};
  hd_pipeline *p = hd_pipeline_new(&opt, &err);
  hd_ingest *s = hd_ingest_open(path, NULL, &err);
  CHECK(p && s);
  if (!p || !s) exit(check_done());
  hd_article *a[] = {
      article("The Orvan oil field reopened on Tuesday after three months of repairs to its pumps.", "a1",
              "Tessel Post", "2026-02-03", "Orvan oil field reopens"),
      article("Gas storage across the region reached a record level in March, the grid operator said.", "a2", NULL,
              NULL, NULL),
  };
  for (size_t i = 0; i < 2; i++) {
    CHECK(hd_annotate(p, a[i], &err) == 0);
    CHECK(hd_ingest_add(s, a[i], &err) == 0);
    hd_article_free(a[i]);
  }
  CHECK(hd_ingest_close(s, &err) == 0);
  hd_pipeline_free(p);
}

static void *search_many(void *store) {
  for (int i = 0; i < 50; i++) {
    hd_search_query q = {.q = i % 2 ? "oil" : "storage"};
    hd_search_result r;
    hd_err err = {0};
    if (hd_store_search(store, &q, &r, &err) || r.n != 1) return (void *)1;
    hd_search_result_free(&r);
  }
  return NULL;
}

static void queries(const char *path) {
  hd_err err = {0};
  hd_store *s = hd_store_open(path, HD_STORE_READ_ONLY, &err);
  CHECK(s != NULL);
  if (!s) return;
  CHECK_STR(hd_store_backend_name(s), "sqlite");
  hd_search_query q = {.q = "oil", .since = "2026-02", .until = "2026-02"};
  hd_search_result r;
  CHECK(hd_store_search(s, &q, &r, &err) == 0 && r.n == 1);
  if (r.n == 1) {
    CHECK_STR(r.hits[0].outlet, "Tessel Post");
    CHECK(strstr(r.hits[0].snippet, "[oil]") != NULL);
  }
  hd_search_result_free(&r);
  hd_search_result_free(&r); /* twice is safe */
  q.until = "2026-01";
  CHECK(hd_store_search(s, &q, &r, &err) == 0 && r.n == 0);
  hd_search_result_free(&r);
  q = (hd_search_query){.q = "storage"};
  CHECK(hd_store_search(s, &q, &r, &err) == 0 && r.n == 1);
  char *json = hd_search_json(&r, NULL);
  CHECK(json && strstr(json, "\"outlet\":null,\"title\":null") != NULL);
  free(json);
  hd_search_result_free(&r);
  /* values are checked by the library too (the HTTP API's 400s) */
  hd_search_query badq[] = {{.q = "oil", .since = "2026-02-30"}, {.q = "oil", .limit = -1},
                            {.q = "oil", .offset = -1},          {.q = "oil AND"},
                            {.q = "   "},                        {.q = NULL}};
  for (size_t i = 0; i < sizeof badq / sizeof *badq; i++) {
    err.code = HD_OK;
    CHECK(hd_store_search(s, &badq[i], &r, &err) == -1 && err.code == HD_ERR_USAGE);
    hd_search_result_free(&r);
  }
  /* an article with its text; a story that does not exist */
  hd_stored_article a;
  CHECK(hd_store_article(s, 1, &a, &err) == 0 && a.text && !strncmp(a.text, "The Orvan oil field", 19));
  CHECK(a.dup_of == HD_NO_ID && a.story != HD_NO_ID);
  json = hd_stored_article_json(&a, NULL);
  CHECK(json && strstr(json, "\"dup_of\":null") && strstr(json, "\"mentions\":[]"));
  free(json);
  hd_stored_article_free(&a);
  CHECK(hd_store_article(s, 99, &a, &err) == -1 && err.code == HD_ERR_NOT_FOUND);
  hd_stored_article_free(&a);
  hd_story_result st;
  CHECK(hd_store_story(s, 999, &st, &err) == -1 && err.code == HD_ERR_NOT_FOUND);
  hd_story_result_free(&st);
  hd_entity_query eq = {.name = "%"};
  hd_entity_result e;
  CHECK(hd_store_entity(s, &eq, &e, &err) == -1 && err.code == HD_ERR_NOT_FOUND);
  hd_entity_result_free(&e);
  /* error JSON: valid UTF-8 even when the message was cut inside a character */
  hd_err cut = {.code = HD_ERR_USAGE};
  strcpy(cut.msg, "bad date '\xc3");
  json = hd_err_json(&cut, NULL);
  CHECK_STR(json, "{\"error\":{\"code\":\"usage\",\"message\":\"bad date '?\"}}");
  free(json);
  /* four threads on one store */
  pthread_t t[4];
  for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, search_many, s);
  for (int i = 0; i < 4; i++) {
    void *bad;
    pthread_join(t[i], &bad);
    CHECK(bad == NULL);
  }
  CHECK(hd_store_close(s, &err) == 0);
  /* a PostgreSQL URI goes to the PostgreSQL backend: no server there is a database error naming it */
  CHECK(hd_store_open("postgresql:///y?host=/nonexistent/dir", HD_STORE_READ_ONLY, &err) == NULL &&
        err.code == HD_ERR_DB && strstr(err.file, "postgresql:///y") != NULL);
  CHECK(hd_store_open("/nonexistent/dir/h.db", HD_STORE_READ_ONLY, &err) == NULL && err.code == HD_ERR_DB);
}

int main(void) {
  parse_values();
  fts_queries();
  char path[] = "/tmp/herald_test_query_XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  unlink(path);
  write_store(path);
  queries(path);
  char side[sizeof path + 8];
  unlink(path);
  snprintf(side, sizeof side, "%s-wal", path);
  unlink(side);
  snprintf(side, sizeof side, "%s-shm", path);
  unlink(side);
  return check_done();
}
