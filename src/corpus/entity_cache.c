/*
 * entity_cache.c: canonical key -> entities row, for the store's ingest
 * (see entity_cache.h). Rows live in one array; the one hash map
 * (util/map.h) finds a key's row index; a list of dirty row indices makes
 * a flush O(changed rows).
 */
#include "corpus/entity_cache.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/map.h"

struct hd_entity_cache {
  hd_entity_row *rows;
  size_t n, cap;
  hd_map index; /* key -> row index */
  uint32_t *dirty;
  size_t n_dirty, cap_dirty;
};

size_t hd_utf8_chars(const char *s) {
  size_t n = 0;
  for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

hd_entity_cache *hd_entity_cache_new(void) {
  hd_entity_cache *c = hd_xcalloc(1, sizeof *c);
  hd_map_init(&c->index);
  return c;
}

void hd_entity_cache_clear(hd_entity_cache *c) {
  for (size_t i = 0; i < c->n; i++) {
    free(c->rows[i].key);
    free(c->rows[i].name);
  }
  c->n = 0;
  c->n_dirty = 0;
  hd_map_free(&c->index);
  hd_map_init(&c->index);
}

void hd_entity_cache_free(hd_entity_cache *c) {
  if (!c) return;
  hd_entity_cache_clear(c);
  free(c->rows);
  hd_map_free(&c->index);
  free(c->dirty);
  free(c);
}

hd_entity_row *hd_entity_cache_get(hd_entity_cache *c, const char *key) {
  const uint64_t *r = hd_map_get(&c->index, key, strlen(key));
  return r ? &c->rows[*r] : NULL;
}

hd_entity_row *hd_entity_cache_put(hd_entity_cache *c, const char *key, int64_t id, const char *name,
                                   int64_t mentions, int64_t articles) {
  if (c->n == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 1024;
    c->rows = hd_xrealloc(c->rows, c->cap * sizeof *c->rows);
  }
  size_t r = c->n++;
  *hd_map_put(&c->index, key, strlen(key), NULL) = r;
  c->rows[r] = (hd_entity_row){hd_xstrdup(key), hd_xstrdup(name), hd_utf8_chars(name), id, mentions, articles, 0};
  return &c->rows[r];
}

void hd_entity_row_set_name(hd_entity_row *r, const char *name, size_t name_chars) {
  free(r->name);
  r->name = hd_xstrdup(name);
  r->name_chars = name_chars;
}

void hd_entity_cache_touch(hd_entity_cache *c, hd_entity_row *r) {
  if (r->dirty) return;
  r->dirty = 1;
  HD_VEC_PUSH(c->dirty, c->n_dirty, c->cap_dirty, (uint32_t)(r - c->rows));
}

static int by_row_id(const void *a, const void *b) {
  int64_t x = ((const hd_entity_row *const *)a)[0]->id, y = ((const hd_entity_row *const *)b)[0]->id;
  return (x > y) - (x < y);
}

/* Dirty rows in id order, so the writes walk the table's B-tree once. */
int hd_entity_cache_flush(hd_entity_cache *c, int (*fn)(void *ctx, const hd_entity_row *r), void *ctx) {
  hd_entity_row **order = hd_xmalloc((c->n_dirty + 1) * sizeof *order);
  for (size_t i = 0; i < c->n_dirty; i++) order[i] = &c->rows[c->dirty[i]];
  qsort(order, c->n_dirty, sizeof *order, by_row_id);
  size_t i = 0;
  int rc = 0;
  for (; i < c->n_dirty && !rc; i++) {
    rc = fn(ctx, order[i]);
    order[i]->dirty = 0;
  }
  size_t n = c->n_dirty;
  c->n_dirty = 0;
  for (; i < n; i++) c->dirty[c->n_dirty++] = (uint32_t)(order[i] - c->rows); /* unwritten: still dirty */
  free(order);
  return rc;
}

size_t hd_entity_cache_count(const hd_entity_cache *c) { return c->n; }
