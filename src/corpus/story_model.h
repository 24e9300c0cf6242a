/*
 * story_model.h: the learned join decision of the story clusterer
 * (cluster.c). For an incoming article and one candidate story, a
 * logistic model turns HD_SM_FEATURES per-channel similarities (body
 * terms, title terms, entities through the cross-article identities,
 * numbers and months mentioned, time gap, story size) into the
 * probability that the article belongs to the story; the clusterer ranks
 * its candidates by it and joins the best when it reaches the model's
 * threshold, else opens a new story.
 *
 * The model is a text file (models/stories-en.txt, written by
 * `herald train stories`): loaded as untrusted input (every line and
 * number checked; feature names must match this build's, in order). It
 * also holds the background document frequencies it was trained with
 * (the clusterer's idf prior; hd_story_model_bg_df), about 20,000
 * terms, each stored as its 64-bit hash (hd_story_model_term_hash), not
 * as text, so the file holds counts and hashes, none of the background's
 * words: O(terms) to load, O(1) to look one up.
 * Training (hd_story_model_fit): L2-regularised logistic regression on
 * standardised features by Newton's method, a fixed number of steps in a
 * fixed order: the same data give the same bytes.
 *
 * Ownership: hd_story_model_load/hd_story_model_free; a model is
 * read-only once loaded and may be shared between threads.
 * Complexity: O(HD_SM_FEATURES) per scored pair; fitting
 * O(iterations * (n * F^2 + F^3)).
 */
#ifndef HD_STORY_MODEL_H
#define HD_STORY_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "herald.h"

enum {
  HD_SM_CT,        /* average-link cosine of the term vectors */
  HD_SM_CE,        /* the same over entities (identities) */
  HD_SM_TITLE,     /* mean title cosine to the story's titled members */
  HD_SM_BI,        /* the part of ct from word pairs */
  HD_SM_RARE,      /* the part of ct from rare terms */
  HD_SM_NUM,       /* cosine of the numbers mentioned (doc vs story) */
  HD_SM_HAS_NUM,   /* both sides mention numbers */
  HD_SM_MONTH,     /* cosine of the months and years mentioned */
  HD_SM_HAS_MONTH, /* both sides mention months or years */
  HD_SM_LOGN,      /* ln(story size) */
  HD_SM_GAP,       /* ct minus the best ct among the article's candidates */
  HD_SM_DT,        /* ln(1 + days between the article and the story) */
  HD_SM_DATED,     /* both sides have dates */
  HD_SM_CT_LOGN,   /* ct * ln(size) */
  HD_SM_HAS_ENTS,  /* both sides have entities */
  HD_SM_TOP,       /* the candidate with the best ct */
  /* scale-free features: each candidate against the article's pool of
   * candidates and against its own story's cohesion, so that the same
   * weights fit streams of three-article stories and of 20-article events */
  HD_SM_MARGIN,    /* ct minus the best ct among the other candidates */
  HD_SM_CT_REL,    /* ct over the best ct among the candidates */
  HD_SM_CE_GAP,    /* ce minus the best ce among the candidates */
  HD_SM_TITLE_GAP, /* title minus the best title cosine among the candidates */
  HD_SM_COH,       /* the story's cohesion: mean cosine between two members (0 for one) */
  HD_SM_FIT,       /* ct over the cohesion, at most 3 (0 for one member) */
  HD_SM_MULTI,     /* the story has more than one member */
  /* size interactions: the same size means "full" in a stream of
   * three-article stories and nothing in one of 20-article events; what
   * tells them apart is how well the article fits a large story */
  HD_SM_LOGN_MARGIN, /* ln(size) * margin */
  HD_SM_LOGN_FIT,    /* ln(size) * (fit - 1) */
  HD_SM_LOGN_CE_GAP, /* ln(size) * ce_gap */
  /* a size prior from the stream: how many earlier articles share the
   * article's rare terms (running document frequencies, independent of
   * the clusterer's decisions) */
  HD_SM_ECHO,      /* ln(1 + echo) */
  HD_SM_LOGN_ECHO, /* ln(size) - ln(1 + echo): the story is larger than the article's echo */
  HD_SM_FEATURES
};

extern const char *const HD_SM_NAMES[HD_SM_FEATURES];

typedef struct hd_story_model {
  double mean[HD_SM_FEATURES], scale[HD_SM_FEATURES]; /* standardisation */
  double bias, w[HD_SM_FEATURES];
  double threshold; /* least probability to join */
  /* Background document frequencies (the clusterer's idf prior; none
   * when bg_docs is 0): how many of bg_docs background articles hold
   * each term (stem, word pair, "@entity"), for terms in at least a few.
   * The model was trained with them, so the two travel in one file
   * ("background N" and "df COUNT HASH" lines). Open addressing on the
   * term's 64-bit hash; bg_text keeps the lines for hd_story_model_save. */
  uint64_t bg_docs;
  uint64_t *bg_hash; /* 0 = empty slot */
  uint32_t *bg_df;
  size_t bg_mask, bg_n;
  char *bg_text;
  size_t bg_len;
} hd_story_model;

hd_story_model *hd_story_model_load(const char *path, hd_err *err);
/* The model ingest and eval use: `path` must load when given; else the
 * default file (models/stories-en.txt, hd_model_path), and when that is
 * missing NULL with *missing set (the hand score is used, with a
 * warning from the caller). */
hd_story_model *hd_story_model_open(const char *path, int *missing, hd_err *err);
void hd_story_model_free(hd_story_model *m);
/* Writes the model as text; `comment` (one line, or NULL) is kept as a
 * "#" line. Returns 0, or -1 if the file cannot be written. */
int hd_story_model_save(const hd_story_model *m, const char *path, const char *comment);
/* The background document frequency of a term (0 if absent or none). */
uint32_t hd_story_model_bg_df(const hd_story_model *m, const char *term, size_t n);
/* A background term's key: XXH3-64 of its bytes (0 becomes 1, which
 * marks no empty slot). The "df" lines hold it as 16 hex digits. */
uint64_t hd_story_model_term_hash(const char *term, size_t n);
/* Replaces m's background by the "background N" / "df COUNT HASH" lines
 * of text (as hd_cluster_write_background writes them). Returns 0, or -1
 * with *why set if a line is malformed. O(lines). */
int hd_story_model_set_background(hd_story_model *m, const char *text, size_t len, const char **why, long *lineno);
/* P(article belongs to story) for one feature vector. */
double hd_story_model_prob(const hd_story_model *m, const double *x);

/* Fits m (threshold left at 0.5) on n rows of HD_SM_FEATURES features
 * (row-major) with labels y (0/1); `weight` (or NULL) weighs each row.
 * Returns 0, or -1 if there is nothing to fit. */
int hd_story_model_fit(hd_story_model *m, const double *x, const uint8_t *y, const double *weight, size_t n,
                       double l2);

#endif
