/*
 * corpus.h: the corpus-wide step for one annotated article: fingerprint
 * (MinHash), near-duplicate lookup (LSH over the originals seen so far)
 * and story clustering, in that order, as one function shared by
 * `herald ingest` (src/store/store.c) and `herald eval cluster`
 * (src/eval/eval_cluster.c), so what is evaluated is what users run.
 *
 * A near-duplicate joins the story of the original it copies: the index
 * keeps each original's story beside it (hd_corpus_index, and whoever
 * loads the index: hd_lsh_add_tag); for an original indexed without one,
 * the caller's story_of callback is asked (the store asks its database,
 * eval keeps an array). Any story the original was ever in will do: the
 * clusterer follows merges. Otherwise the clusterer decides. The clusterer
 * sees the cleaned text, the cleaned title and the article's entities
 * (one per mention, keyed by identity; hd_corpus_entities), or, for an
 * article with no mentions, capitalised words.
 *
 * Ownership: hd_corpus_new/hd_corpus_free; the corpus owns its LSH index
 * and clusterer (reached through hd_corpus_lsh/_clusterer to load and
 * save their state). hd_corpus_add reads the article and keeps nothing
 * of it but the index entries and cluster statistics.
 * Complexity: signing O(words * HD_MH_PERMS), the LSH query and the
 * clusterer's candidate scoring as in fingerprint.h and cluster.h.
 * Not thread-safe: one corpus is one ordered stream.
 */
#ifndef HD_CORPUS_H
#define HD_CORPUS_H

#include "corpus/cluster.h"
#include "corpus/fingerprint.h"
#include "text/article.h"

/* The story (clusterer id) of the article indexed under `id`, or
 * HD_NO_STORY. */
typedef uint32_t (*hd_story_of_fn)(void *ud, int64_t id);

typedef struct {
  hd_minhash sig;   /* the article's signature (n_shingles 0: too short) */
  int64_t dup_of;   /* the original it copies (caller's id), or 0 */
  double dup_sim;   /* estimated Jaccard similarity to it */
  int64_t day;      /* from the date metadata, or HD_NO_DAY */
  hd_cluster_result story; /* the story joined or opened */
} hd_corpus_result;

typedef struct hd_corpus hd_corpus;

/* dedup 0: no near-duplicate lookup (every article is clustered on its own). */
hd_corpus *hd_corpus_new(const hd_fp_options *fp, const hd_cluster_options *co, int dedup,
                         hd_story_of_fn story_of, void *ud);
void hd_corpus_free(hd_corpus *c);
hd_lsh *hd_corpus_lsh(hd_corpus *c);
hd_clusterer *hd_corpus_clusterer(hd_corpus *c);

/* The corpus step's part that reads the article alone (its MinHash
 * signature, into a->minhash, in the article's arena): pure, so it may
 * run on any thread while the corpus adds other articles; hd_corpus_add
 * then uses it instead of signing again. `fp` must be the corpus's. */
void hd_corpus_prepare(const hd_fp_options *fp, hd_article *a);

/* The corpus step for one article (annotated, or only read: then its raw
 * text, its given title and capitalised words are used). Fills *r. The
 * caller stores the article, then calls hd_corpus_index with its id. */
void hd_corpus_add(hd_corpus *c, const hd_article *a, hd_corpus_result *r);
/* The same, with the story forced: `join` a story id, or HD_NEW_STORY
 * (training on gold stories); no near-duplicate lookup decides. */
void hd_corpus_add_to(hd_corpus *c, const hd_article *a, uint32_t join, hd_corpus_result *r);

/* Indexes the article of `r` under `id` (non-zero) when it is an
 * original, so later copies find it. */
void hd_corpus_index(hd_corpus *c, int64_t id, const hd_corpus_result *r);

/* The entities the clusterer sees: one entry per mention, keyed by its
 * identity's canonical key, else by the canonical key of its text
 * (hd_canonical_key). Strings are owned by `e` (hd_doc_entities_free). */
typedef struct {
  hd_cluster_entity *v;
  size_t n;
  char *pool;
} hd_doc_entities;
void hd_doc_entities_of(const hd_article *a, hd_doc_entities *e);
void hd_doc_entities_free(hd_doc_entities *e);

#endif
