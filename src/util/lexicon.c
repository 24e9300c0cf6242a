/*
 * lexicon.c: lookups in the generated word-list tables (lexicon.h).
 * Binary search over offsets, O(log n) per lookup; the case-insensitive
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

/* strcmp(key, s[0, n)) as if s were NUL-terminated there. */
static int cmp_key(const char *key, const char *s, size_t n) {
  int r = strncmp(key, s, n);
  if (r) return r;
  return key[n] ? 1 : 0;
}

long hd_lex_find(hd_lex_id id, const char *s, size_t n) {
  if ((int)id < 0 || id >= HD_LEX_COUNT) return -1;
  if (memchr(s, 0, n)) return -1;
  const hd_lexicon *lx = &hd_lexicons[id];
  size_t lo = 0, hi = lx->n; /* the first key >= s lies in [lo, hi] */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cmp_key(lx->text + lx->sorted[mid], s, n) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo < lx->n && cmp_key(lx->text + lx->sorted[lo], s, n) == 0 ? (long)lo : -1;
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

static pthread_mutex_t views_lock = PTHREAD_MUTEX_INITIALIZER;
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
