/*
 * lineage.h: wire lineage. For each article of a story that is a
 * near-copy or a rewrite of an earlier one, which paragraphs come from it
 * (unchanged or changed), which were added, and which of the source's
 * paragraphs were cut.
 *
 * Paragraphs are the non-blank lines of the cleaned text. Two paragraphs
 * are the same paragraph when they share at least half of the larger one's
 * distinct lower-cased words (both with 4 words or more): "copied" when
 * their word sequences are equal (punctuation and spacing aside),
 * "changed" otherwise. Each paragraph of the copy takes the most similar
 * unused paragraph of the source, in order. The source of an article is
 * the earlier article (story order: date, then id; undated last) among the
 * HD_LINEAGE_WINDOW before it, and the original it is a near-copy of,
 * that gives it the most paragraphs (then the most unchanged ones, then
 * the earliest). An article is a copy or rewrite when at least 2 of its
 * paragraphs, and at least a third of them, come from that source.
 *
 * Complexity: O(n x HD_LINEAGE_WINDOW) signature comparisons for n
 * articles; only a pair whose MinHash signatures share at least
 * HD_LINEAGE_MIN_SLOTS of 64 slots (estimated Jaccard of the word
 * shingles >= 0.05; independent articles share about none) is read, in
 * O(P^2 x W) for P paragraphs of W words (P capped at
 * HD_LINEAGE_MAX_PARAS, words per paragraph at 512), each article's text
 * parsed at most once: bounded per article whatever the story's size.
 * Without signatures every pair in the window is read.
 * Ownership: hd_lineage_story returns a malloc'd array the caller frees
 * with hd_lineage_free; the input texts are only read.
 */
#ifndef HD_LINEAGE_H
#define HD_LINEAGE_H

#include <stddef.h>
#include <stdint.h>

#include "corpus/fingerprint.h"

#define HD_LINEAGE_WINDOW 20
#define HD_LINEAGE_MAX_PARAS 200
#define HD_LINEAGE_MIN_SLOTS 3
#define HD_LINEAGE_MAX_ARTICLES 400 /* callers pass at most this many of a story's articles */

typedef struct {
  int64_t id;
  const char *text; /* the cleaned text; NULL reads as empty */
  int64_t dup_of;   /* the original it is a near-copy of, or -1 */
  const hd_minhash *minhash; /* its signature (fingerprint.h), or NULL */
} hd_lineage_article;

typedef enum { HD_PARA_COPIED, HD_PARA_CHANGED, HD_PARA_ADDED, HD_PARA_CUT } hd_para_status;

typedef struct {
  int para;        /* 1-based paragraph of the copy; 0 for a cut paragraph */
  int source_para; /* 1-based paragraph of the source; 0 for an added one */
  hd_para_status status;
  double sim; /* shared words over the larger paragraph's words (0 for added/cut) */
} hd_lineage_para;

typedef struct {
  int64_t article, source;
  int paragraphs, source_paragraphs; /* of the copy, of the source */
  int from_source;                   /* copied + changed */
  int changed, added, cut;
  hd_lineage_para *paras; /* the copy's paragraphs in order, then the cut ones */
  size_t n_paras;
} hd_lineage;

/* The lineage of the articles arts[0, n) of one story, given in story
 * order: one entry per article that copies or rewrites an earlier one, in
 * the order of arts. *out is NULL when there is none. */
size_t hd_lineage_story(const hd_lineage_article *arts, size_t n, hd_lineage **out);
/* The same for the articles i with want[i] set only (want NULL: all). An
 * article's lineage reads only the HD_LINEAGE_WINDOW articles before it
 * and its dup_of original, so only those need a text and signature
 * (hd_lineage_needs marks them). */
size_t hd_lineage_story_some(const hd_lineage_article *arts, size_t n, const uint8_t *want, hd_lineage **out);
/* need[j] = 1 for the articles (ids, dup_of in story order) that the
 * lineage of the wanted ones reads, themselves included. */
void hd_lineage_needs(const int64_t *ids, const int64_t *dup_of, size_t n, const uint8_t *want, uint8_t *need);
void hd_lineage_free(hd_lineage *l, size_t n);
/* "copied", "changed", "added", "cut". */
const char *hd_para_status_name(hd_para_status s);

#endif
