/*
 * trainers.h: the attribution trainers behind hd_train_quotes
 * (herald/train.h): train_cue_model.c learns models/attrib-en.bin (cue
 * tagger, then the span tagger of train_span_model.c and the record
 * confidence of train_confidence.c). Reads a PolNeAR-layout directory
 * (eval/polnear.h); the tagger is borrowed.
 */
#ifndef HD_ATTRIB_TRAINERS_H
#define HD_ATTRIB_TRAINERS_H

#include "ner/tagger.h"

/* Trains on train_dir (dev_dir for thresholds, may be NULL) and writes the
 * model to out; HD_RUN_OK, HD_RUN_FAILED or HD_RUN_USAGE. */
int train_cue_model(const char *train_dir, const char *dev_dir, const char *out, const hd_tagger *tagger);

struct hd_cue_gate;
/* The learned cue gate's table (cue_gate.h) from train_dir's texts and
 * gold cues (train_cue_gate.c); NULL when the directory holds none. */
struct hd_cue_gate *train_cue_gate(const char *train_dir);

#endif
