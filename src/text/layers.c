/*
 * layers.c: the public read-only getters of an annotated article
 * (include/herald/layers.h) over its internal layout (article.h).
 * O(1) each, no allocation; views point into the article.
 */
#include "text/article.h"

#include <string.h>

static const char *name_of(const char *const *names, int n, int v) { return names[v >= 0 && v < n ? v : n - 1]; }

const char *hd_kind_name(int kind) {
  static const char *const N[] = {"news", "opinion", "analysis"};
  return name_of(N, 3, kind);
}
const char *hd_quote_type_name(int type) {
  static const char *const N[] = {"direct", "partial", "indirect"};
  return name_of(N, 3, type);
}
const char *hd_speaker_kind_name(int kind) {
  static const char *const N[] = {"named", "anonymous", "organization", "pronoun", "unknown"};
  return name_of(N, 5, kind);
}
const char *hd_ent_type_name(int type) {
  static const char *const N[] = {"PER", "ORG", "LOC", "MISC"};
  return name_of(N, HD_ENT_COUNT, type);
}
int hd_ent_type_of(const char *s, size_t n) {
  for (int t = 0; t < HD_ENT_COUNT; t++)
    if (strlen(hd_ent_type_name(t)) == n && !memcmp(s, hd_ent_type_name(t), n)) return t;
  return -1;
}

const char *hd_article_meta(const hd_article *a, hd_meta_field f) {
  return (int)f >= 0 && f < HD_META_COUNT ? a->meta[f] : NULL;
}
const char *hd_article_title(const hd_article *a) { return a->title; }
const char *hd_article_outlet(const hd_article *a) { return a->outlet; }
const char *hd_article_byline(const hd_article *a) { return a->byline; }
const char *hd_article_section(const hd_article *a) { return a->section; }
hd_kind hd_article_kind(const hd_article *a) { return (hd_kind)a->kind; }
size_t hd_article_input_bytes(const hd_article *a) { return a->raw_len; }
size_t hd_article_repaired(const hd_article *a) { return a->bad_utf8; }
long hd_article_input_line(const hd_article *a) { return a->input_line; }

size_t hd_article_n_removed(const hd_article *a) { return a->n_removed; }
int hd_article_removed(const hd_article *a, size_t i, hd_removed_view *out) {
  if (i >= a->n_removed) return -1;
  const hd_removed *r = &a->removed[i];
  *out = (hd_removed_view){r->start, r->end, r->reason};
  return 0;
}

size_t hd_article_n_mentions(const hd_article *a) { return a->n_mentions; }
int hd_article_mention(const hd_article *a, size_t i, hd_mention_view *out) {
  if (i >= a->n_mentions) return -1;
  const hd_mention *m = &a->mentions[i];
  *out = (hd_mention_view){m->start, m->end, (hd_ent_type)m->type, m->title.start, m->title.end, m->identity};
  return 0;
}

size_t hd_article_n_identities(const hd_article *a) { return a->n_identities; }
int hd_article_identity(const hd_article *a, size_t i, hd_identity_view *out) {
  if (i >= a->n_identities) return -1;
  const hd_identity *id = &a->identities[i];
  *out = (hd_identity_view){id->key,           id->name,          (hd_ent_type)id->type,
                            (const char *const *)id->aliases, id->n_aliases, (const char *const *)id->titles,
                            id->n_titles};
  return 0;
}

size_t hd_article_n_quotes(const hd_article *a) { return a->n_quotes; }
int hd_article_quote(const hd_article *a, size_t i, hd_quote_view *out) {
  if (i >= a->n_quotes) return -1;
  const hd_quote *q = &a->quotes[i];
  *out = (hd_quote_view){(hd_quote_type)q->type, (hd_speaker_kind)q->speaker_kind,
                         q->content.start,      q->content.end,
                         q->cue.start,          q->cue.end,
                         q->source.start,       q->source.end,
                         q->speaker,            q->confidence};
  return 0;
}
