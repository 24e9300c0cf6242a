/*
 * cue_gate.c: the learned cue gate's table (cue_gate.h): lookup by
 * binary search over sorted word keys, and its bytes in the attribution
 * model file. Memory: the table owns its rows. Complexity: O(log n) per
 * lookup, O(n log n) to build.
 */
#include "attrib/cue_gate.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

static int cmp_row(const void *x, const void *y) {
  uint64_t a = ((const hd_cue_gate_row *)x)->key, b = ((const hd_cue_gate_row *)y)->key;
  return a < b ? -1 : a > b;
}

hd_cue_gate *hd_cue_gate_new(hd_cue_gate_row *rows, size_t n) {
  hd_cue_gate *g = hd_xcalloc(1, sizeof *g);
  if (n) qsort(rows, n, sizeof *rows, cmp_row);
  size_t k = 0; /* one row per key (two forms whose hashes collide: the first) */
  for (size_t i = 0; i < n; i++)
    if (!k || rows[i].key != rows[k - 1].key) rows[k++] = rows[i];
  g->rows = rows;
  g->n = k;
  return g;
}

void hd_cue_gate_free(hd_cue_gate *g) {
  if (!g) return;
  hd_free(g->rows);
  hd_free(g);
}

const hd_cue_gate_row *hd_cue_gate_find(const hd_cue_gate *g, uint64_t key) {
  if (!g) return NULL;
  size_t lo = 0, hi = g->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (g->rows[mid].key < key) lo = mid + 1;
    else hi = mid;
  }
  return lo < g->n && g->rows[lo].key == key ? &g->rows[lo] : NULL;
}

#define ROW_BYTES 24

size_t hd_cue_gate_blob_size(const hd_cue_gate *g) { return 8 + (g ? g->n : 0) * ROW_BYTES; }

void hd_cue_gate_write(const hd_cue_gate *g, unsigned char *out) {
  uint64_t n = g ? g->n : 0;
  memcpy(out, &n, 8);
  for (size_t i = 0; i < n; i++) {
    unsigned char *p = out + 8 + i * ROW_BYTES;
    memcpy(p, &g->rows[i].key, 8);
    memcpy(p + 8, &g->rows[i].cues, 4);
    memcpy(p + 12, &g->rows[i].seen, 4);
    memcpy(p + 16, &g->rows[i].cues_that, 4);
    memcpy(p + 20, &g->rows[i].seen_that, 4);
  }
}

hd_cue_gate *hd_cue_gate_read(const unsigned char *p, size_t len) {
  uint64_t n = 0;
  if (len < 8) return NULL;
  memcpy(&n, p, 8);
  if (n > (len - 8) / ROW_BYTES || len != 8 + n * ROW_BYTES) return NULL;
  hd_cue_gate_row *rows = hd_xmalloc((n ? n : 1) * sizeof *rows);
  for (size_t i = 0; i < n; i++) {
    const unsigned char *q = p + 8 + i * ROW_BYTES;
    memcpy(&rows[i].key, q, 8);
    memcpy(&rows[i].cues, q + 8, 4);
    memcpy(&rows[i].seen, q + 12, 4);
    memcpy(&rows[i].cues_that, q + 16, 4);
    memcpy(&rows[i].seen_that, q + 20, 4);
    if (rows[i].cues > rows[i].seen || rows[i].cues_that > rows[i].seen_that || (i && rows[i].key <= rows[i - 1].key)) { /* unsorted or impossible */
      hd_free(rows);
      return NULL;
    }
  }
  hd_cue_gate *g = hd_xcalloc(1, sizeof *g);
  g->rows = rows;
  g->n = n;
  return g;
}
