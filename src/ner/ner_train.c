/* ner_train.c: averaged perceptron for the NER tagger (see ner_train.h). */
#include "ner/ner_train.h"
#include "ner/tagger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

void hd_ner_eval_conll(const struct hd_tagger *m, const hd_conll *c, hd_ner_counts *counts,
                       uint8_t *pred) {
  hd_ner_state st;
  hd_ner_scratch sc = {0};
  hd_ner_state_init(&st, &m->lex, m->bits);
  uint8_t *own = pred ? NULL : hd_xmalloc(c->n_words + 1);
  uint8_t *out = pred ? pred : own;
  for (size_t d = 0; d < c->n_docs; d++) {
    const hd_ner_doc *doc = &c->docs[d];
    uint32_t w0 = c->doc_first_word[d];
    hd_ner_tag_doc(m, &st, &sc, doc, out + w0);
    for (uint32_t s = 0; s < doc->n_sents && counts; s++) {
      uint32_t b = w0 + doc->sent_begin[s], e = w0 + doc->sent_begin[s + 1];
      hd_ner_count(counts, c->gold + b, out + b, e - b);
    }
  }
  hd_ner_state_free(&st);
  hd_ner_scratch_free(&sc);
  free(own);
}

typedef struct {
  float *w, *u; /* weights and averaging sums (c * update) */
  float *tw; /* the model's transitions */
  float tu[(HD_NER_NL + 1) * HD_NER_NL];
  double c;     /* updates counter */
} averager;

static void bump(float *w, float *u, size_t i, float d, double c) {
  w[i] += d;
  u[i] += (float)(c * d);
}

static void update_sentence(averager *a, const hd_ner_scratch *sc, uint32_t n,
                            const uint8_t *gold, const uint8_t *pred) {
  for (uint32_t i = 0; i < n; i++) {
    int g = gold[i], p = pred[i];
    int gp = i ? gold[i - 1] : HD_NER_NL, pp = i ? pred[i - 1] : HD_NER_NL;
    if (g != p || gp != pp) {
      bump(a->tw, a->tu, (size_t)gp * HD_NER_NL + (size_t)g, 1, a->c);
      bump(a->tw, a->tu, (size_t)pp * HD_NER_NL + (size_t)p, -1, a->c);
    }
    if (g == p) continue;
    const uint32_t *f = sc->feats + (size_t)i * HD_NER_MAXF;
    for (uint32_t k = 0; k < sc->nf[i]; k++) {
      bump(a->w, a->u, (size_t)f[k] * HD_NER_NL + (size_t)g, 1, a->c);
      bump(a->w, a->u, (size_t)f[k] * HD_NER_NL + (size_t)p, -1, a->c);
    }
  }
}

/* The second pass over a document the first pass labelled (pred), with
 * updates, as hd_ner_second_pass tags. */
static void second_pass(struct hd_tagger *m, averager *a, hd_ner_state *st, hd_ner_scratch *sc,
                        const hd_ner_doc *doc, const uint8_t *gold, uint8_t *pred) {
  uint8_t *first = hd_xmalloc(doc->n_words + 1);
  memcpy(first, pred, doc->n_words);
  st->pass1 = first;
  for (uint32_t s = 0; s < doc->n_sents; s++) {
    uint32_t b = doc->sent_begin[s], n = doc->sent_begin[s + 1] - b;
    if (!n) continue;
    hd_ner_scratch_reserve(sc, n);
    hd_ner_features(st, s, sc->feats, sc->nf);
    hd_ner_viterbi(m, sc, n, pred + b);
    a->c += 1;
    if (memcmp(pred + b, gold + b, n) != 0) {
      update_sentence(a, sc, n, gold + b, pred + b);
      hd_ner_refresh_transitions(m);
    }
  }
  st->pass1 = NULL;
  free(first);
}

static void train_doc(struct hd_tagger *m, averager *a, hd_ner_state *st, hd_ner_scratch *sc,
                      const hd_ner_doc *doc, const uint8_t *gold, uint8_t *pred) {
  hd_ner_prepare_doc(st, doc);
  for (int tier = 0; tier < HD_NER_TIERS; tier++) /* as hd_ner_tag_doc */
    for (uint32_t s = 0; s < doc->n_sents; s++) {
      uint32_t b = doc->sent_begin[s], n = doc->sent_begin[s + 1] - b;
      if (!n || hd_ner_sentence_tier(st, s) != tier) continue;
      hd_ner_scratch_reserve(sc, n);
      hd_ner_features(st, s, sc->feats, sc->nf);
      hd_ner_viterbi(m, sc, n, pred + b);
      a->c += 1;
      if (memcmp(pred + b, gold + b, n) != 0) {
        update_sentence(a, sc, n, gold + b, pred + b);
        hd_ner_refresh_transitions(m);
      }
      hd_ner_doc_record(st, s, pred + b);
    }
  second_pass(m, a, st, sc, doc, gold, pred);
}

static void averaged(const averager *a, size_t n, float *avg, float *tavg) {
  double c = a->c > 0 ? a->c : 1;
  for (size_t i = 0; i < n; i++) avg[i] = a->w[i] - (float)(a->u[i] / c);
  for (size_t i = 0; i < (HD_NER_NL + 1) * HD_NER_NL; i++) tavg[i] = a->tw[i] - (float)(a->tu[i] / c);
}

/* Dev F1 of the averaged model; logs it for epoch ep (0: the final mean). */
static double dev_f1(const struct hd_tagger *avg, const hd_conll *dev, FILE *log, int ep) {
  double p = 0, r = 0, f = 0;
  hd_ner_counts cnt = {0};
  hd_ner_eval_conll(avg, dev, &cnt, NULL);
  hd_ner_prf(&cnt, -1, &p, &r, &f);
  if (log && ep) fprintf(log, "epoch %2d  dev P %.2f R %.2f F1 %.2f\n", ep, p, r, f);
  if (log && !ep) fprintf(log, "mean      dev P %.2f R %.2f F1 %.2f\n", p, r, f);
  if (log) fflush(log);
  return f;
}

static uint64_t next_rand(uint64_t *s) {
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

/* One training run with one shuffling seed: the averaged weights of its
 * best dev epoch (the last without dev) into best_w, best_t. Returns its
 * dev F1 (0 without dev). */
static double train_run(const hd_conll *train, const hd_conll *dev, struct hd_tagger *m,
                        struct hd_tagger *avg, uint64_t seed, const hd_ner_train_opts *opt,
                        float *best_w, float *best_t) {
  size_t n = ((size_t)1 << opt->bits) * HD_NER_NL;
  memset(m->wf, 0, n * sizeof *m->wf);
  memset(m->trans, 0, sizeof m->trans);
  hd_ner_refresh_transitions(m);
  averager a = {0};
  a.w = m->wf;
  a.tw = m->trans;
  a.u = hd_xcalloc(n, sizeof(float));
  size_t nd = train->n_docs;
  uint32_t *order = hd_xmalloc(nd * sizeof *order);
  for (size_t i = 0; i < nd; i++) order[i] = (uint32_t)i;
  uint64_t rng = seed ? seed : 88172645463325252ull;
  uint8_t *pred = hd_xmalloc(train->n_words + 1);
  hd_ner_state st;
  hd_ner_scratch sc = {0};
  hd_ner_state_init(&st, &m->lex, m->bits);
  double best = -1;
  int best_epoch = 0;
  for (int ep = 1; ep <= opt->epochs; ep++) {
    for (size_t i = nd; i > 1; i--) {
      size_t j = next_rand(&rng) % i;
      uint32_t t = order[i - 1];
      order[i - 1] = order[j];
      order[j] = t;
    }
    for (size_t i = 0; i < nd; i++) {
      const hd_ner_doc *doc = &train->docs[order[i]];
      train_doc(m, &a, &st, &sc, doc, train->gold + train->doc_first_word[order[i]],
                pred + train->doc_first_word[order[i]]);
    }
    averaged(&a, n, avg->wf, avg->trans);
    hd_ner_refresh_transitions(avg);
    double f = dev ? dev_f1(avg, dev, opt->log, ep) : 0;
    if (opt->log && !dev) fprintf(opt->log, "epoch %2d  (no dev set: the last epoch is kept)\n", ep);
    if (!dev || f > best) {
      best = f;
      best_epoch = ep;
      memcpy(best_w, avg->wf, n * sizeof *best_w);
      memcpy(best_t, avg->trans, sizeof avg->trans);
    }
  }
  if (opt->log) fprintf(opt->log, "seed %llu: best epoch %d (dev F1 %.2f)\n", (unsigned long long)seed,
                        best_epoch, best);
  hd_ner_state_free(&st);
  hd_ner_scratch_free(&sc);
  free(pred);
  free(order);
  free(a.u);
  return best;
}

double hd_ner_train(const hd_conll *train, const hd_conll *dev, hd_ner_lexicons *lex,
                    const hd_ner_train_opts *opt, hd_err *err) {
  size_t n = ((size_t)1 << opt->bits) * HD_NER_NL;
  int runs = opt->runs > 0 ? opt->runs : 1;
  struct hd_tagger *m = hd_xcalloc(1, sizeof *m); /* the model being trained */
  struct hd_tagger *avg = hd_xcalloc(1, sizeof *avg); /* its average, then the result */
  m->bits = avg->bits = opt->bits;
  m->lex = *lex;
  avg->lex = *lex;
  hd_ner_lexicons_init(lex);
  m->wf = hd_xcalloc(n, sizeof(float));
  avg->wf = hd_xcalloc(n, sizeof(float));
  float *best_w = hd_xcalloc(n, sizeof(float)), best_t[(HD_NER_NL + 1) * HD_NER_NL];
  float *sum_w = runs > 1 ? hd_xcalloc(n, sizeof(float)) : NULL;
  float sum_t[(HD_NER_NL + 1) * HD_NER_NL] = {0};
  double f = 0;
  for (int r = 0; r < runs; r++) {
    f = train_run(train, dev, m, avg, opt->seed + (uint64_t)r, opt, best_w, best_t);
    if (!sum_w) break;
    for (size_t i = 0; i < n; i++) sum_w[i] += best_w[i];
    for (size_t i = 0; i < (HD_NER_NL + 1) * HD_NER_NL; i++) sum_t[i] += best_t[i];
  }
  if (sum_w) { /* the mean of the runs' weights */
    for (size_t i = 0; i < n; i++) best_w[i] = sum_w[i] / (float)runs;
    for (size_t i = 0; i < (HD_NER_NL + 1) * HD_NER_NL; i++) best_t[i] = sum_t[i] / (float)runs;
  }
  memcpy(avg->wf, best_w, n * sizeof *best_w);
  memcpy(avg->trans, best_t, sizeof best_t);
  hd_ner_refresh_transitions(avg);
  if (sum_w) f = dev ? dev_f1(avg, dev, opt->log, 0) : 0;
  double result = hd_ner_model_save(avg, opt->out, err) == 0 ? f : -1;
  if (result >= 0 && opt->log)
    fprintf(opt->log, "%s (dev F1 %.2f) saved to %s\n", runs > 1 ? "mean of the runs" : "best epoch",
            f, opt->out);
  free(best_w);
  free(sum_w);
  hd_ner_lexicons_free(&m->lex);
  memset(&avg->lex, 0, sizeof avg->lex);
  hd_tagger_free(m);
  hd_tagger_free(avg);
  return result;
}
