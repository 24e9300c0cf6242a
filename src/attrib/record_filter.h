/*
 * record_filter.h: the learned record filter of the attribution stage
 * (issue 9, precision on fresh news). A logistic regression over general
 * features of a finished record (the cue word's class and the frame it
 * stands in, the content's shape, the source's kind, voice, the shape of
 * the line, the stage's own confidence) estimates whether the record is a
 * real report of speech, writing, thought or intention with its content
 * (docs/attribution.md, "Learned record filter"). It is trained by
 * `herald train record-filter` (train_record_filter.c) on hand judgements
 * of records on allsides-train (data/gold/records-allsides-train.tsv) and
 * stored as text in models/record-filter-en.txt (the magic line, the
 * threshold, then "BUCKET<TAB>WEIGHT" rows: feature hashes and weights,
 * no text).
 *
 * At the end of the attribution stage (attrib.c) every record is scored:
 * a record below the model's threshold is dropped (unless its quotation or
 * a transcript's turn shows speech: hd_record_filter_droppable); a kept
 * record's confidence becomes the lower of the stage's and the filter's
 * estimate.
 *
 * The model is read once per process (pthread_once) from
 * hd_model_path("record-filter-en.txt"); a missing file, or the
 * environment variable HERALD_RECORD_FILTER=off, means no filter.
 * Scoring is O(features) per record, features O(record tokens + log
 * tokens); thread-safe (read-only after loading).
 */
#ifndef HD_RECORD_FILTER_H
#define HD_RECORD_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "attrib/attrib.h"
#include "text/article.h"

struct hd_cue_model;

#define HD_RF_MAGIC "herald-record-filter 1"
#define HD_RF_BITS 14
#define HD_RF_SIZE (1u << HD_RF_BITS)
#define HD_RF_MAX_FEATS 64

typedef struct {
  float w[HD_RF_SIZE]; /* weights by hashed feature */
  float threshold;     /* records scoring below it are dropped */
} hd_record_filter;

/* The hashed features (indices below HD_RF_SIZE) of record qi of the
 * finished article (t: its trace, or NULL; m: the attribution model whose
 * cue gate gives the cue word's PolNeAR counts, or NULL) into out
 * (HD_RF_MAX_FEATS); returns how many. */
size_t hd_record_filter_features(const hd_article *a, size_t qi, const hd_quote_trace *t,
                                 const struct hd_cue_model *m, uint32_t *out);

/* The class of record qi's cue word in the cue lists: "speech", "belief"
 * (the hand lists), "learned", "weak", "none", "punct", or "nocue". */
const char *hd_record_filter_cue_class(const hd_article *a, size_t qi);

/* May the filter drop record qi, or only lower its confidence? A direct or
 * partial record is never dropped (a quotation is the evidence of speech;
 * the stage's cue gate exempts it for the same reason), nor one whose cue
 * is a colon and whose content is a finished sentence (a transcript's turn,
 * "NAME: I will vote for it.", not a label line "Label: clause"). */
int hd_record_filter_droppable(const hd_article *a, size_t qi);

/* The filter's probability that the record is a report, from its features. */
double hd_record_filter_prob(const hd_record_filter *f, const uint32_t *feats, size_t n);

/* Writes the model (text, deterministic); 0 on success. */
int hd_record_filter_save(const hd_record_filter *f, const char *path);

/* The process's model (loaded once), or NULL when there is none or it is
 * disabled. */
const hd_record_filter *hd_record_filter_default(void);

/* Turns the filter off for the rest of the process: the trainers that
 * observe the stage (`herald train quotes`, `herald train record-filter`)
 * see every record the stage makes before it. */
void hd_record_filter_disable(void);

/* Applies the process's model to the finished records of a (tr: their
 * traces, parallel, compacted with them; *ntr updated): drops records
 * below its threshold, lowers the others' confidence to the filter's
 * estimate when that is lower, and drops those then below min_conf. No
 * model: nothing changes. */
void hd_record_filter_apply(hd_article *a, hd_quote_trace *tr, size_t *ntr, const struct hd_cue_model *m,
                            float min_conf);

#endif
