/*
 * train_cue_model.c: `herald train quotes --train DIR [--dev DIR] -o FILE`:
 * trains the attribution stage's learned cue tagger (src/attrib/cue_model.h) on
 * the gold cue spans of a PolNeAR-layout directory and writes the model.
 *
 * Examples are the word tokens outside quotations (as the stage pairs
 * them); a token is positive when it lies inside a gold cue span. The
 * acceptance threshold is chosen on a held-out tenth of the training
 * articles (every tenth article; best token F1 over the tokens the stage
 * asks the model about, as the stage's trace reports them), then the
 * model is retrained on all training articles with that threshold.
 * --dev only reports token-level figures. Deterministic.
 * Memory: the hashed features of every training example (~40 u32 each).
 * Complexity: O(epochs x examples x features).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrib/attrib.h"
#include "attrib/trainers.h"
#include "attrib/train_speaker.h"
#include "eval/tool.h"
#include "attrib/cue_model.h"
#include "attrib/cues.h"
#include "pipeline.h"
#include "eval/polnear.h"
#include "attrib/train_confidence.h"
#include "attrib/train_span_model.h"
#include "util/buf.h"

#define EPOCHS 8
#define BITS 18
#define MIN_PRECISION 0.5 /* a proposed cue must be right more often than wrong */
#define WORD_MIN_HEADS 2
#define WORD_MIN_RATE 0.02
#define MAX_VETOED_PRECISION 0.1 /* the rules are right at most 1 time in 10 there */

typedef struct {
  uint32_t *f;
  size_t nf, capf;
  size_t *off;
  size_t noff, capoff;
  uint8_t *y, *asked, *held; /* label; the stage asks the model; held-out article */
  size_t ny, capy, nasked, capasked, nheld, capheld;
  uint64_t *key; /* word key (hd_cue_word_key) */
  size_t nkey, capkey;
  long article;
  uint8_t *cur_asks; /* of the article being visited, from the stage's trace */
  size_t n_cur;
} examples;

/* Is token i the head of a gold cue: its first word that is not an
 * auxiliary or adverb ("has repeatedly ARGUED", "REFUSED to")? */
static int gold_cue_head(const pn_doc *d, uint32_t i) {
  const hd_article *a = d->a;
  for (size_t e = 0; e < d->nev; e++) {
    const gold_span *g = pn_find_span(d->spans, d->ev[e].cue);
    if (!g) continue;
    hd_span x = pn_extent(g);
    const hd_token *t = &a->tokens[i];
    if (!(t->start >= x.start && t->end <= x.end)) continue;
    uint32_t j = i;
    while (j > 0 && a->tokens[j - 1].start >= x.start) j--;
    for (; j < a->n_tokens && a->tokens[j].end <= x.end; j++) {
      char w[32];
      if (a->tokens[j].kind != HD_TOK_WORD) continue;
      size_t n = hd_word_lower(hd_tok_ptr(a, &a->tokens[j]), hd_tok_len(&a->tokens[j]), w, sizeof w);
      if (n && (hd_in_wordlist(HD_WL_AUX_ADV, w) || (n > 4 && !strcmp(w + n - 2, "ly")))) continue;
      if (j == i) return 1;
      break;
    }
  }
  return 0;
}

/* The attribution stage, run through the stage table without a model;
 * its trace reports every word it puts (or, with a model, would put) to
 * the cue tagger: x->asks[token] = hd_cue_ask_kind, 0 for the rest. The
 * trainer observes the stage instead of re-deriving its decisions. */
static void on_trace(void *ud, const hd_trace_event *ev) {
  examples *x = ud;
  if (ev->kind != HD_TRACE_CUE_ASK || !x->cur_asks || ev->item >= x->n_cur) return;
  x->cur_asks[ev->item] = ((const hd_cue_ask *)ev->data)->kind;
}

static void observe_stage(hd_article *a, void *ud) {
  examples *x = ud;
  free(x->cur_asks);
  x->n_cur = a->n_tokens;
  x->cur_asks = hd_xcalloc(a->n_tokens ? a->n_tokens : 1, 1);
  hd_stage_env env = {0};
  env.trace = on_trace;
  env.trace_ud = x;
  hd_err err = {0};
  hd_run_stages(&env, a, HD_STAGE_ATTRIBUTE, HD_STAGE_ATTRIBUTE, &err);
}

static void collect(const pn_doc *d, void *ud) {
  examples *x = ud;
  const hd_article *a = d->a;
  uint8_t *inq = hd_xmalloc(a->n_tokens ? a->n_tokens : 1);
  hd_attrib_quote_mask(a, inq);
  hd_cue_tokens tk;
  hd_cue_tokens_init(&tk, a);
  uint8_t held = x->article++ % 10 == 9;
  for (size_t s = 0; s < a->n_sentences; s++) {
    uint32_t sb = a->sentences[s].tok_begin, se = a->sentences[s].tok_end;
    for (uint32_t i = sb; i < se; i++) {
      if (a->tokens[i].kind != HD_TOK_WORD || inq[i]) continue;
      uint8_t asked = x->cur_asks && i < x->n_cur ? x->cur_asks[i] : 0;
      uint8_t y = (uint8_t)gold_cue_head(d, i);
      if (x->noff == 0) HD_VEC_PUSH(x->off, x->noff, x->capoff, (size_t)0);
      uint32_t f[HD_CUE_MAX_FEATS];
      size_t n = hd_cue_features(a, &tk, sb, se, i, f);
      for (size_t k = 0; k < n; k++) HD_VEC_PUSH(x->f, x->nf, x->capf, f[k]);
      HD_VEC_PUSH(x->off, x->noff, x->capoff, x->nf);
      HD_VEC_PUSH(x->y, x->ny, x->capy, y);
      HD_VEC_PUSH(x->asked, x->nasked, x->capasked, asked);
      HD_VEC_PUSH(x->held, x->nheld, x->capheld, held);
      char w[32];
      size_t wl = hd_word_lower(hd_tok_ptr(a, &a->tokens[i]), hd_tok_len(&a->tokens[i]), w, sizeof w);
      uint64_t key = hd_cue_word_key(w, wl);
      HD_VEC_PUSH(x->key, x->nkey, x->capkey, key);
    }
  }
  hd_cue_tokens_free(&tk);
  free(inq);
}

static int load(const char *dir, const hd_tagger *tagger, examples *x) {
  long visited = 0, skipped = 0;
  int rc = pn_each(dir, tagger, observe_stage, collect, x, &visited, &skipped);
  free(x->cur_asks);
  x->cur_asks = NULL;
  if (rc != 0) return -1;
  fprintf(stderr, "herald train quotes: %s: %ld articles (%ld skipped), %zu tokens\n", dir, visited, skipped, x->ny);
  return 0;
}

static void free_examples(examples *x) {
  free(x->f);
  free(x->off);
  free(x->y);
  free(x->asked);
  free(x->held);
  free(x->key);
}

/* Keeps the examples whose held flag equals `held` (a copy). */
static void subset(const examples *x, int held, examples *out) {
  memset(out, 0, sizeof *out);
  HD_VEC_PUSH(out->off, out->noff, out->capoff, (size_t)0);
  for (size_t k = 0; k < x->ny; k++) {
    if (x->held[k] != held) continue;
    for (size_t q = x->off[k]; q < x->off[k + 1]; q++) HD_VEC_PUSH(out->f, out->nf, out->capf, x->f[q]);
    HD_VEC_PUSH(out->off, out->noff, out->capoff, out->nf);
    HD_VEC_PUSH(out->y, out->ny, out->capy, x->y[k]);
    HD_VEC_PUSH(out->asked, out->nasked, out->capasked, x->asked[k]);
    HD_VEC_PUSH(out->held, out->nheld, out->capheld, x->held[k]);
    HD_VEC_PUSH(out->key, out->nkey, out->capkey, x->key[k]);
  }
}

typedef struct {
  long tp, fp, fn;
} counts;

static double f1(counts c) { return c.tp ? 2.0 * c.tp / (2.0 * c.tp + c.fp + c.fn) : 0; }

static counts score_at(const hd_cue_model *m, const examples *x, float thr, int asked_only) {
  counts c = {0, 0, 0};
  for (size_t k = 0; k < x->ny; k++) {
    if (asked_only && (x->asked[k] != 1 || !hd_cue_model_knows(m, x->key[k]))) continue;
    int p = hd_cue_model_score(m, x->f + x->off[k], x->off[k + 1] - x->off[k]) > thr;
    c.tp += p && x->y[k];
    c.fp += p && !x->y[k];
    c.fn += !p && x->y[k];
  }
  return c;
}

/* The words heading a gold cue in the examples at least WORD_MIN_HEADS
 * times and in at least WORD_MIN_RATE of their occurrences: the only
 * ones the stage asks the model about (asking costs time, and frequent
 * words that are rarely cues are rarely worth it). */
typedef struct {
  uint64_t key;
  long heads, seen;
} word_count;

static int cmp_word_count(const void *x, const void *y) {
  uint64_t a = ((const word_count *)x)->key, b = ((const word_count *)y)->key;
  return a < b ? -1 : a > b;
}

static void set_words(hd_cue_model *m, const examples *x) {
  word_count *v = hd_xmalloc((x->ny ? x->ny : 1) * sizeof *v);
  for (size_t k = 0; k < x->ny; k++) v[k] = (word_count){x->key[k], x->y[k], 1};
  qsort(v, x->ny, sizeof *v, cmp_word_count);
  uint64_t *keys = NULL;
  size_t n = 0, cap = 0;
  for (size_t i = 0, j; i < x->ny; i = j) {
    long heads = 0, seen = 0;
    for (j = i; j < x->ny && v[j].key == v[i].key; j++) heads += v[j].heads, seen++;
    if (heads >= WORD_MIN_HEADS && heads >= WORD_MIN_RATE * seen) HD_VEC_PUSH(keys, n, cap, v[i].key);
  }
  hd_cue_model_set_words(m, keys, n);
  fprintf(stderr, "herald train quotes: %zu words the model may propose\n", n);
  free(keys);
  free(v);
}

static void report(const char *what, counts c) {
  double p = c.tp + c.fp ? (double)c.tp / (c.tp + c.fp) : 0, r = c.tp + c.fn ? (double)c.tp / (c.tp + c.fn) : 0;
  fprintf(stderr, "herald train quotes: %s: token P %.3f R %.3f F1 %.3f\n", what, p, r, f1(c));
}

/* The highest score below which the held-out rule cues are
 * gold cues at most MAX_VETOED_PRECISION of the time (-inf: none). */
static float pick_veto(const hd_cue_model *m, const examples *ho) {
  float best = -1e30f;
  for (float v = -40; v <= 0.01f; v += 1.0f) {
    long right = 0, seen = 0;
    for (size_t k = 0; k < ho->ny; k++) {
      if (ho->asked[k] != 2) continue;
      if (hd_cue_model_score(m, ho->f + ho->off[k], ho->off[k + 1] - ho->off[k]) >= v) continue;
      seen++;
      right += ho->y[k];
    }
    if (seen && right <= MAX_VETOED_PRECISION * seen) best = v;
    else if (seen) break;
  }
  return best;
}

/* The lowest threshold at which the held-out tokens the stage asks about
 * are cues at least MIN_PRECISION of the time. */
static float pick_threshold(const examples *all, float *veto) {
  examples tr, ho;
  subset(all, 0, &tr);
  subset(all, 1, &ho);
  hd_cue_model *m = hd_cue_train(tr.f, tr.off, tr.y, tr.ny, BITS, EPOCHS);
  set_words(m, &tr);
  float best = 0;
  double best_f = -1;
  for (float thr = -30; thr <= 30.01f; thr += 1.0f) {
    counts cc = score_at(m, &ho, thr, 1);
    double f = f1(cc);
    double prec = cc.tp + cc.fp ? (double)cc.tp / (double)(cc.tp + cc.fp) : 0;
    if (best_f < 0 && prec >= MIN_PRECISION) best_f = f, best = thr;
  }
  report("held-out tenth, all tokens, threshold 0", score_at(m, &ho, 0, 0));
  *veto = pick_veto(m, &ho);
  fprintf(stderr, "herald train quotes: rule cues scoring below %.1f are vetoed\n", *veto);
  fprintf(stderr, "herald train quotes: threshold %.1f (held-out asked-token F1 %.3f at precision >= 0.5)\n", best, best_f);
  hd_cue_model_free(m);
  free_examples(&tr);
  free_examples(&ho);
  return best;
}

/* ---- the cue-extension model ---- */

typedef struct {
  examples x;
  const hd_cue_model *m;
} ext_trainer;

static void run_model(hd_article *a, void *ud) {
  ext_trainer *t = ud;
  hd_attribute_model(a, t->m);
}

static const gold_span *gold_cue_over(const pn_doc *d, hd_span cue) {
  for (size_t e = 0; e < d->nev; e++) {
    const gold_span *g = pn_find_span(d->spans, d->ev[e].cue);
    if (g && pn_match(d->a->text, pn_trim(d->a->text, cue), g, 0)) return g;
  }
  return NULL;
}

static uint32_t token_at(const hd_article *a, uint32_t byte) {
  uint32_t lo = 0, hi = (uint32_t)a->n_tokens;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (a->tokens[mid].end <= byte) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* The sentence holding token t: its first token, and its end in *se. */
static uint32_t sentence_of(const hd_article *a, uint32_t t, uint32_t *se) {
  for (size_t s = 0; s < a->n_sentences; s++)
    if (t >= a->sentences[s].tok_begin && t < a->sentences[s].tok_end) {
      *se = a->sentences[s].tok_end;
      return a->sentences[s].tok_begin;
    }
  *se = (uint32_t)a->n_tokens;
  return 0;
}

/* One extension example; returns its label. */
static int add_ext(examples *x, const hd_article *a, const hd_cue_tokens *tk, uint32_t sb, uint32_t se, uint32_t kb,
                   uint32_t ke, uint32_t j, int y) {
  if (x->noff == 0) HD_VEC_PUSH(x->off, x->noff, x->capoff, (size_t)0);
  uint32_t f[HD_CUE_MAX_FEATS];
  size_t n = hd_cue_ext_features(a, tk, sb, se, kb, ke, j, f);
  for (size_t k = 0; k < n; k++) HD_VEC_PUSH(x->f, x->nf, x->capf, f[k]);
  HD_VEC_PUSH(x->off, x->noff, x->capoff, x->nf);
  uint8_t label = (uint8_t)y, zero = 0;
  uint64_t key = 0;
  HD_VEC_PUSH(x->y, x->ny, x->capy, label);
  HD_VEC_PUSH(x->asked, x->nasked, x->capasked, zero);
  HD_VEC_PUSH(x->held, x->nheld, x->capheld, zero);
  HD_VEC_PUSH(x->key, x->nkey, x->capkey, key);
  return y;
}

static const gold_span *gold_source_over(const pn_doc *d, hd_span src) {
  for (size_t e = 0; e < d->nev; e++) {
    const gold_span *g = pn_find_span(d->spans, d->ev[e].source);
    if (g && pn_match(d->a->text, pn_trim(d->a->text, src), g, 0)) return g;
  }
  return NULL;
}

/* Source-boundary examples: the tokens of a predicted source that
 * overlaps a gold source and 3 on each side, positive inside the gold
 * source's extent. */
static void add_source(examples *x, const pn_doc *d, const hd_cue_tokens *tk, const hd_quote *q, uint32_t kb,
                       uint32_t sb, uint32_t se) {
  const hd_article *a = d->a;
  if (hd_span_is_none(q->source)) return;
  const gold_span *g = gold_source_over(d, q->source);
  if (!g) return;
  hd_span gx = pn_extent(g);
  uint32_t b = token_at(a, q->source.start), e = token_at(a, q->source.end - 1) + 1;
  if (b < sb || e > se) return;
  uint32_t from = b >= sb + 3 ? b - 3 : sb, to = e + 3 <= se ? e + 3 : se;
  for (uint32_t j = from; j < to; j++) {
    if (x->noff == 0) HD_VEC_PUSH(x->off, x->noff, x->capoff, (size_t)0);
    uint32_t f[HD_CUE_MAX_FEATS];
    size_t n = hd_cue_src_features(a, tk, sb, se, b, e, kb, j, f);
    for (size_t k = 0; k < n; k++) HD_VEC_PUSH(x->f, x->nf, x->capf, f[k]);
    HD_VEC_PUSH(x->off, x->noff, x->capoff, x->nf);
    uint8_t y = a->tokens[j].start >= gx.start && a->tokens[j].end <= gx.end, zero = 0;
    uint64_t key = 0;
    HD_VEC_PUSH(x->y, x->ny, x->capy, y);
    HD_VEC_PUSH(x->asked, x->nasked, x->capasked, zero);
    HD_VEC_PUSH(x->held, x->nheld, x->capheld, zero);
    HD_VEC_PUSH(x->key, x->nkey, x->capkey, key);
  }
}

/* For each predicted cue that overlaps a gold cue: the tokens after it,
 * positive while inside the gold cue's extent, up to the first negative. */
static void collect_ext(const pn_doc *d, void *ud) {
  ext_trainer *t = ud;
  examples *x = &t->x;
  const hd_article *a = d->a;
  hd_cue_tokens tk;
  hd_cue_tokens_init(&tk, a);
  for (size_t i = 0; i < a->n_quotes; i++) {
    hd_span cue = a->quotes[i].cue;
    if (hd_span_is_none(cue)) continue;
    const gold_span *g = gold_cue_over(d, cue);
    if (!g) continue;
    hd_span gx = pn_extent(g);
    uint32_t se;
    uint32_t kb = token_at(a, cue.start), ke = token_at(a, cue.end - 1) + 1, sb = sentence_of(a, kb, &se);
    for (uint32_t j = ke; j < se && j < ke + 6; j++)
      if (!add_ext(x, a, &tk, sb, se, kb, ke, j, a->tokens[j].end <= gx.end)) break;
    for (uint32_t j = kb; j > sb && j + 6 > kb; j--)
      if (!add_ext(x, a, &tk, sb, se, kb, ke, j - 1, a->tokens[j - 1].start >= gx.start)) break;
    add_source(x, d, &tk, &a->quotes[i], kb, sb, se);
  }
  hd_cue_tokens_free(&tk);
}

static hd_cue_model *train_ext(const char *dir, const hd_tagger *tagger, const hd_cue_model *m) {
  ext_trainer t = {{0}, m};
  long visited = 0, skipped = 0;
  pn_each(dir, tagger, run_model, collect_ext, &t, &visited, &skipped);
  long pos = 0;
  for (size_t k = 0; k < t.x.ny; k++) pos += t.x.y[k];
  fprintf(stderr, "herald train quotes: cue extension: %zu examples, %ld positive\n", t.x.ny, pos);
  hd_cue_model *ext = hd_cue_train(t.x.f, t.x.off, t.x.y, t.x.ny, BITS, EPOCHS);
  free_examples(&t.x);
  return ext;
}

int train_cue_model(const char *train_dir, const char *dev_dir, const char *out, const hd_tagger *tagger) {
  examples x = {0};
  if (load(train_dir, tagger, &x) != 0) {
    fprintf(stderr, "herald train quotes: no texts or annotations under %s\n", train_dir);
    return HD_RUN_USAGE;
  }
  float veto = 0, thr = pick_threshold(&x, &veto);
  hd_cue_model *m = hd_cue_train(x.f, x.off, x.y, x.ny, BITS, EPOCHS);
  /* the learned cue gate first too: the records every later stage run
   * of training sees are gated as at run time */
  hd_cue_model_set_gate(m, train_cue_gate(train_dir));
  /* the speaker ranker first: every later stage run of training uses it */
  hd_cue_model_set_speaker(m, train_speaker(train_dir, dev_dir, tagger));
  set_words(m, &x);
  hd_cue_model_set_threshold(m, thr);
  hd_cue_model_set_veto(m, veto);
  free_examples(&x);
  hd_cue_model_set_ext(m, train_ext(train_dir, tagger, m));
  if (dev_dir) {
    examples dv = {0};
    if (load(dev_dir, tagger, &dv) == 0) {
      report("dev, all tokens", score_at(m, &dv, thr, 0));
      report("dev, tokens the stage asks", score_at(m, &dv, thr, 1));
    }
    free_examples(&dv);
  }
  hd_span_model *folds[HD_SPAN_FOLDS] = {0};
  if (train_span_model(m, train_dir, tagger, folds) != 0) fprintf(stderr, "herald train quotes: no span tagger trained\n");
  train_confidence(m, train_dir, dev_dir, tagger, folds[0] ? folds : NULL);
  for (int k = 0; k < HD_SPAN_FOLDS; k++) hd_span_model_free(folds[k]);
  hd_err err = {0};
  int rc = hd_cue_model_save(m, out, &err);
  if (rc) fprintf(stderr, "herald train quotes: %s: %s\n", out, err.msg);
  hd_cue_model_free(m);
  return rc ? HD_RUN_FAILED : HD_RUN_OK;
}
