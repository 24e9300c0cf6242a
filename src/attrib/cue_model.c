/*
 * cue_model.c: the learned cue tagger (see cue_model.h): features,
 * scoring, training (binary averaged perceptron) and the model file.
 * Memory: a model owns one float array of 1 << bits weights.
 * Complexity: O(1) per token to score; training O(epochs x features).
 */
#include "attrib/cue_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#include <zlib.h>

#include "attrib/cue_gate.h"
#include "attrib/cues.h"
#include "attrib/span_model.h"
#include "attrib/speaker_rank.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/fhash.h"
#include "util/table.h"

static const char MAGIC[8] = "HDCUEM1";
#define MAX_WORDS ((size_t)1 << 16)
#define MAX_SPAN_BLOB ((size_t)1 << 25) /* 2^21 rows of int16 weights */
#define MAX_SPK_BLOB ((size_t)1 << 23)  /* the speaker ranker (speaker_rank.h) */
#define MAX_GATE_BLOB ((size_t)1 << 22) /* the cue gate (cue_gate.h): 2^18 rows */
static uint64_t next_rand(uint64_t *x);
#define HEADER 44 /* magic, version, bits, threshold, veto, min confidence, length, checksum */

struct hd_cue_model {
  unsigned bits;
  float threshold;
  float veto;
  float *w;  /* cue tokens */
  float *wx; /* cue extension, or NULL (never extend) */
  float *table; /* a loaded model's w and wx, in one block on huge pages (util/table.h), or NULL */
  float *wc;       /* confidence weights (1 << HD_CONF_BITS), or NULL */
  float min_conf;  /* records below this confidence are dropped */
  uint64_t *words; /* sorted keys of the words the model may propose */
  size_t nwords;
  uint8_t filter[1 << 13]; /* bit (key & 0xffff): a word key may be in words */
  hd_span_model *span;     /* the span tagger (version 3), or NULL */
  hd_spk_model *speaker;   /* the speaker ranker (version 5), or NULL */
  hd_cue_gate *gate;       /* the learned cue gate (version 6), or NULL */
};

const hd_cue_gate *hd_cue_model_gate(const hd_cue_model *m) { return m ? m->gate : NULL; }

void hd_cue_model_set_gate(hd_cue_model *m, hd_cue_gate *g) {
  hd_cue_gate_free(m->gate);
  m->gate = g;
}

const hd_spk_model *hd_cue_model_speaker(const hd_cue_model *m) { return m ? m->speaker : NULL; }

void hd_cue_model_set_speaker(hd_cue_model *m, hd_spk_model *s) {
  hd_spk_model_free(m->speaker);
  m->speaker = s;
}

const hd_span_model *hd_cue_model_span(const hd_cue_model *m) { return m ? m->span : NULL; }

hd_span_model *hd_cue_model_swap_span(hd_cue_model *m, hd_span_model *s) {
  hd_span_model *old = m->span;
  m->span = s;
  return old;
}

void hd_cue_model_set_span(hd_cue_model *m, hd_span_model *s) {
  hd_span_model_free(m->span);
  m->span = s;
}

uint64_t hd_cue_word_key(const char *lower, size_t n) { return XXH3_64bits(lower, n); }

static int cmp_u64(const void *x, const void *y) {
  uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
  return a < b ? -1 : a > b;
}

int hd_cue_model_knows(const hd_cue_model *m, uint64_t key) {
  uint32_t b = (uint32_t)(key & 0xffff);
  if (!(m->filter[b >> 3] & (1u << (b & 7)))) return 0;
  return m->nwords && bsearch(&key, m->words, m->nwords, sizeof key, cmp_u64) != NULL;
}

void hd_cue_model_set_words(hd_cue_model *m, const uint64_t *keys, size_t n) {
  hd_free(m->words);
  m->words = hd_xmalloc((n ? n : 1) * sizeof *keys);
  if (n) memcpy(m->words, keys, n * sizeof *keys);
  if (n) qsort(m->words, n, sizeof *keys, cmp_u64);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (k == 0 || m->words[k - 1] != m->words[i]) m->words[k++] = m->words[i];
  m->nwords = k;
  memset(m->filter, 0, sizeof m->filter);
  for (size_t i = 0; i < k; i++) {
    uint32_t b = (uint32_t)(m->words[i] & 0xffff);
    m->filter[b >> 3] |= (uint8_t)(1u << (b & 7));
  }
}

float hd_cue_model_threshold(const hd_cue_model *m) { return m->threshold; }
void hd_cue_model_set_threshold(hd_cue_model *m, float t) { m->threshold = t; }
float hd_cue_model_veto(const hd_cue_model *m) { return m->veto; }
void hd_cue_model_set_veto(hd_cue_model *m, float v) { m->veto = v; }

void hd_cue_model_free(hd_cue_model *m) {
  if (!m) return;
  if (m->table) hd_table_free(m->table);
  else {
    hd_free(m->w);
    hd_free(m->wx);
  }
  hd_free(m->wc);
  hd_span_model_free(m->span);
  hd_spk_model_free(m->speaker);
  hd_cue_gate_free(m->gate);
  hd_free(m->words);
  hd_free(m);
}

float hd_cue_model_min_confidence(const hd_cue_model *m) { return m->wc ? m->min_conf : 0.0f; }
void hd_cue_model_set_min_confidence(hd_cue_model *m, float t) { m->min_conf = t; }
int hd_cue_model_has_conf(const hd_cue_model *m) { return m && m->wc; }

void hd_cue_model_set_conf(hd_cue_model *m, float *w) {
  hd_free(m->wc);
  m->wc = w;
}

void hd_cue_model_scale_conf(hd_cue_model *m, float a, float b, uint32_t bias_feature) {
  if (!m || !m->wc) return;
  for (size_t k = 0; k <= HD_CONF_MASK; k++) m->wc[k] *= a;
  m->wc[bias_feature & HD_CONF_MASK] += b;
}

float hd_cue_conf_score(const hd_cue_model *m, const uint32_t *f, size_t n) {
  if (!m || !m->wc) return 1.0f;
  float s = 0;
  for (size_t k = 0; k < n; k++) s += m->wc[f[k] & HD_CONF_MASK];
  return 1.0f / (1.0f + expf(-s));
}

/* Logistic regression by stochastic gradient descent: fixed shuffle
 * seed, step 0.1/(1 + epoch), L2 1e-6 applied lazily per update. */
float *hd_conf_train(const uint32_t *f, const size_t *off, const uint8_t *y, size_t n, int epochs) {
  float *w = hd_xcalloc(HD_CONF_MASK + 1, sizeof *w);
  size_t *order = hd_xmalloc((n ? n : 1) * sizeof *order);
  for (size_t k = 0; k < n; k++) order[k] = k;
  uint64_t seed = 0x2545f4914f6cdd1dull;
  for (int e = 0; e < epochs; e++) {
    for (size_t k = n; k > 1; k--) {
      size_t j = next_rand(&seed) % k, tmp = order[k - 1];
      order[k - 1] = order[j];
      order[j] = tmp;
    }
    float rate = 0.1f / (1.0f + (float)e);
    for (size_t r = 0; r < n; r++) {
      size_t k = order[r];
      float s = 0;
      for (size_t q = off[k]; q < off[k + 1]; q++) s += w[f[q] & HD_CONF_MASK];
      float p = 1.0f / (1.0f + expf(-s)), g = (y[k] ? 1.0f : 0.0f) - p;
      for (size_t q = off[k]; q < off[k + 1]; q++) {
        float *x = &w[f[q] & HD_CONF_MASK];
        *x += rate * (g - 1e-6f * *x);
      }
    }
  }
  hd_free(order);
  return w;
}

/* ---- features ---- */

uint8_t *hd_cue_mention_types(const hd_article *a) {
  uint8_t *t = hd_xmalloc(a->n_tokens ? a->n_tokens : 1);
  memset(t, 0xff, a->n_tokens);
  for (size_t m = 0; m < a->n_mentions; m++)
    for (uint32_t i = a->mentions[m].tok_begin; i < a->mentions[m].tok_end && i < a->n_tokens; i++)
      t[i] = a->mentions[m].type;
  return t;
}

/* The feature value of a token's form (see form() below): quotation
 * marks, numbers and words too long to lower-case get a form of their own. */
static uint32_t token_form_hash(const hd_token *t, const char *low, size_t len, uint64_t key) {
  if (t->kind == HD_TOK_QUOTE_OPEN) return hd_fhash_str("<Q", 2);
  if (t->kind == HD_TOK_QUOTE_CLOSE) return hd_fhash_str(">Q", 2);
  if (t->kind == HD_TOK_NUM) return hd_fhash_str("0", 1);
  if (!len) return hd_fhash_str("~long", 5);
  return len <= 3 ? hd_fhash_str(low, len) : hd_fhash_fold(key); /* = hd_fhash_str(low, len) */
}

/* Eight bytes lower-cased at once: 0x20 added to each byte in 'A'..'Z';
 * bytes of 0x80 and above as they are (no carry crosses a byte: each
 * byte's low seven bits plus at most 0x3f stays below 0x100). */
static inline uint64_t lower8(uint64_t x) {
  uint64_t low7 = x & 0x7f7f7f7f7f7f7f7full;
  uint64_t from_a = low7 + 0x3f3f3f3f3f3f3f3full; /* bit 7: >= 'A' */
  uint64_t past_z = low7 + 0x2525252525252525ull; /* bit 7: > 'Z' */
  return x | (from_a & ~past_z & ~x & 0x8080808080808080ull) >> 2;
}

#define LOWER_SLACK 8 /* bytes the eight-byte stores may write past a view's last word */

/* hd_word_lower(s, n, out, min(n + 1, 32)) for a token s of a text ending
 * at end: the same bytes (ASCII A-Z lower-cased, the rest as is, a NUL
 * after; 0 and nothing written past out[0] for 32+ bytes), eight bytes a
 * step while eight can be read; out has LOWER_SLACK bytes of room past
 * out[n]. */
static size_t lower_token(const char *s, size_t n, const char *end, char *out) {
  if (n >= 32) return 0;
  size_t i = 0;
  for (; i < n && end - (s + i) >= 8; i += 8) {
    uint64_t x;
    memcpy(&x, s + i, 8);
    x = lower8(x);
    memcpy(out + i, &x, 8);
  }
  for (; i < n; i++) out[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
  out[n] = 0;
  return n;
}

void hd_cue_tokens_init(hd_cue_tokens *tk, const hd_article *a) {
  size_t n = a->n_tokens ? a->n_tokens : 1, bytes = 1 + LOWER_SLACK;
  for (size_t i = 0; i < a->n_tokens; i++) bytes += hd_tok_len(&a->tokens[i]) + 1;
  tk->ment = hd_cue_mention_types(a);
  tk->low = hd_xmalloc(bytes);
  tk->off = hd_xmalloc(n * sizeof *tk->off);
  tk->len = hd_xmalloc(n);
  tk->cv = hd_xmalloc(n * sizeof *tk->cv);
  tk->fh = hd_xmalloc(n * sizeof *tk->fh);
  tk->key = hd_xmalloc(n * sizeof *tk->key);
  uint32_t at = 0;
  for (uint32_t i = 0; i < a->n_tokens; i++) {
    const hd_token *t = &a->tokens[i];
    char *w = tk->low + at;
    size_t l = lower_token(hd_tok_ptr(a, t), hd_tok_len(t), a->text + a->text_len, w);
    if (!l) w[0] = 0;
    tk->off[i] = at;
    tk->len[i] = (uint8_t)l;
    uint64_t key = tk->key[i] = hd_cue_word_key(w, l);
    tk->cv[i] = l && ((w[0] | 0x20) >= 'a' && (w[0] | 0x20) <= 'z') ? hd_cue_value_hashed(w, l, key) : 0;
    tk->fh[i] = token_form_hash(t, w, l, key);
    at += (uint32_t)l + 1;
  }
}

void hd_cue_tokens_free(hd_cue_tokens *tk) {
  hd_free(tk->ment);
  hd_free(tk->low);
  hd_free(tk->off);
  hd_free(tk->len);
  hd_free(tk->cv);
  hd_free(tk->fh);
  hd_free(tk->key);
  memset(tk, 0, sizeof *tk);
}

/* A token's form for features: lower-cased word, punctuation as is,
 * quotation marks as <Q and >Q, numbers as 0, too long as ~long, outside
 * the sentence as ^ or $. Its length goes to *n, its hd_cue_value to *v
 * (0 for every form that is not the token's own text). */
typedef struct {
  const char *s;
  size_t n;
  uint64_t v;
  uint32_t h; /* hd_fhash_str(s, n) */
} tok_form;

static tok_form form(const hd_article *a, const hd_cue_tokens *tk, uint32_t sb, uint32_t se, int64_t i) {
  if (i < (int64_t)sb) return (tok_form){"^", 1, 0, hd_fhash_str("^", 1)};
  if (i >= (int64_t)se) return (tok_form){"$", 1, 0, hd_fhash_str("$", 1)};
  const hd_token *t = &a->tokens[i];
  if (t->kind == HD_TOK_QUOTE_OPEN) return (tok_form){"<Q", 2, 0, tk->fh[i]};
  if (t->kind == HD_TOK_QUOTE_CLOSE) return (tok_form){">Q", 2, 0, tk->fh[i]};
  if (t->kind == HD_TOK_NUM) return (tok_form){"0", 1, 0, tk->fh[i]};
  if (!tk->len[i]) return (tok_form){"~long", 5, 0, tk->fh[i]};
  return (tok_form){tk->low + tk->off[i], tk->len[i], tk->cv[i], tk->fh[i]};
}

typedef struct {
  uint32_t *out;
  size_t n;
} fsink;

/* Features (util/fhash.h): the template mixed with a value; forms carry
 * their hash, computed once per token. The sink collects the unmixed
 * sums; done() finalises them all at once (hd_fmix32_all), so out[k] ends
 * as hd_feat1 / hd_feat2 of its template. */
_Static_assert(HD_CUE_MAX_FEATS % 8 == 0, "the sink holds whole vectors");
static void feat_val(fsink *s, uint32_t tmpl, uint32_t v) {
  if (s->n < HD_CUE_MAX_FEATS) s->out[s->n++] = hd_feat1_unmixed(tmpl, v);
}

static size_t done(fsink *s) {
  hd_fmix32_all(s->out, s->n);
  return s->n;
}

static void feat(fsink *s, uint32_t tmpl, const char *x, size_t n) { feat_val(s, tmpl, hd_fhash_str(x, n)); }

static void feat2(fsink *s, uint32_t tmpl, tok_form x, tok_form y) {
  if (s->n < HD_CUE_MAX_FEATS) s->out[s->n++] = hd_feat2_unmixed(tmpl, x.h, y.h);
}

static void feat_form(fsink *s, uint32_t tmpl, tok_form x) { feat_val(s, tmpl, x.h); }

static tok_form lit(const char *s) {
  size_t n = strlen(s);
  return (tok_form){s, n, 0, hd_fhash_str(s, n)};
}

static void feat_int(fsink *s, uint32_t tmpl, int v) { feat_val(s, tmpl, (uint32_t)v); }

static int bucket(int d) { return d <= 3 ? d : d <= 6 ? 4 : d <= 12 ? 5 : 6; }

/* Nearest quotation mark before / after i in the sentence: distance
 * bucket and kind (open/close), or -1. */
static int quote_near(const hd_article *a, uint32_t sb, uint32_t se, uint32_t i, int dir) {
  for (int64_t j = (int64_t)i + dir, d = 1; j >= (int64_t)sb && j < (int64_t)se; j += dir, d++) {
    uint8_t k = a->tokens[j].kind;
    if (k == HD_TOK_QUOTE_OPEN || k == HD_TOK_QUOTE_CLOSE) return bucket((int)d) * 2 + (k == HD_TOK_QUOTE_CLOSE);
  }
  return -1;
}

static void word_class_feats(fsink *s, tok_form w) {
  feat_int(s, 20, HD_CUE_VALUE_CLASS(w.v));
  int lists = (int)HD_CUE_VALUE_LISTS(w.v);
  feat_int(s, 21, lists);
  if (w.n >= 3) feat(s, 22, w.s + w.n - 3, 3);
  if (w.n >= 2) feat(s, 23, w.s + w.n - 2, 2);
  if (w.n >= 4) feat(s, 24, w.s, 4);
}

/* Is "w nx" a learned two-word cue? (the value says whether w opens one) */
static int bigram(tok_form w, const char *nx) { return (w.v & HD_CUE_VALUE_BIGRAM) && hd_cue_bigram(w.s, nx); }

size_t hd_cue_features(const hd_article *a, const hd_cue_tokens *tk, uint32_t sb, uint32_t se, uint32_t i,
                       uint32_t *out) {
  fsink s = {out, 0};
  tok_form w[5];
  for (int k = 0; k < 5; k++) w[k] = form(a, tk, sb, se, (int64_t)i + k - 2);
  feat(&s, 0, "", 0); /* bias */
  feat_form(&s, 1, w[2]);
  feat_form(&s, 2, w[1]);
  feat_form(&s, 3, w[3]);
  feat_form(&s, 4, w[0]);
  feat_form(&s, 5, w[4]);
  feat2(&s, 6, w[1], w[2]);
  feat2(&s, 7, w[2], w[3]);
  feat2(&s, 8, w[3], w[4]);
  feat2(&s, 9, w[0], w[1]);
  word_class_feats(&s, w[2]);
  const char *nw = i + 1 < se ? hd_cue_tokens_lower(tk, i + 1) : NULL;
  if (nw) {
    uint64_t v = tk->cv[i + 1];
    feat_int(&s, 25, HD_CUE_VALUE_CLASS(v) * 4 + bigram(w[2], nw) * 2 + (int)((HD_CUE_VALUE_LISTS(v) >> HD_WL_AUX_ADV) & 1));
  }
  if (i > sb && hd_cue_tokens_lower(tk, i - 1)) {
    uint64_t v = tk->cv[i - 1];
    feat_int(&s, 26, HD_CUE_VALUE_CLASS(v) * 2 + (int)((HD_CUE_VALUE_LISTS(v) >> HD_WL_AUX_ADV) & 1));
  }
  const hd_token *t = &a->tokens[i];
  const uint8_t *ment = tk->ment;
  feat_int(&s, 30, (t->flags & (HD_TF_UPPER_INITIAL | HD_TF_ALL_UPPER | HD_TF_SENT_START)));
  int ml = i > sb ? ment[i - 1] : 0xfe, mr = i + 1 < se ? ment[i + 1] : 0xfe;
  feat_int(&s, 31, ml);
  feat_int(&s, 32, mr);
  feat_int(&s, 33, ment[i]);
  feat_int(&s, 34, ml * 256 + mr);
  int ql = quote_near(a, sb, se, i, -1), qr = quote_near(a, sb, se, i, 1);
  feat_int(&s, 35, ql);
  feat_int(&s, 36, qr);
  feat_int(&s, 37, ql * 64 + qr);
  if (s.n < HD_CUE_MAX_FEATS) s.out[s.n++] = hd_feat2_unmixed(38, w[2].h, (uint32_t)(ql + 2));
  feat_int(&s, 39, bucket((int)(i - sb)) * 8 + bucket((int)(se - 1 - i)));
  feat2(&s, 40, w[2], lit(ml == 0xff ? "-" : ml == 0xfe ? "^" : "M"));
  return done(&s);
}

float hd_cue_model_score(const hd_cue_model *m, const uint32_t *f, size_t n) {
  uint32_t mask = (1u << m->bits) - 1;
  float s = 0;
  for (size_t k = 0; k < n; k++) s += m->w[f[k] & mask];
  return s;
}

size_t hd_cue_ext_features(const hd_article *a, const hd_cue_tokens *tk, uint32_t sb, uint32_t se, uint32_t kb,
                           uint32_t ke, uint32_t j, uint32_t *out) {
  fsink s = {out, 0};
  uint32_t t = j < kb ? 150 : 100; /* left or right of the cue: own templates */
  tok_form head = form(a, tk, sb, se, kb), last = form(a, tk, sb, se, ke - 1), w = form(a, tk, sb, se, j),
           nx = form(a, tk, sb, se, (int64_t)j + 1), pv = form(a, tk, sb, se, (int64_t)j - 1);
  feat(&s, t, "", 0);
  feat_form(&s, t + 1, w);
  feat2(&s, t + 2, head, w);
  feat2(&s, t + 3, last, w);
  feat2(&s, t + 4, w, nx);
  feat2(&s, t + 5, pv, w);
  feat_form(&s, t + 6, nx);
  feat_int(&s, t + 7, (int)(j < kb ? kb - j : j - ke));
  feat_int(&s, t + 8, a->tokens[j].kind * 64 + (a->tokens[j].flags & (HD_TF_UPPER_INITIAL | HD_TF_SENT_START)));
  feat_int(&s, t + 9, tk->ment[j]);
  int lists = (int)HD_CUE_VALUE_LISTS(w.v);
  feat_int(&s, t + 10, lists);
  feat_int(&s, t + 11, HD_CUE_VALUE_CLASS(head.v));
  feat2(&s, t + 12, head, nx);
  feat_form(&s, t + 13, pv);
  return done(&s);
}

size_t hd_cue_src_features(const hd_article *a, const hd_cue_tokens *tk, uint32_t sb, uint32_t se, uint32_t b,
                           uint32_t e, uint32_t kb, uint32_t j, uint32_t *out) {
  fsink s = {out, 0};
  char pos[2] = {0, 0};
  pos[0] = j < b ? 'L' : j >= e ? 'R' : j == b ? 'b' : j + 1 == e ? 'e' : 'i';
  tok_form w = form(a, tk, sb, se, j), nx = form(a, tk, sb, se, (int64_t)j + 1),
           pv = form(a, tk, sb, se, (int64_t)j - 1), p = {pos, 1, 0, hd_fhash_str(pos, 1)};
  feat(&s, 300, pos, 1);
  feat2(&s, 301, p, w);
  feat2(&s, 302, p, pv);
  feat2(&s, 303, p, nx);
  char sh[4] = {pos[0], a->tokens[j].flags & HD_TF_UPPER_INITIAL ? 'U' : 'l', (char)('0' + a->tokens[j].kind), 0};
  feat(&s, 304, sh, 3);
  const uint8_t *ment = tk->ment;
  uint8_t mp = j > sb ? ment[j - 1] : 0xfe, mn = j + 1 < se ? ment[j + 1] : 0xfe;
  feat_int(&s, 305, pos[0] * 65536 + ment[j] * 256 + mp);
  feat_int(&s, 306, pos[0] * 65536 + ment[j] * 256 + mn);
  int lists = (int)HD_CUE_VALUE_LISTS(w.v);
  feat_int(&s, 307, pos[0] * 65536 + lists);
  feat_int(&s, 308, pos[0] * 256 + (e <= kb) * 16 + bucket((int)(e - b)));
  feat_form(&s, 309, w);
  return done(&s);
}

int hd_cue_model_has_ext(const hd_cue_model *m) { return m->wx != NULL; }

float hd_cue_ext_score(const hd_cue_model *m, const uint32_t *f, size_t n) {
  if (!m->wx) return -1;
  uint32_t mask = (1u << m->bits) - 1;
  float s = 0;
  for (size_t k = 0; k < n; k++) s += m->wx[f[k] & mask];
  return s;
}

void hd_cue_model_set_ext(hd_cue_model *m, hd_cue_model *ext) {
  if (m->table) memcpy(m->wx, ext->w, ((size_t)1 << m->bits) * sizeof *m->wx); /* a loaded model's block */
  else {
    hd_free(m->wx);
    m->wx = ext->w; /* same bits */
    ext->w = NULL;
  }
  hd_cue_model_free(ext);
}

/* ---- training ---- */

static uint64_t next_rand(uint64_t *x) {
  *x ^= *x << 13;
  *x ^= *x >> 7;
  *x ^= *x << 17;
  return *x;
}

hd_cue_model *hd_cue_train(const uint32_t *f, const size_t *off, const uint8_t *y, size_t n, unsigned bits,
                           int epochs) {
  size_t rows = (size_t)1 << bits;
  uint32_t mask = (uint32_t)rows - 1;
  float *w = hd_xcalloc(rows, sizeof *w);
  double *acc = hd_xcalloc(rows, sizeof *acc); /* sum of c * update */
  size_t *order = hd_xmalloc((n ? n : 1) * sizeof *order);
  for (size_t k = 0; k < n; k++) order[k] = k;
  uint64_t seed = 0x9e3779b97f4a7c15ull;
  double c = 1;
  for (int e = 0; e < epochs; e++) {
    for (size_t k = n; k > 1; k--) {
      size_t j = next_rand(&seed) % k, tmp = order[k - 1];
      order[k - 1] = order[j];
      order[j] = tmp;
    }
    for (size_t r = 0; r < n; r++, c++) {
      size_t k = order[r];
      float s = 0;
      for (size_t q = off[k]; q < off[k + 1]; q++) s += w[f[q] & mask];
      int truth = y[k] ? 1 : -1;
      if ((s > 0 ? 1 : -1) == truth) continue;
      for (size_t q = off[k]; q < off[k + 1]; q++) {
        w[f[q] & mask] += (float)truth;
        acc[f[q] & mask] += c * truth;
      }
    }
  }
  for (size_t r = 0; r < rows; r++) w[r] -= (float)(acc[r] / c);
  hd_free(acc);
  hd_free(order);
  hd_cue_model *m = hd_xcalloc(1, sizeof *m);
  m->bits = bits;
  m->w = w;
  return m;
}

/* ---- file ---- */

int hd_cue_model_save(const hd_cue_model *m, const char *path, hd_err *err) {
  size_t half = ((size_t)1 << m->bits) * sizeof(float), raw = 2 * half + 8 + m->nwords * 8;
  size_t conf = (size_t)(HD_CONF_MASK + 1) * sizeof(float);
  size_t span = m->span ? hd_span_model_blob_size(m->span) : 0;
  size_t spk = m->speaker ? hd_spk_model_blob_size(m->speaker) : 0;
  size_t gate = hd_cue_gate_blob_size(m->gate);
  unsigned char *both = hd_xcalloc(raw + conf + 8 + span + 8 + spk + 8 + gate, 1);
  memcpy(both, m->w, half);
  if (m->wx) memcpy(both + half, m->wx, half);
  uint64_t nw = m->nwords;
  memcpy(both + 2 * half, &nw, 8);
  if (nw) memcpy(both + 2 * half + 8, m->words, nw * 8);
  if (m->wc) memcpy(both + raw, m->wc, conf);
  raw += conf;
  uint64_t sl = span; /* version 3: u64 span blob length, the blob */
  memcpy(both + raw, &sl, 8);
  if (span) hd_span_model_write(m->span, both + raw + 8);
  raw += 8 + span;
  uint64_t kl = spk; /* version 5: u64 speaker ranker blob length, the blob */
  memcpy(both + raw, &kl, 8);
  if (spk) hd_spk_model_write(m->speaker, both + raw + 8);
  raw += 8 + spk;
  uint64_t gl = gate; /* version 6: u64 cue gate blob length, the blob */
  memcpy(both + raw, &gl, 8);
  hd_cue_gate_write(m->gate, both + raw + 8);
  raw += 8 + gate;
  uLongf zlen = compressBound(raw);
  unsigned char *z = hd_xmalloc(zlen);
  int rc = -1;
  FILE *fp = compress2(z, &zlen, both, raw, 9) == Z_OK ? fopen(path, "wb") : NULL;
  hd_free(both);
  if (fp) {
    uint32_t version = HD_CUE_MODEL_VERSION, bits = m->bits;
    uint64_t zl = zlen, sum = XXH64(z, zlen, 0);
    fwrite(MAGIC, 1, 8, fp);
    fwrite(&version, 4, 1, fp);
    fwrite(&bits, 4, 1, fp);
    fwrite(&m->threshold, 4, 1, fp);
    fwrite(&m->veto, 4, 1, fp);
    fwrite(&m->min_conf, 4, 1, fp);
    fwrite(&zl, 8, 1, fp);
    fwrite(&sum, 8, 1, fp);
    fwrite(z, 1, zlen, fp);
    rc = fclose(fp) == 0 ? 0 : -1;
  }
  if (rc) hd_err_set(err, HD_ERR_IO, path, 0, "cannot write attribution model");
  hd_free(z);
  return rc;
}

hd_cue_model *hd_cue_model_load(const char *path, hd_err *err) {
  size_t len = 0;
  unsigned char *f = (unsigned char *)hd_read_file(path, &len);
  if (!f) {
    hd_err_set(err, HD_ERR_MODEL, path, 0, "cannot open attribution model (train one with `herald train quotes`)");
    return NULL;
  }
  const char *why = NULL;
  uint32_t version = 0, bits = 0;
  float thr = 0, veto = 0, min_conf = 0;
  uint64_t zl = 0, sum = 0;
  if (len < HEADER || memcmp(f, MAGIC, 8) != 0) why = "not a herald attribution model";
  if (!why) {
    memcpy(&version, f + 8, 4);
    memcpy(&bits, f + 12, 4);
    memcpy(&thr, f + 16, 4);
    memcpy(&veto, f + 20, 4);
    memcpy(&min_conf, f + 24, 4);
    memcpy(&zl, f + 28, 8);
    memcpy(&sum, f + 36, 8);
    /* 5: cue features hashed by util/fhash.h, and the speaker ranker's
     * section; older files hashed their features otherwise: refused */
    if (version != HD_CUE_MODEL_VERSION) why = "unsupported attribution model version (retrain with `herald train quotes`)";
    else if (bits < 8 || bits > 24 || zl != len - HEADER) why = "truncated or corrupt attribution model";
    else if (!(min_conf >= 0 && min_conf <= 1)) why = "corrupt attribution model header";
    else if (XXH64(f + HEADER, zl, 0) != sum) why = "attribution model checksum mismatch (corrupt file)";
  }
  hd_cue_model *m = NULL;
  if (!why) {
    m = hd_xcalloc(1, sizeof *m);
    m->bits = bits;
    m->threshold = thr;
    m->veto = veto;
    m->min_conf = min_conf;
    uLongf half = ((uLongf)1 << bits) * sizeof(float), conf = (uLongf)(HD_CONF_MASK + 1) * sizeof(float);
    uLongf out = 2 * half + 8 + MAX_WORDS * 8 + conf + 8 + MAX_SPAN_BLOB + 8 + MAX_SPK_BLOB + 8 + MAX_GATE_BLOB;
    unsigned char *both = hd_xmalloc(out);
    int ok = uncompress(both, &out, f + HEADER, zl) == Z_OK && out >= 2 * half + 8;
    uint64_t nw = 0, sl = 0, kl = 0, gl = 0;
    if (ok) memcpy(&nw, both + 2 * half, 8);
    size_t base = 2 * half + 8 + (nw <= MAX_WORDS ? nw : 0) * 8 + conf;
    if (ok && version >= 3 && out >= base + 8) memcpy(&sl, both + base, 8);
    size_t kbase = base + (version >= 3 ? 8 + (sl <= MAX_SPAN_BLOB ? sl : 0) : 0);
    if (ok && version >= 5 && out >= kbase + 8) memcpy(&kl, both + kbase, 8);
    size_t gbase = kbase + 8 + (kl <= MAX_SPK_BLOB ? kl : 0);
    if (ok && out >= gbase + 8) memcpy(&gl, both + gbase, 8);
    ok = ok && nw <= MAX_WORDS && sl <= MAX_SPAN_BLOB && kl <= MAX_SPK_BLOB && gl <= MAX_GATE_BLOB &&
         out == gbase + 8 + gl;
    if (ok && sl) ok = (m->span = hd_span_model_read(both + base + 8, (size_t)sl)) != NULL;
    if (ok && kl) ok = (m->speaker = hd_spk_model_read(both + kbase + 8, (size_t)kl)) != NULL;
    if (ok && gl) ok = (m->gate = hd_cue_gate_read(both + gbase + 8, (size_t)gl)) != NULL;
    m->table = hd_table_alloc(2 * half); /* the weights every token looks up at random: huge pages */
    m->w = m->table;
    m->wx = m->table + ((size_t)1 << bits);
    if (ok) {
      memcpy(m->w, both, half);
      memcpy(m->wx, both + half, half);
      hd_cue_model_set_words(m, (const uint64_t *)(both + 2 * half + 8), (size_t)nw);
      m->wc = hd_xmalloc(conf);
      memcpy(m->wc, both + 2 * half + 8 + nw * 8, conf);
    }
    hd_free(both);
    if (!ok) {
      why = "corrupt attribution model payload";
      hd_cue_model_free(m);
      m = NULL;
    }
  }
  hd_free(f);
  if (why) hd_err_set(err, HD_ERR_MODEL, path, 0, "%s", why);
  return m;
}
