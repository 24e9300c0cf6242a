/*
 * herald/train.h: herald's trainers, as library calls (`herald train`
 * parses its arguments into these options and calls them). Every trainer
 * is deterministic: the same data and options give the same bytes.
 *
 * Each writes its model or table to the file named in its options
 * (train quotes' frame table: to stdout), progress to stdout or stderr as
 * documented per trainer, errors (naming file and record) to stderr, and
 * returns HD_RUN_OK (0), HD_RUN_FAILED (1) or HD_RUN_USAGE (2; see
 * herald/eval.h).
 *
 * Ownership: options are borrowed for the length of the call (strings and
 * the path arrays included); the output files belong to the caller.
 */
#ifndef HERALD_TRAIN_H
#define HERALD_TRAIN_H

#include <stddef.h>
#include <stdint.h>

#include "herald/eval.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The NER tagger (averaged perceptron) on CoNLL data, with the gazetteers
 * and word clusters under `data`; prints dev F1 per epoch to stdout and
 * writes the model at each new best epoch. */
typedef struct {
  const char *train, *dev;   /* CoNLL files; dev may be NULL */
  const char *out;           /* model to write */
  const char *data;          /* gazetteers/ and clusters.txt */
  const char *conventions;   /* label conventions file; NULL = DATA/conventions.txt, "none" = none */
  int epochs;
  uint32_t bits;             /* log2 of the hashed feature buckets, 12..24 */
  unsigned long long seed;   /* document shuffling seed */
  int runs;                  /* runs with seeds seed, seed+1, ...; their best-epoch weights are averaged (1..16) */
} hd_train_ner_opts;
/* The defaults of `herald train ner` (20 epochs, 2^20 buckets, seed 1,
 * 3 runs, data/, models/ner-en.bin). */
void hd_train_ner_defaults(hd_train_ner_opts *o);
int hd_train_ner(const hd_train_ner_opts *o);

/* Word clusters (divisive exchange clustering) from unlabelled text files
 * or directories; progress on stderr. */
typedef struct {
  const char *out; /* the word TAB bits TAB count table */
  uint32_t levels, min_count, max_words, passes;
  const char *const *paths;
  size_t n_paths;
} hd_train_clusters_opts;
void hd_train_clusters_defaults(hd_train_clusters_opts *o);
int hd_train_clusters(const hd_train_clusters_opts *o);

/* Word vectors for the story clusterer's dense channel (skip-gram with
 * negative sampling over the clusterer's stemmed word terms) from
 * unlabelled text files or directories; progress on stderr. */
typedef struct {
  const char *out; /* models/vectors-en.bin */
  uint32_t dim, max_words, min_count, window, negatives, epochs;
  uint64_t seed;
  double alpha, sample;
  const char *const *paths;
  size_t n_paths;
} hd_train_vectors_opts;
void hd_train_vectors_defaults(hd_train_vectors_opts *o);
int hd_train_vectors(const hd_train_vectors_opts *o);

/* Attribution from a PolNeAR-layout directory. With `train` and `out`:
 * the learned attribution model (cue tagger, span tagger, record
 * confidence; `dev` for its thresholds) written to `out`. With `dir`: the
 * frame filter table, printed to stdout in the data/lexicons format. */
typedef struct {
  const char *dir;          /* frame-table form */
  const char *train, *dev;  /* model form */
  const char *out;
  const char *model;        /* NER model; NULL = default */
  int no_ner;
} hd_train_quotes_opts;
int hd_train_quotes(const hd_train_quotes_opts *o);

/* The block classifier of HTML extraction (logistic regression) on pages
 * annotated as ../shared/data/extraction is ({ID: {"with": [...],
 * "without": [...]}}, pages HTML_DIR/ID.html[.gz]); the train half of the
 * pages unless `all`; progress on stderr. */
typedef struct {
  const char *ground_truth, *html_dir, *out;
  int all;       /* train on every page, not only the train half */
  int epochs;    /* 1..1000 */
  int min_pages; /* drop features seen on fewer pages */
  double l2;
} hd_train_extract_opts;
void hd_train_extract_defaults(hd_train_extract_opts *o);
int hd_train_extract(const hd_train_extract_opts *o);

/* The learned join decision of stories (logistic regression): parsed by
 * the library from `herald train stories`'s argv (argv[0] "stories"). */
int hd_train_stories_argv(int argc, char **argv);

/* The first-name gender table (models/genders-en.txt) from unlabelled
 * text: parsed by the library from `herald train genders`'s argv
 * (argv[0] "genders"). */
int hd_train_genders_argv(int argc, char **argv);

/* The attribution stage's record filter (models/record-filter-en.txt)
 * from hand judgements of its records: parsed by the library from
 * `herald train record-filter`'s argv (argv[0] "record-filter"); prints
 * the cross-validated figures to stdout. */
int hd_train_record_filter_argv(int argc, char **argv);

#ifdef __cplusplus
}
#endif
#endif
