/*
 * fhash.c: hd_fmix32_all (util/fhash.h), murmur3's 32-bit finaliser over
 * an array, eight lanes at a time with GCC vector extensions. On x86-64
 * it is compiled for AVX2 and the baseline and picked at load time;
 * integer operations only, so every path gives hd_fmix32's bits.
 */
#include "util/fhash.h"

typedef uint32_t v8u __attribute__((vector_size(32)));

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__) && !defined(HD_SPAN_PORTABLE)
__attribute__((target_clones("avx2", "default")))
#endif
void hd_fmix32_all(uint32_t *h, size_t n) {
  for (size_t k = n; k % 8; k++) h[k] = 0;
  for (size_t k = 0; k < n; k += 8) {
    v8u v;
    memcpy(&v, h + k, sizeof v);
    v ^= v >> 16;
    v *= 0x85ebca6bu;
    v ^= v >> 13;
    v *= 0xc2b2ae35u;
    v ^= v >> 16;
    memcpy(h + k, &v, sizeof v);
  }
}
