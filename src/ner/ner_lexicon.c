/* ner_lexicon.c: string -> uint32 map (see ner_lexicon.h). */
#include "ner/ner_lexicon.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "util/buf.h"

uint64_t hd_lex_hash(const char *s, size_t n) { return XXH3_64bits(s, n); }

void hd_lex_init(hd_lex *m) { memset(m, 0, sizeof *m); }

void hd_lex_free(hd_lex *m) {
  hd_free(m->slots);
  hd_free(m->pool);
  memset(m, 0, sizeof *m);
}

static hd_lex_slot *find_slot(hd_lex_slot *slots, size_t n_slots, const char *pool,
                              const char *key, size_t n, uint64_t h) {
  size_t mask = n_slots - 1;
  for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
    hd_lex_slot *s = &slots[i];
    if (s->key_off == UINT32_MAX) return s;
    if (s->hash == h && s->key_len == n && memcmp(pool + s->key_off, key, n) == 0) return s;
  }
}

static void rehash(hd_lex *m, size_t n_slots) {
  hd_lex_slot *slots = hd_xmalloc(n_slots * sizeof *slots);
  for (size_t i = 0; i < n_slots; i++) slots[i].key_off = UINT32_MAX;
  for (size_t i = 0; i < m->n_slots; i++) {
    hd_lex_slot *o = &m->slots[i];
    if (o->key_off == UINT32_MAX) continue;
    size_t mask = n_slots - 1, j = (size_t)o->hash & mask;
    while (slots[j].key_off != UINT32_MAX) j = (j + 1) & mask;
    slots[j] = *o;
  }
  hd_free(m->slots);
  m->slots = slots;
  m->n_slots = n_slots;
}

uint32_t *hd_lex_put(hd_lex *m, const char *key, size_t n) {
  if ((m->n + 1) * 2 > m->n_slots) rehash(m, m->n_slots ? m->n_slots * 2 : 1024);
  uint64_t h = hd_lex_hash(key, n);
  hd_lex_slot *s = find_slot(m->slots, m->n_slots, m->pool, key, n, h);
  if (s->key_off != UINT32_MAX) return &s->value;
  if (m->pool_len + n + 1 > m->pool_cap) {
    size_t cap = m->pool_cap ? m->pool_cap * 2 : 4096;
    while (cap < m->pool_len + n + 1) cap *= 2;
    m->pool = hd_xrealloc(m->pool, cap);
    m->pool_cap = cap;
  }
  memcpy(m->pool + m->pool_len, key, n);
  m->pool[m->pool_len + n] = '\0';
  s->hash = h;
  s->key_off = (uint32_t)m->pool_len;
  s->key_len = (uint32_t)n;
  s->value = 0;
  m->pool_len += n + 1;
  m->n++;
  return &s->value;
}

const uint32_t *hd_lex_get_h(const hd_lex *m, const char *key, size_t n, uint64_t h) {
  (void)key; /* matched on the 64-bit hash and the length, no string compare */
  if (!m->n) return NULL;
  size_t mask = m->n_slots - 1;
  for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
    const hd_lex_slot *s = &m->slots[i];
    if (s->key_off == UINT32_MAX) return NULL;
    if (s->hash == h && s->key_len == n) return &s->value;
  }
}

const uint32_t *hd_lex_get(const hd_lex *m, const char *key, size_t n) {
  return hd_lex_get_h(m, key, n, hd_lex_hash(key, n));
}
