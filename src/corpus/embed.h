/*
 * embed.h: word vectors for the clusterer's dense channel. A table of
 * stems (the clusterer's own terms: hd_words, stop words and numbers
 * dropped, English Snowball stems) to small dense vectors, learned from
 * unlabelled news text by skip-gram with negative sampling
 * (hd_embed_train, `herald train vectors`), single-threaded with a fixed
 * seed: the same text gives the same bytes.
 *
 * File (models/vectors-en.bin): "HDVEC1\n\0", u32 dim, u32 n (little
 * endian), then n records: u8 stem length, the stem, f32 scale, dim
 * int8 (the vector is scale * int8). Loaded as untrusted input: every
 * length and count checked.
 *
 * Ownership: hd_embed_load/hd_embed_free; read-only once loaded, may be
 * shared between threads. Complexity: lookup O(stem length); training
 * O(epochs * tokens * window * (negatives + 1) * dim).
 */
#ifndef HD_EMBED_H
#define HD_EMBED_H

#include <stddef.h>
#include <stdint.h>

#include "herald.h"

typedef struct hd_embed hd_embed;

hd_embed *hd_embed_load(const char *path, hd_err *err);
void hd_embed_free(hd_embed *e);
uint32_t hd_embed_dim(const hd_embed *e);
/* The row of a stem, or -1 when it has no vector. */
int32_t hd_embed_find(const hd_embed *e, const char *stem, size_t len);
/* The vector of a row (dim floats). */
const float *hd_embed_row(const hd_embed *e, int32_t row);

#endif
