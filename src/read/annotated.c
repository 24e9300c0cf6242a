/*
 * annotated.c: herald's own annotate output read back into an article,
 * for `herald ingest --annotated` (the corpus-wide step fed by a cluster
 * that ran the per-article stages: scripts/herald-dask).
 *
 * One JSON line (docs/FORMAT.md) gives the metadata, the cleaned text,
 * the entity mentions, the identities and the quotes: what the store and
 * the corpus step read. Layers the store does not keep (paragraphs,
 * sentences, tokens, removed debris) are not rebuilt. With the members
 * that `herald annotate --for-ingest` adds (the content hash of the
 * input, each title's span) the store is the one `herald ingest` makes;
 * without them the hash is taken of the text and a title's span is its
 * nearest occurrence before or after the mention.
 *
 * Everything is checked as untrusted input: a member of the wrong type,
 * a span outside the text or an unknown identity fails the record with a
 * message naming it, never the batch.
 * Ownership: the article returned is the caller's (hd_article_free); its
 * layers and strings live in the article's arena, the parse tree in an arena
 * of its own, freed whole after the article is filled (a node at a time
 * on the heap, allocating and deleting the tree was a third of parsing).
 * Complexity: O(line + identities * mentions) (identities looked up by
 * key with a linear scan: an article has few).
 */
#include "read/annotated.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "read/read.h"
#include "util/arena.h"
#include "text/article.h"
#include "util/buf.h"

typedef struct {
  hd_article *a;
  const char *path;
  long line;
  hd_err *err;
} parse;

static int fail(parse *p, const char *what) {
  hd_err_set(p->err, HD_ERR_INPUT, p->path, p->line, "not herald annotate output: %s", what);
  return -1;
}

/* cJSON_GetObjectItemCaseSensitive without its call and setup: the first
 * member named k (a member with no name ends the search, as there), or
 * NULL; the first bytes compared before strcmp. */
static const cJSON *member(const cJSON *o, const char *k) {
  if (!o) return NULL;
  for (const cJSON *c = o->child; c && c->string; c = c->next)
    if (c->string[0] == k[0] && strcmp(c->string, k) == 0) return c;
  return NULL;
}

static const char *str_member(const cJSON *o, const char *k) {
  const cJSON *v = member(o, k);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* hd_kind_name, hd_ent_type_name, ...: the public names (herald/layers.h) */

/* The enum value whose name is s, or -1. */
static int name_index(const char *s, const char *(*name)(int), int n) {
  for (int i = 0; s && i < n; i++)
    if (!strcmp(name(i), s)) return i;
  return -1;
}

/* A JSON pair [start, end] within the text: 0, or -1 if malformed. */
static int span_of(const parse *p, const cJSON *v, hd_span *out) {
  if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2) return -1;
  const cJSON *s = cJSON_GetArrayItem(v, 0), *e = cJSON_GetArrayItem(v, 1);
  if (!cJSON_IsNumber(s) || !cJSON_IsNumber(e)) return -1;
  if (s->valuedouble < 0 || e->valuedouble < s->valuedouble || e->valuedouble > (double)p->a->text_len) return -1;
  *out = (hd_span){(uint32_t)s->valuedouble, (uint32_t)e->valuedouble};
  return 0;
}

/* Member k as a span, or none when null or absent. -1 if malformed. */
static int span_member(parse *p, const cJSON *o, const char *k, hd_span *out) {
  const cJSON *v = member(o, k);
  *out = hd_span_none();
  return !v || cJSON_IsNull(v) ? 0 : span_of(p, v, out);
}

static int read_meta(parse *p, const cJSON *o) {
  hd_article *a = p->a;
  static const struct {
    const char *key;
    hd_meta_field f;
  } META[] = {{"id", HD_META_ID},           {"url", HD_META_URL},           {"date", HD_META_DATE},
              {"date_source", HD_META_DATE_SOURCE}, {"language", HD_META_LANGUAGE}, {"quality", HD_META_QUALITY}};
  for (size_t i = 0; i < sizeof META / sizeof *META; i++) hd_article_set_meta(a, META[i].f, str_member(o, META[i].key));
  const cJSON *in = member(o, "input");
  hd_article_set_meta(a, HD_META_INPUT_PATH, str_member(in, "path"));
  const cJSON *line = member(in, "line");
  a->input_line = cJSON_IsNumber(line) ? (long)line->valuedouble : 0;
  const char *t;
  if ((t = str_member(o, "title"))) a->title = hd_xstrdup(t);
  if ((t = str_member(o, "section"))) a->section = hd_xstrdup(t);
  if ((t = str_member(o, "byline"))) a->byline = hd_xstrdup(t);
  if ((t = str_member(o, "outlet"))) a->outlet = hd_xstrdup(t);
  int kind = name_index(str_member(o, "kind"), hd_kind_name, HD_KIND_ANALYSIS + 1);
  a->kind = (uint8_t)(kind < 0 ? HD_KIND_NEWS : kind);
  const cJSON *rep = member(o, "repaired_utf8");
  a->bad_utf8 = cJSON_IsNumber(rep) && rep->valuedouble > 0 ? (size_t)rep->valuedouble : 0;
  const char *hash = str_member(o, "hash");
  if (hash) {
    char *end;
    unsigned long long h = strtoull(hash, &end, 16);
    if (strlen(hash) != 16 || *end) return fail(p, "\"hash\" is not 16 hex digits");
    a->content_hash = h;
    a->has_content_hash = 1;
  }
  return 0;
}

static void push_strings(char ***v, size_t *n, size_t *cap, const cJSON *arr) {
  const cJSON *s;
  cJSON_ArrayForEach(s, arr) if (cJSON_IsString(s)) HD_VEC_PUSH(*v, *n, *cap, hd_xstrdup(s->valuestring));
}

static int read_identities(parse *p, const cJSON *o) {
  const cJSON *arr = member(o, "identities"), *x;
  if (arr && !cJSON_IsArray(arr)) return fail(p, "\"identities\" is not an array");
  cJSON_ArrayForEach(x, arr) {
    const char *key = str_member(x, "id"), *name = str_member(x, "name");
    int type = name_index(str_member(x, "type"), hd_ent_type_name, HD_ENT_COUNT);
    if (!key || type < 0) return fail(p, "an identity without id or type");
    hd_identity id = {0};
    id.key = hd_xstrdup(key);
    id.name = name ? hd_xstrdup(name) : NULL;
    id.type = (uint8_t)type;
    push_strings(&id.aliases, &id.n_aliases, &id.cap_aliases, member(x, "aliases"));
    push_strings(&id.titles, &id.n_titles, &id.cap_titles, member(x, "titles"));
    HD_VEC_PUSH(p->a->identities, p->a->n_identities, p->a->cap_identities, id);
  }
  return 0;
}

/* The identity whose key is k: its index, HD_NONE for no key, -1 unknown. */
static long identity_index(const hd_article *a, const char *k) {
  if (!k) return HD_NONE;
  for (size_t i = 0; i < a->n_identities; i++)
    if (!strcmp(a->identities[i].key, k)) return (long)i;
  return -1;
}

/* Without --for-ingest's "title_at": the title's occurrence nearest the
 * mention (titles sit right before or after the name). */
static hd_span find_title(const hd_article *a, const char *title, const hd_mention *m) {
  size_t n = strlen(title);
  hd_span best = hd_span_none();
  size_t best_gap = (size_t)-1;
  for (const char *t = a->text; n && (t = strstr(t, title)); t++) {
    size_t s = (size_t)(t - a->text), e = s + n;
    size_t gap = e <= m->start ? m->start - e : s >= m->end ? s - m->end : 0;
    if (gap < best_gap) best_gap = gap, best = (hd_span){(uint32_t)s, (uint32_t)e};
  }
  return best;
}

static int read_mentions(parse *p, const cJSON *o) {
  const cJSON *arr = member(o, "entities"), *x;
  if (arr && !cJSON_IsArray(arr)) return fail(p, "\"entities\" is not an array");
  cJSON_ArrayForEach(x, arr) {
    hd_mention m = {0};
    hd_span at;
    int type = name_index(str_member(x, "type"), hd_ent_type_name, HD_ENT_COUNT);
    const cJSON *s = member(x, "start"), *e = member(x, "end");
    if (type < 0 || !cJSON_IsNumber(s) || !cJSON_IsNumber(e) || s->valuedouble < 0 || e->valuedouble < s->valuedouble ||
        e->valuedouble > (double)p->a->text_len)
      return fail(p, "an entity without type or with a span outside the text");
    m.start = (uint32_t)s->valuedouble;
    m.end = (uint32_t)e->valuedouble;
    m.type = (uint8_t)type;
    long id = identity_index(p->a, str_member(x, "id"));
    if (id < 0) return fail(p, "an entity names an identity that is not listed");
    m.identity = (uint32_t)id;
    if (span_member(p, x, "title_at", &at)) return fail(p, "an entity's \"title_at\" is not a span in the text");
    const char *title = str_member(x, "title");
    m.title = !hd_span_is_none(at) || !title ? at : find_title(p->a, title, &m);
    HD_VEC_PUSH(p->a->mentions, p->a->n_mentions, p->a->cap_mentions, m);
  }
  return 0;
}

static int read_quotes(parse *p, const cJSON *o) {
  const cJSON *arr = member(o, "quotes"), *x;
  if (arr && !cJSON_IsArray(arr)) return fail(p, "\"quotes\" is not an array");
  cJSON_ArrayForEach(x, arr) {
    hd_quote q = {0};
    int type = name_index(str_member(x, "type"), hd_quote_type_name, HD_Q_INDIRECT + 1);
    int kind = name_index(str_member(x, "speaker_kind"), hd_speaker_kind_name, HD_SPK_UNKNOWN + 1);
    if (type < 0 || kind < 0) return fail(p, "a quote without type or speaker_kind");
    q.type = (uint8_t)type;
    q.speaker_kind = (uint8_t)kind;
    if (span_member(p, x, "content", &q.content) || hd_span_is_none(q.content) || span_member(p, x, "cue", &q.cue) ||
        span_member(p, x, "source", &q.source))
      return fail(p, "a quote's content, cue or source is not a span in the text");
    long sp = identity_index(p->a, str_member(x, "speaker"));
    if (sp < 0) return fail(p, "a quote's speaker is not a listed identity");
    q.speaker = (uint32_t)sp;
    const cJSON *c = member(x, "confidence");
    q.confidence = cJSON_IsNumber(c) ? (float)c->valuedouble : 1.0f;
    const cJSON *part = member(x, "partial"), *ps;
    cJSON_ArrayForEach(ps, part) {
      if (q.n_partial == HD_QUOTE_MAX_PARTIAL) break;
      if (span_of(p, ps, &q.partial[q.n_partial])) return fail(p, "a quote's partial span is not a span in the text");
      q.n_partial++;
    }
    const cJSON *pieces = member(x, "content_pieces");
    int first = 1;
    cJSON_ArrayForEach(ps, pieces) { /* the first piece is `content` */
      if (first) {
        first = 0;
        continue;
      }
      if (q.n_more == HD_QUOTE_MAX_MORE) break;
      if (span_of(p, ps, &q.more[q.n_more])) return fail(p, "a quote's content piece is not a span in the text");
      q.n_more++;
    }
    HD_VEC_PUSH(p->a->quotes, p->a->n_quotes, p->a->cap_quotes, q);
  }
  return 0;
}

static int fill(parse *p, const cJSON *o) {
  hd_article *a = p->a;
  const char *text = str_member(o, "text");
  a->text_len = strlen(text);
  a->text = hd_xstrndup(text, a->text_len);
  if (read_meta(p, o) || read_identities(p, o) || read_mentions(p, o) || read_quotes(p, o)) return -1;
  return 0;
}

/* Parses line into a tree whose nodes come from arena (read.c's cJSON
 * hooks allocate from the thread's current arena). */
static cJSON *parse_in(hd_arena *arena, const char *line, size_t len, const char **end) {
  hd_scope scope;
  hd_scope_enter(&scope, arena, NULL);
  cJSON *o = cJSON_ParseWithLengthOpts(line, len, end, 0);
  hd_scope_leave(&scope);
  return o;
}

static hd_article *from_tree(cJSON *o, const char *line, size_t len, const char *end, const char *path, long lineno,
                             hd_err *err);

hd_article *hd_article_from_json(const char *line, size_t len, const char *path, long lineno, hd_err *err) {
  const char *end = NULL;
  hd_json_hooks();
  hd_json_oom();
  hd_arena tree;
  hd_arena_init(&tree, 0);
  cJSON *o = parse_in(&tree, line, len, &end);
  hd_article *a = from_tree(o, line, len, end, path, lineno, err);
  hd_arena_free(&tree); /* the whole tree */
  return a;
}

static hd_article *from_tree(cJSON *o, const char *line, size_t len, const char *end, const char *path, long lineno,
                             hd_err *err) {
  parse p = {NULL, path, lineno, err};
  if (!o && hd_json_oom()) {
    hd_err_set(err, HD_ERR_NOMEM, path, lineno, "%s", "out of memory parsing the annotated record; skipped");
    return NULL;
  }
  if (!o || !cJSON_IsObject(o)) {
    fail(&p, "not a JSON object");
    return NULL;
  }
  while (end && end < line + len && (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')) end++;
  const char *text = str_member(o, "text");
  if ((end && end != line + len) || !text) {
    fail(&p, end && end != line + len ? "content after the JSON object" : "no \"text\" member");
    return NULL;
  }
  p.a = hd_article_new(text, strlen(text));
  if (!p.a) {
    hd_err_set(err, HD_ERR_NOMEM, path, lineno, "out of memory");
    return NULL;
  }
  int rc = 0;
  HD_IN_ARENA(p.a, rc = fill(&p, o)); /* layers in the article's arena */
  if (rc) {
    hd_article_free(p.a);
    return NULL;
  }
  return p.a;
}
