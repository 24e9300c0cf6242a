/*
 * statements.h: the last step of the attribution stage, after the cue
 * frames have proposed records: one record per statement (no two records
 * of an article overlap in content), the quotations inside an indirect or
 * partial content as its `partial` spans, a learned confidence on every
 * record and the threshold below which records are dropped.
 * See statements.c and docs/attribution.md.
 */
#ifndef HD_STATEMENTS_H
#define HD_STATEMENTS_H

#include "attrib/attrib.h"
#include "text/article.h"

struct hd_cue_model;

#define HD_CONF_MAX_FEATS 40

/* The hashed feature every record has (the confidence model's bias). */
uint32_t hd_statement_bias_feature(void);

/* Byte span of one paired quotation, marks included. */
typedef struct {
  uint32_t start, end;
} hd_quotation_span;

/* Resolves overlaps between a->quotes (tr, when non-NULL, is a parallel
 * array of traces, compacted the same way; *ntr is updated), fills
 * partial spans from qs[nq], scores confidence with `model` (1 without
 * one), and drops records below min_conf (continuations follow the record
 * they continue). */
void hd_statements_finish(hd_article *a, hd_quote_trace *tr, size_t *ntr, const hd_quotation_span *qs,
                          size_t nq, const struct hd_cue_model *model, float min_conf);

/* Hashed confidence features of record qi (its trace t) into out
 * (HD_CONF_MAX_FEATS); returns how many. */
size_t hd_statement_features(const hd_article *a, size_t qi, const hd_quote_trace *t, uint32_t *out);

/* The record a cue-less, source-less quotation continues: the nearest
 * earlier record with a cue or source and the same speaker and kind, or qi
 * itself. */
size_t hd_statement_head(const hd_article *a, size_t qi);
#endif
