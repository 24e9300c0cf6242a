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

/* One word of one paragraph (a paragraph's words are distinct). */
typedef struct {
  uint64_t w;
  uint32_t para;
} word_at;

typedef struct {
  para *p;
  size_t n;
  word_at *words; /* every paragraph's words, by word then paragraph */
  size_t n_words;
  int read; /* parsed yet */
} doc;

static int by_word_at(const void *a, const void *b) {
  const word_at *x = a, *y = b;
  if (x->w != y->w) return (x->w > y->w) - (x->w < y->w);
  return (x->para > y->para) - (x->para < y->para);
}

static int by_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

/* One paragraph's words: the sorted distinct hashes and the sequence hash
 * (the hash of the word hashes in order, taken before sorting). */
static void read_para(const char *s, size_t len, para *p) {
  uint64_t h[MAX_WORDS];
  size_t n = 0;
  hd_words it;
  hd_word w;
  hd_words_init(&it, s, len);
  while (n < MAX_WORDS && hd_words_next(&it, &w)) h[n++] = XXH3_64bits(w.w, w.len);
  p->seq = XXH3_64bits(h, n * sizeof h[0]);
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
  d->words = NULL;
  d->n_words = 0;
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
  size_t total = 0;
  for (size_t i = 0; i < d->n; i++) total += d->p[i].n_words;
  d->words = hd_xmalloc((total ? total : 1) * sizeof *d->words);
  for (size_t i = 0; i < d->n; i++)
    for (size_t k = 0; k < d->p[i].n_words; k++) d->words[d->n_words++] = (word_at){d->p[i].words[k], (uint32_t)i};
  if (d->n_words > 1) qsort(d->words, d->n_words, sizeof *d->words, by_word_at);
}

static void free_doc(doc *d) {
  for (size_t i = 0; i < d->n; i++) free(d->p[i].words);
  free(d->p);
  free(d->words);
}

/* common[i * y->n + j]: the distinct words paragraph i of x shares with
 * paragraph j of y, for every pair at once (one merge of the two docs'
 * word lists instead of a merge per pair of paragraphs). */
static void count_common(const doc *x, const doc *y, uint16_t *common) {
  memset(common, 0, x->n * y->n * sizeof *common);
  size_t i = 0, j = 0;
  while (i < x->n_words && j < y->n_words) {
    uint64_t w = x->words[i].w;
    if (w < y->words[j].w) i++;
    else if (w > y->words[j].w) j++;
    else {
      size_t i2 = i, j2 = j;
      while (i2 < x->n_words && x->words[i2].w == w) i2++;
      while (j2 < y->n_words && y->words[j2].w == w) j2++;
      for (size_t a = i; a < i2; a++) {
        uint16_t *row = common + (size_t)x->words[a].para * y->n;
        for (size_t b = j; b < j2; b++) row[y->words[b].para]++;
      }
      i = i2, j = j2;
    }
  }
}

/* Shared distinct words over the larger paragraph's; 0 below MIN_WORDS. */
static double para_sim(const para *a, const para *b, unsigned common) {
  if (a->n_words < MIN_WORDS || b->n_words < MIN_WORDS) return 0;
  size_t m = a->n_words > b->n_words ? a->n_words : b->n_words;
  return (double)common / (double)m;
}

static int same_para(const para *a, const para *b) { return a->seq == b->seq && a->n_tokens == b->n_tokens; }

/* The paragraph of y that x's paragraph a comes from (1-based; 0: none)
 * and its similarity: of the unused ones, the first of the most similar
 * at SAME or above (an unchanged one counts 1). common: a's row of
 * count_common. */
static int best_source(const para *a, const doc *y, const uint16_t *common, const uint8_t *used, double *sim) {
  double best = 0;
  int m = 0;
  for (size_t j = 0; j < y->n; j++) {
    if (used[j]) continue;
    const para *b = &y->p[j];
    double v = same_para(a, b) ? 1.0 : para_sim(a, b, common[j]);
    if (v >= SAME && v > best) best = v, m = (int)j + 1;
    if (best >= 1.0) break; /* nothing later is taken over it */
  }
  *sim = best;
  return m;
}

/* Matches copy x against source y: match[i] is the 1-based paragraph of y
 * that x's paragraph i comes from (0: added), sim[i] its similarity.
 * Returns the number matched; *same counts the unchanged ones. common:
 * room for x->n * y->n counts. */
static int match(const doc *x, const doc *y, int *m, double *sim, uint8_t *used, uint16_t *common, int *same) {
  int n = 0;
  *same = 0;
  memset(used, 0, y->n);
  count_common(x, y, common);
  for (size_t i = 0; i < x->n; i++) {
    m[i] = best_source(&x->p[i], y, common + i * y->n, used, &sim[i]);
    if (m[i]) {
      used[m[i] - 1] = 1;
      n++;
      if (same_para(&x->p[i], &y->p[m[i] - 1])) ++*same;
    } else sim[i] = 0;
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
  return hd_lineage_story_some(arts, n, NULL, out);
}

size_t hd_lineage_story_some(const hd_lineage_article *arts, size_t n, const uint8_t *want, hd_lineage **out) {
  *out = NULL;
  if (n > HD_LINEAGE_MAX_ARTICLES) n = HD_LINEAGE_MAX_ARTICLES;
  if (n < 2) return 0;
  doc *d = hd_xcalloc(n, sizeof *d); /* parsed on first use */
  int *m = hd_xmalloc(HD_LINEAGE_MAX_PARAS * 2 * sizeof *m);
  double *sim = hd_xmalloc(HD_LINEAGE_MAX_PARAS * 2 * sizeof *sim);
  uint8_t *used = hd_xmalloc(HD_LINEAGE_MAX_PARAS);
  uint16_t *common = hd_xmalloc((size_t)HD_LINEAGE_MAX_PARAS * HD_LINEAGE_MAX_PARAS * sizeof *common);
  size_t n_out = 0, cap = 0;
  for (size_t i = 1; i < n; i++) {
    if (want && !want[i]) continue;
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
      int same, k = match(x, &d[j], m, sim, used, common, &same);
      if (k > best_n || (k == best_n && same > best_same)) best = j, best_n = k, best_same = same;
    }
    if (best == n || best_n < 2 || best_n * 3 < (int)x->n) continue;
    int same;
    match(x, &d[best], m, sim, used, common, &same);
    hd_lineage l;
    fill(&l, &arts[i], &arts[best], x, &d[best], m, sim, used);
    HD_VEC_PUSH(*out, n_out, cap, l);
  }
  free(m);
  free(sim);
  free(used);
  free(common);
  for (size_t i = 0; i < n; i++)
    if (d[i].read) free_doc(&d[i]);
  free(d);
  return n_out;
}

void hd_lineage_needs(const int64_t *ids, const int64_t *dup_of, size_t n, const uint8_t *want, uint8_t *need) {
  if (n > HD_LINEAGE_MAX_ARTICLES) n = HD_LINEAGE_MAX_ARTICLES;
  memset(need, 0, n);
  for (size_t i = 1; i < n; i++) {
    if (!want[i]) continue;
    need[i] = 1;
    size_t from = i > HD_LINEAGE_WINDOW ? i - HD_LINEAGE_WINDOW : 0;
    for (size_t j = 0; j < i; j++)
      if (j >= from || ids[j] == dup_of[i]) need[j] = 1;
  }
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
