/*
 * cluster_words.h: a text's words as the clusterer reads them
 * (hd_words_next: lower-cased form, surface, offsets, capitalisation),
 * tokenised ahead of the corpus-wide step, on an annotating thread
 * (hd_corpus_prepare), so the one sequential thread only looks them up.
 * hd_cluster_add_read (cluster.h) reads the list exactly as it would read
 * the text, so stories are the same with or without it.
 *
 * Ownership: one block from the caller's allocator (the article's arena),
 * freed with it; the words point into the block.
 * Complexity: O(text); about 60 bytes per word, hence the length bound.
 */
#ifndef HD_CORPUS_CLUSTER_WORDS_H
#define HD_CORPUS_CLUSTER_WORDS_H

#include <stddef.h>

#include "text/words.h"

typedef struct hd_cluster_words {
  size_t n;
  const hd_word *w;
} hd_cluster_words;

/* Texts longer than this are tokenised by the clusterer itself (the list
 * would cost ~10x the text in memory per article in flight). */
#define HD_CLUSTER_WORDS_MAX_TEXT ((size_t)1 << 20)

/* The words of text[0..len), in one block from alloc(ud, bytes); NULL when
 * len is past HD_CLUSTER_WORDS_MAX_TEXT or alloc fails. */
hd_cluster_words *hd_cluster_words_of(const char *text, size_t len, void *(*alloc)(void *ud, size_t n), void *ud);

#endif
