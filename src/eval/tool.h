/*
 * tool.h: what the evaluations (src/eval/) and trainers (src/ner/train_*.c,
 * src/attrib/train_*.c) share behind include/herald/eval.h and train.h:
 * the status codes and one error line format.
 */
#ifndef HD_EVAL_TOOL_H
#define HD_EVAL_TOOL_H

#include "herald.h"
#include "herald/eval.h"
#include "herald/train.h"

/* Prints one error line to stderr: "herald: FILE:LINE: message" (as the
 * CLI reports errors). */
void hd_tool_report(const hd_err *e);
/* s with every white-space run folded to one space and the ends stripped
 * (malloc'd), as the extraction snippet metric compares texts
 * (eval_extract.c; train_extract.c labels units with it). */
char *eval_fold_ws(const char *s);
/* eval_ner_standoff.c: scores (or, predicted, prints) the tagger on the
 * texts of dir against stand-off annotations in tsv; HD_RUN_*. */
struct hd_tagger;
int eval_ner_standoff(const char *tsv, const char *dir, struct hd_tagger *m, int predicted);

#endif
