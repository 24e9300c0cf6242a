/*
 * cue_model.h: the learned cue tagger of the attribution stage. A binary
 * averaged perceptron over hashed features scores every word token
 * outside quotations: is it part of an attribution cue (a reporting verb,
 * but also "refused to", "announcement", "is no fan of")? attrib.c frames
 * the tokens it accepts like the rule cues. Trained by `herald train
 * quotes --train DIR -o models/attrib-en.bin` on PolNeAR gold cue spans.
 *
 * File: "HDCUEM1\0" | u32 version (3; 2 is read too) | u32 bits | f32 threshold | f32 veto
 *       | f32 min confidence | u64 payload length | u64 XXH64(payload) |
 *       payload = zlib(f32 cue weights[1 << bits], f32 extension
 *       weights[1 << bits], u64 n, u64 word keys[n] sorted: the XXH3 hashes
 *       of the lower-cased words seen heading a gold cue in training, the
 *       only words the stage asks the model about; f32 confidence
 *       weights[1 << HD_CONF_BITS], see attrib/confidence.h); version 3: u64 n, n bytes of
 *       the span tagger (span_model.h, n = 0: none); version 5: u64 n, n
 *       bytes of the speaker ranker (speaker_rank.h, n = 0: none); version 6: u64 n,
 *       n bytes of the learned cue gate (cue_gate.h: lemma cue counts keyed by
 *       word hashes, n = 0: none)). Weights, counts and
 *       hashes only: no corpus text.
 * Memory: the model owns its weight array; hd_cue_mention_types returns a
 * malloc'd per-token array the caller frees.
 * Complexity: features and score O(1) per token (a fixed window).
 */
#ifndef HD_CUE_MODEL_H
#define HD_CUE_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "text/article.h"
#include "herald.h"

#define HD_CUE_MODEL_VERSION 7 /* 4: features hashed by util/fhash.h (3: XXH32 per feature); 5: + speaker ranker; 6: + cue gate; 7: + its per-frame counts */
#define HD_CONF_BITS 16
#define HD_CONF_MASK ((1u << HD_CONF_BITS) - 1)
#define HD_CUE_MAX_FEATS 48

typedef struct hd_cue_model hd_cue_model;
struct hd_span_model;
struct hd_cue_gate;

/* The learned cue gate stored with the model (cue_gate.h), or NULL. */
const struct hd_cue_gate *hd_cue_model_gate(const hd_cue_model *m);
/* Takes ownership of g (NULL removes it). */
void hd_cue_model_set_gate(hd_cue_model *m, struct hd_cue_gate *g);

/* The span tagger stored with the model (span_model.h), or NULL. */
const struct hd_span_model *hd_cue_model_span(const hd_cue_model *m);
/* Takes ownership of s (NULL removes it). */
void hd_cue_model_set_span(hd_cue_model *m, struct hd_span_model *s);
/* Puts s in m's span tagger place without freeing the one there, which
 * it returns (for trainers that lend m another tagger for a while). */
struct hd_span_model *hd_cue_model_swap_span(hd_cue_model *m, struct hd_span_model *s);

hd_cue_model *hd_cue_model_load(const char *path, hd_err *err);
int hd_cue_model_save(const hd_cue_model *m, const char *path, hd_err *err);
void hd_cue_model_free(hd_cue_model *m);
float hd_cue_model_threshold(const hd_cue_model *m);
void hd_cue_model_set_threshold(hd_cue_model *m, float t);
/* A one-word rule cue scoring below the veto is dropped. */
float hd_cue_model_veto(const hd_cue_model *m);
void hd_cue_model_set_veto(hd_cue_model *m, float v);

/* The key of a lower-cased word, and whether the model was trained to
 * propose it as a cue (O(log n)). */
uint64_t hd_cue_word_key(const char *lower, size_t n);
int hd_cue_model_knows(const hd_cue_model *m, uint64_t key);
/* Sets the known words (copied, sorted, deduplicated). */
void hd_cue_model_set_words(hd_cue_model *m, const uint64_t *keys, size_t n);

/* Per token: the hd_ent_type of the mention covering it, or 0xff. */
uint8_t *hd_cue_mention_types(const hd_article *a);

/* What every feature function of the stage reads per token, computed
 * once per article (the stage, the span tagger and the trainers used to
 * lower-case and look up each token again for every window it fell in):
 * the covering mention's type, the lower-cased text (hd_word_lower) and
 * its hd_cue_value. The view owns its arrays (hd_cue_tokens_free). */
typedef struct {
  uint8_t *ment;  /* hd_cue_mention_types */
  char *low;      /* token i's lower-cased text, NUL-terminated, at low + off[i] */
  uint32_t *off;
  uint8_t *len;   /* its length; 0 when hd_word_lower refuses it (31+ bytes) */
  uint64_t *cv;   /* hd_cue_value of it; 0 unless it begins with an ASCII letter (no list word does not) */
  uint64_t *key;  /* hd_cue_word_key of the lower-cased text (of "" when len is 0) */
  uint32_t *fh;   /* the feature value of its form (hd_fhash_str of the lower-cased word, "<Q", ">Q", "0" or "~long") */
} hd_cue_tokens;
void hd_cue_tokens_init(hd_cue_tokens *tk, const hd_article *a);
void hd_cue_tokens_free(hd_cue_tokens *tk);
/* Token i's lower-cased text, or NULL when too long (as hd_word_lower). */
static inline const char *hd_cue_tokens_lower(const hd_cue_tokens *tk, uint32_t i) {
  return tk->len[i] ? tk->low + tk->off[i] : NULL;
}

/* Hashed features of word token i of sentence [sb, se) into out
 * (HD_CUE_MAX_FEATS); returns how many. */
size_t hd_cue_features(const hd_article *a, const hd_cue_tokens *tk, uint32_t sb, uint32_t se, uint32_t i,
                       uint32_t *out);

float hd_cue_model_score(const hd_cue_model *m, const uint32_t *f, size_t n);

/* The cue-extension model: does token j of sentence [sb, se), after a
 * cue [kb, ke) (j >= ke: "said Friday", "complained about", "said:") or
 * before it (j < kb: "could not resist pointing out"), belong to the cue?
 * Features into out (HD_CUE_MAX_FEATS); returns how many. */
size_t hd_cue_ext_features(const hd_article *a, const hd_cue_tokens *tk, uint32_t sb, uint32_t se, uint32_t kb,
                           uint32_t ke, uint32_t j, uint32_t *out);
float hd_cue_ext_score(const hd_cue_model *m, const uint32_t *f, size_t n);
/* Has the model extension/boundary weights (not while training them)? */
int hd_cue_model_has_ext(const hd_cue_model *m);

/* The source-boundary model (scored with hd_cue_ext_score): is token j,
 * in or next to a source [b, e) found for the cue [kb, ke) in sentence
 * [sb, se), part of the source? */
size_t hd_cue_src_features(const hd_article *a, const hd_cue_tokens *tk, uint32_t sb, uint32_t se, uint32_t b,
                           uint32_t e, uint32_t kb, uint32_t j, uint32_t *out);
/* Takes over `ext`'s cue weights as m's extension weights; frees ext. */
void hd_cue_model_set_ext(hd_cue_model *m, hd_cue_model *ext);

/* The record-confidence model (attrib/confidence.c): a logistic
 * regression over hashed record features. Without its weights every
 * record scores 1. The minimum confidence is the default threshold below
 * which the stage drops a record (chosen on dev by the trainer). */
float hd_cue_conf_score(const hd_cue_model *m, const uint32_t *f, size_t n);
int hd_cue_model_has_conf(const hd_cue_model *m);
float hd_cue_model_min_confidence(const hd_cue_model *m);
void hd_cue_model_set_min_confidence(hd_cue_model *m, float t);
/* Takes ownership of w (1 << HD_CONF_BITS floats, from hd_conf_train). */
void hd_cue_model_set_conf(hd_cue_model *m, float *w);
/* Calibration folded into the confidence weights: every weight times a,
 * plus b on the bias feature's weight, so the score becomes
 * sigmoid(a * s + b) (Platt scaling) with no change to the file. */
void hd_cue_model_scale_conf(hd_cue_model *m, float a, float b, uint32_t bias_feature);
/* Trains the confidence weights on n records (features f[off[k] ..
 * off[k+1]), label y[k] = 1 when the content is a gold content);
 * deterministic. Returns malloc'd weights. */
float *hd_conf_train(const uint32_t *f, const size_t *off, const uint8_t *y, size_t n, int epochs);

/* Trains on n examples: features f[off[k] .. off[k+1]), label y[k]
 * (1 = cue token). Deterministic (fixed shuffle seed). */
hd_cue_model *hd_cue_train(const uint32_t *f, const size_t *off, const uint8_t *y, size_t n, unsigned bits,
                           int epochs);
#endif
