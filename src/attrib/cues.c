/*
 * cues.c: the word lists behind cues.h. The lists themselves are
 * data/lexicons/attrib_*.txt (compiled into sorted const tables by
 * tools/gen_lexicons.c, util/lexicon.h); the hand-written ones are general
 * English reporting vocabulary, the learned ones words and counts from
 * PolNeAR train. Every word of every list joins one hash set, built once
 * (pthread_once), so that most lookups are one probe.
 */
#include "attrib/cues.h"

#include "util/lexicon.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The hand-written lists (data/lexicons/attrib_*.txt), by hd_wordlist. */
static const hd_lex_id LISTS[HD_WL_COUNT] = {
    HD_LEX_ATTRIB_AUX_ADV, HD_LEX_ATTRIB_CLAUSE,   HD_LEX_ATTRIB_PREP,      HD_LEX_ATTRIB_TIME,
    HD_LEX_ATTRIB_PRON_SUBJ, HD_LEX_ATTRIB_PRON_OBJ, HD_LEX_ATTRIB_ROLE,    HD_LEX_ATTRIB_ORG_HEAD,
    HD_LEX_ATTRIB_DETERMINER, HD_LEX_ATTRIB_TITLE,
};

size_t hd_word_lower(const char *w, size_t n, char *out, size_t cap) {
  if (n + 1 > cap) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = w[i];
    out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
  }
  out[n] = 0;
  return n;
}

/* The learned lexicon (data/lexicons/attrib_learned_cues.txt): words
 * that head PolNeAR training cues; column 1 how often they did, column 2
 * how often they occur (tools/gen_cue_lexicon.py). */
#define LEARNED_CUES 1
#define LEARNED_OCCURRENCES 2

/* A learned word counts as a cue when at least this share of its
 * training occurrences were cues (tuned on train). */
#define LEARNED_MIN_RATE 0.30
/* Below that and down to this share, a weak cue (HD_CUE_WEAK). */
#define LEARNED_WEAK_RATE 0.10

/* Learned "verb particle" cues (data/lexicons/attrib_learned_bigrams.txt:
 * verb, particle, counts; tools/gen_cue_lexicon.py). */
static int cue_flags(const char *lower, int *first_of_bigram);

int hd_cue_bigram(const char *w1, const char *w2) {
  int first = 0;
  cue_flags(w1, &first);
  if (!first) return 0;
  size_t n;
  const hd_lex_row *rows = hd_lex_rows(HD_LEX_ATTRIB_LEARNED_BIGRAMS, &n);
  long i = hd_lex_find(HD_LEX_ATTRIB_LEARNED_BIGRAMS, w1, strlen(w1));
  if (i < 0) return 0;
  for (size_t j = (size_t)i; j < n && !strcmp(rows[j].col[0], w1); j++)
    if (!strcmp(rows[j].col[1], w2)) return 1;
  return 0;
}

/* ---- a hash set over every cue word, built once ----
 * Most words are no cue: one hash probe answers them instead of binary
 * searches through three tables. */

#define CUE_SLOTS 8192 /* power of two, > 4 x the words in the tables */

typedef struct {
  const char *word;
  uint32_t hash; /* word_hash(word): compared before the strings */
  int cls;
  int first_of_bigram;
  uint32_t lists; /* bit l: the word is in word list l */
} cue_slot;

static cue_slot CUE_SET[CUE_SLOTS];
static pthread_once_t cue_set_once = PTHREAD_ONCE_INIT;

static uint32_t word_hash(const char *w) {
  uint32_t h = 2166136261u;
  for (; *w; w++) h = (h ^ (unsigned char)*w) * 16777619u;
  return h;
}

/* The slot holding w, or the empty slot where it would go (its hash is
 * filled in, so that an insert only has to set the word). */
static cue_slot *cue_slot_for(const char *w) {
  uint32_t h = word_hash(w), i = h & (CUE_SLOTS - 1);
  while (CUE_SET[i].word && (CUE_SET[i].hash != h || strcmp(CUE_SET[i].word, w))) i = (i + 1) & (CUE_SLOTS - 1);
  return &CUE_SET[i];
}

static cue_slot *cue_slot_insert(const char *w) {
  cue_slot *s = cue_slot_for(w);
  if (!s->word) {
    s->word = w;
    s->hash = word_hash(w);
  }
  return s;
}

static int cue_class_slow(const char *lower);

static void insert_list(hd_lex_id id) {
  size_t n;
  const char *const *w = hd_lex_sorted(id, &n);
  for (size_t i = 0; i < n; i++) cue_slot_insert(w[i]);
}

static void build_cue_set(void) {
  insert_list(HD_LEX_ATTRIB_CUE_SPEECH);
  insert_list(HD_LEX_ATTRIB_CUE_BELIEF);
  insert_list(HD_LEX_ATTRIB_LEARNED_CUES);
  size_t n;
  const char *const *w = hd_lex_sorted(HD_LEX_ATTRIB_LEARNED_BIGRAMS, &n);
  for (size_t i = 0; i < n; i++) cue_slot_insert(w[i])->first_of_bigram = 1;
  for (size_t i = 0; i < CUE_SLOTS; i++)
    if (CUE_SET[i].word) CUE_SET[i].cls = cue_class_slow(CUE_SET[i].word);
  for (int l = 0; l < HD_WL_COUNT; l++) { /* list words join the same set */
    w = hd_lex_sorted(LISTS[l], &n);
    for (size_t i = 0; i < n; i++) cue_slot_insert(w[i])->lists |= 1u << l; /* cls stays 0 unless a cue */
  }
}

static int cue_flags(const char *lower, int *first_of_bigram) {
  pthread_once(&cue_set_once, build_cue_set);
  const cue_slot *s = cue_slot_for(lower);
  if (first_of_bigram) *first_of_bigram = s->word ? s->first_of_bigram : 0;
  return s->word ? s->cls : 0;
}

int hd_cue_class(const char *lower) { return cue_flags(lower, NULL); }

static int cue_class_slow(const char *lower) {
  size_t len = strlen(lower);
  int cls = 0;
  if (hd_lex_has(HD_LEX_ATTRIB_CUE_SPEECH, lower, len)) cls |= HD_CUE_SPEECH;
  if (hd_lex_has(HD_LEX_ATTRIB_CUE_BELIEF, lower, len)) cls |= HD_CUE_BELIEF;
  if (hd_lex_has(HD_LEX_ATTRIB_CUE_HEARER, lower, len)) cls |= HD_CUE_OBJECT;
  if (cls) return cls;
  long i = hd_lex_find(HD_LEX_ATTRIB_LEARNED_CUES, lower, len);
  if (i < 0) return 0;
  size_t n;
  const hd_lex_row *l = &hd_lex_rows(HD_LEX_ATTRIB_LEARNED_CUES, &n)[i];
  long cues = l->num[LEARNED_CUES], occurrences = l->num[LEARNED_OCCURRENCES];
  if (cues >= LEARNED_MIN_RATE * occurrences) return HD_CUE_SPEECH | HD_CUE_LEARNED;
  return cues >= LEARNED_WEAK_RATE * occurrences ? HD_CUE_SPEECH | HD_CUE_WEAK | HD_CUE_LEARNED : 0;
}

uint32_t hd_wordlist_mask(const char *lower) {
  pthread_once(&cue_set_once, build_cue_set);
  const cue_slot *s = cue_slot_for(lower);
  return s->word ? s->lists : 0;
}

int hd_in_wordlist(hd_wordlist list, const char *lower) {
  if ((int)list < 0 || list >= HD_WL_COUNT) return 0;
  return (hd_wordlist_mask(lower) >> list) & 1;
}
