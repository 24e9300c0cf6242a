/*
 * api.c: the JSON endpoints of `herald serve`. Each reads and checks its
 * parameters, runs one query of the public store API (herald/store.h) and
 * sends the JSON that the same query's hd_*_json writes, followed by a
 * newline: byte for byte what `herald VERB ... --json` prints.
 * The query functions here are shared with pages.c, which renders the
 * same results as HTML, so the page, the API and the CLI show one answer.
 * Errors: HD_ERR_USAGE -> 400, HD_ERR_NOT_FOUND -> 404, a query over the
 * time limit -> 503, anything else -> 500; always {"error": "..."}.
 * Memory: results are owned by the caller's result structs.
 */
#include <stdlib.h>
#include <string.h>

#include "serve/handlers.h"
#include "serve/queries.h"
#include "serve/serve.h"
#include "serve/store_pool.h"

/* ---- the shared query steps ---- */

/* Answers the error of a failed query. */
static void query_failed(serve_req *r, const hd_err *err) {
  if (err->code == HD_ERR_TIMEOUT) serve_error(r, 503, "the query took longer than %d ms; narrow it down", serve_query_ms(r));
  else if (err->code == HD_ERR_USAGE) serve_error(r, 400, "%s", err->msg);
  else if (err->code == HD_ERR_NOT_FOUND) serve_error(r, 404, "%s", err->msg);
  else serve_error(r, 500, "the store failed: %s", err->msg);
}

/* A date as the query layer reads it (the same check as the CLI's). */
static int param_date(serve_req *r, const char *name, const char **out) {
  if (serve_param(r, name, out)) return -1;
  if (*out && !**out) *out = NULL;
  if (!*out) return 0;
  int64_t day;
  hd_err err = {0};
  if (hd_query_parse_date(*out, &day, &err)) {
    serve_error(r, 400, "parameter '%s': %s", name, err.msg);
    return -1;
  }
  return 0;
}

/* A non-empty text parameter, or NULL. */
static int param_text(serve_req *r, const char *name, const char **out) {
  if (serve_param(r, name, out)) return -1;
  if (*out && !**out) *out = NULL;
  return 0;
}

static int paging(serve_req *r, int *limit, int *offset) {
  long l, o;
  if (serve_param_int(r, "limit", 0, 1, SERVE_MAX_LIMIT, &l) || serve_param_int(r, "offset", 0, 0, SERVE_MAX_OFFSET, &o))
    return -1;
  *limit = (int)l;
  *offset = (int)o;
  return 0;
}

int q_search(serve_req *r, hd_search_result *res, int require_q) {
  hd_search_query q = {0};
  if (param_text(r, "q", &q.q) || param_text(r, "outlet", &q.outlet) || param_date(r, "since", &q.since) ||
      param_date(r, "until", &q.until) || param_text(r, "entity", &q.entity) || paging(r, &q.limit, &q.offset))
    return -1;
  if (!q.q) {
    if (require_q) serve_error(r, 400, "parameter 'q' is required: what to search for");
    return 1;
  }
  hd_store *s = serve_store(r);
  if (!s) return -1;
  hd_err err = {0};
  if (hd_store_search(s, &q, res, &err)) {
    query_failed(r, &err);
    return -1;
  }
  return 0;
}

int q_stories(serve_req *r, hd_stories_result *res, int limit) {
  hd_stories_query q = {0};
  if (param_date(r, "since", &q.since) || paging(r, &q.limit, &q.offset)) return -1;
  if (limit && !q.limit) q.limit = limit;
  hd_store *s = serve_store(r);
  if (!s) return -1;
  hd_err err = {0};
  if (hd_store_stories(s, &q, res, &err)) {
    query_failed(r, &err);
    return -1;
  }
  return 0;
}

int q_story(serve_req *r, const char *seg, hd_story_result *res) {
  long long id;
  if (serve_path_id(r, seg, "a story", &id)) return -1;
  hd_store *s = serve_store(r);
  if (!s) return -1;
  hd_err err = {0};
  if (hd_store_story(s, id, res, &err)) {
    query_failed(r, &err);
    return -1;
  }
  return 0;
}

int q_entity(serve_req *r, const char *name, hd_entity_result *res) {
  hd_entity_query q = {0};
  long limit;
  if (serve_param_int(r, "limit", 0, 1, SERVE_MAX_LIMIT, &limit)) return -1;
  q.name = name;
  q.limit = (int)limit;
  hd_store *s = serve_store(r);
  if (!s) return -1;
  hd_err err = {0};
  if (hd_store_entity(s, &q, res, &err)) {
    query_failed(r, &err);
    return -1;
  }
  return 0;
}

int q_quotes(serve_req *r, const char *speaker, int limit, int offset, hd_quotes_result *res) {
  hd_quotes_query q = {0};
  q.speaker = speaker;
  q.limit = limit;
  q.offset = offset;
  hd_store *s = serve_store(r);
  if (!s) return -1;
  hd_err err = {0};
  if (hd_store_quotes(s, &q, res, &err)) {
    query_failed(r, &err);
    return -1;
  }
  return 0;
}

int q_article(serve_req *r, const char *seg, hd_stored_article *res) {
  long long id;
  if (serve_path_id(r, seg, "an article", &id)) return -1;
  hd_store *s = serve_store(r);
  if (!s) return -1;
  hd_err err = {0};
  if (hd_store_article(s, id, res, &err)) {
    query_failed(r, &err);
    return -1;
  }
  return 0;
}

/* ---- the endpoints ---- */

/* Sends a JSON body written by the query layer (taken over), plus "\n". */
static void send_json(serve_req *r, char *json, const size_t *lenp) {
  size_t len = *lenp; /* read after the writer filled it */
  if (!json) {
    serve_error(r, 500, "out of memory");
    return;
  }
  r->type = "application/json; charset=utf-8";
  hd_buf_clear(&r->body);
  hd_buf_put(&r->body, json, len);
  hd_buf_putc(&r->body, '\n');
  free(json);
}

/* GET /api: what the API answers, so a client can find its way without
 * the docs (docs/api.md has the full description). A constant. */
static const char API_INDEX[] =
    "{\"name\":\"herald\",\"version\":\"" HERALD_VERSION "\",\"docs\":\"docs/api.md\",\"endpoints\":["
    "{\"path\":\"/api/search\",\"params\":[\"q\",\"outlet\",\"since\",\"until\",\"entity\",\"limit\",\"offset\"],"
    "\"what\":\"full-text search over the stored articles, best first, with snippets\"},"
    "{\"path\":\"/api/stories\",\"params\":[\"since\",\"limit\",\"offset\"],"
    "\"what\":\"stories, latest first: headline, key entities and terms, articles, outlets, dates\"},"
    "{\"path\":\"/api/stories/ID\",\"params\":[],"
    "\"what\":\"one story: timeline, who said what, unnamed sources\"},"
    "{\"path\":\"/api/entities\",\"params\":[\"name\"],"
    "\"what\":\"a person, organisation or place by any alias: titles, aliases, co-occurring entities, "
    "latest quotations, other entities the name may mean\"},"
    "{\"path\":\"/api/quotes\",\"params\":[\"speaker\",\"limit\",\"offset\"],"
    "\"what\":\"every attribution of a speaker, latest first\"},"
    "{\"path\":\"/api/articles/ID\",\"params\":[],"
    "\"what\":\"one stored article with its mentions and quotes\"}]}";

void api_index(serve_req *r, const char *rest) {
  (void)rest;
  r->type = "application/json; charset=utf-8";
  hd_buf_clear(&r->body);
  hd_buf_put(&r->body, API_INDEX, sizeof API_INDEX - 1);
  hd_buf_putc(&r->body, '\n');
}

void api_search(serve_req *r, const char *rest) {
  (void)rest;
  hd_search_result res = {0};
  size_t len = 0;
  if (!q_search(r, &res, 1)) send_json(r, hd_search_json(&res, &len), &len);
  hd_search_result_free(&res);
}

void api_stories(serve_req *r, const char *rest) {
  (void)rest;
  hd_stories_result res = {0};
  size_t len = 0;
  if (!q_stories(r, &res, 0)) send_json(r, hd_stories_json(&res, &len), &len);
  hd_stories_result_free(&res);
}

void api_story(serve_req *r, const char *rest) {
  hd_story_result res = {0};
  size_t len = 0;
  if (!q_story(r, rest, &res)) send_json(r, hd_story_json(&res, &len), &len);
  hd_story_result_free(&res);
}

void api_entities(serve_req *r, const char *rest) {
  (void)rest;
  const char *name;
  if (param_text(r, "name", &name)) return;
  if (!name) {
    serve_error(r, 400, "parameter 'name' is required: a person's or organisation's name");
    return;
  }
  hd_entity_result res = {0};
  size_t len = 0;
  if (!q_entity(r, name, &res)) send_json(r, hd_entity_json(&res, &len), &len);
  hd_entity_result_free(&res);
}

void api_quotes(serve_req *r, const char *rest) {
  (void)rest;
  const char *speaker;
  int limit, offset;
  if (param_text(r, "speaker", &speaker) || paging(r, &limit, &offset)) return;
  if (!speaker) {
    serve_error(r, 400, "parameter 'speaker' is required: whose quotations");
    return;
  }
  hd_quotes_result res = {0};
  size_t len = 0;
  if (!q_quotes(r, speaker, limit, offset, &res)) send_json(r, hd_quotes_json(&res, &len), &len);
  hd_quotes_result_free(&res);
}

void api_article(serve_req *r, const char *rest) {
  hd_stored_article res = {0};
  size_t len = 0;
  if (!q_article(r, rest, &res)) send_json(r, hd_stored_article_json(&res, &len), &len);
  hd_stored_article_free(&res);
}
