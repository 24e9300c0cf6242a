/*
 * hash_set.h: the content hashes of a store's articles (store.c), in
 * memory, so that "is this input stored?" costs one probe and may be
 * asked from another thread than the one that adds (cmd_ingest reads and
 * checks on one thread while the writer stores on another).
 *
 * Open addressing on the 64-bit hash (0 kept aside), at most half full.
 * Every call takes the set's mutex: safe from any number of threads.
 * Complexity: O(1) expected per call; memory 16 bytes per hash at most.
 * Ownership: hd_hash_set_init/_free; the set owns its table.
 */
#ifndef HD_HASH_SET_H
#define HD_HASH_SET_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
  pthread_mutex_t mu;
  uint64_t *t; /* 0 = empty */
  size_t cap, n;
  int has_zero;
} hd_hash_set;

void hd_hash_set_init(hd_hash_set *s);
void hd_hash_set_free(hd_hash_set *s);
void hd_hash_set_clear(hd_hash_set *s);
int hd_hash_set_has(hd_hash_set *s, uint64_t h);
void hd_hash_set_add(hd_hash_set *s, uint64_t h);
/* removes h (when a batch is rolled back); absent: nothing */
void hd_hash_set_remove(hd_hash_set *s, uint64_t h);

#endif
