/*
 * train_confidence.c: the record-confidence part of `herald train quotes`
 * (src/attrib/statements.c scores it). With the cue tagger trained, the
 * attribution stage runs on every training article with no threshold;
 * each record (a continuation goes with the record it continues) gets its
 * features (hd_statement_features) and the label "its content is matched
 * to a gold content one-to-one" (pn_content_labels, as herald eval quotes
 * matches). A logistic regression is trained on them (deterministic), and
 * the default threshold is the lowest confidence at which the records kept
 * on the threshold set (dev when given, else train) reach content
 * precision TARGET_PRECISION.
 * Memory: the features of every training record (~30 u32 each).
 * Complexity: O(epochs x records x features) plus a sort of the records.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrib/attrib.h"
#include "attrib/cue_model.h"
#include "attrib/statements.h"
#include "eval/tool.h"
#include "pipeline.h"
#include "eval/polnear.h"
#include "attrib/train_confidence.h"
#include "util/buf.h"

#define CONF_EPOCHS 10
#define TARGET_PRECISION 0.90

typedef struct {
  hd_cue_model *m;
  hd_span_model **folds; /* cross-fitted taggers (train pass), or NULL */
  long article;          /* articles the stage has run on */
  hd_quote_trace *tr; /* of the article being visited */
  uint32_t *f;
  size_t nf, capf;
  size_t *off;
  size_t noff, capoff;
  uint8_t *y;
  size_t ny, capy;
  float *conf; /* threshold pass: the record's confidence */
  size_t nconf, capconf;
} records;

/* The stage's trace: the frame and cue key of each record. */
static void on_trace(void *ud, const hd_trace_event *ev) {
  records *r = ud;
  if (ev->kind != HD_TRACE_QUOTE) return;
  /* plain calloc: the callback runs inside the stage's arena scope */
  if (!r->tr) r->tr = calloc(ev->article->n_quotes + 1, sizeof *r->tr);
  if (r->tr && ev->item < ev->article->n_quotes) r->tr[ev->item] = *(const hd_quote_trace *)ev->data;
}

/* The attribution stage through the stage table, with the model. */
static void run_traced(hd_article *a, void *ud) {
  records *r = ud;
  hd_span_model *own = NULL;
  if (r->folds) own = hd_cue_model_swap_span(r->m, r->folds[r->article % HD_SPAN_FOLDS]);
  r->article++;
  hd_stage_env env = {0};
  env.cue_model = r->m;
  env.trace = on_trace;
  env.trace_ud = r;
  hd_err err = {0};
  free(r->tr);
  r->tr = NULL;
  hd_run_stages(&env, a, HD_STAGE_ATTRIBUTE, HD_STAGE_ATTRIBUTE, &err);
  if (r->folds) hd_cue_model_swap_span(r->m, own);
}

static void collect(const pn_doc *d, void *ud) {
  records *r = ud;
  const hd_article *a = d->a;
  uint8_t *ok = hd_xmalloc(a->n_quotes ? a->n_quotes : 1);
  pn_content_labels(d, ok);
  for (size_t i = 0; i < a->n_quotes; i++) {
    if (hd_statement_head(a, i) != i) continue; /* one example per statement */
    if (r->noff == 0) HD_VEC_PUSH(r->off, r->noff, r->capoff, (size_t)0);
    uint32_t f[HD_CONF_MAX_FEATS];
    size_t n = hd_statement_features(a, i, r->tr ? &r->tr[i] : NULL, f);
    for (size_t k = 0; k < n; k++) HD_VEC_PUSH(r->f, r->nf, r->capf, f[k]);
    HD_VEC_PUSH(r->off, r->noff, r->capoff, r->nf);
    HD_VEC_PUSH(r->y, r->ny, r->capy, ok[i]);
    float c = a->quotes[i].confidence;
    HD_VEC_PUSH(r->conf, r->nconf, r->capconf, c);
  }
  free(ok);
  free(r->tr);
  r->tr = NULL;
}

static void free_records(records *r) {
  free(r->f);
  free(r->off);
  free(r->y);
  free(r->conf);
  memset(r, 0, sizeof *r);
}

typedef struct {
  float c;
  uint8_t y;
} scored;

static int cmp_desc(const void *x, const void *y) {
  float a = ((const scored *)x)->c, b = ((const scored *)y)->c;
  return a > b ? -1 : a < b;
}

/* The lowest confidence at which the records at or above it are right
 * TARGET_PRECISION of the time (0 when all of them are). */
static float pick_min_confidence(const records *r, double *prec, double *kept) {
  scored *s = hd_xmalloc((r->ny ? r->ny : 1) * sizeof *s);
  for (size_t k = 0; k < r->ny; k++) s[k] = (scored){r->conf[k], r->y[k]};
  qsort(s, r->ny, sizeof *s, cmp_desc);
  float best = 1.0f;
  long right = 0;
  *prec = 0;
  *kept = 0;
  for (size_t k = 0; k < r->ny; k++) {
    right += s[k].y;
    int tie = k + 1 < r->ny && s[k + 1].c == s[k].c;
    double p = (double)right / (double)(k + 1);
    if (!tie && p >= TARGET_PRECISION) {
      best = k + 1 == r->ny ? 0.0f : s[k].c;
      *prec = p;
      *kept = (double)(k + 1) / (double)r->ny;
    }
  }
  free(s);
  return best;
}

/* Platt scaling on the held-out records (dev, else train): a and b of
 * sigmoid(a * s + b) fitted to "right" by Newton's method on the log
 * loss (s: the model's score, the logit of its confidence), folded into
 * the weights; the records' confidences are updated to match. The model
 * is trained on records that are right 91% of the time, so its raw
 * scores say 0.9-0.99 for nearly everything. Monotone: the same records
 * pass any threshold, only the numbers mean what they say. */
static void calibrate(hd_cue_model *m, records *r) {
  double a = 1, b = 0;
  size_t n = r->ny;
  if (n < 20) return;
  double *s = hd_xmalloc(n * sizeof *s);
  for (size_t k = 0; k < n; k++) {
    double c = r->conf[k] < 1e-6 ? 1e-6 : r->conf[k] > 1 - 1e-6 ? 1 - 1e-6 : r->conf[k];
    s[k] = log(c / (1 - c));
  }
  for (int it = 0; it < 50; it++) {
    double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
    for (size_t k = 0; k < n; k++) {
      double p = 1 / (1 + exp(-(a * s[k] + b))), d = p - r->y[k], w = p * (1 - p);
      ga += d * s[k];
      gb += d;
      haa += w * s[k] * s[k];
      hab += w * s[k];
      hbb += w;
    }
    double det = haa * hbb - hab * hab;
    if (!(det > 0)) break;
    double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (fabs(da) + fabs(db) < 1e-9) break;
  }
  if (a > 0 && isfinite(a) && isfinite(b)) {
    hd_cue_model_scale_conf(m, (float)a, (float)b, hd_statement_bias_feature());
    for (size_t k = 0; k < n; k++) r->conf[k] = (float)(1 / (1 + exp(-(a * s[k] + b))));
    fprintf(stderr, "herald train quotes: confidence calibrated on %zu records: sigmoid(%.3f s %+.3f)\n", n, a, b);
  }
  free(s);
}

int train_confidence(hd_cue_model *m, const char *train_dir, const char *dev_dir, const hd_tagger *tagger,
                     hd_span_model *folds[HD_SPAN_FOLDS]) {
  records r = {0};
  r.folds = folds;
  long visited = 0, skipped = 0;
  hd_cue_model_set_min_confidence(m, 0.0f);
  r.m = m;
  pn_each(train_dir, tagger, run_traced, collect, &r, &visited, &skipped);
  long pos = 0;
  for (size_t k = 0; k < r.ny; k++) pos += r.y[k];
  fprintf(stderr, "herald train quotes: confidence: %zu records, %ld right\n", r.ny, pos);
  hd_cue_model_set_conf(m, hd_conf_train(r.f, r.off, r.y, r.ny, CONF_EPOCHS));
  free_records(&r);
  r.m = m; /* dev: the tagger trained on all of train */
  visited = skipped = 0;
  pn_each(dev_dir ? dev_dir : train_dir, tagger, run_traced, collect, &r, &visited, &skipped);
  calibrate(m, &r);
  double prec, kept;
  float t = pick_min_confidence(&r, &prec, &kept);
  fprintf(stderr,
          "herald train quotes: minimum confidence %.3f on %s (content precision %.3f, %.1f%% of %zu records kept)\n",
          t, dev_dir ? "dev" : "train", prec, 100.0 * kept, r.ny);
  hd_cue_model_set_min_confidence(m, t);
  free_records(&r);
  return 0;
}
