/*
 * hash32.h: XXH32 for the short keys of the attribution features (words,
 * small integers), inlined. For inputs under 16 bytes XXH32 is a few
 * multiply-rotate steps; the library call and its set-up cost more than
 * that (a tenth of the stage's instructions went to it). The result is
 * XXH32's own, bit for bit (longer inputs call the library), so the
 * models' hashed features are unchanged. No memory is owned.
 */
#ifndef HD_ATTRIB_HASH32_H
#define HD_ATTRIB_HASH32_H

#include <stdint.h>
#include <string.h>
#include <xxhash.h>

static inline uint32_t hd_rotl32(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

static inline uint32_t hd_xxh32(const void *data, size_t len, uint32_t seed) {
  if (len >= 16) return XXH32(data, len, seed);
  const unsigned char *p = data;
  uint32_t h = seed + 0x165667B1u + (uint32_t)len;
  for (; len >= 4; p += 4, len -= 4) {
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    h = hd_rotl32(h + v * 0xC2B2AE3Du, 17) * 0x27D4EB2Fu;
  }
  for (; len > 0; p++, len--) h = hd_rotl32(h + *p * 0x165667B1u, 11) * 0x9E3779B1u;
  h ^= h >> 15;
  h *= 0x85EBCA77u;
  h ^= h >> 13;
  h *= 0xC2B2AE3Du;
  h ^= h >> 16;
  return h;
}

#endif
