/*
 * train_span_model.h: training the attribution stage's span tagger
 * (src/attrib/span_model.h) on a PolNeAR-layout directory.
 */
#ifndef HD_TRAIN_SPAN_MODEL_H
#define HD_TRAIN_SPAN_MODEL_H
#include "attrib/cue_model.h"
#include "ner/tagger.h"

/* Trains the span tagger on train_dir's gold attributions, the stage
 * running with m (its cue tagger; m must not have a span tagger yet) to
 * give the rules' records the tagger reads as features; sets it in m.
 * Returns 0, or -1 when train_dir has no annotated texts. */
int train_span_model(hd_cue_model *m, const char *train_dir, const hd_tagger *tagger);
#endif
