/*
 * train_speaker.h: trains the speaker ranker (speaker_rank.h) for
 * `herald train quotes` (train_speaker.c).
 */
#ifndef HD_TRAIN_SPEAKER_H
#define HD_TRAIN_SPEAKER_H

#include "attrib/speaker_rank.h"
#include "ner/tagger.h"

/* Trains on train_dir's gold events (reports its accuracy on dev_dir's
 * when non-NULL, to stderr); NULL when there is nothing to train on. */
hd_spk_model *train_speaker(const char *train_dir, const char *dev_dir, const hd_tagger *tagger);
#endif
