/*
 * train_record_filter.c: hd_train_record_filter_argv (herald/train.h;
 * `herald train record-filter --gold TSV -o models/record-filter-en.txt
 * FILE.jsonl...`): learns the attribution stage's record filter
 * (record_filter.h) from hand judgements of its records.
 *
 * The gold file (data/gold/records-allsides-train.tsv, its README) holds
 * one judged record per line: article id, cue, source and content byte
 * spans as `herald annotate` printed them, and the judge's labels (is it
 * a report of speech, writing, thought or intention; is its content the
 * statement, slipped or wrong; is its speaker right, wrong or none). The
 * trainer reads the articles (the reader of `herald annotate`), runs the
 * whole per-article pipeline through the stage table with the default
 * models and the filter off, pairs each record with its judgement (same
 * article, same cue span, or same source span when there is no cue, and
 * overlapping content), and learns a logistic regression (L2, full-batch
 * gradient descent from zero weights for a fixed number of steps:
 * deterministic) for "a report whose content is no wrong one".
 *
 * The threshold is chosen by K-fold cross-validation over articles
 * (fold = XXH32 of the article id mod K): every record is scored by the
 * model trained without its article's fold, and the threshold is the one
 * that maximises F0.5 of the kept records against the true reports
 * (precision counted twice as much as recall: the "precision
 * first"); it prints the held-out precision and recall before (every
 * record kept) and after. The final model is trained on every judged
 * record.
 *
 * Memory: the judged records' features (HD_RF_MAX_FEATS each).
 * Complexity: one pipeline run over the judged articles, then
 * O(steps x records x features x (K + 1)).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "attrib/attrib.h"
#include "attrib/cue_model.h"
#include "attrib/record_filter.h"
#include "eval/polnear.h"
#include "herald/read.h"
#include "herald/train.h"
#include "pipeline.h"
#include "text/article.h"
#include "util/buf.h"

typedef struct {
  char id[48];
  hd_span cue, source, content;
  int report, content_ok, speaker; /* report 0/1; content: 2 ok, 1 slip, 0 wrong; speaker: 2 right, 1 none, 0 wrong */
  int used;
} gold_row;

#define WEAK_FOLD 255 /* PolNeAR records: always trained on, never held out */

typedef struct {
  uint32_t f[HD_RF_MAX_FEATS];
  uint8_t n, label, fold, speaker;
  float weight;
  char cls[8]; /* the cue's class (hd_record_filter_cue_class), for the dump */
  uint8_t type;
  uint8_t droppable; /* hd_record_filter_droppable: the held-out figures keep the others */
} example;

typedef struct {
  gold_row *gold;
  size_t ngold;
  example *ex;
  size_t nex, cap;
  hd_stage_env env;
  const hd_cue_model *model;
  hd_quote_trace *traces; /* of the article being visited */
  size_t ntraces;
  long articles, records, failed;
  int folds;
  double weak; /* weight of a PolNeAR record */
  int agree_only; /* PolNeAR records only where its definition agrees with the issue's */
  long weak_records;
} rtrain;

static int by_id(const void *x, const void *y) {
  return strcmp(((const gold_row *)x)->id, ((const gold_row *)y)->id);
}

static int parse_span(char *s, char *e, hd_span *out) {
  if (!strcmp(s, "-")) {
    *out = hd_span_none();
    return 1;
  }
  char *end1, *end2;
  unsigned long a = strtoul(s, &end1, 10), b = strtoul(e, &end2, 10);
  *out = (hd_span){(uint32_t)a, (uint32_t)b};
  return !*end1 && !*end2 && a <= b;
}

/* The judgements; NULL (with a message) when the file is unreadable or a
 * line malformed. */
static gold_row *read_gold(const char *path, size_t *n) {
  FILE *fp = fopen(path, "r");
  if (!fp) {
    fprintf(stderr, "herald train record-filter: cannot read %s\n", path);
    return NULL;
  }
  gold_row *rows = NULL;
  size_t cap = 0, no = 0;
  char line[512];
  *n = 0;
  while (fgets(line, sizeof line, fp)) {
    no++;
    if (line[0] == '#' || line[0] == '\n') continue;
    char *c[10];
    size_t k = 0;
    for (char *s = strtok(line, "\t\n"); s && k < 10; s = strtok(NULL, "\t\n")) c[k++] = s;
    gold_row r = {0};
    int ok = k == 10 && strlen(c[0]) < sizeof r.id && parse_span(c[1], c[2], &r.cue) &&
             parse_span(c[3], c[4], &r.source) && parse_span(c[5], c[6], &r.content);
    if (ok) {
      snprintf(r.id, sizeof r.id, "%s", c[0]);
      r.report = !strcmp(c[7], "yes");
      r.content_ok = !strcmp(c[8], "ok") ? 2 : !strcmp(c[8], "slip") ? 1 : 0;
      r.speaker = !strcmp(c[9], "right") ? 2 : !strcmp(c[9], "none") ? 1 : 0;
      ok = r.report || !strcmp(c[7], "no");
    }
    if (!ok) {
      fprintf(stderr, "herald train record-filter: %s:%zu: malformed line\n", path, no);
      fclose(fp);
      hd_free(rows);
      return NULL;
    }
    HD_VEC_PUSH(rows, *n, cap, r);
  }
  fclose(fp);
  if (*n) qsort(rows, *n, sizeof *rows, by_id);
  return rows;
}

static void on_trace(void *ud, const hd_trace_event *ev) {
  rtrain *t = ud;
  if (ev->kind != HD_TRACE_QUOTE) return;
  /* plain calloc: the callback runs inside the stage's arena scope */
  if (!t->traces) {
    t->traces = calloc(ev->article->n_quotes + 1, sizeof *t->traces);
    t->ntraces = t->traces ? ev->article->n_quotes : 0;
  }
  if (t->traces && ev->item < t->ntraces) t->traces[ev->item] = *(const hd_quote_trace *)ev->data;
}

static int same(hd_span a, hd_span b) { return a.start == b.start && a.end == b.end; }
static int overlap(hd_span a, hd_span b) { return a.start < b.end && b.start < a.end; }

/* The judgement of record q of article id (rows [lo, hi) are its). */
static gold_row *judged(rtrain *t, size_t lo, size_t hi, const hd_quote *q) {
  for (size_t i = lo; i < hi; i++) {
    gold_row *g = &t->gold[i];
    if (g->used || !overlap(g->content, q->content)) continue;
    int cue = !hd_span_is_none(q->cue);
    if (cue ? same(g->cue, q->cue) : (hd_span_is_none(g->cue) && same(g->source, q->source))) return g;
  }
  return NULL;
}

static void on_article(void *ctx, hd_article *a) {
  rtrain *t = ctx;
  const char *id = a->meta[HD_META_ID];
  gold_row key = {0};
  size_t lo = 0, hi = t->ngold;
  if (id && strlen(id) < sizeof key.id) {
    snprintf(key.id, sizeof key.id, "%s", id);
    while (lo < hi) { /* first row of the id */
      size_t mid = (lo + hi) / 2;
      if (strcmp(t->gold[mid].id, key.id) < 0) lo = mid + 1;
      else hi = mid;
    }
    hi = lo;
    while (hi < t->ngold && !strcmp(t->gold[hi].id, key.id)) hi++;
  }
  if (!id || lo == hi) {
    hd_article_free(a);
    return;
  }
  hd_err err = {0};
  free(t->traces);
  t->traces = NULL;
  t->ntraces = 0;
  if (hd_run_stages(&t->env, a, HD_STAGE_CLEAN, HD_STAGE_ATTRIBUTE, &err) != 0) t->failed++;
  else {
    t->articles++;
    for (size_t i = 0; i < a->n_quotes; i++) {
      gold_row *g = judged(t, lo, hi, &a->quotes[i]);
      if (!g) continue;
      g->used = 1;
      example e = {0};
      e.n = (uint8_t)hd_record_filter_features(a, i, i < t->ntraces && t->traces ? &t->traces[i] : NULL, t->model, e.f);
      e.label = (uint8_t)(g->report && g->content_ok > 0);
      snprintf(e.cls, sizeof e.cls, "%s", hd_record_filter_cue_class(a, i));
      e.type = a->quotes[i].type;
      e.droppable = (uint8_t)hd_record_filter_droppable(a, i);
      e.speaker = (uint8_t)g->speaker;
      e.fold = (uint8_t)(XXH32(key.id, strlen(key.id), 0) % (uint32_t)t->folds);
      e.weight = 1;
      HD_VEC_PUSH(t->ex, t->nex, t->cap, e);
      t->records++;
    }
  }
  hd_article_free(a);
}

/* PolNeAR records (--polnear): the attribution stage as the eval runs it. */
static void weak_attribute(hd_article *a, void *ud) {
  rtrain *t = ud;
  hd_err err = {0};
  free(t->traces);
  t->traces = NULL;
  t->ntraces = 0;
  hd_run_stages(&t->env, a, HD_STAGE_ATTRIBUTE, HD_STAGE_ATTRIBUTE, &err);
}

/* Label: the record's content is a gold content (one-to-one), as the
 * confidence model's; weight t->weak. */
static void weak_visit(const pn_doc *d, void *ud) {
  rtrain *t = ud;
  const hd_article *a = d->a;
  uint8_t *ok = hd_xmalloc(a->n_quotes ? a->n_quotes : 1);
  pn_content_labels(d, ok);
  for (size_t i = 0; i < a->n_quotes; i++) {
    /* only where PolNeAR's definition and the agree: a quotation,
     * or a cue of the hand lists of speech and belief verbs, or punctuation */
    const char *cls = hd_record_filter_cue_class(a, i);
    if (t->agree_only && a->quotes[i].type == HD_Q_INDIRECT && strcmp(cls, "speech") && strcmp(cls, "belief") &&
        strcmp(cls, "punct"))
      continue;
    example e = {0};
    e.n = (uint8_t)hd_record_filter_features(a, i, i < t->ntraces && t->traces ? &t->traces[i] : NULL, t->model, e.f);
    e.label = ok[i];
    e.fold = WEAK_FOLD;
    e.speaker = 1;
    e.weight = (float)t->weak;
    HD_VEC_PUSH(t->ex, t->nex, t->cap, e);
    t->weak_records++;
  }
  hd_free(ok);
}

static void on_error(void *ctx, const hd_err *err) {
  (void)ctx;
  fprintf(stderr, "herald train record-filter: %s:%ld: %s\n", err->file, err->line, err->msg);
}

/* Logistic regression on the examples whose fold is not `skip` (-1: all). */
static void fit(const example *ex, size_t n, int skip, double l2, int steps, double *w) {
  double *g = hd_xcalloc(HD_RF_SIZE, sizeof *g);
  memset(w, 0, HD_RF_SIZE * sizeof *w);
  double m = 0;
  for (size_t i = 0; i < n; i++) m += ex[i].fold != skip ? ex[i].weight : 0;
  for (int s = 0; s < steps && m; s++) {
    memset(g, 0, HD_RF_SIZE * sizeof *g);
    for (size_t i = 0; i < n; i++) {
      if (ex[i].fold == skip) continue;
      double z = 0;
      for (int k = 0; k < ex[i].n; k++) z += w[ex[i].f[k]];
      double d = (1.0 / (1.0 + exp(-z)) - ex[i].label) * ex[i].weight;
      for (int k = 0; k < ex[i].n; k++) g[ex[i].f[k]] += d;
    }
    for (uint32_t j = 0; j < HD_RF_SIZE; j++)
      if (g[j] != 0 || w[j] != 0) w[j] -= 1.0 * (g[j] / m + l2 * w[j]);
  }
  hd_free(g);
}

static double prob(const double *w, const example *e) {
  double z = 0;
  for (int k = 0; k < e->n; k++) z += w[e->f[k]];
  return 1.0 / (1.0 + exp(-z));
}

/* Kept precision, recall of true reports and F0.5 at threshold th. */
static void at(const example *ex, const double *p, size_t n, double th, double *pr, double *rc, double *f05) {
  double kept = 0, good = 0, right = 0;
  for (size_t i = 0; i < n; i++) {
    if (ex[i].fold == WEAK_FOLD) continue;
    good += ex[i].label;
    if (p[i] < th && ex[i].droppable) continue;
    kept++;
    right += ex[i].label;
  }
  *pr = kept ? right / kept : 1;
  *rc = good ? right / good : 0;
  *f05 = *pr + *rc > 0 ? 1.25 * *pr * *rc / (0.25 * *pr + *rc) : 0;
}

/* Held-out scores of every example (K folds); returns the chosen threshold. */
static double cross_validate(const example *ex, size_t n, int folds, double l2, int steps, double target) {
  double *p = hd_xcalloc(n ? n : 1, sizeof *p), *w = hd_xmalloc(HD_RF_SIZE * sizeof *w);
  for (int k = 0; k < folds; k++) {
    fit(ex, n, k, l2, steps, w);
    for (size_t i = 0; i < n; i++)
      if (ex[i].fold == k) p[i] = prob(w, &ex[i]);
  }
  double best = 0, best_f = -1, pr, rc, f;
  int reached = 0;
  const char *dump = getenv("HERALD_RF_DUMP"); /* held-out scores, for analysis */
  FILE *df = dump ? fopen(dump, "w") : NULL;
  for (size_t i = 0; df && i < n; i++)
    if (ex[i].fold != WEAK_FOLD) fprintf(df, "%.4f\t%d\t%s\t%d\t%d\n", p[i], ex[i].label, ex[i].cls, ex[i].type, ex[i].speaker);
  if (df) fclose(df);
  at(ex, p, n, 0, &pr, &rc, &f);
  printf("held-out (%d folds): every record kept: precision %.3f, recall 1.000\n", folds, pr);
  for (int s = 0; s <= 95; s++) {
    double th = s / 100.0;
    at(ex, p, n, th, &pr, &rc, &f);
    if (s % 5 == 0) printf("  threshold %.2f: precision %.3f recall %.3f F0.5 %.3f\n", th, pr, rc, f);
    if (target > 0 ? (!reached && pr >= target) : f > best_f + 1e-12) best_f = f, best = th, reached = 1;
  }
  at(ex, p, n, best, &pr, &rc, &f);
  long spk_wrong = 0, kept = 0;
  for (size_t i = 0; i < n; i++)
    if (ex[i].fold != WEAK_FOLD && (p[i] >= best || !ex[i].droppable) && ex[i].label) kept++, spk_wrong += ex[i].speaker == 0;
  printf("chosen threshold %.2f (%s): precision %.3f recall %.3f; %ld of the %ld kept true reports have a wrong speaker\n",
         best, target > 0 ? "lowest with the target precision" : "best F0.5", pr, rc, spk_wrong, kept);
  hd_free(p);
  hd_free(w);
  return best;
}

static void usage(FILE *f) {
  fputs("usage: herald train record-filter --gold TSV [-o models/record-filter-en.txt] [--folds K] [--l2 X]\n"
        "                                  [--steps N] FILE.jsonl...\n"
        "  learns the attribution stage's record filter from hand judgements of its records\n"
        "  (data/gold/README.md) on the articles of FILE.jsonl, run through the whole pipeline\n"
        "  with the default models (the filter off); the threshold by K-fold cross-validation\n"
        "  --gold TSV    the judgements (data/gold/records-allsides-train.tsv)\n"
        "  -o FILE       the model to write (default models/record-filter-en.txt)\n"
        "  --folds K     cross-validation folds (default 5)\n"
        "  --l2 X        L2 penalty (default 0.01)\n"
        "  --steps N     gradient steps (default 800)\n"
        "  --precision P the threshold: the lowest whose held-out precision reaches P (default: best F0.5)\n"
        "  --polnear DIR PolNeAR-layout records as weaker examples (label: content is a gold content)\n"
        "  --polnear-weight W  their weight against a judged record's 1 (default 0.1)\n"
        "  --polnear-all  every PolNeAR record (default: only quotations and cues of the hand lists of\n"
        "                speech and belief verbs or punctuation, where PolNeAR's definition agrees with the issue's)\n",
        f);
}

int hd_train_record_filter_argv(int argc, char **argv) {
  const char *out = "models/record-filter-en.txt", *gold = NULL, *polnear = NULL;
  int folds = 5, steps = 800, first = 0;
  double l2 = 0.01, target = 0;
  rtrain t = {0};
  t.weak = 0.1;
  t.agree_only = 1;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) return usage(stdout), HD_RUN_OK;
    if (!strcmp(argv[i], "-o") && i + 1 < argc) out = argv[++i];
    else if (!strcmp(argv[i], "--gold") && i + 1 < argc) gold = argv[++i];
    else if (!strcmp(argv[i], "--folds") && i + 1 < argc) folds = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--l2") && i + 1 < argc) l2 = atof(argv[++i]);
    else if (!strcmp(argv[i], "--steps") && i + 1 < argc) steps = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--polnear") && i + 1 < argc) polnear = argv[++i];
    else if (!strcmp(argv[i], "--precision") && i + 1 < argc) target = atof(argv[++i]);
    else if (!strcmp(argv[i], "--polnear-all")) t.agree_only = 0;
    else if (!strcmp(argv[i], "--polnear-weight") && i + 1 < argc) t.weak = atof(argv[++i]);
    else if (argv[i][0] == '-') return usage(stderr), HD_RUN_USAGE;
    else if (!first) first = i;
  }
  if (!first || !gold || folds < 2 || folds > 20 || steps < 1 || !(l2 >= 0) || !(t.weak >= 0) || !(target >= 0 && target < 1)) return usage(stderr), HD_RUN_USAGE;
  t.folds = folds;
  if (!(t.gold = read_gold(gold, &t.ngold))) return HD_RUN_FAILED;
  hd_record_filter_disable(); /* the stage's records before the filter */
  hd_options opt = {0};
  hd_err err = {0};
  hd_pipeline *p = hd_pipeline_new(&opt, &err);
  if (!p) {
    fprintf(stderr, "herald train record-filter: %s\n", err.msg);
    hd_free(t.gold);
    return HD_RUN_FAILED;
  }
  t.env = *hd_pipeline_env(p);
  t.env.trace = on_trace;
  t.env.trace_ud = &t;
  t.model = t.env.cue_model;
  hd_reader r = {0};
  r.on_article = on_article;
  r.on_error = on_error;
  r.ctx = &t;
  for (int i = first; i < argc; i++)
    if (argv[i][0] != '-' && !(i > 1 && argv[i - 1][0] == '-')) hd_read_path(&r, argv[i]);
  long visited = 0, skipped = 0;
  if (polnear && pn_each(polnear, t.env.tagger, weak_attribute, weak_visit, &t, &visited, &skipped) != 0)
    fprintf(stderr, "herald train record-filter: no PolNeAR texts under %s\n", polnear);
  free(t.traces);
  if (polnear) printf("herald train record-filter: %ld PolNeAR records of %ld articles at weight %.3f\n", t.weak_records, visited, t.weak);
  long positives = 0;
  for (size_t i = 0; i < t.nex; i++) positives += t.ex[i].fold != WEAK_FOLD && t.ex[i].label;
  printf("herald train record-filter: %zu judgements, %ld records matched in %ld articles (%ld true reports), "
         "%zu judgements without their record\n",
         t.ngold, t.records, t.articles, positives, t.ngold - (size_t)t.records);
  int rc = HD_RUN_FAILED;
  if (t.nex) {
    double th = cross_validate(t.ex, t.nex, folds, l2, steps, target);
    double *w = hd_xmalloc(HD_RF_SIZE * sizeof *w);
    fit(t.ex, t.nex, -1, l2, steps, w);
    hd_record_filter *f = hd_xcalloc(1, sizeof *f);
    for (uint32_t j = 0; j < HD_RF_SIZE; j++) f->w[j] = fabs(w[j]) < 5e-7 ? 0.0f : (float)w[j];
    f->threshold = (float)th;
    rc = hd_record_filter_save(f, out) == 0 ? HD_RUN_OK : HD_RUN_FAILED;
    if (rc) fprintf(stderr, "herald train record-filter: cannot write %s\n", out);
    else printf("herald train record-filter: wrote %s\n", out);
    hd_free(f);
    hd_free(w);
  }
  hd_pipeline_free(p);
  hd_free(t.gold);
  hd_free(t.ex);
  return rc;
}
