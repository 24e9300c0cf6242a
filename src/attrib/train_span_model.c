/*
 * train_span_model.c: trains the span tagger of the attribution stage
 * (src/attrib/span_model.h) for `herald train quotes --train DIR -o FILE`.
 *
 * The stage runs through the stage table with the cue tagger already
 * trained (no span tagger yet), so the rules' records are those the
 * stage gives the span tagger at run time. Every token of every
 * paragraph is an example; its gold label comes from the PolNeAR
 * attributions: content pieces painted first, then sources and cues over
 * them (an attribution reported inside another's content keeps its own
 * source and cue), each piece opening with a B- label. Sequences are
 * paragraphs. Deterministic (the perceptron's fixed shuffle seed).
 * With HERALD_TRAIN_SPAN_DIAG=DIR set, the trained tagger's own span
 * recall and precision per role on DIR go to stderr (diagnostic only).
 * Memory: the hashed features of every training token (~40 u32 each).
 * Complexity: O(epochs x tokens x (features + labels^2)).
 */
#include "attrib/train_span_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrib/attrib.h"
#include "attrib/span_model.h"
#include "pipeline.h"
#include "eval/polnear.h"
#include "util/buf.h"

#define SPAN_EPOCHS 16
#define SPAN_BITS 16

typedef struct {
  const hd_cue_model *m;
  uint32_t *f;
  size_t nf, capf;
  size_t *foff; /* per token */
  size_t nfoff, capfoff;
  uint8_t *y;
  size_t ny, capy;
  size_t *off; /* per sequence, into tokens */
  size_t noff, capoff;
  uint8_t *fold; /* per sequence: the fold of its article (article ordinal % HD_SPAN_FOLDS) */
  size_t nfold, capfold;
  long article; /* articles the stage has run on */
} span_examples;

static void run_stage(hd_article *a, void *ud) {
  span_examples *x = ud;
  x->article++;
  hd_stage_env env = {0};
  env.cue_model = x->m;
  hd_err err = {0};
  hd_run_stages(&env, a, HD_STAGE_ATTRIBUTE, HD_STAGE_ATTRIBUTE, &err);
}

static void run_stage_diag(hd_article *a, void *ud) {
  hd_stage_env env = {0};
  env.cue_model = *(const hd_cue_model *const *)ud;
  hd_err err = {0};
  hd_run_stages(&env, a, HD_STAGE_ATTRIBUTE, HD_STAGE_ATTRIBUTE, &err);
}

static uint32_t first_token_at(const hd_article *a, uint32_t byte) {
  size_t lo = 0, hi = a->n_tokens;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (a->tokens[mid].end <= byte) lo = mid + 1;
    else hi = mid;
  }
  return (uint32_t)lo;
}

static void paint_gold(const hd_article *a, uint8_t *lab, const gold_span *g, uint8_t b) {
  if (!g) return;
  for (int p = 0; p < g->n; p++) {
    hd_span s = g->piece[p];
    int first = 1;
    for (uint32_t t = first_token_at(a, s.start); t < a->n_tokens && a->tokens[t].start < s.end; t++) {
      lab[t] = first ? b : (uint8_t)(b + 1);
      first = 0;
    }
  }
}

static void gold_labels(const pn_doc *d, uint8_t *lab) {
  const hd_article *a = d->a;
  for (size_t e = 0; e < d->nev; e++)
    for (int k = 0; k < 2; k++)
      if (d->ev[e].content[k]) paint_gold(a, lab, pn_find_span(d->spans, d->ev[e].content[k]), HD_SL_B_CON);
  for (size_t e = 0; e < d->nev; e++) {
    if (d->ev[e].source) paint_gold(a, lab, pn_find_span(d->spans, d->ev[e].source), HD_SL_B_SRC);
    if (d->ev[e].cue) paint_gold(a, lab, pn_find_span(d->spans, d->ev[e].cue), HD_SL_B_CUE);
  }
}

static void collect(const pn_doc *d, void *ud) {
  span_examples *x = ud;
  const hd_article *a = d->a;
  size_t nt = a->n_tokens;
  if (!nt) return;
  uint8_t *inq = hd_xmalloc(nt), *lab = hd_xcalloc(nt, 1);
  hd_attrib_quote_mask(a, inq);
  gold_labels(d, lab);
  hd_span_input in;
  hd_span_input_init(&in, a, x->m, inq);
  if (x->nfoff == 0) HD_VEC_PUSH(x->foff, x->nfoff, x->capfoff, (size_t)0);
  if (x->noff == 0) HD_VEC_PUSH(x->off, x->noff, x->capoff, (size_t)0);
  for (size_t p = 0; p < a->n_paragraphs; p++) {
    uint32_t sb, se, tb, te;
    if (!hd_paragraph_range(a, p, &sb, &se, &tb, &te) || tb >= te || !hd_span_worth_tagging(&in, tb, te)) continue;
    for (uint32_t t = tb; t < te; t++) {
      uint32_t f[HD_SPAN_MAX_FEATS];
      size_t n = hd_span_features(&in, t, f);
      for (size_t k = 0; k < n; k++) HD_VEC_PUSH(x->f, x->nf, x->capf, f[k]);
      HD_VEC_PUSH(x->foff, x->nfoff, x->capfoff, x->nf);
      HD_VEC_PUSH(x->y, x->ny, x->capy, lab[t]);
    }
    HD_VEC_PUSH(x->off, x->noff, x->capoff, x->ny);
    uint8_t fold = (uint8_t)((x->article - 1) % HD_SPAN_FOLDS);
    HD_VEC_PUSH(x->fold, x->nfold, x->capfold, fold);
  }
  hd_span_input_free(&in);
  free(inq);
  free(lab);
}

/* diagnostic (HERALD_TRAIN_SPAN_DIAG=DIR): the tagger's own span recall / precision per role on DIR */
typedef struct {
  const hd_cue_model *m;
  const hd_span_model *sm;
  long gold[3], ghit[3], pred[3], phit[3];
} span_diag;

static void diag_count(const uint8_t *ref, const uint8_t *hyp, size_t n, long *tot, long *hit) {
  for (size_t t = 0; t < n;) {
    uint8_t l = ref[t];
    if (l != HD_SL_B_SRC && l != HD_SL_B_CUE && l != HD_SL_B_CON) { t++; continue; }
    size_t e = t + 1;
    while (e < n && ref[e] == l + 1) e++;
    int r = (l - 1) / 2, ok = 0;
    for (size_t k = t; k < e; k++) ok |= hyp[k] == l || hyp[k] == l + 1;
    tot[r]++;
    hit[r] += ok;
    t = e;
  }
}

static void diag(const pn_doc *d, void *ud) {
  span_diag *x = ud;
  const hd_article *a = d->a;
  size_t nt = a->n_tokens;
  if (!nt) return;
  uint8_t *inq = hd_xmalloc(nt), *lab = hd_xcalloc(nt, 1), *out = hd_xcalloc(nt, 1);
  hd_attrib_quote_mask(a, inq);
  gold_labels(d, lab);
  hd_span_input in;
  hd_span_input_init(&in, a, x->m, inq);
  for (size_t p = 0; p < a->n_paragraphs; p++) {
    uint32_t sb, se, tb, te;
    if (!hd_paragraph_range(a, p, &sb, &se, &tb, &te) || tb >= te || !hd_span_worth_tagging(&in, tb, te)) continue;
    hd_span_tag(x->sm, &in, tb, te, out + tb);
  }
  diag_count(lab, out, nt, x->gold, x->ghit);
  diag_count(out, lab, nt, x->pred, x->phit);
  hd_span_input_free(&in);
  free(inq);
  free(lab);
  free(out);
}

int train_span_model(hd_cue_model *m, const char *train_dir, const hd_tagger *tagger,
                     hd_span_model *folds[HD_SPAN_FOLDS]) {
  span_examples x = {0};
  x.m = m;
  long visited = 0, skipped = 0;
  if (pn_each(train_dir, tagger, run_stage, collect, &x, &visited, &skipped) != 0 || x.noff < 2) {
    free(x.f);
    free(x.foff);
    free(x.y);
    free(x.off);
    free(x.fold);
    return -1;
  }
  fprintf(stderr, "herald train quotes: span tagger: %zu paragraphs, %zu tokens\n", x.noff - 1, x.ny);
  hd_span_model *sm = hd_span_train(x.f, x.foff, x.y, x.off, x.noff - 1, SPAN_BITS, SPAN_EPOCHS);
  if (getenv("HERALD_TRAIN_SPAN_DIAG")) {
    span_diag dg = {0};
    dg.m = m;
    dg.sm = sm;
    long v2 = 0, s2 = 0;
    pn_each(getenv("HERALD_TRAIN_SPAN_DIAG"), tagger, run_stage_diag, diag, &dg, &v2, &s2);
    const char *nm[3] = {"source", "cue", "content"};
    for (int r = 0; r < 3; r++)
      fprintf(stderr, "span diag %s: recall %.3f (%ld/%ld) precision %.3f (%ld/%ld)\n", nm[r],
              dg.gold[r] ? (double)dg.ghit[r] / dg.gold[r] : 0, dg.ghit[r], dg.gold[r],
              dg.pred[r] ? (double)dg.phit[r] / dg.pred[r] : 0, dg.phit[r], dg.pred[r]);
  }
  hd_cue_model_set_span(m, sm);
  /* cross-fitting: tagger k trained without fold k's articles tags them
   * for the confidence model's training records */
  uint8_t *use = hd_xmalloc(x.noff);
  for (int k = 0; folds && k < HD_SPAN_FOLDS; k++) {
    for (size_t q = 0; q + 1 < x.noff; q++) use[q] = x.fold[q] != k;
    folds[k] = hd_span_train_subset(x.f, x.foff, x.y, x.off, x.noff - 1, use, SPAN_BITS, SPAN_EPOCHS);
  }
  hd_free(use);
  free(x.fold);
  free(x.f);
  free(x.foff);
  free(x.y);
  free(x.off);
  return 0;
}
