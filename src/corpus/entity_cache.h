/*
 * entity_cache.h: the entities row cache used by the store during ingest.
 *
 * Maps an entity's canonical key to its row (id, mentions, articles,
 * name) so that a mention costs a hash lookup instead of an SQL upsert.
 * Changed counters are written back by the store at each commit (same
 * transaction as the articles that changed them), so the file never
 * holds counts for articles it does not hold.
 *
 * Ownership: the cache owns copies of keys and names. Memory: bounded by
 * the caller (hd_entity_cache_count, hd_entity_cache_clear after a
 * commit). Complexity: O(1) expected per lookup (open addressing on
 * xxh64 of the key, load factor <= 1/2).
 */
#ifndef HD_ENTITY_CACHE_H
#define HD_ENTITY_CACHE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  char *key;
  char *name;
  size_t name_chars; /* UTF-8 code points, as SQLite's length() counts */
  int64_t id;
  int64_t mentions, articles;
  int dirty; /* counters or name differ from the row in the file */
} hd_entity_row;

typedef struct hd_entity_cache hd_entity_cache;

hd_entity_cache *hd_entity_cache_new(void);
void hd_entity_cache_free(hd_entity_cache *c);

/* The cached row for `key`, or NULL. Row pointers stay valid until the
 * next put or clear. */
hd_entity_row *hd_entity_cache_get(hd_entity_cache *c, const char *key);
/* Adds a row (key and name are copied) and returns it; `key` must not be cached. */
hd_entity_row *hd_entity_cache_put(hd_entity_cache *c, const char *key, int64_t id, const char *name,
                                   int64_t mentions, int64_t articles);
/* Replaces a row's name (copied). */
void hd_entity_row_set_name(hd_entity_row *r, const char *name, size_t name_chars);
/* Marks a row changed (to be written by the next flush). */
void hd_entity_cache_touch(hd_entity_cache *c, hd_entity_row *r);

/* Calls fn for every dirty row, then marks it clean; stops at the first
 * nonzero return and returns it. */
int hd_entity_cache_flush(hd_entity_cache *c, int (*fn)(void *ctx, const hd_entity_row *r), void *ctx);

size_t hd_entity_cache_count(const hd_entity_cache *c);
/* Drops every row (after a commit, to bound memory; or after a rollback). */
void hd_entity_cache_clear(hd_entity_cache *c);

/* Code points in a UTF-8 string (bytes that are not continuation bytes). */
size_t hd_utf8_chars(const char *s);

#endif
