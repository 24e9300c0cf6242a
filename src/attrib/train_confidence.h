/*
 * train_confidence.h: trains the attribution model's record confidence
 * and its default threshold (train_confidence.c).
 */
#ifndef HD_TRAIN_CONFIDENCE_H
#define HD_TRAIN_CONFIDENCE_H
#include "attrib/cue_model.h"
#include "attrib/train_span_model.h"
#include "ner/tagger.h"

/* Sets m's confidence weights and minimum confidence (chosen on dev_dir
 * when non-NULL, else on train_dir). With folds (train_span_model's
 * cross-fitted taggers), each training article's records come from the
 * tagger that did not see it, so the confidence model learns from
 * records like those of unseen text. Returns 0. */
int train_confidence(hd_cue_model *m, const char *train_dir, const char *dev_dir, const hd_tagger *tagger,
                     hd_span_model *folds[HD_SPAN_FOLDS]);
#endif
