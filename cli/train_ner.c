/*
 * train_ner.c: `herald train ner --train FILE --dev FILE -o MODEL`:
 * trains the NER tagger (averaged perceptron, ner_train.c) on CoNLL data
 * with the gazetteers and word clusters under data/, prints dev F1 per
 * epoch and keeps the best epoch of each of --runs runs (seeds --seed,
 * --seed+1, ...), whose weights it averages. Deterministic for a given --seed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "ner/conll.h"
#include "ner/ner_conventions.h"
#include "ner/ner_train.h"

static void help(FILE *f) {
  fputs("usage: herald train ner --train FILE --dev FILE -o MODEL [OPTIONS]\n"
        "Trains the named-entity tagger on CoNLL-2003 style files.\n\n"
        "  --train FILE   training data (WORD TAG per line)\n"
        "  --dev FILE     development data for epoch selection\n"
        "  -o FILE        model to write (default models/ner-en.bin)\n"
        "  --data DIR     gazetteers/ and clusters.txt (default data)\n"
        "  --epochs N     passes over the training data (default 20)\n"
        "  --bits N       log2 of hashed feature buckets (default 20)\n"
        "  --seed N       shuffling seed (default 1)\n"
        "  --runs N       train N times (seeds N, N+1, ...) and average the N\n"
        "                 best-epoch weight vectors (default 3)\n"
        "  --conventions FILE  label conventions applied to train and dev before\n"
        "                 learning (default DATA/conventions.txt; 'none' for none)\n",
        f);
}

/* Applies the label conventions file to train (and dev); prints counts. */
static int apply_conventions(hd_conll *train, hd_conll *dev, const char *data, const char *path,
                             hd_err *err) {
  char buf[4096];
  if (path && cli_is(path, "none")) return 0;
  if (!path) {
    snprintf(buf, sizeof buf, "%s/conventions.txt", data);
    path = buf;
  }
  long t = hd_ner_apply_conventions(train, path, err);
  long d = dev && t >= 0 ? hd_ner_apply_conventions(dev, path, err) : 0;
  if (t < 0 || d < 0) return -1;
  printf("conventions %s: %ld train and %ld dev entities retyped\n", path, t, d);
  return 0;
}

int train_ner(int argc, char **argv) {
  const char *train_path = NULL, *dev_path = NULL, *data = "data", *conventions = NULL;
  hd_ner_train_opts opt = {20, 20, 1, "models/ner-en.bin", stdout, 3};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (cli_is(a, "--help") || cli_is(a, "-h")) { help(stdout); return EXIT_OK; }
    const char *v = NULL;
    if (cli_is(a, "--train") || cli_is(a, "--dev") || cli_is(a, "-o") || cli_is(a, "--data") ||
        cli_is(a, "--epochs") || cli_is(a, "--bits") || cli_is(a, "--seed") || cli_is(a, "--runs") ||
        cli_is(a, "--conventions")) {
      v = cli_value(argc, argv, &i);
      if (!v) return EXIT_USAGE;
    } else {
      fprintf(stderr, "herald train ner: unknown argument %s\n", a);
      help(stderr);
      return EXIT_USAGE;
    }
    if (cli_is(a, "--train")) train_path = v;
    else if (cli_is(a, "--dev")) dev_path = v;
    else if (cli_is(a, "-o")) opt.out = v;
    else if (cli_is(a, "--data")) data = v;
    else if (cli_is(a, "--epochs")) opt.epochs = atoi(v);
    else if (cli_is(a, "--bits")) opt.bits = (uint32_t)atoi(v);
    else if (cli_is(a, "--conventions")) conventions = v;
    else if (cli_is(a, "--runs")) opt.runs = atoi(v);
    else opt.seed = strtoull(v, NULL, 10);
  }
  if (!train_path || opt.epochs < 1 || opt.bits < 12 || opt.bits > 24 || opt.runs < 1 || opt.runs > 16) {
    help(stderr);
    return EXIT_USAGE;
  }
  hd_err err = {0};
  hd_conll train = {0}, dev = {0};
  if (hd_conll_read(&train, train_path, &err) != 0 ||
      (dev_path && hd_conll_read(&dev, dev_path, &err) != 0)) {
    cli_report(&err);
    hd_conll_free(&train);
    return EXIT_SOME_FAILED;
  }
  if (apply_conventions(&train, dev_path ? &dev : NULL, data, conventions, &err) != 0) {
    cli_report(&err);
    hd_conll_free(&train);
    hd_conll_free(&dev);
    return EXIT_SOME_FAILED;
  }
  hd_ner_lexicons lex;
  hd_ner_lexicons_init(&lex);
  hd_ner_lexicons_load_dir(&lex, data);
  printf("train: %zu documents, %zu tokens; dev: %zu tokens; %u word clusters, %zu gazetteer keys\n",
         train.n_docs, train.n_words, dev.n_words, (unsigned)lex.clusters.n, lex.gaz.n);
  double f = hd_ner_train(&train, dev_path ? &dev : NULL, &lex, &opt, &err);
  hd_ner_lexicons_free(&lex);
  hd_conll_free(&train);
  hd_conll_free(&dev);
  if (f < 0) {
    cli_report(&err);
    return EXIT_SOME_FAILED;
  }
  return EXIT_OK;
}
