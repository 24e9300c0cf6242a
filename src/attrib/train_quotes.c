/*
 * train_quotes.c: hd_train_quotes (herald/train.h; `herald train quotes
 * DIR [--model FILE] [--no-ner]`, and with --train/-o the learned model of
 * train_cue_model.c):
 * learns the attribution stage's frame filter from a PolNeAR-layout
 * training directory and writes it to stdout as
 * data/lexicons/attrib_cue_frames.txt (a word list with columns, compiled
 * into the library at build time by tools/gen_lexicons.c).
 *
 * Every attribution the rules find (filter off) is counted under its cue
 * key and frame, and counted right when its cue overlaps a gold cue. The
 * stage then drops a cue key in a frame that was seen often enough and
 * was mostly wrong there (attrib.c: FILTER_MIN_SEEN, _PRECISION). Only
 * cue words, frame numbers and counts are written: no corpus text.
 * Regenerate with:
 *   build/herald train quotes ../shared/data/polnear/train > data/lexicons/attrib_cue_frames.txt
 * Memory: the table of counts (one entry per cue key and frame).
 * Complexity: linear in the corpus, times a lookup in that table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrib/attrib.h"
#include "attrib/name_gender.h"
#include "attrib/record_filter.h"
#include "attrib/trainers.h"
#include "eval/tool.h"
#include "pipeline.h"
#include "eval/polnear.h"
#include "util/buf.h"

typedef struct {
  char key[40];
  int frame;
  long right, seen;
} stat_row;

typedef struct {
  stat_row *rows;
  size_t n, cap;
  hd_quote_trace *traces; /* of the article being visited */
} trainer;

/* The stage's trace: the frame and cue key of each quote it makes (the
 * events come after the stage has made all of them). */
static void on_trace(void *ud, const hd_trace_event *ev) {
  trainer *t = ud;
  if (ev->kind != HD_TRACE_QUOTE) return;
  /* plain calloc: the callback runs inside the stage's arena scope */
  if (!t->traces) t->traces = calloc(ev->article->n_quotes + 1, sizeof *t->traces);
  if (t->traces && ev->item < ev->article->n_quotes) t->traces[ev->item] = *(const hd_quote_trace *)ev->data;
}

/* The attribution stage through the stage table, frame filter off. */
static void run_traced(hd_article *a, void *ud) {
  trainer *t = ud;
  hd_stage_env env = {0};
  env.no_frame_filter = 1;
  env.trace = on_trace;
  env.trace_ud = t;
  hd_err err = {0};
  free(t->traces);
  t->traces = NULL;
  hd_run_stages(&env, a, HD_STAGE_ATTRIBUTE, HD_STAGE_ATTRIBUTE, &err);
}

static stat_row *row_for(trainer *t, const char *key, int frame) {
  for (size_t i = 0; i < t->n; i++)
    if (t->rows[i].frame == frame && !strcmp(t->rows[i].key, key)) return &t->rows[i];
  stat_row r = {{0}, frame, 0, 0};
  snprintf(r.key, sizeof r.key, "%s", key);
  HD_VEC_PUSH(t->rows, t->n, t->cap, r);
  return &t->rows[t->n - 1];
}

/* Does the predicted cue overlap any gold cue of the article? */
static int cue_is_right(const pn_doc *d, hd_span cue) {
  for (size_t e = 0; e < d->nev; e++) {
    const gold_span *g = pn_find_span(d->spans, d->ev[e].cue);
    if (g && pn_match(d->a->text, pn_trim(d->a->text, cue), g, 0)) return 1;
  }
  return 0;
}

static void count_doc(const pn_doc *d, void *ud) {
  trainer *t = ud;
  for (size_t i = 0; t->traces && i < d->a->n_quotes; i++) {
    const hd_quote_trace *tr = &t->traces[i];
    if (!tr->key[0] || tr->frame == HD_FRAME_CONTINUATION || hd_span_is_none(d->a->quotes[i].cue)) continue;
    stat_row *r = row_for(t, tr->key, tr->frame);
    r->seen++;
    r->right += cue_is_right(d, d->a->quotes[i].cue);
  }
  free(t->traces);
  t->traces = NULL;
}

static int cmp_row(const void *x, const void *y) {
  const stat_row *a = x, *b = y;
  int r = strcmp(a->key, b->key);
  return r ? r : a->frame - b->frame;
}

int hd_train_quotes(const hd_train_quotes_opts *o) {
  const char *dir = o->dir, *model = o->model, *train = o->train, *dev = o->dev, *out = o->out;
  int no_ner = o->no_ner;
  hd_name_gender_disable(); /* the model is learned without the first-name table (name_gender.h) */
  hd_record_filter_disable(); /* and sees every record the stage makes (record_filter.h) */
  if (train || out) {
    if (!train || !out || dir) return HD_RUN_USAGE;
    hd_tagger *tg = pn_load_tagger(model, no_ner, "train quotes");
    int rc = train_cue_model(train, dev, out, tg);
    if (tg) hd_tagger_free(tg);
    return rc;
  }
  if (!dir) return HD_RUN_USAGE;
  hd_tagger *tagger = pn_load_tagger(model, no_ner, "train quotes");
  trainer t = {0};
  long visited = 0, skipped = 0;
  int rc = pn_each(dir, tagger, run_traced, count_doc, &t, &visited, &skipped);
  if (tagger) hd_tagger_free(tagger);
  if (rc != 0) {
    fprintf(stderr, "herald train quotes: no texts or annotations under %s\n", dir);
    free(t.rows);
    return HD_RUN_USAGE;
  }
  qsort(t.rows, t.n, sizeof *t.rows, cmp_row);
  printf("# The learned frame filter: for every cue key and frame (hd_frame in\n"
         "# src/attrib/attrib.h), how often the rules' attribution was right on PolNeAR train.\n"
         "# Columns: cue key, frame, times right, times seen. Written by\n"
         "# `herald train quotes ../shared/data/polnear/train > data/lexicons/attrib_cue_frames.txt`\n"
         "# from %ld training articles; do not edit by hand. Read by src/attrib/attrib.c\n"
         "# (hd_frame_filter).\n",
         visited);
  for (size_t i = 0; i < t.n; i++) {
    const char *k = t.rows[i].key;
    int quote = k[0] == '#' || k[0] == '"' || k[0] == ' ' || (k[0] && k[strlen(k) - 1] == ' ');
    if (t.rows[i].seen >= 3)
      printf("%s%s%s\t%d\t%ld\t%ld\n", quote ? "\"" : "", k, quote ? "\"" : "", t.rows[i].frame, t.rows[i].right,
             t.rows[i].seen);
  }
  fprintf(stderr, "herald train quotes: %ld articles (%ld skipped), %zu cue/frame pairs\n", visited, skipped, t.n);
  free(t.rows);
  return HD_RUN_OK;
}
