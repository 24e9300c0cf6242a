/*
 * conll.h: CoNLL-2003 files (`WORD TAG` per line, IOB2 tags over PER ORG
 * LOC MISC, blank line between sentences, `-DOCSTART-` between documents)
 * read into hd_ner_doc views, and entity-level exact-match scoring (the
 * conlleval convention).
 *
 * Ownership: hd_conll owns the file bytes and every array; the docs'
 * word slices point into it. O(file size).
 */
#ifndef HD_CONLL_H
#define HD_CONLL_H

#include "herald.h"
#include "ner/ner_features.h"

typedef struct {
  char *bytes;
  hd_ner_word *words;
  uint8_t *gold; /* BILOU label per word */
  size_t n_words;
  uint32_t *sent_begin; /* all sentences, global word indices */
  size_t n_sents;
  hd_ner_doc *docs; /* words and sent_begin local to each document */
  uint32_t *doc_first_word; /* global index of each document's first word */
  uint32_t *doc_sb;         /* storage of the documents' sent_begin */
  uint32_t *doc_first_sent;
  size_t n_docs;
} hd_conll;

int hd_conll_read(hd_conll *c, const char *path, hd_err *err);
void hd_conll_free(hd_conll *c);

typedef struct {
  long tp[4], fp[4], fn[4];
} hd_ner_counts;

/* Adds the entity matches of one labelled sequence. */
void hd_ner_count(hd_ner_counts *c, const uint8_t *gold, const uint8_t *pred, size_t n);
/* Precision, recall, F1 (in percent) for a type, or over all when type < 0. */
void hd_ner_prf(const hd_ner_counts *c, int type, double *p, double *r, double *f);

#endif
