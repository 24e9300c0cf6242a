/*
 * map.h: herald's one hash map: byte-string keys -> 64-bit values.
 * Open addressing with linear probing over a power-of-two table, grown to
 * twice its size past 70% load; keys are copied into one buffer the map
 * owns, hashed with XXH3 (xxhash). Expected O(1) per lookup or insert,
 * O(capacity) to grow. Values are plain integers (an index, a count, a
 * pointer cast to uintptr_t): the map never owns what they refer to.
 * Iteration is in slot order, which depends on the hashes: callers that
 * need a stable order keep their own array and store its indexes here.
 *
 * Ownership: an hd_map owns its slots and key copies; hd_map_free releases
 * them (hd_free: inside an arena scope they live in the scope's arena,
 * util/arena.h). Pointers returned by get/put stay valid until the next
 * put. Not thread-safe for writers; any number of readers may share a map
 * that no one writes.
 */
#ifndef HD_MAP_H
#define HD_MAP_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

typedef struct {
  uint64_t hash;
  uint64_t value;
  uint32_t key_off, key_len; /* the key's bytes in hd_map.keys */
  uint32_t used;             /* 0: an empty slot */
} hd_map_slot;

typedef struct {
  hd_map_slot *slots;
  size_t cap, n; /* cap: 0 or a power of two */
  hd_buf keys;
} hd_map;

void hd_map_init(hd_map *m);
void hd_map_free(hd_map *m);
/* The value stored under key[0, n), or NULL. */
uint64_t *hd_map_get(const hd_map *m, const void *key, size_t n);
/* The same, for a caller that has the key's XXH3_64bits already. */
uint64_t *hd_map_get_hashed(const hd_map *m, uint64_t hash, const void *key, size_t n);
/* The value under key[0, n), inserted as 0 when absent (*added = 1 then;
 * added may be NULL). */
uint64_t *hd_map_put(hd_map *m, const void *key, size_t n, int *added);
/* The map's key of a value pointer returned by get or put. */
const char *hd_map_key(const hd_map *m, const uint64_t *value, size_t *n);
size_t hd_map_size(const hd_map *m);

#endif
