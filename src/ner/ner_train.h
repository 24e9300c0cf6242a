/*
 * ner_train.h: structured averaged perceptron training of the NER model
 * (Collins 2002) with exact Viterbi decoding, deterministic document
 * shuffling (fixed seed), dev evaluation after every epoch and the best
 * epoch kept. Document history features are built from the model's own
 * predictions while training, as at tagging time.
 *
 * Memory: three float arrays of 2^bits * 17 (weights, averaging sums,
 * averaged copy). Time: O(epochs * tokens * features).
 */
#ifndef HD_NER_TRAIN_H
#define HD_NER_TRAIN_H

#include <stdio.h>

#include "ner/conll.h"
#include "ner/ner_model.h"

typedef struct {
  uint32_t bits;   /* hashed buckets = 2^bits */
  int epochs;
  uint64_t seed;   /* shuffling seed of the first run */
  const char *out; /* model path, written at the end */
  FILE *log;       /* per-epoch dev scores, or NULL */
  int runs;        /* runs with seeds seed, seed+1, ...; their best-epoch
                    * weights are averaged (0 or 1: one run) */
} hd_ner_train_opts;

/* Trains on `train`, selects on `dev` (may be NULL: last epoch kept).
 * Takes ownership of *lex (moved into the model). Returns the best dev F1,
 * or -1 with err filled. */
double hd_ner_train(const hd_conll *train, const hd_conll *dev, hd_ner_lexicons *lex,
                    const hd_ner_train_opts *opt, hd_err *err);

/* Tags every document of c with m; fills counts (and pred if not NULL). */
void hd_ner_eval_conll(const struct hd_tagger *m, const hd_conll *c, hd_ner_counts *counts,
                       uint8_t *pred);
#endif
