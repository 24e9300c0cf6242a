/*
 * cluster_words.c: a text's words tokenised ahead for the clusterer
 * (cluster_words.h).
 * Complexity: O(text). Ownership: the block is the allocator's; the
 * temporary arrays are freed here.
 */
#include "corpus/cluster_words.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* Appends s[0..n) and a NUL to pool (room made by the caller); returns
 * its offset. */
static size_t put_str(hd_buf *pool, const char *s, size_t n) {
  size_t off = pool->len;
  memcpy(pool->ptr + off, s, n);
  pool->ptr[off + n] = 0;
  pool->len = off + n + 1;
  return off;
}

hd_cluster_words *hd_cluster_words_of(const char *text, size_t len, void *(*alloc)(void *ud, size_t n), void *ud) {
  if (len > HD_CLUSTER_WORDS_MAX_TEXT) return NULL;
  hd_word *v = NULL, w;
  size_t n = 0, cap = 0;
  hd_buf pool;
  hd_buf_init(&pool, 0);
  hd_buf_grow(&pool, 2 * len + 64); /* about what a text's words take: one growth at most, as a rule */
  hd_words it;
  hd_words_init(&it, text, len);
  while (hd_words_next(&it, &w)) {
    hd_word c = w; /* its strings as offsets into pool, until the block exists */
    size_t sl = strlen(w.surface);
    if (pool.len + w.len + sl + 3 > pool.cap) hd_buf_grow(&pool, w.len + sl + 2);
    c.w = (const char *)(uintptr_t)put_str(&pool, w.w, w.len);
    c.surface = (const char *)(uintptr_t)put_str(&pool, w.surface, sl);
    HD_VEC_PUSH(v, n, cap, c);
  }
  hd_cluster_words *out = alloc(ud, sizeof *out + n * sizeof *v + pool.len + 1);
  if (out) {
    hd_word *words = (hd_word *)(out + 1);
    char *strs = (char *)(words + n);
    if (pool.len) memcpy(strs, pool.ptr, pool.len);
    for (size_t i = 0; i < n; i++) {
      words[i] = v[i];
      words[i].w = strs + (uintptr_t)v[i].w;
      words[i].surface = strs + (uintptr_t)v[i].surface;
    }
    out->n = n;
    out->w = words;
  }
  free(v);
  hd_buf_free(&pool);
  return out;
}
