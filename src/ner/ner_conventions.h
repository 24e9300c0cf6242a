/*
 * ner_conventions.h: label conventions applied to CoNLL training data
 * before learning (data/conventions.txt): a gold entity whose words are
 * exactly a listed phrase changes type (e.g. White House LOC -> ORG).
 */
#ifndef HD_NER_CONVENTIONS_H
#define HD_NER_CONVENTIONS_H
#include "ner/conll.h"

/* Applies the rules in `path` to c's gold labels. Returns the number of
 * entities changed, or -1 with err filled if the file cannot be read or a
 * line is malformed. */
long hd_ner_apply_conventions(hd_conll *c, const char *path, hd_err *err);
#endif
