/*
 * cues.c: the word lists behind cues.h. The lists themselves are
 * data/lexicons/attrib_*.txt (compiled into sorted const tables by
 * tools/gen_lexicons.c, util/lexicon.h); the hand-written ones are general
 * English reporting vocabulary, the learned ones words and counts from
 * PolNeAR train. Every word of every list joins one hash set, built once
 * (pthread_once), so that most lookups are one probe.
 */
#include "attrib/cues.h"

#include "util/arena.h"
#include "util/lexicon.h"
#include "util/map.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* The hand-written lists (data/lexicons/attrib_*.txt), by hd_wordlist. */
static const hd_lex_id LISTS[HD_WL_COUNT] = {
    HD_LEX_ATTRIB_AUX_ADV, HD_LEX_ATTRIB_CLAUSE,   HD_LEX_ATTRIB_PREP,      HD_LEX_ATTRIB_TIME,
    HD_LEX_ATTRIB_PRON_SUBJ, HD_LEX_ATTRIB_PRON_OBJ, HD_LEX_ATTRIB_ROLE,    HD_LEX_ATTRIB_ORG_HEAD,
    HD_LEX_ATTRIB_DETERMINER, HD_LEX_ATTRIB_TITLE,
};

size_t hd_word_lower(const char *w, size_t n, char *out, size_t cap) {
  if (n + 1 > cap) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = w[i];
    out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
  }
  out[n] = 0;
  return n;
}

int hd_be_word(const char *lower) {
  static const char *const BE[] = {"is", "are", "was", "were", "be", "been", "being"};
  for (size_t k = 0; k < sizeof BE / sizeof *BE; k++)
    if (!strcmp(lower, BE[k])) return 1;
  return 0;
}

/* The learned lexicon (data/lexicons/attrib_learned_cues.txt): words
 * that head PolNeAR training cues; column 1 how often they did, column 2
 * how often they occur (tools/gen_cue_lexicon.py). */
#define LEARNED_CUES 1
#define LEARNED_OCCURRENCES 2

/* A learned word counts as a cue when at least this share of its
 * training occurrences were cues (tuned on train). */
#define LEARNED_MIN_RATE 0.30
/* Below that and down to this share, a weak cue (HD_CUE_WEAK). */
#define LEARNED_WEAK_RATE 0.10

/* Learned "verb particle" cues (data/lexicons/attrib_learned_bigrams.txt:
 * verb, particle, counts; tools/gen_cue_lexicon.py). */
static int cue_flags(const char *lower, int *first_of_bigram);

static int bigram_slow(const char *w1, const char *w2) {
  int first = 0;
  cue_flags(w1, &first);
  if (!first) return 0;
  size_t n;
  const hd_lex_row *rows = hd_lex_rows(HD_LEX_ATTRIB_LEARNED_BIGRAMS, &n);
  long i = hd_lex_find(HD_LEX_ATTRIB_LEARNED_BIGRAMS, w1, strlen(w1));
  if (i < 0) return 0;
  for (size_t j = (size_t)i; j < n && !strcmp(rows[j].col[0], w1); j++)
    if (!strcmp(rows[j].col[1], w2)) return 1;
  return 0;
}

/* ---- a hash set over every cue word, built once ----
 * Most words are no cue: one hash probe answers them instead of binary
 * searches through three tables. */

/* The value stored per word: its cue class (bits 0-15), whether it opens
 * a learned bigram (bit 16), and the word lists it is in (bits 32-63). */
#define FIRST_OF_BIGRAM (1ull << 16)
#define LISTS_SHIFT 32

static hd_map CUE_SET; /* util/map.h, filled once, then only read */

/* A two-bit Bloom filter over the set's XXH3 hashes (filled with it,
 * then only read): most words are no cue and no list word, and two bit
 * tests answer them before any probe of the set. 2^16 bits (8 KB) keep
 * false positives under 1% for the few thousand words in the set. */
#define BLOOM_BITS 16
static uint64_t CUE_BLOOM[(1u << BLOOM_BITS) / 64];

static inline uint32_t bloom_bit(uint64_t hash, int k) {
  return (uint32_t)(hash >> (k ? 48 : 24)) & ((1u << BLOOM_BITS) - 1);
}

static inline int bloom_may_hold(uint64_t hash) {
  uint32_t a = bloom_bit(hash, 0), b = bloom_bit(hash, 1);
  return (CUE_BLOOM[a >> 6] >> (a & 63)) & (CUE_BLOOM[b >> 6] >> (b & 63)) & 1;
}

static void bloom_add(const char *w, size_t n) {
  uint64_t hash = XXH3_64bits(w, n);
  for (int k = 0; k < 2; k++) {
    uint32_t bit = bloom_bit(hash, k);
    CUE_BLOOM[bit >> 6] |= 1ull << (bit & 63);
  }
}
static pthread_once_t cue_set_once = PTHREAD_ONCE_INIT;

static int cue_class_slow(const char *lower);

static uint64_t *cue_insert(const char *w) {
  int added;
  size_t n = strlen(w);
  uint64_t *v = hd_map_put(&CUE_SET, w, n, &added);
  if (added) bloom_add(w, n);
  if (added) *v = (uint64_t)cue_class_slow(w); /* 0 unless a cue word */
  return v;
}

static void insert_list(hd_lex_id id) {
  size_t n;
  const char *const *w = hd_lex_sorted(id, &n);
  for (size_t i = 0; i < n; i++) cue_insert(w[i]);
}

/* The learned bigrams as keys "verb NUL particle" (no word holds a NUL),
 * filled with the cue set: a question is one probe. Pairs of PAIR_MAX
 * bytes or more stay out and are asked the slow way. */
#define PAIR_MAX 96
static hd_map BIGRAM_SET;

static size_t pair_key(const char *w1, size_t n1, const char *w2, size_t n2, char *key) {
  memcpy(key, w1, n1);
  key[n1] = 0;
  memcpy(key + n1 + 1, w2, n2);
  return n1 + 1 + n2;
}

static void build_bigram_set(void) {
  size_t n;
  const hd_lex_row *rows = hd_lex_rows(HD_LEX_ATTRIB_LEARNED_BIGRAMS, &n);
  hd_map_init(&BIGRAM_SET);
  for (size_t i = 0; i < n; i++) {
    size_t n1 = strlen(rows[i].col[0]), n2 = strlen(rows[i].col[1]);
    char key[PAIR_MAX];
    if (n1 + 1 + n2 < PAIR_MAX) hd_map_put(&BIGRAM_SET, key, pair_key(rows[i].col[0], n1, rows[i].col[1], n2, key), NULL);
  }
}

static void build_cue_set(void) {
  hd_scope heap; /* the set outlives any article: never in an arena */
  hd_scope_enter(&heap, NULL, NULL);
  build_bigram_set();
  hd_map_init(&CUE_SET);
  insert_list(HD_LEX_ATTRIB_CUE_SPEECH);
  insert_list(HD_LEX_ATTRIB_CUE_BELIEF);
  insert_list(HD_LEX_ATTRIB_LEARNED_CUES);
  size_t n;
  const char *const *w = hd_lex_sorted(HD_LEX_ATTRIB_LEARNED_BIGRAMS, &n);
  for (size_t i = 0; i < n; i++) *cue_insert(w[i]) |= FIRST_OF_BIGRAM;
  for (int l = 0; l < HD_WL_COUNT; l++) { /* list words join the same set */
    w = hd_lex_sorted(LISTS[l], &n);
    for (size_t i = 0; i < n; i++) *cue_insert(w[i]) |= 1ull << (LISTS_SHIFT + l);
  }
  hd_scope_leave(&heap);
}

static uint64_t cue_value(const char *lower) {
  size_t n = strlen(lower);
  return hd_cue_value_hashed(lower, n, XXH3_64bits(lower, n));
}

static int cue_flags(const char *lower, int *first_of_bigram) {
  uint64_t v = cue_value(lower);
  if (first_of_bigram) *first_of_bigram = (v & FIRST_OF_BIGRAM) != 0;
  return (int)(v & 0xFFFF);
}

int hd_cue_class(const char *lower) { return cue_flags(lower, NULL); }

uint64_t hd_cue_value(const char *lower) { return cue_value(lower); }

/* Set once the sets are built: after that, a look-up skips pthread_once's
 * call (the acquire pairs with the release below). */
static atomic_int cue_set_ready;

static void cue_set_init(void) {
  if (atomic_load_explicit(&cue_set_ready, memory_order_acquire)) return;
  pthread_once(&cue_set_once, build_cue_set);
  atomic_store_explicit(&cue_set_ready, 1, memory_order_release);
}

int hd_cue_bigram(const char *w1, const char *w2) {
  size_t n1 = strlen(w1), n2 = strlen(w2);
  if (n1 + 1 + n2 >= PAIR_MAX) return bigram_slow(w1, w2);
  cue_set_init();
  char key[PAIR_MAX];
  return hd_map_get(&BIGRAM_SET, key, pair_key(w1, n1, w2, n2, key)) != NULL;
}

/* The learned cue edges (data/lexicons/attrib_cue_edges.txt: word,
 * particle, times inside a gold cue, times right after one; written only
 * for pairs seen at least 5 times). A share of 80% either way decides
 * (train: 52 cue edges right, 5 wrong; 0.7 gave 65 right, 17 wrong). */
#define EDGE_INSIDE 2
#define EDGE_OUTSIDE 3
#define EDGE_SHARE 0.8

int hd_cue_edge(const char *w1, const char *w2) {
  size_t n;
  const hd_lex_row *rows = hd_lex_rows(HD_LEX_ATTRIB_CUE_EDGES, &n);
  long i = hd_lex_find(HD_LEX_ATTRIB_CUE_EDGES, w1, strlen(w1));
  if (i < 0) return 0;
  for (size_t j = (size_t)i; j < n && !strcmp(rows[j].col[0], w1); j++) {
    if (strcmp(rows[j].col[1], w2)) continue;
    double in = (double)rows[j].num[EDGE_INSIDE], all = in + (double)rows[j].num[EDGE_OUTSIDE];
    if (in >= EDGE_SHARE * all) return 1;
    if (in <= (1.0 - EDGE_SHARE) * all) return -1;
    return 0;
  }
  return 0;
}

uint64_t hd_cue_value_hashed(const char *lower, size_t n, uint64_t hash) {
  cue_set_init();
  if (!bloom_may_hold(hash)) return 0;
  const uint64_t *v = hd_map_get_hashed(&CUE_SET, hash, lower, n);
  return v ? *v : 0;
}

static int cue_class_slow(const char *lower) {
  size_t len = strlen(lower);
  int cls = 0;
  if (hd_lex_has(HD_LEX_ATTRIB_CUE_SPEECH, lower, len)) cls |= HD_CUE_SPEECH;
  if (hd_lex_has(HD_LEX_ATTRIB_CUE_BELIEF, lower, len)) cls |= HD_CUE_BELIEF;
  if (hd_lex_has(HD_LEX_ATTRIB_CUE_HEARER, lower, len)) cls |= HD_CUE_OBJECT;
  if (cls) return cls;
  long i = hd_lex_find(HD_LEX_ATTRIB_LEARNED_CUES, lower, len);
  if (i < 0) return 0;
  size_t n;
  const hd_lex_row *l = &hd_lex_rows(HD_LEX_ATTRIB_LEARNED_CUES, &n)[i];
  long cues = l->num[LEARNED_CUES], occurrences = l->num[LEARNED_OCCURRENCES];
  if (cues >= LEARNED_MIN_RATE * occurrences) return HD_CUE_SPEECH | HD_CUE_LEARNED;
  return cues >= LEARNED_WEAK_RATE * occurrences ? HD_CUE_SPEECH | HD_CUE_WEAK | HD_CUE_LEARNED : 0;
}

uint32_t hd_wordlist_mask(const char *lower) { return (uint32_t)(cue_value(lower) >> LISTS_SHIFT); }

int hd_in_wordlist(hd_wordlist list, const char *lower) {
  if ((int)list < 0 || list >= HD_WL_COUNT) return 0;
  return (hd_wordlist_mask(lower) >> list) & 1;
}
