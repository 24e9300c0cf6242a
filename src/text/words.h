/*
 * words.h: a small word iterator for the corpus-wide stages (fingerprint,
 * cluster). It does not need segment's tokens, so the same code serves
 * `herald ingest` and `herald eval cluster` on raw text.
 *
 * A word is a maximal run of letters and digits (any script; inner ' and
 * a single inner . or - are kept, so "U.S." and "al-Assad" stay whole).
 * Each word is returned lower-cased (Unicode simple case folding via
 * utf8proc) in the iterator's own buffer, truncated to HD_WORD_MAX bytes.
 * `capital` says the word began with an upper-case letter and is not the
 * first word of a sentence (a cheap proper-noun signal).
 *
 * Ownership: the iterator borrows `text`; the returned word points into
 * the iterator and is valid until the next call. Complexity: O(bytes).
 */
#ifndef HD_WORDS_H
#define HD_WORDS_H

#include <stddef.h>

#define HD_WORD_MAX 63

typedef struct {
  const char *text;
  size_t len, pos;
  int sentence_start; /* the next word starts a sentence */
  char buf[HD_WORD_MAX + 5];
  char surface[HD_WORD_MAX + 5]; /* the word as written (truncated) */
} hd_words;

typedef struct {
  const char *w; /* lower-cased, NUL-terminated */
  size_t len;
  const char *surface; /* as written, NUL-terminated */
  size_t start, end;   /* byte offsets of the word in text */
  int capital;         /* upper-case initial, not sentence-initial */
  int upper_initial;   /* upper-case initial */
  int sentence_initial;
} hd_word;

void hd_words_init(hd_words *it, const char *text, size_t len);
/* Returns 1 and fills *w, or 0 at the end. */
int hd_words_next(hd_words *it, hd_word *w);

/* English function words (a short fixed list); `w` lower-cased. */
int hd_is_stopword(const char *w, size_t len);

#endif
