/*
 * test_fhash.c: feature hashing for the learned taggers (util/fhash.h):
 * short strings are packed without collisions (length included), longer
 * ones are XXH3 folded (so a token view that keeps the 64-bit key gets
 * the same value), two-value features depend on the order of the values,
 * features spread evenly over a 16-bit bucket table and the finaliser run
 * eight at a time gives the one-at-a-time bits; plus the map's
 * look-up by a hash the caller already has.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "check.h"
#include "util/fhash.h"
#include "util/map.h"

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static void short_strings_pack(void) {
  CHECK(hd_fhash_str("a", 1) != hd_fhash_str("a\0", 2)); /* the length is part of the value */
  CHECK(hd_fhash_str("", 0) != hd_fhash_str("\0", 1));
  CHECK(hd_fhash_str("ab", 2) != hd_fhash_str("ba", 2));
  /* every string of one to three lower-case letters has its own value */
  static uint32_t seen[26 + 26 * 26 + 26 * 26 * 26];
  size_t n = 0;
  char s[3];
  for (int len = 1; len <= 3; len++)
    for (int i = 0; i < (len == 1 ? 26 : len == 2 ? 676 : 17576); i++) {
      for (int k = 0, v = i; k < len; k++, v /= 26) s[k] = (char)('a' + v % 26);
      seen[n++] = hd_fhash_str(s, (size_t)len);
    }
  qsort(seen, n, sizeof *seen, cmp_u32);
  int dup = 0;
  for (size_t i = 1; i < n; i++) dup |= seen[i] == seen[i - 1];
  CHECK(!dup);
}

static void long_strings_fold(void) {
  const char *w = "announced";
  CHECK(hd_fhash_str(w, strlen(w)) == hd_fhash_fold(XXH3_64bits(w, strlen(w))));
  CHECK(hd_fhash_str("said", 4) != hd_fhash_str("says", 4));
}

static void features_spread(void) {
  CHECK(hd_feat2(7, 1, 2) != hd_feat2(7, 2, 1));
  CHECK(hd_feat1(3, 5) != hd_feat1(4, 5));
  /* 40 templates x 3,000 small values into 65,536 buckets: about as many
   * distinct buckets as uniform hashing gives (1 - e^-1.83 = 84% of the
   * features land in a bucket of their own or share as chance has it) */
  enum { BUCKETS = 1 << 16, TEMPLATES = 40, VALUES = 3000 };
  unsigned char *hit = calloc(BUCKETS, 1);
  size_t used = 0;
  for (uint32_t t = 0; t < TEMPLATES; t++)
    for (uint32_t v = 0; v < VALUES; v++) {
      uint32_t b = hd_feat1(t, v) & (BUCKETS - 1);
      used += !hit[b];
      hit[b] = 1;
    }
  double expect = BUCKETS * (1 - 0.160); /* e^-(120000/65536) = 0.160 */
  CHECK(used > expect * 0.98 && used < expect * 1.02);
  free(hit);
}

/* hd_fmix32_all gives hd_fmix32's bits for every entry whatever the
 * count, and zeroes (then mixes) the room up to a multiple of eight. */
static void mix_all_matches(void) {
  for (size_t n = 0; n <= 24; n++) {
    uint32_t h[24], want[24];
    for (size_t k = 0; k < 24; k++) h[k] = want[k] = (uint32_t)(k * 0x9e3779b9u + n);
    hd_fmix32_all(h, n);
    int same = 1;
    for (size_t k = 0; k < n; k++) same &= h[k] == hd_fmix32(want[k]);
    for (size_t k = n; k % 8; k++) same &= h[k] == hd_fmix32(0);
    CHECK(same);
  }
  uint32_t f[8] = {hd_feat1_unmixed(3, 5), hd_feat2_unmixed(7, 1, 2)};
  hd_fmix32_all(f, 2);
  CHECK(f[0] == hd_feat1(3, 5) && f[1] == hd_feat2(7, 1, 2));
}

static void map_by_hash(void) {
  hd_map m;
  hd_map_init(&m);
  *hd_map_put(&m, "claimed", 7, NULL) = 42;
  uint64_t h = XXH3_64bits("claimed", 7);
  CHECK(hd_map_get_hashed(&m, h, "claimed", 7) && *hd_map_get_hashed(&m, h, "claimed", 7) == 42);
  CHECK(hd_map_get_hashed(&m, XXH3_64bits("claims", 6), "claims", 6) == NULL);
  hd_map_free(&m);
}

int main(void) {
  short_strings_pack();
  long_strings_fold();
  features_spread();
  mix_all_matches();
  map_by_hash();
  return check_done();
}
