/*
 * article.c: creating and freeing articles; input normalisation.
 *
 * hd_article_new copies the input once, repairing invalid UTF-8 and NUL
 * bytes to U+FFFD (counted in bad_utf8), folding CR LF and lone CR to LF,
 * and applying NFC (utf8proc) only when a code point could change under
 * it, so plain text pays one linear scan. Metadata and pass-through
 * members are repaired to valid UTF-8 too (util/utf8.h). Complexity: O(n).
 */
#include <stddef.h>
#include <stdint.h>
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

/* The repaired copy being built in the input arena. */
typedef struct {
  hd_arena *arena;
  char *ptr; /* NULL once an allocation failed */
  size_t len;
} copy_buf;

/* Appends to the copy; on allocation failure leaves ptr NULL (later
 * appends do nothing). Never aborts. */
static void put(copy_buf *out, const char *p, size_t n) {
  if (!out->ptr) return;
  out->ptr = hd_arena_realloc(out->arena, out->ptr, out->len + n + 1);
  if (!out->ptr) return;
  memcpy(out->ptr + out->len, p, n);
  out->len += n;
  out->ptr[out->len] = 0;
}

/* Copies `s` into `out`, repairing UTF-8; returns 1 if NFC may apply. */
static int repair_copy(const char *s, size_t n, copy_buf *out, size_t *bad) {
  int sensitive = 0;
  size_t i = 0, run = 0;
  const unsigned char *u = (const unsigned char *)s;
  while (i < n) {
    unsigned char c = u[i];
    if (c >= 0x20 && c < 0x80) { i++; continue; }
    if (c == '\r' || c == 0 || c < 0x20) {
      if (c != '\r' && c != 0) { i++; continue; } /* \n \t etc. kept */
      put(out, s + run, i - run);
      if (c == 0) { put(out, REPLACEMENT, 3); (*bad)++; }
      else if (!(i + 1 < n && u[i + 1] == '\n')) put(out, "\n", 1);
      run = ++i;
      continue;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k < 0) {
      put(out, s + run, i - run);
      put(out, REPLACEMENT, 3);
      (*bad)++;
      run = ++i;
      continue;
    }
    if (!sensitive && nfc_sensitive(cp)) sensitive = 1;
    i += (size_t)k;
  }
  put(out, s + run, n - run);
  return sensitive;
}

hd_article *hd_article_new(const char *text, size_t len) {
  hd_article *a = calloc(1, sizeof *a);
  if (!a) return NULL;
  /* one chunk for the input and its metadata; the layers' arena starts
   * at a size that holds a typical article's annotation */
  hd_arena_init(&a->input, 0);
  a->input.first = len < SIZE_MAX / 2 ? len + len / 16 + 2048 : 0;
  hd_arena_init(&a->arena, 0);
  hd_arena_init(&a->scratch, 0);
  a->arena.first = len < SIZE_MAX / 64 && len * 4 > ((size_t)64 << 10) ? len * 4 : 0;
  a->scratch.first = len < SIZE_MAX / 64 && len * 8 > ((size_t)64 << 10) ? len * 8 : 0;
  copy_buf b = {&a->input, hd_arena_alloc(&a->input, len + 1), 0};
  if (b.ptr) b.ptr[0] = 0;
  int sensitive = repair_copy(text, len, &b, &a->bad_utf8);
  if (!b.ptr) {
    hd_article_free(a);
    return NULL;
  }
  a->raw = b.ptr;
  a->raw_len = b.len;
  if (sensitive) {
    utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)a->raw);
    if (nfc) {
      size_t m = strlen((char *)nfc);
      if (m != a->raw_len || memcmp(nfc, a->raw, m)) a->nfc_changed = 1;
      char *copy = hd_arena_strndup(&a->input, (const char *)nfc, m);
      free(nfc);
      if (!copy) {
        hd_article_free(a);
        return NULL;
      }
      a->raw = copy;
      a->raw_len = m;
    }
  }
  return a;
}

void hd_article_reset_layers(hd_article *a) {
  hd_arena_reset(&a->arena);
  hd_arena_reset(&a->scratch);
  size_t from = offsetof(hd_article, text), to = offsetof(hd_article, input);
  memset((char *)a + from, 0, to - from); /* every layer field, from clean onwards */
  a->kind = HD_KIND_NEWS;
}

void hd_article_free(hd_article *a) {
  if (!a) return;
  hd_arena_free(&a->arena);
  hd_arena_free(&a->scratch);
  hd_arena_free(&a->input);
  free(a);
}

void hd_article_scope(hd_scope *s, hd_article *a) {
  if (hd_scope_arena() == &a->scratch) hd_scope_enter2(s, &a->scratch, &a->arena, NULL);
  else hd_scope_enter(s, &a->arena, NULL);
}

/* Moves *p (n bytes) out of the scratch arena into the layers' arena. */
static int keep(hd_article *a, void *pp, size_t n) {
  void **p = pp;
  if (!*p || !hd_arena_owns(&a->scratch, *p)) return 0;
  void *q = hd_arena_alloc(&a->arena, n ? n : 1);
  if (!q) return -1;
  memcpy(q, *p, n);
  *p = q;
  return 0;
}

static int keep_str(hd_article *a, char **s) { return *s ? keep(a, s, strlen(*s) + 1) : 0; }

/* Array of n elements: moved when it or any of it lives in scratch; its
 * capacity becomes n (the next push reallocates). */
#define KEEP_VEC(a, v, n, cap) \
  (keep((a), &(v), (n) * sizeof *(v)) || ((cap) = (v) && hd_arena_owns(&(a)->arena, (v)) ? (n) : (cap), 0))

static int keep_strings(hd_article *a, char ***v, size_t n, size_t *cap) {
  if (KEEP_VEC(a, *v, n, *cap)) return -1;
  for (size_t i = 0; i < n; i++)
    if (keep_str(a, &(*v)[i])) return -1;
  return 0;
}

int hd_article_keep_layers(hd_article *a) {
  if (keep(a, &a->text, a->text ? a->text_len + 1 : 0) || KEEP_VEC(a, a->removed, a->n_removed, a->cap_removed) ||
      keep_str(a, &a->title) || keep_str(a, &a->section) || keep_str(a, &a->byline) || keep_str(a, &a->outlet) ||
      KEEP_VEC(a, a->paragraphs, a->n_paragraphs, a->cap_paragraphs) ||
      KEEP_VEC(a, a->sentences, a->n_sentences, a->cap_sentences) || KEEP_VEC(a, a->tokens, a->n_tokens, a->cap_tokens) ||
      KEEP_VEC(a, a->mentions, a->n_mentions, a->cap_mentions) ||
      KEEP_VEC(a, a->identities, a->n_identities, a->cap_identities) || KEEP_VEC(a, a->quotes, a->n_quotes, a->cap_quotes))
    return -1;
  for (size_t i = 0; i < a->n_identities; i++) {
    hd_identity *id = &a->identities[i];
    if (keep_str(a, &id->key) || keep_str(a, &id->name) ||
        keep_strings(a, &id->aliases, id->n_aliases, &id->cap_aliases) ||
        keep_strings(a, &id->titles, id->n_titles, &id->cap_titles))
      return -1;
  }
  return 0;
}

void *hd_article_alloc(hd_article *a, size_t n) { return hd_arena_alloc(&a->arena, n); }

char *hd_article_strndup(hd_article *a, const char *s, size_t n) { return hd_arena_strndup(&a->arena, s, n); }

void hd_article_set_meta(hd_article *a, hd_meta_field f, const char *value) {
  if ((int)f < 0 || f >= HD_META_COUNT) return;
  a->meta[f] = NULL;
  if (!value) return;
  char *fixed = hd_utf8_repair(value); /* metadata is valid UTF-8 like the text */
  const char *v = fixed ? fixed : value;
  a->meta[f] = hd_arena_strndup(&a->input, v, strlen(v));
  hd_free(fixed);
}

void hd_article_set_input_line(hd_article *a, long line) { a->input_line = line; }

void hd_article_set_passthrough(hd_article *a, const char *members) {
  a->passthrough = NULL;
  if (!members || !*members) return;
  /* invalid bytes are >= 0x80, never JSON syntax: U+FFFD keeps it valid */
  char *fixed = hd_utf8_repair(members);
  const char *v = fixed ? fixed : members;
  a->passthrough = hd_arena_strndup(&a->input, v, strlen(v));
  hd_free(fixed);
}

const char *hd_article_text(const hd_article *a, size_t *len) {
  if (len) *len = a->text ? a->text_len : a->raw_len;
  return a->text ? a->text : a->raw;
}
