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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/article.h"
#include "attrib/attrib.h"
#include "attrib/cue_model.h"
#include "eval/tool.h"
#include "eval/polnear.h"
#include "util/buf.h"
#include "util/json.h"

enum { ROLE_CONTENT, ROLE_CUE, ROLE_SOURCE, ROLE_COUNT };
static const char *const ROLE_NAMES[ROLE_COUNT] = {"content", "cue", "source"};

typedef struct {
  long tp_pred, n_pred, tp_gold, n_gold;
} prf;

typedef struct {
  prf exact[ROLE_COUNT], overlap[ROLE_COUNT];     /* lenient */
  prf d_exact[ROLE_COUNT], d_overlap[ROLE_COUNT]; /* lenient, direct quotes */
  prf o_exact[ROLE_COUNT], o_overlap[ROLE_COUNT]; /* one-to-one */
  prf od_exact[ROLE_COUNT], od_overlap[ROLE_COUNT];
  long spk_gold, spk_ok;     /* gold attributions with a source whose content is matched (1:1) */
  long records, no_speaker;  /* predicted records (continuations joined) and those without a speaker */
  long overlapping_pairs;    /* pairs of records of one article whose contents overlap */
  long direct_found, direct_speaker_ok, direct_speaker_exact;
  long direct_typed, direct_typed_ok; /* matched by a predicted direct quote */
  long articles, skipped;
  const hd_cue_model *cue_model; /* learned cue tagger, or NULL */
  FILE *records_out;             /* $HERALD_EVAL_RECORDS: one line per record, for error analysis */
  FILE *spans_out;               /* $HERALD_EVAL_SPANS: gold events and records with byte offsets */
} totals;

/* ---- matching ---- */

/* A set of distinct gold spans of one role. */
typedef struct {
  const gold_span **v;
  size_t n, cap;
} gold_set;

static void gold_set_add(gold_set *s, const gold_span *g) {
  if (!g) return;
  hd_span x = pn_extent(g);
  for (size_t i = 0; i < s->n; i++) {
    hd_span y = pn_extent(s->v[i]);
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
      if (pn_match(text, pred->v[i], gold->v[j], exact)) { r->tp_pred++; break; }
  for (size_t j = 0; j < gold->n; j++)
    for (size_t i = 0; i < pred->n; i++)
      if (pn_match(text, pred->v[i], gold->v[j], exact)) { r->tp_gold++; break; }
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
  hd_span x = pn_extent(c);
  return x.end > x.start + 1 && is_open_mark(text + x.start) && ends_with_close_mark(text, x);
}

/* Speaker check for gold direct quotes: the predicted quote that shares
 * most with the gold content; is its source the gold source? */
static int is_continuation(const hd_quote *q) { return hd_span_is_none(q->cue) && hd_span_is_none(q->source); }

/* The quote a continuation continues: the nearest earlier quote with a
 * cue or source and the same speaker and kind (itself if not one). */
static const hd_quote *continued(const hd_article *a, const hd_quote *q) {
  if (!is_continuation(q)) return q;
  for (const hd_quote *p = q; p-- > a->quotes;)
    if (!is_continuation(p) && p->speaker == q->speaker && p->speaker_kind == q->speaker_kind) return p;
  return q;
}

static const hd_quote *best_overlap(const hd_article *a, const gold_span *content, int direct_only) {
  const hd_quote *best = NULL;
  hd_span gx = pn_extent(content);
  uint32_t best_ov = 0;
  for (size_t i = 0; i < a->n_quotes; i++) {
    hd_span p = a->quotes[i].content;
    if (direct_only && a->quotes[i].type != HD_Q_DIRECT) continue;
    uint32_t s = p.start > gx.start ? p.start : gx.start, e = p.end < gx.end ? p.end : gx.end;
    if (e > s && e - s > best_ov && pn_match(a->text, p, content, 0)) { best_ov = e - s; best = &a->quotes[i]; }
  }
  return best;
}

static void speaker_check(const hd_article *a, const gold_span *content, const gold_span *source, totals *t) {
  const hd_quote *d = best_overlap(a, content, 1);
  if (d && source) {
    d = continued(a, d);
    t->direct_typed++;
    if (!hd_span_is_none(d->source) && pn_match(a->text, d->source, source, 0)) t->direct_typed_ok++;
  }
  const hd_quote *best = best_overlap(a, content, 0);
  if (!best) return;
  best = continued(a, best);
  t->direct_found++;
  if (!source) return;
  if (!hd_span_is_none(best->source) && pn_match(a->text, best->source, source, 0)) t->direct_speaker_ok++;
  if (!hd_span_is_none(best->source) && pn_match(a->text, best->source, source, 1)) t->direct_speaker_exact++;
}

/* ---- one-to-one matching ---- */

/* Predicted spans of one role, one per record (duplicates kept: a second
 * record of one statement is a false positive). rec[i] is the record. */
typedef struct {
  hd_span *v;
  size_t *rec;
  size_t n, cap, cap_rec;
} span_list;

static void span_list_add(span_list *l, hd_span x, size_t rec) {
  if (hd_span_is_none(x) || x.start >= x.end) return;
  size_t n = l->n;
  HD_VEC_PUSH(l->v, l->n, l->cap, x);
  HD_VEC_PUSH(l->rec, n, l->cap_rec, rec);
}

/* Kuhn's augmenting path from prediction i; gold_of[j] = prediction
 * holding gold j or -1. */
static int augment(const char *text, const span_list *p, const gold_set *g, int exact, size_t i, char *seen,
                   long *gold_of) {
  for (size_t j = 0; j < g->n; j++) {
    if (seen[j] || !pn_match(text, p->v[i], g->v[j], exact)) continue;
    seen[j] = 1;
    if (gold_of[j] < 0 || augment(text, p, g, exact, (size_t)gold_of[j], seen, gold_of)) {
      gold_of[j] = (long)i;
      return 1;
    }
  }
  return 0;
}

/* Maximum matching between predictions and gold spans (each gold span
 * claimed by at most one prediction and each prediction by at most one
 * gold span); adds to r and fills gold_of (may be NULL). Cost: O(pred x
 * gold^2) in the worst case, per article. */
static void score_one_to_one(const char *text, const span_list *p, const gold_set *g, int exact, prf *r,
                             long *gold_of_out) {
  long *gold_of = malloc((g->n ? g->n : 1) * sizeof *gold_of);
  char *seen = malloc(g->n ? g->n : 1);
  for (size_t j = 0; j < g->n; j++) gold_of[j] = -1;
  long m = 0;
  for (size_t i = 0; i < p->n; i++) {
    memset(seen, 0, g->n ? g->n : 1);
    m += augment(text, p, g, exact, i, seen, gold_of);
  }
  r->n_pred += (long)p->n;
  r->n_gold += (long)g->n;
  r->tp_pred += m;
  r->tp_gold += m;
  if (gold_of_out) memcpy(gold_of_out, gold_of, g->n * sizeof *gold_of);
  free(gold_of);
  free(seen);
}

static size_t gold_index(const gold_set *s, const gold_span *c) {
  hd_span x = pn_extent(c);
  for (size_t i = 0; i < s->n; i++) {
    hd_span y = pn_extent(s->v[i]);
    if (s->v[i] == c || (x.start == y.start && x.end == y.end)) return i;
  }
  return s->n;
}

/* Is the speaker of q the gold source: its source overlaps the gold
 * source, or its identity is that of a mention inside the gold source? */
static int speaker_right(const hd_article *a, const hd_quote *q, const gold_span *src) {
  if (!hd_span_is_none(q->source) && pn_match(a->text, q->source, src, 0)) return 1;
  if (q->speaker == HD_NONE) return 0;
  hd_span x = pn_extent(src);
  for (size_t m = 0; m < a->n_mentions; m++) {
    const hd_mention *mn = &a->mentions[m];
    if (mn->start >= x.start && mn->end <= x.end && mn->identity == q->speaker) return 1;
  }
  return 0;
}

/* No speaker a reader can use: no identity, and not an anonymous or
 * organisation source. */
static int without_speaker(const hd_quote *q) {
  if (q->speaker != HD_NONE) return 0;
  return q->speaker_kind != HD_SPK_ANONYMOUS && q->speaker_kind != HD_SPK_ORGANIZATION;
}

/* Records (as output, continuations included) whose contents share a byte. */
static long overlapping_pairs(const hd_article *a) {
  long n = 0;
  for (size_t i = 0; i < a->n_quotes; i++)
    for (size_t j = i + 1; j < a->n_quotes; j++) {
      hd_span x = a->quotes[i].content, y = a->quotes[j].content;
      if (x.start < y.end && y.start < x.end) n++;
    }
  return n;
}

static void dump_span(FILE *f, const char *text, hd_span x) {
  fputc('\t', f);
  if (hd_span_is_none(x)) { fputc('-', f); return; }
  for (uint32_t i = x.start; i < x.end; i++) fputc(text[i] == '\n' || text[i] == '\t' ? ' ' : text[i], f);
}

/* Error analysis: one tab-separated line per scored record: matched (its
 * content claims a gold content one-to-one), type, speaker kind, content,
 * cue, source. */
static void dump_records(const hd_article *a, const span_list *l, const long *gold_of, size_t ng, FILE *f) {
  static const char *const TYPES[] = {"direct", "partial", "indirect"};
  for (size_t i = 0; i < l->n; i++) {
    int m = 0;
    for (size_t j = 0; j < ng; j++) m |= gold_of[j] == (long)i;
    const hd_quote *q = &a->quotes[l->rec[i]];
    fprintf(f, "%d\t%s\t%d", m, q->type < 3 ? TYPES[q->type] : "?", without_speaker(q) ? -1 : (int)q->speaker_kind);
    dump_span(f, a->text, q->content);
    dump_span(f, a->text, q->cue);
    dump_span(f, a->text, q->source);
    fputc('\n', f);
  }
}

static void dump_offsets(FILE *f, hd_span x) {
  if (hd_span_is_none(x)) fputs("\t-1\t-1", f);
  else fprintf(f, "\t%u\t%u", x.start, x.end);
}

/* Error analysis: $HERALD_EVAL_SPANS gets, per article, one line per gold
 * event ("G", content, second content piece, cue, source) and one per
 * record ("P", content extent, cue, source, speaker kind, type), with
 * byte offsets into the article's text (tab-separated, -1 = none), after
 * a line "A<TAB>article number<TAB>text length", then the text itself on
 * one line with newlines and tabs as spaces. */
static void dump_spans(const hd_article *a, const gold_spans *gs, const gold_event *ev, size_t nev, FILE *f,
                       long article) {
  fprintf(f, "A\t%ld\t%zu\n", article, a->text_len);
  for (size_t i = 0; i < a->text_len; i++) fputc(a->text[i] == '\n' || a->text[i] == '\t' ? ' ' : a->text[i], f);
  fputc('\n', f);
  for (size_t i = 0; i < nev; i++) {
    const gold_span *c = pn_find_span(gs, ev[i].content[0]), *c2 = pn_find_span(gs, ev[i].content[1]);
    const gold_span *cue = pn_find_span(gs, ev[i].cue), *src = pn_find_span(gs, ev[i].source);
    fputc('G', f);
    dump_offsets(f, c ? pn_extent(c) : hd_span_none());
    dump_offsets(f, c2 ? pn_extent(c2) : hd_span_none());
    dump_offsets(f, cue ? pn_extent(cue) : hd_span_none());
    dump_offsets(f, src ? pn_extent(src) : hd_span_none());
    fputc('\n', f);
  }
  for (size_t i = 0; i < a->n_quotes; i++) {
    const hd_quote *q = &a->quotes[i];
    hd_span c = q->content;
    for (uint8_t m = 0; m < q->n_more; m++)
      if (q->more[m].end > c.end) c.end = q->more[m].end;
    fputc('P', f);
    dump_offsets(f, c);
    dump_offsets(f, hd_span_none());
    dump_offsets(f, q->cue);
    dump_offsets(f, q->source);
    fprintf(f, "\t%d\t%d\n", (int)q->speaker_kind, (int)q->type);
  }
}

static void score_article(const hd_article *a, const gold_spans *gs, const gold_event *ev, size_t nev,
                          totals *t) {
  gold_set g[ROLE_COUNT] = {{0}}, gd[ROLE_COUNT] = {{0}};
  span_set p[ROLE_COUNT] = {{0}}, pd[ROLE_COUNT] = {{0}};
  span_list l[ROLE_COUNT] = {{0}}, ld[ROLE_COUNT] = {{0}};
  for (size_t i = 0; i < nev; i++) {
    const gold_span *c = pn_find_span(gs, ev[i].content[0]);
    const gold_span *c2 = pn_find_span(gs, ev[i].content[1]);
    const gold_span *cue = pn_find_span(gs, ev[i].cue);
    const gold_span *src = pn_find_span(gs, ev[i].source);
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
  /* brat gives a quotation that continues after its cue ("“A,” he said.
   * “B.”") one discontinuous content; herald gives the part after the
   * cue its own quote with no cue and no source. Score the pair as one
   * content spanning both. */
  size_t nq = a->n_quotes ? a->n_quotes : 1;
  uint32_t *ext_end = calloc(nq, sizeof *ext_end);
  for (size_t i = 0; i < a->n_quotes; i++) {
    const hd_quote *k = continued(a, &a->quotes[i]);
    size_t ki = (size_t)(k - a->quotes);
    if (a->quotes[i].content.end > ext_end[ki]) ext_end[ki] = a->quotes[i].content.end;
    for (uint8_t m = 0; m < a->quotes[i].n_more; m++) /* a statement's later pieces: scored as its extent */
      if (a->quotes[i].more[m].end > ext_end[i]) ext_end[i] = a->quotes[i].more[m].end;
  }
  for (size_t i = 0; i < a->n_quotes; i++) {
    const hd_quote *q = &a->quotes[i];
    if (is_continuation(q) && continued(a, q) != q) continue; /* scored with the quote it continues */
    t->records++;
    t->no_speaker += without_speaker(q);
    hd_span sp[ROLE_COUNT] = {q->content, q->cue, q->source};
    if (ext_end[i] > sp[0].end) sp[0].end = ext_end[i];
    for (int r = 0; r < ROLE_COUNT; r++) {
      if (!hd_span_is_none(sp[r])) sp[r] = pn_trim(a->text, sp[r]);
      span_set_add(&p[r], sp[r]);
      span_list_add(&l[r], sp[r], i);
      if (q->type == HD_Q_DIRECT) {
        span_set_add(&pd[r], sp[r]);
        span_list_add(&ld[r], sp[r], i);
      }
    }
  }
  t->overlapping_pairs += overlapping_pairs(a);
  long *gold_of = malloc((g[ROLE_CONTENT].n ? g[ROLE_CONTENT].n : 1) * sizeof *gold_of);
  for (int r = 0; r < ROLE_COUNT; r++) {
    score(a->text, &p[r], &g[r], 1, &t->exact[r]);
    score(a->text, &p[r], &g[r], 0, &t->overlap[r]);
    score(a->text, &pd[r], &gd[r], 1, &t->d_exact[r]);
    score(a->text, &pd[r], &gd[r], 0, &t->d_overlap[r]);
    score_one_to_one(a->text, &l[r], &g[r], 1, &t->o_exact[r], NULL);
    score_one_to_one(a->text, &l[r], &g[r], 0, &t->o_overlap[r], r == ROLE_CONTENT ? gold_of : NULL);
    score_one_to_one(a->text, &ld[r], &gd[r], 1, &t->od_exact[r], NULL);
    score_one_to_one(a->text, &ld[r], &gd[r], 0, &t->od_overlap[r], NULL);
  }
  /* speaker accuracy over gold attributions with a source whose
   * content (either piece) a record claims one-to-one */
  for (size_t i = 0; i < nev; i++) {
    const gold_span *src = pn_find_span(gs, ev[i].source);
    if (!src) continue;
    long pi = -1;
    for (int k = 0; k < 2 && pi < 0; k++) {
      const gold_span *c = pn_find_span(gs, ev[i].content[k]);
      size_t j = c ? gold_index(&g[ROLE_CONTENT], c) : g[ROLE_CONTENT].n;
      if (j < g[ROLE_CONTENT].n) pi = gold_of[j];
    }
    if (pi < 0) continue;
    t->spk_gold++;
    t->spk_ok += speaker_right(a, &a->quotes[l[ROLE_CONTENT].rec[pi]], src);
  }
  if (t->records_out) dump_records(a, &l[ROLE_CONTENT], gold_of, g[ROLE_CONTENT].n, t->records_out);
  if (t->spans_out) dump_spans(a, gs, ev, nev, t->spans_out, t->articles);
  free(gold_of);
  free(ext_end);
  for (int r = 0; r < ROLE_COUNT; r++) {
    free(g[r].v);
    free(gd[r].v);
    free(p[r].v);
    free(pd[r].v);
    free(l[r].v);
    free(l[r].rec);
    free(ld[r].v);
    free(ld[r].rec);
  }
}

static void run_attribution(hd_article *a, void *ud) {
  const totals *t = ud;
  hd_attribute_model(a, t->cue_model);
}

static void score_doc(const pn_doc *d, void *ud) { score_article(d->a, d->spans, d->ev, d->nev, ud); }

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

static void json_summary(hd_buf *b, const totals *t) {
  hd_buf_puts(b, ",\"speaker_accuracy\":");
  hd_json_double(b, ratio(t->spk_ok, t->spk_gold));
  hd_buf_puts(b, ",\"speaker_scored\":");
  hd_json_int(b, t->spk_gold);
  hd_buf_puts(b, ",\"content_precision\":");
  hd_json_double(b, ratio(t->o_overlap[ROLE_CONTENT].tp_pred, t->o_overlap[ROLE_CONTENT].n_pred));
  hd_buf_puts(b, ",\"records\":");
  hd_json_int(b, t->records);
  hd_buf_puts(b, ",\"overlapping_records\":");
  hd_json_int(b, t->overlapping_pairs);
  hd_buf_puts(b, ",\"no_speaker_share\":");
  hd_json_double(b, ratio(t->no_speaker, t->records));
}

static void print_json(const totals *t) {
  hd_buf b;
  hd_buf_init(&b, 0);
  hd_buf_puts(&b, "{\"articles\":");
  hd_json_int(&b, t->articles);
  hd_buf_puts(&b, ",\"skipped\":");
  hd_json_int(&b, t->skipped);
  hd_buf_puts(&b, ",\"matching\":\"one-to-one\",");
  json_block(&b, "overall", t->o_exact, t->o_overlap);
  hd_buf_putc(&b, ',');
  json_block(&b, "direct", t->od_exact, t->od_overlap);
  json_summary(&b, t);
  hd_buf_puts(&b, ",\"lenient\":{");
  json_block(&b, "overall", t->exact, t->overlap);
  hd_buf_putc(&b, ',');
  json_block(&b, "direct", t->d_exact, t->d_overlap);
  hd_buf_putc(&b, '}');
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

int hd_eval_quotes(const hd_eval_quotes_opts *o) {
  const char *dir = o->dir, *model = o->model, *attrib_model = o->attrib_model;
  const char *cue_threshold = o->cue_threshold; /* overrides the model's, for experiments */
  const char *min_conf = o->min_confidence;     /* overrides the model's minimum confidence */
  int json = o->json, no_ner = o->no_ner;
  if (!dir) return HD_RUN_USAGE;
  hd_tagger *tagger = pn_load_tagger(model, no_ner, "eval quotes");
  totals t = {0};
  hd_cue_model *cue_model = NULL;
  if (attrib_model) {
    hd_err err = {0};
    if (!(cue_model = hd_cue_model_load(attrib_model, &err)))
      fprintf(stderr, "herald eval quotes: %s: %s; rules only\n", attrib_model, err.msg);
  }
  if (cue_model && cue_threshold) hd_cue_model_set_threshold(cue_model, (float)atof(cue_threshold));
  if (cue_model && min_conf) hd_cue_model_set_min_confidence(cue_model, (float)atof(min_conf));
  t.cue_model = cue_model;
  const char *rec_path = getenv("HERALD_EVAL_RECORDS");
  if (rec_path && *rec_path && !(t.records_out = fopen(rec_path, "w")))
    fprintf(stderr, "herald eval quotes: %s: cannot write\n", rec_path);
  const char *spans_path = getenv("HERALD_EVAL_SPANS");
  if (spans_path && *spans_path && !(t.spans_out = fopen(spans_path, "w")))
    fprintf(stderr, "herald eval quotes: %s: cannot write\n", spans_path);
  if (pn_each(dir, tagger, run_attribution, score_doc, &t, &t.articles, &t.skipped) != 0) {
    fprintf(stderr, "herald eval quotes: no texts or annotations under %s\n", dir);
    if (tagger) hd_tagger_free(tagger);
    hd_cue_model_free(cue_model);
    return HD_RUN_USAGE;
  }
  if (json) print_json(&t);
  else {
    printf("articles %ld (skipped %ld)\n", t.articles, t.skipped);
    print_table("overall (one-to-one: each gold span claimed by at most one record)", t.o_exact, t.o_overlap);
    print_table("direct quotes (one-to-one)", t.od_exact, t.od_overlap);
    printf("speaker accuracy %.3f (of %ld gold attributions with a source whose content a record claims)\n",
           ratio(t.spk_ok, t.spk_gold), t.spk_gold);
    printf("content precision (overlap, one-to-one) %.3f\n",
           ratio(t.o_overlap[ROLE_CONTENT].tp_pred, t.o_overlap[ROLE_CONTENT].n_pred));
    printf("records %ld, overlapping record pairs %ld, without speaker (not anonymous or organisation) %.3f\n",
           t.records, t.overlapping_pairs, ratio(t.no_speaker, t.records));
    print_table("overall (lenient: a span is right for every span it touches)", t.exact, t.overlap);
    print_table("direct quotes (lenient)", t.d_exact, t.d_overlap);
    printf("direct quotes found %ld, predicted source names the gold source: overlap %.3f, exact %.3f\n",
           t.direct_found, ratio(t.direct_speaker_ok, t.direct_found),
           ratio(t.direct_speaker_exact, t.direct_found));
    printf("gold direct quotes matched by a predicted direct quote %ld, its source names the gold source "
           "(overlap) %.3f\n",
           t.direct_typed, ratio(t.direct_typed_ok, t.direct_typed));
  }
  if (t.records_out) fclose(t.records_out);
  if (t.spans_out) fclose(t.spans_out);
  if (tagger) hd_tagger_free(tagger);
  hd_cue_model_free(cue_model);
  return HD_RUN_OK;
}
