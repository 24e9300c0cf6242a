/*
 * eval_cluster.c: hd_eval_cluster (herald/eval.h; `herald eval cluster
 * FILE.jsonl [--label FIELD] [--json]`) clusters the file as one stream (file order, or date order when every
 * record has a date) through exactly what ingest runs: the per-article
 * pipeline (NER included; --fast skips it) and the corpus step
 * (src/corpus/corpus.h: fingerprint, near-duplicates, stories), then
 * scores it against the gold label: pairwise precision/recall/F1 over
 * document pairs, BCubed precision/recall/F1, and NMI (normalised by the
 * geometric mean of the two entropies).
 * Complexity: O(records * per-article clustering) + O(records) to score.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/article.h"
#include "eval/tool.h"
#include "corpus/corpus.h"
#include "util/buf.h"
#include "util/json.h"

typedef struct {
  char *text, *title, *label, *date;
  int64_t day;
  long order;
} rec;

typedef struct {
  double pp, pr, pf, bp, br, bf, nmi;
  size_t n, n_gold, n_pred, largest;
} scores;

static char *label_of(const cJSON *v) {
  if (cJSON_IsString(v)) return hd_xstrdup(v->valuestring);
  if (cJSON_IsNumber(v)) {
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.17g", v->valuedouble);
    return hd_xstrdup(tmp);
  }
  return NULL;
}

static int by_day(const void *a, const void *b) {
  const rec *x = a, *y = b;
  if (x->day != y->day) return x->day < y->day ? -1 : 1;
  return (x->order > y->order) - (x->order < y->order);
}

static rec *load(const char *path, const char *field, size_t *n_out) {
  FILE *f = fopen(path, "r");
  if (!f) return NULL;
  rec *v = NULL;
  size_t n = 0, cap = 0, lcap = 0;
  char *line = NULL;
  ssize_t len;
  int all_dated = 1;
  while ((len = getline(&line, &lcap, f)) > 0) {
    cJSON *o = cJSON_ParseWithLength(line, (size_t)len);
    if (!o) continue;
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "text");
    char *lab = label_of(cJSON_GetObjectItemCaseSensitive(o, field));
    if (cJSON_IsString(t) && lab) {
      const cJSON *ti = cJSON_GetObjectItemCaseSensitive(o, "title");
      const cJSON *da = cJSON_GetObjectItemCaseSensitive(o, "date");
      rec r = {hd_xstrdup(t->valuestring), cJSON_IsString(ti) ? hd_xstrdup(ti->valuestring) : NULL, lab,
               cJSON_IsString(da) ? hd_xstrdup(da->valuestring) : NULL,
               cJSON_IsString(da) ? hd_parse_day(da->valuestring) : HD_NO_DAY, (long)n};
      if (r.day == HD_NO_DAY) all_dated = 0;
      HD_VEC_PUSH(v, n, cap, r);
    } else free(lab);
    cJSON_Delete(o);
  }
  free(line);
  fclose(f);
  if (all_dated && n) qsort(v, n, sizeof *v, by_day);
  *n_out = n;
  return v;
}

/* Dense ids for string labels: sort record indexes by label, number the
 * runs. O(n log n). */
static const rec *label_base;
static int by_label(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  int c = strcmp(label_base[x].label, label_base[y].label);
  return c ? c : (x > y) - (x < y);
}

static size_t *dense_labels(rec *r, size_t n, size_t *k) {
  size_t *order = hd_xmalloc(n * sizeof *order), *ids = hd_xmalloc(n * sizeof *ids);
  for (size_t i = 0; i < n; i++) order[i] = i;
  label_base = r;
  qsort(order, n, sizeof *order, by_label);
  size_t next = 0;
  for (size_t i = 0; i < n; i++) {
    if (i && strcmp(r[order[i]].label, r[order[i - 1]].label)) next++;
    ids[order[i]] = next;
  }
  *k = n ? next + 1 : 0;
  free(order);
  return ids;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

static double c2(double x) { return x * (x - 1) / 2; }

static void score(const size_t *gold, size_t ng, const uint32_t *pred, size_t np, size_t n, scores *s) {
  /* contingency as a sparse map: pairs (pred, gold) sorted */
  uint64_t *pairs = hd_xmalloc(n * sizeof *pairs);
  double *gsz = hd_xcalloc(ng, sizeof *gsz), *psz = hd_xcalloc(np, sizeof *psz);
  for (size_t i = 0; i < n; i++) {
    pairs[i] = ((uint64_t)pred[i] << 32) | gold[i];
    gsz[gold[i]]++;
    psz[pred[i]]++;
  }
  qsort(pairs, n, sizeof *pairs, cmp_u64);
  double tp = 0, bp = 0, br = 0, mi = 0;
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && pairs[j] == pairs[i]) j++;
    double nij = (double)(j - i);
    uint32_t p = (uint32_t)(pairs[i] >> 32), g = (uint32_t)(pairs[i] & 0xffffffffu);
    tp += c2(nij);
    bp += nij * nij / psz[p];
    br += nij * nij / gsz[g];
    mi += nij / n * log(nij * n / (psz[p] * gsz[g]));
    i = j;
  }
  double pp = 0, gp = 0, hp = 0, hg = 0;
  for (size_t i = 0; i < np; i++)
    if (psz[i] > 0) {
      pp += c2(psz[i]), hp -= psz[i] / n * log(psz[i] / n), s->n_pred++;
      if (psz[i] > s->largest) s->largest = (size_t)psz[i];
    }
  for (size_t i = 0; i < ng; i++)
    if (gsz[i] > 0) gp += c2(gsz[i]), hg -= gsz[i] / n * log(gsz[i] / n);
  s->n = n;
  s->n_gold = ng;
  s->pp = pp > 0 ? tp / pp : 0;
  s->pr = gp > 0 ? tp / gp : 0;
  s->pf = s->pp + s->pr > 0 ? 2 * s->pp * s->pr / (s->pp + s->pr) : 0;
  s->bp = bp / n;
  s->br = br / n;
  s->bf = s->bp + s->br > 0 ? 2 * s->bp * s->br / (s->bp + s->br) : 0;
  s->nmi = hp > 0 && hg > 0 ? mi / sqrt(hp * hg) : (hp == hg ? 1 : 0);
  free(pairs);
  free(gsz);
  free(psz);
}


/* The story of record `id` (1-based), for near-duplicates. */
static uint32_t story_of_record(void *ud, int64_t id) {
  const uint32_t *assigned = ud;
  return assigned[id - 1];
}

struct hd_eval_cluster_opts {
  const char *path, *field;
  int json, dedup, fast;
  FILE *partition;
  hd_options popt;
  hd_cluster_options o;
};

hd_eval_cluster_opts *hd_eval_cluster_opts_new(void) {
  hd_eval_cluster_opts *e = calloc(1, sizeof *e);
  if (!e) return NULL;
  e->field = "story";
  e->dedup = 1;
  hd_cluster_defaults(&e->o);
  return e;
}

void hd_eval_cluster_opts_free(hd_eval_cluster_opts *e) {
  if (!e) return;
  if (e->partition) fclose(e->partition);
  if (e->o.feature_log) fclose(e->o.feature_log);
  free(e);
}

static const char *const FLAGS[] = {"--json", "--no-dedup", "--fast", "--ner", NULL};
static const char *const VALUED[] = {
    "--label", "--threshold", "--merge", "--size-penalty", "--bigrams", "--posting-cap", "--title-weight",
    "--lead-weight", "--lead-sentences", "--specific-weight", "--numbers", "--cohesion", "--learned",
    "--title-channel", "--idf-power", "--dump-features", "--doc-terms", "--story-terms", "--candidates",
    "--word-clusters", "--wc-weight", "--wc-bits", "--entity-weight", "--model", "--partition", "path", NULL};

static int in(const char *const *names, const char *a) {
  for (; *names; names++)
    if (!strcmp(*names, a)) return 1;
  return 0;
}

int hd_eval_cluster_takes_value(const char *name) { return in(VALUED, name) ? 1 : in(FLAGS, name) ? 0 : -1; }

static int is(const char *a, const char *b) { return !strcmp(a, b); }

int hd_eval_cluster_set(hd_eval_cluster_opts *e, const char *a, const char *v) {
  hd_cluster_options *o = &e->o;
  int takes = hd_eval_cluster_takes_value(a);
  if (takes < 0) return -1;
  if (takes && !v) return -2;
  if (is(a, "--json")) e->json = 1;
  else if (is(a, "--no-dedup")) e->dedup = 0;
  else if (is(a, "--fast")) e->fast = 1;
  else if (is(a, "--ner")) e->fast = 0; /* the default since the corpus step is shared */
  else if (is(a, "path")) e->path = v;
  else if (is(a, "--label")) e->field = v;
  else if (is(a, "--model")) e->popt.ner_model = v;
  else if (is(a, "--threshold")) o->threshold = atof(v);
  else if (is(a, "--merge")) o->merge_threshold = atof(v);
  else if (is(a, "--size-penalty")) o->size_penalty = atof(v);
  else if (is(a, "--bigrams")) o->bigram_weight = atof(v);
  else if (is(a, "--posting-cap")) o->posting_cap = atoi(v);
  else if (is(a, "--title-weight")) o->title_weight = atof(v);
  else if (is(a, "--lead-weight")) o->lead_weight = atof(v);
  else if (is(a, "--lead-sentences")) o->lead_sentences = atoi(v);
  else if (is(a, "--specific-weight")) o->specific_weight = atof(v);
  else if (is(a, "--numbers")) o->numbers = atoi(v);
  else if (is(a, "--cohesion")) o->cohesion_full = atof(v);
  else if (is(a, "--learned")) o->learned = atoi(v);
  else if (is(a, "--title-channel")) o->title_channel = atof(v);
  else if (is(a, "--idf-power")) o->idf_power = atof(v);
  else if (is(a, "--partition")) {
    if (e->partition) fclose(e->partition);
    e->partition = fopen(v, "w");
    if (!e->partition) { fprintf(stderr, "herald eval cluster: cannot write %s\n", v); return -2; }
  }
  else if (is(a, "--dump-features")) {
    if (o->feature_log) fclose(o->feature_log);
    o->feature_log = fopen(v, "w");
    if (!o->feature_log) { fprintf(stderr, "herald eval cluster: cannot write %s\n", v); return -2; }
  }
  else if (is(a, "--doc-terms")) o->doc_terms = atoi(v);
  else if (is(a, "--story-terms")) o->story_terms = atoi(v);
  else if (is(a, "--candidates")) o->max_candidates = atoi(v);
  else if (is(a, "--word-clusters")) o->word_clusters = v;
  else if (is(a, "--wc-weight")) o->word_cluster_weight = atof(v);
  else if (is(a, "--wc-bits")) o->word_cluster_bits = atoi(v);
  else o->entity_weight = o->proxy_weight = atof(v);
  return 0;
}

int hd_eval_cluster(hd_eval_cluster_opts *e) {
  const char *path = e->path, *field = e->field;
  int json = e->json, dedup = e->dedup, fast = e->fast;
  FILE *partition = e->partition; /* closed by hd_eval_cluster_opts_free */
  hd_options popt = e->popt;
  hd_cluster_options o = e->o; /* its feature_log too */
  if (!path) return HD_RUN_USAGE;
  size_t n = 0;
  rec *r = load(path, field, &n);
  if (!r) { fprintf(stderr, "herald eval cluster: cannot read %s\n", path); return HD_RUN_USAGE; }
  if (n == 0) { fprintf(stderr, "herald eval cluster: no records with text and %s in %s\n", field, path); free(r); return HD_RUN_USAGE; }

  hd_pipeline *pipe = NULL;
  if (!fast) { /* ingest's pipeline, with ingest's defaults */
    hd_err err = {0};
    pipe = hd_pipeline_new(&popt, &err);
    if (!pipe) {
      hd_tool_report(&err);
      return HD_RUN_USAGE;
    }
  }
  hd_fp_options fo;
  hd_fp_defaults(&fo);
  uint32_t *assigned = hd_xmalloc(n * sizeof *assigned);
  hd_corpus *corpus = hd_corpus_new(&fo, &o, dedup, story_of_record, assigned);
  long failed = 0;
  for (size_t i = 0; i < n; i++) {
    hd_article *art = hd_article_new(r[i].text, strlen(r[i].text));
    if (r[i].title) hd_article_set_meta(art, HD_META_TITLE, r[i].title);
    if (r[i].date) hd_article_set_meta(art, HD_META_DATE, r[i].date);
    hd_article_set_input_line(art, r[i].order + 1);
    hd_article_set_meta(art, HD_META_INPUT_PATH, path);
    hd_err err = {0};
    if (pipe && hd_annotate(pipe, art, &err) != 0) { /* scored on its raw text */
      hd_tool_report(&err);
      failed++;
      hd_article_reset_layers(art);
    }
    hd_corpus_result res;
    hd_corpus_add(corpus, art, &res);
    assigned[i] = res.story.story;
    hd_corpus_index(corpus, (int64_t)i + 1, &res);
    hd_article_free(art);
  }
  hd_clusterer *c = hd_corpus_clusterer(corpus);
  hd_pipeline_free(pipe);
  for (size_t i = 0; i < n; i++) assigned[i] = hd_cluster_find(c, assigned[i]);
  if (partition) { /* record (0-based line among scored records), story */
    for (size_t i = 0; i < n; i++) fprintf(partition, "%ld\t%u\n", r[i].order, assigned[i] + 1);
    fflush(partition);
  }
  size_t ng;
  size_t *gold = dense_labels(r, n, &ng);
  scores s = {0};
  score(gold, ng, assigned, hd_cluster_n_stories(c), n, &s);
  if (json) {
    printf("{\"records\":%zu,\"gold_clusters\":%zu,\"clusters\":%zu,\"pairwise\":{\"p\":%.4f,\"r\":%.4f,\"f1\":%.4f},"
           "\"bcubed\":{\"p\":%.4f,\"r\":%.4f,\"f1\":%.4f},\"nmi\":%.4f}\n",
           s.n, s.n_gold, s.n_pred, s.pp, s.pr, s.pf, s.bp, s.br, s.bf, s.nmi);
  } else {
    printf("records %zu  gold clusters %zu  predicted clusters %zu (largest %zu)\n", s.n, s.n_gold, s.n_pred, s.largest);
    printf("pairwise  P %.4f  R %.4f  F1 %.4f\n", s.pp, s.pr, s.pf);
    printf("BCubed    P %.4f  R %.4f  F1 %.4f\n", s.bp, s.br, s.bf);
    printf("NMI       %.4f\n", s.nmi);
  }
  for (size_t i = 0; i < n; i++) free(r[i].text), free(r[i].title), free(r[i].label), free(r[i].date);
  free(r);
  free(gold);
  free(assigned);
  hd_corpus_free(corpus);
  if (o.feature_log) fflush(o.feature_log);
  return failed ? HD_RUN_FAILED : HD_RUN_OK;
}
