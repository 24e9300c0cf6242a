/*
 * test_hash_set.c: the store's set of content hashes answers exactly
 * (hash 0 included) through growth and through removals that must keep
 * every other hash's probe chain reachable.
 */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "store/hash_set.h"

/* spread values, plus colliding ones (same low bits after the multiply
 * are not predictable, so many values stress the chains) */
static uint64_t value(uint64_t i) { return i * 0xD6E8FEB86659FD93ull + (i & 3); }

int main(void) {
  hd_hash_set s;
  hd_hash_set_init(&s);
  CHECK(!hd_hash_set_has(&s, 0));
  CHECK(!hd_hash_set_has(&s, 42));
  enum { N = 50000 };
  for (uint64_t i = 1; i <= N; i++) hd_hash_set_add(&s, value(i));
  hd_hash_set_add(&s, value(7)); /* twice: one entry */
  CHECK(s.n == N);
  long missing = 0, extra = 0;
  for (uint64_t i = 1; i <= N; i++) missing += !hd_hash_set_has(&s, value(i));
  for (uint64_t i = N + 1; i <= 2 * N; i++) extra += hd_hash_set_has(&s, value(i));
  CHECK(missing == 0);
  CHECK(extra == 0);
  /* remove every third: the others stay, the removed are gone */
  for (uint64_t i = 1; i <= N; i += 3) hd_hash_set_remove(&s, value(i));
  hd_hash_set_remove(&s, value(2 * N + 5)); /* absent: nothing */
  long wrong = 0;
  for (uint64_t i = 1; i <= N; i++) wrong += hd_hash_set_has(&s, value(i)) != ((i - 1) % 3 != 0);
  CHECK(wrong == 0);
  hd_hash_set_add(&s, 0);
  CHECK(hd_hash_set_has(&s, 0));
  hd_hash_set_remove(&s, 0);
  CHECK(!hd_hash_set_has(&s, 0));
  hd_hash_set_clear(&s);
  CHECK(!hd_hash_set_has(&s, value(2)));
  hd_hash_set_add(&s, value(2));
  CHECK(hd_hash_set_has(&s, value(2)));
  hd_hash_set_free(&s);
  return check_done();
}
