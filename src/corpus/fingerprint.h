/*
 * fingerprint.h: near-duplicate detection: MinHash signatures over word
 * shingles, and an LSH index (banding) that finds, for a new signature,
 * the earliest indexed document whose estimated Jaccard similarity is at
 * least a threshold.
 *
 * Only originals are indexed: a copy is linked to the original it
 * matched, so chains of copies all point at the earliest one.
 *
 * Ownership: hd_lsh_new/hd_lsh_free; the index copies signatures.
 * Complexity: signing O(words * HD_MH_PERMS); a query O(bands * probe)
 * plus one signature comparison per candidate (at most max_candidates);
 * memory O(indexed docs * (HD_MH_PERMS*4 + bands*16)) bytes.
 */
#ifndef HD_FINGERPRINT_H
#define HD_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#include "text/words.h"

#define HD_MH_PERMS 64

typedef struct hd_minhash {
  uint32_t v[HD_MH_PERMS];
  uint32_t n_shingles; /* 0: too short to sign; never matches */
} hd_minhash;

typedef struct {
  int shingle;       /* words per shingle (default 4) */
  int bands;         /* LSH bands; rows = HD_MH_PERMS / bands (default 16) */
  double threshold;  /* least estimated Jaccard for a copy (default 0.5) */
  int min_shingles;  /* shorter texts are not fingerprinted (default 8) */
} hd_fp_options;

void hd_fp_defaults(hd_fp_options *o);

/* Signs the words of `text` (lower-cased, punctuation ignored). */
void hd_minhash_text(const char *text, size_t len, const hd_fp_options *o, hd_minhash *out);
/* The same signature from the text's words already cut (hd_words over
 * the same text, in order), so a text tokenised once serves the
 * clusterer and the signature. */
void hd_minhash_words(const hd_word *w, size_t n, const hd_fp_options *o, hd_minhash *out);
/* Estimated Jaccard similarity: the share of equal slots. */
double hd_minhash_similarity(const hd_minhash *a, const hd_minhash *b);

typedef struct hd_lsh hd_lsh;
hd_lsh *hd_lsh_new(const hd_fp_options *o);
void hd_lsh_free(hd_lsh *l);
/* The earliest indexed doc with similarity >= threshold (its id, and the
 * similarity in *sim), or 0 if none. Ids are the caller's, non-zero. */
int64_t hd_lsh_query(const hd_lsh *l, const hd_minhash *m, double *sim);
/* The same, with the tag the doc was indexed with in *tag (UINT32_MAX
 * when none; untouched when no doc is found). */
int64_t hd_lsh_query_tag(const hd_lsh *l, const hd_minhash *m, double *sim, uint32_t *tag);
/* Indexes a signature under `id` (non-zero). Short signatures are ignored. */
void hd_lsh_add(hd_lsh *l, int64_t id, const hd_minhash *m);
/* The same with a tag kept beside the id (the store: the doc's story, so
 * that a copy finds its original's story without asking the database). */
void hd_lsh_add_tag(hd_lsh *l, int64_t id, uint32_t tag, const hd_minhash *m);
size_t hd_lsh_size(const hd_lsh *l);

#endif
