/* conll.c: CoNLL-2003 reading and entity scoring (see conll.h). */
#include "ner/conll.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/file.h"

static int type_of(const char *t, size_t n) { return hd_ent_type_of(t, n); }

/* IOB2 (or IOB1) tags of one sentence -> BILOU labels. */
static void iob_to_bilou(const char **tags, const size_t *tlen, size_t n, uint8_t *out) {
  for (size_t i = 0; i < n; i++) {
    int ty = tlen[i] > 2 ? type_of(tags[i] + 2, tlen[i] - 2) : -1;
    if (ty < 0) { out[i] = 0; continue; }
    int prev_ty = i && tlen[i - 1] > 2 ? type_of(tags[i - 1] + 2, tlen[i - 1] - 2) : -1;
    int begins = tags[i][0] == 'B' || prev_ty != ty;
    int next_ty = i + 1 < n && tlen[i + 1] > 2 ? type_of(tags[i + 1] + 2, tlen[i + 1] - 2) : -1;
    int continues = next_ty == ty && tags[i + 1][0] == 'I';
    int pos = begins ? (continues ? HD_NER_B : HD_NER_U) : (continues ? HD_NER_I : HD_NER_L);
    out[i] = (uint8_t)hd_ner_label(ty, pos);
  }
}

int hd_conll_read(hd_conll *c, const char *path, hd_err *err) {
  memset(c, 0, sizeof *c);
  size_t len = 0;
  c->bytes = hd_read_file(path, &len);
  if (!c->bytes) {
    hd_err_set(err, HD_ERR_IO, path, 0, "cannot read CoNLL file");
    return -1;
  }
  size_t cap_w = 0, cap_s = 0, cap_d = 0, cap_t = 0;
  const char **tags = NULL;
  size_t *tlen = NULL, n_tags = 0;
  size_t sent_start = 0;
  char *p = c->bytes, *end = c->bytes + len;
  HD_VEC_PUSH(c->doc_first_sent, c->n_docs, cap_d, 0);
  while (p <= end) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    char *le = nl ? nl : end;
    while (le > p && (le[-1] == '\r' || le[-1] == ' ' || le[-1] == '\t')) le--;
    int blank = le == p;
    int docstart = !blank && le - p >= 10 && memcmp(p, "-DOCSTART-", 10) == 0;
    if ((blank || docstart || !nl) && c->n_words > sent_start) {
      uint8_t *g = hd_xrealloc(c->gold, c->n_words);
      c->gold = g;
      iob_to_bilou(tags, tlen, n_tags, c->gold + sent_start);
      HD_VEC_PUSH(c->sent_begin, c->n_sents, cap_s, (uint32_t)sent_start);
      sent_start = c->n_words;
      n_tags = 0;
    }
    if (docstart && c->n_sents) /* a new document starts at the next sentence */
      HD_VEC_PUSH(c->doc_first_sent, c->n_docs, cap_d, (uint32_t)c->n_sents);
    if (!blank && !docstart) {
      char *sp = le;
      while (sp > p && sp[-1] != ' ' && sp[-1] != '\t') sp--;
      char *we = sp;
      while (we > p && (we[-1] == ' ' || we[-1] == '\t')) we--;
      if (we == p) we = le, sp = le; /* a word without a tag */
      char *ws = p; /* first column */
      char *wend = ws;
      while (wend < we && *wend != ' ' && *wend != '\t') wend++;
      hd_ner_word w = {ws, (uint32_t)(wend - ws)};
      HD_VEC_PUSH(c->words, c->n_words, cap_w, w);
      if (n_tags >= cap_t) {
        cap_t = cap_t ? cap_t * 2 : 256;
        tags = hd_xrealloc(tags, cap_t * sizeof *tags);
        tlen = hd_xrealloc(tlen, cap_t * sizeof *tlen);
      }
      tags[n_tags] = sp;
      tlen[n_tags++] = (size_t)(le - sp);
    }
    if (!nl) break;
    p = nl + 1;
  }
  free(tags);
  free(tlen);
  /* Build document views with local word and sentence indices. */
  size_t cap_sb = c->n_sents + 1;
  c->sent_begin = hd_xrealloc(c->sent_begin, cap_sb * sizeof *c->sent_begin);
  c->sent_begin[c->n_sents] = (uint32_t)c->n_words;
  c->docs = hd_xcalloc(c->n_docs + 1, sizeof *c->docs);
  c->doc_first_word = hd_xcalloc(c->n_docs + 1, sizeof *c->doc_first_word);
  c->doc_sb = hd_xcalloc(c->n_sents + c->n_docs + 1, sizeof *c->doc_sb);
  size_t nd = 0, at = 0;
  for (size_t d = 0; d < c->n_docs; d++) {
    uint32_t s0 = c->doc_first_sent[d];
    uint32_t s1 = d + 1 < c->n_docs ? c->doc_first_sent[d + 1] : (uint32_t)c->n_sents;
    if (s1 <= s0) continue;
    uint32_t w0 = c->sent_begin[s0];
    for (uint32_t s = s0; s <= s1; s++) c->doc_sb[at + s - s0] = c->sent_begin[s] - w0;
    c->doc_first_word[nd] = w0;
    c->docs[nd++] = (hd_ner_doc){c->words + w0, c->sent_begin[s1] - w0, c->doc_sb + at, s1 - s0};
    at += s1 - s0 + 1;
  }
  c->n_docs = nd;
  return 0;
}

void hd_conll_free(hd_conll *c) {
  free(c->bytes);
  free(c->words);
  free(c->gold);
  free(c->sent_begin);
  free(c->docs);
  free(c->doc_first_word);
  free(c->doc_first_sent);
  free(c->doc_sb);
  memset(c, 0, sizeof *c);
}

typedef struct {
  size_t b, e;
  int type;
} span;

static size_t spans_of(const uint8_t *l, size_t n, span *out) {
  size_t k = 0, start = 0;
  for (size_t i = 0; i < n; i++) {
    int pos = hd_ner_label_pos(l[i]);
    if (pos == HD_NER_B || pos == HD_NER_U) start = i;
    if (pos == HD_NER_L || pos == HD_NER_U) out[k++] = (span){start, i + 1, hd_ner_label_type(l[i])};
  }
  return k;
}

void hd_ner_count(hd_ner_counts *c, const uint8_t *gold, const uint8_t *pred, size_t n) {
  span *g = hd_xmalloc((n + 1) * sizeof *g), *p = hd_xmalloc((n + 1) * sizeof *p);
  size_t ng = spans_of(gold, n, g), np = spans_of(pred, n, p);
  size_t i = 0, j = 0;
  while (i < ng || j < np) {
    if (i < ng && j < np && g[i].b == p[j].b && g[i].e == p[j].e && g[i].type == p[j].type) {
      c->tp[g[i].type]++;
      i++, j++;
    } else if (j >= np || (i < ng && (g[i].b < p[j].b || (g[i].b == p[j].b && g[i].e <= p[j].e)))) {
      c->fn[g[i++].type]++;
    } else {
      c->fp[p[j++].type]++;
    }
  }
  free(g);
  free(p);
}

void hd_ner_prf(const hd_ner_counts *c, int type, double *p, double *r, double *f) {
  long tp = 0, fp = 0, fn = 0;
  for (int k = 0; k < 4; k++)
    if (type < 0 || type == k) tp += c->tp[k], fp += c->fp[k], fn += c->fn[k];
  *p = tp + fp ? 100.0 * (double)tp / (double)(tp + fp) : 0;
  *r = tp + fn ? 100.0 * (double)tp / (double)(tp + fn) : 0;
  *f = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0;
}
