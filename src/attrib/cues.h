/*
 * cues.h: the word lists the attribution and resolution stages consult:
 * reporting verbs (cues), the words that may sit between a source and its
 * cue (auxiliaries, adverbs), clause boundaries, pronouns, role nouns
 * (anonymous sources) and organisation head nouns. Static, read-only,
 * lookups by binary search on lower-cased words: O(log n) each, no
 * allocation.
 */
#ifndef HD_CUES_H
#define HD_CUES_H

#include <stdint.h>
#include <stddef.h>

/* Cue verb classes (bit set). */
enum {
  HD_CUE_SPEECH = 1, /* said, told, argued, ... */
  HD_CUE_BELIEF = 2, /* believes, thinks, hopes, ... */
  HD_CUE_OBJECT = 4, /* takes a hearer before its content: told X that */
  HD_CUE_WEAK = 8,   /* learned, rarely a cue: only in unambiguous frames */
  HD_CUE_LEARNED = 16 /* from the learned tables, not the hand-written list */
};

typedef enum {
  HD_WL_AUX_ADV,    /* has, had, also, repeatedly: between source and cue */
  HD_WL_CLAUSE,     /* that, which, and, but, because: ends an NP leftwards */
  HD_WL_PREP,       /* in, on, to, from, with: cannot start a source NP */
  HD_WL_TIME,       /* on, last, yesterday, Monday: time phrases after a cue */
  HD_WL_PRON_SUBJ,  /* he, she, they, it, we, I, you, who */
  HD_WL_PRON_OBJ,   /* me, us, him, her, them, reporters */
  HD_WL_ROLE,       /* official, spokesman, aide, source, diplomat */
  HD_WL_ORG_HEAD,   /* administration, department, ministry, campaign */
  HD_WL_DETERMINER, /* the, a, an, one, two, several, some, many */
  HD_WL_TITLE,      /* secretary, president, minister, senator, mr */
  HD_WL_COUNT
} hd_wordlist;

/* Lower-cases `w` (ASCII) into `out` (size >= 32); returns 0 if too long. */
size_t hd_word_lower(const char *w, size_t n, char *out, size_t cap);

/* Is a lower-case word a form of "be" (is, are, was, were, be, been,
 * being)? Before a participle it makes a passive. */
int hd_be_word(const char *lower);

/* Cue class bits of a lower-case word, 0 if not a cue. */
int hd_cue_class(const char *lower);

/* Is "w1 w2" a learned two-word cue ("called for", "pointed out")? */
int hd_cue_bigram(const char *w1, const char *w2);

/* Where PolNeAR train puts a cue's right edge between the lower-case word
 * w1 and the preposition or particle w2 right after it
 * (data/lexicons/attrib_cue_edges.txt): +1 when gold cues ending in w1
 * take w2 in at least 80% of at least 5 cases ("called for": the verb's
 * own particle), -1 when they leave it out in at least 80% ("said in": an
 * adjunct), 0 otherwise or unseen. Binary search, no allocation. */
int hd_cue_edge(const char *w1, const char *w2);

/* Everything the lists say about a lower-case word, in one hash probe:
 * its cue class (HD_CUE_VALUE_CLASS), whether it opens a learned two-word
 * cue (HD_CUE_VALUE_BIGRAM) and the word lists it is in
 * (HD_CUE_VALUE_LISTS, bits 1 << hd_wordlist). Callers that ask about one
 * token many times keep this value per token. */
#define HD_CUE_VALUE_CLASS(v) ((int)((v) & 0xFFFF))
#define HD_CUE_VALUE_BIGRAM (1ull << 16)
#define HD_CUE_VALUE_LISTS(v) ((uint32_t)((v) >> 32))
uint64_t hd_cue_value(const char *lower);
/* The same for lower[0, n) whose XXH3_64bits (hd_cue_word_key) is hash. */
uint64_t hd_cue_value_hashed(const char *lower, size_t n, uint64_t hash);

/* Is the lower-case word in the list? */
int hd_in_wordlist(hd_wordlist list, const char *lower);
/* Every list the (lower-cased) word is in, as bits 1 << hd_wordlist. */
uint32_t hd_wordlist_mask(const char *lower);

#endif
