/*
 * query_json.c: the one place that writes query results as JSON (the
 * hd_*_json functions of herald/store.h). `herald search --json` and the
 * HTTP API both print these bytes. Absent values (NULL strings, HD_NO_ID,
 * NaN) are null. O(bytes written).
 *
 * Ownership: every function returns a malloc'd NUL-terminated string
 * (no trailing newline) that the caller frees; *len (if given) is its
 * length.
 */
#include <string.h>
#include <utf8proc.h>

#include "herald.h"
#include "util/buf.h"
#include "util/json.h"

/* ---- members ---- */

static void key(hd_buf *b, const char *k, int *first) {
  hd_json_sep(b, first);
  hd_json_key(b, k);
}
static void str(hd_buf *b, const char *k, const char *v, int *first) {
  key(b, k, first);
  hd_json_cstr(b, v);
}
static void num(hd_buf *b, const char *k, int64_t v, int *first) {
  key(b, k, first);
  hd_json_int(b, v);
}
static void id(hd_buf *b, const char *k, int64_t v, int *first) {
  key(b, k, first);
  if (v == HD_NO_ID) hd_buf_puts(b, "null");
  else hd_json_int(b, v);
}
static void real(hd_buf *b, const char *k, double v, int *first) {
  key(b, k, first); /* NaN is null */
  hd_json_double(b, v);
}
/* Opens an array member: ,"k":[ */
static void array(hd_buf *b, const char *k, int *first) {
  key(b, k, first);
  hd_buf_putc(b, '[');
}
/* Opens the i-th object of an array. */
static void object(hd_buf *b, size_t i, int *first) {
  if (i) hd_buf_putc(b, ',');
  hd_buf_putc(b, '{');
  *first = 1;
}

static char *done(hd_buf *b, size_t *len) { return hd_buf_take(b, len); }

/* ---- results ---- */

char *hd_search_json(const hd_search_result *r, size_t *len) {
  hd_buf b;
  hd_buf_init(&b, 0);
  hd_buf_putc(&b, '[');
  for (size_t i = 0; i < r->n; i++) {
    const hd_search_hit *h = &r->hits[i];
    int f;
    object(&b, i, &f);
    num(&b, "id", h->id, &f);
    str(&b, "date", h->date, &f);
    str(&b, "outlet", h->outlet, &f);
    str(&b, "title", h->title, &f);
    id(&b, "story", h->story, &f);
    str(&b, "snippet", h->snippet, &f);
    real(&b, "score", h->score, &f);
    hd_buf_putc(&b, '}');
  }
  hd_buf_putc(&b, ']');
  return done(&b, len);
}

/* Writes the pieces of s[0, n) split at `sep` as a JSON array of strings. */
static void pieces(hd_buf *b, const char *k, const char *s, size_t n, const char *sep, int *f) {
  array(b, k, f);
  size_t sl = strlen(sep), i = 0;
  int any = 0;
  while (i < n) {
    const char *at = sl ? strstr(s + i, sep) : NULL;
    size_t end = at && (size_t)(at - s) < n ? (size_t)(at - s) : n;
    if (end > i) {
      if (any++) hd_buf_putc(b, ',');
      hd_json_str(b, s + i, end - i);
    }
    i = end + sl;
  }
  hd_buf_putc(b, ']');
}

static void story_row(hd_buf *b, const hd_story_row *s, int *f) {
  num(b, "id", s->id, f);
  str(b, "label", s->label, f);
  str(b, "headline", s->headline, f);
  size_t ne;
  const char *terms;
  hd_story_label_parts(s->label, &ne, &terms);
  pieces(b, "entities", s->label ? s->label : "", ne, ", ", f);
  pieces(b, "terms", terms, strlen(terms), " ", f);
  num(b, "articles", s->articles, f);
  num(b, "outlets", s->outlets, f);
  str(b, "first", s->first, f);
  str(b, "last", s->last, f);
}

char *hd_stories_json(const hd_stories_result *r, size_t *len) {
  hd_buf b;
  hd_buf_init(&b, 0);
  hd_buf_putc(&b, '[');
  for (size_t i = 0; i < r->n; i++) {
    int f;
    object(&b, i, &f);
    story_row(&b, &r->rows[i], &f);
    hd_buf_putc(&b, '}');
  }
  hd_buf_putc(&b, ']');
  return done(&b, len);
}

static void story_timeline(hd_buf *b, const hd_story_result *r, int *f) {
  array(b, "timeline", f);
  for (size_t i = 0; i < r->n_timeline; i++) {
    const hd_story_entry *e = &r->timeline[i];
    int g;
    object(b, i, &g);
    num(b, "id", e->id, &g);
    str(b, "date", e->date, &g);
    str(b, "outlet", e->outlet, &g);
    str(b, "title", e->title, &g);
    array(b, "copies", &g);
    for (size_t k = 0; k < e->n_copies; k++) {
      const hd_story_copy *c = &e->copies[k];
      int h;
      object(b, k, &h);
      num(b, "id", c->id, &h);
      str(b, "date", c->date, &h);
      str(b, "outlet", c->outlet, &h);
      real(b, "similarity", c->similarity, &h);
      hd_buf_putc(b, '}');
    }
    hd_buf_puts(b, "]}");
  }
  hd_buf_putc(b, ']');
}

static void story_speakers(hd_buf *b, const char *k, const hd_story_speaker *sp, size_t n, int *f) {
  array(b, k, f);
  for (size_t i = 0; i < n; i++) {
    const hd_story_speaker *s = &sp[i];
    int g;
    object(b, i, &g);
    str(b, "speaker", s->speaker, &g);
    id(b, "entity", s->entity, &g);
    array(b, "quotes", &g);
    for (size_t k = 0; k < s->n_quotes; k++) {
      const hd_story_quote *q = &s->quotes[k];
      int h;
      object(b, k, &h);
      str(b, "type", q->type, &h);
      str(b, "content", q->content, &h);
      str(b, "outlet", q->outlet, &h);
      str(b, "date", q->date, &h);
      num(b, "article", q->article, &h);
      id(b, "quote", q->quote, &h);
      str(b, "trail", q->trail, &h);
      hd_buf_putc(b, '}');
    }
    hd_buf_puts(b, "]}");
  }
  hd_buf_putc(b, ']');
}

static void story_lineage(hd_buf *b, const hd_story_result *r, int *f) {
  array(b, "lineage", f);
  for (size_t i = 0; i < r->n_lineage; i++) {
    const hd_story_lineage *l = &r->lineage[i];
    int g;
    object(b, i, &g);
    num(b, "article", l->article, &g);
    str(b, "outlet", l->outlet, &g);
    str(b, "date", l->date, &g);
    num(b, "source", l->source, &g);
    str(b, "source_outlet", l->source_outlet, &g);
    str(b, "source_date", l->source_date, &g);
    num(b, "paragraphs", l->paragraphs, &g);
    num(b, "from_source", l->from_source, &g);
    num(b, "changed", l->changed, &g);
    num(b, "added", l->added, &g);
    num(b, "cut", l->cut, &g);
    hd_buf_putc(b, '}');
  }
  hd_buf_putc(b, ']');
}

char *hd_story_json(const hd_story_result *r, size_t *len) {
  hd_buf b;
  hd_buf_init(&b, 0);
  int f = 1;
  hd_buf_putc(&b, '{');
  story_row(&b, &r->story, &f);
  id(&b, "thread", r->thread, &f);
  array(&b, "related", &f);
  for (size_t i = 0; i < r->n_related; i++) {
    if (i) hd_buf_putc(&b, ',');
    hd_json_int(&b, r->related[i].id);
  }
  hd_buf_putc(&b, ']');
  story_timeline(&b, r, &f);
  story_speakers(&b, "speakers", r->speakers, r->n_speakers, &f);
  story_speakers(&b, "unnamed", r->unnamed, r->n_unnamed, &f);
  story_lineage(&b, r, &f);
  hd_buf_putc(&b, '}');
  return done(&b, len);
}

char *hd_quotes_json(const hd_quotes_result *r, size_t *len) {
  hd_buf b;
  hd_buf_init(&b, 0);
  hd_buf_putc(&b, '[');
  for (size_t i = 0; i < r->n; i++) {
    const hd_quote_row *q = &r->rows[i];
    int f;
    object(&b, i, &f);
    str(&b, "speaker", q->speaker, &f);
    str(&b, "type", q->type, &f);
    str(&b, "content", q->content, &f);
    str(&b, "cue", q->cue, &f);
    str(&b, "outlet", q->outlet, &f);
    str(&b, "date", q->date, &f);
    num(&b, "article", q->article, &f);
    str(&b, "title", q->title, &f);
    num(&b, "id", q->id, &f);
    str(&b, "trail", q->trail, &f);
    hd_buf_putc(&b, '}');
  }
  hd_buf_putc(&b, ']');
  return done(&b, len);
}

static void name_counts(hd_buf *b, const char *k, const char *name, const hd_name_count *v, size_t n, int *f) {
  array(b, k, f);
  for (size_t i = 0; i < n; i++) {
    int g;
    object(b, i, &g);
    str(b, name, v[i].text, &g);
    num(b, "count", v[i].count, &g);
    hd_buf_putc(b, '}');
  }
  hd_buf_putc(b, ']');
}

char *hd_entity_json(const hd_entity_result *r, size_t *len) {
  hd_buf b;
  hd_buf_init(&b, 0);
  int f = 1;
  hd_buf_putc(&b, '{');
  num(&b, "id", r->id, &f);
  str(&b, "key", r->key, &f);
  str(&b, "type", r->type, &f);
  str(&b, "name", r->name, &f);
  num(&b, "mentions", r->mentions, &f);
  num(&b, "articles", r->articles, &f);
  name_counts(&b, "aliases", "alias", r->aliases, r->n_aliases, &f);
  name_counts(&b, "titles", "title", r->titles, r->n_titles, &f);
  array(&b, "cooccurring", &f);
  for (size_t i = 0; i < r->n_cooccurring; i++) {
    const hd_entity_ref *e = &r->cooccurring[i];
    int g;
    object(&b, i, &g);
    str(&b, "name", e->name, &g);
    str(&b, "type", e->type, &g);
    num(&b, "articles", e->articles, &g);
    num(&b, "id", e->id, &g);
    hd_buf_putc(&b, '}');
  }
  hd_buf_putc(&b, ']');
  array(&b, "candidates", &f);
  for (size_t i = 0; i < r->n_candidates; i++) {
    const hd_entity_ref *e = &r->candidates[i];
    int g;
    object(&b, i, &g);
    str(&b, "name", e->name, &g);
    str(&b, "type", e->type, &g);
    num(&b, "articles", e->articles, &g);
    num(&b, "id", e->id, &g);
    hd_buf_putc(&b, '}');
  }
  hd_buf_putc(&b, ']');
  array(&b, "quotes", &f);
  for (size_t i = 0; i < r->n_quotes; i++) {
    const hd_entity_quote *q = &r->quotes[i];
    int g;
    object(&b, i, &g);
    str(&b, "date", q->date, &g);
    str(&b, "outlet", q->outlet, &g);
    str(&b, "content", q->content, &g);
    num(&b, "article", q->article, &g);
    hd_buf_putc(&b, '}');
  }
  hd_buf_puts(&b, "]}");
  return done(&b, len);
}

char *hd_stored_article_json(const hd_stored_article *r, size_t *len) {
  hd_buf b;
  hd_buf_init(&b, 0);
  int f = 1;
  hd_buf_putc(&b, '{');
  num(&b, "id", r->id, &f);
  str(&b, "ext_id", r->ext_id, &f);
  str(&b, "url", r->url, &f);
  str(&b, "title", r->title, &f);
  str(&b, "outlet", r->outlet, &f);
  str(&b, "date", r->date, &f);
  str(&b, "kind", r->kind, &f);
  str(&b, "section", r->section, &f);
  str(&b, "byline", r->byline, &f);
  str(&b, "input_path", r->input_path, &f);
  num(&b, "input_line", r->input_line, &f);
  id(&b, "story", r->story, &f);
  id(&b, "dup_of", r->dup_of, &f);
  real(&b, "dup_sim", r->dup_sim, &f);
  key(&b, "text", &f);
  hd_json_str(&b, r->text ? r->text : "", r->text_len);
  array(&b, "mentions", &f);
  for (size_t i = 0; i < r->n_mentions; i++) {
    const hd_stored_mention *m = &r->mentions[i];
    int g;
    object(&b, i, &g);
    num(&b, "start", m->start, &g);
    num(&b, "end", m->end, &g);
    str(&b, "type", m->type, &g);
    str(&b, "text", m->text, &g);
    str(&b, "title", m->title, &g);
    id(&b, "entity", m->entity, &g);
    hd_buf_putc(&b, '}');
  }
  hd_buf_putc(&b, ']');
  array(&b, "quotes", &f);
  for (size_t i = 0; i < r->n_quotes; i++) {
    const hd_stored_quote *q = &r->quotes[i];
    int g;
    object(&b, i, &g);
    num(&b, "id", q->id, &g);
    str(&b, "type", q->type, &g);
    str(&b, "speaker_kind", q->speaker_kind, &g);
    id(&b, "speaker_id", q->speaker_id, &g);
    str(&b, "speaker", q->speaker, &g);
    str(&b, "content", q->content, &g);
    num(&b, "content_start", q->content_start, &g);
    num(&b, "content_end", q->content_end, &g);
    str(&b, "cue", q->cue, &g);
    str(&b, "source", q->source, &g);
    hd_buf_putc(&b, '}');
  }
  hd_buf_putc(&b, ']');
  array(&b, "removed", &f);
  for (size_t i = 0; i < r->n_removed; i++) {
    int g;
    object(&b, i, &g);
    num(&b, "start", r->removed[i].start, &g);
    num(&b, "end", r->removed[i].end, &g);
    str(&b, "reason", r->removed[i].reason, &g);
    hd_buf_putc(&b, '}');
  }
  hd_buf_puts(&b, "]}");
  return done(&b, len);
}

static const char *code_name(hd_code c) {
  switch (c) {
    case HD_OK: return "ok";
    case HD_ERR_IO: return "io";
    case HD_ERR_INPUT: return "input";
    case HD_ERR_MODEL: return "model";
    case HD_ERR_NOMEM: return "nomem";
    case HD_ERR_DB: return "db";
    case HD_ERR_USAGE: return "usage";
    case HD_ERR_NOT_FOUND: return "not_found";
    case HD_ERR_TIMEOUT: return "timeout";
  }
  return "unknown";
}

/* A message as valid UTF-8: it may quote what a person typed, cut at the
 * message's size; a byte that does not start a whole character is '?'. */
static void valid_str(hd_buf *b, const char *k, const char *msg, int *first) {
  hd_buf clean;
  hd_buf_init(&clean, 0);
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)msg;
  utf8proc_ssize_t left = (utf8proc_ssize_t)strlen(msg);
  while (left > 0) {
    utf8proc_int32_t c;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &c);
    if (n < 1) n = 1, hd_buf_putc(&clean, '?');
    else hd_buf_put(&clean, p, (size_t)n);
    p += n, left -= n;
  }
  str(b, k, clean.ptr ? clean.ptr : "", first);
  hd_buf_free(&clean);
}

char *hd_err_json(const hd_err *err, size_t *len) {
  hd_buf b;
  hd_buf_init(&b, 0);
  int f = 1, g = 1;
  hd_buf_putc(&b, '{');
  key(&b, "error", &f);
  hd_buf_putc(&b, '{');
  str(&b, "code", code_name(err ? err->code : HD_OK), &g);
  valid_str(&b, "message", err ? err->msg : "", &g);
  hd_buf_puts(&b, "}}");
  return done(&b, len);
}
