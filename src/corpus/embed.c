/*
 * embed.c: word vectors for the clusterer's dense channel: load and look
 * up (see embed.h for the file, ownership and complexity). The trainer
 * is embed_train.c.
 */
#include "corpus/embed.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "util/buf.h"
#include "util/file.h"

struct hd_embed {
  uint32_t dim, n;
  float *vec;       /* n * dim */
  uint64_t *hash;   /* per row: the stem's hash */
  int32_t *table;   /* open addressing: row + 1, 0 = empty */
  size_t mask;
};

#define MAGIC "HDVEC1\n"
#define MAGIC_LEN 8

static uint32_t get_u32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static float get_f32(const unsigned char *p) {
  uint32_t u = get_u32(p);
  float f;
  memcpy(&f, &u, sizeof f);
  return f;
}

void hd_embed_free(hd_embed *e) {
  if (!e) return;
  free(e->vec);
  free(e->hash);
  free(e->table);
  free(e);
}

uint32_t hd_embed_dim(const hd_embed *e) { return e->dim; }
const float *hd_embed_row(const hd_embed *e, int32_t row) { return e->vec + (size_t)row * e->dim; }

int32_t hd_embed_find(const hd_embed *e, const char *stem, size_t len) {
  uint64_t h = XXH3_64bits(stem, len);
  for (size_t i = (size_t)h & e->mask; e->table[i]; i = (i + 1) & e->mask)
    if (e->hash[e->table[i] - 1] == h) return e->table[i] - 1;
  return -1;
}

hd_embed *hd_embed_load(const char *path, hd_err *err) {
  size_t len;
  unsigned char *buf = (unsigned char *)hd_read_file(path, &len);
  if (!buf) {
    hd_err_set(err, HD_ERR_IO, path, 0, "cannot read word vectors");
    return NULL;
  }
  hd_embed *e = NULL;
  const char *why = NULL;
  if (len < MAGIC_LEN + 8 || memcmp(buf, MAGIC, MAGIC_LEN) != 0) why = "not a herald word-vector file";
  uint32_t dim = why ? 0 : get_u32(buf + MAGIC_LEN), n = why ? 0 : get_u32(buf + MAGIC_LEN + 4);
  if (!why && (dim < 1 || dim > 1024 || n < 1 || n > (len - MAGIC_LEN - 8) / (dim + 6))) why = "bad size";
  if (!why) {
    e = hd_xcalloc(1, sizeof *e);
    e->dim = dim;
    e->n = n;
    e->vec = hd_xmalloc((size_t)n * dim * sizeof *e->vec);
    e->hash = hd_xmalloc((size_t)n * sizeof *e->hash);
    e->mask = 1;
    while (e->mask < (size_t)n * 2) e->mask <<= 1;
    e->table = hd_xcalloc(e->mask, sizeof *e->table);
    e->mask--;
    size_t p = MAGIC_LEN + 8;
    for (uint32_t r = 0; r < n && !why; r++) {
      if (p >= len || buf[p] == 0 || p + 1 + buf[p] + 4 + dim > len) {
        why = "truncated record";
        break;
      }
      size_t sl = buf[p];
      const char *stem = (const char *)buf + p + 1;
      float scale = get_f32(buf + p + 1 + sl);
      if (!(scale >= 0 && scale < 1e6f)) {
        why = "bad scale";
        break;
      }
      const signed char *q = (const signed char *)buf + p + 1 + sl + 4;
      for (uint32_t k = 0; k < dim; k++) e->vec[(size_t)r * dim + k] = scale * q[k];
      if (hd_embed_find(e, stem, sl) >= 0) {
        why = "a stem twice";
        break;
      }
      uint64_t h = XXH3_64bits(stem, sl);
      e->hash[r] = h;
      size_t i = (size_t)h & e->mask;
      while (e->table[i]) i = (i + 1) & e->mask;
      e->table[i] = (int32_t)r + 1;
      p += 1 + sl + 4 + dim;
    }
    if (!why && p != len) why = "trailing bytes";
  }
  free(buf);
  if (why) {
    hd_err_set(err, HD_ERR_MODEL, path, 0, "word vectors: %s", why);
    hd_embed_free(e);
    return NULL;
  }
  return e;
}
