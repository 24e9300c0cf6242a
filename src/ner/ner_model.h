/*
 * ner_model.h: the NER model (internal layout shared by tagger.c, the
 * trainer ner_train.c and the CLI). A linear model over hashed features:
 * weights[(bucket << 0) * HD_NER_NL + label], int16 with one scale when
 * loaded from a file, float while training; first-order label transitions
 * (row HD_NER_NL = sentence start); the lexicons the features need.
 *
 * Model file (little-endian):
 *   "HDNERMDL" | u32 version | u32 reserved | u64 raw_len | u64 zlen |
 *   u64 XXH64(compressed payload) | zlib(payload)
 *   payload: u32 bits | f32 scale | f32 trans[(NL+1)*NL] |
 *            u32 n_lists | n_lists * char[32] names |
 *            u32 n_clusters | entries (u16 len, bytes, u32 value) |
 *            u32 n_gaz | entries (u16 len, bytes, u32 value) |
 *            u32 n_casing | entries (u16 len, bytes, u32 value) |
 *            bitmap of non-zero rows (2^bits bits) | rows (NL * i16 each)
 */
#ifndef HD_NER_MODEL_H
#define HD_NER_MODEL_H

#include "herald.h"
#include "ner/ner_features.h"

#define HD_NER_MODEL_VERSION 2

struct hd_tagger {
  uint32_t bits;
  /* Loaded weights, sparse: bit b of bm says bucket b has a non-zero row;
   * its row is rows[(rank[b / 64] + popcount of lower bits) * NL]. The
   * bitmap (2^bits / 8 bytes) stays in cache; rows hold only what the
   * perceptron learned, so tagging touches little memory. */
  uint64_t *bm;
  uint32_t *rank;
  int16_t *rows;
  size_t n_rows;
  int16_t *wq;  /* dense quantised weights while saving, else NULL */
  float scale;  /* weight = row value * scale */
  float *wf;    /* float weights (training), or NULL */
  float trans[(HD_NER_NL + 1) * HD_NER_NL];
  float tmask[(HD_NER_NL + 1) * HD_NER_NL]; /* trans, -1e30 where BILOU forbids */
  hd_ner_lexicons lex;
};

typedef struct {
  uint32_t *feats;
  uint8_t *nf;
  float *score; /* n * NL */
  float *delta;
  uint8_t *back;
  uint8_t *nstat;  /* per token: how many features depend on the sentence only */
  size_t cap;
  int32_t *cache;  /* per document token: the sum of those rows (tag_doc_cached) */
  size_t cap_cache;
  uint8_t *pass1;  /* the first pass's labels of the document */
} hd_ner_scratch;

void hd_ner_scratch_free(hd_ner_scratch *s);
void hd_ner_scratch_reserve(hd_ner_scratch *s, size_t n);

/* Is the transition prev -> cur allowed in BILOU (prev = NL: start)? */
int hd_ner_allowed(int prev, int cur);
/* Recomputes tmask from trans (after loading or a training update). */
void hd_ner_refresh_transitions(struct hd_tagger *m);
/* Viterbi over the features of one sentence of n tokens in sc->feats. */
void hd_ner_viterbi(const struct hd_tagger *m, hd_ner_scratch *sc, uint32_t n, uint8_t *out);
/* Retags every sentence of a tagged document with second-pass features
 * (the first pass's labels of the word's other occurrences). */
void hd_ner_second_pass(const struct hd_tagger *m, hd_ner_state *st, hd_ner_scratch *sc,
                        const hd_ner_doc *doc, uint8_t *labels);
/* Tags a whole document: labels[n_words]. */
void hd_ner_tag_doc(const struct hd_tagger *m, hd_ner_state *st, hd_ner_scratch *sc,
                    const hd_ner_doc *doc, uint8_t *labels);
/* Quantises wf into wq and writes the model file. 0, or -1 with err. */
int hd_ner_model_save(struct hd_tagger *m, const char *path, hd_err *err);

#endif
