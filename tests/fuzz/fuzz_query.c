/*
 * fuzz_query.c: libFuzzer target for the query layer (include/herald/
 * store.h): what a person types, through the same calls the CLI verbs and
 * the HTTP API make, on a small store built once from articles written
 * here. The first byte picks the call (sel % 6): 0 search, 1 search with
 * the input split at newlines into query / outlet / since / until /
 * entity, 2 entity, 3 quotes by speaker, 4 the value parsers (date, limit,
 * offset, id), 5 story/article by a parsed id. The rest is the text typed
 * (cut at its first NUL). Oracles, besides ASan/UBSan: no call fails with
 * HD_ERR_DB on this healthy store (an FTS5 syntax error must come back as
 * a usage error explained in words), and every JSON result is valid UTF-8.
 */
#include "fuzz_input.h"

#include "herald.h"
#include "herald/store.h"
#include "store/store.h"
#include "text/article.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const ARTICLES[] = {
    "OSLO (Courier) - The mayor of Oslo, Anne Lind, said on Monday that the new bridge would open in May. "
    "\"We are ready,\" Lind told reporters. Transport minister Jon Berg said the state would pay half.",
    "The opening of the new Oslo bridge has been delayed until June, Mayor Anne Lind said on Wednesday. "
    "\"Safety comes first,\" she said. Jon Berg, the transport minister, declined to comment.",
    "FRANKFURT, April 1 - The European Central Bank kept interest rates unchanged. ECB President Maria "
    "Costa told a news conference that inflation was \"moving in the right direction\". U.S. and AT&T "
    "shares rose 5% after O'Brien's remarks.",
};
static const char *const DATES[] = {"2024-03-04", "2024-03-06", "2024-04-01"};
static const char *const OUTLETS[] = {"Oslo Courier", "Nordic Wire", "Harbor Times"};

static char db[512];

static void remove_db(void) {
  char p[600];
  static const char *const SUFFIX[] = {"", "-wal", "-shm"};
  for (int i = 0; i < 3; i++) {
    snprintf(p, sizeof p, "%s%s", db, SUFFIX[i]);
    unlink(p);
  }
}

static hd_store *store(void) {
  static hd_store *s;
  if (s) return s;
  const char *t = getenv("TMPDIR");
  snprintf(db, sizeof db, "%s/herald-fuzz-query-%d.db", t && *t ? t : "/tmp", (int)getpid());
  remove_db();
  atexit(remove_db);
  hd_options o = {0};
  hd_pipeline *p = hd_pipeline_new(&o, NULL); /* NER if models/ner-en.bin loads */
  if (!p) {
    o.no_ner = 1;
    p = hd_pipeline_new(&o, NULL);
  }
  hd_err err = {0};
  hd_ingest *w = hd_ingest_open(db, NULL, &err);
  if (!w) { fprintf(stderr, "fuzz: %s\n", err.msg); abort(); }
  for (size_t i = 0; i < sizeof ARTICLES / sizeof *ARTICLES; i++) {
    hd_article *a = hd_article_new(ARTICLES[i], strlen(ARTICLES[i]));
    hd_article_set_meta(a, HD_META_DATE, DATES[i]);
    hd_article_set_meta(a, HD_META_SOURCE, OUTLETS[i]);
    if (hd_annotate(p, a, &err) != 0 || hd_ingest_add(w, a, &err) < 0) { fprintf(stderr, "fuzz: %s\n", err.msg); abort(); }
    hd_article_free(a);
  }
  if (hd_ingest_close(w, &err) != 0) abort();
  hd_pipeline_free(p);
  s = hd_store_open(db, HD_STORE_READ_ONLY, &err);
  if (!s) { fprintf(stderr, "fuzz: %s\n", err.msg); abort(); }
  return s;
}

static void check_err(const hd_err *err, const char *what) {
  if (err->code == HD_ERR_DB) {
    fprintf(stderr, "fuzz: %s failed with a database error: %s\n", what, err->msg);
    abort();
  }
}

/* Checks a result's JSON and frees it. Call it as
 * `json = hd_x_json(&r, &n); check_json(json, n);`: in one expression the
 * order in which n and the call are evaluated is unspecified. */
static void check_json(char *json, size_t n) {
  if (json) fuzz_check_json(json, n);
  free(json);
}

/* The i-th newline-separated field of text (NULL when absent or empty). */
static const char *field(char *text, int i, char **fields) {
  (void)text;
  return fields[i] && *fields[i] ? fields[i] : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  hd_store *s = store();
  char *text = hd_xstrndup((const char *)data + 1, size - 1); /* cut at the first NUL */
  hd_err err = {0};
  size_t n;
  switch (data[0] % 6) {
    case 0:
    case 1: {
      hd_search_query q = {0};
      char *fields[5] = {text, NULL, NULL, NULL, NULL};
      if (data[0] % 6 == 1)
        for (int i = 1; i < 5; i++) {
          char *nl = fields[i - 1] ? strchr(fields[i - 1], '\n') : NULL;
          if (!nl) break;
          *nl = 0;
          fields[i] = nl + 1;
        }
      q.q = text;
      q.outlet = field(text, 1, fields);
      q.since = field(text, 2, fields);
      q.until = field(text, 3, fields);
      q.entity = field(text, 4, fields);
      q.limit = 1 + data[0] / 6 % 50;
      q.window = data[0] & 0x80 ? -1 : 0;
      hd_search_result r = {0};
      if (hd_store_search(s, &q, &r, &err) == 0) { char *j = hd_search_json(&r, &n); check_json(j, n); }
      else check_err(&err, "search");
      hd_search_result_free(&r);
      break;
    }
    case 2: {
      hd_entity_query q = {0};
      q.name = text;
      hd_entity_result r = {0};
      if (hd_store_entity(s, &q, &r, &err) == 0) { char *j = hd_entity_json(&r, &n); check_json(j, n); }
      else check_err(&err, "entity");
      hd_entity_result_free(&r);
      break;
    }
    case 3: {
      hd_quotes_query q = {0};
      q.speaker = text;
      hd_quotes_result r = {0};
      if (hd_store_quotes(s, &q, &r, &err) == 0) { char *j = hd_quotes_json(&r, &n); check_json(j, n); }
      else check_err(&err, "quotes");
      hd_quotes_result_free(&r);
      break;
    }
    case 4: {
      int64_t v;
      int k;
      hd_query_parse_date(text, &v, &err);
      hd_query_parse_limit(text, &k, &err);
      hd_query_parse_offset(text, &k, &err);
      hd_query_parse_id(text, &v, &err);
      { char *j = hd_err_json(&err, &n); check_json(j, n); }
      break;
    }
    default: {
      int64_t id;
      if (hd_query_parse_id(text, &id, &err) != 0) break;
      hd_story_result r = {0};
      if (hd_store_story(s, id, &r, &err) == 0) { char *j = hd_story_json(&r, &n); check_json(j, n); }
      else check_err(&err, "story");
      hd_story_result_free(&r);
      hd_stored_article a = {0};
      if (hd_store_article(s, id, &a, &err) == 0) { char *j = hd_stored_article_json(&a, &n); check_json(j, n); }
      else check_err(&err, "article");
      hd_stored_article_free(&a);
    }
  }
  free(text);
  return 0;
}
