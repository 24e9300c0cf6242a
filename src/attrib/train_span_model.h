/*
 * train_span_model.h: training the attribution stage's span tagger
 * (src/attrib/span_model.h) on a PolNeAR-layout directory.
 */
#ifndef HD_TRAIN_SPAN_MODEL_H
#define HD_TRAIN_SPAN_MODEL_H
#include "attrib/cue_model.h"
#include "ner/tagger.h"

#include "attrib/span_model.h"

/* Cross-fitting folds: article k of the training directory (in pn_each's
 * order) is in fold k % HD_SPAN_FOLDS. */
#define HD_SPAN_FOLDS 2

/* Trains the span tagger on train_dir's gold attributions, the stage
 * running with m (its cue tagger; m must not have a span tagger yet) to
 * give the rules' records the tagger reads as features; sets it in m.
 * When folds is non-NULL it also receives, per fold, a tagger trained
 * on the other folds' articles (caller frees). Returns 0, or -1 when
 * train_dir has no annotated texts. */
int train_span_model(hd_cue_model *m, const char *train_dir, const hd_tagger *tagger,
                     hd_span_model *folds[HD_SPAN_FOLDS]);
#endif
