/*
 * fhash.h: feature hashing for the learned taggers (cue, span): a
 * template number and one or two 32-bit values mixed into one well-spread
 * 32-bit feature index, with a single murmur3 finaliser per feature.
 *
 * A string value is hashed once (hd_fhash_str) and then mixed like any
 * number: the taggers hash each token's form once per article, not once
 * per feature template that looks at it (the forms are read by 20 to 40
 * templates per token). Strings of up to three bytes are packed, not
 * hashed: distinct short strings never collide.
 *
 * Header only but for hd_fmix32_all (fhash.c); no state: safe from any
 * thread.
 */
#ifndef HERALD_UTIL_FHASH_H
#define HERALD_UTIL_FHASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <xxhash.h>

/* murmur3's 32-bit finaliser: a bijection that spreads every input bit. */
static inline uint32_t hd_fmix32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

/* A string's value for features: up to three bytes packed with the length
 * in the top byte (so "a" and "a\0" differ), longer ones XXH3_64bits
 * folded to 32 bits (hd_fhash_fold: a caller holding the 64-bit hash
 * already, as the token views do, folds it instead). */
static inline uint32_t hd_fhash_fold(uint64_t h64) { return (uint32_t)(h64 ^ h64 >> 32); }

static inline uint32_t hd_fhash_str(const char *s, size_t n) {
  if (n <= 3) {
    uint32_t v = (uint32_t)n << 24;
    for (size_t i = 0; i < n; i++) v |= (uint32_t)(unsigned char)s[i] << (8 * i);
    return v;
  }
  return hd_fhash_fold(XXH3_64bits(s, n));
}

/* hd_feat1 and hd_feat2 before their finaliser: a caller with many
 * features collects these and mixes them all at once (hd_fmix32_all). */
static inline uint32_t hd_feat1_unmixed(uint32_t tmpl, uint32_t a) {
  return a * 0x9e3779b1u + tmpl * 0x7f4a7c15u + 0x165667b1u;
}
static inline uint32_t hd_feat2_unmixed(uint32_t tmpl, uint32_t a, uint32_t b) {
  return (a * 0x9e3779b1u) ^ (b * 0x85ebca6bu + 0x27d4eb2fu) ^ (tmpl * 0x7f4a7c15u);
}

/* Feature index of template tmpl with one value. */
static inline uint32_t hd_feat1(uint32_t tmpl, uint32_t a) { return hd_fmix32(hd_feat1_unmixed(tmpl, a)); }

/* Feature index of template tmpl with two values (order matters). */
static inline uint32_t hd_feat2(uint32_t tmpl, uint32_t a, uint32_t b) {
  return hd_fmix32(hd_feat2_unmixed(tmpl, a, b));
}

/* hd_fmix32 on h[0, n) in place, eight at a time (fhash.c: AVX2 or the
 * baseline, chosen at run time; the same bits either way). h has room
 * for n rounded up to eight: the entries past n are set to 0 and mixed
 * along. */
void hd_fmix32_all(uint32_t *h, size_t n);

#endif
