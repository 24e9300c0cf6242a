/*
 * fingerprint.c: MinHash + LSH near-duplicate detection (see
 * fingerprint.h). Shingles are runs of `shingle` consecutive words, each
 * word hashed with xxh64 and the run combined by a rolling mix. Slot i of
 * the signature is the minimum over shingles of mix(shingle_hash ^ seed_i),
 * which is the usual one-hash-many-seeds MinHash. Bands of `rows` slots
 * are hashed into one open-addressing multimap (band key -> doc slot).
 */
#include "corpus/fingerprint.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "util/buf.h"
#include "text/words.h"

#define MAX_SHINGLE 16
#define MAX_CANDIDATES 32

void hd_fp_defaults(hd_fp_options *o) {
  o->shingle = 4;
  o->bands = 16;
  o->threshold = 0.5;
  o->min_shingles = 8;
}

static inline uint64_t mix64(uint64_t x) { /* splitmix64 finaliser */
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

static uint64_t SEEDS[HD_MH_PERMS];
static pthread_once_t seeds_once = PTHREAD_ONCE_INIT;

static void fill_seeds(void) {
  uint64_t s = 0x9E3779B97F4A7C15ULL;
  for (int i = 0; i < HD_MH_PERMS; i++) SEEDS[i] = mix64(s += 0x9E3779B97F4A7C15ULL);
}

/* Filled once, by whichever thread signs first (pthread_once: no race). */
static void init_seeds(void) { pthread_once(&seeds_once, fill_seeds); }

/* The 64 permutations of one shingle, written branch-free so the compiler
 * vectorises them; on x86-64 compiled three times (AVX-512 has the 64-bit
 * multiply in vector form, AVX2 and the baseline emulate it) and picked at
 * load time by the CPU. The same integers whichever runs. It was 9% of
 * `ingest --annotated -j 1` (callgrind, 3,000 Reuters articles). */
/* not under ThreadSanitizer: its hooks in the ifunc resolver run before it starts */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__) && !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("arch=x86-64-v4", "avx2", "default"), optimize("tree-vectorize")))
#endif
static void fold_shingle(hd_minhash *out, uint64_t h) {
  for (int i = 0; i < HD_MH_PERMS; i++) {
    uint32_t v = (uint32_t)(mix64(h ^ SEEDS[i]) >> 32);
    out->v[i] = v < out->v[i] ? v : out->v[i];
  }
}

/* The signature as words come: begin, one step per word, end. */
typedef struct {
  int k;
  uint64_t ring[MAX_SHINGLE];
  size_t nw;
} signer;

static void sign_begin(signer *s, const hd_fp_options *o, hd_minhash *out) {
  init_seeds();
  s->k = o->shingle < 1 ? 1 : o->shingle > MAX_SHINGLE ? MAX_SHINGLE : o->shingle;
  for (int i = 0; i < HD_MH_PERMS; i++) out->v[i] = UINT32_MAX;
  out->n_shingles = 0;
  s->nw = 0;
}

static void sign_word(signer *s, const char *w, size_t len, hd_minhash *out) {
  size_t k = (size_t)s->k;
  s->ring[s->nw % k] = XXH3_64bits(w, len);
  s->nw++;
  if (s->nw < k) return;
  uint64_t h = 0;
  for (size_t j = s->nw - k; j < s->nw; j++) h = mix64(h ^ s->ring[j % k]) + j - (s->nw - k);
  fold_shingle(out, h);
  out->n_shingles++;
}

static void sign_end(const signer *s, hd_minhash *out) {
  if (s->nw > 0 && s->nw < (size_t)s->k) { /* short text: one shingle of every word */
    uint64_t h = 0;
    for (size_t j = 0; j < s->nw; j++) h = mix64(h ^ s->ring[j]) + j;
    fold_shingle(out, h);
    out->n_shingles = 1;
  }
}

void hd_minhash_text(const char *text, size_t len, const hd_fp_options *o, hd_minhash *out) {
  signer s;
  sign_begin(&s, o, out);
  hd_words it;
  hd_word w;
  hd_words_init(&it, text, len);
  while (hd_words_next(&it, &w)) sign_word(&s, w.w, w.len, out);
  sign_end(&s, out);
}

void hd_minhash_words(const hd_word *w, size_t n, const hd_fp_options *o, hd_minhash *out) {
  signer s;
  sign_begin(&s, o, out);
  for (size_t i = 0; i < n; i++) sign_word(&s, w[i].w, w[i].len, out);
  sign_end(&s, out);
}

double hd_minhash_similarity(const hd_minhash *a, const hd_minhash *b) {
  if (!a->n_shingles || !b->n_shingles) return 0;
  int eq = 0;
  for (int i = 0; i < HD_MH_PERMS; i++) eq += a->v[i] == b->v[i];
  return (double)eq / HD_MH_PERMS;
}

/* ---- LSH index ---- */

typedef struct {
  uint64_t key; /* 0 = empty */
  uint32_t doc; /* index into docs */
} band_slot;

typedef struct {
  int64_t id;
  uint32_t tag; /* UINT32_MAX: none */
  hd_minhash sig;
} lsh_doc;

struct hd_lsh {
  hd_fp_options opt;
  int rows;
  lsh_doc *docs;
  size_t n_docs, cap_docs;
  band_slot *slots;
  size_t n_slots, mask; /* capacity = mask + 1, a power of two */
};

hd_lsh *hd_lsh_new(const hd_fp_options *o) {
  hd_lsh *l = hd_xcalloc(1, sizeof *l);
  if (o) l->opt = *o;
  else hd_fp_defaults(&l->opt);
  if (l->opt.bands < 1 || l->opt.bands > HD_MH_PERMS) l->opt.bands = 16;
  l->rows = HD_MH_PERMS / l->opt.bands;
  l->mask = 1023;
  l->slots = hd_xcalloc(l->mask + 1, sizeof *l->slots);
  return l;
}

void hd_lsh_free(hd_lsh *l) {
  if (!l) return;
  free(l->docs);
  free(l->slots);
  free(l);
}

size_t hd_lsh_size(const hd_lsh *l) { return l->n_docs; }

static uint64_t band_key(const hd_lsh *l, const hd_minhash *m, int band) {
  uint64_t k = XXH3_64bits_withSeed(m->v + band * l->rows, (size_t)l->rows * sizeof(uint32_t), (uint64_t)band + 1);
  return k ? k : 1;
}

static void slots_insert(band_slot *slots, size_t mask, uint64_t key, uint32_t doc) {
  size_t i = (size_t)key & mask;
  while (slots[i].key) i = (i + 1) & mask;
  slots[i].key = key;
  slots[i].doc = doc;
}

static void grow_slots(hd_lsh *l) {
  size_t cap = (l->mask + 1) * 2;
  band_slot *ns = hd_xcalloc(cap, sizeof *ns);
  for (size_t i = 0; i <= l->mask; i++)
    if (l->slots[i].key) slots_insert(ns, cap - 1, l->slots[i].key, l->slots[i].doc);
  free(l->slots);
  l->slots = ns;
  l->mask = cap - 1;
}

void hd_lsh_add(hd_lsh *l, int64_t id, const hd_minhash *m) { hd_lsh_add_tag(l, id, UINT32_MAX, m); }

void hd_lsh_add_tag(hd_lsh *l, int64_t id, uint32_t tag, const hd_minhash *m) {
  if (m->n_shingles == 0 || (int)m->n_shingles < l->opt.min_shingles) return;
  lsh_doc d = {id, tag, *m};
  HD_VEC_PUSH(l->docs, l->n_docs, l->cap_docs, d);
  uint32_t doc = (uint32_t)(l->n_docs - 1);
  for (int b = 0; b < l->opt.bands; b++) {
    if ((l->n_slots + 1) * 2 > l->mask + 1) grow_slots(l);
    slots_insert(l->slots, l->mask, band_key(l, m, b), doc);
    l->n_slots++;
  }
}

int64_t hd_lsh_query(const hd_lsh *l, const hd_minhash *m, double *sim) {
  uint32_t tag;
  return hd_lsh_query_tag(l, m, sim, &tag);
}

int64_t hd_lsh_query_tag(const hd_lsh *l, const hd_minhash *m, double *sim, uint32_t *tag) {
  *sim = 0;
  if (m->n_shingles == 0 || (int)m->n_shingles < l->opt.min_shingles) return 0;
  uint32_t seen[MAX_CANDIDATES];
  int n_seen = 0;
  int64_t best = 0;
  uint32_t best_doc = UINT32_MAX;
  double best_sim = 0;
  for (int b = 0; b < l->opt.bands && n_seen < MAX_CANDIDATES; b++) {
    uint64_t key = band_key(l, m, b);
    for (size_t i = (size_t)key & l->mask; l->slots[i].key && n_seen < MAX_CANDIDATES; i = (i + 1) & l->mask) {
      if (l->slots[i].key != key) continue;
      uint32_t doc = l->slots[i].doc;
      int dup = 0;
      for (int j = 0; j < n_seen; j++) dup |= seen[j] == doc;
      if (dup) continue;
      seen[n_seen++] = doc;
      double s = hd_minhash_similarity(m, &l->docs[doc].sig);
      /* the most similar wins; among equals, the earliest */
      if (s >= l->opt.threshold && (s > best_sim || (s == best_sim && doc < best_doc))) {
        best_sim = s;
        best_doc = doc;
        best = l->docs[doc].id;
      }
    }
  }
  *sim = best_sim;
  if (best) *tag = l->docs[best_doc].tag;
  return best;
}
