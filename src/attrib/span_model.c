/*
 * span_model.c: the learned span tagger (see span_model.h): per-token
 * inputs, hashed features, Viterbi decoding with BIO constraints,
 * structured averaged perceptron training and the serialised form.
 * Memory: a model owns 1 << bits rows of HD_SL_COUNT int16 weights (padded to
 * ROW), on huge pages (util/table.h).
 * Complexity: O(n * (features + labels^2)) per paragraph of n tokens.
 */
#include "attrib/span_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrib/cue_model.h"
#include "attrib/cues.h"
#include "util/buf.h"
#include "util/fhash.h"
#include "util/table.h"

#define NL HD_SL_COUNT
#define CUE_WINDOW 20 /* how far the nearest cue-like word is looked for */

#define ROW 8 /* a weight row: NL int16 padded to 16 bytes, one cache line holds four */

/* Viterbi's transitions as ROW-wide rows: vtr[p][l] is p -> l, NEG where
 * BIO forbids the pair and in the pad lane (vit_rows). */
typedef struct {
  float tr[NL][ROW];
} vit_rows;

struct hd_span_model {
  unsigned bits;
  float scale;                 /* weight = q * scale */
  int16_t *q;                  /* (1 << bits) rows of ROW, then one row of zeros (the sums' padding) */
  float trans[(NL + 1) * NL];  /* row NL: sequence start */
  vit_rows vit;                /* trans in Viterbi's layout, made once when the model is built or read */
};

/* ---- inputs ---- */

static uint32_t first_token_at(const hd_article *a, uint32_t byte) {
  size_t lo = 0, hi = a->n_tokens;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (a->tokens[mid].start < byte) lo = mid + 1;
    else hi = mid;
  }
  return (uint32_t)lo;
}

static void paint(const hd_article *a, uint8_t *lab, hd_span s, uint8_t b) {
  if (hd_span_is_none(s)) return;
  int first = 1;
  for (uint32_t t = first_token_at(a, s.start); t < a->n_tokens && a->tokens[t].end <= s.end; t++) {
    lab[t] = first ? b : (uint8_t)(b + 1);
    first = 0;
  }
}

static int score_bucket(float s) { return s < -9 ? 1 : s < -1 ? 2 : s < 0 ? 3 : s < 3 ? 4 : 5; }

void hd_span_input_init(hd_span_input *x, const hd_article *a, const hd_cue_model *cm, const uint8_t *inq) {
  hd_span_input_init_ex(x, a, cm, inq, NULL);
}

/* The cue lexicon class (low 5 bits) and cue-tagger score bucket (<< 5)
 * of word token i in sentence [sb, se). */
static uint8_t cue_byte(const hd_span_input *x, const hd_cue_model *cm, const uint8_t *inq, const hd_span_hints *h,
                        uint32_t sb, uint32_t se, uint32_t i) {
  const hd_article *a = x->a;
  const hd_cue_tokens *tk = x->tk;
  const char *w = hd_cue_tokens_lower(tk, i), *nx;
  if (!w) return 0;
  size_t wl = tk->len[i];
  uint64_t v = tk->cv[i];
  int cls = HD_CUE_VALUE_CLASS(v) & 0x1f;
  if ((v & HD_CUE_VALUE_BIGRAM) && i + 1 < se && a->tokens[i + 1].kind == HD_TOK_WORD &&
      (nx = hd_cue_tokens_lower(tk, i + 1)) && hd_cue_bigram(w, nx))
    cls |= HD_CUE_LEARNED;
  int b = 0;
  int knows = cm && !inq[i] && wl >= 3 ? (h && h->knows && h->knows[i] >= 0 ? h->knows[i]
                                                                             : hd_cue_model_knows(cm, tk->key[i]))
                                        : 0;
  if (knows) {
    float sc = h && h->cue_score ? h->cue_score[i] : NAN;
    if (isnan(sc)) {
      uint32_t f[HD_CUE_MAX_FEATS];
      size_t nf = hd_cue_features(a, tk, sb, se, i, f);
      sc = hd_cue_model_score(cm, f, nf);
    }
    b = score_bucket(sc);
  }
  return (uint8_t)(cls | b << 5);
}

static void precompute_sentence(hd_span_input *x, size_t s);

void hd_span_input_init_ex(hd_span_input *x, const hd_article *a, const hd_cue_model *cm, const uint8_t *inq,
                           const hd_span_hints *h) {
  size_t n = a->n_tokens ? a->n_tokens : 1;
  x->a = a;
  x->inq = hd_xmalloc(n);
  memcpy(x->inq, inq, a->n_tokens);
  if (h && h->tk) x->tk = h->tk;
  else {
    hd_cue_tokens_init(&x->own, a);
    x->tk = &x->own;
  }
  x->rule = hd_xcalloc(n, 1);
  x->cue = hd_xcalloc(n, 1);
  x->sent = hd_xcalloc(n, sizeof *x->sent);
  for (size_t q = 0; q < a->n_quotes; q++) paint(a, x->rule, a->quotes[q].content, HD_SL_B_CON);
  for (size_t q = 0; q < a->n_quotes; q++) {
    paint(a, x->rule, a->quotes[q].source, HD_SL_B_SRC);
    paint(a, x->rule, a->quotes[q].cue, HD_SL_B_CUE);
  }
  x->tiled = a->n_sentences > 0 && a->sentences[0].tok_begin == 0 && a->sentences[a->n_sentences - 1].tok_end == a->n_tokens;
  for (size_t s = 0; s < a->n_sentences; s++) {
    uint32_t sb = a->sentences[s].tok_begin, se = a->sentences[s].tok_end;
    if (se <= sb || (s > 0 && sb != a->sentences[s - 1].tok_end)) x->tiled = 0;
    for (uint32_t i = sb; i < se && i < a->n_tokens; i++) {
      x->sent[i] = (uint32_t)s;
      if (a->tokens[i].kind == HD_TOK_WORD) x->cue[i] = cue_byte(x, cm, inq, h, sb, se, i);
    }
  }
  x->suf = hd_xcalloc(n, sizeof *x->suf);
  x->lcue = hd_xmalloc(n);
  x->rcue = hd_xmalloc(n);
  x->ctx = hd_xcalloc(n, 1);
  memset(x->lcue, -1, n);
  memset(x->rcue, -1, n);
  /* the per-sentence arrays only where the tagger will look: the
   * paragraphs worth tagging (sentences outside paragraphs: all) */
  uint8_t *want = hd_xcalloc(a->n_sentences + 1, 1);
  memset(want, a->n_paragraphs ? 0 : 1, a->n_sentences + 1);
  for (size_t p = 0; p < a->n_paragraphs; p++) {
    uint32_t sb, se, tb, te;
    if (hd_paragraph_range(a, p, &sb, &se, &tb, &te) && tb < te && hd_span_worth_tagging(x, tb, te))
      memset(want + sb, 1, se - sb);
  }
  for (size_t s = 0; s < a->n_sentences; s++)
    if (want[s]) precompute_sentence(x, s);
  hd_free(want);
}

static int cue_like(const hd_span_input *x, size_t j);

/* Sentence s: token forms, nearest cue-like words, what lies between
 * the left one and the token, quotation marks before and after. O(n). */
static void precompute_sentence(hd_span_input *x, size_t s) {
  const hd_article *a = x->a;
  uint32_t sb = a->sentences[s].tok_begin, se = a->sentences[s].tok_end;
  if (se > a->n_tokens) se = (uint32_t)a->n_tokens;
  int64_t lc = -1;
  uint8_t acc = 0, qb = 0;
  for (uint32_t i = sb; i < se; i++) {
    const hd_token *t = &a->tokens[i];
    const char *w = x->tk->low + x->tk->off[i];
    int mark = t->kind == HD_TOK_QUOTE_OPEN || t->kind == HD_TOK_QUOTE_CLOSE || t->kind == HD_TOK_NUM;
    size_t n = mark ? 0 : x->tk->len[i];
    x->suf[i] = n >= 3 ? hd_fhash_str(w + n - 3, 3) : 0; /* packed, not hashed */
    int near = lc >= 0 && i - lc <= CUE_WINDOW;
    x->lcue[i] = (int8_t)(near ? i - lc : -1);
    x->ctx[i] = (uint8_t)((near ? acc : 0) | qb << 2);
    if (cue_like(x, i)) {
      lc = i;
      acc = 0;
    } else if (n == 4 && !memcmp(w, "that", 4)) acc |= 2;
    else if (n == 1 && (w[0] == ',' || w[0] == ':')) acc |= 1;
    if (t->kind == HD_TOK_QUOTE_OPEN) qb = 1;
    else if (t->kind == HD_TOK_QUOTE_CLOSE) qb = 2;
  }
  int64_t rc = -1;
  uint8_t qa = 0;
  for (uint32_t i = se; i-- > sb;) {
    x->rcue[i] = (int8_t)(rc >= 0 && rc - i <= CUE_WINDOW ? rc - i : -1);
    x->ctx[i] |= (uint8_t)(qa << 4);
    if (cue_like(x, i)) rc = i;
    uint8_t k = a->tokens[i].kind;
    if (k == HD_TOK_QUOTE_OPEN) qa = 1;
    else if (k == HD_TOK_QUOTE_CLOSE) qa = 2;
  }
}

void hd_span_input_free(hd_span_input *x) {
  hd_free(x->inq);
  if (x->tk == &x->own) hd_cue_tokens_free(&x->own);
  hd_free(x->rule);
  hd_free(x->cue);
  hd_free(x->sent);
  hd_free(x->suf);
  hd_free(x->lcue);
  hd_free(x->rcue);
  hd_free(x->ctx);
  memset(x, 0, sizeof *x);
}

/* Eight lanes at a time, written with GCC vector extensions: a token's
 * features are mixed together, and decoding works on all labels of a
 * token at once (the seven labels and a pad lane that never wins). On
 * x86-64 the hot functions are compiled twice (AVX2 and the SSE2
 * baseline) and picked at load time by the CPU; every lane does the
 * scalar operations in the scalar order (int32 sums, one float add per
 * step, strict comparisons), so features and labels are the same
 * whichever runs. Emission and Viterbi rows are ROW floats wide. */
typedef float v8f __attribute__((vector_size(32)));
typedef int32_t v8i __attribute__((vector_size(32)));
typedef int16_t v8s __attribute__((vector_size(16)));
typedef uint32_t v8u __attribute__((vector_size(32)));

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__) && !defined(HD_SPAN_PORTABLE)
#define SPAN_X86 1
#include <immintrin.h>
#define SIMD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define SIMD_CLONES
#endif

/* ---- features ---- */

typedef struct {
  uint32_t *out;
  size_t n;
} fsink;

/* The sum is x * 0x9e3779b1 + y * 0x7f4a7c15 + (tmpl + 1) * 0xc2b2ae3d
 * (mod 2^32). It is kept divided by the odd 0x9e3779b1 (times its inverse
 * mod 2^32), so a one-value feature costs an add of a constant, and
 * mix_all puts the factor back in the multiply it does anyway: the same
 * bits. */
#define FEAT_C1 0x9e3779b1u
#define FEAT_C1_INV 0x0e8b2f51u
#define FEAT_Y 0x78c01da5u   /* 0x7f4a7c15 / C1 */
#define FEAT_T 0x59a5544du   /* 0xc2b2ae3d / C1 */
#define MIX_MUL 0x85ebca6bu
_Static_assert((uint32_t)(FEAT_C1 * FEAT_C1_INV) == 1u, "the inverse");
_Static_assert((uint32_t)(FEAT_Y * FEAT_C1) == 0x7f4a7c15u && (uint32_t)(FEAT_T * FEAT_C1) == 0xc2b2ae3du,
               "the factors divided by C1");

/* A feature: template and values mixed into 32 bits whose low bits pick
 * the bucket (a multiply and a fold: each output bit depends on every
 * input bit; cheap). The two values and the template first meet in a sum
 * of odd multiples (values are word hashes or small integers); once a
 * token's sums are all in, mix_all multiplies and folds them (h *=
 * 0x85ebca6b; h ^= h >> 16) eight at a time. A template
 * adds one feature at most and its number is checked against
 * HD_SPAN_MAX_FEATS when it is compiled, so the sink needs no bound. */
/* Mixes h[0, n) in place; h has room up to n rounded up to eight (the
 * sink's HD_SPAN_MAX_FEATS, a multiple of eight), which is zeroed and
 * mixed along. With a weight table q (ROW int16 per row, 16-byte rows,
 * mask + 1 rows and then a row of zeros), h gets the byte offsets of the
 * rows the features pick (index & mask), prefetched, and the padding up
 * to the multiple of eight the zero row's: the sums read whole vectors. */
_Static_assert(HD_SPAN_MAX_FEATS % 8 == 0, "the sink holds whole vectors");
_Static_assert(ROW * sizeof(int16_t) == 16, "a row's byte offset is its index << 4");
SIMD_CLONES
static void mix_all(uint32_t *h, size_t n, const int16_t *q, uint32_t mask) {
  for (size_t k = n; k % 8; k++) h[k] = 0;
  for (size_t k = 0; k < n; k += 8) {
    v8u v;
    memcpy(&v, h + k, sizeof v);
    v *= (uint32_t)(FEAT_C1 * MIX_MUL); /* put_feat's C1, then the mix's multiply */
    v ^= v >> 16;
    if (q) v = (v & mask) << 4; /* the row's byte offset */
    memcpy(h + k, &v, sizeof v);
    if (!q) continue;
#pragma GCC unroll 8
    for (int j = 0; j < 8; j++) __builtin_prefetch((const char *)q + h[k + j]);
  }
  if (q)
    for (size_t k = n; k % 8; k++) h[k] = (mask + 1) << 4; /* the zero row after the last */
}

static inline void put_feat(fsink *s, uint32_t tmpl, uint32_t x, uint32_t y) {
  s->out[s->n++] = x + y * FEAT_Y + (tmpl + 1) * FEAT_T;
}

#define feat2(s, tmpl, x, y)                                                          \
  do {                                                                                \
    _Static_assert((tmpl) < HD_SPAN_MAX_FEATS, "one feature per template number"); \
    put_feat(s, tmpl, x, y);                                                          \
  } while (0)
#define feat_int(s, tmpl, v) feat2(s, tmpl, (uint32_t)(v), 0)

/* Is token j in the sentence of token i? (sentence s holds the tokens
 * whose x->sent is s) */
static int in_sentence(const hd_span_input *x, uint32_t i, int64_t j) {
  return j >= 0 && j < (int64_t)x->a->n_tokens && x->sent[j] == x->sent[i];
}

static int shape(const hd_token *t) {
  return t->kind * 8 + (t->flags & HD_TF_ALL_UPPER ? 2 : t->flags & HD_TF_UPPER_INITIAL ? 1 : 0) +
         (t->flags & HD_TF_HAS_DIGIT ? 4 : 0);
}

static int cue_like(const hd_span_input *x, size_t j) {
  int cls = x->cue[j] & 0x1f, b = x->cue[j] >> 5;
  return (cls & (HD_CUE_SPEECH | HD_CUE_BELIEF | HD_CUE_LEARNED) && !(cls & HD_CUE_WEAK)) || b >= 4 ||
         x->rule[j] == HD_SL_B_CUE;
}

/* d <= 3: d; 4-6: 4; 7-10: 5; more: 6 (a table for 0-10). */
static int dist_bucket(int d) {
  static const uint8_t B[11] = {0, 1, 2, 3, 4, 4, 4, 5, 5, 5, 5};
  return (unsigned)d < 11 ? B[d] : d < 0 ? d : 6;
}

static uint8_t rule_at(const hd_span_input *x, int64_t j) {
  return j >= 0 && j < (int64_t)x->a->n_tokens ? x->rule[j] : 7;
}

int hd_span_worth_tagging(const hd_span_input *x, uint32_t b, uint32_t e) {
  for (uint32_t i = b; i < e; i++)
    if (x->inq[i] || x->rule[i] || cue_like(x, i)) return 1;
  return 0;
}

static size_t features(const hd_span_input *x, uint32_t i, uint32_t *out, const int16_t *q, uint32_t mask);

size_t hd_span_features(const hd_span_input *x, uint32_t i, uint32_t *out) { return features(x, i, out, NULL, 0); }

/* hd_span_features; when q is non-NULL, out gets the byte offsets of the
 * rows of q the features pick instead, prefetched and padded (mix_all). */
static size_t features(const hd_span_input *x, uint32_t i, uint32_t *out, const int16_t *q, uint32_t mask) {
  fsink s = {out, 0};
  const hd_article *a = x->a;
  const hd_token *t = &a->tokens[i];
  uint32_t sb = a->sentences[x->sent[i]].tok_begin, se = a->sentences[x->sent[i]].tok_end;
  int in[5] = {0, 0, 1, 0, 0}; /* tokens i - 2 .. i + 2 in i's sentence */
  if (x->tiled) {
    uint32_t left = i - sb, right = se - 1 - i;
    in[0] = left >= 2, in[1] = left >= 1, in[3] = right >= 1, in[4] = right >= 2;
  } else {
    for (int k = 0; k < 5; k++) in[k] = k == 2 || in_sentence(x, i, (int64_t)i + k - 2);
  }
  const uint32_t *fh = x->tk->fh;
  uint32_t w[5] = {in[0] ? fh[i - 2] : 0x5e, in[1] ? fh[i - 1] : 0x5e, fh[i], in[3] ? fh[i + 1] : 0x24,
                   in[4] ? fh[i + 2] : 0x24}; /* their form hashes: ^ / $ outside it */
  feat_int(&s, 0, 0); /* bias */
  feat_int(&s, 1, (int)w[2]);
  feat_int(&s, 2, (int)w[1]);
  feat_int(&s, 3, (int)w[3]);
  feat_int(&s, 4, (int)w[0]);
  feat_int(&s, 5, (int)w[4]);
  feat2(&s, 6, w[1], w[2]);
  feat2(&s, 7, w[2], w[3]);
  int sh = shape(t);
  feat_int(&s, 8, sh);
  if (x->suf[i]) feat_int(&s, 9, (int)x->suf[i]);
  int q0 = x->inq[i], qp = i > 0 ? x->inq[i - 1] : 0, qn = i + 1 < a->n_tokens ? x->inq[i + 1] : 0;
  feat_int(&s, 10, q0);
  feat_int(&s, 11, qp * 4 + q0 * 2 + qn);
  const uint8_t *ment = x->tk->ment;
  uint8_t m0 = ment[i], mp = i > 0 ? ment[i - 1] : 0xfe, mn = i + 1 < a->n_tokens ? ment[i + 1] : 0xfe;
  feat_int(&s, 12, m0);
  feat_int(&s, 13, mp * 65536 + m0 * 256 + mn);
  int c0 = x->cue[i];
  feat_int(&s, 14, c0 & 0x1f);
  feat_int(&s, 15, c0 >> 5);
  feat_int(&s, 16, in[1] ? x->cue[i - 1] : 0xffff);
  feat_int(&s, 17, in[3] ? x->cue[i + 1] : 0xffff);
  uint8_t r0 = x->rule[i], rp = rule_at(x, (int64_t)i - 1), rn = rule_at(x, (int64_t)i + 1);
  feat_int(&s, 18, r0);
  feat_int(&s, 19, rp * 16 + r0);
  feat_int(&s, 20, r0 * 16 + rn);
  feat_int(&s, 21, r0 * 2 + q0);
  feat_int(&s, 22, r0 * 64 + (c0 >> 5) * 8 + (m0 == 0xff ? 7 : m0));
  feat_int(&s, 23, t->flags & (HD_TF_SENT_START | HD_TF_PARA_START));
  int last = !in[3], second = !last && !in[4];
  feat_int(&s, 24, last * 2 + second);
  int64_t lc = x->lcue[i] >= 0 ? (int64_t)i - x->lcue[i] : -1, rc = x->rcue[i] >= 0 ? (int64_t)i + x->rcue[i] : -1;
  int ld = lc >= 0 ? dist_bucket(x->lcue[i]) : 0, rd = rc >= 0 ? dist_bucket(x->rcue[i]) : 0;
  feat_int(&s, 25, ld);
  feat_int(&s, 26, rd);
  feat_int(&s, 27, ld * 8 + rd);
  feat_int(&s, 28, ld * 4 + q0 * 2 + (m0 != 0xff));
  feat_int(&s, 29, rd * 4 + q0 * 2 + (m0 != 0xff));
  int between = x->ctx[i] & 3; /* "that" (2), a comma or colon (1) since the left cue */
  feat_int(&s, 30, ld * 4 + between);
  if (lc >= 0) {
    feat2(&s, 31, x->tk->fh[lc], 'L');
    feat_int(&s, 32, ld * 8 + (int)(x->rule[lc] != 0) * 4 + between);
  }
  if (rc >= 0) feat2(&s, 33, x->tk->fh[rc], 'R');
  int pos = (int)(i - sb), len = (int)(se - sb);
  feat_int(&s, 34, dist_bucket(pos) * 8 + dist_bucket(len - pos));
  feat_int(&s, 35, sh * 256 + (m0 == 0xff ? 7 : m0) * 8 + r0);
  feat2(&s, 36, w[2], (uint32_t)q0);
  feat_int(&s, 37, x->ctx[i] >> 2); /* quotation marks before / after in the sentence */
  /* the sentence before ends with a colon */
  if (x->sent[i] > 0) {
    uint32_t pe = a->sentences[x->sent[i] - 1].tok_end;
    feat_int(&s, 38, pe > 0 && a->tokens[pe - 1].end - a->tokens[pe - 1].start == 1 &&
                         a->text[a->tokens[pe - 1].start] == ':');
  }
  feat_int(&s, 39, (int)x->rule[sb] * 16 + (se > 0 ? x->rule[se - 1] : 0));
  mix_all(out, s.n, q, mask);
  return s.n;
}

/* ---- decoding ---- */

/* BIO: the labels each label may follow (an I- label only its B- or I-). */
static const uint8_t PREV_OK[NL][NL] = {
    [HD_SL_O] = {1, 1, 1, 1, 1, 1, 1},     [HD_SL_B_SRC] = {1, 1, 1, 1, 1, 1, 1},
    [HD_SL_I_SRC] = {0, 1, 1, 0, 0, 0, 0}, [HD_SL_B_CUE] = {1, 1, 1, 1, 1, 1, 1},
    [HD_SL_I_CUE] = {0, 0, 0, 1, 1, 0, 0}, [HD_SL_B_CON] = {1, 1, 1, 1, 1, 1, 1},
    [HD_SL_I_CON] = {0, 0, 0, 0, 0, 1, 1},
};


/* Viterbi over n tokens whose emission scores are em[n * ROW]. A pair
 * BIO forbids gets the transition score NEG: a path score (finite, far
 * below 1e22 in size) plus NEG rounds to NEG itself, so a forbidden pair
 * never beats the running best (which starts at NEG, and the comparison
 * is strict), exactly as when the pairs were tested one by one. Ties go
 * to the first best predecessor in label order. */
#define NEG (-1e30f)
#define VITERBI_STACK 256 /* tokens whose tables fit on the stack */

static void vit_rows_of(const float *trans, vit_rows *v) {
  for (int p = 0; p < NL; p++)
    for (int l = 0; l < ROW; l++) v->tr[p][l] = l < NL && PREV_OK[l][p] ? trans[p * NL + l] : NEG;
}

/* The better of two candidates, lane by lane: (b, lb) only where b > a
 * (strictly), so of equal scores the first one (a) stays. */
static inline void vit_pick(v8f *a, v8i *la, const v8f *b, const v8i *lb) {
  v8i gt = *b > *a;
  *a = (v8f)((gt & (v8i)*b) | (~gt & (v8i)*a));
  *la = (gt & *lb) | (~gt & *la);
}

/* The best predecessor per label: the scan "best = NEG, arg = 0; for p in
 * label order, take p where its score is strictly above best" keeps the
 * first of the highest scores among (NEG as 0, v[0], ..., v[6]) (scores
 * are never NaN). The same pick as a tree of three levels (each pair's
 * left side is the earlier, and keeps ties) instead of a chain of seven:
 * the same winner and the same float, in a shorter dependency chain. */
static inline void vit_best(const v8f *v, v8f *best, v8i *arg) {
  static const v8i lab[NL] = {{0}, {1, 1, 1, 1, 1, 1, 1, 1}, {2, 2, 2, 2, 2, 2, 2, 2}, {3, 3, 3, 3, 3, 3, 3, 3},
                              {4, 4, 4, 4, 4, 4, 4, 4}, {5, 5, 5, 5, 5, 5, 5, 5}, {6, 6, 6, 6, 6, 6, 6, 6}};
  v8f b0 = {NEG, NEG, NEG, NEG, NEG, NEG, NEG, NEG}, b1 = v[1], b2 = v[3], b3 = v[5];
  v8i a0 = lab[0], a1 = lab[1], a2 = lab[3], a3 = lab[5];
  vit_pick(&b0, &a0, &v[0], &lab[0]);
  vit_pick(&b1, &a1, &v[2], &lab[2]);
  vit_pick(&b2, &a2, &v[4], &lab[4]);
  vit_pick(&b3, &a3, &v[6], &lab[6]);
  vit_pick(&b0, &a0, &b1, &a1);
  vit_pick(&b2, &a2, &b3, &a3);
  vit_pick(&b0, &a0, &b2, &a2);
  *best = b0;
  *arg = a0;
}

SIMD_CLONES
static void viterbi(const float *trans, const vit_rows *vr, const float *em, size_t n, uint8_t *out) {
  if (!n) return;
  v8f tr[NL], e; /* tr[p][l]: p -> l, NEG where BIO forbids it and in the pad lane */
  for (int p = 0; p < NL; p++) memcpy(&tr[p], vr->tr[p], sizeof tr[p]);
  int32_t back_s[VITERBI_STACK * ROW];
  int32_t *back = n <= VITERBI_STACK ? back_s : hd_xmalloc(n * ROW * sizeof *back);
  float prev[ROW]; /* the path scores of the token before */
  for (int l = 0; l < ROW; l++)
    prev[l] = l < NL && l != HD_SL_I_SRC && l != HD_SL_I_CUE && l != HD_SL_I_CON ? trans[NL * NL + l] + em[l] : NEG;
  for (size_t t = 1; t < n; t++) {
    v8f v[NL];
    v8i arg;
#pragma GCC unroll 7
    for (int p = 0; p < NL; p++) v[p] = prev[p] + tr[p];
    v8f best;
    vit_best(v, &best, &arg);
    memcpy(&e, em + t * ROW, sizeof e);
    e += best;
    memcpy(prev, &e, sizeof e);
    memcpy(back + t * ROW, &arg, sizeof arg);
  }
  int l = 0;
  for (int k = 1; k < NL; k++)
    if (prev[k] > prev[l]) l = k;
  for (size_t t = n; t-- > 0;) {
    out[t] = (uint8_t)l;
    if (t) l = back[t * ROW + l];
  }
  if (back != back_s) hd_free(back);
}

/* Training's emission scores (float weights, NL per row) into em[ROW]. */
static void emissions(const float *w, uint32_t mask, const uint32_t *f, size_t nf, float *em) {
  for (int l = 0; l < ROW; l++) em[l] = 0;
  for (size_t k = 0; k < nf; k++) {
    const float *row = w + (size_t)(f[k] & mask) * NL;
    for (int l = 0; l < NL; l++) em[l] += row[l];
  }
}

/* The quantised model's emission scores into em[ROW]: int32 sums of the
 * int16 rows (exact, in any order), then one multiply by the scale. off:
 * the rows' byte offsets in m->q, nf of them, padded with the zero row's
 * to a multiple of eight (mix_all), so the sums go eight rows at a time. */
typedef void emit_fn(const hd_span_model *m, const uint32_t *off, size_t nf, float *em);

static void emissions_q(const hd_span_model *m, const uint32_t *off, size_t nf, float *em) {
  const char *q = (const char *)m->q;
  v8i acc = {0};
  for (size_t k = 0; k < nf; k++) {
    v8s row;
    memcpy(&row, q + off[k], sizeof row);
    acc += __builtin_convertvector(row, v8i);
  }
  v8f e = __builtin_convertvector(acc, v8f) * m->scale;
  memcpy(em, &e, sizeof e);
}

#ifdef SPAN_X86
/* The same with AVX2: one widening load and one add per feature, eight
 * features per step (the padding adds zeros). */
__attribute__((target("avx2"))) static void emissions_q_avx2(const hd_span_model *m, const uint32_t *off, size_t nf,
                                                             float *em) {
  const char *q = (const char *)m->q;
  __m256i acc = _mm256_setzero_si256(), acc2 = _mm256_setzero_si256();
  for (size_t k = 0; k < nf; k += 8) {
#define ROW_AT(j) _mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *)(const void *)(q + off[k + (j)])))
    acc = _mm256_add_epi32(acc, _mm256_add_epi32(ROW_AT(0), ROW_AT(1)));
    acc2 = _mm256_add_epi32(acc2, _mm256_add_epi32(ROW_AT(2), ROW_AT(3)));
    acc = _mm256_add_epi32(acc, _mm256_add_epi32(ROW_AT(4), ROW_AT(5)));
    acc2 = _mm256_add_epi32(acc2, _mm256_add_epi32(ROW_AT(6), ROW_AT(7)));
#undef ROW_AT
  }
  acc = _mm256_add_epi32(acc, acc2);
  _mm256_storeu_ps(em, _mm256_mul_ps(_mm256_cvtepi32_ps(acc), _mm256_set1_ps(m->scale)));
}
#endif

static emit_fn *pick_emissions(void) {
#ifdef SPAN_X86
  if (__builtin_cpu_supports("avx2")) return emissions_q_avx2;
#endif
  return emissions_q;
}

/* All tokens' features first, each weight row prefetched as its index is
 * known, then the sums: the row loads of a paragraph (mostly misses after
 * the NER stage has run through the cache) overlap instead of waiting
 * token by token. */
#define TAG_STACK 96 /* tokens whose features and scores fit on the stack (22 KB) */
void hd_span_tag(const hd_span_model *m, const hd_span_input *x, uint32_t b, uint32_t e, uint8_t *out) {
  if (e <= b) return;
  size_t n = e - b;
  /* a paragraph of up to TAG_STACK tokens works in stack memory, which
   * stays in cache from one paragraph to the next (fresh heap or arena
   * memory is a cache miss for every line the features write) */
  float em_s[TAG_STACK * ROW];
  uint32_t f_s[TAG_STACK * HD_SPAN_MAX_FEATS];
  size_t nf_s[TAG_STACK];
  float *em = em_s;
  uint32_t *f = f_s, mask = ((uint32_t)1 << m->bits) - 1;
  size_t *nf = nf_s;
  if (n > TAG_STACK) {
    em = hd_xmalloc(n * (ROW * sizeof(float) + HD_SPAN_MAX_FEATS * sizeof(uint32_t) + sizeof(size_t)));
    f = (uint32_t *)(em + n * ROW);
    nf = (size_t *)(void *)(f + n * HD_SPAN_MAX_FEATS);
  }
  for (size_t t = 0; t < n; t++) {
    uint32_t *ft = f + t * HD_SPAN_MAX_FEATS;
    nf[t] = features(x, (uint32_t)(b + t), ft, m->q, mask);
    nf[t] = (nf[t] + 7) & ~(size_t)7; /* with the padding */
  }
  emit_fn *emit = pick_emissions();
  for (size_t t = 0; t < n; t++) emit(m, f + t * HD_SPAN_MAX_FEATS, nf[t], em + t * ROW);
  viterbi(m->trans, &m->vit, em, n, out);
  if (em != em_s) hd_free(em);
}

/* ---- training ---- */

static uint64_t next_rand(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

typedef struct {
  float *w, trans[(NL + 1) * NL];
  double *u, utrans[(NL + 1) * NL]; /* sums of c * update, for averaging */
  uint32_t mask;
  double c;
} trainer;

static void upd(trainer *tr, size_t idx, float v) {
  tr->w[idx] += v;
  tr->u[idx] += tr->c * v;
}

static void upd_trans(trainer *tr, int p, int l, float v) {
  tr->trans[p * NL + l] += v;
  tr->utrans[p * NL + l] += tr->c * v;
}

static void train_seq(trainer *tr, const uint32_t *f, const size_t *foff, const uint8_t *y, size_t b, size_t e,
                      float *em, uint8_t *pred) {
  size_t n = e - b;
  for (size_t t = 0; t < n; t++)
    emissions(tr->w, tr->mask, f + foff[b + t], foff[b + t + 1] - foff[b + t], em + t * ROW);
  vit_rows vr;
  vit_rows_of(tr->trans, &vr);
  viterbi(tr->trans, &vr, em, n, pred);
  for (size_t t = 0; t < n; t++) {
    int g = y[b + t], p = pred[t];
    int gp = t ? y[b + t - 1] : NL, pp = t ? pred[t - 1] : NL;
    if (g != p)
      for (size_t k = foff[b + t]; k < foff[b + t + 1]; k++) {
        size_t row = (size_t)(f[k] & tr->mask) * NL;
        upd(tr, row + g, 1);
        upd(tr, row + p, -1);
      }
    if (g != p || gp != pp) {
      upd_trans(tr, gp, g, 1);
      upd_trans(tr, pp, p, -1);
    }
  }
}

hd_span_model *hd_span_train(const uint32_t *f, const size_t *foff, const uint8_t *y, const size_t *off,
                             size_t nseq, unsigned bits, int epochs) {
  return hd_span_train_subset(f, foff, y, off, nseq, NULL, bits, epochs);
}

hd_span_model *hd_span_train_subset(const uint32_t *f, const size_t *foff, const uint8_t *y, const size_t *off,
                                    size_t nseq, const uint8_t *use, unsigned bits, int epochs) {
  size_t rows = (size_t)1 << bits, longest = 1;
  trainer tr;
  memset(&tr, 0, sizeof tr);
  tr.w = hd_xcalloc(rows * NL, sizeof *tr.w);
  tr.u = hd_xcalloc(rows * NL, sizeof *tr.u);
  tr.mask = (uint32_t)rows - 1;
  tr.c = 1;
  size_t *order = hd_xmalloc((nseq ? nseq : 1) * sizeof *order);
  for (size_t k = 0; k < nseq; k++) {
    order[k] = k;
    if (off[k + 1] - off[k] > longest) longest = off[k + 1] - off[k];
  }
  float *em = hd_xmalloc(longest * ROW * sizeof *em);
  uint8_t *pred = hd_xmalloc(longest);
  uint64_t seed = 0x2545f4914f6cdd1dull;
  for (int ep = 0; ep < epochs; ep++) {
    for (size_t k = nseq; k > 1; k--) {
      size_t j = next_rand(&seed) % k, tmp = order[k - 1];
      order[k - 1] = order[j];
      order[j] = tmp;
    }
    for (size_t r = 0; r < nseq; r++) {
      if (use && !use[order[r]]) continue;
      train_seq(&tr, f, foff, y, off[order[r]], off[order[r] + 1], em, pred);
      tr.c++;
    }
  }
  hd_span_model *m = hd_xcalloc(1, sizeof *m);
  m->bits = bits;
  float mx = 0;
  for (size_t k = 0; k < rows * NL; k++) {
    tr.w[k] -= (float)(tr.u[k] / tr.c);
    if (fabsf(tr.w[k]) > mx) mx = fabsf(tr.w[k]);
  }
  m->scale = mx > 0 ? mx / 32767.0f : 1.0f;
  m->q = hd_table_alloc((rows + 1) * ROW * sizeof *m->q); /* util/table.h: huge pages */
  for (size_t r = 0; r < rows; r++)
    for (int l = 0; l < NL; l++) m->q[r * ROW + l] = (int16_t)lrintf(tr.w[r * NL + l] / m->scale);
  for (int k = 0; k < (NL + 1) * NL; k++) m->trans[k] = tr.trans[k] - (float)(tr.utrans[k] / tr.c);
  vit_rows_of(m->trans, &m->vit);
  hd_free(tr.w);
  hd_free(tr.u);
  hd_free(order);
  hd_free(em);
  hd_free(pred);
  return m;
}

void hd_span_model_free(hd_span_model *m) {
  if (!m) return;
  hd_table_free(m->q);
  hd_free(m);
}

/* ---- serialised form: u32 bits | f32 scale | f32 trans | i16 weights ---- */

static size_t n_weights(unsigned bits) { return ((size_t)1 << bits) * NL; }

size_t hd_span_model_blob_size(const hd_span_model *m) {
  return 8 + sizeof m->trans + n_weights(m->bits) * sizeof(int16_t);
}

void hd_span_model_write(const hd_span_model *m, unsigned char *out) {
  size_t rows = (size_t)1 << m->bits;
  uint32_t bits = m->bits;
  memcpy(out, &bits, 4);
  memcpy(out + 4, &m->scale, 4);
  memcpy(out + 8, m->trans, sizeof m->trans);
  unsigned char *p = out + 8 + sizeof m->trans;
  for (size_t r = 0; r < rows; r++)
    for (int l = 0; l < NL; l++) memcpy(p + 2 * (r * NL + (size_t)l), &m->q[r * ROW + l], 2);
}

hd_span_model *hd_span_model_read(const unsigned char *p, size_t len) {
  uint32_t bits = 0;
  float scale = 0;
  if (len < 8) return NULL;
  memcpy(&bits, p, 4);
  memcpy(&scale, p + 4, 4);
  if (bits < 8 || bits > 20 || !(scale > 0) || !isfinite(scale)) return NULL;
  hd_span_model *m = hd_xcalloc(1, sizeof *m);
  m->bits = bits;
  m->scale = scale;
  if (len != hd_span_model_blob_size(m)) {
    hd_free(m);
    return NULL;
  }
  memcpy(m->trans, p + 8, sizeof m->trans);
  vit_rows_of(m->trans, &m->vit);
  size_t rows = (size_t)1 << bits;
  m->q = hd_table_alloc((rows + 1) * ROW * sizeof *m->q); /* the last row stays zero; util/table.h */
  const unsigned char *q = p + 8 + sizeof m->trans;
  for (size_t r = 0; r < rows; r++)
    for (int l = 0; l < NL; l++) memcpy(&m->q[r * ROW + l], q + 2 * (r * NL + (size_t)l), 2);
  return m;
}
