/* test_store_deadline.c: the per-request time limit of the store API
 * (hd_store_set_deadline): a query still running past its deadline stops
 * with HD_ERR_TIMEOUT (what `herald serve` answers 503 for), a lifted or
 * generous deadline lets the same query answer in full, and a timed-out
 * query leaves the store usable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "herald.h"
#include "store/store.h"

#define N_ARTICLES 60

static void write_store(const char *path) {
  hd_options opt = {0};
  opt.no_ner = opt.no_quotes = 1;
  hd_err err = {0};
  hd_pipeline *p = hd_pipeline_new(&opt, &err);
  hd_ingest *s = hd_ingest_open(path, NULL, &err);
  CHECK(p && s);
  if (!p || !s) exit(check_done());
  for (int i = 0; i < N_ARTICLES; i++) {
    char text[512], id[32], title[64];
    snprintf(text, sizeof text,
             "Crews at the Orvan oil field number %d worked through the night on the pumps, the operator said. "
             "Oil output from field %d is expected to recover by the end of the month, according to engineers.",
             i, i * 7);
    snprintf(id, sizeof id, "a%d", i);
    snprintf(title, sizeof title, "Oil field %d repairs continue", i);
    hd_article *a = hd_article_new(text, strlen(text));
    hd_article_set_meta(a, HD_META_ID, id);
    hd_article_set_meta(a, HD_META_TITLE, title);
    hd_article_set_meta(a, HD_META_DATE, "2026-02-03");
    CHECK(hd_annotate(p, a, &err) == 0);
    CHECK(hd_ingest_add(s, a, &err) == 0);
    hd_article_free(a);
  }
  CHECK(hd_ingest_close(s, &err) == 0);
  hd_pipeline_free(p);
}

static int search(hd_store *s, hd_err *err, size_t *n) {
  hd_search_query q = {.q = "oil field", .limit = 20};
  hd_search_result r = {0};
  int rc = hd_store_search(s, &q, &r, err);
  *n = r.n;
  hd_search_result_free(&r);
  return rc;
}

int main(void) {
  char path[] = "/tmp/herald_test_deadline_XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  unlink(path);
  write_store(path);
  hd_err err = {0};
  hd_store *s = hd_store_open(path, HD_STORE_READ_ONLY, &err);
  CHECK(s != NULL);
  if (!s) return check_done();
  size_t n = 0;
  CHECK(search(s, &err, &n) == 0 && n == 20); /* no limit by default */
  /* a deadline already past when the query runs: it stops */
  CHECK(hd_store_set_deadline(s, 1e-9) == 0);
  usleep(2000);
  err.code = HD_OK;
  CHECK(search(s, &err, &n) == -1 && err.code == HD_ERR_TIMEOUT);
  CHECK(strstr(err.msg, "time limit") != NULL);
  hd_entity_query eq = {.name = "Orvan"};
  hd_entity_result er = {0};
  err.code = HD_OK;
  int rc = hd_store_entity(s, &eq, &er, &err);
  CHECK(rc == -1 && (err.code == HD_ERR_TIMEOUT || err.code == HD_ERR_NOT_FOUND));
  hd_entity_result_free(&er);
  /* lifted, then generous: the same query answers in full */
  CHECK(hd_store_set_deadline(s, 0) == 0);
  CHECK(search(s, &err, &n) == 0 && n == 20);
  CHECK(hd_store_set_deadline(s, 30.0) == 0);
  CHECK(search(s, &err, &n) == 0 && n == 20);
  CHECK(hd_store_set_deadline(NULL, 1.0) == -1);
  hd_store_close(s, NULL);
  char side[sizeof path + 8];
  unlink(path);
  snprintf(side, sizeof side, "%s-wal", path);
  unlink(side);
  snprintf(side, sizeof side, "%s-shm", path);
  unlink(side);
  return check_done();
}
