/*
 * tagger.c: the named-entity stage. Loads and saves the model (see
 * ner_model.h for the file layout), scores hashed features, decodes each
 * sentence exactly with Viterbi under BILOU constraints, and adapts
 * herald articles to the core (hd_tag: tokens -> mentions, then titles).
 *
 * Ownership: hd_tagger_load returns a model the caller frees with
 * hd_tagger_free; hd_tag allocates its scratch per call (thread-safe on a
 * shared model) and appends to a->mentions.
 * Complexity: O(tokens * (features + labels^2)) per article.
 */
#include "ner/tagger.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>
#include <zlib.h>

#include "ner/ner_model.h"
#include "ner/titles.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/lexicon.h"

static const char MAGIC[8] = {'H', 'D', 'N', 'E', 'R', 'M', 'D', 'L'};
#define MAX_RAW ((uint64_t)512 << 20)

/* ---- decoding ---- */

int hd_ner_allowed(int prev, int cur) {
  int pp = prev == HD_NER_NL ? -1 : hd_ner_label_pos(prev);
  int cp = hd_ner_label_pos(cur);
  int open = pp == HD_NER_B || pp == HD_NER_I; /* inside an entity */
  if (!open) return cur == 0 || cp == HD_NER_B || cp == HD_NER_U;
  return (cp == HD_NER_I || cp == HD_NER_L) && hd_ner_label_type(prev) == hd_ner_label_type(cur);
}

static int end_allowed(int l) {
  int p = hd_ner_label_pos(l);
  return l == 0 || p == HD_NER_L || p == HD_NER_U;
}

void hd_ner_scratch_reserve(hd_ner_scratch *s, size_t n) {
  if (n <= s->cap) return;
  size_t cap = s->cap ? s->cap : 64;
  while (cap < n) cap *= 2;
  s->feats = hd_xrealloc(s->feats, cap * HD_NER_MAXF * sizeof *s->feats);
  s->nf = hd_xrealloc(s->nf, cap);
  s->score = hd_xrealloc(s->score, cap * HD_NER_NL * sizeof *s->score);
  s->delta = hd_xrealloc(s->delta, cap * HD_NER_NL * sizeof *s->delta);
  s->back = hd_xrealloc(s->back, cap * HD_NER_NL);
  s->nstat = hd_xrealloc(s->nstat, cap);
  s->cap = cap;
}

void hd_ner_scratch_free(hd_ner_scratch *s) {
  hd_free(s->feats);
  hd_free(s->nf);
  hd_free(s->score);
  hd_free(s->delta);
  hd_free(s->back);
  hd_free(s->nstat);
  hd_free(s->cache);
  hd_free(s->pass1);
  memset(s, 0, sizeof *s);
}

static inline uint32_t popcount64(uint64_t x) {
  x = x - ((x >> 1) & 0x5555555555555555ull);
  x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
  x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
  return (uint32_t)((x * 0x0101010101010101ull) >> 56);
}

/* Adds the quantised rows of features f[k0, k1) to acc (16 lanes the
 * compiler vectorises, plus the 17th label). */
static inline void add_rows(const struct hd_tagger *m, const uint32_t *f, uint32_t k0, uint32_t k1,
                            int32_t acc[HD_NER_NL]) {
  _Static_assert(HD_NER_NL == 17, "emission loop assumes 17 labels");
  for (uint32_t k = k0; k < k1; k++) {
    uint32_t b = f[k];
    uint64_t word = m->bm[b >> 6], bit = 1ull << (b & 63);
    if (!(word & bit)) continue;
    size_t r = m->rank[b >> 6] + popcount64(word & (bit - 1));
    const int16_t *row = m->rows + r * HD_NER_NL;
    for (int l = 0; l < 16; l++) acc[l] += row[l];
    acc[16] += row[16];
  }
}

static inline void scale_scores(const struct hd_tagger *m, const int32_t acc[HD_NER_NL], float *out) {
  for (int l = 0; l < HD_NER_NL; l++) out[l] = (float)acc[l] * m->scale;
}

static void emission_scores(const struct hd_tagger *m, hd_ner_scratch *sc, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    const uint32_t *f = sc->feats + (size_t)i * HD_NER_MAXF;
    float *out = sc->score + (size_t)i * HD_NER_NL;
    if (m->wf) {
      float acc[HD_NER_NL] = {0};
      for (uint32_t k = 0; k < sc->nf[i]; k++) {
        const float *row = m->wf + (size_t)f[k] * HD_NER_NL;
        for (int l = 0; l < HD_NER_NL; l++) acc[l] += row[l];
      }
      memcpy(out, acc, sizeof acc);
    } else {
      int32_t acc[HD_NER_NL] = {0};
      add_rows(m, f, 0, sc->nf[i], acc);
      scale_scores(m, acc, out);
    }
  }
}

void hd_ner_refresh_transitions(struct hd_tagger *m) {
  for (int p = 0; p <= HD_NER_NL; p++)
    for (int c = 0; c < HD_NER_NL; c++)
      m->tmask[p * HD_NER_NL + c] = hd_ner_allowed(p, c) ? m->trans[p * HD_NER_NL + c] : -1e30f;
}

/* Labels after which an entity may start or O follow: O, every L, every U. */
static const uint8_t OUTSIDE_PREV[9] = {0, 3, 4, 7, 8, 11, 12, 15, 16};

/* Viterbi over the emission scores already in sc->score. */
static void decode(const struct hd_tagger *m, hd_ner_scratch *sc, uint32_t n, uint8_t *out) {
  const float *T = m->tmask;
  float *D = sc->delta;
  for (int c = 0; c < HD_NER_NL; c++) D[c] = sc->score[c] + T[HD_NER_NL * HD_NER_NL + c];
  for (uint32_t i = 1; i < n; i++) {
    const float *prev = D + (size_t)(i - 1) * HD_NER_NL;
    float *cur = D + (size_t)i * HD_NER_NL;
    uint8_t *bp = sc->back + (size_t)i * HD_NER_NL;
    for (int c = 0; c < HD_NER_NL; c++) {
      /* BILOU: O, B and U follow O, L or U; I and L follow B or I of their type */
      int pos = hd_ner_label_pos(c);
      const uint8_t *cand = OUTSIDE_PREV;
      int nc = 9;
      uint8_t inside[2];
      if (pos == HD_NER_I || pos == HD_NER_L) {
        inside[0] = (uint8_t)(c - pos + HD_NER_B);
        inside[1] = (uint8_t)(c - pos + HD_NER_I);
        cand = inside;
        nc = 2;
      }
      float best = prev[cand[0]] + T[cand[0] * HD_NER_NL + c];
      int arg = cand[0];
      for (int k = 1; k < nc; k++) {
        float v = prev[cand[k]] + T[cand[k] * HD_NER_NL + c];
        if (v > best) { best = v; arg = cand[k]; }
      }
      cur[c] = best + sc->score[(size_t)i * HD_NER_NL + c];
      bp[c] = (uint8_t)arg;
    }
  }
  const float *last = D + (size_t)(n - 1) * HD_NER_NL;
  int arg = 0;
  float best = -3e30f;
  for (int c = 0; c < HD_NER_NL; c++)
    if (end_allowed(c) && last[c] > best) { best = last[c]; arg = c; }
  for (uint32_t i = n; i-- > 0;) {
    out[i] = (uint8_t)arg;
    if (i) arg = sc->back[(size_t)i * HD_NER_NL + arg];
  }
}

void hd_ner_viterbi(const struct hd_tagger *m, hd_ner_scratch *sc, uint32_t n, uint8_t *out) {
  if (!n) return;
  emission_scores(m, sc, n);
  decode(m, sc, n, out);
}

void hd_ner_second_pass(const struct hd_tagger *m, hd_ner_state *st, hd_ner_scratch *sc,
                        const hd_ner_doc *doc, uint8_t *labels) {
  uint8_t *first = hd_xmalloc(doc->n_words + 1);
  memcpy(first, labels, doc->n_words);
  st->pass1 = first;
  for (uint32_t s = 0; s < doc->n_sents; s++) {
    uint32_t b = doc->sent_begin[s], n = doc->sent_begin[s + 1] - b;
    if (!n) continue;
    hd_ner_scratch_reserve(sc, n);
    hd_ner_features(st, s, sc->feats, sc->nf);
    hd_ner_viterbi(m, sc, n, labels + b);
  }
  st->pass1 = NULL;
  hd_free(first);
}

/* Tagging with a loaded model a document short enough to be resident:
 * the first pass keeps each token's sum of its sentence-only feature
 * rows (int32, 17 lanes), so the second pass computes and adds only the
 * document features. Integer sums: the same scores as recomputing. */
/* One sentence of tag_doc_cached: the first pass stores each token's
 * sentence-only sum, the second adds its document features to it. */
static void tag_sentence_cached(const struct hd_tagger *m, hd_ner_state *st, hd_ner_scratch *sc,
                                uint32_t s, int pass, uint8_t *out) {
  uint32_t b = st->doc->sent_begin[s], n = st->doc->sent_begin[s + 1] - b;
  hd_ner_scratch_reserve(sc, n);
  st->n_static = sc->nstat;
  hd_ner_features(st, s, sc->feats, sc->nf);
  st->n_static = NULL;
  for (uint32_t i = 0; i < n; i++) {
    const uint32_t *f = sc->feats + (size_t)i * HD_NER_MAXF;
    int32_t *c = sc->cache + (size_t)(b + i) * HD_NER_NL, acc[HD_NER_NL];
    if (!pass) {
      memset(c, 0, HD_NER_NL * sizeof *c);
      add_rows(m, f, 0, sc->nstat[i], c);
    }
    memcpy(acc, c, sizeof acc);
    add_rows(m, f, pass ? 0 : sc->nstat[i], sc->nf[i], acc);
    scale_scores(m, acc, sc->score + (size_t)i * HD_NER_NL);
  }
  decode(m, sc, n, out);
}

static void tag_doc_cached(const struct hd_tagger *m, hd_ner_state *st, hd_ner_scratch *sc,
                           const hd_ner_doc *doc, uint8_t *labels) {
  if ((size_t)doc->n_words * HD_NER_NL > sc->cap_cache) {
    hd_free(sc->cache);
    sc->cap_cache = (size_t)doc->n_words * HD_NER_NL;
    sc->cache = hd_xmalloc(sc->cap_cache * sizeof *sc->cache);
  }
  for (int pass = 0; pass < 2; pass++) {
    /* the first pass in tiers (hd_ner_sentence_tier), the second in order */
    for (int tier = 0; tier < (pass ? 1 : HD_NER_TIERS); tier++)
      for (uint32_t s = 0; s < doc->n_sents; s++) {
        uint32_t b = doc->sent_begin[s], n = doc->sent_begin[s + 1] - b;
        if (!n || (!pass && hd_ner_sentence_tier(st, s) != tier)) continue;
        tag_sentence_cached(m, st, sc, s, pass, labels + b);
        if (!pass) hd_ner_doc_record(st, s, labels + b);
      }
    if (!pass) {
      hd_free(sc->pass1);
      sc->pass1 = hd_xmalloc(doc->n_words + 1);
      memcpy(sc->pass1, labels, doc->n_words);
      st->pass1 = sc->pass1;
      st->doc_only = 1;
    }
  }
  st->pass1 = NULL;
  st->doc_only = 0;
}

void hd_ner_tag_doc(const struct hd_tagger *m, hd_ner_state *st, hd_ner_scratch *sc,
                    const hd_ner_doc *doc, uint8_t *labels) {
  hd_ner_prepare_doc(st, doc);
  if (!m->wf && st->resident) {
    tag_doc_cached(m, st, sc, doc, labels);
  } else {
    for (int tier = 0; tier < HD_NER_TIERS; tier++) /* see hd_ner_sentence_tier */
      for (uint32_t s = 0; s < doc->n_sents; s++) {
        uint32_t b = doc->sent_begin[s], n = doc->sent_begin[s + 1] - b;
        if (!n || hd_ner_sentence_tier(st, s) != tier) continue;
        hd_ner_scratch_reserve(sc, n);
        hd_ner_features(st, s, sc->feats, sc->nf);
        hd_ner_viterbi(m, sc, n, labels + b);
        hd_ner_doc_record(st, s, labels + b);
      }
    hd_ner_second_pass(m, st, sc, doc, labels);
  }
  hd_ner_doc_consistency(st, labels);
}

/* ---- saving ---- */

static void put_u32(hd_buf *b, uint32_t v) { hd_buf_put(b, &v, 4); }

static void put_lex(hd_buf *b, const hd_lex *x) {
  put_u32(b, (uint32_t)x->n);
  for (size_t i = 0; i < x->n_slots; i++) {
    const hd_lex_slot *s = &x->slots[i];
    if (s->key_off == UINT32_MAX) continue;
    uint16_t len = (uint16_t)s->key_len;
    hd_buf_put(b, &len, 2);
    hd_buf_put(b, x->pool + s->key_off, len);
    put_u32(b, s->value);
  }
}

static void quantise(struct hd_tagger *m) {
  size_t n = ((size_t)1 << m->bits) * HD_NER_NL;
  float mx = 1e-9f;
  for (size_t i = 0; i < n; i++) mx = fmaxf(mx, fabsf(m->wf[i]));
  m->scale = mx / 32767.0f;
  hd_free(m->wq);
  m->wq = hd_xmalloc(n * sizeof *m->wq);
  for (size_t i = 0; i < n; i++) m->wq[i] = (int16_t)lrintf(m->wf[i] / m->scale);
}

int hd_ner_model_save(struct hd_tagger *m, const char *path, hd_err *err) {
  if (m->wf) quantise(m);
  hd_buf p;
  hd_buf_init(&p, 0);
  put_u32(&p, m->bits);
  hd_buf_put(&p, &m->scale, 4);
  hd_buf_put(&p, m->trans, sizeof m->trans);
  put_u32(&p, m->lex.n_gaz_lists);
  for (uint32_t l = 0; l < m->lex.n_gaz_lists; l++) hd_buf_put(&p, m->lex.gaz_names[l], 32);
  put_lex(&p, &m->lex.clusters);
  put_lex(&p, &m->lex.gaz);
  put_lex(&p, &m->lex.casing);
  size_t rows = (size_t)1 << m->bits;
  uint8_t *bitmap = hd_xcalloc(rows / 8, 1);
  for (size_t r = 0; r < rows; r++)
    for (int l = 0; l < HD_NER_NL; l++)
      if (m->wq[r * HD_NER_NL + l]) { bitmap[r / 8] |= (uint8_t)(1u << (r % 8)); break; }
  hd_buf_put(&p, bitmap, rows / 8);
  for (size_t r = 0; r < rows; r++)
    if (bitmap[r / 8] & (1u << (r % 8))) hd_buf_put(&p, m->wq + r * HD_NER_NL, HD_NER_NL * 2);
  hd_free(bitmap);
  uLongf zlen = compressBound(p.len);
  unsigned char *z = hd_xmalloc(zlen);
  int zrc = compress2(z, &zlen, (const unsigned char *)p.ptr, p.len, 6);
  int rc = -1;
  FILE *fp = zrc == Z_OK ? fopen(path, "wb") : NULL;
  if (fp) {
    uint32_t version = HD_NER_MODEL_VERSION, reserved = 0;
    uint64_t raw = p.len, zl = zlen, sum = XXH64(z, zlen, 0);
    fwrite(MAGIC, 1, 8, fp);
    fwrite(&version, 4, 1, fp);
    fwrite(&reserved, 4, 1, fp);
    fwrite(&raw, 8, 1, fp);
    fwrite(&zl, 8, 1, fp);
    fwrite(&sum, 8, 1, fp);
    fwrite(z, 1, zlen, fp);
    rc = fclose(fp) == 0 ? 0 : -1;
  }
  if (rc) hd_err_set(err, HD_ERR_IO, path, 0, "cannot write model");
  hd_free(z);
  hd_buf_free(&p);
  return rc;
}

/* ---- loading ---- */

typedef struct {
  const unsigned char *p, *end;
  int bad;
} reader;

static const void *take(reader *r, size_t n) {
  if (r->bad || (size_t)(r->end - r->p) < n) { r->bad = 1; return NULL; }
  const void *q = r->p;
  r->p += n;
  return q;
}

static uint32_t get_u32(reader *r) {
  uint32_t v = 0;
  const void *q = take(r, 4);
  if (q) memcpy(&v, q, 4);
  return v;
}

static void get_lex(reader *r, hd_lex *x) {
  uint32_t n = get_u32(r);
  for (uint32_t i = 0; i < n && !r->bad; i++) {
    uint16_t len = 0;
    const void *q = take(r, 2);
    if (q) memcpy(&len, q, 2);
    const char *key = take(r, len);
    uint32_t v = get_u32(r);
    if (key) *hd_lex_put(x, key, len) = v;
  }
}

static int parse_payload(struct hd_tagger *m, const unsigned char *p, size_t n) {
  reader r = {p, p + n, 0};
  m->bits = get_u32(&r);
  if (m->bits < 8 || m->bits > 24) return -1;
  const void *q = take(&r, 4);
  if (q) memcpy(&m->scale, q, 4);
  q = take(&r, sizeof m->trans);
  if (q) memcpy(m->trans, q, sizeof m->trans);
  m->lex.n_gaz_lists = get_u32(&r);
  if (m->lex.n_gaz_lists > HD_NER_MAXGAZ) return -1;
  for (uint32_t l = 0; l < m->lex.n_gaz_lists; l++) {
    q = take(&r, 32);
    if (q) memcpy(m->lex.gaz_names[l], q, 32);
    m->lex.gaz_names[l][31] = '\0';
  }
  get_lex(&r, &m->lex.clusters);
  get_lex(&r, &m->lex.gaz);
  get_lex(&r, &m->lex.casing);
  size_t rows = (size_t)1 << m->bits, words = rows / 64;
  const uint8_t *bitmap = take(&r, rows / 8);
  if (!bitmap) return -1;
  m->bm = hd_xmalloc(words * sizeof *m->bm);
  m->rank = hd_xmalloc(words * sizeof *m->rank);
  memcpy(m->bm, bitmap, rows / 8); /* little-endian: byte order = bit order */
  size_t nz = 0;
  for (size_t w = 0; w < words; w++) {
    m->rank[w] = (uint32_t)nz;
    nz += popcount64(m->bm[w]);
  }
  const void *body = take(&r, nz * HD_NER_NL * 2);
  if (!body) return -1;
  m->rows = hd_xmalloc(nz * HD_NER_NL * 2 + 1);
  memcpy(m->rows, body, nz * HD_NER_NL * 2);
  m->n_rows = nz;
  hd_ner_refresh_transitions(m);
  return r.bad || r.p != r.end ? -1 : 0;
}

hd_tagger *hd_tagger_load(const char *path, hd_err *err) {
  size_t len = 0;
  unsigned char *f = (unsigned char *)hd_read_file(path, &len);
  if (!f) {
    hd_err_set(err, HD_ERR_MODEL, path, 0,
               "cannot open NER model (train one with `herald train ner`, or pass --no-ner)");
    return NULL;
  }
  const char *why = NULL;
  uint32_t version = 0;
  uint64_t raw = 0, zl = 0, sum = 0;
  if (len < 40 || memcmp(f, MAGIC, 8) != 0) why = "not a herald NER model";
  if (!why) {
    memcpy(&version, f + 8, 4);
    memcpy(&raw, f + 16, 8);
    memcpy(&zl, f + 24, 8);
    memcpy(&sum, f + 32, 8);
    if (version != HD_NER_MODEL_VERSION) why = "unsupported NER model version";
    else if (zl != len - 40 || raw > MAX_RAW) why = "truncated or corrupt NER model";
    else if (XXH64(f + 40, zl, 0) != sum) why = "NER model checksum mismatch (corrupt file)";
  }
  struct hd_tagger *m = NULL;
  if (!why) {
    unsigned char *p = hd_xmalloc(raw ? raw : 1);
    uLongf out = raw;
    m = hd_xcalloc(1, sizeof *m);
    hd_ner_lexicons_init(&m->lex);
    if (uncompress(p, &out, f + 40, zl) != Z_OK || out != raw || parse_payload(m, p, raw) != 0) {
      why = "corrupt NER model payload";
      hd_tagger_free(m);
      m = NULL;
    }
    hd_free(p);
  }
  hd_free(f);
  if (why) hd_err_set(err, HD_ERR_MODEL, path, 0, "%s", why);
  return m;
}

void hd_tagger_free(hd_tagger *t) {
  if (!t) return;
  hd_free(t->wq);
  hd_free(t->wf);
  hd_free(t->bm);
  hd_free(t->rank);
  hd_free(t->rows);
  hd_ner_lexicons_free(&t->lex);
  hd_free(t);
}

/* ---- the article adapter ---- */

/* Generational suffixes continue a person's name ("Donald Trump Jr.";
 * data/lexicons/ner_name_suffixes.txt). */
static int name_suffix(const hd_article *a, uint32_t i) {
  if (i >= a->n_tokens) return 0;
  const hd_token *t = &a->tokens[i];
  return hd_lex_has(HD_LEX_NER_NAME_SUFFIXES, hd_tok_ptr(a, t), hd_tok_len(t));
}

/* "The" opening an organisation's name is left out of it ("The New York
 * Times" -> "New York Times"), as the determiner is in "the New York Times":
 * one name, one mention, however the outlet writes it. CoNLL-2003 keeps it
 * in a few newspaper names; other types keep it ("The Hague", "The Crying
 * Game"). */
static int leading_article(const hd_article *a, uint32_t start, uint32_t end, uint32_t type) {
  if (type != HD_ENT_ORG || end - start < 2) return 0;
  const hd_token *t = &a->tokens[start];
  const char *p = hd_tok_ptr(a, t);
  return hd_tok_len(t) == 3 && (!memcmp(p, "The", 3) || !memcmp(p, "THE", 3));
}

static void add_mentions(hd_article *a, const uint8_t *labels) {
  uint32_t start = 0;
  for (uint32_t i = 0; i < a->n_tokens; i++) {
    int l = labels[i], pos = hd_ner_label_pos(l);
    if (pos == HD_NER_B || pos == HD_NER_U) start = i;
    if (pos != HD_NER_L && pos != HD_NER_U) continue;
    uint32_t end = i + 1, type = (uint32_t)hd_ner_label_type(l);
    if (type == HD_ENT_PER && labels[i + 1 < a->n_tokens ? i + 1 : i] == 0 && name_suffix(a, i + 1))
      end = i + 2;
    if (leading_article(a, start, end, type)) start++;
    hd_mention m = {a->tokens[start].start, a->tokens[end - 1].end, start, end, (uint8_t)type,
                    hd_span_none(), HD_NONE};
    HD_VEC_PUSH(a->mentions, a->n_mentions, a->cap_mentions, m);
  }
}

#define MAX_SENT 400

static void add_sentence(uint32_t **sb, size_t *ns, size_t *cap, uint32_t b, uint32_t e) {
  for (uint32_t at = b; at < e; at += MAX_SENT) HD_VEC_PUSH(*sb, *ns, *cap, at);
}

static void tag_article(const hd_tagger *t, hd_article *a) {
  if (!t || !a->n_tokens) return;
  hd_ner_word *words = hd_xmalloc(a->n_tokens * sizeof *words);
  for (size_t i = 0; i < a->n_tokens; i++)
    words[i] = (hd_ner_word){hd_tok_ptr(a, &a->tokens[i]), (uint32_t)hd_tok_len(&a->tokens[i])};
  /* Sentence starts from a->sentences; tokens outside any sentence form
   * their own sentence so every token is tagged, and a sentence longer
   * than MAX_SENT tokens (no punctuation at all) is cut, which bounds the
   * scratch memory. */
  uint32_t *sb = NULL;
  size_t ns = 0, cap = 0;
  uint32_t at = 0;
  for (size_t s = 0; s < a->n_sentences; s++) {
    uint32_t b = a->sentences[s].tok_begin, e = a->sentences[s].tok_end;
    if (e <= b || b < at || e > a->n_tokens) continue;
    if (b > at) add_sentence(&sb, &ns, &cap, at, b);
    add_sentence(&sb, &ns, &cap, b, e);
    at = e;
  }
  if (at < a->n_tokens) add_sentence(&sb, &ns, &cap, at, (uint32_t)a->n_tokens);
  HD_VEC_PUSH(sb, ns, cap, (uint32_t)a->n_tokens);
  ns--; /* the last entry closes the last sentence */
  hd_ner_doc doc = {words, (uint32_t)a->n_tokens, sb, (uint32_t)ns};
  uint8_t *labels = hd_xcalloc(a->n_tokens, 1);
  hd_ner_state st;
  hd_ner_scratch sc = {0};
  hd_ner_state_init(&st, &t->lex, t->bits);
  hd_ner_tag_doc(t, &st, &sc, &doc, labels);
  add_mentions(a, labels);
  hd_titles_attach(a);
  hd_ner_state_free(&st);
  hd_ner_scratch_free(&sc);
  hd_free(labels);
  hd_free(sb);
  hd_free(words);
}

void hd_tag(const hd_tagger *t, hd_article *a) { HD_IN_ARENA(a, tag_article(t, a)); }
