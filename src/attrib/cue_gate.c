/*
 * cue_gate.c: the learned cue gate's table (cue_gate.h): lookup by
 * binary search over sorted word keys, and its bytes in the attribution
 * model file. Memory: the table owns its rows. Complexity: O(log n) per
 * lookup, O(n log n) to build.
 */
#include "attrib/cue_gate.h"

#include <stdlib.h>
#include <string.h>

#include "attrib/cues.h"
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

#define ROW_BYTES (24 + 8 * HD_GATE_FRAMES)

static int word_of(const char *w, const char *const *list) {
  for (; *list; list++)
    if (!strcmp(w, *list)) return 1;
  return 0;
}

static const char *const SUBJ[] = {"he", "she", "they", "we", "i", "it", "you", "there", NULL};
static const char *const OBJ[] = {"him", "her", "them", "me", "us", NULL};
static const char *const DET[] = {"the", "a", "an", "his", "her", "their", "its", "this", "that", "these", "those", "my", "our", "your", NULL};
static const char *const PREP[] = {"about", "on", "for", "with", "in", "at", "of", "against", "from", "over", "into",
                                   "by", "as", "after", "before", "during", "like", "toward", "towards", "upon", NULL};

/* The lower-case word at token t into w (cap 32); 0 when t is no word. */
static size_t lower_at(const hd_article *a, uint32_t t, char *w) {
  const hd_token *k = &a->tokens[t];
  return k->kind == HD_TOK_WORD ? hd_word_lower(hd_tok_ptr(a, k), hd_tok_len(k), w, 32) : 0;
}

int hd_cue_frame(const hd_article *a, uint32_t t) {
  char w[32];
  uint32_t n = t + 1;
  for (int skipped = 0;; skipped++, n++) {
    if (n >= a->n_tokens || (a->tokens[n].flags & HD_TF_SENT_START)) return HD_GATE_END;
    const hd_token *k = &a->tokens[n];
    if (k->kind == HD_TOK_QUOTE_OPEN) return HD_GATE_QUOTE;
    if (k->kind == HD_TOK_NUM) return HD_GATE_NP;
    if (k->kind != HD_TOK_WORD) {
      char ch = a->text[k->start];
      if (ch == ':' || (ch == ',' && n + 1 < a->n_tokens && a->tokens[n + 1].kind == HD_TOK_QUOTE_OPEN)) return HD_GATE_QUOTE;
      return HD_GATE_END;
    }
    size_t len = lower_at(a, n, w);
    if (skipped < 2 && len > 4 && !(k->flags & HD_TF_UPPER_INITIAL) && w[len - 2] == 'l' && w[len - 1] == 'y') continue;
    if (!len) return HD_GATE_NP;
    break;
  }
  if (!strcmp(w, "that") || !strcmp(w, "whether") || !strcmp(w, "if")) return HD_GATE_THAT;
  if (!strcmp(w, "to")) {
    char x[32];
    size_t xl = n + 1 < a->n_tokens ? lower_at(a, n + 1, x) : 0;
    if (!xl || (a->tokens[n + 1].flags & HD_TF_UPPER_INITIAL) || word_of(x, DET) || word_of(x, OBJ)) return HD_GATE_PREP;
    int cls = hd_cue_class(x);
    return (cls & (HD_CUE_SPEECH | HD_CUE_BELIEF)) && !(cls & (HD_CUE_LEARNED | HD_CUE_WEAK)) ? HD_GATE_TO_SAY : HD_GATE_TO;
  }
  if (word_of(w, SUBJ)) return HD_GATE_CLAUSE;
  if (word_of(w, OBJ)) return HD_GATE_OBJ;
  return word_of(w, PREP) ? HD_GATE_PREP : HD_GATE_NP;
}

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
    for (int f = 0; f < HD_GATE_FRAMES; f++) {
      memcpy(p + 24 + 8 * f, &g->rows[i].fcues[f], 4);
      memcpy(p + 28 + 8 * f, &g->rows[i].fseen[f], 4);
    }
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
    int bad = rows[i].cues > rows[i].seen || rows[i].cues_that > rows[i].seen_that || (i && rows[i].key <= rows[i - 1].key);
    for (int f = 0; f < HD_GATE_FRAMES; f++) {
      memcpy(&rows[i].fcues[f], q + 24 + 8 * f, 4);
      memcpy(&rows[i].fseen[f], q + 28 + 8 * f, 4);
      bad |= rows[i].fcues[f] > rows[i].fseen[f];
    }
    if (bad) { /* unsorted or impossible */
      hd_free(rows);
      return NULL;
    }
  }
  hd_cue_gate *g = hd_xcalloc(1, sizeof *g);
  g->rows = rows;
  g->n = n;
  return g;
}
