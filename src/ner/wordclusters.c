/* wordclusters.c: divisive exchange word clustering (see wordclusters.h). */
#include "ner/wordclusters.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ner/ner_lexicon.h"
#include "util/buf.h"

typedef struct {
  uint32_t other, count;
} wc_edge;

#define WC_MAX_CODE 48 /* longest bit string written */

struct hd_wc {
  hd_lex vocab;       /* word -> id */
  uint32_t *freq;     /* by id */
  size_t n_words, cap_freq;
  uint32_t *stream;   /* token ids; UINT32_MAX = boundary */
  size_t n_stream, cap_stream;
  /* after learning */
  uint32_t n_kept;    /* ids remapped: 0 = <unk>, 1 = <s>, 2.. = kept words */
  uint32_t *kept_id;  /* original id -> kept id */
  uint32_t *orig_of;  /* kept id -> original id (0/1: none) */
  uint32_t *cls;      /* kept id -> leaf class */
  uint32_t levels;
  char (*code)[WC_MAX_CODE + 1]; /* leaf class -> bit string (hierarchy) */
};

hd_wc *hd_wc_new(void) {
  hd_wc *wc = hd_xcalloc(1, sizeof *wc);
  hd_lex_init(&wc->vocab);
  return wc;
}

void hd_wc_free(hd_wc *wc) {
  if (!wc) return;
  hd_lex_free(&wc->vocab);
  free(wc->freq);
  free(wc->stream);
  free(wc->kept_id);
  free(wc->orig_of);
  free(wc->cls);
  free(wc->code);
  free(wc);
}

size_t hd_wc_tokens(const hd_wc *wc) { return wc->n_stream; }

void hd_wc_add_token(hd_wc *wc, const char *s, size_t len) {
  uint32_t id = UINT32_MAX;
  if (len) {
    size_t before = wc->vocab.n;
    uint32_t *v = hd_lex_put(&wc->vocab, s, len);
    if (wc->vocab.n != before) {
      *v = (uint32_t)wc->n_words;
      HD_VEC_PUSH(wc->freq, wc->n_words, wc->cap_freq, 0);
    }
    id = *v;
    wc->freq[id]++;
  } else if (wc->n_stream && wc->stream[wc->n_stream - 1] == UINT32_MAX) {
    return;
  }
  HD_VEC_PUSH(wc->stream, wc->n_stream, wc->cap_stream, id);
}

/* ---- a small tokeniser close to CoNLL's ---- */

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static int is_lead_punct(unsigned char c) { return strchr("\"'([{`<", c) != NULL; }
static int is_trail_punct(unsigned char c) { return strchr(",;:!?\"')]}>", c) != NULL; }

/* Curly quotes (U+2018/2019/201C/201D) at s: 3 bytes, else 0. */
static size_t curly_at(const char *s, size_t n) {
  return n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
                 (unsigned char)s[2] >= 0x98 && (unsigned char)s[2] <= 0x9D ? 3 : 0;
}

static void add_word(hd_wc *wc, const char *s, size_t n) {
  /* split "'s" and a sentence-final period ("said." but not "U.S." or "J.") */
  if (n > 2 && s[n - 2] == '\'' && (s[n - 1] == 's' || s[n - 1] == 'S')) {
    hd_wc_add_token(wc, s, n - 2);
    hd_wc_add_token(wc, s + n - 2, 2);
    return;
  }
  if (n > 4 && s[n - 1] == 's' && curly_at(s + n - 4, 3)) {
    hd_wc_add_token(wc, s, n - 4);
    hd_wc_add_token(wc, "'s", 2);
    return;
  }
  if (n > 2 && s[n - 1] == '.' && !memchr(s, '.', n - 1)) {
    hd_wc_add_token(wc, s, n - 1);
    hd_wc_add_token(wc, ".", 1);
    return;
  }
  hd_wc_add_token(wc, s, n);
}

void hd_wc_add_text(hd_wc *wc, const char *text, size_t len) {
  size_t i = 0;
  while (i < len) {
    while (i < len && is_space((unsigned char)text[i])) i++;
    size_t b = i;
    while (i < len && !is_space((unsigned char)text[i])) i++;
    size_t e = i, k;
    for (;;) {
      if (b < e && is_lead_punct((unsigned char)text[b])) hd_wc_add_token(wc, text + b++, 1);
      else if ((k = curly_at(text + b, e - b)) != 0) hd_wc_add_token(wc, text + b, k), b += k;
      else break;
    }
    size_t te = e, tail_start;
    do {
      tail_start = te;
      while (te > b && is_trail_punct((unsigned char)text[te - 1])) te--;
      if (te >= b + 3 && curly_at(text + te - 3, 3)) te -= 3;
    } while (te != tail_start);
    if (te > b) add_word(wc, text + b, te - b);
    for (size_t q = te; q < e;) {
      size_t c = curly_at(text + q, e - q);
      hd_wc_add_token(wc, text + q, c ? c : 1);
      q += c ? c : 1;
    }
  }
  hd_wc_add_token(wc, NULL, 0);
}

/* ---- learning ---- */

typedef struct {
  uint32_t K;          /* classes at this level */
  int64_t *N;          /* K*K class bigrams */
  int64_t *Nl, *Nr;    /* class counts as left / right element */
  uint32_t *cls;       /* word -> class */
  int64_t *R, *L;      /* scratch: counts by class for the current word */
  uint32_t *touched;
  uint32_t n_touched;
  uint32_t block;      /* a word may move among `block` classes with one ancestor */
} wc_state;

/* Up to this depth words may move to any class; deeper, only within
 * their ancestor of WC_FREE_LEVELS levels up, which bounds the cost. */
#define WC_FREE_LEVELS 7

static double f(int64_t n) { return n > 0 ? (double)n * log((double)n) : 0.0; }

typedef struct {
  uint64_t *pairs; /* (left << 32 | right) sorted, with counts */
  uint32_t *pcount;
  size_t n_pairs;
  uint32_t *roff, *loff; /* CSR offsets by word */
  wc_edge *right, *left;
  int64_t *wl, *wr;      /* word counts as left / right element */
  int64_t *self;
} wc_graph;

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static void build_graph(wc_graph *g, const uint32_t *seq, size_t n, uint32_t V) {
  uint64_t *all = hd_xmalloc((n ? n : 1) * sizeof *all);
  size_t m = 0;
  for (size_t i = 0; i + 1 < n; i++) all[m++] = (uint64_t)seq[i] << 32 | seq[i + 1];
  qsort(all, m, sizeof *all, cmp_u64);
  g->pairs = hd_xmalloc((m ? m : 1) * sizeof *g->pairs);
  g->pcount = hd_xmalloc((m ? m : 1) * sizeof *g->pcount);
  g->n_pairs = 0;
  for (size_t i = 0; i < m;) {
    size_t j = i;
    while (j < m && all[j] == all[i]) j++;
    g->pairs[g->n_pairs] = all[i];
    g->pcount[g->n_pairs++] = (uint32_t)(j - i);
    i = j;
  }
  free(all);
  g->roff = hd_xcalloc(V + 1, sizeof *g->roff);
  g->loff = hd_xcalloc(V + 1, sizeof *g->loff);
  g->wl = hd_xcalloc(V, sizeof *g->wl);
  g->wr = hd_xcalloc(V, sizeof *g->wr);
  g->self = hd_xcalloc(V, sizeof *g->self);
  for (size_t p = 0; p < g->n_pairs; p++) {
    uint32_t a = (uint32_t)(g->pairs[p] >> 32), b = (uint32_t)g->pairs[p];
    g->wl[a] += g->pcount[p];
    g->wr[b] += g->pcount[p];
    if (a == b) { g->self[a] += g->pcount[p]; continue; }
    g->roff[a + 1]++;
    g->loff[b + 1]++;
  }
  for (uint32_t v = 0; v < V; v++) g->roff[v + 1] += g->roff[v], g->loff[v + 1] += g->loff[v];
  g->right = hd_xmalloc((g->roff[V] + 1) * sizeof *g->right);
  g->left = hd_xmalloc((g->loff[V] + 1) * sizeof *g->left);
  uint32_t *rp = hd_xmalloc((V + 1) * sizeof *rp), *lp = hd_xmalloc((V + 1) * sizeof *lp);
  memcpy(rp, g->roff, (V + 1) * sizeof *rp);
  memcpy(lp, g->loff, (V + 1) * sizeof *lp);
  for (size_t p = 0; p < g->n_pairs; p++) {
    uint32_t a = (uint32_t)(g->pairs[p] >> 32), b = (uint32_t)g->pairs[p];
    if (a == b) continue;
    g->right[rp[a]++] = (wc_edge){b, g->pcount[p]};
    g->left[lp[b]++] = (wc_edge){a, g->pcount[p]};
  }
  free(rp);
  free(lp);
}

static void free_graph(wc_graph *g) {
  free(g->pairs);
  free(g->pcount);
  free(g->roff);
  free(g->loff);
  free(g->right);
  free(g->left);
  free(g->wl);
  free(g->wr);
  free(g->self);
}

/* Collects the current word's neighbour counts by class into R and L. */
static void gather(wc_state *s, const wc_graph *g, uint32_t w) {
  for (uint32_t i = 0; i < s->n_touched; i++) s->R[s->touched[i]] = s->L[s->touched[i]] = 0;
  s->n_touched = 0;
  for (uint32_t k = g->roff[w]; k < g->roff[w + 1]; k++) {
    uint32_t c = s->cls[g->right[k].other];
    if (!s->R[c] && !s->L[c]) s->touched[s->n_touched++] = c;
    s->R[c] += g->right[k].count;
  }
  for (uint32_t k = g->loff[w]; k < g->loff[w + 1]; k++) {
    uint32_t c = s->cls[g->left[k].other];
    if (!s->R[c] && !s->L[c]) s->touched[s->n_touched++] = c;
    s->L[c] += g->left[k].count;
  }
}

/* Adds (sign 1) or removes (sign -1) word w to/from class x. */
static void move(wc_state *s, const wc_graph *g, uint32_t w, uint32_t x, int sign) {
  int64_t *N = s->N;
  uint32_t K = s->K;
  for (uint32_t i = 0; i < s->n_touched; i++) {
    uint32_t c = s->touched[i];
    if (c == x) continue;
    N[(size_t)x * K + c] += sign * s->R[c];
    N[(size_t)c * K + x] += sign * s->L[c];
  }
  N[(size_t)x * K + x] += sign * (s->R[x] + s->L[x] + g->self[w]);
  s->Nl[x] += sign * g->wl[w];
  s->Nr[x] += sign * g->wr[w];
}

/* Likelihood gain of adding w (currently in no class) to class x. */
static double gain(const wc_state *s, const wc_graph *g, uint32_t w, uint32_t x) {
  const int64_t *N = s->N;
  uint32_t K = s->K;
  double d = 0;
  for (uint32_t i = 0; i < s->n_touched; i++) {
    uint32_t c = s->touched[i];
    if (c == x) continue;
    int64_t a = N[(size_t)x * K + c], b = N[(size_t)c * K + x];
    if (s->R[c]) d += f(a + s->R[c]) - f(a);
    if (s->L[c]) d += f(b + s->L[c]) - f(b);
  }
  int64_t xx = N[(size_t)x * K + x];
  d += f(xx + s->R[x] + s->L[x] + g->self[w]) - f(xx);
  d -= f(s->Nl[x] + g->wl[w]) - f(s->Nl[x]);
  d -= f(s->Nr[x] + g->wr[w]) - f(s->Nr[x]);
  return d;
}

static void fill_counts(wc_state *s, const wc_graph *g) {
  memset(s->N, 0, (size_t)s->K * s->K * sizeof *s->N);
  memset(s->Nl, 0, s->K * sizeof *s->Nl);
  memset(s->Nr, 0, s->K * sizeof *s->Nr);
  for (size_t p = 0; p < g->n_pairs; p++) {
    uint32_t a = s->cls[g->pairs[p] >> 32], b = s->cls[(uint32_t)g->pairs[p]];
    s->N[(size_t)a * s->K + b] += g->pcount[p];
    s->Nl[a] += g->pcount[p];
    s->Nr[b] += g->pcount[p];
  }
}

static uint32_t exchange_pass(wc_state *s, const wc_graph *g, uint32_t V) {
  uint32_t moved = 0;
  for (uint32_t w = 2; w < V; w++) { /* 0 = <unk>, 1 = <s> stay put */
    uint32_t a = s->cls[w];
    gather(s, g, w);
    move(s, g, w, a, -1);
    s->cls[w] = UINT32_MAX;
    double best = gain(s, g, w, a);
    uint32_t to = a;
    uint32_t lo = a & ~(s->block - 1), hi = lo + s->block;
    for (uint32_t x = lo; x < hi; x++) { /* classes of the same block */
      if (x == a) continue;
      double gx = gain(s, g, w, x);
      if (gx > best + 1e-9) best = gx, to = x;
    }
    if (to != a) moved++;
    s->cls[w] = to;
    move(s, g, w, to, 1);
  }
  return moved;
}

/* ---- the hierarchy over the leaves ----
 * The top-down splits fix a word's upper bits early, when the classes are
 * few and coarse; so the leaves are kept and the tree above them is
 * rebuilt bottom-up: in rounds, the most similar pairs of clusters are
 * merged (a greedy matching, so each round halves the clusters and the
 * tree stays balanced), similarity being the cosine of the clusters'
 * context vectors (square roots of their left and right context class
 * distributions, summed over members). O(K^2 * K) for K leaves. */

typedef struct {
  int32_t left, right; /* children, or -1 for a leaf */
} wc_node;

typedef struct {
  float sim;
  uint32_t a, b;
} wc_pair;

static int cmp_pair(const void *x, const void *y) {
  const wc_pair *p = x, *q = y;
  if (p->sim != q->sim) return p->sim > q->sim ? -1 : 1;
  if (p->a != q->a) return p->a < q->a ? -1 : 1;
  return p->b < q->b ? -1 : p->b > q->b;
}

static void leaf_vectors(const wc_state *s, const uint32_t *size, float *vec) {
  uint32_t K = s->K, D = 2 * K;
  for (uint32_t x = 0; x < K; x++) {
    double row = 0, col = 0;
    for (uint32_t y = 0; y < K; y++) row += (double)s->N[(size_t)x * K + y], col += (double)s->N[(size_t)y * K + x];
    float *v = vec + (size_t)x * D;
    for (uint32_t y = 0; y < K; y++) {
      v[y] = row > 0 ? (float)(size[x] * sqrt((double)s->N[(size_t)x * K + y] / row)) : 0;
      v[K + y] = col > 0 ? (float)(size[x] * sqrt((double)s->N[(size_t)y * K + x] / col)) : 0;
    }
  }
}

static float cosine(const float *a, const float *b, uint32_t D) {
  double ab = 0, aa = 0, bb = 0;
  for (uint32_t k = 0; k < D; k++) ab += a[k] * b[k], aa += a[k] * a[k], bb += b[k] * b[k];
  return aa > 0 && bb > 0 ? (float)(ab / sqrt(aa * bb)) : 0;
}

static void assign_codes(const wc_node *nodes, int32_t n, char *path, uint32_t depth,
                         char (*code)[WC_MAX_CODE + 1], uint32_t K) {
  if (nodes[n].left < 0) {
    uint32_t d = depth < WC_MAX_CODE ? depth : WC_MAX_CODE;
    if ((uint32_t)n < K) {
      memcpy(code[n], path, d);
      code[n][d] = '\0';
    }
    return;
  }
  if (depth < WC_MAX_CODE) path[depth] = '0';
  assign_codes(nodes, nodes[n].left, path, depth + 1, code, K);
  if (depth < WC_MAX_CODE) path[depth] = '1';
  assign_codes(nodes, nodes[n].right, path, depth + 1, code, K);
}

static void rebuild_hierarchy(hd_wc *wc, const wc_state *s, uint32_t V) {
  uint32_t K = s->K, D = 2 * K;
  uint32_t *size = hd_xcalloc(K, sizeof *size);
  for (uint32_t w = 2; w < V; w++) size[s->cls[w]]++;
  float *vec = hd_xmalloc((size_t)K * D * sizeof *vec); /* by cluster slot */
  leaf_vectors(s, size, vec);
  wc_node *nodes = hd_xmalloc(2 * K * sizeof *nodes);
  int32_t *node_of = hd_xmalloc(K * sizeof *node_of);
  uint32_t *act = hd_xmalloc(K * sizeof *act), n_act = 0, n_nodes = K;
  uint32_t *nxt = hd_xmalloc(K * sizeof *nxt); /* the next round's clusters */
  for (uint32_t x = 0; x < K; x++) {
    nodes[x] = (wc_node){-1, -1};
    node_of[x] = (int32_t)x;
    if (size[x]) act[n_act++] = x;
  }
  wc_pair *pairs = hd_xmalloc(((size_t)K * K / 2 + 1) * sizeof *pairs);
  uint8_t *used = hd_xcalloc(K, 1);
  while (n_act > 1) {
    size_t np = 0;
    for (uint32_t i = 0; i < n_act; i++)
      for (uint32_t j = i + 1; j < n_act; j++)
        pairs[np++] = (wc_pair){cosine(vec + (size_t)act[i] * D, vec + (size_t)act[j] * D, D), act[i], act[j]};
    qsort(pairs, np, sizeof *pairs, cmp_pair);
    memset(used, 0, K);
    uint32_t n_next = 0;
    for (size_t p = 0; p < np; p++) {
      uint32_t a = pairs[p].a, b = pairs[p].b;
      if (used[a] || used[b]) continue;
      used[a] = used[b] = 1;
      nodes[n_nodes] = (wc_node){node_of[a], node_of[b]};
      node_of[a] = (int32_t)n_nodes++;
      float *va = vec + (size_t)a * D, *vb = vec + (size_t)b * D;
      for (uint32_t k = 0; k < D; k++) va[k] += vb[k];
      nxt[n_next++] = a;
    }
    for (uint32_t i = 0; i < n_act; i++) /* an odd one out waits a round */
      if (!used[act[i]]) nxt[n_next++] = act[i];
    memcpy(act, nxt, n_next * sizeof *act); /* (writing into act itself lost an odd one out) */
    n_act = n_next;
  }
  wc->code = hd_xcalloc(K, sizeof *wc->code);
  char path[WC_MAX_CODE + 1];
  if (n_act == 1) assign_codes(nodes, node_of[act[0]], path, 0, wc->code, K);
  for (uint32_t x = 0; x < K; x++)
    if (!wc->code[x][0]) strcpy(wc->code[x], "0");
  free(pairs);
  free(used);
  free(nodes);
  free(node_of);
  free(act);
  free(nxt);
  free(size);
  free(vec);
}

void hd_wc_learn(hd_wc *wc, uint32_t min_count, uint32_t max_words, uint32_t levels,
                 uint32_t passes, FILE *log) {
  /* Keep the most frequent words; ids in frequency order. */
  uint32_t *order = hd_xmalloc((wc->n_words + 1) * sizeof *order);
  for (uint32_t i = 0; i < wc->n_words; i++) order[i] = i;
  const uint32_t *fr = wc->freq;
  /* insertion into buckets by frequency would be faster; qsort with a
   * comparator over a copied key is enough here */
  uint64_t *key = hd_xmalloc((wc->n_words + 1) * sizeof *key);
  for (uint32_t i = 0; i < wc->n_words; i++) key[i] = (uint64_t)(UINT32_MAX - fr[i]) << 32 | i;
  qsort(key, wc->n_words, sizeof *key, cmp_u64);
  wc->kept_id = hd_xmalloc((wc->n_words + 1) * sizeof *wc->kept_id);
  wc->orig_of = hd_xmalloc((wc->n_words + 2) * sizeof *wc->orig_of);
  wc->orig_of[0] = wc->orig_of[1] = UINT32_MAX;
  uint32_t V = 2;
  for (uint32_t r = 0; r < wc->n_words; r++) {
    uint32_t id = (uint32_t)key[r];
    if (fr[id] >= min_count && V - 2 < max_words) {
      wc->kept_id[id] = V;
      wc->orig_of[V++] = id;
    } else {
      wc->kept_id[id] = 0;
    }
  }
  free(key);
  free(order);
  wc->n_kept = V;
  uint32_t *seq = hd_xmalloc((wc->n_stream + 1) * sizeof *seq);
  for (size_t i = 0; i < wc->n_stream; i++)
    seq[i] = wc->stream[i] == UINT32_MAX ? 1 : wc->kept_id[wc->stream[i]];
  wc_graph g = {0};
  build_graph(&g, seq, wc->n_stream, V);
  free(seq);
  if (log) fprintf(log, "clusters: %zu tokens, %u words kept, %zu distinct bigrams\n",
                   wc->n_stream, V - 2, g.n_pairs);
  wc_state s = {0};
  uint32_t Kmax = 1u << levels;
  s.cls = hd_xcalloc(V, sizeof *s.cls);
  s.N = hd_xmalloc((size_t)Kmax * Kmax * sizeof *s.N);
  s.Nl = hd_xmalloc(Kmax * sizeof *s.Nl);
  s.Nr = hd_xmalloc(Kmax * sizeof *s.Nr);
  s.R = hd_xcalloc(Kmax, sizeof *s.R);
  s.L = hd_xcalloc(Kmax, sizeof *s.L);
  s.touched = hd_xmalloc(Kmax * sizeof *s.touched);
  for (uint32_t d = 1; d <= levels; d++) {
    s.K = 1u << d;
    s.block = 1u << (d < WC_FREE_LEVELS ? d : WC_FREE_LEVELS);
    uint32_t *seen = hd_xcalloc(s.K / 2, sizeof *seen);
    for (uint32_t w = 0; w < V; w++) { /* split: alternate by frequency rank */
      uint32_t p = s.cls[w];
      s.cls[w] = 2 * p + (w < 2 ? 0 : (seen[p]++ & 1u));
    }
    free(seen);
    fill_counts(&s, &g);
    uint32_t moved = 0;
    for (uint32_t it = 0; it < passes; it++) {
      moved = exchange_pass(&s, &g, V);
      if (moved < V / 500) break;
    }
    if (log) fprintf(log, "level %2u: %u classes, last pass moved %u words\n", d, s.K, moved);
  }
  rebuild_hierarchy(wc, &s, V);
  wc->cls = s.cls;
  wc->levels = levels;
  free(s.N);
  free(s.Nl);
  free(s.Nr);
  free(s.R);
  free(s.L);
  free(s.touched);
  free_graph(&g);
}

int hd_wc_write(const hd_wc *wc, FILE *out) {
  if (!wc->cls) return -1;
  /* invert the vocabulary once */
  const char **text = hd_xcalloc(wc->n_words + 1, sizeof *text);
  for (size_t i = 0; i < wc->vocab.n_slots; i++) {
    const hd_lex_slot *sl = &wc->vocab.slots[i];
    if (sl->key_off != UINT32_MAX) text[sl->value] = wc->vocab.pool + sl->key_off;
  }
  for (uint32_t k = 2; k < wc->n_kept; k++) {
    uint32_t id = wc->orig_of[k], c = wc->cls[k];
    fprintf(out, "%s\t%s\t%u\n", text[id], wc->code[c], wc->freq[id]);
  }
  free(text);
  return ferror(out) ? -1 : 0;
}
