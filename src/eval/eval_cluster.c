/*
 * eval_cluster.c: `herald eval cluster FILE.jsonl [--label FIELD] [--json]`
 * clusters the file as one stream (file order, or date order when every
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
#include "corpus/story_model.h"
#include "util/buf.h"
#include "util/json.h"

/* Its many tuning knobs are parsed here (hd_eval_cluster_argv,
 * hd_train_stories_argv in herald/eval.h and train.h). */
static int cli_is(const char *a, const char *b) { return strcmp(a, b) == 0; }
static const char *cli_value(int argc, char **argv, int *i) {
  if (*i + 1 >= argc) {
    fprintf(stderr, "herald: option %s needs a value\n", argv[*i]);
    return NULL;
  }
  return argv[++*i];
}

typedef struct {
  char *id, *text, *title, *label, *date;
  int64_t day;
  long order;
} rec;

/* --part FIELD:N:K keeps the records whose integer FIELD is K modulo N
 * (records without it are kept): a split of a labelled file, e.g.
 * ECB+ topics, into a training part and a held-out part. */
typedef struct {
  const char *field;
  long n, k;
} part_filter;

static int parse_part(const char *v, part_filter *p) {
  static char field[64];
  const char *c1 = strchr(v, ':');
  if (!c1 || (size_t)(c1 - v) >= sizeof field) return -1;
  memcpy(field, v, (size_t)(c1 - v));
  field[c1 - v] = 0;
  if (sscanf(c1 + 1, "%ld:%ld", &p->n, &p->k) != 2 || p->n < 1 || p->k < 0 || p->k >= p->n) return -1;
  p->field = field;
  return 0;
}

static const part_filter *g_part; /* set by the command before load() */
static const hd_story_model *g_background; /* train stories: the background counted from --background files */

static int in_part(const cJSON *o) {
  if (!g_part) return 1;
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, g_part->field);
  if (!cJSON_IsNumber(v)) return 1;
  long x = (long)v->valuedouble;
  return ((x % g_part->n) + g_part->n) % g_part->n == g_part->k;
}

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
    if (cJSON_IsString(t) && lab && in_part(o)) {
      const cJSON *ti = cJSON_GetObjectItemCaseSensitive(o, "title");
      const cJSON *da = cJSON_GetObjectItemCaseSensitive(o, "date");
      rec r = {label_of(cJSON_GetObjectItemCaseSensitive(o, "id")), hd_xstrdup(t->valuestring), cJSON_IsString(ti) ? hd_xstrdup(ti->valuestring) : NULL, lab,
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


/* Training rows: the model features of every candidate the clusterer
 * scored, labelled 1 when it is the article's gold story. */
typedef struct {
  uint32_t current; /* the article's gold story (clusterer id), or HD_NO_STORY */
  int on_policy;    /* rows from the clusterer's own decisions (below) */
  size_t gold;      /* on policy: the article's gold id */
  size_t *story_gold; /* on policy: clusterer story -> gold id of its first article */
  size_t n_story_gold, cap_story_gold;
  double *x;
  uint8_t *y;
  size_t n, cap, cap_y;
  FILE *rows_out; /* --rows: every row as text (file doc label features) */
  int file;       /* the file being read (0-based) */
  size_t doc;     /* the record being added (0-based) */
} train_rows;

typedef struct {
  const size_t *ids;  /* dense gold id per record */
  uint32_t *story_of; /* gold id -> clusterer story (HD_NO_STORY: none yet) */
  train_rows *ctx;
} gold_stream;

static void collect_pair(void *ud, uint32_t story, const double *x) {
  train_rows *t = ud;
  if (t->n == t->cap) {
    t->cap = t->cap ? t->cap * 2 : 4096;
    t->x = hd_xrealloc(t->x, t->cap * HD_SM_FEATURES * sizeof *t->x);
    t->y = hd_xrealloc(t->y, t->cap);
  }
  memcpy(t->x + t->n * HD_SM_FEATURES, x, HD_SM_FEATURES * sizeof *x);
  if (t->on_policy) t->y[t->n++] = story < t->n_story_gold && t->story_gold[story] == t->gold;
  else t->y[t->n++] = story == t->current;
  if (t->rows_out) {
    fprintf(t->rows_out, "%d %zu %d", t->file, t->doc, t->y[t->n - 1]);
    for (int f = 0; f < HD_SM_FEATURES; f++) fprintf(t->rows_out, " %.6g", x[f]);
    fputc('\n', t->rows_out);
  }
}

/* The learned join decision for eval: `path` must load when given; a
 * missing default file means the hand score, with a warning. */
static hd_story_model *cli_story_model(const char *path) {
  hd_err err = {0};
  int missing = 0;
  hd_story_model *m = hd_story_model_open(path, &missing, &err);
  if (!m && missing) fputs("herald: no story model (models/stories-en.txt); stories by the hand score\n", stderr);
  else if (!m) hd_tool_report(&err);
  return m;
}

/* The story of record `id` (1-based), for near-duplicates. */
static uint32_t story_of_record(void *ud, int64_t id) {
  const uint32_t *assigned = ud;
  return assigned[id - 1];
}

/* Clusters the records as one stream, each through the pipeline (unless
 * `pipe` is NULL) and the corpus step, as ingest does; assigned[i] gets
 * record i's final story. With `gold` (dense gold ids), each article is
 * put in its gold story instead (training: the clusterer's on_pair
 * callback sees the features of every candidate it scored). Returns the
 * corpus (the caller frees it); *failed counts records the pipeline
 * could not annotate (scored on their raw text). */
static hd_corpus *cluster_records(rec *r, size_t n, const char *path, hd_pipeline *pipe, const hd_cluster_options *o,
                                  int dedup, const gold_stream *gold, uint32_t *assigned, long *failed) {
  hd_fp_options fo;
  hd_fp_defaults(&fo);
  hd_corpus *corpus = hd_corpus_new(&fo, o, dedup, story_of_record, assigned);
  for (size_t i = 0; i < n; i++) {
    hd_article *art = hd_article_new(r[i].text, strlen(r[i].text));
    if (r[i].title) hd_article_set_meta(art, HD_META_TITLE, r[i].title);
    if (r[i].date) hd_article_set_meta(art, HD_META_DATE, r[i].date);
    hd_article_set_input_line(art, r[i].order + 1);
    hd_article_set_meta(art, HD_META_INPUT_PATH, path);
    hd_err err = {0};
    if (pipe && hd_annotate(pipe, art, &err) != 0) { /* scored on its raw text */
      hd_tool_report(&err);
      ++*failed;
      hd_article_reset_layers(art);
    }
    hd_corpus_result res;
    if (gold) gold->ctx->doc = i;
    if (gold && gold->ctx->on_policy) { /* the clusterer decides; rows are labelled by gold */
      train_rows *t = gold->ctx;
      t->gold = gold->ids[i];
      hd_corpus_add(corpus, art, &res);
      if (res.story.opened) {
        while (t->n_story_gold <= res.story.story) HD_VEC_PUSH(t->story_gold, t->n_story_gold, t->cap_story_gold, (size_t)-1);
        t->story_gold[res.story.story] = t->gold;
      }
    } else if (gold) {
      gold->ctx->current = gold->story_of[gold->ids[i]];
      hd_corpus_add_to(corpus, art, gold->ctx->current == HD_NO_STORY ? HD_NEW_STORY : gold->ctx->current, &res);
      gold->story_of[gold->ids[i]] = res.story.story;
    } else {
      hd_corpus_add(corpus, art, &res);
    }
    assigned[i] = res.story.story;
    hd_corpus_index(corpus, (int64_t)i + 1, &res);
    hd_article_free(art);
  }
  hd_clusterer *c = hd_corpus_clusterer(corpus);
  for (size_t i = 0; i < n; i++) assigned[i] = hd_cluster_find(c, assigned[i]);
  return corpus;
}

/* {"id","story"} per record, in input order; story ids are 1-based. */
static int write_assignments(const char *file, const rec *r, size_t n, const uint32_t *assigned) {
  FILE *f = fopen(file, "w");
  if (!f) {
    fprintf(stderr, "herald eval cluster: cannot write %s\n", file);
    return -1;
  }
  hd_buf b;
  hd_buf_init(&b, 0);
  for (size_t i = 0; i < n; i++) {
    hd_buf_clear(&b);
    hd_buf_puts(&b, "{\"id\":");
    if (r[i].id) hd_json_cstr(&b, r[i].id);
    else hd_json_int(&b, r[i].order + 1);
    hd_buf_puts(&b, ",\"story\":");
    hd_json_int(&b, (long long)assigned[i] + 1);
    hd_buf_puts(&b, "}\n");
    fwrite(b.ptr, 1, b.len, f);
  }
  hd_buf_free(&b);
  return fclose(f) == 0 ? 0 : -1;
}

static void help(FILE *f) {
  fputs("usage: herald eval cluster FILE.jsonl [OPTIONS]\n"
        "Clusters {\"id\",\"text\",\"title\"?,\"date\"?} records as one stream and scores\n"
        "them against a gold label: pairwise P/R/F1, BCubed P/R/F1, NMI.\n\n"
        "  --label FIELD       gold label member (default story)\n"
        "  --json              one JSON object instead of text\n"
        "  --merge X           story merge threshold (default 0.25)\n"
        "  --size-penalty X    undated: score minus X*log(story size) (default 0.055)\n"
        "  --dated-size-penalty X  dated: the same (default 0.03)\n"
        "  --decay-days X      dated: time constant of the score's decay (default 30)\n"
        "  --decay-grace X     dated: days before it decays (default 3)\n"
        "  --decay-floor X     dated: least decay factor (default 0.6)\n"
        "  --bigrams X         weight of word pairs (default 0.5)\n"
        "  --title-weight X    a title word counts X times (default 2)\n"
        "  --lead-weight X     a word of the first sentence(s) counts X times (default 1.15)\n"
        "  --lead-sentences N  sentences in the lead (default 1)\n"
        "  --specific-weight X capitalised words and numbers count X times (default 1)\n"
        "  --cohesion X        undated: no size penalty for a story whose mean inner cosine is X (0 = off)\n"
        "  --word-clusters F   word classes file (default none; data/clusters.txt)\n"
        "  --vectors F         word vectors (`herald train vectors`) for the dense channel (default none)\n"
        "  --dense-weight X    hand score += X * (dense cosine - pivot) (default 0)\n"
        "  --dense-pivot X     (default 0.85)\n"
        "  --wc-weight X       weight of a word's class as a term (default 0)\n"
        "  --wc-bits N         leading bits that make a class (default 8)\n"
        "  --doc-terms N       heaviest terms kept per article (default 100)\n"
        "  --story-terms N     heaviest terms kept per story (default 600)\n"
        "  --candidates N      stories scored per article (default 48, at most 64)\n"
        "  --query-terms N     heaviest rare terms looked up in the index per article (default 32)\n"
        "  --query-max-df X    ... rare: in at most this share of the articles (default 0.02)\n"
        "  --idf-power X       term weight (1 + log tf) * idf^X (default 1)\n"
        "  --title-channel X   score += X * mean title cosine (default 0)\n"
        "  --number-weight X   score += X * (cosine of the numbers mentioned - pivot) (default 0)\n"
        "  --month-weight X    the same for the months and years mentioned (default 0)\n"
        "  --number-pivot X    (default 0.2)\n"
        "  --month-veto X      join score minus X when both mention months or years and share none (default 0)\n"
        "  --number-veto X     the same for numbers (default 0)\n"
        "  --learned 0|1       the learned join decision for undated articles (default 1, as ingest; 0: the hand score)\n"
        "  --title-month-veto X  the join margin minus X when both titles name months and share none (default 1)\n"
        "  --hand-join X       with it, when no candidate reaches the model's threshold, join the best\n"
        "                      hand-scored one if its hand score reaches X (default 0.18; 0 = off)\n"
        "  --story-model FILE  its model (default models/stories-en.txt; `herald train stories`; `hand`: none)\n"
        "  --join-threshold P  join when the model's probability reaches P (default: the model's)\n"
        "  --threshold X       the hand score's join threshold (without a model; default 0.12)\n"
        "  --assignments FILE  write {\"id\",\"story\"} per record (JSON Lines) to FILE\n"
        "  --dump-features F   write pair features and decisions to F\n"
        "  --part FIELD:N:K    only records whose integer FIELD is K mod N (a held-out split)\n"
        "  --numbers 0|1       numbers as terms (default 1)\n"
        "  --posting-cap N     stories kept per term in the index (default 64)\n"
        "  --entity-weight X   weight of entity overlap (default 0.05 with NER entities, 0 with capitalised words)\n"
        "  --no-dedup          do not fold near-duplicates first\n"
        "  --fast              skip the per-article pipeline: raw text, given title and\n"
        "                      capitalised words instead of entities (cheaper; not what\n"
        "                      ingest runs). By default each record goes through the\n"
        "                      pipeline and the corpus step exactly as `herald ingest`\n"
        "  --model FILE        NER model\n"
        "  --partition F       write each record's story to F (record number, story)\n",
        f);
}

int hd_eval_cluster_argv(int argc, char **argv) {
  const char *path = NULL, *field = "story";
  int json = 0, dedup = 1, fast = 0, learned = 1;
  long failed = 0;
  const char *model_path = NULL, *assignments = NULL;
  part_filter part;
  FILE *partition = NULL;
  hd_options popt = {0};
  hd_cluster_options o;
  hd_cluster_defaults(&o);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (cli_is(a, "--help") || cli_is(a, "-h")) { help(stdout); return HD_RUN_OK; }
    else if (cli_is(a, "--json")) json = 1;
    else if (cli_is(a, "--no-dedup")) dedup = 0;
    else if (cli_is(a, "--fast")) fast = 1;
    else if (cli_is(a, "--ner")) fast = 0; /* the default since the corpus step is shared */
    else if (cli_is(a, "--label") || cli_is(a, "--threshold") || cli_is(a, "--merge") || cli_is(a, "--size-penalty") || cli_is(a, "--bigrams") || cli_is(a, "--posting-cap") || cli_is(a, "--title-weight") ||
             cli_is(a, "--lead-weight") || cli_is(a, "--lead-sentences") || cli_is(a, "--specific-weight") || cli_is(a, "--numbers") || cli_is(a, "--cohesion") || cli_is(a, "--learned") || cli_is(a, "--title-channel") || cli_is(a, "--idf-power") || cli_is(a, "--dump-features") || cli_is(a, "--doc-terms") || cli_is(a, "--story-terms") || cli_is(a, "--candidates") || cli_is(a, "--query-terms") || cli_is(a, "--query-max-df") || cli_is(a, "--word-clusters") || cli_is(a, "--vectors") || cli_is(a, "--dense-weight") || cli_is(a, "--dense-pivot") || cli_is(a, "--wc-weight") || cli_is(a, "--wc-bits") ||
             cli_is(a, "--entity-weight") || cli_is(a, "--model") || cli_is(a, "--partition") ||
             cli_is(a, "--story-model") || cli_is(a, "--join-threshold") || cli_is(a, "--assignments") || cli_is(a, "--part") ||
             cli_is(a, "--number-weight") || cli_is(a, "--month-weight") || cli_is(a, "--number-pivot") || cli_is(a, "--month-veto") || cli_is(a, "--title-clash-veto") || cli_is(a, "--title-month-veto") || cli_is(a, "--hand-join") || cli_is(a, "--number-veto") ||
             cli_is(a, "--decay-days") || cli_is(a, "--decay-grace") || cli_is(a, "--decay-floor") || cli_is(a, "--dated-size-penalty")) {
      const char *v = cli_value(argc, argv, &i);
      if (!v) return HD_RUN_USAGE;
      if (cli_is(a, "--label")) field = v;
      else if (cli_is(a, "--model")) popt.ner_model = v;
      else if (cli_is(a, "--threshold")) o.threshold = atof(v);
      else if (cli_is(a, "--merge")) o.merge_threshold = atof(v);
      else if (cli_is(a, "--size-penalty")) o.size_penalty = atof(v);
      else if (cli_is(a, "--bigrams")) o.bigram_weight = atof(v);
      else if (cli_is(a, "--posting-cap")) o.posting_cap = atoi(v);
      else if (cli_is(a, "--title-weight")) o.title_weight = atof(v);
      else if (cli_is(a, "--lead-weight")) o.lead_weight = atof(v);
      else if (cli_is(a, "--lead-sentences")) o.lead_sentences = atoi(v);
      else if (cli_is(a, "--specific-weight")) o.specific_weight = atof(v);
      else if (cli_is(a, "--numbers")) o.numbers = atoi(v);
      else if (cli_is(a, "--cohesion")) o.cohesion_full = atof(v);
      else if (cli_is(a, "--learned")) learned = atoi(v);
      else if (cli_is(a, "--story-model")) model_path = v, learned = strcmp(v, "hand") != 0;
      else if (cli_is(a, "--join-threshold")) o.model_threshold = atof(v);
      else if (cli_is(a, "--assignments")) assignments = v;
      else if (cli_is(a, "--number-weight")) o.number_weight = atof(v);
      else if (cli_is(a, "--month-weight")) o.month_weight = atof(v);
      else if (cli_is(a, "--number-pivot")) o.number_pivot = atof(v);
      else if (cli_is(a, "--month-veto")) o.month_veto = atof(v);
      else if (cli_is(a, "--hand-join")) o.hand_join = atof(v);
      else if (cli_is(a, "--title-clash-veto")) o.title_clash_veto = atof(v);
      else if (cli_is(a, "--title-month-veto")) o.title_month_veto = atof(v);
      else if (cli_is(a, "--number-veto")) o.number_veto = atof(v);
      else if (cli_is(a, "--decay-days")) o.decay_days = atof(v);
      else if (cli_is(a, "--decay-grace")) o.decay_grace = atof(v);
      else if (cli_is(a, "--decay-floor")) o.decay_floor = atof(v);
      else if (cli_is(a, "--dated-size-penalty")) o.dated_size_penalty = atof(v);
      else if (cli_is(a, "--part")) {
        if (parse_part(v, &part) != 0) { fprintf(stderr, "herald eval cluster: bad --part %s (FIELD:N:K)\n", v); return HD_RUN_USAGE; }
        g_part = &part;
      }
      else if (cli_is(a, "--title-channel")) o.title_channel = atof(v);
      else if (cli_is(a, "--idf-power")) o.idf_power = atof(v);
      else if (cli_is(a, "--partition")) {
        if (partition) fclose(partition);
        partition = fopen(v, "w");
        if (!partition) { fprintf(stderr, "herald eval cluster: cannot write %s\n", v); return HD_RUN_USAGE; }
      }
      else if (cli_is(a, "--dump-features")) {
        if (o.feature_log) fclose(o.feature_log);
        o.feature_log = fopen(v, "w");
        if (!o.feature_log) { fprintf(stderr, "herald eval cluster: cannot write %s\n", v); return HD_RUN_USAGE; }
      }
      else if (cli_is(a, "--doc-terms")) o.doc_terms = atoi(v);
      else if (cli_is(a, "--story-terms")) o.story_terms = atoi(v);
      else if (cli_is(a, "--candidates")) o.max_candidates = atoi(v);
      else if (cli_is(a, "--query-terms")) o.query_terms = atoi(v);
      else if (cli_is(a, "--query-max-df")) o.query_max_df = atof(v);
      else if (cli_is(a, "--word-clusters")) o.word_clusters = v;
      else if (cli_is(a, "--vectors")) o.vectors = v;
      else if (cli_is(a, "--dense-weight")) o.dense_weight = atof(v);
      else if (cli_is(a, "--dense-pivot")) o.dense_pivot = atof(v);
      else if (cli_is(a, "--wc-weight")) o.word_cluster_weight = atof(v);
      else if (cli_is(a, "--wc-bits")) o.word_cluster_bits = atoi(v);
      else o.entity_weight = o.proxy_weight = atof(v);
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "herald eval cluster: unknown option %s\n", a);
      help(stderr);
      return HD_RUN_USAGE;
    } else path = a;
  }
  if (!path) { help(stderr); return HD_RUN_USAGE; }
  hd_story_model *model = NULL;
  if (learned && (model = cli_story_model(model_path)) == NULL && model_path) {
    if (partition) fclose(partition);
    if (o.feature_log) fclose(o.feature_log);
    return HD_RUN_USAGE;
  }
  o.model = model;
  o.background = model; /* the background document frequencies it was trained with */
  size_t n = 0;
  rec *r = load(path, field, &n);
  if (!r || n == 0) {
    if (!r) fprintf(stderr, "herald eval cluster: cannot read %s\n", path);
    else fprintf(stderr, "herald eval cluster: no records with text and %s in %s\n", field, path);
    free(r);
    hd_story_model_free(model);
    return HD_RUN_USAGE;
  }

  hd_pipeline *pipe = NULL;
  if (!fast) { /* ingest's pipeline, with ingest's defaults */
    hd_err err = {0};
    pipe = hd_pipeline_new(&popt, &err);
    if (!pipe) {
      hd_tool_report(&err);
      hd_story_model_free(model);
      return HD_RUN_USAGE;
    }
  }
  uint32_t *assigned = hd_xmalloc(n * sizeof *assigned);
  hd_clusterer *c = NULL;
  hd_corpus *corpus = cluster_records(r, n, path, pipe, &o, dedup, NULL, assigned, &failed);
  c = hd_corpus_clusterer(corpus);
  hd_pipeline_free(pipe);
  if (partition) { /* record (0-based line among scored records), story */
    for (size_t i = 0; i < n; i++) fprintf(partition, "%ld\t%u\n", r[i].order, assigned[i] + 1);
    fclose(partition);
  }
  if (assignments && write_assignments(assignments, r, n, assigned) != 0) failed++;
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
  for (size_t i = 0; i < n; i++) free(r[i].id), free(r[i].text), free(r[i].title), free(r[i].label), free(r[i].date);
  free(r);
  free(gold);
  free(assigned);
  hd_corpus_free(corpus);
  hd_story_model_free(model);
  if (o.feature_log) fclose(o.feature_log);
  return failed ? HD_RUN_FAILED : HD_RUN_OK;
}

/* ---- herald train stories ---- */

static void train_help(FILE *f) {
  fputs("usage: herald train stories [-o models/stories-en.txt] [OPTIONS] FILE.jsonl[:LABEL]...\n"
        "Fits the learned join decision of the story clusterer: each file is one\n"
        "stream of {\"id\",\"text\",\"title\"?,\"date\"?} records run through the pipeline\n"
        "and the corpus step as ingest does, but with every article put in its gold\n"
        "story (LABEL, default story); every candidate story the clusterer scores is\n"
        "a training row (1: the article's gold story). Logistic regression, Newton,\n"
        "deterministic.\n\n"
        "  -o FILE            model to write (default models/stories-en.txt)\n"
        "  --threshold P      join when the probability reaches P (default 0.5)\n"
        "  --l2 X             L2 penalty per row (default 1e-4)\n"
        "  --drop F1,F2       leave these features out (weight 0)\n"
        "  --policy gold|hand|FILE  who decides while rows are collected: every article\n"
        "                     in its gold story (default), or the clusterer itself with\n"
        "                     the hand score or the model FILE (rows labelled 1 when the\n"
        "                     story's first article has the article's gold label)\n"
        "  --part FIELD:N:K   only records whose integer FIELD is K mod N (others kept)\n"
        "  --balance          each file's rows weigh the same in total (default: each row 1)\n"
        "  --fast             skip the per-article pipeline (capitalised words as entities)\n"
        "  --rows FILE        also write every row as text: file record label features...\n"
        "  --background F.jsonl  count the document frequencies of these records (repeatable)\n"
        "                     as the clusterer's idf prior, while training and in the model\n"
        "                     written (ingest and eval use them with it)\n"
        "  --background-min-df N  keep terms in at least N of them (default 3)\n"
        "  --model FILE       NER model\n",
        f);
}

/* Runs one file as a gold stream, appending its rows to t. */
/* The background document frequencies of the records of `paths` (each
 * through the pipeline and the corpus step as ingest would read it, but
 * counted only: HD_COUNT_ONLY), as a model holding nothing else; terms
 * in fewer than min_df records are left out. NULL if a file cannot be
 * read. O(words). */
static hd_story_model *count_background(const char **paths, int n_paths, hd_pipeline *pipe, uint32_t min_df, long *failed) {
  hd_fp_options fo;
  hd_fp_defaults(&fo);
  hd_cluster_options o;
  hd_cluster_defaults(&o);
  hd_corpus *corpus = hd_corpus_new(&fo, &o, 0, story_of_record, NULL);
  const part_filter *part = g_part;
  g_part = NULL; /* the background is read whole */
  int ok = 1;
  for (int k = 0; k < n_paths && ok; k++) {
    size_t n = 0;
    rec *r = load(paths[k], "id", &n);
    if (!r || !n) {
      fprintf(stderr, "herald train stories: no records with text and id in %s\n", paths[k]);
      ok = 0;
    }
    for (size_t i = 0; i < n; i++) {
      hd_article *art = hd_article_new(r[i].text, strlen(r[i].text));
      if (r[i].title) hd_article_set_meta(art, HD_META_TITLE, r[i].title);
      hd_err err = {0};
      if (pipe && hd_annotate(pipe, art, &err) != 0) {
        hd_tool_report(&err);
        ++*failed;
        hd_article_reset_layers(art);
      }
      hd_corpus_result res;
      hd_corpus_add_to(corpus, art, HD_COUNT_ONLY, &res);
      hd_article_free(art);
      free(r[i].id), free(r[i].text), free(r[i].title), free(r[i].label), free(r[i].date);
    }
    free(r);
  }
  g_part = part;
  hd_story_model *m = NULL;
  if (ok) {
    hd_buf text;
    hd_buf_init(&text, 0);
    hd_cluster_write_background(hd_corpus_clusterer(corpus), &text, min_df);
    m = hd_xcalloc(1, sizeof *m);
    hd_story_model_set_background(m, text.ptr, text.len, NULL, NULL);
    hd_buf_free(&text);
  }
  hd_corpus_free(corpus);
  return m;
}

static int train_file(const char *spec, hd_pipeline *pipe, const hd_story_model *policy, train_rows *t, long *failed) {
  char *path = hd_xstrdup(spec), *colon = strrchr(path, ':');
  const char *field = "story";
  if (colon && !strchr(colon, '/')) *colon = 0, field = colon + 1;
  size_t n = 0;
  rec *r = load(path, field, &n);
  if (!r || n == 0) {
    fprintf(stderr, "herald train stories: no records with text and %s in %s\n", field, path);
    free(r);
    free(path);
    return -1;
  }
  size_t ng;
  size_t *gold = dense_labels(r, n, &ng);
  uint32_t *story_of = hd_xmalloc((ng + 1) * sizeof *story_of);
  for (size_t i = 0; i < ng; i++) story_of[i] = HD_NO_STORY;
  gold_stream gs = {gold, story_of, t};
  hd_cluster_options o;
  hd_cluster_defaults(&o);
  if (!t->on_policy) o.merge_threshold = 1e9; /* gold stories: no merges */
  o.model = policy;
  o.background = g_background;
  t->n_story_gold = 0;
  o.on_pair = collect_pair;
  o.pair_ud = t;
  uint32_t *assigned = hd_xmalloc(n * sizeof *assigned);
  size_t before = t->n;
  hd_corpus *corpus = cluster_records(r, n, path, pipe, &o, t->on_policy, &gs, assigned, failed);
  size_t pos = 0;
  for (size_t i = before; i < t->n; i++) pos += t->y[i];
  fprintf(stderr, "%s: %zu records, %zu stories, %zu candidate pairs (%zu positive)\n", path, n, ng, t->n - before, pos);
  hd_corpus_free(corpus);
  for (size_t i = 0; i < n; i++) free(r[i].id), free(r[i].text), free(r[i].title), free(r[i].label), free(r[i].date);
  free(r);
  free(gold);
  free(story_of);
  free(assigned);
  free(path);
  return 0;
}

int hd_train_stories_argv(int argc, char **argv) {
  const char *out = "models/stories-en.txt", *drop = "", *policy = "gold", *rows_path = NULL;
  part_filter part;
  double threshold = 0.5, l2 = 1e-4;
  int fast = 0, balance = 0;
  hd_options popt = {0};
  hd_buf files, backgrounds;
  hd_buf_init(&files, 0);
  hd_buf_init(&backgrounds, 0);
  int n_backgrounds = 0, bg_min_df = 3;
  int n_files = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (cli_is(a, "--help") || cli_is(a, "-h")) { train_help(stdout); hd_buf_free(&files); hd_buf_free(&backgrounds); return HD_RUN_OK; }
    else if (cli_is(a, "--fast")) fast = 1;
    else if (cli_is(a, "--balance")) balance = 1;
    else if (cli_is(a, "-o") || cli_is(a, "--threshold") || cli_is(a, "--l2") || cli_is(a, "--model") || cli_is(a, "--drop") ||
             cli_is(a, "--policy") || cli_is(a, "--part") || cli_is(a, "--rows") || cli_is(a, "--background") ||
             cli_is(a, "--background-min-df")) {
      const char *v = cli_value(argc, argv, &i);
      if (!v) { hd_buf_free(&files); hd_buf_free(&backgrounds); return HD_RUN_USAGE; }
      if (cli_is(a, "-o")) out = v;
      else if (cli_is(a, "--threshold")) threshold = atof(v);
      else if (cli_is(a, "--l2")) l2 = atof(v);
      else if (cli_is(a, "--drop")) drop = v;
      else if (cli_is(a, "--policy")) policy = v;
      else if (cli_is(a, "--rows")) rows_path = v;
      else if (cli_is(a, "--background")) hd_buf_put(&backgrounds, &v, sizeof v), n_backgrounds++;
      else if (cli_is(a, "--background-min-df")) bg_min_df = atoi(v);
      else if (cli_is(a, "--part")) {
        if (parse_part(v, &part) != 0) { fprintf(stderr, "herald train stories: bad --part %s (FIELD:N:K)\n", v); hd_buf_free(&files); hd_buf_free(&backgrounds); return HD_RUN_USAGE; }
        g_part = &part;
      }
      else popt.ner_model = v;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "herald train stories: unknown option %s\n", a);
      train_help(stderr);
      hd_buf_free(&files);
      return HD_RUN_USAGE;
    } else {
      hd_buf_put(&files, &argv[i], sizeof argv[i]);
      n_files++;
    }
  }
  if (!n_files || !(threshold >= 0 && threshold <= 1) || !(l2 >= 0)) { train_help(stderr); hd_buf_free(&files); hd_buf_free(&backgrounds); return HD_RUN_USAGE; }
  hd_pipeline *pipe = NULL;
  if (!fast) {
    hd_err err = {0};
    if (!(pipe = hd_pipeline_new(&popt, &err))) { hd_tool_report(&err); hd_buf_free(&files); hd_buf_free(&backgrounds); return HD_RUN_USAGE; }
  }
  train_rows t = {0};
  long failed = 0;
  int rc = HD_RUN_OK;
  hd_story_model *bg = NULL;
  if (n_backgrounds) {
    bg = count_background((const char **)(void *)backgrounds.ptr, n_backgrounds, pipe, bg_min_df > 0 ? (uint32_t)bg_min_df : 1, &failed);
    if (!bg) rc = HD_RUN_USAGE;
    g_background = bg;
  }
  if (rows_path && !(t.rows_out = fopen(rows_path, "w"))) {
    fprintf(stderr, "herald train stories: cannot write %s\n", rows_path);
    rc = HD_RUN_USAGE;
  }
  hd_story_model *acting = NULL;
  t.on_policy = strcmp(policy, "gold") != 0;
  if (t.on_policy && strcmp(policy, "hand") != 0) {
    hd_err err = {0};
    if (!(acting = hd_story_model_load(policy, &err))) { hd_tool_report(&err); rc = HD_RUN_USAGE; }
  }
  char **paths = (char **)(void *)files.ptr;
  double *weight = NULL;
  size_t n_weight = 0, cap_weight = 0;
  for (int k = 0; k < n_files && rc == HD_RUN_OK; k++) {
    size_t before = t.n;
    t.file = k;
    if (train_file(paths[k], pipe, acting, &t, &failed) != 0) rc = HD_RUN_USAGE;
    /* balanced: each file's rows sum to the mean file size */
    for (size_t r = before; r < t.n; r++) HD_VEC_PUSH(weight, n_weight, cap_weight, 1.0 / (double)(t.n - before));
  }
  for (size_t r = 0; r < n_weight; r++) weight[r] *= (double)t.n / n_files;
  hd_story_model_free(acting);
  if (t.rows_out) fclose(t.rows_out);
  free(t.story_gold);
  hd_pipeline_free(pipe);
  for (int f = 0; f < HD_SM_FEATURES; f++) { /* a dropped feature is a constant 0: weight 0 */
    size_t nl = strlen(HD_SM_NAMES[f]);
    for (const char *p = drop; *p; p += strcspn(p, ","), p += *p == ',')
      if (strcspn(p, ",") == nl && !strncmp(p, HD_SM_NAMES[f], nl))
        for (size_t r = 0; r < t.n; r++) t.x[r * HD_SM_FEATURES + f] = 0;
  }
  hd_story_model m0, *m = &m0;
  if (rc == HD_RUN_OK && hd_story_model_fit(m, t.x, t.y, balance ? weight : NULL, t.n, l2) != 0) {
    fputs("herald train stories: nothing to fit (no candidate pairs)\n", stderr);
    rc = HD_RUN_USAGE;
  }
  if (rc == HD_RUN_OK) {
    m->threshold = threshold;
    m = hd_xmalloc(sizeof *m);
    *m = m0;
    if (bg) hd_story_model_set_background(m, bg->bg_text, bg->bg_len, NULL, NULL); /* it was trained with them */
    char comment[256];
    snprintf(comment, sizeof comment, "herald train stories: %zu candidate pairs%s, l2 %g, policy %s, %s%s%s", t.n, balance ? " (files balanced)" : "", l2,
             t.on_policy && acting ? "model" : policy, fast ? "--fast" : "through the pipeline", *drop ? ", without " : "", drop);
    if (hd_story_model_save(m, out, comment) != 0) {
      fprintf(stderr, "herald train stories: cannot write %s\n", out);
      rc = HD_RUN_USAGE;
    } else {
      fprintf(stderr, "wrote %s\n", out);
      for (int i = 0; i < HD_SM_FEATURES; i++) fprintf(stderr, "  %-10s %+.3f\n", HD_SM_NAMES[i], m->w[i]);
    }
    hd_story_model_free(m);
  }
  hd_story_model_free(bg);
  g_background = NULL;
  hd_buf_free(&backgrounds);
  free(t.x);
  free(t.y);
  free(weight);
  hd_buf_free(&files);
  return rc != HD_RUN_OK ? rc : failed ? HD_RUN_FAILED : HD_RUN_OK;
}
