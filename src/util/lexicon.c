/*
 * lexicon.c: lookups in the generated word-list tables (lexicon.h).
 * Binary search, O(log n) per lookup; the case-insensitive scans are
 * linear in the (short) list. No allocation, no state.
 */
#include "util/lexicon.h"

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
    if (cmp_key(lx->sorted[mid], s, n) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo < lx->n && cmp_key(lx->sorted[lo], s, n) == 0 ? (long)lo : -1;
}

int hd_lex_has(hd_lex_id id, const char *s, size_t n) { return hd_lex_find(id, s, n) >= 0; }

int hd_lex_has_str(hd_lex_id id, const char *s) { return hd_lex_find(id, s, strlen(s)) >= 0; }

int hd_lex_has_lower(hd_lex_id id, const char *s, size_t n) {
  char low[256];
  if (n >= sizeof low) return 0; /* no list holds so long a key */
  for (size_t i = 0; i < n; i++) low[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
  return hd_lex_find(id, low, n) >= 0;
}

const char *const *hd_lex_in_order(hd_lex_id id, size_t *n) {
  *n = hd_lexicons[id].n;
  return hd_lexicons[id].in_order;
}

const char *const *hd_lex_sorted(hd_lex_id id, size_t *n) {
  *n = hd_lexicons[id].n;
  return hd_lexicons[id].sorted;
}

const hd_lex_row *hd_lex_rows(hd_lex_id id, size_t *n) {
  *n = hd_lexicons[id].rows ? hd_lexicons[id].n : 0;
  return hd_lexicons[id].rows;
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
