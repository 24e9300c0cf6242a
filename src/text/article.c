/*
 * article.c: creating and freeing articles; input normalisation.
 *
 * hd_article_new copies the input once, repairing invalid UTF-8 and NUL
 * bytes to U+FFFD (counted in bad_utf8), folding CR LF and lone CR to LF,
 * and applying NFC (utf8proc) only when a code point could change under
 * it, so plain text pays one linear scan. Metadata and pass-through
 * members are repaired to valid UTF-8 too (util/utf8.h). Complexity: O(n).
 */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/article.h"
#include "util/buf.h"
#include "util/utf8.h"

static const char REPLACEMENT[3] = {(char)0xEF, (char)0xBF, (char)0xBD};

/* Could NFC change this code point (or its neighbours)? */
static int nfc_sensitive(utf8proc_int32_t cp) {
  if (cp >= 0x1100 && cp <= 0x11FF) return 1; /* conjoining jamo */
  const utf8proc_property_t *p = utf8proc_get_property(cp);
  return p->combining_class != 0 || p->comp_exclusion;
}

/* Copies `s` into `out`, repairing UTF-8; returns 1 if NFC may apply. */
static int repair_copy(const char *s, size_t n, hd_buf *out, size_t *bad) {
  int sensitive = 0;
  size_t i = 0, run = 0;
  const unsigned char *u = (const unsigned char *)s;
  while (i < n) {
    unsigned char c = u[i];
    if (c >= 0x20 && c < 0x80) { i++; continue; }
    if (c == '\r' || c == 0 || c < 0x20) {
      if (c != '\r' && c != 0) { i++; continue; } /* \n \t etc. kept */
      hd_buf_put(out, s + run, i - run);
      if (c == 0) { hd_buf_put(out, REPLACEMENT, 3); (*bad)++; }
      else if (!(i + 1 < n && u[i + 1] == '\n')) hd_buf_putc(out, '\n');
      run = ++i;
      continue;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k < 0) {
      hd_buf_put(out, s + run, i - run);
      hd_buf_put(out, REPLACEMENT, 3);
      (*bad)++;
      run = ++i;
      continue;
    }
    if (!sensitive && nfc_sensitive(cp)) sensitive = 1;
    i += (size_t)k;
  }
  hd_buf_put(out, s + run, n - run);
  return sensitive;
}

hd_article *hd_article_new(const char *text, size_t len) {
  hd_article *a = hd_xcalloc(1, sizeof *a);
  hd_buf b;
  hd_buf_init(&b, 0);
  hd_buf_grow(&b, len);
  int sensitive = repair_copy(text, len, &b, &a->bad_utf8);
  a->raw = hd_buf_take(&b, &a->raw_len);
  if (sensitive) {
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)a->raw);
    if (nfc) {
      size_t m = strlen((char *)nfc);
      if (m != a->raw_len || memcmp(nfc, a->raw, m)) a->nfc_changed = 1;
      free(a->raw);
      a->raw = (char *)nfc;
      a->raw_len = m;
    }
  }
  return a;
}

static void free_identity(hd_identity *id) {
  free(id->key);
  free(id->name);
  for (size_t i = 0; i < id->n_aliases; i++) free(id->aliases[i]);
  for (size_t i = 0; i < id->n_titles; i++) free(id->titles[i]);
  free(id->aliases);
  free(id->titles);
}

void hd_article_reset_layers(hd_article *a) {
  free(a->text);
  free(a->removed);
  free(a->title);
  free(a->section);
  free(a->byline);
  free(a->outlet);
  free(a->paragraphs);
  free(a->sentences);
  free(a->tokens);
  free(a->mentions);
  for (size_t i = 0; i < a->n_identities; i++) free_identity(&a->identities[i]);
  free(a->identities);
  free(a->quotes);
  a->text = NULL;
  a->text_len = 0;
  a->removed = NULL;
  a->n_removed = a->cap_removed = 0;
  a->title = a->section = a->byline = a->outlet = NULL;
  a->kind = HD_KIND_NEWS;
  a->paragraphs = NULL;
  a->n_paragraphs = a->cap_paragraphs = 0;
  a->sentences = NULL;
  a->n_sentences = a->cap_sentences = 0;
  a->tokens = NULL;
  a->n_tokens = a->cap_tokens = 0;
  a->mentions = NULL;
  a->n_mentions = a->cap_mentions = 0;
  a->identities = NULL;
  a->n_identities = a->cap_identities = 0;
  a->quotes = NULL;
  a->n_quotes = a->cap_quotes = 0;
}

void hd_article_free(hd_article *a) {
  if (!a) return;
  hd_article_reset_layers(a);
  for (int i = 0; i < HD_META_COUNT; i++) free(a->meta[i]);
  free(a->passthrough);
  free(a->raw);
  free(a);
}

void hd_article_set_meta(hd_article *a, hd_meta_field f, const char *value) {
  if ((int)f < 0 || f >= HD_META_COUNT) return;
  free(a->meta[f]);
  a->meta[f] = NULL;
  if (!value) return;
  a->meta[f] = hd_utf8_repair(value); /* metadata is valid UTF-8 like the text */
  if (!a->meta[f]) a->meta[f] = hd_xstrdup(value);
}

void hd_article_set_input_line(hd_article *a, long line) { a->input_line = line; }

void hd_article_set_passthrough(hd_article *a, const char *members) {
  free(a->passthrough);
  a->passthrough = NULL;
  if (!members || !*members) return;
  /* invalid bytes are >= 0x80, never JSON syntax: U+FFFD keeps it valid */
  a->passthrough = hd_utf8_repair(members);
  if (!a->passthrough) a->passthrough = hd_xstrdup(members);
}

const char *hd_article_text(const hd_article *a, size_t *len) {
  if (len) *len = a->text ? a->text_len : a->raw_len;
  return a->text ? a->text : a->raw;
}
