/*
 * speaker_rank.c: the learned speaker ranker (speaker_rank.h): candidate
 * identities of a speaker query, their hashed features, the averaged
 * perceptron that ranks them, and the model's blob in the attribution
 * model file.
 *
 * Memory: the view's two index arrays, the model's weights; training
 * allocates the weights and their averaging sums. Complexity: a query
 * costs a binary search and one pass over the mentions before it, plus
 * ~40 features for each of at most HD_SPK_MAX_CANDS candidates.
 */
#include "attrib/speaker_rank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attrib/cues.h"
#include "attrib/resolve.h"
#include "util/buf.h"
#include "util/fhash.h"

#define BITS 14
#define MAGIC "HDSPK1\0\0"
#define WINDOW_PARAS 6 /* candidates named at most this many paragraphs back */
#define SINGLE_MARGIN 1e9f

struct hd_spk_model {
  uint32_t bits;
  float threshold;
  float *w;
};

/* ---- view ---- */

void hd_spk_view_init(hd_spk_view *v, const hd_article *a, const hd_cue_tokens *tk, const uint8_t *inq,
                      const int8_t *gender) {
  v->a = a;
  v->tk = tk;
  v->inq = inq;
  v->gender = gender;
  v->sent_of = hd_xcalloc(a->n_tokens + 1, sizeof *v->sent_of);
  v->para_of = hd_xcalloc(a->n_sentences + 1, sizeof *v->para_of);
  for (size_t s = 0; s < a->n_sentences; s++)
    for (uint32_t t = a->sentences[s].tok_begin; t < a->sentences[s].tok_end && t < a->n_tokens; t++)
      v->sent_of[t] = (uint32_t)s;
  for (size_t p = 0; p < a->n_paragraphs; p++)
    for (uint32_t s = a->paragraphs[p].sent_begin; s < a->paragraphs[p].sent_end && s < a->n_sentences; s++)
      v->para_of[s] = (uint32_t)p;
}

void hd_spk_view_free(hd_spk_view *v) {
  hd_free(v->sent_of);
  hd_free(v->para_of);
  v->sent_of = v->para_of = NULL;
}

static uint32_t para_at(const hd_spk_view *v, uint32_t t) {
  return t < v->a->n_tokens ? v->para_of[v->sent_of[t]] : 0;
}

static const char *low(const hd_spk_view *v, uint32_t t) {
  return t < v->a->n_tokens ? hd_cue_tokens_lower(v->tk, t) : NULL;
}

static int is(const hd_spk_view *v, uint32_t t, const char *w) {
  const char *l = low(v, t);
  return l && !strcmp(l, w);
}

static int listed(const hd_spk_view *v, uint32_t t, hd_wordlist l) {
  return t < v->a->n_tokens && ((HD_CUE_VALUE_LISTS(v->tk->cv[t]) >> l) & 1);
}

/* ---- names and titles ---- */

/* The last word of a person's name before a Jr./Sr./II/III suffix. */
void hd_spk_surname(const char *name, const char **w, size_t *n) {
  const char *end = name + strlen(name);
  for (int round = 0; round < 2; round++) {
    while (end > name && end[-1] == ' ') end--;
    const char *b = end;
    while (b > name && b[-1] != ' ') b--;
    *w = b;
    *n = (size_t)(end - b);
    int suffix = (*n == 3 && (!strncasecmp(b, "Jr.", 3) || !strncasecmp(b, "Sr.", 3))) ||
                 (*n == 2 && !strncasecmp(b, "Jr", 2)) || (*n == 2 && !strncmp(b, "II", 2)) ||
                 (*n == 3 && !strncmp(b, "III", 3));
    if (!suffix || b == name) return;
    end = b;
  }
}

int hd_spk_has_surname(const hd_identity *id, const char *w, size_t n) {
  if (!id->name) return 0;
  const char *sw;
  size_t sn;
  hd_spk_surname(id->name, &sw, &sn);
  return sn == n && !strncasecmp(sw, w, n);
}

static int titles_have(const hd_identity *id, const char *w, size_t n) {
  for (size_t t = 0; t < id->n_titles; t++)
    if (hd_title_has_word(id->titles[t], w, n)) return 1;
  return 0;
}

/* The gender of a he/she/his/her token, else 0. */
static int pronoun_gender_at(const hd_spk_view *v, uint32_t t) {
  const char *w = low(v, t);
  if (!w) return 0;
  if (!strcmp(w, "he") || !strcmp(w, "his")) return 1;
  if (!strcmp(w, "she") || !strcmp(w, "her")) return -1;
  return 0;
}

int hd_spk_pronoun_gender(const hd_spk_view *v, uint32_t t) { return pronoun_gender_at(v, t); }

int hd_spk_context_gender(const hd_spk_view *v, uint32_t sb, uint32_t se) {
  const hd_article *a = v->a;
  if (sb >= se || se > a->n_tokens) return 0;
  for (uint32_t t = sb > 0 ? sb - 1 : 0; t < se; t++) {
    const char *w = low(v, t);
    if (!w) continue;
    if (!strcmp(w, "mrs.") || !strcmp(w, "mrs") || !strcmp(w, "ms.") || !strcmp(w, "ms")) return -1;
    if (!strcmp(w, "mr.") || !strcmp(w, "mr")) return 1;
  }
  uint32_t s = v->sent_of[se - 1], end = a->sentences[s].tok_end;
  if (s + 1 < a->n_sentences) end = a->sentences[s + 1].tok_begin + 1; /* and the next sentence's first word */
  for (uint32_t t = se; t < end && t < a->n_tokens; t++) {
    int g = v->inq[t] ? 0 : pronoun_gender_at(v, t);
    if (g) return g;
  }
  return 0;
}

/* ---- candidates ---- */

static int type_ok(const hd_spk_query *q, uint8_t type) {
  return type == HD_ENT_PER || (type == HD_ENT_ORG && q->kind == HD_SPQ_CONTINUATION);
}

/* May mention m be a candidate's mention for q at all? */
static int usable(const hd_spk_view *v, const hd_spk_query *q, const hd_mention *x) {
  const hd_article *a = v->a;
  if (x->identity >= a->n_identities || x->tok_begin >= q->at) return 0;
  if (v->inq[x->tok_begin]) return 0;
  if (q->cb < q->ce && x->tok_begin >= q->cb && x->tok_begin < q->ce) return 0;
  if (q->kind == HD_SPQ_PRONOUN && hd_spk_initials_only(a, x)) return 0;
  return 1;
}

int hd_spk_initials_only(const hd_article *a, const hd_mention *x) {
  for (uint32_t t = x->tok_begin; t < x->tok_end; t++) {
    const hd_token *k = &a->tokens[t];
    size_t n = hd_tok_len(k);
    const char *s = a->text + k->start;
    int initial = (n == 1 && ((s[0] >= 'A' && s[0] <= 'Z') || s[0] == '.')) ||
                  (n == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] == '.');
    if (!initial) return 0;
  }
  return x->tok_end > x->tok_begin;
}

static int identity_ok(const hd_spk_view *v, const hd_spk_query *q, uint32_t id) {
  const hd_identity *x = &v->a->identities[id];
  if (!type_ok(q, x->type)) return 0;
  if (q->gender && v->gender[id] == -q->gender) return 0; /* never the other gender */
  if (q->kind == HD_SPQ_SURNAME && (x->type != HD_ENT_PER || !hd_spk_has_surname(x, q->word, q->word_n))) return 0;
  return 1;
}

static int find(const hd_spk_cand *c, size_t n, uint32_t id) {
  for (size_t i = 0; i < n; i++)
    if (c[i].id == id) return (int)i;
  return -1;
}

size_t hd_spk_candidates(const hd_spk_view *v, const hd_spk_query *q, hd_spk_cand *out) {
  const hd_article *a = v->a;
  size_t lo = 0, hi = a->n_mentions;
  while (lo < hi) { /* mentions [0, lo) begin before the query */
    size_t mid = (lo + hi) / 2;
    if (a->mentions[mid].tok_begin < q->at) lo = mid + 1;
    else hi = mid;
  }
  uint32_t pq = para_at(v, q->at);
  size_t n = 0;
  for (size_t m = lo; m-- > 0 && n < HD_SPK_MAX_CANDS;) {
    const hd_mention *x = &a->mentions[m];
    if (q->kind != HD_SPQ_SURNAME && pq - para_at(v, x->tok_begin) > WINDOW_PARAS) break;
    if (!usable(v, q, x) || find(out, n, x->identity) >= 0 || !identity_ok(v, q, x->identity)) continue;
    /* a pronoun's antecedent in its own sentence is the rules' (attrib.c) */
    if (q->kind == HD_SPQ_PRONOUN && v->sent_of[x->tok_begin] == v->sent_of[q->at]) continue;
    out[n] = (hd_spk_cand){x->identity, (uint32_t)m, 0, 0, 0, (uint8_t)n};
    n++;
  }
  if (q->prev < a->n_identities && n < HD_SPK_MAX_CANDS && find(out, n, q->prev) < 0 && identity_ok(v, q, q->prev)) {
    out[n] = (hd_spk_cand){q->prev, HD_NONE, 0, 0, 0, (uint8_t)n};
    n++;
  }
  for (size_t m = 0; m < lo; m++) { /* salience, and the nearest mention of the previous speaker */
    const hd_mention *x = &a->mentions[m];
    int k = x->identity < a->n_identities ? find(out, n, x->identity) : -1;
    if (k < 0 || !usable(v, q, x)) continue;
    out[k].n++;
    out[k].nfull += x->tok_end - x->tok_begin >= 2;
    out[k].npara += para_at(v, x->tok_begin) == pq;
    out[k].near = (uint32_t)m;
  }
  return n;
}

/* ---- features ---- */

enum {
  T_TYPE = 1, T_TOKD, T_SENTD, T_PARAD, T_RANK, T_POS, T_POS_SENT, T_CUE_AFTER, T_N, T_NFULL, T_NPARA,
  T_SAL_RANK, T_FULL_RANK, T_PREV, T_SPOKE, T_PASSING, T_ROLE_FIT, T_MOD_FIT, T_PREV_RANK,
  T_SENT_FIRST, T_BIAS
};

enum { P_SUBJ, P_ACCORDING, P_PREP, P_POSS, P_APPOS, P_AFTER_QUOTE, P_OTHER, P_NONE };

typedef struct {
  uint32_t *f;
  size_t n;
  uint8_t kind;
} fset;

static void feat(fset *s, uint32_t tmpl, uint32_t val) {
  uint32_t x = hd_fmix32(tmpl * 0x9e3779b1u + val * 0x7f4a7c15u);
  if (s->n + 2 > HD_SPK_MAX_FEATS) return;
  s->f[s->n++] = hd_fmix32(x ^ (uint32_t)(s->kind + 1) * 0x27d4eb2fu);
  s->f[s->n++] = hd_fmix32(x ^ 0x165667b1u); /* shared by every query kind */
}

/* Where the mention stands in its sentence, roughly. */
static int position(const hd_spk_view *v, const hd_mention *x) {
  const hd_article *a = v->a;
  uint32_t b = x->tok_begin, sb = a->sentences[v->sent_of[b]].tok_begin;
  if (b >= 2 && is(v, b - 1, "to") && is(v, b - 2, "according")) return P_ACCORDING;
  if (x->tok_end < a->n_tokens && (is(v, x->tok_end, "'s") || is(v, x->tok_end, "\xe2\x80\x99s"))) return P_POSS;
  if (b > sb && listed(v, b - 1, HD_WL_PREP) && !(a->tokens[b - 1].flags & HD_TF_UPPER_INITIAL)) return P_PREP;
  uint32_t t = sb;
  while (t < b && (listed(v, t, HD_WL_TITLE) || listed(v, t, HD_WL_DETERMINER) || a->tokens[t].kind != HD_TOK_WORD))
    t++;
  if (t == b) return P_SUBJ;
  uint32_t p = b - 1;
  if (b > sb && a->tokens[p].kind == HD_TOK_PUNCT && p > sb && v->inq[p - 1]) return P_AFTER_QUOTE;
  if (b > sb && a->tokens[p].kind == HD_TOK_PUNCT && a->text[a->tokens[p].start] == ',') return P_APPOS;
  return P_OTHER;
}

static uint32_t bucket_n(uint32_t n) { return n <= 3 ? n : n <= 5 ? 4 : 5; }

static uint32_t log2_bucket(uint32_t d) {
  uint32_t b = 0;
  while (d > 1 && b < 12) d >>= 1, b++;
  return b;
}

/* Is mention m the first person or organisation mention of its sentence? */
static int first_in_sentence(const hd_spk_view *v, uint32_t m) {
  const hd_article *a = v->a;
  uint32_t s = v->sent_of[a->mentions[m].tok_begin];
  return m == 0 || v->sent_of[a->mentions[m - 1].tok_begin] != s;
}

size_t hd_spk_features(const hd_spk_view *v, const hd_spk_query *q, const hd_spk_cand *cands, size_t n, size_t k,
                       uint32_t *f) {
  const hd_article *a = v->a;
  const hd_spk_cand *c = &cands[k];
  const hd_identity *id = &a->identities[c->id];
  fset s = {f, 0, q->kind};
  feat(&s, T_BIAS, 0);
  feat(&s, T_TYPE, id->type);
  uint32_t pos = P_NONE, sd = 7, pd = 5, sq = v->sent_of[q->at < a->n_tokens ? q->at : a->n_tokens - 1];
  if (c->near != HD_NONE) {
    const hd_mention *x = &a->mentions[c->near];
    pos = (uint32_t)position(v, x);
    sd = sq - v->sent_of[x->tok_begin];
    sd = sd > 6 ? 6 : sd;
    pd = para_at(v, q->at) - para_at(v, x->tok_begin);
    pd = pd > 4 ? 4 : pd;
    feat(&s, T_TOKD, log2_bucket(q->at - x->tok_end + 1));
    feat(&s, T_CUE_AFTER, x->tok_end < a->n_tokens && HD_CUE_VALUE_CLASS(v->tk->cv[x->tok_end]) != 0);
    feat(&s, T_SENT_FIRST, (uint32_t)first_in_sentence(v, c->near) * 8 + (sd > 2 ? 2 : sd));
  }
  feat(&s, T_SENTD, sd);
  feat(&s, T_PARAD, pd);
  feat(&s, T_RANK, c->rank);
  feat(&s, T_POS, pos);
  feat(&s, T_POS_SENT, pos * 8 + (sd > 3 ? 3 : sd));
  feat(&s, T_N, bucket_n(c->n));
  feat(&s, T_NFULL, c->nfull > 3 ? 3 : c->nfull);
  feat(&s, T_NPARA, c->npara > 3 ? 3 : c->npara);
  uint32_t more = 0, fuller = 0;
  for (size_t i = 0; i < n; i++) {
    more += cands[i].n > c->n;
    fuller += cands[i].nfull > c->nfull;
  }
  feat(&s, T_SAL_RANK, more > 2 ? 2 : more);
  feat(&s, T_FULL_RANK, fuller > 2 ? 2 : fuller);
  int prev = q->prev == c->id;
  uint32_t since = para_at(v, q->at) - q->prev_para;
  feat(&s, T_PREV, prev ? 1 + (since > 2 ? 2 : since) : 0);
  feat(&s, T_PREV_RANK, (uint32_t)prev * 16 + c->rank);
  uint32_t spoke = q->spoke ? q->spoke[c->id] : 0;
  feat(&s, T_SPOKE, spoke > 3 ? 3 : spoke);
  feat(&s, T_PASSING, c->n == 1 && (pos == P_PREP || pos == P_POSS) && !spoke);
  if (q->kind == HD_SPQ_ROLE) {
    feat(&s, T_ROLE_FIT, q->word_n && titles_have(id, q->word, q->word_n));
    uint32_t mod = 2;
    for (uint32_t t = q->mb; t < q->me; t++) {
      const hd_token *w = &a->tokens[t];
      if (w->kind != HD_TOK_WORD || !(w->flags & HD_TF_UPPER_INITIAL)) continue;
      mod = titles_have(id, hd_tok_ptr(a, w), hd_tok_len(w));
      if (mod) break;
    }
    feat(&s, T_MOD_FIT, mod);
  }
  return s.n;
}

/* ---- scoring ---- */

float hd_spk_score(const hd_spk_model *m, const uint32_t *f, size_t n) {
  uint32_t mask = (1u << m->bits) - 1;
  float s = 0;
  for (size_t i = 0; i < n; i++) s += m->w[f[i] & mask];
  return s;
}

uint32_t hd_spk_rank(const hd_spk_model *m, const hd_spk_view *v, const hd_spk_query *q, float *margin) {
  hd_spk_cand c[HD_SPK_MAX_CANDS];
  size_t n = hd_spk_candidates(v, q, c);
  if (margin) *margin = 0;
  if (!m || n == 0) return HD_NONE;
  uint32_t f[HD_SPK_MAX_FEATS];
  float best = -INFINITY, second = -INFINITY;
  size_t bi = 0;
  for (size_t k = 0; k < n; k++) {
    float s = hd_spk_score(m, f, hd_spk_features(v, q, c, n, k, f));
    if (s > best) {
      second = best;
      best = s;
      bi = k;
    } else if (s > second) second = s;
  }
  float mg = n == 1 ? SINGLE_MARGIN : best - second;
  if (margin) *margin = mg;
  return c[bi].id;
}

float hd_spk_model_threshold(const hd_spk_model *m) { return m ? m->threshold : 0; }
void hd_spk_model_set_threshold(hd_spk_model *m, float t) { m->threshold = t; }

void hd_spk_model_free(hd_spk_model *m) {
  if (!m) return;
  hd_free(m->w);
  hd_free(m);
}

/* ---- training: averaged perceptron over rankings ---- */

static void update(float *w, double *acc, const uint32_t *f, size_t n, uint32_t mask, float d, double c) {
  for (size_t i = 0; i < n; i++) {
    w[f[i] & mask] += d;
    acc[f[i] & mask] += c * d;
  }
}

hd_spk_model *hd_spk_train(const uint32_t *f, const size_t *off, const size_t *first, const uint8_t *cands,
                           const uint8_t *gold, size_t n, int epochs) {
  uint32_t rows = 1u << BITS, mask = rows - 1;
  float *w = hd_xcalloc(rows, sizeof *w);
  double *acc = hd_xcalloc(rows, sizeof *acc);
  size_t *order = hd_xmalloc((n ? n : 1) * sizeof *order);
  for (size_t i = 0; i < n; i++) order[i] = i;
  uint64_t seed = 0x5eed5eedu;
  double c = 1;
  for (int e = 0; e < epochs; e++) {
    for (size_t i = n; i > 1; i--) { /* Fisher-Yates with a fixed LCG */
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      size_t j = (size_t)((seed >> 33) % i), t = order[i - 1];
      order[i - 1] = order[j];
      order[j] = t;
    }
    for (size_t i = 0; i < n; i++, c++) {
      size_t k = order[i];
      size_t best = 0;
      float bs = -INFINITY;
      for (size_t j = 0; j < cands[k]; j++) {
        size_t r = first[k] + j;
        float s = 0;
        for (size_t x = off[r]; x < off[r + 1]; x++) s += w[f[x] & mask];
        if (s > bs) bs = s, best = j;
      }
      if (best == gold[k]) continue;
      size_t rg = first[k] + gold[k], rp = first[k] + best;
      update(w, acc, f + off[rg], off[rg + 1] - off[rg], mask, 1.0f, c);
      update(w, acc, f + off[rp], off[rp + 1] - off[rp], mask, -1.0f, c);
    }
  }
  for (uint32_t r = 0; r < rows; r++) w[r] -= (float)(acc[r] / c);
  hd_free(acc);
  hd_free(order);
  hd_spk_model *m = hd_xcalloc(1, sizeof *m);
  m->bits = BITS;
  m->w = w;
  return m;
}

/* ---- blob ---- */

size_t hd_spk_model_blob_size(const hd_spk_model *m) { return 16 + ((size_t)1 << m->bits) * sizeof(float); }

void hd_spk_model_write(const hd_spk_model *m, unsigned char *out) {
  memcpy(out, MAGIC, 8);
  memcpy(out + 8, &m->bits, 4);
  memcpy(out + 12, &m->threshold, 4);
  memcpy(out + 16, m->w, ((size_t)1 << m->bits) * sizeof(float));
}

hd_spk_model *hd_spk_model_read(const unsigned char *p, size_t n) {
  uint32_t bits = 0;
  float thr = 0;
  if (n < 16 || memcmp(p, MAGIC, 8) != 0) return NULL;
  memcpy(&bits, p + 8, 4);
  memcpy(&thr, p + 12, 4);
  if (bits < 8 || bits > 20 || n != 16 + ((size_t)1 << bits) * sizeof(float) || !isfinite(thr)) return NULL;
  hd_spk_model *m = hd_xcalloc(1, sizeof *m);
  m->bits = bits;
  m->threshold = thr;
  m->w = hd_xmalloc(((size_t)1 << bits) * sizeof(float));
  memcpy(m->w, p + 16, ((size_t)1 << bits) * sizeof(float));
  return m;
}
