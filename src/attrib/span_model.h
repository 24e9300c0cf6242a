/*
 * span_model.h: the learned span tagger of the attribution stage. Every
 * token of a paragraph gets one of seven labels (O, B/I-SOURCE, B/I-CUE,
 * B/I-CONTENT) from a first-order structured averaged perceptron with
 * exact Viterbi decoding (Collins 2002) over hashed features: the word
 * and its neighbours, case and shape, quotation state, NER mention types,
 * the cue lexicon class and the learned cue tagger's score, the nearest
 * cue-like words on either side, and the rules' own records (the label
 * the rule frames gave the token: rules enter as features, the decision
 * is learned). attrib.c links the spans into records.
 *
 * Trained by `herald train quotes --train DIR -o models/attrib-en.bin`
 * (src/attrib/train_cue_model.c) on PolNeAR gold attributions; deterministic
 * (fixed shuffle seed). Stored inside the attribution model file
 * (cue_model.c, version 3) as int16 weights with one scale.
 *
 * Memory: a model owns its weights (1 << bits rows of HD_SL_COUNT);
 * hd_span_input owns its per-token arrays (hd_span_input_free).
 * Complexity: features O(window) per token, Viterbi O(n * labels^2).
 */
#ifndef HD_SPAN_MODEL_H
#define HD_SPAN_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "attrib/cue_model.h"
#include "text/article.h"

struct hd_cue_model;

typedef enum {
  HD_SL_O,
  HD_SL_B_SRC,
  HD_SL_I_SRC,
  HD_SL_B_CUE,
  HD_SL_I_CUE,
  HD_SL_B_CON,
  HD_SL_I_CON,
  HD_SL_COUNT
} hd_span_label;

#define HD_SPAN_MAX_FEATS 48

typedef struct hd_span_model hd_span_model;

/* What the features read, per token of the article. */
typedef struct {
  const hd_article *a;
  uint8_t *inq;  /* inside a paired quotation (marks included) */
  const hd_cue_tokens *tk; /* mention types, lower-cased text, word-list values (own, or the hint's) */
  hd_cue_tokens own;
  uint8_t *rule; /* hd_span_label the rules' records give the token */
  uint8_t *cue;  /* cue lexicon class bits (low 5) | cue-tagger score bucket << 5 */
  uint32_t *sent; /* sentence index */
  uint32_t *suf;  /* its last three bytes (packed by hd_fhash_str), or 0; the form's value is tk->fh */
  int8_t *lcue, *rcue; /* distance to the nearest cue-like word left / right in the sentence (window), or -1 */
  uint8_t *ctx;  /* bits: "that" (2) or a comma/colon (1) since the left cue; marks before (<<2) / after (<<4) */
  int tiled;     /* the sentences tile tokens [0, n) in order: token j shares token i's sentence iff j lies in its range */
} hd_span_input;

/* Fills x from the article as it stands (a->quotes: the rules' records;
 * inq from the stage's quotation pairing), with the cue tagger's scores
 * when cm is non-NULL. */
void hd_span_input_init(hd_span_input *x, const hd_article *a, const struct hd_cue_model *cm, const uint8_t *inq);

/* What the attribution stage already knows per token, so that the span
 * tagger's inputs do not look it up again (any member may be NULL): the
 * token view (borrowed: it must outlive the input), the cue tagger's
 * score (NAN where not yet scored) and whether the cue tagger knows the
 * word (hd_cue_model_knows; -1 where not yet asked). The last two are
 * read during init only. */
typedef struct {
  const hd_cue_tokens *tk;
  const float *cue_score;
  const int8_t *knows;
} hd_span_hints;
void hd_span_input_init_ex(hd_span_input *x, const hd_article *a, const struct hd_cue_model *cm, const uint8_t *inq,
                           const hd_span_hints *h);
void hd_span_input_free(hd_span_input *x);

/* Hashed features of token i into out (HD_SPAN_MAX_FEATS); returns how many. */
size_t hd_span_features(const hd_span_input *x, uint32_t i, uint32_t *out);

/* May tokens [b, e) (a paragraph) hold an attribution: a cue-like word
 * (a speech or belief cue of the lexicon, a word the cue tagger scores
 * high, a rule cue), a quotation mark or a rule record? The stage tags
 * only these (the rest is all O) and the trainer trains only on them. */
int hd_span_worth_tagging(const hd_span_input *x, uint32_t b, uint32_t e);

/* Labels tokens [b, e) (a paragraph): out[e - b]. */
void hd_span_tag(const hd_span_model *m, const hd_span_input *x, uint32_t b, uint32_t e, uint8_t *out);

/* Trains on sequences: sequence k is tokens off[k] .. off[k+1] with
 * features f[foff[t] .. foff[t+1]) and gold labels y[t]. Deterministic. */
hd_span_model *hd_span_train(const uint32_t *f, const size_t *foff, const uint8_t *y, const size_t *off,
                             size_t nseq, unsigned bits, int epochs);
/* The same on the sequences k with use[k] != 0 only (the others are
 * skipped where they fall in the shuffled order: deterministic). */
hd_span_model *hd_span_train_subset(const uint32_t *f, const size_t *foff, const uint8_t *y, const size_t *off,
                                    size_t nseq, const uint8_t *use, unsigned bits, int epochs);
void hd_span_model_free(hd_span_model *m);

/* Serialisation inside the attribution model payload. */
size_t hd_span_model_blob_size(const hd_span_model *m);
void hd_span_model_write(const hd_span_model *m, unsigned char *out);
/* Reads a blob of exactly len bytes; NULL when it is malformed. */
hd_span_model *hd_span_model_read(const unsigned char *p, size_t len);
#endif
