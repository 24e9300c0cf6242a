/*
 * lexicon.c: lookups in the generated word-list tables (lexicon.h).
 * Exact lookups through an open-addressing hash index per list (built on
 * first use, like the views below), O(key length); the case-insensitive
 * scans are linear in the (short) list. The generated tables hold
 * offsets, not pointers: 92,000 pointers had to be relocated at every
 * program start (PIE), about 1 MB of pages written before main(), which a
 * `herald search` process paid for lists it never reads. The pointer
 * arrays that hd_lex_in_order/sorted/rows return are built per list on
 * first use (under a lock, then read through an acquire load) and kept for
 * the life of the program.
 */
#include "util/lexicon.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <xxhash.h>

/* ---- exact lookups through a hash index, built per list on first use ---- */

/* Slot: 1 + the sorted index of a key (0: empty), the key's hash and
 * length (a key holds no NUL: a probe with a NUL in it matches nothing). */
typedef struct {
  uint32_t idx1, hash, len;
} lex_slot;

typedef struct {
  size_t mask;
  lex_slot slots[]; /* mask + 1, a power of two at least twice the list */
} lex_index;

static uint32_t key_hash(const char *s, size_t n) { return (uint32_t)XXH3_64bits(s, n); }

static const lex_index *build_index(const hd_lexicon *lx);
static pthread_mutex_t views_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic(const lex_index *) index_view[HD_LEX_COUNT];

static const lex_index *index_of(hd_lex_id id) {
  const lex_index *x = atomic_load_explicit(&index_view[id], memory_order_acquire);
  if (x) return x;
  pthread_mutex_lock(&views_lock);
  x = atomic_load_explicit(&index_view[id], memory_order_relaxed);
  if (!x) {
    x = build_index(&hd_lexicons[id]);
    atomic_store_explicit(&index_view[id], x, memory_order_release);
  }
  pthread_mutex_unlock(&views_lock);
  return x;
}

/* Is key[0, n) s[0, n)? A byte loop: the keys are words, shorter than
 * what a memcmp call costs. */
static inline int same_bytes(const char *key, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (key[i] != s[i]) return 0;
  return 1;
}

/* The slot of key s[0, n) with hash h, or the empty slot where it would go. */
static inline const lex_slot *probe(const hd_lexicon *lx, const lex_index *x, const char *s, size_t n, uint32_t h) {
  for (size_t i = h & x->mask;; i = (i + 1) & x->mask) {
    const lex_slot *sl = &x->slots[i];
    if (!sl->idx1) return sl;
    if (sl->hash == h && sl->len == n && same_bytes(lx->text + lx->sorted[sl->idx1 - 1], s, n)) return sl;
  }
}

long hd_lex_find(hd_lex_id id, const char *s, size_t n) {
  if ((int)id < 0 || id >= HD_LEX_COUNT) return -1;
  const lex_index *x = index_of(id);
  return (long)probe(&hd_lexicons[id], x, s, n, key_hash(s, n))->idx1 - 1;
}

int hd_lex_has(hd_lex_id id, const char *s, size_t n) { return hd_lex_find(id, s, n) >= 0; }

int hd_lex_has_str(hd_lex_id id, const char *s) { return hd_lex_find(id, s, strlen(s)) >= 0; }

int hd_lex_has_lower(hd_lex_id id, const char *s, size_t n) {
  char low[256];
  if (n >= sizeof low) return 0; /* no list holds so long a key */
  for (size_t i = 0; i < n; i++) low[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
  return hd_lex_find(id, low, n) >= 0;
}

/* ---- pointer views, built on first use ---- */

/* Plain malloc, never an article's arena (hd_xmalloc inside a stage's
 * scope would hand out memory freed with the article). */
static void *view_alloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    fputs("herald: out of memory building a word list\n", stderr);
    abort();
  }
  return p;
}

/* Equal keys keep the first (lowest) sorted index, as a search of the
 * sorted table finds. Under views_lock. */
static const lex_index *build_index(const hd_lexicon *lx) {
  size_t cap = 16;
  while (cap < 2 * lx->n) cap *= 2;
  lex_index *x = view_alloc(sizeof *x + cap * sizeof x->slots[0]);
  x->mask = cap - 1;
  memset(x->slots, 0, cap * sizeof x->slots[0]);
  for (size_t k = 0; k < lx->n; k++) {
    const char *key = lx->text + lx->sorted[k];
    size_t n = strlen(key);
    uint32_t h = key_hash(key, n);
    lex_slot *sl = (lex_slot *)probe(lx, x, key, n, h);
    if (!sl->idx1) *sl = (lex_slot){(uint32_t)k + 1, h, (uint32_t)n};
  }
  return x;
}

static _Atomic(const char **) in_order_view[HD_LEX_COUNT], sorted_view[HD_LEX_COUNT];
static _Atomic(hd_lex_row *) rows_view[HD_LEX_COUNT];

/* view[id], built from offs (n offsets into the list's text) if absent. */
static const char *const *strings_view(_Atomic(const char **) *view, hd_lex_id id, const uint32_t *offs) {
  const char **v = atomic_load_explicit(&view[id], memory_order_acquire);
  if (v) return v;
  pthread_mutex_lock(&views_lock);
  v = atomic_load_explicit(&view[id], memory_order_relaxed);
  if (!v) {
    const hd_lexicon *lx = &hd_lexicons[id];
    v = view_alloc(lx->n * sizeof *v);
    for (size_t i = 0; i < lx->n; i++) v[i] = lx->text + offs[i];
    atomic_store_explicit(&view[id], v, memory_order_release);
  }
  pthread_mutex_unlock(&views_lock);
  return v;
}

const char *const *hd_lex_in_order(hd_lex_id id, size_t *n) {
  *n = hd_lexicons[id].n;
  return strings_view(in_order_view, id, hd_lexicons[id].in_order);
}

const char *const *hd_lex_sorted(hd_lex_id id, size_t *n) {
  *n = hd_lexicons[id].n;
  return strings_view(sorted_view, id, hd_lexicons[id].sorted);
}

const hd_lex_row *hd_lex_rows(hd_lex_id id, size_t *n) {
  const hd_lexicon *lx = &hd_lexicons[id];
  *n = lx->row_cols ? lx->n : 0;
  if (!lx->row_cols) return NULL;
  hd_lex_row *v = atomic_load_explicit(&rows_view[id], memory_order_acquire);
  if (v) return v;
  pthread_mutex_lock(&views_lock);
  v = atomic_load_explicit(&rows_view[id], memory_order_relaxed);
  if (!v) {
    v = view_alloc(lx->n * sizeof *v);
    for (size_t i = 0; i < lx->n; i++)
      for (int c = 0; c < HD_LEX_MAX_COLS; c++) {
        v[i].col[c] = lx->text + lx->row_cols[i][c];
        v[i].num[c] = lx->row_nums[i][c];
      }
    atomic_store_explicit(&rows_view[id], v, memory_order_release);
  }
  pthread_mutex_unlock(&views_lock);
  return v;
}

/* ---- case-insensitive scans in file order (the clean stage's hint lists) ---- */

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }
static int is_letter(int c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80; }

static int eq_ci(const char *p, size_t n, const char *s) {
  if (!n || lower((unsigned char)p[0]) != lower((unsigned char)s[0])) return 0;
  size_t m = strlen(s);
  if (m != n) return 0;
  for (size_t i = 0; i < n; i++)
    if (lower((unsigned char)p[i]) != lower((unsigned char)s[i])) return 0;
  return 1;
}

const char *hd_lex_find_ci(hd_lex_id id, const char *p, size_t n) {
  size_t count;
  const char *const *list = hd_lex_in_order(id, &count);
  for (size_t i = 0; i < count; i++)
    if (eq_ci(p, n, list[i])) return list[i];
  return NULL;
}

const char *hd_lex_prefix_ci(hd_lex_id id, const char *p, size_t n) {
  const char *best = NULL;
  size_t best_len = 0, count;
  if (!n) return NULL;
  const char *const *list = hd_lex_in_order(id, &count);
  int first = lower((unsigned char)p[0]);
  for (size_t i = 0; i < count; i++) {
    if (lower((unsigned char)list[i][0]) != first) continue;
    size_t m = strlen(list[i]);
    if (m > n || m <= best_len || !eq_ci(p, m, list[i])) continue;
    /* the entry must end at a word boundary, unless it ends in punctuation */
    if (m < n && is_letter((unsigned char)list[i][m - 1]) && is_letter((unsigned char)p[m])) continue;
    best = list[i];
    best_len = m;
  }
  return best;
}
