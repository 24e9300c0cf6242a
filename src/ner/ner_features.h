/*
 * ner_features.h: feature extraction for the named-entity tagger.
 *
 * The core works on a document given as an array of token strings plus
 * sentence boundaries (hd_ner_doc), so CoNLL files and herald articles
 * feed it alike. For every token it computes, once per document, a few
 * string hashes (lower case, exact form, affixes, shape), its word
 * cluster and its gazetteer matches (hd_ner_prepare_doc). Then, per
 * sentence, hd_ner_features writes up to HD_NER_MAXF hashed feature
 * indices per token: a +-2 window of words, affixes, shapes, clusters and
 * gazetteer tags (Ratinov & Roth 2009), and document-level features: how
 * the same word is written elsewhere in the article and how the tagger
 * labelled it in earlier sentences (hd_ner_doc_record).
 *
 * Labels are BILOU over PER ORG LOC MISC: 0 = O, 1 + 4*type + {B,I,L,U}.
 *
 * Ownership: hd_ner_state owns its scratch arrays (grown, never per token);
 * it borrows the doc and the lexicons. Complexity: O(tokens * features).
 * Memory: 9 bytes per token of the document (flags and one hash), the word
 * table (distinct words), and the full token information of one sentence;
 * in a long document (over HD_NER_RESIDENT tokens) a sentence's
 * information is computed twice (document statistics, then tagging)
 * rather than kept for the whole document (about 128 bytes per token);
 * a shorter one keeps it all and computes it once.
 */
#ifndef HD_NER_FEATURES_H
#define HD_NER_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#include "ner/ner_lexicon.h"

#define HD_NER_NL 17   /* labels */
#define HD_NER_MAXF 64 /* features per token, upper bound */
#define HD_NER_MAXGAZ 16
#define HD_NER_RESIDENT 32768 /* tokens: up to here, token information is kept (4 MB) */

enum { HD_NER_B = 0, HD_NER_I = 1, HD_NER_L = 2, HD_NER_U = 3 };
static inline int hd_ner_label(int type, int pos) { return 1 + 4 * type + pos; }
static inline int hd_ner_label_type(int l) { return l ? (l - 1) / 4 : -1; }
static inline int hd_ner_label_pos(int l) { return l ? (l - 1) % 4 : -1; }

typedef struct {
  const char *s;
  uint32_t len;
} hd_ner_word;

typedef struct {
  const hd_ner_word *words;
  uint32_t n_words;
  const uint32_t *sent_begin; /* n_sents + 1 entries; last = n_words */
  uint32_t n_sents;
} hd_ner_doc;

/* Lexical tables the model carries: word -> cluster path, and gazetteer
 * phrases (lower-cased tokens joined by one space) -> list bit mask, with
 * HD_GAZ_PREFIX set on entries that begin a longer phrase. */
#define HD_GAZ_PREFIX 0x80000000u
typedef struct {
  hd_lex clusters; /* value: path bits | depth << 24 */
  hd_lex gaz;
  hd_lex casing; /* lower-cased word -> 1 + 0..8: how often capitalised */
  uint32_t n_gaz_lists;
  char gaz_names[HD_NER_MAXGAZ][32];
} hd_ner_lexicons;

typedef struct hd_ner_tokinfo hd_ner_tokinfo;
typedef struct hd_ner_docent hd_ner_docent;

typedef struct {
  const hd_ner_lexicons *lex;
  const hd_ner_doc *doc;
  /* per token of the document: 9 bytes */
  uint8_t *flags;  /* the token's F_* flags, after sentence marks */
  uint64_t *h_low; /* its lower-case hash: its key in the word table */
  size_t cap_doc;
  /* full per-token information for one sentence at a time (the window),
   * recomputed when needed: the memory is a sentence's, not a document's */
  hd_ner_tokinfo *tok;
  size_t cap_tok;
  uint32_t win_base, win_sent; /* its first token and its sentence */
  int win_valid;
  int resident; /* a short document: the window holds every token, once */
  hd_ner_docent *table; /* per-document word table, open addressing, grown */
  size_t n_table, cap_table;
  uint32_t feat_bits; /* buckets = 1 << feat_bits */
  const uint8_t *pass1; /* second pass: the first pass's labels of the document, else NULL */
  uint8_t *n_static; /* if set, hd_ner_features writes how many of a token's
                      * features depend on its sentence only (they come first) */
  int doc_only;      /* hd_ner_features writes the document features only */
} hd_ner_state;

void hd_ner_state_init(hd_ner_state *st, const hd_ner_lexicons *lex, uint32_t feat_bits);
void hd_ner_state_free(hd_ner_state *st);
/* Computes per-token information and document statistics. */
void hd_ner_prepare_doc(hd_ner_state *st, const hd_ner_doc *doc);
/* Writes the features of sentence `s`: feats[i * HD_NER_MAXF + k] for its
 * i-th token, counts in nf[i]. Returns the sentence length. */
uint32_t hd_ner_features(hd_ner_state *st, uint32_t s, uint32_t *feats, uint8_t *nf);
/* The order in which sentence s is tagged (0, 1, 2): first sentences that
 * hold a full name (two capitalised words after the first word), then the
 * rest of the body, then headlines (capitals or title case, and the first
 * sentence, which in news is the title line), so that
 * history features carry "John Kerry" to a lone "Kerry" or "KERRY". */
#define HD_NER_TIERS 3
int hd_ner_sentence_tier(const hd_ner_state *st, uint32_t s);
/* After the whole document is tagged: a lone word tagged as another type
 * that ended a multi-word person elsewhere in the document ("Kerry" after
 * "John F. Kerry") becomes a person; a hyphenated modifier that opens a
 * mention ("al-Qaeda-linked Jabhat Fatah al-Sham") becomes its own MISC
 * mention, as CoNLL annotates "U.S.-based". */
void hd_ner_doc_consistency(hd_ner_state *st, uint8_t *labels);
/* Records the labels decided for sentence `s` (history features). */
void hd_ner_doc_record(hd_ner_state *st, uint32_t s, const uint8_t *labels);

/* ASCII lower case with digits folded to '0' and curly quotes folded;
 * writes at most cap bytes, returns the length. */
size_t hd_ner_norm(const char *s, size_t n, char *out, size_t cap, int fold_digits);

void hd_ner_lexicons_init(hd_ner_lexicons *lx);
void hd_ner_lexicons_free(hd_ner_lexicons *lx);
/* Adds a gazetteer phrase (already tokenised, space separated) to list. */
void hd_ner_gaz_add(hd_ner_lexicons *lx, const char *phrase, size_t n, uint32_t list);
/* Loads data/gazetteers/NAME.txt files and data/clusters.txt (word TAB
 * bits). Returns 0 or -1 (missing file names are reported on stderr). */
int hd_ner_lexicons_load_dir(hd_ner_lexicons *lx, const char *data_dir);

#endif
