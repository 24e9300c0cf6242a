/*
 * train_speaker.c: trains the speaker ranker (speaker_rank.h) on a
 * PolNeAR-layout directory, for `herald train quotes --train DIR -o
 * models/attrib-en.bin` (train_cue_model.c stores it in the model).
 *
 * PolNeAR's gold sources are literal text ("he", "the senator"), so a
 * pronoun has no gold antecedent. The rankings come from gold events
 * whose source names a person X (a person mention inside the source):
 *  - continuation (real labels): a source in an earlier sentence than
 *    its content ("Smith said. [...] “B.”"): which earlier identity is
 *    the speaker of content B, asked at B's start;
 *  - self-supervision: the name hidden as if it were "he"/"she" (the
 *    gender the article gives X; skipped when unknown), as "the <last
 *    word of X's title>" (X has a title), and as a bare surname (when two
 *    or more persons of the article share X's surname), asked at the
 *    source's start with only the context before it.
 * The label is X among the candidates; a ranking whose X is no candidate,
 * or with one candidate only, is skipped. The previous record's speaker is
 * that of the gold event before (by content start) that names one.
 * Memory: the examples (hashed features, ~40 per candidate). Complexity:
 * linear in the corpus; training O(epochs * candidates * features).
 */
#include "attrib/train_speaker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrib/attrib.h"
#include "attrib/cues.h"
#include "eval/polnear.h"
#include "util/buf.h"

#define EPOCHS 10

typedef struct {
  uint32_t *f;
  size_t nf, capf;
  size_t *off; /* per candidate row: first feature; off[nrows] = nf */
  size_t nrows, caprows;
  size_t *first; /* per example: first row */
  uint8_t *cands, *gold, *kind, *base_ok, *prev_ok;
  size_t n, cap;
} rankings;

static void push_row(rankings *x, const uint32_t *f, size_t n) {
  if (x->nrows + 2 > x->caprows) {
    x->caprows = x->caprows ? 2 * x->caprows : 1024;
    x->off = hd_xrealloc(x->off, x->caprows * sizeof *x->off);
  }
  x->off[x->nrows++] = x->nf;
  for (size_t i = 0; i < n; i++) HD_VEC_PUSH(x->f, x->nf, x->capf, f[i]);
  x->off[x->nrows] = x->nf;
}

static void push_example(rankings *x, size_t first, uint8_t n, uint8_t gold, uint8_t kind, uint8_t base_ok,
                         uint8_t prev_ok) {
  if (x->n + 1 > x->cap) {
    x->cap = x->cap ? 2 * x->cap : 1024;
    x->first = hd_xrealloc(x->first, x->cap * sizeof *x->first);
    x->cands = hd_xrealloc(x->cands, x->cap);
    x->gold = hd_xrealloc(x->gold, x->cap);
    x->kind = hd_xrealloc(x->kind, x->cap);
    x->base_ok = hd_xrealloc(x->base_ok, x->cap);
    x->prev_ok = hd_xrealloc(x->prev_ok, x->cap);
  }
  x->first[x->n] = first;
  x->cands[x->n] = n;
  x->gold[x->n] = gold;
  x->kind[x->n] = kind;
  x->base_ok[x->n] = base_ok;
  x->prev_ok[x->n] = prev_ok;
  x->n++;
}

static void free_rankings(rankings *x) {
  hd_free(x->f);
  hd_free(x->off);
  hd_free(x->first);
  hd_free(x->cands);
  hd_free(x->gold);
  hd_free(x->kind);
  hd_free(x->base_ok);
  hd_free(x->prev_ok);
  memset(x, 0, sizeof *x);
}

/* One ranking for query q whose answer is identity `answer`. */
static void add_ranking(rankings *x, const hd_spk_view *v, const hd_spk_query *q, uint32_t answer) {
  hd_spk_cand c[HD_SPK_MAX_CANDS];
  size_t n = hd_spk_candidates(v, q, c);
  int g = -1;
  for (size_t k = 0; k < n; k++)
    if (c[k].id == answer) g = (int)k;
  if (g < 0 || n < 2) return;
  size_t first = x->nrows;
  uint32_t f[HD_SPK_MAX_FEATS];
  for (size_t k = 0; k < n; k++) push_row(x, f, hd_spk_features(v, q, c, n, k, f));
  /* the baselines: the nearest candidate; the previous speaker */
  push_example(x, first, (uint8_t)n, (uint8_t)g, q->kind, g == 0, q->prev == answer);
}

/* First token ending after byte b. */
static uint32_t token_at(const hd_article *a, uint32_t b) {
  size_t lo = 0, hi = a->n_tokens;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (a->tokens[mid].end <= b) lo = mid + 1;
    else hi = mid;
  }
  return (uint32_t)lo;
}

typedef struct {
  uint32_t cs, ce;   /* content bytes (first piece start, extent end) */
  uint32_t ss, se;   /* source extent bytes */
  uint32_t person;   /* identity of the first person mention in the source, or HD_NONE */
} gold_rec;

static int cmp_rec(const void *x, const void *y) {
  const gold_rec *a = x, *b = y;
  return a->cs < b->cs ? -1 : a->cs > b->cs;
}

static uint32_t person_in(const hd_article *a, const uint8_t *inq, uint32_t b, uint32_t e, uint32_t *tok) {
  for (size_t m = 0; m < a->n_mentions; m++) {
    const hd_mention *x = &a->mentions[m];
    if (x->start >= b && x->end <= e && x->type == HD_ENT_PER && x->identity < a->n_identities &&
        !inq[x->tok_begin]) {
      *tok = x->tok_begin;
      return x->identity;
    }
  }
  return HD_NONE;
}

/* The lower-case last word of identity id's first title that is a title
 * or role word ("Secretary of State" -> no: "state"; "Sen." -> "sen."). */
static size_t role_word(const hd_identity *id, char *buf, size_t cap) {
  for (size_t t = 0; t < id->n_titles; t++) {
    const char *s = id->titles[t], *e = s + strlen(s);
    while (e > s && e[-1] == ' ') e--;
    const char *b = e;
    while (b > s && b[-1] != ' ') b--;
    size_t n = (size_t)(e - b);
    if (!n || n >= cap) continue;
    for (size_t i = 0; i < n; i++) buf[i] = (char)((b[i] >= 'A' && b[i] <= 'Z') ? b[i] + 32 : b[i]);
    buf[n] = 0;
    if (buf[n - 1] == '.') continue; /* an abbreviation ("Sen."): no role noun says it */
    if (hd_in_wordlist(HD_WL_TITLE, buf) || hd_in_wordlist(HD_WL_ROLE, buf)) return n;
  }
  return 0;
}


/* Is a person of a fitting gender named before q.at in its sentence
 * (outside quotations and the content)? The stage then takes that one
 * by rule, and the ranker is not asked. */
static int same_sentence_person(const hd_spk_view *v, const hd_spk_query *q, int g) {
  const hd_article *a = v->a;
  for (size_t m = 0; m < a->n_mentions && a->mentions[m].tok_begin < q->at; m++) {
    const hd_mention *x = &a->mentions[m];
    if (x->type != HD_ENT_PER || x->identity >= a->n_identities || v->inq[x->tok_begin]) continue;
    if (v->sent_of[x->tok_begin] != v->sent_of[q->at] || v->gender[x->identity] == -g) continue;
    if (q->cb < q->ce && x->tok_begin >= q->cb && x->tok_begin < q->ce) continue;
    return 1;
  }
  return 0;
}

/* Adds the ranking of query q (its gender hidden: set to 0) when, with
 * the gender g the text gives it, exactly one candidate fits: one of
 * gender g, all others of the other gender. */
static void add_unambiguous(rankings *x, const hd_spk_view *v, hd_spk_query *q, int g) {
  hd_spk_cand c[HD_SPK_MAX_CANDS];
  q->gender = 0;
  size_t n = hd_spk_candidates(v, q, c), fit = 0, other = 0;
  uint32_t answer = HD_NONE;
  for (size_t i = 0; i < n; i++) {
    if (v->gender[c[i].id] == g) fit++, answer = c[i].id;
    else if (v->gender[c[i].id] == -g) other++;
  }
  if (fit == 1 && other + 1 == n) add_ranking(x, v, q, answer);
}

/* Real bare surnames two or more persons of the article share ("Clinton"
 * with Hillary and Bill Clinton), whose person the text's gender gives
 * away ("Mrs. Clinton", "Clinton said she"): ranked with that gender
 * hidden, so the ranker learns from real bare surnames what else points
 * to the person. */
static void add_surnames(rankings *x, const hd_spk_view *v, const gold_rec *r, size_t nr, uint16_t *spoke) {
  const hd_article *a = v->a;
  size_t k = 0;
  uint32_t prev = HD_NONE, prev_para = 0;
  for (size_t m = 0; m < a->n_mentions; m++) {
    const hd_mention *x0 = &a->mentions[m];
    for (; k < nr && r[k].cs < x0->start; k++)
      if (r[k].person != HD_NONE) {
        prev = r[k].person;
        uint32_t t = token_at(a, r[k].cs);
        prev_para = v->para_of[v->sent_of[t < a->n_tokens ? t : x0->tok_begin]];
        if (spoke[prev] < 0xffff) spoke[prev]++;
      }
    if (x0->type != HD_ENT_PER || x0->tok_end != x0->tok_begin + 1 || v->inq[x0->tok_begin]) continue;
    const hd_token *w = &a->tokens[x0->tok_begin];
    const char *sw = hd_tok_ptr(a, w);
    size_t sn = hd_tok_len(w), shared = 0;
    for (size_t i = 0; i < a->n_identities && shared < 2; i++)
      shared += a->identities[i].type == HD_ENT_PER && hd_spk_has_surname(&a->identities[i], sw, sn);
    int g = hd_spk_context_gender(v, x0->tok_begin, x0->tok_end);
    if (shared < 2 || !g) continue;
    hd_spk_query q = {0};
    q.kind = HD_SPQ_SURNAME;
    q.at = x0->tok_begin;
    q.prev = prev;
    q.prev_para = prev_para;
    q.spoke = spoke;
    q.word = sw;
    q.word_n = sn;
    add_unambiguous(x, v, &q, g);
  }
}

/* Real pronouns whose antecedent their gender gives away: every he/she/
 * his/her outside quotations with no fitting person earlier in its
 * sentence (the rules' case), whose candidates (gender not filtered)
 * hold exactly one of its gender and all others of the other one. The
 * ranking hides the gender (query gender 0: no gender feature), so the
 * ranker learns from real pronoun contexts what else points to the
 * antecedent. The previous speaker is the gold one's before the pronoun. */
static void add_pronouns(rankings *x, const hd_spk_view *v, const gold_rec *r, size_t nr, uint16_t *spoke) {
  const hd_article *a = v->a;
  size_t k = 0;
  uint32_t prev = HD_NONE, prev_para = 0;
  for (uint32_t t = 0; t < a->n_tokens; t++) {
    for (; k < nr && r[k].cs < a->tokens[t].start; k++)
      if (r[k].person != HD_NONE) {
        prev = r[k].person;
        prev_para = v->para_of[v->sent_of[token_at(a, r[k].cs) < a->n_tokens ? token_at(a, r[k].cs) : t]];
        if (spoke[prev] < 0xffff) spoke[prev]++;
      }
    int g = v->inq[t] ? 0 : hd_spk_pronoun_gender(v, t);
    if (!g) continue;
    const gold_rec *src = NULL; /* the gold event whose source this pronoun is */
    for (size_t j = 0; j < nr; j++)
      if (r[j].ss == a->tokens[t].start) src = &r[j];
    hd_spk_query q = {0};
    if (src) {
      q.cb = token_at(a, src->cs);
      q.ce = token_at(a, src->ce);
    }
    q.kind = HD_SPQ_PRONOUN;
    q.at = t;
    q.prev = prev;
    q.prev_para = prev_para;
    q.spoke = spoke;
    if (same_sentence_person(v, &q, g)) continue;
    /* the speaker of the paragraph before or this one is the rules' too */
    if (prev != HD_NONE && v->para_of[v->sent_of[t]] - prev_para <= 1 && v->gender[prev] != -g) continue;
    add_unambiguous(x, v, &q, g);
  }
}

static void nothing(hd_article *a, void *ud) {
  (void)a;
  (void)ud;
}

static void collect(const pn_doc *d, void *ud) {
  rankings *x = ud;
  const hd_article *a = d->a;
  if (!a->n_tokens) return;
  uint8_t *inq = hd_xmalloc(a->n_tokens);
  int8_t *gender = hd_xcalloc(a->n_identities + 1, 1);
  hd_attrib_speaker_inputs(a, inq, gender);
  hd_cue_tokens tk;
  hd_cue_tokens_init(&tk, a);
  hd_spk_view v;
  hd_spk_view_init(&v, a, &tk, inq, gender);
  gold_rec *r = hd_xcalloc(d->nev + 1, sizeof *r);
  size_t nr = 0;
  for (size_t e = 0; e < d->nev; e++) {
    const gold_span *c = pn_find_span(d->spans, d->ev[e].content[0]);
    const gold_span *s = pn_find_span(d->spans, d->ev[e].source);
    if (!c || !s) continue;
    hd_span ce = pn_extent(c), se = pn_extent(s);
    uint32_t tok = 0;
    r[nr++] = (gold_rec){c->piece[0].start, ce.end, se.start, se.end, person_in(a, inq, se.start, se.end, &tok)};
  }
  qsort(r, nr, sizeof *r, cmp_rec);
  uint16_t *spoke = hd_xcalloc(a->n_identities + 1, sizeof *spoke);
  uint32_t prev = HD_NONE, prev_para = 0;
  for (size_t i = 0; i < nr; i++) {
    hd_spk_query q = {0};
    q.cb = token_at(a, r[i].cs);
    q.ce = token_at(a, r[i].ce);
    q.prev = prev;
    q.prev_para = prev_para;
    q.spoke = spoke;
    uint32_t X = r[i].person;
    if (X != HD_NONE && q.cb < a->n_tokens) {
      uint32_t sb = token_at(a, r[i].ss), se = token_at(a, r[i].se);
      if (se <= q.cb && v.sent_of[se - 1 < a->n_tokens ? se - 1 : 0] < v.sent_of[q.cb]) {
        q.kind = HD_SPQ_CONTINUATION; /* a real label: the speaker named sentences before */
        q.at = q.cb;
        add_ranking(x, &v, &q, X);
      } else if (sb < a->n_tokens) {
        q.at = sb;
        char buf[32];
        size_t n = role_word(&a->identities[X], buf, sizeof buf);
        if (n) {
          q.kind = HD_SPQ_ROLE;
          q.word = buf;
          q.word_n = n;
          add_ranking(x, &v, &q, X);
        }
      }
      prev = X;
      prev_para = v.para_of[v.sent_of[q.cb]];
      if (spoke[X] < 0xffff) spoke[X]++;
    }
  }
  memset(spoke, 0, (a->n_identities + 1) * sizeof *spoke);
  add_pronouns(x, &v, r, nr, spoke);
  memset(spoke, 0, (a->n_identities + 1) * sizeof *spoke);
  add_surnames(x, &v, r, nr, spoke);
  hd_free(spoke);
  hd_free(r);
  hd_spk_view_free(&v);
  hd_cue_tokens_free(&tk);
  hd_free(gender);
  hd_free(inq);
}

static int load(const char *dir, const hd_tagger *tagger, rankings *x) {
  long visited = 0, skipped = 0;
  if (pn_each(dir, tagger, nothing, collect, x, &visited, &skipped) != 0) return -1;
  fprintf(stderr, "herald train quotes: speaker rankings from %s: %ld articles, %zu rankings\n", dir, visited, x->n);
  return 0;
}

static const char *KIND[HD_SPQ_COUNT] = {"pronoun", "surname", "role", "continuation"};

/* Ranking k of x under m: the best candidate's index, its score and the
 * runner-up's (-1e30 when there is none). */
static size_t best_two(const hd_spk_model *m, const rankings *x, size_t k, float *best, float *second) {
  float b = -1e30f, s2 = -1e30f;
  size_t bi = 0;
  for (size_t j = 0; j < x->cands[k]; j++) {
    size_t r = x->first[k] + j;
    float s = hd_spk_score(m, x->f + x->off[r], x->off[r + 1] - x->off[r]);
    if (s > b) s2 = b, b = s, bi = j;
    else if (s > s2) s2 = s;
  }
  *best = b;
  *second = s2;
  return bi;
}

/* Accuracy of m on x per query kind, with the nearest-candidate and
 * previous-speaker baselines, and kept accuracy at margin thresholds. */
static void report(const hd_spk_model *m, const rankings *x, const char *what) {
  static const float THR[] = {0, 0.5f, 1, 2, 4};
  for (int kd = 0; kd < HD_SPQ_COUNT; kd++) {
    long n = 0, ok = 0, base = 0, prev = 0, kept[5] = {0}, kok[5] = {0};
    for (size_t k = 0; k < x->n; k++) {
      if (x->kind[k] != kd) continue;
      float best, second;
      size_t bi = best_two(m, x, k, &best, &second);
      n++;
      ok += bi == x->gold[k];
      base += x->base_ok[k];
      prev += x->prev_ok[k];
      for (int t = 0; t < 5; t++)
        if (best - second >= THR[t]) kept[t]++, kok[t] += bi == x->gold[k];
    }
    if (!n) continue;
    fprintf(stderr,
            "herald train quotes: speaker ranker, %s, %s: %ld rankings, accuracy %.3f (nearest %.3f, previous "
            "speaker %.3f); kept/accuracy at margin 0.5 %.2f/%.3f, 1 %.2f/%.3f, 2 %.2f/%.3f, 4 %.2f/%.3f\n",
            what, KIND[kd], n, (double)ok / n, (double)base / n, (double)prev / n, (double)kept[1] / n,
            kept[1] ? (double)kok[1] / kept[1] : 0, (double)kept[2] / n, kept[2] ? (double)kok[2] / kept[2] : 0,
            (double)kept[3] / n, kept[3] ? (double)kok[3] / kept[3] : 0, (double)kept[4] / n,
            kept[4] ? (double)kok[4] / kept[4] : 0);
  }
}

/* The margin threshold, of a few, that maximises right minus twice wrong
 * answers over x's pronoun, surname and continuation rankings (a wrong
 * speaker costs more than an empty one: precision first). */
static float pick_threshold(const hd_spk_model *m, const rankings *x) {
  static const float THR[] = {0, 0.5f, 1, 2, 3, 4, 6};
  float best_t = 0;
  double best_u = -1e30;
  for (size_t t = 0; t < sizeof THR / sizeof *THR; t++) {
    double u = 0;
    for (size_t k = 0; k < x->n; k++) {
      if (x->kind[k] == HD_SPQ_ROLE) continue;
      float best, second;
      size_t bi = best_two(m, x, k, &best, &second);
      if (best - second >= THR[t]) u += bi == x->gold[k] ? 1 : -2;
    }
    if (u > best_u) best_u = u, best_t = THR[t];
  }
  return best_t;
}

hd_spk_model *train_speaker(const char *train_dir, const char *dev_dir, const hd_tagger *tagger) {
  rankings x = {0};
  if (load(train_dir, tagger, &x) != 0 || x.n == 0) {
    free_rankings(&x);
    return NULL;
  }
  hd_spk_model *m = hd_spk_train(x.f, x.off, x.first, x.cands, x.gold, x.n, EPOCHS);
  report(m, &x, "train");
  free_rankings(&x);
  hd_spk_model_set_threshold(m, HD_SPK_DEFAULT_MARGIN);
  if (dev_dir && load(dev_dir, tagger, &x) == 0) {
    report(m, &x, "dev");
    hd_spk_model_set_threshold(m, pick_threshold(m, &x));
    fprintf(stderr, "herald train quotes: speaker ranker margin threshold %.1f (chosen on dev)\n",
            (double)hd_spk_model_threshold(m));
  }
  free_rankings(&x);
  return m;
}
