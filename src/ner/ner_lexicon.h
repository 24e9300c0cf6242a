/*
 * ner_lexicon.h: a string -> uint32 map for the tagger's lexical tables
 * (word clusters, gazetteer phrases). Open addressing over 64-bit XXH3
 * hashes; keys are kept in one owned pool so the map can be saved and
 * reloaded. Lookup is O(1) expected, insert amortised O(1).
 *
 * Ownership: the map owns its pool and slots; hd_lex_free releases both.
 */
#ifndef HD_NER_LEXICON_H
#define HD_NER_LEXICON_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  uint64_t hash;
  uint32_t key_off; /* into pool; UINT32_MAX = empty slot */
  uint32_t key_len;
  uint32_t value;
} hd_lex_slot;

typedef struct {
  hd_lex_slot *slots;
  size_t n_slots; /* power of two */
  size_t n;       /* entries */
  char *pool;
  size_t pool_len, pool_cap;
} hd_lex;

uint64_t hd_lex_hash(const char *s, size_t n);
void hd_lex_init(hd_lex *m);
void hd_lex_free(hd_lex *m);
/* Returns a pointer to the value of key (inserting value 0 if absent). */
uint32_t *hd_lex_put(hd_lex *m, const char *key, size_t n);
/* Returns the value pointer, or NULL when absent. `h` = hd_lex_hash(key).
 * Lookups match the 64-bit hash and the length without comparing bytes
 * (a false match needs a 64-bit collision: ~n / 2^64 per lookup). */
const uint32_t *hd_lex_get_h(const hd_lex *m, const char *key, size_t n, uint64_t h);
const uint32_t *hd_lex_get(const hd_lex *m, const char *key, size_t n);

#endif
