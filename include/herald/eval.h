/*
 * herald/eval.h: herald's evaluations, as library calls (`herald eval`
 * parses its arguments into these options and calls them).
 *
 * Each evaluation runs the same code users run (the pipeline through its
 * stage table, the corpus step ingest uses), scores it against gold data
 * and writes its report to stdout (text, or one JSON object with
 * `json`); progress notes and errors, each naming its file and record, go
 * to stderr. They return HD_RUN_OK (0), HD_RUN_FAILED (1: some records
 * failed, the report covers the rest) or HD_RUN_USAGE (2: the input could
 * not be used at all, nothing scored).
 *
 * Ownership: options are borrowed for the length of the call (strings
 * included); nothing is returned that the caller must free. The evaluations
 * keep no global state; two running at once would only interleave their
 * reports on stdout.
 */
#ifndef HERALD_EVAL_H
#define HERALD_EVAL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum { HD_RUN_OK = 0, HD_RUN_FAILED = 1, HD_RUN_USAGE = 2 };

/* Entity-level exact-match P/R/F1 of the NER stage on a CoNLL file. */
typedef struct {
  const char *path;  /* CoNLL-2003 style file (required) */
  const char *model; /* NER model; NULL = the default search (models/ner-en.bin) */
  int json;          /* report as JSON */
  int raw;           /* time and score the decoder alone (features + Viterbi) */
  int repeat;        /* tag the file this many times, report the fastest (>= 1) */
  const char *standoff; /* score the texts of directory `path` against these stand-off
                         * annotations (file, byte offsets, type; no text) instead */
  int predicted;     /* with standoff: print the tagger's entities in that format */
} hd_eval_ner_opts;
int hd_eval_ner(const hd_eval_ner_opts *o);

/* Attribution (who said what) against a PolNeAR-layout directory. */
typedef struct {
  const char *dir;            /* DIR/text/NAME.txt and DIR/attributions/NAME_ANNOTATOR.ann (required) */
  const char *model;          /* NER model; NULL = default */
  const char *attrib_model;   /* learned attribution model; NULL = rules only */
  const char *cue_threshold;  /* overrides the model's cue threshold (NULL: keep) */
  const char *min_confidence; /* overrides the model's minimum confidence (NULL: keep) */
  int json, no_ner;
} hd_eval_quotes_opts;
int hd_eval_quotes(const hd_eval_quotes_opts *o);

/* Story clustering of a JSON Lines file with gold labels, through the
 * corpus step ingest runs. Its many tuning knobs are parsed by the library:
 * argv is `herald eval cluster`'s (argv[0] "cluster"; --help lists them). */
int hd_eval_cluster_argv(int argc, char **argv);

/* Main-text extraction of HTML pages against a ground-truth JSON file. */
typedef struct {
  const char *ground_truth; /* {ID: {"articleBody": TEXT}} or {ID: {"with": [...], "without": [...]}} */
  const char *html_dir;     /* HTML_DIR/ID.html[.gz] */
  const char *pred_path;    /* write the extracted texts here (NULL: no) */
  int raw, json, worst;     /* raw: the reader's text before clean; worst: list the N worst pages */
  int split;                /* -1: every page; 0 / 1: only the train / dev half (hd_train_extract's split) */
} hd_eval_extract_opts;
int hd_eval_extract(const hd_eval_extract_opts *o);

#ifdef __cplusplus
}
#endif
#endif
