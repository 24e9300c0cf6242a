/*
 * embed_train.c: hd_train_vectors (herald/train.h; `herald train vectors
 * -o models/vectors-en.bin PATH...`): word vectors for the clusterer's
 * dense channel (embed.h), learned from unlabelled news text by
 * skip-gram with negative sampling (Mikolov et al. 2013): each kept
 * token predicts the tokens within a window around it (the window
 * shrunk at random per token, frequent words subsampled) against
 * `negatives` words drawn from the unigram distribution^0.75.
 *
 * Tokens are the clusterer's word terms (hd_words, lower-cased; stop
 * words, words under two bytes and numbers dropped; English Snowball
 * stems), so a vector is looked up by the term the clusterer already
 * holds. Input: Reuters-21578 SGML (<TITLE>, <BODY>), JSON Lines
 * ("title" and "text"; labels never read) and plain text files;
 * directories are read recursively in sorted order. A document's tokens
 * form one sequence (windows do not cross documents).
 *
 * Deterministic: one thread, one xorshift generator with a fixed seed,
 * documents in input order; the same text gives the same bytes. After
 * training the vectors are centred (the count-weighted mean vector is
 * subtracted: it is shared by every word and would make all documents
 * alike) and quantised to int8 with a scale per row.
 *
 * Memory: O(tokens + vocabulary * dim). Time: O(epochs * tokens *
 * window * (negatives + 1) * dim).
 */
#include <cjson/cJSON.h>
#include <libstemmer.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "eval/tool.h"
#include "text/words.h"
#include "util/buf.h"
#include "util/file.h"

/* ---- the dictionary of stems ---- */

typedef struct {
  char *s;
  uint32_t len;
  uint64_t count;
  uint64_t hash;
} entry;

typedef struct {
  entry *e;
  size_t n, cap;
  uint32_t *table; /* id + 1, 0 = empty */
  size_t mask;
  uint32_t *tok; /* the token stream: dictionary ids */
  size_t n_tok, cap_tok;
  size_t *doc_end; /* end of each document in tok */
  size_t n_doc, cap_doc;
  struct sb_stemmer *stemmer;
} corpus;

static void grow(corpus *c) {
  size_t m = (c->mask + 1) * 2;
  uint32_t *t = hd_xcalloc(m, sizeof *t);
  for (size_t i = 0; i < c->n; i++) {
    size_t j = (size_t)c->e[i].hash & (m - 1);
    while (t[j]) j = (j + 1) & (m - 1);
    t[j] = (uint32_t)i + 1;
  }
  free(c->table);
  c->table = t;
  c->mask = m - 1;
}

static uint32_t intern(corpus *c, const char *s, size_t n) {
  uint64_t h = XXH3_64bits(s, n);
  size_t i = (size_t)h & c->mask;
  for (; c->table[i]; i = (i + 1) & c->mask) {
    entry *e = &c->e[c->table[i] - 1];
    if (e->hash == h && e->len == n && !memcmp(e->s, s, n)) return c->table[i] - 1;
  }
  entry e = {hd_xmalloc(n + 1), (uint32_t)n, 0, h};
  memcpy(e.s, s, n);
  e.s[n] = 0;
  HD_VEC_PUSH(c->e, c->n, c->cap, e);
  c->table[i] = (uint32_t)c->n;
  if (c->n * 2 > c->mask) grow(c);
  return (uint32_t)c->n - 1;
}

static int has_letter(const char *w, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!((w[i] >= '0' && w[i] <= '9') || w[i] == '.' || w[i] == '-' || w[i] == '\'')) return 1; /* as cluster.c */
  return 0;
}

/* One document's tokens, as the clusterer forms its word terms. */
static void add_text(corpus *c, const char *text, size_t len) {
  hd_words it;
  hd_word w;
  hd_words_init(&it, text, len);
  while (hd_words_next(&it, &w)) {
    if (w.len < 2 || !has_letter(w.w, w.len) || hd_is_stopword(w.w, w.len)) continue;
    const sb_symbol *st = sb_stemmer_stem(c->stemmer, (const sb_symbol *)w.w, (int)w.len);
    size_t sl = st ? (size_t)sb_stemmer_length(c->stemmer) : 0;
    if (!st || sl == 0) st = (const sb_symbol *)w.w, sl = w.len;
    uint32_t id = intern(c, (const char *)st, sl);
    c->e[id].count++;
    HD_VEC_PUSH(c->tok, c->n_tok, c->cap_tok, id);
  }
}

static void end_doc(corpus *c) {
  if (c->n_doc && c->doc_end[c->n_doc - 1] == c->n_tok) return;
  HD_VEC_PUSH(c->doc_end, c->n_doc, c->cap_doc, c->n_tok);
}

static int ends_with(const char *s, const char *suf) {
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

/* Reuters SGML: each <REUTERS> document's title and body, entities decoded. */
static void add_sgml(corpus *c, char *buf) {
  for (char *p = buf; (p = strstr(p, "<REUTERS")) != NULL;) {
    char *end = strstr(p, "</REUTERS>");
    if (!end) break;
    *end = 0;
    const char *tags[][2] = {{"<TITLE>", "</TITLE>"}, {"<BODY>", "</BODY>"}};
    for (int k = 0; k < 2; k++) {
      char *a = strstr(p, tags[k][0]);
      if (!a) continue;
      a += strlen(tags[k][0]);
      char *b = strstr(a, tags[k][1]);
      if (!b) continue;
      add_text(c, a, hd_sgml_decode(a, a, b));
    }
    end_doc(c);
    p = end + 1;
  }
}

static void add_jsonl(corpus *c, char *buf) {
  for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
    cJSON *j = cJSON_Parse(line);
    if (!j) continue;
    const char *keys[] = {"title", "text"};
    for (int k = 0; k < 2; k++) {
      const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, keys[k]);
      if (cJSON_IsString(v)) add_text(c, v->valuestring, strlen(v->valuestring));
    }
    cJSON_Delete(j);
    end_doc(c);
  }
}

/* One file of training text (hd_walk_sorted's visit). */
static int add_file(void *ctx, const char *path) {
  corpus *c = ctx;
  size_t len;
  char *buf = hd_read_file(path, &len);
  if (!buf) {
    fprintf(stderr, "herald train vectors: cannot read %s\n", path);
    return -1;
  }
  if (ends_with(path, ".sgm")) add_sgml(c, buf);
  else if (ends_with(path, ".jsonl")) add_jsonl(c, buf);
  else {
    add_text(c, buf, len);
    end_doc(c);
  }
  free(buf);
  return 0;
}

/* ---- skip-gram with negative sampling ---- */

static uint64_t rng_state;
static uint64_t next_rand(void) { /* xorshift64* */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545F4914F6CDD1Dull;
}
static double rand_unit(void) { return (double)(next_rand() >> 11) / 9007199254740992.0; }

static int by_count_desc(const void *a, const void *b, void *ctx) {
  const entry *e = ctx;
  const entry *x = &e[*(const uint32_t *)a], *y = &e[*(const uint32_t *)b];
  if (x->count != y->count) return x->count > y->count ? -1 : 1;
  return strcmp(x->s, y->s);
}

/* Insertion-free merge sort of ids by count (qsort_r is not portable C;
 * a stable merge sort keeps the order deterministic everywhere). */
static void sort_ids(uint32_t *v, size_t n, const entry *e) {
  if (n < 2) return;
  uint32_t *tmp = hd_xmalloc(n * sizeof *tmp);
  for (size_t width = 1; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) tmp[k++] = by_count_desc(&v[j], &v[i], (void *)e) < 0 ? v[j++] : v[i++];
      while (i < mid) tmp[k++] = v[i++];
      while (j < hi) tmp[k++] = v[j++];
    }
    memcpy(v, tmp, n * sizeof *v);
  }
  free(tmp);
}

static void put_u32(FILE *f, uint32_t v) {
  unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
  fwrite(b, 1, 4, f);
}

void hd_train_vectors_defaults(hd_train_vectors_opts *o) {
  *o = (hd_train_vectors_opts){0};
  o->out = "models/vectors-en.bin";
  o->dim = 64;
  o->max_words = 40000;
  o->min_count = 5;
  o->window = 5;
  o->negatives = 5;
  o->epochs = 5;
  o->seed = 1;
  o->alpha = 0.025;
  o->sample = 1e-4;
}

int hd_train_vectors(const hd_train_vectors_opts *o) {
  if (!o->n_paths || o->dim < 1 || o->dim > 1024 || o->window < 1 || o->epochs < 1 || o->max_words < 1) {
    fputs("herald train vectors: give text files or directories (dim 1..1024)\n", stderr);
    return HD_RUN_USAGE;
  }
  corpus c = {0};
  c.mask = 65535;
  c.table = hd_xcalloc(c.mask + 1, sizeof *c.table);
  c.stemmer = sb_stemmer_new("english", "UTF_8");
  int rc = HD_RUN_OK;
  for (size_t i = 0; i < o->n_paths; i++)
    if (hd_walk_sorted(o->paths[i], add_file, &c, "herald train vectors") != 0) rc = HD_RUN_FAILED;
  /* the vocabulary: the max_words most frequent stems seen min_count times */
  uint32_t *order = hd_xmalloc((c.n ? c.n : 1) * sizeof *order);
  for (size_t i = 0; i < c.n; i++) order[i] = (uint32_t)i;
  sort_ids(order, c.n, c.e);
  size_t V = 0;
  while (V < c.n && V < o->max_words && c.e[order[V]].count >= o->min_count) V++;
  int32_t *row = hd_xmalloc((c.n ? c.n : 1) * sizeof *row);
  for (size_t i = 0; i < c.n; i++) row[i] = -1;
  for (size_t r = 0; r < V; r++) row[order[r]] = (int32_t)r;
  uint64_t total = 0;
  for (size_t r = 0; r < V; r++) total += c.e[order[r]].count;
  fprintf(stderr, "herald train vectors: %zu documents, %zu tokens, %zu stems, vocabulary %zu (%llu tokens)\n",
          c.n_doc, c.n_tok, c.n, V, (unsigned long long)total);
  if (V < 2) {
    fputs("herald train vectors: too little text\n", stderr);
    rc = HD_RUN_USAGE;
  }
  uint32_t D = o->dim;
  float *in = NULL, *outv = NULL;
  if (rc != HD_RUN_USAGE) {
    rng_state = 0x9E3779B97F4A7C15ull ^ o->seed;
    in = hd_xmalloc(V * D * sizeof *in);
    outv = hd_xcalloc(V * D, sizeof *outv);
    for (size_t i = 0; i < V * D; i++) in[i] = (float)((rand_unit() - 0.5) / D);
    /* negatives: a table of rows in proportion to count^0.75 */
    size_t table_n = 1 << 22;
    uint32_t *neg = hd_xmalloc(table_n * sizeof *neg);
    double norm = 0, acc = 0;
    for (size_t r = 0; r < V; r++) norm += pow((double)c.e[order[r]].count, 0.75);
    size_t r = 0;
    acc = pow((double)c.e[order[0]].count, 0.75) / norm;
    for (size_t i = 0; i < table_n; i++) {
      neg[i] = (uint32_t)r;
      if ((double)(i + 1) / table_n > acc && r + 1 < V) acc += pow((double)c.e[order[++r]].count, 0.75) / norm;
    }
    /* keep probability per row (subsampling of frequent words) */
    float *keep = hd_xmalloc(V * sizeof *keep);
    for (size_t k = 0; k < V; k++) {
      double f = (double)c.e[order[k]].count, t = o->sample * (double)total;
      double p = t > 0 ? (sqrt(f / t) + 1) * t / f : 1;
      keep[k] = (float)(p > 1 ? 1 : p);
    }
    int32_t *sent = hd_xmalloc((c.n_tok ? c.n_tok : 1) * sizeof *sent);
    float *grad = hd_xmalloc(D * sizeof *grad);
    uint64_t steps = (uint64_t)o->epochs * total, done = 0;
    for (uint32_t ep = 0; ep < o->epochs; ep++) {
      size_t start = 0;
      for (size_t d = 0; d < c.n_doc; d++) {
        size_t end = c.doc_end[d], n = 0;
        for (size_t t = start; t < end; t++) {
          int32_t w = row[c.tok[t]];
          if (w < 0) continue;
          done++;
          if (keep[w] < 1 && rand_unit() > keep[w]) continue;
          sent[n++] = w;
        }
        start = end;
        double alpha = o->alpha * (1 - (double)done / (double)(steps + 1));
        if (alpha < o->alpha * 1e-4) alpha = o->alpha * 1e-4;
        for (size_t i = 0; i < n; i++) {
          size_t b = (size_t)(next_rand() % o->window);
          size_t lo = i + b >= o->window ? i + b - o->window : 0, hi = i + o->window - b;
          for (size_t j = lo; j <= hi && j < n; j++) {
            if (j == i) continue;
            float *v = in + (size_t)sent[j] * D;
            memset(grad, 0, D * sizeof *grad);
            for (uint32_t k = 0; k <= o->negatives; k++) {
              uint32_t target = k == 0 ? (uint32_t)sent[i] : neg[next_rand() % table_n];
              if (k > 0 && target == (uint32_t)sent[i]) continue;
              float *u = outv + (size_t)target * D;
              double z = 0;
              for (uint32_t x = 0; x < D; x++) z += (double)v[x] * u[x];
              double s = z > 6 ? 1 : z < -6 ? 0 : 1 / (1 + exp(-z));
              float g = (float)(((k == 0) - s) * alpha);
              for (uint32_t x = 0; x < D; x++) grad[x] += g * u[x];
              for (uint32_t x = 0; x < D; x++) u[x] += g * v[x];
            }
            for (uint32_t x = 0; x < D; x++) v[x] += grad[x];
          }
        }
      }
      fprintf(stderr, "herald train vectors: epoch %u done\n", ep + 1);
    }
    /* centre: subtract the count-weighted mean vector */
    double *mean = hd_xcalloc(D, sizeof *mean);
    for (size_t k = 0; k < V; k++)
      for (uint32_t x = 0; x < D; x++) mean[x] += (double)c.e[order[k]].count * in[k * D + x] / (double)total;
    for (size_t k = 0; k < V; k++)
      for (uint32_t x = 0; x < D; x++) in[k * D + x] -= (float)mean[x];
    free(mean);
    FILE *f = fopen(o->out, "wb");
    if (!f) rc = HD_RUN_FAILED;
    else {
      fwrite("HDVEC1\n", 1, 8, f);
      put_u32(f, D);
      uint32_t n_out = 0;
      for (size_t k = 0; k < V; k++) n_out += c.e[order[k]].len < 256;
      put_u32(f, n_out);
      signed char *q = hd_xmalloc(D);
      for (size_t k = 0; k < V; k++) {
        const entry *e = &c.e[order[k]];
        if (e->len >= 256) continue;
        float mx = 0;
        for (uint32_t x = 0; x < D; x++) mx = fabsf(in[k * D + x]) > mx ? fabsf(in[k * D + x]) : mx;
        float scale = mx > 0 ? mx / 127 : 0;
        for (uint32_t x = 0; x < D; x++) q[x] = (signed char)(scale > 0 ? lrintf(in[k * D + x] / scale) : 0);
        unsigned char l = (unsigned char)e->len;
        fwrite(&l, 1, 1, f);
        fwrite(e->s, 1, e->len, f);
        uint32_t u;
        memcpy(&u, &scale, 4);
        put_u32(f, u);
        fwrite(q, 1, D, f);
      }
      free(q);
      if (fclose(f) != 0) rc = HD_RUN_FAILED;
    }
    if (rc == HD_RUN_FAILED && !f) fprintf(stderr, "herald train vectors: cannot write %s\n", o->out);
    free(neg);
    free(keep);
    free(sent);
    free(grad);
  }
  free(in);
  free(outv);
  free(order);
  free(row);
  for (size_t i = 0; i < c.n; i++) free(c.e[i].s);
  free(c.e);
  free(c.table);
  free(c.tok);
  free(c.doc_end);
  sb_stemmer_delete(c.stemmer);
  return rc;
}
