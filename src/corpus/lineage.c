/*
 * lineage.c: which paragraphs of a copy or rewrite come from an earlier
 * article (see lineage.h for the rules, complexity and ownership).
 */
#include "corpus/lineage.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "text/words.h"
#include "util/buf.h"

#define MAX_WORDS 512
#define MIN_WORDS 4
#define SAME 0.5

typedef struct {
  uint64_t *words; /* distinct word hashes, sorted */
  size_t n_words;  /* distinct */
  size_t n_tokens; /* all words */
  uint64_t seq;    /* hash of the word sequence */
} para;

typedef struct {
  para *p;
  size_t n;
  int read; /* parsed yet */
} doc;

static int by_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

/* One paragraph's words: the sorted distinct hashes and the sequence hash. */
static void read_para(const char *s, size_t len, para *p) {
  uint64_t h[MAX_WORDS];
  size_t n = 0;
  XXH3_state_t *st = XXH3_createState();
  XXH3_64bits_reset(st);
  hd_words it;
  hd_word w;
  hd_words_init(&it, s, len);
  while (n < MAX_WORDS && hd_words_next(&it, &w)) {
    h[n++] = XXH3_64bits(w.w, w.len);
    XXH3_64bits_update(st, &h[n - 1], sizeof h[0]);
  }
  p->seq = XXH3_64bits_digest(st);
  XXH3_freeState(st);
  p->n_tokens = n;
  if (n > 1) qsort(h, n, sizeof h[0], by_u64);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (!k || h[k - 1] != h[i]) h[k++] = h[i];
  p->words = hd_xmalloc((k ? k : 1) * sizeof *p->words);
  if (k) memcpy(p->words, h, k * sizeof *h);
  p->n_words = k;
}

/* The non-blank lines of text, each with at least one word. */
static void read_doc(const char *text, doc *d) {
  size_t cap = 0;
  if (d->read) return;
  d->read = 1;
  d->p = NULL;
  d->n = 0;
  if (!text) return;
  for (const char *s = text; *s && d->n < HD_LINEAGE_MAX_PARAS;) {
    size_t len = strcspn(s, "\n");
    para p;
    read_para(s, len, &p);
    if (p.n_tokens) HD_VEC_PUSH(d->p, d->n, cap, p);
    else free(p.words);
    s += len;
    s += *s == '\n';
  }
}

static void free_doc(doc *d) {
  for (size_t i = 0; i < d->n; i++) free(d->p[i].words);
  free(d->p);
}

/* Shared distinct words over the larger paragraph's; 0 below MIN_WORDS. */
static double para_sim(const para *a, const para *b) {
  if (a->n_words < MIN_WORDS || b->n_words < MIN_WORDS) return 0;
  size_t i = 0, j = 0, common = 0;
  while (i < a->n_words && j < b->n_words) {
    if (a->words[i] < b->words[j]) i++;
    else if (a->words[i] > b->words[j]) j++;
    else common++, i++, j++;
  }
  size_t m = a->n_words > b->n_words ? a->n_words : b->n_words;
  return (double)common / (double)m;
}

/* Matches copy x against source y: match[i] is the 1-based paragraph of y
 * that x's paragraph i comes from (0: added), sim[i] its similarity.
 * Returns the number matched; *same counts the unchanged ones. */
static int match(const doc *x, const doc *y, int *m, double *sim, uint8_t *used, int *same) {
  int n = 0;
  *same = 0;
  memset(used, 0, y->n);
  for (size_t i = 0; i < x->n; i++) {
    m[i] = 0;
    sim[i] = 0;
    double best = 0;
    for (size_t j = 0; j < y->n; j++) {
      if (used[j]) continue;
      double v = x->p[i].seq == y->p[j].seq && x->p[i].n_tokens == y->p[j].n_tokens ? 1.0 : para_sim(&x->p[i], &y->p[j]);
      if (v >= SAME && v > best) best = v, m[i] = (int)j + 1;
    }
    if (m[i]) {
      used[m[i] - 1] = 1;
      sim[i] = best;
      n++;
      const para *b = &y->p[m[i] - 1];
      if (x->p[i].seq == b->seq && x->p[i].n_tokens == b->n_tokens) ++*same;
    }
  }
  return n;
}

static void fill(hd_lineage *l, const hd_lineage_article *xa, const hd_lineage_article *ya, const doc *x,
                 const doc *y, const int *m, const double *sim, const uint8_t *used) {
  memset(l, 0, sizeof *l);
  l->article = xa->id;
  l->source = ya->id;
  l->paragraphs = (int)x->n;
  l->source_paragraphs = (int)y->n;
  l->paras = hd_xmalloc((x->n + y->n + 1) * sizeof *l->paras);
  for (size_t i = 0; i < x->n; i++) {
    hd_lineage_para p = {(int)i + 1, m[i], HD_PARA_ADDED, m[i] ? sim[i] : 0};
    if (m[i]) {
      const para *b = &y->p[m[i] - 1];
      int same = x->p[i].seq == b->seq && x->p[i].n_tokens == b->n_tokens;
      p.status = same ? HD_PARA_COPIED : HD_PARA_CHANGED;
      l->from_source++;
      l->changed += !same;
    } else l->added++;
    l->paras[l->n_paras++] = p;
  }
  for (size_t j = 0; j < y->n; j++)
    if (!used[j]) {
      l->paras[l->n_paras++] = (hd_lineage_para){0, (int)j + 1, HD_PARA_CUT, 0};
      l->cut++;
    }
}

/* Whether two articles may share paragraphs: their signatures share
 * HD_LINEAGE_MIN_SLOTS slots (or either has none). */
static int near(const hd_lineage_article *a, const hd_lineage_article *b) {
  if (!a->minhash || !b->minhash) return 1;
  if (!a->minhash->n_shingles || !b->minhash->n_shingles) return 0; /* too short to share 2 paragraphs */
  int k = 0;
  for (int i = 0; i < HD_MH_PERMS; i++) k += a->minhash->v[i] == b->minhash->v[i];
  return k >= HD_LINEAGE_MIN_SLOTS;
}

size_t hd_lineage_story(const hd_lineage_article *arts, size_t n, hd_lineage **out) {
  *out = NULL;
  if (n > HD_LINEAGE_MAX_ARTICLES) n = HD_LINEAGE_MAX_ARTICLES;
  if (n < 2) return 0;
  doc *d = hd_xcalloc(n, sizeof *d); /* parsed on first use */
  int *m = hd_xmalloc(HD_LINEAGE_MAX_PARAS * 2 * sizeof *m);
  double *sim = hd_xmalloc(HD_LINEAGE_MAX_PARAS * 2 * sizeof *sim);
  uint8_t *used = hd_xmalloc(HD_LINEAGE_MAX_PARAS);
  size_t n_out = 0, cap = 0;
  for (size_t i = 1; i < n; i++) {
    const doc *x = &d[i];
    size_t best = n;
    int best_n = 0, best_same = 0;
    size_t from = i > HD_LINEAGE_WINDOW ? i - HD_LINEAGE_WINDOW : 0;
    for (size_t j = 0; j < i; j++) {
      /* the window before it, and the original it is a near-copy of */
      if (j < from && arts[j].id != arts[i].dup_of) continue;
      if (!near(&arts[i], &arts[j])) continue;
      read_doc(arts[i].text, &d[i]);
      if (x->n < 2) break;
      read_doc(arts[j].text, &d[j]);
      int same, k = match(x, &d[j], m, sim, used, &same);
      if (k > best_n || (k == best_n && same > best_same)) best = j, best_n = k, best_same = same;
    }
    if (best == n || best_n < 2 || best_n * 3 < (int)x->n) continue;
    int same;
    match(x, &d[best], m, sim, used, &same);
    hd_lineage l;
    fill(&l, &arts[i], &arts[best], x, &d[best], m, sim, used);
    HD_VEC_PUSH(*out, n_out, cap, l);
  }
  free(m);
  free(sim);
  free(used);
  for (size_t i = 0; i < n; i++)
    if (d[i].read) free_doc(&d[i]);
  free(d);
  return n_out;
}

void hd_lineage_free(hd_lineage *l, size_t n) {
  if (!l) return;
  for (size_t i = 0; i < n; i++) free(l[i].paras);
  free(l);
}

const char *hd_para_status_name(hd_para_status s) {
  switch (s) {
  case HD_PARA_COPIED: return "copied";
  case HD_PARA_CHANGED: return "changed";
  case HD_PARA_ADDED: return "added";
  case HD_PARA_CUT: return "cut";
  }
  return "added";
}
