/*
 * output.c: an annotated article as one line of JSON (docs/FORMAT.md).
 * Offsets are bytes into the cleaned `text`, except `removed`, whose
 * offsets are into the normalised input. Complexity: O(output size).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "text/article.h"
#include "util/buf.h"
#include "util/json.h"



/* Fast unsigned writer for the many offsets in the output. */
static void put_u32(hd_buf *b, uint32_t v) {
  char tmp[12];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  hd_buf_grow(b, (size_t)n);
  while (n) b->ptr[b->len++] = tmp[--n];
  b->ptr[b->len] = 0;
}

static void put_pair(hd_buf *b, uint32_t s, uint32_t e) {
  hd_buf_putc(b, '[');
  put_u32(b, s);
  hd_buf_putc(b, ',');
  put_u32(b, e);
  hd_buf_putc(b, ']');
}

static void put_span_or_null(hd_buf *b, hd_span s) {
  if (hd_span_is_none(s)) hd_buf_puts(b, "null");
  else put_pair(b, s.start, s.end);
}

static void put_text(hd_buf *b, const char *text, uint32_t s, uint32_t e) {
  hd_json_str(b, text + s, e - s);
}

static void put_meta(hd_buf *b, const hd_article *a) {
  hd_buf_puts(b, "{\"id\":");
  hd_json_cstr(b, a->meta[HD_META_ID]);
  hd_buf_puts(b, ",\"input\":{\"path\":");
  hd_json_cstr(b, a->meta[HD_META_INPUT_PATH]);
  hd_buf_puts(b, ",\"line\":");
  hd_json_int(b, a->input_line);
  hd_buf_puts(b, "},\"url\":");
  hd_json_cstr(b, a->meta[HD_META_URL]);
  hd_buf_puts(b, ",\"title\":");
  hd_json_cstr(b, a->title);
  hd_buf_puts(b, ",\"section\":");
  hd_json_cstr(b, a->section);
  hd_buf_puts(b, ",\"kind\":");
  hd_json_cstr(b, hd_kind_name(a->kind));
  hd_buf_puts(b, ",\"byline\":");
  hd_json_cstr(b, a->byline);
  hd_buf_puts(b, ",\"outlet\":");
  hd_json_cstr(b, a->outlet);
  hd_buf_puts(b, ",\"date\":");
  hd_json_cstr(b, a->meta[HD_META_DATE]);
  /* set by the HTML reader only: present when known */
  static const struct { hd_meta_field f; const char *key; } PAGE[] = {
      {HD_META_DATE_SOURCE, ",\"date_source\":"}, {HD_META_LANGUAGE, ",\"language\":"}};
  for (size_t i = 0; i < sizeof PAGE / sizeof *PAGE; i++)
    if (a->meta[PAGE[i].f]) hd_buf_puts(b, PAGE[i].key), hd_json_cstr(b, a->meta[PAGE[i].f]);
  if (a->meta[HD_META_QUALITY]) { /* "paywall,teaser" -> ["paywall","teaser"] */
    hd_buf_puts(b, ",\"quality\":[");
    for (const char *q = a->meta[HD_META_QUALITY]; *q;) {
      size_t n = strcspn(q, ",");
      hd_buf_putc(b, '"');
      hd_buf_put(b, q, n); /* flag names are ASCII words */
      hd_buf_putc(b, '"');
      q += n;
      if (*q == ',') q++, hd_buf_putc(b, ',');
    }
    hd_buf_putc(b, ']');
  }
  hd_buf_puts(b, ",\"repaired_utf8\":");
  hd_json_int(b, (long long)a->bad_utf8);
}

/* --for-ingest: the content hash of the input (the store's identity of
 * an article), 16 hex digits. */
static void put_hash(hd_buf *b, const hd_article *a) {
  char hex[24];
  snprintf(hex, sizeof hex, "%016llx", (unsigned long long)hd_article_hash(a));
  hd_buf_puts(b, ",\"hash\":");
  hd_json_cstr(b, hex);
}

static void put_removed(hd_buf *b, const hd_article *a) {
  hd_buf_puts(b, ",\"removed\":[");
  for (size_t i = 0; i < a->n_removed; i++) {
    const hd_removed *r = &a->removed[i];
    if (i) hd_buf_putc(b, ',');
    hd_buf_puts(b, "{\"start\":");
    put_u32(b, r->start);
    hd_buf_puts(b, ",\"end\":");
    put_u32(b, r->end);
    hd_buf_puts(b, ",\"reason\":");
    hd_json_cstr(b, r->reason);
    hd_buf_puts(b, ",\"text\":");
    put_text(b, a->raw, r->start, r->end);
    hd_buf_putc(b, '}');
  }
  hd_buf_putc(b, ']');
}

static void put_layers(hd_buf *b, const hd_article *a, int flags) {
  hd_buf_puts(b, ",\"paragraphs\":[");
  for (size_t i = 0; i < a->n_paragraphs; i++) {
    if (i) hd_buf_putc(b, ',');
    put_pair(b, a->paragraphs[i].start, a->paragraphs[i].end);
  }
  hd_buf_puts(b, "],\"sentences\":[");
  for (size_t i = 0; i < a->n_sentences; i++) {
    if (i) hd_buf_putc(b, ',');
    put_pair(b, a->sentences[i].start, a->sentences[i].end);
  }
  hd_buf_putc(b, ']');
  if (flags & HD_JSON_TOKENS) {
    hd_buf_puts(b, ",\"tokens\":[");
    for (size_t i = 0; i < a->n_tokens; i++) {
      if (i) hd_buf_putc(b, ',');
      put_pair(b, a->tokens[i].start, a->tokens[i].end);
    }
    hd_buf_putc(b, ']');
  }
}

static void put_entities(hd_buf *b, const hd_article *a, int flags) {
  hd_buf_puts(b, ",\"entities\":[");
  for (size_t i = 0; i < a->n_mentions; i++) {
    const hd_mention *m = &a->mentions[i];
    if (i) hd_buf_putc(b, ',');
    hd_buf_puts(b, "{\"type\":");
    hd_json_cstr(b, hd_ent_type_name(m->type));
    hd_buf_puts(b, ",\"start\":");
    put_u32(b, m->start);
    hd_buf_puts(b, ",\"end\":");
    put_u32(b, m->end);
    hd_buf_puts(b, ",\"text\":");
    put_text(b, a->text, m->start, m->end);
    if (!hd_span_is_none(m->title)) {
      hd_buf_puts(b, ",\"title\":");
      put_text(b, a->text, m->title.start, m->title.end);
      if (flags & HD_JSON_FOR_INGEST) {
        hd_buf_puts(b, ",\"title_at\":");
        put_pair(b, m->title.start, m->title.end);
      }
    }
    if (m->identity != HD_NONE && m->identity < a->n_identities) {
      hd_buf_puts(b, ",\"id\":");
      hd_json_cstr(b, a->identities[m->identity].key);
    }
    hd_buf_putc(b, '}');
  }
  hd_buf_putc(b, ']');
}

static void put_strings(hd_buf *b, char **s, size_t n) {
  hd_buf_putc(b, '[');
  for (size_t i = 0; i < n; i++) {
    if (i) hd_buf_putc(b, ',');
    hd_json_cstr(b, s[i]);
  }
  hd_buf_putc(b, ']');
}

static void put_identities(hd_buf *b, const hd_article *a) {
  hd_buf_puts(b, ",\"identities\":[");
  for (size_t i = 0; i < a->n_identities; i++) {
    const hd_identity *id = &a->identities[i];
    if (i) hd_buf_putc(b, ',');
    hd_buf_puts(b, "{\"id\":");
    hd_json_cstr(b, id->key);
    hd_buf_puts(b, ",\"type\":");
    hd_json_cstr(b, hd_ent_type_name(id->type));
    hd_buf_puts(b, ",\"name\":");
    hd_json_cstr(b, id->name);
    hd_buf_puts(b, ",\"aliases\":");
    put_strings(b, id->aliases, id->n_aliases);
    hd_buf_puts(b, ",\"titles\":");
    put_strings(b, id->titles, id->n_titles);
    hd_buf_putc(b, '}');
  }
  hd_buf_putc(b, ']');
}

static void put_quotes(hd_buf *b, const hd_article *a) {
  hd_buf_puts(b, ",\"quotes\":[");
  for (size_t i = 0; i < a->n_quotes; i++) {
    const hd_quote *q = &a->quotes[i];
    if (i) hd_buf_putc(b, ',');
    hd_buf_puts(b, "{\"type\":");
    hd_json_cstr(b, hd_quote_type_name(q->type));
    hd_buf_puts(b, ",\"content\":");
    put_span_or_null(b, q->content);
    hd_buf_puts(b, ",\"cue\":");
    put_span_or_null(b, q->cue);
    hd_buf_puts(b, ",\"source\":");
    put_span_or_null(b, q->source);
    hd_buf_puts(b, ",\"speaker\":");
    if (q->speaker != HD_NONE && q->speaker < a->n_identities)
      hd_json_cstr(b, a->identities[q->speaker].key);
    else
      hd_buf_puts(b, "null");
    hd_buf_puts(b, ",\"speaker_kind\":");
    hd_json_cstr(b, hd_speaker_kind_name(q->speaker_kind));
    hd_buf_puts(b, ",\"confidence\":");
    hd_json_double(b, (double)((int)(q->confidence * 1000.0f + 0.5f)) / 1000.0);
    if (q->n_partial) {
      hd_buf_puts(b, ",\"partial\":[");
      for (uint8_t k = 0; k < q->n_partial; k++) {
        if (k) hd_buf_putc(b, ',');
        put_span_or_null(b, q->partial[k]);
      }
      hd_buf_putc(b, ']');
    }
    if (q->n_more) { /* one statement in several pieces: content first */
      hd_buf_puts(b, ",\"content_pieces\":[");
      put_span_or_null(b, q->content);
      for (uint8_t k = 0; k < q->n_more; k++) {
        hd_buf_putc(b, ',');
        put_span_or_null(b, q->more[k]);
      }
      hd_buf_putc(b, ']');
    }
    hd_buf_putc(b, '}');
  }
  hd_buf_putc(b, ']');
}

char *hd_article_json(const hd_article *a, int flags, size_t *len) {
  hd_buf b;
  hd_buf_init(&b, 0);
  hd_buf_grow(&b, a->text_len * 2 + 1024);
  put_meta(&b, a);
  if (flags & HD_JSON_FOR_INGEST) put_hash(&b, a);
  hd_buf_puts(&b, ",\"text\":");
  hd_json_str(&b, a->text ? a->text : "", a->text_len);
  put_removed(&b, a);
  put_layers(&b, a, flags);
  put_entities(&b, a, flags);
  put_identities(&b, a);
  put_quotes(&b, a);
  if (a->passthrough) {
    hd_buf_putc(&b, ',');
    hd_buf_puts(&b, a->passthrough);
  }
  hd_buf_puts(&b, "}\n");
  return hd_buf_take(&b, len);
}
