/*
 * cluster.h: incremental story clustering. Articles arrive one at a time
 * (in date order when dates exist); each is turned into a stemmed TF-IDF
 * vector (running document frequencies plus, when the story model holds
 * them, background ones counted from other news: `background`; title
 * words counted twice,
 * consecutive content-word pairs as extra terms) plus a weighted set of
 * entities, compared with the few stories that share its heaviest rare
 * terms or entities (an inverted index; posting lists are capped, oldest
 * dropped), and joins the best one whose score passes `threshold`, or
 * opens a new story. score = (1-entity_weight)*avglink(terms) +
 * entity_weight*avglink(entities), where avglink is the mean cosine to
 * the story's articles; times a time decay with a floor when both sides
 * have dates, minus dated_size_penalty*log(size), or minus
 * size_penalty*log(size) when undated. After a join, a
 * story that has drifted close to one of the other candidates is merged
 * into the older one (union-find). A new story whose best candidate
 * shares its entities strongly is linked to that candidate's thread
 * (long-running threads across months).
 *
 * Entities: the caller's canonical keys when the article has identities,
 * otherwise capitalised words that are not sentence-initial.
 *
 * The same core serves `herald ingest` (state saved per story and per
 * term in SQLite through the persistence calls below, and reloaded at
 * open) and `herald eval cluster` (in memory).
 *
 * Ownership: hd_clusterer_new/hd_clusterer_free; documents are borrowed
 * for the duration of hd_cluster_add. Complexity per article: O(words)
 * to vectorise, then O(P * T) to gather candidates (T query features,
 * P the posting cap) and O(C * (K + D)) to score C candidates with K
 * story terms and D doc terms: bounded, independent of corpus size.
 * Memory: O(stories * K + distinct terms).
 */
#ifndef HD_CLUSTER_H
#define HD_CLUSTER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/buf.h"

#define HD_NO_DAY INT64_MIN
#define HD_NO_STORY UINT32_MAX
#define HD_NEW_STORY (UINT32_MAX - 1) /* hd_cluster_add: open a new story whatever the scores */
#define HD_COUNT_ONLY (UINT32_MAX - 2) /* hd_cluster_add: a background article: counted in the document
                                        frequencies only (no story; not in the echo) */

typedef struct {
  double threshold;        /* least score to join a story (default 0.12) */
  double merge_threshold;  /* least story-story score to merge (default 0.25) */
  double thread_threshold; /* least entity cosine to link a thread (0.5) */
  double entity_weight;    /* share of entities in the score (0.05) */
  double proxy_weight;     /* the same for capitalised-word proxies (0) */
  double decay_days;       /* time constant of the decay (30) */
  double decay_grace;      /* days with no decay (3) */
  double decay_floor;      /* least decay factor (0.6) */
  double size_penalty;     /* undated: score minus this * log(size) (0.055) */
  double dated_size_penalty; /* dated: score minus this * log(size) (0.03): the
                                decay alone lets a story snowball within its
                                grace days */
  double bigram_weight;    /* weight of word pairs as terms (0.5; 0 = none) */
  double title_weight;     /* a title word counts this many times (2) */
  double lead_weight;      /* a word of the lead counts this many times (1.15) */
  int lead_sentences;      /* sentences in the lead (1) */
  double specific_weight;  /* capitalised words and numbers count this many times (1) */
  double cohesion_full;    /* undated: no size penalty for a story this cohesive (0 = off) */
  const char *word_clusters; /* "word TAB bits" file (data/clusters.txt) or NULL */
  /* The dense channel (measured, not kept: docs/cluster.md, session 6):
   * word vectors (embed.h, `herald train vectors`) give each article the
   * tf-idf weighted sum of its terms' vectors and each story the sum of
   * its members'; the hand score gains dense_weight * (cosine to the
   * story's centroid - dense_pivot). `herald eval cluster --vectors`
   * only: ingest passes none and the saved story state holds no dense
   * sums. */
  const char *vectors;     /* word vectors file, or NULL (no dense channel) */
  double dense_weight, dense_pivot; /* (0, 0.85) */
  double word_cluster_weight; /* a word's class counts this much (0 = none) */
  int word_cluster_bits;   /* class = this many leading bits (8) */
  double idf_power;        /* term weight (1 + log tf) * idf^this (1) */
  double title_channel;    /* score += this * mean title cosine when both have titles (0) */
  double number_weight;    /* score += this * (number cosine - number_pivot) when both mention numbers (0) */
  double month_weight;     /* the same for the months and years mentioned (0) */
  double number_pivot;     /* (0.2) */
  double month_veto;       /* the join score minus this when both mention months or years and share none (0);
                            * not in thread links, so a thread's next chapter still links */
  double number_veto;      /* the same for numbers (0) */
  double title_clash_veto; /* the join margin minus this when the article's title and the story's state
                            * figures or dates (numbers, months, years) and share none; when > 0, two
                            * stories whose titles name different months or years do not merge (0.15) */
  double title_month_veto; /* the join margin minus this too when both titles name months (month names, not
                            * years) and share none: the June jobs report against October's (1: a veto) */
  double hand_join;        /* with a model, when no candidate reaches its threshold: join the best hand-scored one
                            * if its hand score reaches this (0.18; 0 = off) */
  /* The learned join decision (story_model.h; borrowed): candidates are
   * ranked by its probability and the best joined when it reaches
   * model_threshold (< 0: the model's own). NULL: the hand score above. */
  const struct hd_story_model *model;
  double model_threshold;
  /* Background document frequencies (a model's, hd_story_model_bg_df;
   * borrowed; NULL: none): the idf counts them with the stream's, so that
   * a term is weighed by how common it is in news at large and not only
   * in the stream so far (a large event's own words stay heavy). NULL:
   * the model's, if any. */
  const struct hd_story_model *background;
  /* Called with each scored candidate's model features (training). */
  void (*on_pair)(void *ud, uint32_t story, const double *x);
  void *pair_ud;
  FILE *feature_log;       /* pair features and decisions are written here (NULL) */
  int numbers;             /* numbers are terms (1) */
  int max_terms;           /* no new word pairs past this many terms (4M) */
  int doc_terms;           /* heaviest terms kept per article (100) */
  int story_terms;         /* heaviest terms kept per story (600: a sum pruned
                              harder lowers big stories' average link) */
  int query_terms;         /* terms looked up in the index (32) */
  double query_max_df;     /* ... only terms in at most this share of docs (0.02) */
  int max_candidates;      /* stories scored per article (48; at most 64) */
  int posting_cap;         /* stories kept per posting list (64) */
} hd_cluster_options;

void hd_cluster_defaults(hd_cluster_options *o);

typedef struct {
  const char *key;  /* canonical key, e.g. "per:kerry_john" */
  const char *name; /* display name */
} hd_cluster_entity;

typedef struct {
  const char *title; /* or NULL */
  const char *text;
  size_t text_len;
  int64_t day; /* days since 1970-01-01, or HD_NO_DAY */
  const hd_cluster_entity *entities; /* NULL/0: capitalised words instead */
  size_t n_entities;
} hd_cluster_doc;

typedef struct {
  uint32_t story;  /* the story joined or opened */
  uint32_t thread; /* its thread (a story id) */
  int opened;      /* 1: a new story */
  double score;    /* the winning score (0 if opened) */
  uint32_t merged[8]; /* stories merged into `story` by this article */
  int n_merged;
} hd_cluster_result;

typedef struct hd_clusterer hd_clusterer;

hd_clusterer *hd_clusterer_new(const hd_cluster_options *o);
void hd_clusterer_free(hd_clusterer *c);

/* Adds one article. `join` forces a story (e.g. that of the original of
 * a near-duplicate), or HD_NO_STORY to let the clusterer decide. */
void hd_cluster_add(hd_clusterer *c, const hd_cluster_doc *d, uint32_t join, hd_cluster_result *r);
/* The same, with the title's and the text's words tokenised ahead
 * (cluster_words.h; either may be NULL): the same result. */
struct hd_cluster_words;
void hd_cluster_add_read(hd_clusterer *c, const hd_cluster_doc *d, const struct hd_cluster_words *title_words,
                         const struct hd_cluster_words *text_words, uint32_t join, hd_cluster_result *r);

/* The surviving story of s (after merges). */
uint32_t hd_cluster_find(hd_clusterer *c, uint32_t s);
size_t hd_cluster_n_stories(const hd_clusterer *c);
uint32_t hd_cluster_story_size(const hd_clusterer *c, uint32_t s);
uint32_t hd_cluster_story_thread(hd_clusterer *c, uint32_t s);
/* Its first and last day (HD_NO_DAY if undated); returns its size. */
uint32_t hd_cluster_story_days(const hd_clusterer *c, uint32_t s, int64_t *first, int64_t *last);
/* A label: up to 3 entities then up to 4 terms (surface forms). */
void hd_cluster_label(const hd_clusterer *c, uint32_t s, hd_buf *out);

/* ---- persistence (used by store.c) ----
 * Terms (stems and "@entity" keys) have dense ids 0..n-1; a store saves
 * those changed since the last hd_cluster_take_dirty (df or posting list)
 * and the state of each dirty story, then reloads them in id order at
 * open: the reloaded clusterer is the one in memory at the last commit. */
size_t hd_cluster_n_terms(const hd_clusterer *c);
const char *hd_cluster_term(const hd_clusterer *c, uint32_t id, const char **surface, uint32_t *df);
void hd_cluster_load_term(hd_clusterer *c, uint32_t id, const char *term, const char *surface, uint32_t df);
/* Sets a loaded term's df (a store keeps dfs apart from the terms' text). */
void hd_cluster_load_df(hd_clusterer *c, uint32_t id, uint32_t df);
uint64_t hd_cluster_n_docs(const hd_clusterer *c);
void hd_cluster_set_n_docs(hd_clusterer *c, uint64_t n);
/* A term's posting list (stories, oldest first), saved with the term so
 * that a reopened clusterer is exactly the one in memory. With exact
 * posts set before loading, hd_cluster_load_posts restores each list and
 * hd_cluster_load_story no longer rebuilds them from the stories' terms
 * (the fallback for stores written before lists were saved, which only
 * approximates the lists). hd_cluster_check_loaded: -1 if a loaded list or
 * story names a story that does not exist. */
const uint32_t *hd_cluster_term_posts(const hd_clusterer *c, uint32_t id, uint32_t *n);
void hd_cluster_set_exact_posts(hd_clusterer *c, int exact);
int hd_cluster_load_posts(hd_clusterer *c, uint32_t id, const void *p, size_t n);
int hd_cluster_check_loaded(const hd_clusterer *c);
/* Story state as bytes (appended to out) and back; load in id order. */
void hd_cluster_story_state(const hd_clusterer *c, uint32_t s, hd_buf *out);
int hd_cluster_load_story(hd_clusterer *c, uint32_t s, const void *p, size_t n);
/* Moves the ids of terms/stories changed since the last call into the
 * caller's arrays (malloc'd; the caller frees them). */
void hd_cluster_take_dirty(hd_clusterer *c, uint32_t **terms, size_t *n_terms, uint32_t **stories, size_t *n_stories);

/* Writes the document frequencies counted from background articles
 * (hd_cluster_add with HD_COUNT_ONLY) as "background N" and "df COUNT
 * HASH" lines (HASH: hd_story_model_term_hash as 16 hex digits, so no
 * background word is written), terms in id order, those in at least
 * min_df articles. */
void hd_cluster_write_background(const hd_clusterer *c, hd_buf *out, uint32_t min_df);

/* "YYYY-MM-DD..." or "DD-MON-YYYY..." -> days since epoch, or HD_NO_DAY. */
int64_t hd_parse_day(const char *date);

#endif
