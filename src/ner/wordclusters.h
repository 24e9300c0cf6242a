/*
 * wordclusters.h: learns hierarchical word clusters from unlabelled text
 * for the NER tagger's cluster-prefix features (Brown et al. 1992 in
 * spirit). Divisive exchange clustering: starting from one class, every
 * level splits each class in two and runs exchange passes (Kneser & Ney
 * 1993, Martin et al. 1998) that move each word to whichever class of that
 * level (among the 128 that share its ancestor 7 levels up) maximises the
 * class-bigram likelihood
 *   sum N(c1,c2) log N(c1,c2) - sum N(c,.) log N(c,.) - sum N(.,c) log N(.,c).
 * That fixes a word's upper bits early, when classes are few and coarse,
 * so only the leaves are kept: the tree above them is rebuilt bottom-up in
 * rounds that merge the most similar pairs of clusters (cosine of their
 * context distributions), a balanced binary tree of depth `levels`. A
 * word's bit string is its path in that tree; prefixes are coarser
 * clusters, as with Brown clusters.
 *
 * Ownership: hd_wc owns everything; words are copied in.
 * Complexity: O(levels * passes * 128 * distinct bigrams) for the leaves,
 * O(K^3) for the tree over K = 2^levels leaves; O(bigrams + K^2) memory.
 */
#ifndef HD_WORDCLUSTERS_H
#define HD_WORDCLUSTERS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct hd_wc hd_wc;

hd_wc *hd_wc_new(void);
void hd_wc_free(hd_wc *wc);
/* Adds one token to the stream (len 0 = a document/sentence boundary). */
void hd_wc_add_token(hd_wc *wc, const char *s, size_t len);
/* Tokenises plain text (words, numbers, punctuation split off) and adds it,
 * followed by a boundary. */
void hd_wc_add_text(hd_wc *wc, const char *text, size_t len);
/* Clusters the words seen at least min_count times (at most max_words)
 * into 2^levels leaves. Progress goes to `log` when not NULL. */
void hd_wc_learn(hd_wc *wc, uint32_t min_count, uint32_t max_words, uint32_t levels,
                 uint32_t passes, FILE *log);
/* Writes "word TAB bits TAB count" lines. Returns 0 or -1. */
int hd_wc_write(const hd_wc *wc, FILE *out);
size_t hd_wc_tokens(const hd_wc *wc);

#endif
