/*
 * eval_extract.c: `herald eval extract GROUND_TRUTH.json HTML_DIR` scores
 * the reader's main-text extraction (src/read/html.c, then the clean
 * stage, as `herald annotate` runs them) on pages HTML_DIR/ID.html or
 * ID.html.gz. Ground truth, per ID, in either format:
 *  - {"articleBody": "..."}: the shingle metric of the article-extraction
 *    benchmark: the text as \w+ tokens, the multiset of 4-token shingles,
 *    per page tp/fp/fn normalised to sum to 1, precision and recall
 *    averaged over pages, F1 of the two means; plus the share of pages
 *    whose token sequence is identical.
 *  - {"with": [...], "without": [...]}: trafilatura's snippet metric
 *    (a snippet counts as found when it is a substring of the text after
 *    every white-space run is folded to one space; counts summed over
 *    pages; P, R, accuracy, F), as ../shared/data/extraction scores it.
 * An optional "meta" {"date", "author"} is scored too: the share of dated
 * pages given a date, and how many of those agree on the day; the same for
 * bylines (agreement: one name contains the other, ignoring case).
 * Also prints pages per CPU-second of reading (read + extract + clean).
 * Options: --raw scores the reader's text before the clean stage;
 * --pred FILE writes {ID: text} for other scorers; --json one JSON object;
 * --worst N lists the N lowest-scoring pages.
 * Complexity: O(pages * page size). Memory: one page and the ground truth.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <utf8proc.h>

#include "cli.h"
#include "pipeline.h"
#include "read/blocks.h"
#include "read/read.h"
#include "text/article.h"
#include "util/buf.h"

typedef struct {
  hd_article *a; /* the page's article (the first, if several) */
  int errors;
} capture;

static void on_article(void *ctx, hd_article *a) {
  capture *c = ctx;
  if (!c->a) c->a = a;
  else hd_article_free(a);
}

static void on_error(void *ctx, const hd_err *e) {
  (void)e;
  ((capture *)ctx)->errors++;
}

/* ---- tokens and white space ---------------------------------------- */
static int is_word_cp(utf8proc_int32_t cp) {
  if (cp == '_') return 1;
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
  utf8proc_category_t c = utf8proc_category(cp);
  return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
         (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

static int is_space_cp(utf8proc_int32_t cp) {
  if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x1F);
  if (cp == 0x85) return 1;
  utf8proc_category_t c = utf8proc_category(cp);
  return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP;
}

/* Folds every white-space run to one space and strips the ends. */
char *eval_fold_ws(const char *s) {
  hd_buf b;
  hd_buf_init(&b, 0);
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  size_t n = strlen(s), i = 0;
  int pending = 0;
  while (i < n) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) k = 1, cp = 0xFFFD;
    if (is_space_cp(cp)) pending = 1;
    else {
      if (pending && b.len) hd_buf_putc(&b, ' ');
      pending = 0;
      hd_buf_put(&b, p + i, (size_t)k);
    }
    i += (size_t)k;
  }
  return hd_buf_take(&b, NULL);
}

/* \w+ tokens joined by single spaces, with token starts in *starts. */
typedef struct {
  char *s;
  size_t *start, n;
} tokens;

static tokens tokenize(const char *s) {
  tokens t = {0};
  hd_buf b;
  hd_buf_init(&b, 0);
  size_t cap = 0, n = strlen(s), i = 0;
  int in = 0;
  while (i < n) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) k = 1, cp = 0xFFFD;
    if (is_word_cp(cp)) {
      if (!in) {
        if (b.len) hd_buf_putc(&b, ' ');
        HD_VEC_PUSH(t.start, t.n, cap, b.len);
        in = 1;
      }
      hd_buf_put(&b, s + i, (size_t)k);
    } else in = 0;
    i += (size_t)k;
  }
  t.s = hd_buf_take(&b, NULL);
  return t;
}

/* A shingle: the bytes of 4 consecutive tokens (or all, when fewer). */
typedef struct {
  const char *p;
  size_t len;
} shingle;

static int cmp_shingle(const void *x, const void *y) {
  const shingle *a = x, *b = y;
  size_t m = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->p, b->p, m);
  return c ? c : (a->len > b->len) - (a->len < b->len);
}

static shingle *shingles(const tokens *t, size_t *count) {
  *count = 0;
  if (t->n == 0) return NULL;
  size_t k = t->n >= 4 ? t->n - 3 : 1;
  shingle *v = hd_xmalloc(k * sizeof *v);
  size_t total = strlen(t->s);
  for (size_t i = 0; i < k; i++) {
    size_t last = i + 3 < t->n ? i + 3 : t->n - 1;
    size_t end = last + 1 < t->n ? t->start[last + 1] - 1 : total;
    v[i] = (shingle){t->s + t->start[i], end - t->start[i]};
  }
  qsort(v, k, sizeof *v, cmp_shingle);
  *count = k;
  return v;
}

/* Multiset intersection of two sorted shingle lists. */
static void shingle_counts(const char *truth, const char *pred, double *tp, double *fp, double *fn, int *exact) {
  tokens a = tokenize(truth), b = tokenize(pred);
  *exact = !strcmp(a.s, b.s);
  size_t na, nb;
  shingle *sa = shingles(&a, &na), *sb = shingles(&b, &nb);
  size_t i = 0, j = 0, common = 0;
  while (i < na && j < nb) {
    int c = cmp_shingle(&sa[i], &sb[j]);
    if (c == 0) common++, i++, j++;
    else if (c < 0) i++;
    else j++;
  }
  double s = (double)(na + nb - common);
  *tp = s > 0 ? common / s : 0;
  *fp = s > 0 ? (nb - common) / s : 0;
  *fn = s > 0 ? (na - common) / s : 0;
  free(sa), free(sb), free(a.s), free(a.start), free(b.s), free(b.start);
}

/* ---- one page ------------------------------------------------------- */
static hd_article *read_page(const char *dir, const char *id, const hd_stage_env *env, int raw, int *found) {
  hd_buf path;
  hd_buf_init(&path, 0);
  hd_buf_printf(&path, "%s/%s.html", dir, id);
  FILE *f = fopen(path.ptr, "rb");
  if (!f) {
    hd_buf_puts(&path, ".gz");
    f = fopen(path.ptr, "rb");
  }
  *found = f != NULL;
  if (f) fclose(f);
  capture c = {0};
  hd_reader r = {0};
  r.on_article = on_article;
  r.on_error = on_error;
  r.ctx = &c;
  if (*found) hd_read_path(&r, path.ptr);
  hd_buf_free(&path);
  if (c.a && !raw) {
    hd_err err = {0};
    if (hd_run_stages(env, c.a, HD_STAGE_CLEAN, HD_STAGE_CLEAN, &err) != 0) {
      hd_article_free(c.a);
      c.a = NULL;
    }
  }
  return c.a;
}

typedef struct {
  const char *id;
  double score;
} page_score;

static int cmp_page(const void *x, const void *y) {
  const page_score *a = x, *b = y;
  return (a->score > b->score) - (a->score < b->score);
}

static int agree_author(const char *gold, const char *got) {
  if (!got) return 0;
  return strcasestr(got, gold) || strcasestr(gold, got);
}

static void help(FILE *f) {
  fputs("usage: herald eval extract GROUND_TRUTH.json HTML_DIR [--raw] [--pred FILE] [--worst N] [--json]\n"
        "       [--split train|dev]\n"
        "Scores main-text extraction on HTML_DIR/ID.html[.gz] against GROUND_TRUTH.json:\n"
        "{ID: {\"articleBody\": TEXT}} (4-token shingle P/R/F1, averaged over pages) or\n"
        "{ID: {\"with\": [...], \"without\": [...]}} (snippet P/R/accuracy/F, summed).\n"
        "--split train|dev scores only that half of the pages (the split `herald train extract` uses).\n",
        f);
}

int eval_extract(int argc, char **argv) {
  const char *gt_path = NULL, *dir = NULL, *pred_path = NULL;
  int raw = 0, json = 0, worst = 0, split = -1;
  for (int i = 1; i < argc; i++) {
    if (cli_is(argv[i], "--help") || cli_is(argv[i], "-h")) { help(stdout); return EXIT_OK; }
    else if (cli_is(argv[i], "--raw")) raw = 1;
    else if (cli_is(argv[i], "--json")) json = 1;
    else if (cli_is(argv[i], "--split")) {
      const char *v = cli_value(argc, argv, &i);
      if (!v) return EXIT_USAGE;
      if (!strcmp(v, "train")) split = 0;
      else if (!strcmp(v, "dev")) split = 1;
      else if (strcmp(v, "all")) {
        fprintf(stderr, "herald eval extract: --split takes train, dev or all\n");
        return EXIT_USAGE;
      }
    } else if (cli_is(argv[i], "--pred") || cli_is(argv[i], "--worst")) {
      const char *v = cli_value(argc, argv, &i);
      if (!v) return EXIT_USAGE;
      if (cli_is(argv[i - 1], "--pred")) pred_path = v;
      else worst = atoi(v);
    } else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "herald eval extract: unknown option %s\n", argv[i]);
      help(stderr);
      return EXIT_USAGE;
    } else if (!gt_path) gt_path = argv[i];
    else if (!dir) dir = argv[i];
    else { help(stderr); return EXIT_USAGE; }
  }
  if (!gt_path || !dir) { help(stderr); return EXIT_USAGE; }
  hd_buf gtb;
  hd_buf_init(&gtb, 0);
  FILE *gf = fopen(gt_path, "rb");
  if (!gf) { fprintf(stderr, "herald: %s: cannot read\n", gt_path); return EXIT_USAGE; }
  char chunk[65536];
  size_t k;
  while ((k = fread(chunk, 1, sizeof chunk, gf)) > 0) hd_buf_put(&gtb, chunk, k);
  fclose(gf);
  cJSON *gt = cJSON_ParseWithLength(gtb.ptr ? gtb.ptr : "", gtb.len);
  hd_buf_free(&gtb);
  if (!cJSON_IsObject(gt)) {
    fprintf(stderr, "herald: %s: not a JSON object of pages\n", gt_path);
    cJSON_Delete(gt);
    return EXIT_USAGE;
  }
  hd_options opt = {0};
  opt.no_ner = opt.no_quotes = 1;
  hd_err err = {0};
  hd_pipeline *pipe = hd_pipeline_new(&opt, &err);
  if (!pipe) { cli_report(&err); cJSON_Delete(gt); return EXIT_USAGE; }
  FILE *pred = pred_path ? fopen(pred_path, "w") : NULL;
  if (pred_path && !pred) { fprintf(stderr, "herald: %s: cannot write\n", pred_path); return EXIT_USAGE; }
  if (pred) fputc('{', pred);

  long pages = 0, missing = 0, empty = 0, sh_pages = 0, exact = 0, sn_pages = 0;
  double sp = 0, sr = 0;
  long tp = 0, fp = 0, fn = 0, tn = 0;
  long dated = 0, dated_got = 0, dated_ok = 0, authored = 0, authored_got = 0, authored_ok = 0;
  page_score *ps = NULL;
  size_t nps = 0, cps = 0;
  double cpu = 0;
  for (cJSON *e = gt->child; e; e = e->next) {
    if (!cJSON_IsObject(e) || !e->string) continue;
    if (split >= 0 && hd_block_split(e->string) != split) continue;
    int found;
    clock_t t0 = clock();
    hd_article *a = read_page(dir, e->string, hd_pipeline_env(pipe), raw, &found);
    cpu += (double)(clock() - t0) / CLOCKS_PER_SEC;
    pages++;
    if (!found) missing++;
    const char *text = a ? (raw ? a->raw : a->text) : "";
    if (!*text) empty++;
    if (pred) {
      cJSON *s = cJSON_CreateString(text);
      cJSON *key = cJSON_CreateString(e->string);
      char *ks = cJSON_PrintUnformatted(key), *vs = cJSON_PrintUnformatted(s);
      fprintf(pred, "%s%s:%s", pages > 1 ? ",\n" : "\n", ks, vs);
      free(ks), free(vs);
      cJSON_Delete(s), cJSON_Delete(key);
    }
    const cJSON *body = cJSON_GetObjectItemCaseSensitive(e, "articleBody");
    const cJSON *with = cJSON_GetObjectItemCaseSensitive(e, "with");
    const cJSON *without = cJSON_GetObjectItemCaseSensitive(e, "without");
    double score = 0;
    if (cJSON_IsString(body)) {
      double t, f, n;
      int same;
      shingle_counts(body->valuestring, text, &t, &f, &n, &same);
      double p = t + f > 0 ? t / (t + f) : (n > 0 ? 0 : 1), r = t + n > 0 ? t / (t + n) : 1;
      sp += p, sr += r, sh_pages++, exact += same;
      score = p + r > 0 ? 2 * p * r / (p + r) : 0;
    } else if (cJSON_IsArray(with) || cJSON_IsArray(without)) {
      char *norm = eval_fold_ws(text);
      long ptp = 0, pfn = 0, pfp = 0;
      const cJSON *x;
      cJSON_ArrayForEach(x, with) {
        if (!cJSON_IsString(x)) continue;
        char *sn = eval_fold_ws(x->valuestring);
        if (strstr(norm, sn)) ptp++;
        else pfn++;
        free(sn);
      }
      cJSON_ArrayForEach(x, without) {
        if (!cJSON_IsString(x)) continue;
        char *sn = eval_fold_ws(x->valuestring);
        if (strstr(norm, sn)) pfp++;
        else tn++;
        free(sn);
      }
      tp += ptp, fn += pfn, fp += pfp, sn_pages++;
      score = 2.0 * ptp + pfp + pfn > 0 ? 2.0 * ptp / (2.0 * ptp + pfp + pfn) : 1;
      free(norm);
    }
    HD_VEC_PUSH(ps, nps, cps, ((page_score){e->string, score}));
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(e, "meta");
    const cJSON *gd = cJSON_GetObjectItemCaseSensitive(meta, "date");
    const cJSON *ga = cJSON_GetObjectItemCaseSensitive(meta, "author");
    const char *date = a ? a->meta[HD_META_DATE] : NULL;
    const char *byline = a ? (a->byline ? a->byline : a->meta[HD_META_AUTHOR]) : NULL;
    if (cJSON_IsString(gd) && *gd->valuestring) {
      dated++;
      if (date) dated_got++, dated_ok += !strncmp(date, gd->valuestring, 10);
    }
    if (cJSON_IsString(ga) && *ga->valuestring) {
      authored++;
      if (byline) authored_got++, authored_ok += agree_author(ga->valuestring, byline);
    }
    if (a) hd_article_free(a);
  }
  if (pred) {
    fputs("\n}\n", pred);
    fclose(pred);
  }
  double P = sh_pages ? sp / sh_pages : 0, R = sh_pages ? sr / sh_pages : 0;
  double F = P + R > 0 ? 2 * P * R / (P + R) : 0;
  double sP = tp + fp ? (double)tp / (tp + fp) : 0, sR = tp + fn ? (double)tp / (tp + fn) : 0;
  double sA = tp + fp + fn + tn ? (double)(tp + tn) / (tp + fp + fn + tn) : 0;
  double sF = 2 * tp + fp + fn ? 2.0 * tp / (2.0 * tp + fp + fn) : 0;
  double speed = cpu > 0 ? pages / cpu : 0;
  if (json) {
    printf("{\"pages\":%ld,\"missing\":%ld,\"empty\":%ld,\"pages_per_cpu_second\":%.1f", pages, missing, empty, speed);
    if (sh_pages)
      printf(",\"shingle\":{\"pages\":%ld,\"precision\":%.4f,\"recall\":%.4f,\"f1\":%.4f,\"identical\":%.4f}", sh_pages,
             P, R, F, (double)exact / sh_pages);
    if (sn_pages)
      printf(",\"snippet\":{\"pages\":%ld,\"tp\":%ld,\"fp\":%ld,\"fn\":%ld,\"tn\":%ld,\"precision\":%.4f,\"recall\":%.4f,"
             "\"accuracy\":%.4f,\"f1\":%.4f}",
             sn_pages, tp, fp, fn, tn, sP, sR, sA, sF);
    printf(",\"date\":{\"annotated\":%ld,\"given\":%ld,\"same_day\":%ld},\"byline\":{\"annotated\":%ld,\"given\":%ld,"
           "\"agree\":%ld}}\n",
           dated, dated_got, dated_ok, authored, authored_got, authored_ok);
  } else {
    printf("pages %ld (missing %ld, no text %ld), %.1f pages per CPU-second\n", pages, missing, empty, speed);
    if (sh_pages)
      printf("shingle  P %.4f  R %.4f  F1 %.4f  identical %.4f  (%ld pages)\n", P, R, F, (double)exact / sh_pages,
             sh_pages);
    if (sn_pages)
      printf("snippet  P %.4f  R %.4f  A %.4f  F %.4f  (tp %ld fp %ld fn %ld tn %ld; %ld pages)\n", sP, sR, sA, sF, tp,
             fp, fn, tn, sn_pages);
    if (dated) printf("date     %ld of %ld dated pages given a date, %ld the same day\n", dated_got, dated, dated_ok);
    if (authored)
      printf("byline   %ld of %ld pages with an author given one, %ld agree\n", authored_got, authored, authored_ok);
  }
  if (worst > 0 && nps) {
    qsort(ps, nps, sizeof *ps, cmp_page);
    for (size_t i = 0; i < nps && i < (size_t)worst; i++) fprintf(stderr, "worst %.3f %s\n", ps[i].score, ps[i].id);
  }
  free(ps);
  hd_pipeline_free(pipe);
  cJSON_Delete(gt);
  return EXIT_OK;
}
