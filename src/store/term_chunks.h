/*
 * term_chunks.h: how the clusterer's per-term state (document frequency
 * and posting list) is kept in a store: in chunks of HD_TERM_CHUNK
 * consecutive term ids, one row per chunk (cluster_chunks, docs/FORMAT.md),
 * so that a commit rewrites the few chunks whose terms changed instead of
 * one row per changed term (a batch changes the df of most of the terms
 * it mentions: with one row per term, rewriting them was a tenth of the
 * corpus step and grew with the vocabulary).
 *
 * A chunk's bytes: for each of its terms in id order, uint32 df, uint32 n,
 * then n uint32 story ids (0-based, oldest first); all native-endian, as
 * the stories' state blobs. The chunk of term id i is i / HD_TERM_CHUNK.
 *
 * Ownership: the caller owns the buffer; decoding borrows the bytes.
 * Complexity: O(bytes).
 */
#ifndef HD_STORE_TERM_CHUNKS_H
#define HD_STORE_TERM_CHUNKS_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define HD_TERM_CHUNK 256

/* Appends one term's state. */
void hd_term_chunk_put(hd_buf *b, uint32_t df, const uint32_t *post, uint32_t n_post);

/* Reads the next term's state at *pos (advanced past it): *df, the
 * posting list as `*n_post` ids at *post (unaligned bytes: copy them).
 * Returns 1 read, 0 at the end, -1 if the bytes are malformed. */
int hd_term_chunk_next(const void *chunk, size_t len, size_t *pos, uint32_t *df, const void **post, uint32_t *n_post);

#endif
