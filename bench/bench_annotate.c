/*
 * bench_annotate.c: times the per-article pipeline on articles held in
 * memory (input parsing and output writing excluded), one core, in three
 * configurations: clean+segment+tokenize; + NER; + NER, resolution and
 * attribution. Prints MB/s, articles/s and tokens/s per core (CPU time of
 * the one thread, so other load on the machine does not count) for each, and the
 * share attribution+resolution add. Usage: bench_annotate FILE... [--model M]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text/article.h"
#include "pipeline.h"
#include "attrib/cue_model.h"
#include "read/read.h"
#include "util/buf.h"

typedef struct {
  hd_article **v;
  size_t n, cap, bytes;
} corpus;

static void keep(void *ctx, hd_article *a) {
  corpus *c = ctx;
  c->bytes += a->raw_len;
  HD_VEC_PUSH(c->v, c->n, c->cap, a);
}

static void skip(void *ctx, const hd_err *e) {
  (void)ctx;
  fprintf(stderr, "bench: %s:%ld: %s\n", e->file, e->line, e->msg);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); /* CPU time: per-core figures even on a busy machine */
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Runs the pipeline over the corpus `reps` times; returns best seconds. */
static double run(hd_pipeline *p, corpus *c, int reps, size_t *tokens) {
  double best = 1e30;
  for (int r = 0; r < reps; r++) {
    size_t toks = 0;
    double t0 = now();
    for (size_t i = 0; i < c->n; i++) {
      hd_annotate(p, c->v[i], NULL);
      toks += c->v[i]->n_tokens;
    }
    double dt = now() - t0;
    if (dt < best) best = dt;
    *tokens = toks;
  }
  return best;
}

static void report(const char *name, corpus *c, double s, size_t toks) {
  printf("%-34s %8.1f MB/s %9.0f articles/s %11.0f tokens/s  (%.3f s)\n", name,
         (double)c->bytes / s / 1e6, (double)c->n / s, (double)toks / s, s);
}

/* Each stage timed on its own within full annotate runs (best of 5 per
 * stage): resolution + attribution as a share of the whole annotate
 * time, the cost measure of the attribution issue. */
static void stage_shares(hd_pipeline *p, corpus *c) {
  double best[HD_STAGE_COUNT];
  for (int k = 0; k < HD_STAGE_COUNT; k++) best[k] = 1e30;
  for (int r = 0; r < 5; r++) {
    double sum[HD_STAGE_COUNT] = {0};
    for (size_t i = 0; i < c->n; i++) {
      hd_article_reset_layers(c->v[i]);
      for (int k = 0; k < HD_STAGE_COUNT; k++) {
        double t0 = now();
        hd_run_stages(hd_pipeline_env(p), c->v[i], (hd_stage_id)k, (hd_stage_id)k, NULL);
        sum[k] += now() - t0;
      }
    }
    for (int k = 0; k < HD_STAGE_COUNT; k++)
      if (sum[k] < best[k]) best[k] = sum[k];
  }
  double total = 0;
  for (int k = 0; k < HD_STAGE_COUNT; k++) total += best[k];
  printf("stages (best of 5 each):");
  for (int k = 0; k < HD_STAGE_COUNT; k++) printf(" %s %.3f s", hd_stage_name((hd_stage_id)k), best[k]);
  printf("\nresolution + attribution: %.1f%% of annotate time\n",
         100.0 * (best[HD_STAGE_RESOLVE] + best[HD_STAGE_ATTRIBUTE]) / total);
}

int main(int argc, char **argv) {
  corpus c = {0};
  hd_reader r = {0};
  r.on_article = keep;
  r.on_error = skip;
  r.ctx = &c;
  const char *model = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--model") && i + 1 < argc) model = argv[++i];
    else hd_read_path(&r, argv[i]);
  }
  if (!c.n) {
    fprintf(stderr, "usage: bench_annotate FILE... [--model M]\n");
    return 2;
  }
  printf("corpus: %zu articles, %.1f MB\n", c.n, (double)c.bytes / 1e6);
  hd_options o = {0};
  o.no_ner = 1;
  o.no_quotes = 1;
  hd_pipeline *p = hd_pipeline_new(&o, NULL);
  size_t toks;
  double s = run(p, &c, 5, &toks);
  report("clean+segment+tokenize", &c, s, toks);
  hd_pipeline_free(p);
  hd_err err = {0};
  o.no_ner = 0;
  o.ner_model = model;
  p = hd_pipeline_new(&o, &err);
  if (!p) {
    printf("NER stages skipped: %s\n", err.msg);
  } else {
    o.no_quotes = 0;
    hd_pipeline *all = hd_pipeline_new(&o, &err);
    /* interleaved, best of 5 each, so load on the machine hits both alike */
    double s_ner = 1e30, s_all = 1e30;
    for (int r = 0; r < 5; r++) {
      double t = run(p, &c, 1, &toks);
      if (t < s_ner) s_ner = t;
      t = run(all, &c, 1, &toks);
      if (t < s_all) s_all = t;
    }
    report("+ NER (tag)", &c, s_ner, toks);
    report("+ resolve + attribute (all)", &c, s_all, toks);
    printf("attribution+resolution add %.1f%% to annotate time (difference of the two runs)\n",
           100.0 * (s_all - s_ner) / s_ner);
    /* the attribution stage alone, timed on the articles as the NER run left them */
    hd_cue_model *cm = hd_cue_model_load("models/attrib-en.bin", &err);
    hd_stage_env env = *hd_pipeline_env(all);
    env.cue_model = cm;
    run(p, &c, 1, &toks);
    double s_attr = 1e30;
    for (int r = 0; r < 5; r++) {
      double t0 = now();
      for (size_t i = 0; i < c.n; i++) {
        hd_article *a = c.v[i];
        a->quotes = NULL; /* the old layer stays in the arena until the next reset */
        a->n_quotes = a->cap_quotes = 0;
        hd_run_stages(&env, a, HD_STAGE_ATTRIBUTE, HD_STAGE_ATTRIBUTE, NULL);
      }
      double t = now() - t0;
      if (t < s_attr) s_attr = t;
    }
    printf("attribution stage alone: %.3f s = %.1f%% of the rest of annotate (%s)\n", s_attr,
           100.0 * s_attr / s_ner, cm ? "with the learned cue model" : "rules only: no models/attrib-en.bin");
    stage_shares(all, &c);
    hd_cue_model_free(cm);
    hd_pipeline_free(p);
    hd_pipeline_free(all);
  }
  for (size_t i = 0; i < c.n; i++) hd_article_free(c.v[i]);
  free(c.v);
  return 0;
}
