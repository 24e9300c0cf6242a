/*
 * train_cue_gate.c: learns the cue gate's table (cue_gate.h) for `herald
 * train quotes --train DIR -o FILE`: over every word token of the
 * PolNeAR-layout directory's texts, how often its lemma (the Snowball
 * English stem of the lower-case form, libstemmer) lies inside a gold cue
 * span and how often it occurs at all. Every form seen in the texts whose
 * lemma was inside a gold cue at least once gets a row with its lemma's
 * counts. Deterministic (rows sorted by key); no text is kept.
 * Memory: two hash maps (forms, lemmas) over the corpus vocabulary.
 * Complexity: linear in the corpus, plus one stem per distinct form.
 */
#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrib/cue_gate.h"
#include "attrib/cue_model.h"
#include "attrib/cues.h"
#include "attrib/trainers.h"
#include "eval/polnear.h"
#include "attrib/attrib.h"
#include "util/buf.h"
#include "util/map.h"

typedef struct {
  uint32_t cues, seen, cues_that, seen_that;
  uint32_t fcues[HD_GATE_FRAMES], fseen[HD_GATE_FRAMES];
} gate_count;

typedef struct {
  hd_map forms; /* lower-case form -> index into counts */
  gate_count *counts;
  size_t n, cap;
} gate_counts;

static void no_attribution(hd_article *a, void *ud) {
  (void)a;
  (void)ud;
}

/* Is token t inside a piece of a gold cue span of the article? */
static int in_gold_cue(const pn_doc *d, const hd_token *t) {
  for (size_t e = 0; e < d->nev; e++) {
    const gold_span *g = d->ev[e].cue ? pn_find_span(d->spans, d->ev[e].cue) : NULL;
    for (int p = 0; g && p < g->n; p++)
      if (t->start >= g->piece[p].start && t->end <= g->piece[p].end) return 1;
  }
  return 0;
}

/* Does token t open a complement clause ("that", "whether")? */
static int complementiser(const hd_article *a, uint32_t t) {
  if (t >= a->n_tokens || a->tokens[t].kind != HD_TOK_WORD) return 0;
  char w[16];
  size_t n = hd_word_lower(hd_tok_ptr(a, &a->tokens[t]), hd_tok_len(&a->tokens[t]), w, sizeof w);
  return n && (!strcmp(w, "that") || !strcmp(w, "whether"));
}

static gate_count *count_of(gate_counts *gc, hd_map *m, const char *w, size_t n) {
  int added = 0;
  uint64_t *v = hd_map_put(m, w, n, &added);
  if (added) {
    gate_count z;
    memset(&z, 0, sizeof z);
    HD_VEC_PUSH(gc->counts, gc->n, gc->cap, z);
    *v = gc->n - 1;
  }
  return &gc->counts[*v];
}

static void count_doc(const pn_doc *d, void *ud) {
  gate_counts *gc = ud;
  const hd_article *a = d->a;
  uint8_t *inq = hd_xmalloc(a->n_tokens ? a->n_tokens : 1);
  hd_attrib_quote_mask(a, inq);
  for (uint32_t i = 0; i < a->n_tokens; i++) {
    const hd_token *t = &a->tokens[i];
    if (t->kind != HD_TOK_WORD || inq[i]) continue; /* the stage's cues stand outside quotations */
    char w[32];
    size_t n = hd_word_lower(hd_tok_ptr(a, t), hd_tok_len(t), w, sizeof w);
    if (!n) continue;
    gate_count *c = count_of(gc, &gc->forms, w, n);
    int cue = in_gold_cue(d, t);
    c->seen++;
    c->cues += (uint32_t)cue;
    int f = hd_cue_frame(a, i);
    c->fseen[f]++;
    c->fcues[f] += (uint32_t)cue;
    if (complementiser(a, i + 1)) {
      c->seen_that++;
      c->cues_that += (uint32_t)cue;
    }
  }
  hd_free(inq);
}

/* The Snowball stem of w[0, n) (w itself when the stemmer gives none). */
static const char *stem_of(struct sb_stemmer *st, const char *w, size_t n, size_t *sn) {
  const sb_symbol *s = sb_stemmer_stem(st, (const sb_symbol *)w, (int)n);
  if (!s) {
    *sn = n;
    return w;
  }
  *sn = (size_t)sb_stemmer_length(st);
  return (const char *)s;
}

hd_cue_gate *train_cue_gate(const char *train_dir) {
  gate_counts gc = {0};
  hd_map_init(&gc.forms);
  long visited = 0, skipped = 0;
  struct sb_stemmer *st = NULL;
  if (pn_each(train_dir, NULL, no_attribution, count_doc, &gc, &visited, &skipped) != 0 ||
      !(st = sb_stemmer_new("english", "UTF_8"))) {
    hd_map_free(&gc.forms);
    hd_free(gc.counts);
    return NULL;
  }
  /* the lemmas' summed counts, in a second table after the forms' */
  size_t nf = gc.n;
  hd_map lemmas;
  hd_map_init(&lemmas);
  uint64_t *form_key = hd_xmalloc((nf ? nf : 1) * sizeof *form_key);
  uint32_t *form_lemma = hd_xmalloc((nf ? nf : 1) * sizeof *form_lemma);
  for (size_t s = 0; s < gc.forms.cap; s++) {
    const hd_map_slot *sl = &gc.forms.slots[s];
    if (!sl->used) continue;
    const char *w = gc.forms.keys.ptr + sl->key_off;
    size_t sn;
    const char *stem = stem_of(st, w, sl->key_len, &sn);
    gate_count fc = gc.counts[sl->value];
    gate_count *lc = count_of(&gc, &lemmas, stem, sn); /* may move gc.counts */
    lc->cues += fc.cues, lc->seen += fc.seen, lc->cues_that += fc.cues_that, lc->seen_that += fc.seen_that;
    for (int f = 0; f < HD_GATE_FRAMES; f++) lc->fcues[f] += fc.fcues[f], lc->fseen[f] += fc.fseen[f];
    form_key[sl->value] = hd_cue_word_key(w, sl->key_len);
    form_lemma[sl->value] = (uint32_t)(lc - gc.counts);
  }
  hd_cue_gate_row *rows = hd_xmalloc((nf ? nf : 1) * sizeof *rows);
  size_t nr = 0;
  for (size_t f = 0; f < nf; f++) {
    const gate_count *lc = &gc.counts[form_lemma[f]];
    if (!lc->cues) continue;
    hd_cue_gate_row r = {form_key[f], lc->cues, lc->seen, lc->cues_that, lc->seen_that, {0}, {0}};
    memcpy(r.fcues, lc->fcues, sizeof r.fcues);
    memcpy(r.fseen, lc->fseen, sizeof r.fseen);
    rows[nr++] = r;
  }
  fprintf(stderr, "herald train quotes: cue gate: %zu forms of %zu lemmas, %zu forms whose lemma was in a gold cue\n",
          nf, hd_map_size(&lemmas), nr);
  hd_free(form_key);
  hd_free(form_lemma);
  sb_stemmer_delete(st);
  hd_map_free(&lemmas);
  hd_map_free(&gc.forms);
  hd_free(gc.counts);
  return hd_cue_gate_new(rows, nr);
}
