/*
 * train_ner.c: hd_train_ner (herald/train.h; `herald train ner --train
 * FILE --dev FILE -o MODEL`):
 * trains the NER tagger (averaged perceptron, ner_train.c) on CoNLL data
 * with the gazetteers and word clusters under data/, prints dev F1 per
 * epoch and keeps the best epoch of each of --runs runs (seeds --seed,
 * --seed+1, ...), whose weights it averages. Deterministic for a given --seed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval/tool.h"
#include "ner/conll.h"
#include "ner/ner_conventions.h"
#include "ner/ner_train.h"

/* Applies the label conventions file to train (and dev); prints counts. */
static int apply_conventions(hd_conll *train, hd_conll *dev, const char *data, const char *path,
                             hd_err *err) {
  char buf[4096];
  if (path && !strcmp(path, "none")) return 0;
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

void hd_train_ner_defaults(hd_train_ner_opts *o) {
  *o = (hd_train_ner_opts){0};
  o->out = "models/ner-en.bin";
  o->data = "data";
  o->epochs = 20;
  o->bits = 20;
  o->seed = 1;
  o->runs = 3;
}

int hd_train_ner(const hd_train_ner_opts *o) {
  const char *train_path = o->train, *dev_path = o->dev, *data = o->data ? o->data : "data";
  const char *conventions = o->conventions;
  hd_ner_train_opts opt = {20, 20, 1, "models/ner-en.bin", stdout, 3};
  opt.epochs = o->epochs;
  opt.bits = o->bits;
  opt.seed = o->seed;
  opt.runs = o->runs;
  if (o->out) opt.out = o->out;
  if (!train_path || opt.epochs < 1 || opt.bits < 12 || opt.bits > 24 || opt.runs < 1 || opt.runs > 16) return HD_RUN_USAGE;
  hd_err err = {0};
  hd_conll train = {0}, dev = {0};
  if (hd_conll_read(&train, train_path, &err) != 0 ||
      (dev_path && hd_conll_read(&dev, dev_path, &err) != 0)) {
    hd_tool_report(&err);
    hd_conll_free(&train);
    return HD_RUN_FAILED;
  }
  if (apply_conventions(&train, dev_path ? &dev : NULL, data, conventions, &err) != 0) {
    hd_tool_report(&err);
    hd_conll_free(&train);
    hd_conll_free(&dev);
    return HD_RUN_FAILED;
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
    hd_tool_report(&err);
    return HD_RUN_FAILED;
  }
  return HD_RUN_OK;
}
