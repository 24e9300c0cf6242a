/*
 * cluster.c: incremental story clustering (see cluster.h for the model,
 * ownership and complexity). Features are sparse vectors of {id, weight}
 * sorted by id so that two of them meet in one merge-join.
 */
#include "corpus/cluster.h"

#include <libstemmer.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

#include "corpus/cluster_words.h"
#include "corpus/embed.h"
#include "corpus/story_model.h"
#include "text/words.h"
#include "util/arena.h"
#include "util/lexicon.h"

/* memcpy with empty (possibly NULL) arrays allowed. */
static void copy_bytes(void *dst, const void *src, size_t n) {
  if (n) memcpy(dst, src, n);
}

typedef struct {
  uint32_t id;
  float w;
} feat;

/* ---- sorting feature vectors ----
 * Two total orders (ids are distinct within a vector, so every correct
 * sort gives the same result): by weight, heaviest first, ties by id;
 * and by id. Introsort (quicksort, median of three, heapsort past a depth
 * limit, insertion sort for short runs) with the comparison inlined:
 * qsort's indirect calls were most of the sorting time. feat_top keeps
 * the k heaviest (introselect) before sorting only those. */
#define W_BEFORE(a, b) ((a).w > (b).w || ((a).w == (b).w && (a).id < (b).id))
#define ID_BEFORE(a, b) ((a).id < (b).id)
#define DEFINE_FEAT_SORT(NAME, BEFORE)                                                  \
  static inline void NAME##_sift(feat *v, size_t root, size_t n) {                              \
    feat x = v[root];                                                                    \
    for (size_t child; (child = 2 * root + 1) < n; root = child) {                       \
      if (child + 1 < n && BEFORE(v[child], v[child + 1])) child++;                      \
      if (!BEFORE(x, v[child])) break;                                                   \
      v[root] = v[child];                                                                \
    }                                                                                    \
    v[root] = x;                                                                         \
  }                                                                                      \
  static inline void NAME##_heap(feat *v, size_t n) {                                           \
    for (size_t i = n / 2; i-- > 0;) NAME##_sift(v, i, n);                               \
    for (size_t i = n; i-- > 1;) {                                                       \
      feat t = v[0];                                                                     \
      v[0] = v[i];                                                                       \
      v[i] = t;                                                                          \
      NAME##_sift(v, 0, i);                                                              \
    }                                                                                    \
  }                                                                                      \
  /* partitions v[0..n) (n > 2) around a median of three; returns the split */          \
  static inline size_t NAME##_part(feat *v, size_t n) {                                         \
    feat t, *a = &v[0], *b = &v[n / 2], *c = &v[n - 1];                                  \
    if (BEFORE(*b, *a)) t = *a, *a = *b, *b = t;                                         \
    if (BEFORE(*c, *b)) t = *b, *b = *c, *c = t;                                         \
    if (BEFORE(*b, *a)) t = *a, *a = *b, *b = t;                                         \
    feat p = *b;                                                                         \
    size_t i = 0, j = n - 1;                                                             \
    for (;;) {                                                                           \
      while (BEFORE(v[i], p)) i++;                                                       \
      while (BEFORE(p, v[j])) j--;                                                       \
      if (i >= j) return j + 1;                                                          \
      t = v[i], v[i] = v[j], v[j] = t;                                                   \
      i++, j--;                                                                          \
    }                                                                                    \
  }                                                                                      \
  static inline void NAME##_intro(feat *v, size_t n, int depth) {                               \
    while (n > 16) {                                                                     \
      if (depth-- == 0) {                                                                \
        NAME##_heap(v, n);                                                               \
        return;                                                                          \
      }                                                                                  \
      size_t m = NAME##_part(v, n);                                                      \
      NAME##_intro(v + m, n - m, depth);                                                 \
      n = m;                                                                             \
    }                                                                                    \
    for (size_t i = 1; i < n; i++) {                                                     \
      feat x = v[i];                                                                     \
      size_t j = i;                                                                      \
      for (; j > 0 && BEFORE(x, v[j - 1]); j--) v[j] = v[j - 1];                         \
      v[j] = x;                                                                          \
    }                                                                                    \
  }                                                                                      \
  static inline int NAME##_depth(size_t n) {                                                    \
    int d = 0;                                                                           \
    while (n >>= 1) d += 2;                                                              \
    return d;                                                                            \
  }                                                                                      \
  static inline void NAME(feat *v, size_t n) {                                                  \
    if (n > 1) NAME##_intro(v, n, NAME##_depth(n));                                      \
  }                                                                                      \
  /* the k first (in this order) to v[0..k), sorted; the rest unordered */               \
  static inline void NAME##_top(feat *v, size_t n, size_t k) {                                  \
    size_t lo = 0, hi = n; /* v[0..lo) all come before v[lo..hi), which holds v[k] */    \
    int depth = NAME##_depth(n);                                                         \
    while (hi - lo > 16 && depth-- > 0) {                                                \
      size_t m = lo + NAME##_part(v + lo, hi - lo);                                      \
      if (m == k) lo = hi = k;                                                           \
      else if (m > k) hi = m;                                                            \
      else lo = m;                                                                       \
    }                                                                                    \
    if (lo < hi) NAME(v + lo, hi - lo);                                                  \
    NAME(v, k);                                                                          \
  }
DEFINE_FEAT_SORT(sort_by_weight, W_BEFORE)
DEFINE_FEAT_SORT(sort_by_id, ID_BEFORE)

typedef struct {
  char *s;       /* stem, or "@" + entity key */
  uint32_t len; /* of s */
  char *surface; /* first surface form seen */
  uint32_t df;
  uint32_t saved_df; /* df when last taken as dirty (or loaded) */
  uint32_t bg;       /* of df, background articles (HD_COUNT_ONLY) */
  uint32_t *post; /* stories, oldest first */
  uint32_t n_post, cap_post;
  uint32_t stamp; /* doc counter when last counted in the current doc */
  uint32_t pos;   /* its slot in the current doc's tf array */
  uint8_t dirty;
  uint8_t kind; /* TERM_WORD, TERM_NUMBER, ... (from its text) */
  int32_t vec;  /* its word vector's row (embed.h), -1 none */
} term;

/* What a term is, for the per-channel similarities of the learned join
 * decision: numbers mentioned and months/years mentioned get their own
 * cosines (the jobs report of one month against another's). */
enum { TERM_WORD, TERM_PAIR, TERM_ENTITY, TERM_NUMBER, TERM_MONTH, TERM_CLASS };

typedef struct {
  uint32_t parent, thread, n_docs;
  int64_t first, last;
  feat *terms;
  uint32_t n_terms;
  feat *ents;
  uint32_t n_ents;
  feat *titles; /* sum of the members' title vectors */
  uint32_t n_titles, n_titled; /* its length; members with a title */
  uint8_t dirty;
  uint32_t stamp; /* candidate gathering */
  float acc;
  /* squared norms of its number and month/year terms, kept with `terms`
   * (story_norms) so that scoring a candidate reads no term records */
  double num2, month2;
  double ss; /* squared norm of `terms` (its cohesion, cohesion_of) */
  float *dense; /* sum of the members' unit dense vectors (NULL: none yet) */
  uint32_t n_dense; /* members with a dense vector */
} story;

/* A term table slot: the full 64-bit hash decides equality (a false
 * match needs a 64-bit collision: about 1e-6 for 4M terms). */
typedef struct {
  uint64_t hash;
  uint32_t id1; /* term id + 1, 0 = empty */
} slot;

/* A cache: open addressing on a 64-bit key (a word's hash, or two term
 * ids), value + 1 in the slot's id1 (0 = empty); grown at half full. */
typedef struct {
  slot *t;
  size_t mask, n;
} cache;

struct hd_clusterer {
  hd_cluster_options o;
  struct sb_stemmer *stemmer;
  hd_arena strings; /* every term's text and surface form, freed at once */
  term *terms;
  size_t n_terms, cap_terms;
  slot *table; /* open addressing on the 64-bit hash; id 0 = empty */
  size_t table_mask;
  story *stories;
  size_t n_stories, cap_stories;
  uint64_t n_docs;
  uint64_t n_bg; /* background articles (HD_COUNT_ONLY): their document frequencies count in the idf */
  uint32_t doc_stamp;
  int proxies; /* the current doc's entities are capitalised words */
  int exact_posts; /* posting lists are loaded with the terms, not rebuilt */
  int loading;     /* in hd_cluster_load_*: nothing becomes dirty */
  int in_title; /* add_words is reading the title */
  /* scratch for the current doc */
  feat *tf, *ef, *tv; /* terms, entities, title terms */
  size_t n_tf, cap_tf, n_ef, cap_ef, n_tv, cap_tv;
  int tv_figures; /* the doc's title terms hold a figure (is_figure, any kind): else no title clash */
  feat *merge; /* add_into's sum */
  size_t cap_merge;
  uint32_t *cands;
  size_t n_cands, cap_cands;
  double doc_num_norm, doc_month_norm; /* |numbers|, |months and years| of the current doc */
  hd_embed *embed; /* word vectors, or NULL: no dense channel */
  uint32_t dim;    /* their dimension */
  float *dv;       /* the current doc's unit dense vector (dim) */
  int has_dv;      /* ... when some of its terms have vectors */
  double doc_echo; /* earlier articles that share its rare terms (doc_echo) */
  /* the current doc's term weights by term id (0: not in the doc), set
   * for the candidate scoring and cleared after it (cap_tfw entries) */
  float *tfw;
  size_t cap_tfw;
  /* caches in front of the term table (see add_words): a lower-cased
   * word -> its stem's term id; a pair of term ids -> their pair term */
  cache words, pairs;
  /* word -> cluster bits (data/clusters.txt), lower-cased words */
  slot *wc_table;
  size_t wc_mask;
  uint16_t *wc_bits;
  size_t n_wc, cap_wc;
  /* ids changed since the last hd_cluster_take_dirty */
  uint32_t *dirty_terms, *dirty_stories;
  size_t n_dirty_terms, cap_dirty_terms, n_dirty_stories, cap_dirty_stories;
};

void hd_cluster_defaults(hd_cluster_options *o) {
  o->threshold = 0.12;
  o->merge_threshold = 0.25;
  o->thread_threshold = 0.5;
  o->entity_weight = 0.05;
  o->proxy_weight = 0;
  o->decay_days = 30;
  o->decay_grace = 3;
  o->decay_floor = 0.6;
  o->size_penalty = 0.055;
  o->dated_size_penalty = 0.03;
  o->bigram_weight = 0.5;
  o->title_weight = 2;
  o->lead_weight = 1.15;
  o->lead_sentences = 1;
  o->specific_weight = 1;
  o->numbers = 1;
  o->cohesion_full = 0;
  o->word_clusters = NULL;
  o->vectors = NULL;
  o->dense_weight = 0;
  o->dense_pivot = 0.85;
  o->word_cluster_weight = 0;
  o->word_cluster_bits = 8;
  o->model = NULL;
  o->number_weight = 0;
  o->month_weight = 0;
  o->number_pivot = 0.2;
  o->month_veto = 0;
  o->title_clash_veto = 0.15;
  o->hand_join = 0.18;
  o->title_month_veto = 1;
  o->number_veto = 0;
  o->model_threshold = -1;
  o->on_pair = NULL;
  o->pair_ud = NULL;
  o->idf_power = 1;
  o->title_channel = 0;
  o->feature_log = NULL;
  o->max_terms = 4000000;
  o->doc_terms = 100;
  o->story_terms = 600;
  o->query_terms = 32;
  o->query_max_df = 0.02;
  o->background = NULL;
  o->max_candidates = 48;
  o->posting_cap = 64;
}

static void table_put(slot *table, size_t mask, uint64_t h, uint32_t id);

/* Loads "word TAB bits ..." lines: each lower-cased word (its most
 * frequent casing, the file's first) maps to its first word_cluster_bits
 * bits. Returns 0, or -1 if the file cannot be read. O(lines). */
static int load_word_clusters(hd_clusterer *c, const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) return -1;
  c->wc_mask = (1u << 17) - 1;
  c->wc_table = hd_xcalloc(c->wc_mask + 1, sizeof *c->wc_table);
  char line[512];
  int bits = c->o.word_cluster_bits > 0 && c->o.word_cluster_bits < 16 ? c->o.word_cluster_bits : 8;
  while (fgets(line, sizeof line, f)) {
    if (line[0] == '#') continue;
    char *tab = strchr(line, '\t');
    if (!tab || tab == line) continue;
    hd_words it;
    hd_word w;
    hd_words_init(&it, line, (size_t)(tab - line));
    if (!hd_words_next(&it, &w) || w.end != (size_t)(tab - line)) continue; /* one word only */
    uint16_t v = 1; /* a leading 1 keeps prefixes of different lengths apart */
    const char *b = tab + 1;
    for (int i = 0; i < bits && (b[i] == '0' || b[i] == '1'); i++) v = (uint16_t)(v * 2 + (b[i] == '1'));
    if ((c->n_wc + 1) * 2 > c->wc_mask + 1) break; /* table full: keep the most frequent */
    uint64_t h = XXH3_64bits(w.w, w.len);
    size_t i = (size_t)h & c->wc_mask;
    int seen = 0;
    for (; c->wc_table[i].id1; i = (i + 1) & c->wc_mask)
      if (c->wc_table[i].hash == h) seen = 1;
    if (seen) continue;
    HD_VEC_PUSH(c->wc_bits, c->n_wc, c->cap_wc, v);
    table_put(c->wc_table, c->wc_mask, h, (uint32_t)(c->n_wc - 1));
  }
  fclose(f);
  return 0;
}

/* The cluster of a lower-cased word, or 0. */
static uint16_t word_cluster(const hd_clusterer *c, const char *w, size_t n) {
  if (!c->wc_table) return 0;
  uint64_t h = XXH3_64bits(w, n);
  for (size_t i = (size_t)h & c->wc_mask; c->wc_table[i].id1; i = (i + 1) & c->wc_mask)
    if (c->wc_table[i].hash == h) return c->wc_bits[c->wc_table[i].id1 - 1];
  return 0;
}

hd_clusterer *hd_clusterer_new(const hd_cluster_options *o) {
  hd_clusterer *c = hd_xcalloc(1, sizeof *c);
  if (o) c->o = *o;
  else hd_cluster_defaults(&c->o);
  c->stemmer = sb_stemmer_new("english", "UTF_8");
  hd_arena_init(&c->strings, SIZE_MAX / 2); /* corpus-lifetime: bounded by the vocabulary */
  c->table_mask = 4095;
  c->table = hd_xcalloc(c->table_mask + 1, sizeof *c->table);
  if (!c->o.background) c->o.background = c->o.model; /* the frequencies the model was trained with */
  c->n_bg = c->o.background ? c->o.background->bg_docs : 0;
  if (c->o.word_clusters && c->o.word_cluster_weight > 0 && load_word_clusters(c, c->o.word_clusters) != 0)
    fprintf(stderr, "herald: cannot read word clusters %s; clustering without them\n", c->o.word_clusters);
  if (c->o.vectors) {
    hd_err err = {0};
    if (!(c->embed = hd_embed_load(c->o.vectors, &err)))
      fprintf(stderr, "herald: %s: %s; clustering without the dense channel\n", c->o.vectors, err.msg);
    else {
      c->dim = hd_embed_dim(c->embed);
      c->dv = hd_xcalloc(c->dim, sizeof *c->dv);
    }
  }
  return c;
}

void hd_clusterer_free(hd_clusterer *c) {
  if (!c) return;
  for (size_t i = 0; i < c->n_terms; i++) {
    free(c->terms[i].post);
  }
  for (size_t i = 0; i < c->n_stories; i++) {
    free(c->stories[i].terms);
    free(c->stories[i].ents);
    free(c->stories[i].titles);
    free(c->stories[i].dense);
  }
  hd_embed_free(c->embed);
  free(c->dv);
  hd_arena_free(&c->strings);
  free(c->terms);
  free(c->table);
  free(c->stories);
  free(c->tf);
  free(c->ef);
  free(c->tv);
  free(c->tfw);
  free(c->merge);
  free(c->cands);
  free(c->dirty_terms);
  free(c->dirty_stories);
  free(c->wc_table);
  free(c->wc_bits);
  free(c->words.t);
  free(c->pairs.t);
  if (c->stemmer) sb_stemmer_delete(c->stemmer);
  free(c);
}

/* A term is saved whenever its df or its posting list changed, so that a
 * reopened store holds exactly the clusterer that was in memory at the
 * last commit (a resumed ingest then gives the stories of one pass). */
static void mark_term(hd_clusterer *c, uint32_t id) {
  term *t = &c->terms[id];
  if (t->dirty || c->loading) return;
  c->terms[id].dirty = 1;
  HD_VEC_PUSH(c->dirty_terms, c->n_dirty_terms, c->cap_dirty_terms, id);
}

static void mark_story(hd_clusterer *c, uint32_t id) {
  if (c->stories[id].dirty) return;
  c->stories[id].dirty = 1;
  HD_VEC_PUSH(c->dirty_stories, c->n_dirty_stories, c->cap_dirty_stories, id);
}

/* ---- term dictionary ---- */

static void table_put(slot *table, size_t mask, uint64_t h, uint32_t id) {
  size_t i = (size_t)h & mask;
  while (table[i].id1) i = (i + 1) & mask;
  table[i].hash = h;
  table[i].id1 = id + 1u;
}

static void grow_table(hd_clusterer *c) {
  size_t cap = (c->table_mask + 1) * 2;
  slot *t = hd_xcalloc(cap, sizeof *t);
  for (size_t i = 0; i <= c->table_mask; i++)
    if (c->table[i].id1) table_put(t, cap - 1, c->table[i].hash, c->table[i].id1 - 1);
  free(c->table);
  c->table = t;
  c->table_mask = cap - 1;
}

/* The id of `s` (length n), creating it with `surface` if new (or
 * UINT32_MAX if new and `create` is 0). */
/* A copy of s[0..n) in the clusterer's string arena (one chunk holds
 * thousands of terms, so a new term costs no heap allocation). */
static char *term_string(hd_clusterer *c, const char *s, size_t n) {
  char *p = hd_arena_strndup(&c->strings, s, n);
  if (!p) {
    fputs("herald: out of memory (cluster terms)\n", stderr);
    abort();
  }
  return p;
}

static int has_letter(const char *w, size_t n);

/* A term's kind from its text: "@key" an entity, "a b" a word pair,
 * "~x" a word class, digits a number (a year 1800-2199 counts as a
 * date, with the month names' stems, data/lexicons/cluster_month_stems.txt). */
static uint8_t term_kind(const char *s, size_t n) {
  if (n && s[0] == '@') return TERM_ENTITY;
  if (n && s[0] == '~') return TERM_CLASS;
  if (memchr(s, ' ', n)) return TERM_PAIR;
  if (!has_letter(s, n)) {
    if (n == 4 && (s[0] == '1' || s[0] == '2') && s[1] >= (s[0] == '1' ? '8' : '0') && s[1] <= (s[0] == '1' ? '9' : '1'))
      return TERM_MONTH;
    return TERM_NUMBER;
  }
  return hd_lex_has(HD_LEX_CLUSTER_MONTH_STEMS, s, n) ? TERM_MONTH : TERM_WORD;
}

static uint32_t lookup(hd_clusterer *c, const char *s, size_t n, const char *surface, int create) {
  uint64_t h = XXH3_64bits(s, n);
  for (size_t i = (size_t)h & c->table_mask; c->table[i].id1; i = (i + 1) & c->table_mask)
    if (c->table[i].hash == h) return c->table[i].id1 - 1;
  if (!create) return UINT32_MAX;
  if ((c->n_terms + 1) * 2 > c->table_mask + 1) grow_table(c);
  term t = {0};
  t.s = term_string(c, s, n);
  t.len = (uint32_t)n;
  t.surface = surface ? term_string(c, surface, strlen(surface)) : t.s;
  t.stamp = UINT32_MAX;
  t.kind = term_kind(s, n);
  t.bg = hd_story_model_bg_df(c->o.background, s, n);
  t.vec = c->embed && t.kind == TERM_WORD ? hd_embed_find(c->embed, s, n) : -1;
  HD_VEC_PUSH(c->terms, c->n_terms, c->cap_terms, t);
  uint32_t id = (uint32_t)(c->n_terms - 1);
  table_put(c->table, c->table_mask, h, id);
  return id;
}

static uint32_t intern(hd_clusterer *c, const char *s, size_t n, const char *surface) {
  return lookup(c, s, n, surface, 1);
}

/* ---- vectorising one article ---- */

static void count_feature(hd_clusterer *c, feat **v, size_t *n, size_t *cap, uint32_t id, float w) {
  term *t = &c->terms[id];
  if (t->stamp == c->doc_stamp) {
    (*v)[t->pos].w += w;
    return;
  }
  t->stamp = c->doc_stamp;
  t->pos = (uint32_t)*n;
  feat f = {id, w};
  HD_VEC_PUSH(*v, *n, *cap, f);
}

/* A title word: titles are short, so a linear scan dedupes. */
static void add_title_term(hd_clusterer *c, uint32_t id) {
  for (size_t i = 0; i < c->n_tv; i++)
    if (c->tv[i].id == id) {
      c->tv[i].w += 1;
      return;
    }
  if (c->n_tv >= 64) return;
  feat f = {id, 1};
  HD_VEC_PUSH(c->tv, c->n_tv, c->cap_tv, f);
}

static int has_letter(const char *w, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!((w[i] >= '0' && w[i] <= '9') || w[i] == '.' || w[i] == '-' || w[i] == '\'')) return 1;
  return 0;
}

static inline size_t cache_home(uint64_t key, size_t mask) { return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 20) & mask; }

/* The value under key, or UINT32_MAX. */
static inline uint32_t cache_get(const cache *m, uint64_t key) {
  if (!m->t) return UINT32_MAX;
  for (size_t i = cache_home(key, m->mask); m->t[i].id1; i = (i + 1) & m->mask)
    if (m->t[i].hash == key) return m->t[i].id1 - 1;
  return UINT32_MAX;
}

static void cache_put(cache *m, uint64_t key, uint32_t value) {
  if ((m->n + 1) * 2 > (m->t ? m->mask + 1 : 0)) {
    size_t cap = m->t ? (m->mask + 1) * 2 : 4096;
    slot *t = hd_xcalloc(cap, sizeof *t);
    for (size_t i = 0; m->t && i <= m->mask; i++)
      if (m->t[i].id1) {
        size_t j = cache_home(m->t[i].hash, cap - 1);
        while (t[j].id1) j = (j + 1) & (cap - 1);
        t[j] = m->t[i];
      }
    free(m->t);
    m->t = t;
    m->mask = cap - 1;
  }
  size_t i = cache_home(key, m->mask);
  while (m->t[i].id1) i = (i + 1) & m->mask;
  m->t[i].hash = key;
  m->t[i].id1 = value + 1;
  m->n++;
}

/* What a lower-cased word is to the term vectors: WORD_SKIP (too short, a
 * stop word, a number when numbers are off), else its stem's term id,
 * with WORD_NUMBER set for a number. Cached per word: a word seen before
 * costs one hash and one probe instead of the stop-word test, the stemmer
 * and the term table (identical ids: the cache only remembers them). */
#define WORD_SKIP 0x7fffffffu
#define WORD_NUMBER 0x80000000u
static uint32_t word_term(hd_clusterer *c, const hd_word *w) {
  uint64_t h = XXH3_64bits(w->w, w->len);
  uint32_t v = cache_get(&c->words, h);
  if (v != UINT32_MAX) return v;
  int number = !has_letter(w->w, w->len);
  if (w->len < 2 || (number && !c->o.numbers) || hd_is_stopword(w->w, w->len)) v = WORD_SKIP;
  else {
    const sb_symbol *st = sb_stemmer_stem(c->stemmer, (const sb_symbol *)w->w, (int)w->len);
    size_t sl = st ? (size_t)sb_stemmer_length(c->stemmer) : 0;
    if (!st || sl == 0) {
      st = (const sb_symbol *)w->w;
      sl = w->len;
    }
    v = intern(c, (const char *)st, sl, w->w) | (number ? WORD_NUMBER : 0);
  }
  cache_put(&c->words, h, v);
  return v;
}

/* The term of the pair "stem(a) stem(b)" (surface "a b"), created while
 * the dictionary has room, else UINT32_MAX. Cached per pair of ids (a
 * pair absent once the dictionary is full stays absent). */
static uint32_t pair_term(hd_clusterer *c, uint32_t a, uint32_t b, const char *surface) {
  uint64_t key = (uint64_t)a << 32 | b;
  uint32_t v = cache_get(&c->pairs, key);
  if (v != UINT32_MAX) return v;
  char pair[2 * HD_WORD_MAX + 8];
  const term *x = &c->terms[a], *y = &c->terms[b];
  memcpy(pair, x->s, x->len);
  pair[x->len] = ' ';
  memcpy(pair + x->len + 1, y->s, y->len);
  v = lookup(c, pair, x->len + 1 + y->len, surface, c->n_terms < (size_t)c->o.max_terms);
  if (v != UINT32_MAX) cache_put(&c->pairs, key, v);
  return v;
}

/* The next word: from the list read ahead when there is one, else from
 * the text (the same words either way). */
static int next_word(hd_words *it, const hd_cluster_words *ahead, size_t *k, hd_word *w) {
  if (!ahead) return hd_words_next(it, w);
  if (*k >= ahead->n) return 0;
  *w = ahead->w[(*k)++];
  return 1;
}

/* `lead`: the first `lead` sentences of text count lead_weight times
 * (news leads carry the event); 0 for the title. `ahead`: text's words
 * tokenised ahead (cluster_words.h), or NULL. */
static void add_words(hd_clusterer *c, const char *text, size_t len, const hd_cluster_words *ahead, float weight,
                      int proxy_entities, int lead) {
  hd_words it;
  hd_word w;
  size_t k = 0;
  char key[HD_WORD_MAX + 8];
  char prev_surface[2 * HD_WORD_MAX + 8];
  size_t prev_slen = 0;
  uint32_t prev_id = UINT32_MAX; /* the previous content word's term */
  int sentence = -1;
  float base = weight;
  if (!ahead) hd_words_init(&it, text, len);
  while (next_word(&it, ahead, &k, &w)) {
    if (w.sentence_initial || sentence < 0) {
      sentence++;
      base = lead && sentence < lead ? weight * (float)c->o.lead_weight : weight;
    }
    uint32_t v = word_term(c, &w);
    if (w.sentence_initial) prev_id = UINT32_MAX;
    if (v == WORD_SKIP) continue;
    int number = (v & WORD_NUMBER) != 0;
    uint32_t id = v & ~WORD_NUMBER;
    weight = (w.capital || number) ? base * (float)c->o.specific_weight : base;
    count_feature(c, &c->tf, &c->n_tf, &c->cap_tf, id, weight);
    if (c->in_title) add_title_term(c, id);
    uint16_t wc = word_cluster(c, w.w, w.len);
    if (wc) { /* the word's class: joins synonyms ("quake", "tremor") */
      char ck[8];
      int cl = snprintf(ck, sizeof ck, "~%x", (unsigned)wc);
      uint32_t cid = intern(c, ck, (size_t)cl, ck);
      count_feature(c, &c->tf, &c->n_tf, &c->cap_tf, cid, weight * (float)c->o.word_cluster_weight);
    }
    if (c->o.bigram_weight > 0) { /* consecutive content words: "state union" */
      if (prev_id != UINT32_MAX) {
        prev_surface[prev_slen] = ' ';
        memcpy(prev_surface + prev_slen + 1, w.w, w.len);
        prev_surface[prev_slen + 1 + w.len] = 0;
        uint32_t bid = pair_term(c, prev_id, id, prev_surface);
        if (bid != UINT32_MAX) count_feature(c, &c->tf, &c->n_tf, &c->cap_tf, bid, weight * (float)c->o.bigram_weight);
      }
      prev_id = id;
      memcpy(prev_surface, w.w, w.len);
      prev_slen = w.len;
    }
    if (proxy_entities && w.capital) {
      size_t kl = w.len, sl2 = strlen(w.surface);
      if (kl > 3 && w.w[kl - 2] == '\'' && w.w[kl - 1] == 's') kl -= 2; /* City's -> city */
      char surface[HD_WORD_MAX + 8];
      memcpy(surface, w.surface, sl2 + 1);
      if (kl < w.len && sl2 > 2) { /* drop 's or ’s from the surface too */
        size_t cut = surface[sl2 - 2] == '\'' ? sl2 - 2 : sl2 >= 4 ? sl2 - 4 : sl2;
        surface[cut] = 0;
      }
      key[0] = '@';
      memcpy(key + 1, w.w, kl);
      uint32_t eid = intern(c, key, kl + 1, surface);
      count_feature(c, &c->ef, &c->n_ef, &c->cap_ef, eid, weight);
    }
  }
}

static void add_entities(hd_clusterer *c, const hd_cluster_doc *d) {
  hd_buf k;
  hd_buf_init(&k, 0);
  for (size_t i = 0; i < d->n_entities; i++) {
    if (!d->entities[i].key || !d->entities[i].key[0]) continue;
    hd_buf_clear(&k);
    hd_buf_putc(&k, '@');
    hd_buf_puts(&k, d->entities[i].key);
    uint32_t id = intern(c, k.ptr, k.len, d->entities[i].name);
    count_feature(c, &c->ef, &c->n_ef, &c->cap_ef, id, 1.0f);
  }
  hd_buf_free(&k);
}

/* tf -> (1 + log tf) * idf, keeps the `keep` heaviest, L2-normalises,
 * and leaves the vector sorted by weight (heaviest first). */
static void weigh(hd_clusterer *c, feat *v, size_t *n, int keep) {
  double N = (double)(c->n_docs + c->n_bg) + 1;
  for (size_t i = 0; i < *n; i++) {
    double idf = log((N + 1) / ((double)c->terms[v[i].id].df + c->terms[v[i].id].bg + 0.5));
    if (idf < 0.05) idf = 0.05;
    v[i].w = (float)((1 + log(v[i].w)) * (c->o.idf_power == 1 ? idf : pow(idf, c->o.idf_power)));
  }
  if (keep > 0 && *n > (size_t)keep) {
    sort_by_weight_top(v, *n, (size_t)keep);
    *n = (size_t)keep;
  } else sort_by_weight(v, *n);
  double s = 0;
  for (size_t i = 0; i < *n; i++) s += (double)v[i].w * v[i].w;
  s = s > 0 ? 1 / sqrt(s) : 0;
  for (size_t i = 0; i < *n; i++) v[i].w = (float)(v[i].w * s);
}

/* The current doc's dense vector: the tf-idf weighted sum of its kept
 * word terms' vectors, unit length (c->has_dv = 0 when none has one).
 * O(doc terms * dim). */
static void doc_dense(hd_clusterer *c) {
  c->has_dv = 0;
  if (!c->embed) return;
  memset(c->dv, 0, c->dim * sizeof *c->dv);
  for (size_t i = 0; i < c->n_tf; i++) {
    int32_t r = c->terms[c->tf[i].id].vec;
    if (r < 0) continue;
    const float *v = hd_embed_row(c->embed, r);
    float w = c->tf[i].w;
    for (uint32_t k = 0; k < c->dim; k++) c->dv[k] += w * v[k];
    c->has_dv = 1;
  }
  double ss = 0;
  for (uint32_t k = 0; k < c->dim; k++) ss += (double)c->dv[k] * c->dv[k];
  if (ss <= 0) {
    c->has_dv = 0;
    return;
  }
  float inv = (float)(1 / sqrt(ss));
  for (uint32_t k = 0; k < c->dim; k++) c->dv[k] *= inv;
}

/* How many earlier articles echo this one: the median, over its query
 * terms (its heaviest rare terms), of their document frequency before
 * it. Running document frequencies do not depend on how the clusterer
 * split the stream, so this is a story-size prior from the stream itself
 * that cannot feed back on the clusterer's own decisions (about 2 for
 * the third article of a three-outlet story, 10 for a late article of a
 * 20-article event). O(Q^2), Q <= 256 query terms (32 by default). */
static double doc_echo(const hd_clusterer *c, const feat *q, size_t nq) {
  if (!nq) return 0;
  uint32_t d[256];
  for (size_t i = 0; i < nq; i++) d[i] = c->terms[q[i].id].df - 1;
  for (size_t i = 1; i < nq; i++) /* insertion sort: nq <= 256 */
    for (size_t j = i; j > 0 && d[j] < d[j - 1]; j--) {
      uint32_t t = d[j];
      d[j] = d[j - 1], d[j - 1] = t;
    }
  return d[nq / 2];
}

/* Whether a term is rare enough to single out a story: in at most
 * query_max_df of the articles (at least 20), the background's with the
 * stream's. */
static int is_rare(const hd_clusterer *c, const term *t) {
  double max_df = c->o.query_max_df * (double)(c->n_docs + c->n_bg);
  if (max_df < 20) max_df = 20;
  return (double)t->df + t->bg <= max_df;
}

/* ---- sparse vector algebra ---- */

static double dot(const feat *a, size_t na, const feat *b, size_t nb) {
  double s = 0;
  size_t i = 0, j = 0;
  while (i < na && j < nb) {
    if (a[i].id < b[j].id) i++;
    else if (a[i].id > b[j].id) j++;
    else s += (double)a[i++].w * b[j++].w;
  }
  return s;
}

/* *dst += src (both sorted by id), then keeps the `keep` heaviest. The
 * sum is formed in the clusterer's scratch and copied back, so *dst is
 * resized in place (a story's vectors soon stay at their cap) instead of
 * a new block per call: malloc's consolidation was 1-2% of ingest. */
static void add_into(hd_clusterer *c, feat **dst, uint32_t *nd, const feat *src, size_t ns, int keep) {
  if (*nd + ns > c->cap_merge) {
    free(c->merge);
    c->cap_merge = (*nd + ns) * 2;
    c->merge = hd_xmalloc(c->cap_merge * sizeof *c->merge);
  }
  feat *out = c->merge;
  size_t i = 0, j = 0, k = 0;
  const feat *a = *dst;
  while (i < *nd || j < ns) {
    if (j >= ns || (i < *nd && a[i].id < src[j].id)) out[k++] = a[i++];
    else if (i >= *nd || src[j].id < a[i].id) out[k++] = src[j++];
    else {
      out[k] = a[i++];
      out[k++].w += src[j++].w;
    }
  }
  if (keep > 0 && k > (size_t)keep) {
    sort_by_weight_top(out, k, (size_t)keep);
    k = (size_t)keep;
    sort_by_id(out, k);
  }
  if (k != *nd || !*dst) *dst = hd_xrealloc(*dst, (k ? k : 1) * sizeof **dst);
  copy_bytes(*dst, out, k * sizeof *out);
  *nd = (uint32_t)k;
}

/* ---- stories ---- */

uint32_t hd_cluster_find(hd_clusterer *c, uint32_t s) {
  uint32_t r = s;
  while (c->stories[r].parent != r) r = c->stories[r].parent;
  while (c->stories[s].parent != r) { /* path compression */
    uint32_t next = c->stories[s].parent;
    c->stories[s].parent = r;
    s = next;
  }
  return r;
}

size_t hd_cluster_n_stories(const hd_clusterer *c) { return c->n_stories; }
uint32_t hd_cluster_story_size(const hd_clusterer *c, uint32_t s) { return c->stories[s].n_docs; }
uint32_t hd_cluster_story_days(const hd_clusterer *c, uint32_t s, int64_t *first, int64_t *last) {
  *first = c->stories[s].first;
  *last = c->stories[s].last;
  return c->stories[s].n_docs;
}
uint32_t hd_cluster_story_thread(hd_clusterer *c, uint32_t s) {
  uint32_t t = c->stories[s].thread;
  return hd_cluster_find(c, t);
}

static uint32_t new_story(hd_clusterer *c) {
  story s = {0};
  s.parent = s.thread = (uint32_t)c->n_stories;
  s.first = s.last = HD_NO_DAY;
  s.stamp = UINT32_MAX;
  HD_VEC_PUSH(c->stories, c->n_stories, c->cap_stories, s);
  return (uint32_t)(c->n_stories - 1);
}

static void post(hd_clusterer *c, uint32_t term_id, uint32_t s) {
  term *t = &c->terms[term_id];
  if (t->n_post && t->post[t->n_post - 1] == s) return;
  uint32_t cap = (uint32_t)(c->o.posting_cap > 8 ? c->o.posting_cap : 8);
  if (t->n_post >= cap) { /* drop the oldest half */
    uint32_t keep = cap / 2;
    memmove(t->post, t->post + (t->n_post - keep), keep * sizeof *t->post);
    t->n_post = keep;
  }
  if (t->n_post >= t->cap_post) {
    t->cap_post = t->cap_post ? t->cap_post * 2 : 4;
    if (t->cap_post > cap) t->cap_post = cap;
    t->post = hd_xrealloc(t->post, t->cap_post * sizeof *t->post);
  }
  t->post[t->n_post++] = s;
  mark_term(c, term_id);
}

static int contains(const feat *v, uint32_t n, uint32_t id) {
  uint32_t lo = 0, hi = n;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (v[mid].id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo < n && v[lo].id == id;
}

/* Recomputes a story's number and month norms after its terms changed
 * (the same sums, in the same order, as reading them at each scoring). */
static void story_norms(const hd_clusterer *c, story *s) {
  double num = 0, month = 0, ss = 0;
  for (uint32_t k = 0; k < s->n_terms; k++) {
    uint8_t kind = c->terms[s->terms[k].id].kind;
    double w2 = (double)s->terms[k].w * s->terms[k].w;
    ss += w2;
    if (kind == TERM_NUMBER) num += w2;
    else if (kind == TERM_MONTH) month += w2;
  }
  s->num2 = num;
  s->month2 = month;
  s->ss = ss;
}

/* A story's cohesion: the mean cosine between two of its members, from
 * the sum S of n unit vectors, |S|^2 = n + 2 * sum_{i<j} d_i.d_j
 * (approximate once S is pruned); 0 for one member. O(1). */
static double cohesion_of(const story *s) {
  if (s->n_docs < 2) return 0;
  double n = (double)s->n_docs, coh = (s->ss - n) / (n * (n - 1));
  return coh > 0 ? coh : 0;
}

/* Adds doc vectors (sorted by id) to story s; posts new features. */
static void story_absorb(hd_clusterer *c, uint32_t s, const feat *tv, size_t nt, const feat *ev, size_t ne,
                         size_t n_query_terms, const feat *qv, int64_t day) {
  story *st = &c->stories[s];
  for (size_t i = 0; i < n_query_terms; i++)
    if (!contains(st->terms, st->n_terms, qv[i].id)) post(c, qv[i].id, s);
  for (size_t i = 0; i < ne; i++)
    if (!contains(st->ents, st->n_ents, ev[i].id)) post(c, ev[i].id, s);
  add_into(c, &st->terms, &st->n_terms, tv, nt, c->o.story_terms);
  story_norms(c, st);
  add_into(c, &st->ents, &st->n_ents, ev, ne, c->o.story_terms / 3);
  if (c->n_tv) {
    add_into(c, &st->titles, &st->n_titles, c->tv, c->n_tv, 40);
    st->n_titled++;
  }
  st->n_docs++;
  if (c->has_dv) {
    if (!st->dense) st->dense = hd_xcalloc(c->dim, sizeof *st->dense);
    for (uint32_t k = 0; k < c->dim; k++) st->dense[k] += c->dv[k];
    st->n_dense++;
  }
  if (day != HD_NO_DAY) {
    if (st->first == HD_NO_DAY || day < st->first) st->first = day;
    if (st->last == HD_NO_DAY || day > st->last) st->last = day;
  }
  mark_story(c, s);
}

static double decay(const hd_clusterer *c, const story *s, int64_t day) {
  if (day == HD_NO_DAY || s->last == HD_NO_DAY) return 1;
  int64_t dt = day > s->last ? day - s->last : (day < s->first ? s->first - day : 0);
  double x = (double)dt - c->o.decay_grace;
  if (x <= 0) return 1;
  double f = exp(-x / (c->o.decay_days > 0 ? c->o.decay_days : 30));
  return c->o.decay_floor + (1 - c->o.decay_floor) * f;
}

typedef struct {
  uint32_t story;
  double score, ent;
  double hand; /* the hand-set score (thread links and merges use it) */
} scored;

static int by_acc_desc(const void *a, const void *b, const hd_clusterer *c) {
  float x = c->stories[*(const uint32_t *)a].acc, y = c->stories[*(const uint32_t *)b].acc;
  if (x != y) return x < y ? 1 : -1;
  uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
  return (i < j) - (i > j); /* newer first */
}

/* Candidate stories: those posted under the query features, ranked by
 * the summed weight of the features they share with the doc. */
static void gather(hd_clusterer *c, const feat *q, size_t nq, const feat *ev, size_t ne) {
  c->n_cands = 0;
  for (size_t pass = 0; pass < 2; pass++) {
    const feat *v = pass ? ev : q;
    size_t n = pass ? ne : nq;
    for (size_t i = 0; i < n; i++) {
      term *t = &c->terms[v[i].id];
      for (uint32_t k = 0; k < t->n_post; k++) {
        uint32_t s = hd_cluster_find(c, t->post[k]);
        story *st = &c->stories[s];
        if (st->stamp != c->doc_stamp) {
          st->stamp = c->doc_stamp;
          st->acc = 0;
          HD_VEC_PUSH(c->cands, c->n_cands, c->cap_cands, s);
        }
        st->acc += v[i].w;
      }
    }
  }
  /* keep the max_candidates best (insertion into a short sorted prefix) */
  size_t k = (size_t)c->o.max_candidates, kept = 0;
  for (size_t i = 0; i < c->n_cands; i++) {
    uint32_t s = c->cands[i];
    if (kept == k && by_acc_desc(&s, &c->cands[kept - 1], c) >= 0) continue;
    size_t j = kept < k ? kept++ : kept - 1;
    while (j > 0 && by_acc_desc(&s, &c->cands[j - 1], c) < 0) {
      c->cands[j] = c->cands[j - 1];
      j--;
    }
    c->cands[j] = s;
  }
  c->n_cands = kept;
}

/* A story's cohesion: the mean cosine between two of its articles, from
 * the sum vector S of n unit vectors: |S|^2 = n + 2 * sum_{i<j} d_i.d_j
 * (approximate once S is pruned). Returned as a share of
 * cohesion_full (0..1): a tight story (a single event reported many
 * times) is not penalised for its size. O(K). */
static double cohesion_share(const hd_clusterer *c, const story *s) {
  if (c->o.cohesion_full <= 0 || s->n_docs < 2) return 0;
  double ss = 0;
  for (uint32_t i = 0; i < s->n_terms; i++) ss += (double)s->terms[i].w * s->terms[i].w;
  double n = (double)s->n_docs;
  double coh = (ss - n) / (n * (n - 1));
  if (coh <= 0) return 0;
  return coh >= c->o.cohesion_full ? 1 : coh / c->o.cohesion_full;
}

/* The features of one (article, story) pair; `gap` (ct minus the best ct
 * among the article's candidates) is filled in by the caller. */
typedef struct {
  double ct, ce, logn, bi, rare, gap;
  double margin, ct_rel, ce_gap, title_gap; /* against the other candidates (filled in by the caller) */
  double coh; /* the story's cohesion */
  int title_clash, title_match; /* the titles' figures and dates: none shared / some shared */
  int title_month_clash; /* both titles name months or years, and none in common */
  double title; /* mean title cosine to the story's titled members */
  double dense; /* cosine of the dense vectors: the article's and the story's centroid (0 when either has none) */
  double dense_avg; /* the same, average link (mean over the members with one) */
  double echo; /* the article's doc_echo */
  double num, month; /* cosines of the numbers / months and years mentioned */
  int has_num, has_month; /* both sides mention some */
  int has_titles; /* both sides have titles */
  int has_ents; /* both sides have entities */
} pair_feats;

static void title_figures(const hd_clusterer *c, const story *s, pair_feats *f);
static int figures_clash(const hd_clusterer *c, const feat *x, size_t nx, const feat *y, size_t ny, int *match, int months_only);

/* Bit k of the result: the doc weighs term v[k].id (c->tfw non-zero),
 * for k < n <= 64. Which of a story's terms the doc shares, found
 * without a branch per term (the doc holds few of them, at random). */
static uint64_t shared_mask_scalar(const float *tfw, const feat *v, size_t n) {
  uint64_t m = 0;
  for (size_t k = 0; k < n; k++) m |= (uint64_t)(tfw[v[k].id] != 0) << k;
  return m;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
/* The same, eight terms at a time: their ids gathered out of the
 * (id, weight) pairs, the weights gathered by id, compared with 0 as `!=`
 * does (unordered: NaN counts as non-zero). */
__attribute__((target("avx2"))) static uint64_t shared_mask_avx2(const float *tfw, const feat *v, size_t n) {
  uint64_t m = 0;
  size_t k = 0;
  for (; k + 8 <= n; k += 8) {
    __m256 a = _mm256_loadu_ps((const float *)(v + k)), b = _mm256_loadu_ps((const float *)(v + k + 4));
    /* ids 0 1 4 5 | 2 3 6 7, then in order */
    __m256 ids = _mm256_shuffle_ps(a, b, _MM_SHUFFLE(2, 0, 2, 0));
    __m256i idx = _mm256_permute4x64_epi64(_mm256_castps_si256(ids), _MM_SHUFFLE(3, 1, 2, 0));
    __m256 w = _mm256_i32gather_ps(tfw, idx, 4);
    unsigned bits = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(w, _mm256_setzero_ps(), _CMP_NEQ_UQ));
    m |= (uint64_t)bits << k;
  }
  return k < n ? m | shared_mask_scalar(tfw, v + k, n - k) << k : m;
}

static uint64_t shared_mask(const float *tfw, const feat *v, size_t n) {
  return __builtin_cpu_supports("avx2") ? shared_mask_avx2(tfw, v, n) : shared_mask_scalar(tfw, v, n);
}
#else
static uint64_t shared_mask(const float *tfw, const feat *v, size_t n) { return shared_mask_scalar(tfw, v, n); }
#endif

static void pair_features(const hd_clusterer *c, const story *s, const feat *ev, size_t ne, pair_feats *f) {
  /* average link: the mean similarity to the story's articles (member
   * vectors are unit length, so the sum's dot product over n) */
  double n = s->n_docs ? (double)s->n_docs : 1;
  double all = 0, bi = 0, rare = 0, num = 0, month = 0, s_num = s->num2, s_month = s->month2;
  /* the story's terms looked up in the doc's weights by id (c->tfw, set
   * from c->tf by the caller): the same products in the same order as a
   * merge of the two id-sorted lists, without its unpredictable branch */
  for (size_t base = 0; base < s->n_terms; base += 64) {
    size_t nb = s->n_terms - base < 64 ? s->n_terms - base : 64;
    for (uint64_t m = shared_mask(c->tfw, s->terms + base, nb); m; m &= m - 1) { /* in id order, as before */
      size_t j = base + (size_t)__builtin_ctzll(m);
      float w = c->tfw[s->terms[j].id];
      double p = (double)w * s->terms[j].w;
      const term *t = &c->terms[s->terms[j].id];
      all += p;
      if (t->kind == TERM_PAIR) bi += p; /* a word pair (doc terms are words, pairs, classes) */
      if (is_rare(c, t)) rare += p;
      if (t->kind == TERM_NUMBER) num += p;
      else if (t->kind == TERM_MONTH) month += p;
    }
  }
  f->has_num = c->doc_num_norm > 0 && s_num > 0;
  f->num = f->has_num ? num / (c->doc_num_norm * sqrt(s_num)) : 0;
  f->has_month = c->doc_month_norm > 0 && s_month > 0;
  f->month = f->has_month ? month / (c->doc_month_norm * sqrt(s_month)) : 0;
  f->ct = all / n;
  f->bi = bi / n;
  f->rare = rare / n;
  f->has_ents = ne && s->n_ents;
  f->ce = f->has_ents ? dot(ev, ne, s->ents, s->n_ents) / n : 0;
  f->logn = log(n);
  f->gap = f->margin = f->ct_rel = f->ce_gap = f->title_gap = 0;
  f->coh = cohesion_of(s);
  f->has_titles = c->n_tv && s->n_titled;
  f->title = f->has_titles ? dot(c->tv, c->n_tv, s->titles, s->n_titles) / s->n_titled : 0;
  f->dense = f->dense_avg = 0;
  f->echo = c->doc_echo;
  if (c->has_dv && s->dense) {
    double d = 0, ss = 0;
    for (uint32_t k = 0; k < c->dim; k++) d += (double)c->dv[k] * s->dense[k], ss += (double)s->dense[k] * s->dense[k];
    f->dense = ss > 0 ? d / sqrt(ss) : 0;
    f->dense_avg = d / s->n_dense;
  }
  title_figures(c, s, f);
}

/* Whether the article's title and the story's titles state figures or
 * dates (numbers, months, years), and share any: the jobs report of
 * one month against another's ("943,000 jobs in July" against "136,000
 * jobs in September"). O(title terms). */
/* Is term `id` a figure or date for figures_clash? A group of zeros
 * ("943,000" is read as 943 and 000) says nothing; months_only 2: month
 * names only (not years). */
static int is_figure(const hd_clusterer *c, uint32_t id, int months_only) {
  uint8_t kind = c->terms[id].kind;
  return (kind == TERM_MONTH && (months_only < 2 || has_letter(c->terms[id].s, c->terms[id].len))) ||
         (!months_only && kind == TERM_NUMBER && strspn(c->terms[id].s, "0") < c->terms[id].len);
}

static int figures_clash(const hd_clusterer *c, const feat *x, size_t nx, const feat *y, size_t ny, int *match, int months_only) {
  size_t i = 0, j = 0;
  int doc = 0, st = 0, shared = 0;
  while (i < nx || j < ny) {
    uint32_t a = i < nx ? x[i].id : UINT32_MAX, b = j < ny ? y[j].id : UINT32_MAX;
    uint32_t id = a < b ? a : b;
    int fig = is_figure(c, id, months_only);
    if (fig && a == id) doc = 1;
    if (fig && b == id) st = 1;
    if (fig && a == b) shared = 1;
    if (a == id) i++;
    if (b == id) j++;
  }
  if (match) *match = shared;
  return doc && st && !shared;
}

static void title_figures(const hd_clusterer *c, const story *s, pair_feats *f) {
  if (!c->tv_figures) { /* what figures_clash gives then (no doc figure: none shared), without the walk */
    f->title_clash = f->title_match = f->title_month_clash = 0;
    return;
  }
  f->title_clash = figures_clash(c, c->tv, c->n_tv, s->titles, s->n_titles, &f->title_match, 0);
  f->title_month_clash = f->title_clash && figures_clash(c, c->tv, c->n_tv, s->titles, s->n_titles, NULL, 2);
}

/* The learned model's features of a pair (story_model.h). */
static void model_features(const story *s, const pair_feats *f, int64_t day, double *x) {
  int dated = day != HD_NO_DAY && s->last != HD_NO_DAY;
  int64_t dt = !dated ? 0 : day > s->last ? day - s->last : (day < s->first ? s->first - day : 0);
  x[HD_SM_CT] = f->ct;
  x[HD_SM_CE] = f->ce;
  x[HD_SM_TITLE] = f->title;
  x[HD_SM_BI] = f->bi;
  x[HD_SM_RARE] = f->rare;
  x[HD_SM_NUM] = f->num;
  x[HD_SM_HAS_NUM] = f->has_num;
  x[HD_SM_MONTH] = f->month;
  x[HD_SM_HAS_MONTH] = f->has_month;
  x[HD_SM_LOGN] = f->logn;
  x[HD_SM_GAP] = f->gap;
  x[HD_SM_DT] = log1p((double)dt);
  x[HD_SM_DATED] = dated;
  x[HD_SM_CT_LOGN] = f->ct * f->logn;
  x[HD_SM_HAS_ENTS] = f->has_ents;
  x[HD_SM_TOP] = f->gap >= 0;
  x[HD_SM_MARGIN] = f->margin;
  x[HD_SM_CT_REL] = f->ct_rel;
  x[HD_SM_CE_GAP] = f->ce_gap;
  x[HD_SM_TITLE_GAP] = f->title_gap;
  x[HD_SM_COH] = f->coh;
  x[HD_SM_FIT] = f->coh > 0 ? (f->ct / f->coh < 3 ? f->ct / f->coh : 3) : 0;
  x[HD_SM_MULTI] = s->n_docs > 1;
  x[HD_SM_LOGN_MARGIN] = f->logn * f->margin;
  x[HD_SM_LOGN_FIT] = f->logn * (x[HD_SM_FIT] - 1);
  x[HD_SM_LOGN_CE_GAP] = f->logn * f->ce_gap;
  x[HD_SM_ECHO] = log1p(f->echo);
  x[HD_SM_LOGN_ECHO] = f->logn - log1p(f->echo);
}

/* The hand-set join score of a pair: (1-w)*ct + w*ce, times the time
 * decay, minus the size penalty when undated. */
static double hand_score(const hd_clusterer *c, const story *s, const pair_feats *f, int64_t day) {
  double v;
  double a = f->has_ents ? (c->proxies ? c->o.proxy_weight : c->o.entity_weight) : 0;
  v = (1 - a) * f->ct + a * f->ce;
  if (f->has_titles) v += c->o.title_channel * f->title; /* headlines name the event */
  /* the numbers and months both mention: agreeing ones pull together,
   * different ones (another month's jobs report) push apart */
  if (f->has_num) v += c->o.number_weight * (f->num - c->o.number_pivot);
  if (f->has_month) v += c->o.month_weight * (f->month - c->o.number_pivot);
  if (f->dense != 0) v += c->o.dense_weight * (f->dense - c->o.dense_pivot);
  v *= decay(c, s, day);
  /* without dates nothing ages a story, so size alone guards against
   * one story drifting into a catch-all */
  if (day == HD_NO_DAY || s->last == HD_NO_DAY) v -= c->o.size_penalty * f->logn * (1 - cohesion_share(c, s));
  else v -= c->o.dated_size_penalty * f->logn;
  return v;
}

/* The join threshold: the model's (or the caller's override), else the
 * hand score's. */
static double join_threshold(const hd_clusterer *c) {
  if (!c->o.model) return c->o.threshold; /* unused then */
  return c->o.model_threshold >= 0 ? c->o.model_threshold : c->o.model->threshold;
}

static double story_pair_score(const hd_clusterer *c, const story *x, const story *y) {
  /* average link between the two stories' articles */
  double nn = (double)(x->n_docs ? x->n_docs : 1) * (y->n_docs ? y->n_docs : 1);
  double ct = dot(x->terms, x->n_terms, y->terms, y->n_terms) / nn;
  double a = (x->n_ents && y->n_ents) ? (c->proxies ? c->o.proxy_weight : c->o.entity_weight) : 0;
  double ce = a ? dot(x->ents, x->n_ents, y->ents, y->n_ents) / nn : 0;
  double d = 1;
  if (x->last != HD_NO_DAY && y->last != HD_NO_DAY) d = decay(c, x, y->last);
  return ((1 - a) * ct + a * ce) * d;
}

/* Merges story b into a (a survives). */
static void merge(hd_clusterer *c, uint32_t a, uint32_t b) {
  story *x = &c->stories[a], *y = &c->stories[b];
  for (uint32_t i = 0; i < y->n_terms; i++) post(c, y->terms[i].id, a);
  add_into(c, &x->terms, &x->n_terms, y->terms, y->n_terms, c->o.story_terms);
  story_norms(c, x);
  add_into(c, &x->ents, &x->n_ents, y->ents, y->n_ents, c->o.story_terms / 3);
  add_into(c, &x->titles, &x->n_titles, y->titles, y->n_titles, 40);
  x->n_titled += y->n_titled;
  x->n_docs += y->n_docs;
  if (y->dense) {
    if (!x->dense) x->dense = hd_xcalloc(c->dim, sizeof *x->dense);
    for (uint32_t k = 0; k < c->dim; k++) x->dense[k] += y->dense[k];
    x->n_dense += y->n_dense;
    free(y->dense);
    y->dense = NULL;
    y->n_dense = 0;
  }
  if (y->first != HD_NO_DAY && (x->first == HD_NO_DAY || y->first < x->first)) x->first = y->first;
  if (y->last != HD_NO_DAY && (x->last == HD_NO_DAY || y->last > x->last)) x->last = y->last;
  free(y->terms);
  free(y->ents);
  free(y->titles);
  y->terms = y->ents = y->titles = NULL;
  y->n_terms = y->n_ents = y->n_titles = y->n_titled = 0;
  y->num2 = y->month2 = 0;
  y->parent = a;
  mark_story(c, a);
  mark_story(c, b);
}

void hd_cluster_add(hd_clusterer *c, const hd_cluster_doc *d, uint32_t join, hd_cluster_result *r) {
  hd_cluster_add_read(c, d, NULL, NULL, join, r);
}

void hd_cluster_add_read(hd_clusterer *c, const hd_cluster_doc *d, const hd_cluster_words *title_words,
                         const hd_cluster_words *text_words, uint32_t join, hd_cluster_result *r) {
  memset(r, 0, sizeof *r);
  c->doc_stamp++;
  c->n_tf = c->n_ef = 0;
  int proxies = c->proxies = d->n_entities == 0;
  c->n_tv = 0;
  c->in_title = 1; /* title vectors: a channel of the learned decision */
  if (d->title) add_words(c, d->title, strlen(d->title), title_words, (float)c->o.title_weight, proxies, 0);
  c->in_title = 0;
  add_words(c, d->text, d->text_len, text_words, 1.0f, proxies, c->o.lead_sentences);
  if (!proxies) add_entities(c, d);
  /* document frequencies include this doc */
  if (join == HD_COUNT_ONLY) { /* a background article: its document frequencies only */
    c->n_bg++;
    for (size_t i = 0; i < c->n_tf; i++) c->terms[c->tf[i].id].bg++;
    for (size_t i = 0; i < c->n_ef; i++) c->terms[c->ef[i].id].bg++;
    r->story = HD_NO_STORY;
    return;
  }
  c->n_docs++;
  for (size_t i = 0; i < c->n_tf; i++) c->terms[c->tf[i].id].df++, mark_term(c, c->tf[i].id);
  for (size_t i = 0; i < c->n_ef; i++) c->terms[c->ef[i].id].df++, mark_term(c, c->ef[i].id);
  weigh(c, c->tf, &c->n_tf, c->o.doc_terms);
  weigh(c, c->ef, &c->n_ef, 20);
  weigh(c, c->tv, &c->n_tv, 20);
  c->doc_num_norm = c->doc_month_norm = 0;
  for (size_t i = 0; i < c->n_tf; i++) {
    uint8_t kind = c->terms[c->tf[i].id].kind;
    double w2 = (double)c->tf[i].w * c->tf[i].w;
    if (kind == TERM_NUMBER) c->doc_num_norm += w2;
    else if (kind == TERM_MONTH) c->doc_month_norm += w2;
  }
  c->doc_num_norm = sqrt(c->doc_num_norm);
  c->doc_month_norm = sqrt(c->doc_month_norm);
  doc_dense(c);
  /* the heaviest terms that are rare enough to single out a story */
  feat q[256];
  size_t nq = 0, max_q = c->o.query_terms < 256 ? (size_t)c->o.query_terms : 256;
  for (size_t i = 0; i < c->n_tf && nq < max_q; i++)
    if (is_rare(c, &c->terms[c->tf[i].id])) q[nq++] = c->tf[i];
  c->doc_echo = doc_echo(c, q, nq);
  sort_by_id(c->tf, c->n_tf);
  sort_by_id(c->ef, c->n_ef);
  sort_by_id(c->tv, c->n_tv);
  c->tv_figures = 0;
  for (size_t i = 0; i < c->n_tv && !c->tv_figures; i++) c->tv_figures = is_figure(c, c->tv[i].id, 0);

  uint32_t best = HD_NO_STORY;
  double best_score = 0, best_any = 0, best_any_raw = 0;
  uint32_t best_any_story = HD_NO_STORY;
  int n_learned = 0; /* candidates the model scored */
  gather(c, q, nq, c->ef, c->n_ef);
  scored sc[64];
  pair_feats pf[64];
  int nsc = 0;
  double best_ct = 0, second_ct = 0, best_ce = 0, best_title = 0;
  if (c->cap_tfw < c->n_terms) { /* zeroed, as every entry is after scoring; doubled, not
                                  * grown to the size (a copy of it for every article) */
    size_t cap = c->cap_tfw * 2 > c->n_terms ? c->cap_tfw * 2 : c->n_terms;
    c->tfw = hd_xrealloc(c->tfw, cap * sizeof *c->tfw);
    memset(c->tfw + c->cap_tfw, 0, (cap - c->cap_tfw) * sizeof *c->tfw);
    c->cap_tfw = cap;
  }
  for (size_t i = 0; i < c->n_tf; i++) c->tfw[c->tf[i].id] = c->tf[i].w;
  for (size_t i = 0; i < c->n_cands && nsc < 64; i++, nsc++) {
    pair_features(c, &c->stories[c->cands[i]], c->ef, c->n_ef, &pf[nsc]);
    if (pf[nsc].ct > best_ct) second_ct = best_ct, best_ct = pf[nsc].ct;
    else if (pf[nsc].ct > second_ct) second_ct = pf[nsc].ct;
    if (pf[nsc].ce > best_ce) best_ce = pf[nsc].ce;
    if (pf[nsc].title > best_title) best_title = pf[nsc].title;
  }
  for (size_t i = 0; i < c->n_tf; i++) c->tfw[c->tf[i].id] = 0;
  double thr = join_threshold(c);
  for (int i = 0; i < nsc; i++) {
    const story *st = &c->stories[c->cands[i]];
    pf[i].gap = pf[i].ct - best_ct;
    pf[i].margin = pf[i].ct - (pf[i].ct >= best_ct ? second_ct : best_ct);
    pf[i].ct_rel = best_ct > 0 ? pf[i].ct / best_ct : 0;
    pf[i].ce_gap = pf[i].ce - best_ce;
    pf[i].title_gap = pf[i].title - best_title;
    double hand = hand_score(c, st, &pf[i], d->day), raw = hand;
    /* another instance of a recurring event (the jobs report of another
     * month): the dates or figures both mention differ */
    if (pf[i].has_month && pf[i].month < 0.05) raw -= c->o.month_veto;
    if (pf[i].has_num && pf[i].num < 0.05) raw -= c->o.number_veto;
    double v = raw - c->o.threshold; /* the margin over its own threshold */
    /* the model decides undated pairs (what it was trained on); with
     * dates the hand score, whose time decay and dated size penalty
     * were selected on dated streams, decides */
    int learned = c->o.model && !(d->day != HD_NO_DAY && st->last != HD_NO_DAY);
    if (c->o.model || c->o.on_pair) {
      double x[HD_SM_FEATURES];
      model_features(st, &pf[i], d->day, x);
      if (c->o.on_pair) c->o.on_pair(c->o.pair_ud, c->cands[i], x);
      if (learned) raw = hd_story_model_prob(c->o.model, x), v = raw - thr, n_learned++;
    }
    if (pf[i].title_clash) v -= c->o.title_clash_veto; /* the titles state other figures or dates */
    if (pf[i].title_month_clash) v -= c->o.title_month_veto; /* ... and name other months or years */
    sc[i] = (scored){c->cands[i], raw, pf[i].ce, hand};
    if (best_any_story == HD_NO_STORY || v > best_any) best_any = v, best_any_story = c->cands[i], best_any_raw = raw;
  }
  if (c->o.feature_log) /* the pair features, for inspection */
    for (int i = 0; i < nsc; i++)
      fprintf(c->o.feature_log, "F %llu %u %.5f %.5f %.5f %.5f %.5f %.5f %.5f %.5f %.5f %.5f %.5f %.5f %.5f\n",
              (unsigned long long)c->n_docs, (unsigned)sc[i].story, pf[i].ct, pf[i].ce, pf[i].logn, pf[i].bi, pf[i].rare,
              pf[i].gap, pf[i].title, pf[i].num, pf[i].month, pf[i].dense, pf[i].dense_avg, sc[i].score, sc[i].hand);
  if (join == HD_NEW_STORY) {
    /* forced: a new story (training on gold stories) */
  } else if (join != HD_NO_STORY && join < c->n_stories) {
    best = hd_cluster_find(c, join);
  } else if (best_any_story != HD_NO_STORY && best_any >= 0) {
    best = best_any_story;
    best_score = best_any_raw;
  } else if (n_learned && c->o.hand_join > 0) {
    /* the model's recall is low for large stories (it learnt three-article
     * stories): a candidate whose hand score is clearly high joins too */
    int h = -1;
    for (int i = 0; i < nsc; i++)
      if (sc[i].hand - (pf[i].title_clash ? c->o.title_clash_veto : 0) - (pf[i].title_month_clash ? c->o.title_month_veto : 0) >= c->o.hand_join && (h < 0 || sc[i].hand > sc[h].hand)) h = i;
    if (h >= 0) best = sc[h].story, best_score = sc[h].hand;
  }
  if (best == HD_NO_STORY) {
    best = new_story(c);
    r->opened = 1;
    /* a new story that shares its people and places with an older one
     * belongs to the same thread: the candidate with the most entities in
     * common, if it also shares some words */
    int t = -1;
    for (int i = 0; i < nsc; i++)
      if (pf[i].ce >= c->o.thread_threshold && sc[i].hand >= c->o.threshold * c->o.decay_floor * 0.5 &&
          (t < 0 || pf[i].ce > pf[t].ce))
        t = i;
    if (t >= 0) c->stories[best].thread = hd_cluster_story_thread(c, sc[t].story);
  }
  if (c->o.feature_log) fprintf(c->o.feature_log, "D %llu %u\n", (unsigned long long)c->n_docs, best);
  story_absorb(c, best, c->tf, c->n_tf, c->ef, c->n_ef, nq, q, d->day);
  r->story = best;
  r->score = best_score;
  /* merge stories that have drifted together */
  for (int i = 0; i < nsc && r->n_merged < 8; i++) {
    uint32_t o = hd_cluster_find(c, sc[i].story);
    uint32_t b = hd_cluster_find(c, best);
    if (o == b || sc[i].hand < c->o.merge_threshold * 0.5) continue;
    if (story_pair_score(c, &c->stories[b], &c->stories[o]) < c->o.merge_threshold) continue;
    if (c->o.title_clash_veto > 0 && figures_clash(c, c->stories[b].titles, c->stories[b].n_titles, c->stories[o].titles,
                                                   c->stories[o].n_titles, NULL, 1))
      continue; /* two instances of a recurring event (their titles state other figures or dates) */
    uint32_t keep = o < b ? o : b, gone = o < b ? b : o;
    merge(c, keep, gone);
    r->merged[r->n_merged++] = gone;
    r->story = keep;
  }
  r->story = hd_cluster_find(c, r->story);
  r->thread = hd_cluster_story_thread(c, r->story);
}

void hd_cluster_label(const hd_clusterer *c, uint32_t s, hd_buf *out) {
  const story *st = &c->stories[s];
  feat top[8];
  size_t n = 0;
  /* up to 3 entities */
  feat *tmp = hd_xmalloc((st->n_ents + st->n_terms + 1) * sizeof *tmp);
  copy_bytes(tmp, st->ents, st->n_ents * sizeof *tmp);
  sort_by_weight(tmp, st->n_ents);
  for (uint32_t i = 0; i < st->n_ents && n < 3; i++) top[n++] = tmp[i];
  size_t ne = n;
  copy_bytes(tmp, st->terms, st->n_terms * sizeof *tmp);
  sort_by_weight(tmp, st->n_terms);
  for (uint32_t i = 0; i < st->n_terms && n < 7; i++) {
    /* skip a term whose words are all in the label already */
    const char *sf = c->terms[tmp[i].id].surface;
    int fresh = 0;
    for (const char *w = sf; *w;) {
      size_t wl = strcspn(w, " ");
      int seen = 0;
      for (size_t j = 0; j < n && !seen; j++) {
        const char *o = c->terms[top[j].id].surface;
        for (const char *p = o; *p && !seen; p += strcspn(p, " "), p += *p == ' ')
          seen = strncasecmp(p, w, wl) == 0 && (p[wl] == 0 || p[wl] == ' ');
      }
      fresh |= !seen;
      w += wl;
      w += *w == ' ';
    }
    if (!fresh) continue;
    /* a pair replaces a word of it already chosen ("insulin" -> "replacement insulin") */
    size_t at = n;
    for (size_t j = ne; j < n && at == n; j++) {
      const char *o = c->terms[top[j].id].surface;
      size_t ol = strlen(o);
      if (!strchr(o, ' ') && strchr(sf, ' ') &&
          ((strncasecmp(sf, o, ol) == 0 && sf[ol] == ' ') || strcasecmp(strchr(sf, ' ') + 1, o) == 0))
        at = j;
    }
    top[at] = tmp[i];
    if (at == n) n++;
  }
  free(tmp);
  for (size_t i = 0; i < n; i++) {
    if (i) hd_buf_puts(out, i == ne && ne ? ": " : (i < ne ? ", " : " "));
    hd_buf_puts(out, c->terms[top[i].id].surface);
  }
}

/* ---- the background ---- */

void hd_cluster_write_background(const hd_clusterer *c, hd_buf *out, uint32_t min_df) {
  if (!c->n_bg) return;
  char line[64];
  snprintf(line, sizeof line, "background %llu\n", (unsigned long long)c->n_bg);
  hd_buf_puts(out, line);
  for (size_t i = 0; i < c->n_terms; i++) {
    const term *t = &c->terms[i];
    if (t->bg < min_df || t->bg == 0) continue;
    snprintf(line, sizeof line, "df %u %016llx\n", (unsigned)t->bg,
             (unsigned long long)hd_story_model_term_hash(t->s, t->len));
    hd_buf_puts(out, line);
  }
}

/* ---- persistence ---- */

size_t hd_cluster_n_terms(const hd_clusterer *c) { return c->n_terms; }
uint64_t hd_cluster_n_docs(const hd_clusterer *c) { return c->n_docs; }
void hd_cluster_set_n_docs(hd_clusterer *c, uint64_t n) { c->n_docs = n; }

const char *hd_cluster_term(const hd_clusterer *c, uint32_t id, const char **surface, uint32_t *df) {
  if (surface) *surface = c->terms[id].surface;
  if (df) *df = c->terms[id].df;
  return c->terms[id].s;
}

void hd_cluster_load_term(hd_clusterer *c, uint32_t id, const char *s, const char *surface, uint32_t df) {
  uint32_t got = intern(c, s, strlen(s), surface);
  (void)id; /* ids are dense and loaded in order, so got == id */
  c->terms[got].df = c->terms[got].saved_df = df;
  c->terms[got].dirty = 0;
}

void hd_cluster_load_df(hd_clusterer *c, uint32_t id, uint32_t df) {
  if (id < c->n_terms) c->terms[id].df = c->terms[id].saved_df = df;
}

const uint32_t *hd_cluster_term_posts(const hd_clusterer *c, uint32_t id, uint32_t *n) {
  *n = c->terms[id].n_post;
  return c->terms[id].post;
}

void hd_cluster_set_exact_posts(hd_clusterer *c, int exact) { c->exact_posts = exact; }

int hd_cluster_load_posts(hd_clusterer *c, uint32_t id, const void *p, size_t n) {
  if (id >= c->n_terms || n % sizeof(uint32_t)) return -1;
  uint32_t k = (uint32_t)(n / sizeof(uint32_t));
  uint32_t cap = (uint32_t)(c->o.posting_cap > 8 ? c->o.posting_cap : 8);
  if (k > cap) return -1;
  term *t = &c->terms[id];
  free(t->post);
  t->post = k ? hd_xmalloc(k * sizeof *t->post) : NULL;
  copy_bytes(t->post, p, n);
  t->n_post = t->cap_post = k;
  return 0;
}

int hd_cluster_check_loaded(const hd_clusterer *c) {
  for (size_t i = 0; i < c->n_terms; i++)
    for (uint32_t k = 0; k < c->terms[i].n_post; k++)
      if (c->terms[i].post[k] >= c->n_stories) return -1;
  for (size_t i = 0; i < c->n_stories; i++)
    if (c->stories[i].parent >= c->n_stories || c->stories[i].thread >= c->n_stories) return -1;
  return 0;
}

typedef struct {
  uint32_t parent, thread, n_docs, n_terms, n_ents;
  int64_t first, last;
} state_head;

void hd_cluster_story_state(const hd_clusterer *c, uint32_t s, hd_buf *out) {
  const story *st = &c->stories[s];
  state_head h;
  memset(&h, 0, sizeof h); /* no uninitialised padding in the stored bytes */
  h.parent = st->parent;
  h.thread = st->thread;
  h.n_docs = st->n_docs;
  h.n_terms = st->n_terms;
  h.n_ents = st->n_ents;
  h.first = st->first;
  h.last = st->last;
  hd_buf_put(out, &h, sizeof h);
  hd_buf_put(out, st->terms, st->n_terms * sizeof(feat));
  hd_buf_put(out, st->ents, st->n_ents * sizeof(feat));
  if (st->n_titled) { /* an optional tail: older states end before it */
    uint32_t tail[2] = {st->n_titles, st->n_titled};
    hd_buf_put(out, tail, sizeof tail);
    hd_buf_put(out, st->titles, st->n_titles * sizeof(feat));
  }
}

int hd_cluster_load_story(hd_clusterer *c, uint32_t s, const void *p, size_t n) {
  state_head h;
  if (n < sizeof h) return -1;
  memcpy(&h, p, sizeof h);
  size_t base = sizeof h + ((size_t)h.n_terms + h.n_ents) * sizeof(feat);
  uint32_t tail[2] = {0, 0};
  if (n < base) return -1;
  if (n > base) {
    if (n < base + sizeof tail) return -1;
    memcpy(tail, (const char *)p + base, sizeof tail);
    if (n != base + sizeof tail + (size_t)tail[0] * sizeof(feat)) return -1;
  }
  while (c->n_stories <= s) new_story(c);
  story *st = &c->stories[s];
  free(st->terms);
  free(st->ents);
  free(st->titles);
  st->n_titles = tail[0];
  st->n_titled = tail[1];
  st->titles = hd_xmalloc((tail[0] + 1) * sizeof(feat));
  copy_bytes(st->titles, (const char *)p + base + sizeof tail, tail[0] * sizeof(feat));
  for (uint32_t i = 0; i < tail[0]; i++)
    if (st->titles[i].id >= c->n_terms) return -1;
  st->parent = h.parent <= s ? h.parent : s; /* merges keep the older story */
  st->thread = h.thread;
  st->n_docs = h.n_docs;
  st->first = h.first;
  st->last = h.last;
  st->n_terms = h.n_terms;
  st->n_ents = h.n_ents;
  st->terms = hd_xmalloc((h.n_terms + 1) * sizeof(feat));
  st->ents = hd_xmalloc((h.n_ents + 1) * sizeof(feat));
  copy_bytes(st->terms, (const char *)p + sizeof h, h.n_terms * sizeof(feat));
  copy_bytes(st->ents, (const char *)p + sizeof h + h.n_terms * sizeof(feat), h.n_ents * sizeof(feat));
  /* posting lists come with the terms (exact), or, for a store written
   * before they were saved, are rebuilt from the stories' terms */
  c->loading = 1;
  int rc = 0;
  for (uint32_t i = 0; i < h.n_terms && !rc; i++) {
    if (st->terms[i].id >= c->n_terms) rc = -1;
    else if (!c->exact_posts) post(c, st->terms[i].id, s);
  }
  for (uint32_t i = 0; i < h.n_ents && !rc; i++) {
    if (st->ents[i].id >= c->n_terms) rc = -1;
    else if (!c->exact_posts) post(c, st->ents[i].id, s);
  }
  c->loading = 0;
  st->dirty = 0;
  if (!rc) story_norms(c, st);
  return rc;
}

void hd_cluster_take_dirty(hd_clusterer *c, uint32_t **terms, size_t *n_terms, uint32_t **stories, size_t *n_stories) {
  for (size_t i = 0; i < c->n_dirty_terms; i++) {
    term *t = &c->terms[c->dirty_terms[i]];
    t->dirty = 0;
    t->saved_df = t->df;
  }
  for (size_t i = 0; i < c->n_dirty_stories; i++) c->stories[c->dirty_stories[i]].dirty = 0;
  *terms = c->dirty_terms;
  *n_terms = c->n_dirty_terms;
  *stories = c->dirty_stories;
  *n_stories = c->n_dirty_stories;
  c->dirty_terms = c->dirty_stories = NULL;
  c->n_dirty_terms = c->cap_dirty_terms = c->n_dirty_stories = c->cap_dirty_stories = 0;
}

int64_t hd_parse_day(const char *date) {
  int y, m, d;
  char mon[4];
  static const char MONTHS[] = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";
  if (!date) return HD_NO_DAY;
  if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3) {
    /* "26-FEB-1987" (wire style) */
    if (sscanf(date, "%2d-%3[A-Za-z]-%4d", &d, mon, &y) != 3) return HD_NO_DAY;
    for (int i = 0; i < 3; i++) mon[i] = (char)(mon[i] >= 'a' && mon[i] <= 'z' ? mon[i] - 32 : mon[i]);
    const char *p = strstr(MONTHS, mon);
    if (!p || (p - MONTHS) % 3) return HD_NO_DAY;
    m = (int)(p - MONTHS) / 3 + 1;
  }
  if (m < 1 || m > 12 || d < 1 || d > 31) return HD_NO_DAY;
  /* days from civil (Howard Hinnant) */
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}
