/*
 * map.c: the one hash map (map.h): open addressing, linear probing, XXH3
 * hashes, keys copied into one buffer.
 */
#include "util/map.h"

#include <string.h>
#include <xxhash.h>

void hd_map_init(hd_map *m) {
  m->slots = NULL;
  m->cap = m->n = 0;
  hd_buf_init(&m->keys, 0);
}

void hd_map_free(hd_map *m) {
  hd_free(m->slots);
  hd_buf_free(&m->keys);
  m->slots = NULL;
  m->cap = m->n = 0;
}

/* Keys are mostly words: a byte loop is cheaper than a memcmp call. */
static inline int same_key(const hd_map *m, const hd_map_slot *s, uint64_t h, const void *key, size_t n) {
  if (s->hash != h || s->key_len != n) return 0;
  if (!n) return 1; /* keys.ptr may be NULL then */
  const unsigned char *a = (const unsigned char *)m->keys.ptr + s->key_off, *b = key;
  for (size_t i = 0; i < n; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

/* The slot holding key, or the empty slot where it would go. */
static inline hd_map_slot *slot_for(const hd_map *m, uint64_t h, const void *key, size_t n) {
  size_t i = (size_t)h & (m->cap - 1);
  while (m->slots[i].used && !same_key(m, &m->slots[i], h, key, n)) i = (i + 1) & (m->cap - 1);
  return &m->slots[i];
}

uint64_t *hd_map_get_hashed(const hd_map *m, uint64_t hash, const void *key, size_t n) {
  if (!m->n) return NULL;
  hd_map_slot *s = slot_for(m, hash, key, n);
  return s->used ? &s->value : NULL;
}

uint64_t *hd_map_get(const hd_map *m, const void *key, size_t n) { return hd_map_get_hashed(m, XXH3_64bits(key, n), key, n); }

static void grow(hd_map *m) {
  size_t old_cap = m->cap;
  hd_map_slot *old = m->slots;
  m->cap = old_cap ? 2 * old_cap : 16;
  m->slots = hd_xcalloc(m->cap, sizeof *m->slots);
  for (size_t i = 0; i < old_cap; i++) {
    if (!old[i].used) continue;
    size_t j = (size_t)old[i].hash & (m->cap - 1);
    while (m->slots[j].used) j = (j + 1) & (m->cap - 1);
    m->slots[j] = old[i];
  }
  hd_free(old);
}

uint64_t *hd_map_put(hd_map *m, const void *key, size_t n, int *added) {
  if ((m->n + 1) * 10 > m->cap * 7) grow(m);
  uint64_t h = XXH3_64bits(key, n);
  hd_map_slot *s = slot_for(m, h, key, n);
  if (added) *added = !s->used;
  if (!s->used) {
    s->used = 1;
    s->hash = h;
    s->value = 0;
    s->key_off = (uint32_t)m->keys.len;
    s->key_len = (uint32_t)n;
    hd_buf_put(&m->keys, key, n);
    m->n++;
  }
  return &s->value;
}

const char *hd_map_key(const hd_map *m, const uint64_t *value, size_t *n) {
  const hd_map_slot *s = (const hd_map_slot *)((const char *)value - offsetof(hd_map_slot, value));
  *n = s->key_len;
  return m->keys.ptr ? m->keys.ptr + s->key_off : "";
}

size_t hd_map_size(const hd_map *m) { return m->n; }
