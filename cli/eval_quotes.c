/*
 * eval_quotes.c: `herald eval quotes DIR [--json] [--model FILE] [--no-ner]`.
 *
 * Scores the attribution stage against a PolNeAR-layout directory:
 * DIR/text/NAME.txt and DIR/attributions/NAME_ANNOTATOR.ann (brat
 * standoff; when an article has several .ann files the first in name
 * order is the gold). Each text goes through the per-article stages as
 * plain text (no cleanup, so herald's offsets are the file's offsets),
 * brat's code-point offsets are converted to bytes, and content, cue and
 * source spans are scored with exact and overlap matching (overlap: the
 * spans are equal or share a word character), overall and for direct quotes alone
 * (gold content opening and closing with a double quotation mark;
 * predicted type "direct"). For gold direct quotes found by a predicted
 * quote (any type, then a direct one) it also reports how often the
 * predicted source names the gold source. Memory: one article at a time. Complexity: linear in
 * the corpus size plus (predicted x gold spans) per article.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "attrib.h"
#include "cli.h"
#include "resolve.h"
#include "segment.h"
#include "tagger.h"
#include "util/buf.h"
#include "util/json.h"

enum { ROLE_CONTENT, ROLE_CUE, ROLE_SOURCE, ROLE_COUNT };
static const char *const ROLE_NAMES[ROLE_COUNT] = {"content", "cue", "source"};

#define MAX_PIECES 8

typedef struct {
  int id;
  int n;
  hd_span piece[MAX_PIECES]; /* bytes, trimmed */
} gold_span;

typedef struct {
  gold_span *spans; /* T lines, by order */
  size_t n, cap;
} gold_spans;

typedef struct {
  int content[2], cue, source; /* T ids, 0 = none */
} gold_event;

typedef struct {
  long tp_pred, n_pred, tp_gold, n_gold;
} prf;

typedef struct {
  prf exact[ROLE_COUNT], overlap[ROLE_COUNT];
  prf d_exact[ROLE_COUNT], d_overlap[ROLE_COUNT];
  long direct_found, direct_speaker_ok, direct_speaker_exact;
  long direct_typed, direct_typed_ok; /* matched by a predicted direct quote */
  long articles, skipped;
} totals;

/* ---- files ---- */

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  hd_buf b;
  hd_buf_init(&b, 0);
  char tmp[65536];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) hd_buf_put(&b, tmp, n);
  fclose(f);
  return hd_buf_take(&b, len);
}

static int cmp_str(const void *x, const void *y) {
  return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Sorted names in dir ending with `suffix`; caller frees. */
static char **list_dir(const char *dir, const char *suffix, size_t *n) {
  char **v = NULL;
  size_t cap = 0;
  *n = 0;
  DIR *d = opendir(dir);
  if (!d) return NULL;
  struct dirent *e;
  size_t sl = strlen(suffix);
  while ((e = readdir(d))) {
    size_t l = strlen(e->d_name);
    if (l > sl && !strcmp(e->d_name + l - sl, suffix)) HD_VEC_PUSH(v, *n, cap, hd_xstrdup(e->d_name));
  }
  closedir(d);
  if (*n) qsort(v, *n, sizeof *v, cmp_str);
  return v;
}

/* The first NAME_X.ann (X without '_') in name order, or NULL. */
static char *gold_file_for(char **anns, size_t n, const char *name) {
  size_t l = strlen(name);
  for (size_t i = 0; i < n; i++) {
    const char *s = anns[i];
    if (strncmp(s, name, l) || s[l] != '_') continue;
    if (strchr(s + l + 1, '_')) continue;
    return anns[i];
  }
  return NULL;
}

/* ---- brat ---- */

static int is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

static hd_span trim(const char *text, hd_span s) {
  while (s.start < s.end && is_space(text[s.start])) s.start++;
  while (s.end > s.start && is_space(text[s.end - 1])) s.end--;
  return s;
}

/* Parses "s e;s e" (code points) into byte pieces. */
static int parse_offsets(const char *p, const uint32_t *cp2b, size_t ncp, const char *text, gold_span *g) {
  g->n = 0;
  while (*p && *p != '\t') {
    char *q;
    unsigned long s = strtoul(p, &q, 10);
    unsigned long e = strtoul(q, &q, 10);
    if (s > ncp || e > ncp || s > e) return -1;
    if (g->n < MAX_PIECES) g->piece[g->n++] = trim(text, (hd_span){cp2b[s], cp2b[e]});
    p = q;
    if (*p == ';') p++;
    else break;
  }
  return g->n ? 0 : -1;
}

static const gold_span *find_span(const gold_spans *gs, int id) {
  for (size_t i = 0; i < gs->n; i++)
    if (gs->spans[i].id == id) return &gs->spans[i];
  return NULL;
}

static void parse_ann(char *ann, const uint32_t *cp2b, size_t ncp, const char *text, gold_spans *gs,
                      gold_event **ev, size_t *nev) {
  size_t cap = 0;
  for (char *line = strtok(ann, "\n"); line; line = strtok(NULL, "\n")) {
    if (line[0] == 'T') {
      gold_span g = {.id = atoi(line + 1)};
      char *tab = strchr(line, '\t');
      if (!tab) continue;
      char *sp = strchr(tab + 1, ' ');
      if (!sp) continue;
      if (parse_offsets(sp + 1, cp2b, ncp, text, &g) == 0) HD_VEC_PUSH(gs->spans, gs->n, gs->cap, g);
    } else if (line[0] == 'E') {
      gold_event e = {{0, 0}, 0, 0};
      char *tab = strchr(line, '\t');
      if (!tab) continue;
      for (char *p = tab + 1; *p;) {
        char *colon = strchr(p, ':');
        if (!colon) break;
        size_t rl = (size_t)(colon - p);
        int id = colon[1] == 'T' ? atoi(colon + 2) : 0;
        if (rl == 7 && !strncmp(p, "Content", 7)) e.content[0] = id;
        else if (rl == 8 && !strncmp(p, "Content2", 8)) e.content[1] = id;
        else if (rl == 3 && !strncmp(p, "Cue", 3)) e.cue = id;
        else if (rl == 6 && !strncmp(p, "Source", 6)) e.source = id;
        char *sp = strchr(colon, ' ');
        if (!sp) break;
        p = sp + 1;
      }
      HD_VEC_PUSH(*ev, *nev, cap, e);
    }
  }
}

/* ---- matching ---- */

static int shares_word_char(const char *text, hd_span x, hd_span y) {
  uint32_t s = x.start > y.start ? x.start : y.start;
  uint32_t e = x.end < y.end ? x.end : y.end;
  for (uint32_t i = s; i < e; i++) {
    unsigned char c = (unsigned char)text[i];
    if (isalnum(c) || c >= 0x80) return 1;
  }
  return 0;
}

static hd_span extent(const gold_span *g) {
  hd_span s = g->piece[0];
  for (int i = 1; i < g->n; i++) {
    if (g->piece[i].start < s.start) s.start = g->piece[i].start;
    if (g->piece[i].end > s.end) s.end = g->piece[i].end;
  }
  return s;
}

static int match(const char *text, hd_span p, const gold_span *g, int exact) {
  hd_span x = extent(g);
  if (p.start == x.start && p.end == x.end) return 1; /* exact (also for a bare ":") */
  if (exact) return 0;
  for (int i = 0; i < g->n; i++)
    if (shares_word_char(text, p, g->piece[i])) return 1;
  return 0;
}

/* A set of distinct gold spans of one role. */
typedef struct {
  const gold_span **v;
  size_t n, cap;
} gold_set;

static void gold_set_add(gold_set *s, const gold_span *g) {
  if (!g) return;
  hd_span x = extent(g);
  for (size_t i = 0; i < s->n; i++) {
    hd_span y = extent(s->v[i]);
    if (s->v[i] == g || (x.start == y.start && x.end == y.end)) return;
  }
  HD_VEC_PUSH(s->v, s->n, s->cap, g);
}

typedef struct {
  hd_span *v;
  size_t n, cap;
} span_set;

static void span_set_add(span_set *s, hd_span x) {
  if (hd_span_is_none(x) || x.start >= x.end) return;
  for (size_t i = 0; i < s->n; i++)
    if (s->v[i].start == x.start && s->v[i].end == x.end) return;
  HD_VEC_PUSH(s->v, s->n, s->cap, x);
}

static void score(const char *text, const span_set *pred, const gold_set *gold, int exact, prf *r) {
  r->n_pred += (long)pred->n;
  r->n_gold += (long)gold->n;
  for (size_t i = 0; i < pred->n; i++)
    for (size_t j = 0; j < gold->n; j++)
      if (match(text, pred->v[i], gold->v[j], exact)) { r->tp_pred++; break; }
  for (size_t j = 0; j < gold->n; j++)
    for (size_t i = 0; i < pred->n; i++)
      if (match(text, pred->v[i], gold->v[j], exact)) { r->tp_gold++; break; }
}

/* Double marks: " “ ” « » and two apostrophes ('') as the NYT writes them. */
static int is_open_mark(const char *s) {
  return s[0] == '"' || !strncmp(s, "''", 2) || !strncmp(s, "\xE2\x80\x9C", 3) || !strncmp(s, "\xC2\xAB", 2);
}

static int ends_with_close_mark(const char *text, hd_span x) {
  if (x.end < 1) return 0;
  if (text[x.end - 1] == '"') return 1;
  if (x.end >= x.start + 2 && !strncmp(text + x.end - 2, "''", 2)) return 1;
  if (x.end >= 3 && !strncmp(text + x.end - 3, "\xE2\x80\x9D", 3)) return 1;
  return x.end >= 2 && !strncmp(text + x.end - 2, "\xC2\xBB", 2);
}

static int gold_is_direct(const char *text, const gold_span *c) {
  hd_span x = extent(c);
  return x.end > x.start + 1 && is_open_mark(text + x.start) && ends_with_close_mark(text, x);
}

/* Speaker check for gold direct quotes: the predicted quote that shares
 * most with the gold content; is its source the gold source? */
static const hd_quote *best_overlap(const hd_article *a, const gold_span *content, int direct_only) {
  const hd_quote *best = NULL;
  hd_span gx = extent(content);
  uint32_t best_ov = 0;
  for (size_t i = 0; i < a->n_quotes; i++) {
    hd_span p = a->quotes[i].content;
    if (direct_only && a->quotes[i].type != HD_Q_DIRECT) continue;
    uint32_t s = p.start > gx.start ? p.start : gx.start, e = p.end < gx.end ? p.end : gx.end;
    if (e > s && e - s > best_ov && match(a->text, p, content, 0)) { best_ov = e - s; best = &a->quotes[i]; }
  }
  return best;
}

static void speaker_check(const hd_article *a, const gold_span *content, const gold_span *source, totals *t) {
  const hd_quote *d = best_overlap(a, content, 1);
  if (d && source) {
    while (d > a->quotes && hd_span_is_none(d->cue) && hd_span_is_none(d->source)) d--;
    t->direct_typed++;
    if (!hd_span_is_none(d->source) && match(a->text, d->source, source, 0)) t->direct_typed_ok++;
  }
  const hd_quote *best = best_overlap(a, content, 0);
  if (!best) return;
  /* a quote with no cue and no source continues the quote before it */
  while (best > a->quotes && hd_span_is_none(best->cue) && hd_span_is_none(best->source)) best--;
  t->direct_found++;
  if (!source) return;
  if (!hd_span_is_none(best->source) && match(a->text, best->source, source, 0)) t->direct_speaker_ok++;
  if (!hd_span_is_none(best->source) && match(a->text, best->source, source, 1)) t->direct_speaker_exact++;
}

static void score_article(const hd_article *a, const gold_spans *gs, const gold_event *ev, size_t nev,
                          totals *t) {
  gold_set g[ROLE_COUNT] = {{0}}, gd[ROLE_COUNT] = {{0}};
  span_set p[ROLE_COUNT] = {{0}}, pd[ROLE_COUNT] = {{0}};
  for (size_t i = 0; i < nev; i++) {
    const gold_span *c = find_span(gs, ev[i].content[0]);
    const gold_span *c2 = find_span(gs, ev[i].content[1]);
    const gold_span *cue = find_span(gs, ev[i].cue);
    const gold_span *src = find_span(gs, ev[i].source);
    gold_set_add(&g[ROLE_CONTENT], c);
    gold_set_add(&g[ROLE_CONTENT], c2);
    gold_set_add(&g[ROLE_CUE], cue);
    gold_set_add(&g[ROLE_SOURCE], src);
    if (c && gold_is_direct(a->text, c)) {
      gold_set_add(&gd[ROLE_CONTENT], c);
      gold_set_add(&gd[ROLE_CUE], cue);
      gold_set_add(&gd[ROLE_SOURCE], src);
      speaker_check(a, c, src, t);
    }
  }
  for (size_t i = 0; i < a->n_quotes; i++) {
    const hd_quote *q = &a->quotes[i];
    hd_span sp[ROLE_COUNT] = {q->content, q->cue, q->source};
    /* brat gives a quotation that continues after its cue ("“A,” he
     * said. “B.”") one discontinuous content; herald gives the part
     * after the cue its own quote with no cue and no source. Score the
     * pair as one content spanning both. */
    while (i + 1 < a->n_quotes && hd_span_is_none(a->quotes[i + 1].cue) &&
           hd_span_is_none(a->quotes[i + 1].source) && a->quotes[i + 1].content.start > sp[0].end) {
      sp[0].end = a->quotes[++i].content.end;
    }
    for (int r = 0; r < ROLE_COUNT; r++) {
      if (!hd_span_is_none(sp[r])) sp[r] = trim(a->text, sp[r]);
      span_set_add(&p[r], sp[r]);
      if (q->type == HD_Q_DIRECT) span_set_add(&pd[r], sp[r]);
    }
  }
  for (int r = 0; r < ROLE_COUNT; r++) {
    score(a->text, &p[r], &g[r], 1, &t->exact[r]);
    score(a->text, &p[r], &g[r], 0, &t->overlap[r]);
    score(a->text, &pd[r], &gd[r], 1, &t->d_exact[r]);
    score(a->text, &pd[r], &gd[r], 0, &t->d_overlap[r]);
    free(g[r].v);
    free(gd[r].v);
    free(p[r].v);
    free(pd[r].v);
  }
}

/* ---- running the stages ---- */

/* Code point index -> byte offset, for a text of n bytes; caller frees. */
static uint32_t *codepoint_map(const char *s, size_t n, size_t *ncp) {
  uint32_t *m = hd_xmalloc((n + 1) * sizeof *m);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) m[k++] = (uint32_t)i;
  m[k] = (uint32_t)n;
  *ncp = k;
  return m;
}

/* The per-article stages on plain text, without cleanup. */
static hd_article *annotate_plain(const hd_tagger *tagger, const char *text, size_t len) {
  hd_article *a = hd_article_new(text, len);
  /* the file's own bytes when they are valid UTF-8 (no NFC, so brat's
   * offsets hold), else the repaired input */
  int valid = !a->bad_utf8 && !memchr(text, '\r', len);
  a->text = valid ? hd_xstrndup(text, len) : hd_xstrndup(a->raw, a->raw_len);
  a->text_len = valid ? len : a->raw_len;
  hd_segment(a);
  if (tagger) {
    hd_tag(tagger, a);
    hd_resolve(a);
  }
  hd_attribute(a);
  return a;
}

static int eval_one(const char *dir, const char *name, const char *ann_name, const hd_tagger *tagger,
                    totals *t) {
  char path[4096];
  size_t len, alen;
  snprintf(path, sizeof path, "%s/text/%s.txt", dir, name);
  char *text = read_file(path, &len);
  snprintf(path, sizeof path, "%s/attributions/%s", dir, ann_name);
  char *ann = read_file(path, &alen);
  if (!text || !ann) {
    free(text);
    free(ann);
    return -1;
  }
  hd_article *a = annotate_plain(tagger, text, len);
  int same = a->text_len == len && !memcmp(a->text, text, len);
  if (same) {
    size_t ncp;
    uint32_t *cp2b = codepoint_map(a->text, a->text_len, &ncp);
    gold_spans gs = {0};
    gold_event *ev = NULL;
    size_t nev = 0;
    parse_ann(ann, cp2b, ncp, a->text, &gs, &ev, &nev);
    score_article(a, &gs, ev, nev, t);
    t->articles++;
    free(cp2b);
    free(gs.spans);
    free(ev);
  } else {
    t->skipped++; /* input normalisation changed offsets */
  }
  hd_article_free(a);
  free(text);
  free(ann);
  return same ? 0 : -1;
}

/* ---- report ---- */

static double ratio(long a, long b) { return b ? (double)a / (double)b : 0.0; }

static void prf_values(const prf *r, double *p, double *rc, double *f) {
  *p = ratio(r->tp_pred, r->n_pred);
  *rc = ratio(r->tp_gold, r->n_gold);
  *f = *p + *rc > 0 ? 2 * *p * *rc / (*p + *rc) : 0.0;
}

static void json_prf(hd_buf *b, const char *key, const prf *r) {
  double p, rc, f;
  prf_values(r, &p, &rc, &f);
  hd_json_key(b, key);
  hd_buf_puts(b, "{\"p\":");
  hd_json_double(b, p);
  hd_buf_puts(b, ",\"r\":");
  hd_json_double(b, rc);
  hd_buf_puts(b, ",\"f1\":");
  hd_json_double(b, f);
  hd_buf_puts(b, ",\"pred\":");
  hd_json_int(b, r->n_pred);
  hd_buf_puts(b, ",\"gold\":");
  hd_json_int(b, r->n_gold);
  hd_buf_putc(b, '}');
}

static void json_block(hd_buf *b, const char *key, const prf *ex, const prf *ov) {
  hd_json_key(b, key);
  hd_buf_putc(b, '{');
  for (int r = 0; r < ROLE_COUNT; r++) {
    if (r) hd_buf_putc(b, ',');
    hd_json_key(b, ROLE_NAMES[r]);
    hd_buf_putc(b, '{');
    json_prf(b, "exact", &ex[r]);
    hd_buf_putc(b, ',');
    json_prf(b, "overlap", &ov[r]);
    hd_buf_putc(b, '}');
  }
  hd_buf_putc(b, '}');
}

static void print_json(const totals *t) {
  hd_buf b;
  hd_buf_init(&b, 0);
  hd_buf_puts(&b, "{\"articles\":");
  hd_json_int(&b, t->articles);
  hd_buf_puts(&b, ",\"skipped\":");
  hd_json_int(&b, t->skipped);
  hd_buf_putc(&b, ',');
  json_block(&b, "overall", t->exact, t->overlap);
  hd_buf_putc(&b, ',');
  json_block(&b, "direct", t->d_exact, t->d_overlap);
  hd_buf_puts(&b, ",\"direct_speaker\":{\"found\":");
  hd_json_int(&b, t->direct_found);
  hd_buf_puts(&b, ",\"source_overlap\":");
  hd_json_double(&b, ratio(t->direct_speaker_ok, t->direct_found));
  hd_buf_puts(&b, ",\"source_exact\":");
  hd_json_double(&b, ratio(t->direct_speaker_exact, t->direct_found));
  hd_buf_puts(&b, ",\"matched_by_direct\":");
  hd_json_int(&b, t->direct_typed);
  hd_buf_puts(&b, ",\"matched_by_direct_source_overlap\":");
  hd_json_double(&b, ratio(t->direct_typed_ok, t->direct_typed));
  hd_buf_puts(&b, "}}\n");
  fputs(b.ptr, stdout);
  hd_buf_free(&b);
}

static void print_table(const char *title, const prf *ex, const prf *ov) {
  printf("%s\n  %-8s %-7s %6s %6s %6s %7s %7s\n", title, "role", "match", "P", "R", "F1", "pred", "gold");
  for (int r = 0; r < ROLE_COUNT; r++)
    for (int m = 0; m < 2; m++) {
      double p, rc, f;
      const prf *x = m ? &ov[r] : &ex[r];
      prf_values(x, &p, &rc, &f);
      printf("  %-8s %-7s %6.3f %6.3f %6.3f %7ld %7ld\n", ROLE_NAMES[r], m ? "overlap" : "exact", p, rc, f,
             x->n_pred, x->n_gold);
    }
}

static void usage(FILE *f) {
  fputs("usage: herald eval quotes DIR [--json] [--model FILE] [--no-ner]\n"
        "Scores attribution (content, cue, source spans) against DIR/text/*.txt and\n"
        "DIR/attributions/*.ann (PolNeAR brat standoff).\n",
        f);
}

int eval_quotes(int argc, char **argv) {
  const char *dir = NULL, *model = NULL;
  int json = 0, no_ner = 0;
  for (int i = 1; i < argc; i++) {
    if (cli_is(argv[i], "--json")) json = 1;
    else if (cli_is(argv[i], "--no-ner")) no_ner = 1;
    else if (cli_is(argv[i], "--model")) {
      if (!(model = cli_value(argc, argv, &i))) return EXIT_USAGE;
    } else if (cli_is(argv[i], "--help") || cli_is(argv[i], "-h")) {
      usage(stdout);
      return EXIT_OK;
    } else if (argv[i][0] == '-' || dir) {
      usage(stderr);
      return EXIT_USAGE;
    } else dir = argv[i];
  }
  if (!dir) {
    usage(stderr);
    return EXIT_USAGE;
  }
  char path[4096];
  size_t ntext = 0, nann = 0;
  snprintf(path, sizeof path, "%s/text", dir);
  char **texts = list_dir(path, ".txt", &ntext);
  snprintf(path, sizeof path, "%s/attributions", dir);
  char **anns = list_dir(path, ".ann", &nann);
  if (!ntext || !nann) {
    fprintf(stderr, "herald eval quotes: no texts or annotations under %s\n", dir);
    return EXIT_USAGE;
  }
  hd_tagger *tagger = NULL;
  if (!no_ner) {
    hd_err err = {0};
    const char *mp = model ? model : "models/ner-en.bin";
    FILE *probe = fopen(mp, "rb");
    if (probe) {
      fclose(probe);
      tagger = hd_tagger_load(mp, &err);
    }
    if (!tagger) fprintf(stderr, "herald eval quotes: no NER model (%s); scoring without entities\n", mp);
  }
  totals t = {0};
  for (size_t i = 0; i < ntext; i++) {
    texts[i][strlen(texts[i]) - 4] = 0;
    const char *ann = gold_file_for(anns, nann, texts[i]);
    if (ann) eval_one(dir, texts[i], ann, tagger, &t);
  }
  if (json) print_json(&t);
  else {
    printf("articles %ld (skipped %ld)\n", t.articles, t.skipped);
    print_table("overall", t.exact, t.overlap);
    print_table("direct quotes", t.d_exact, t.d_overlap);
    printf("direct quotes found %ld, predicted source names the gold source: overlap %.3f, exact %.3f\n",
           t.direct_found, ratio(t.direct_speaker_ok, t.direct_found),
           ratio(t.direct_speaker_exact, t.direct_found));
    printf("gold direct quotes matched by a predicted direct quote %ld, its source names the gold source "
           "(overlap) %.3f\n",
           t.direct_typed, ratio(t.direct_typed_ok, t.direct_typed));
  }
  if (tagger) hd_tagger_free(tagger);
  for (size_t i = 0; i < ntext; i++) free(texts[i]);
  for (size_t i = 0; i < nann; i++) free(anns[i]);
  free(texts);
  free(anns);
  return EXIT_OK;
}
