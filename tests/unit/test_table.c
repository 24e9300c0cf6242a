/* test_table.c: weight-table memory (src/util/table.h): a large table is
 * zeroed and starts on a 2 MB boundary, a small one is zeroed too, and
 * both stay on the heap inside an arena scope (freed with hd_table_free,
 * not by the arena). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util/arena.h"
#include "util/table.h"

static int all_zero(const unsigned char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i]) return 0;
  return 1;
}

int main(void) {
  size_t big = ((size_t)1 << 20) + 16; /* a span table's size: 1 MB and a pad row */
  unsigned char *t = hd_table_alloc(big);
  CHECK(t && ((uintptr_t)t & (((uintptr_t)2 << 20) - 1)) == 0);
  CHECK(all_zero(t, big));
  memset(t, 7, big); /* writable to its last byte */
  CHECK(t[big - 1] == 7);
  hd_table_free(t);
  unsigned char *s = hd_table_alloc(4096);
  CHECK(s && all_zero(s, 4096));
  hd_table_free(s);
  hd_arena a;
  hd_arena_init(&a, 0);
  hd_scope sc;
  hd_scope_enter(&sc, &a, NULL);
  unsigned char *u = hd_table_alloc((size_t)2 << 20);
  CHECK(u && !hd_arena_owns(&a, u)); /* never an arena's */
  hd_scope_leave(&sc);
  hd_table_free(u);
  hd_arena_free(&a);
  return check_done();
}
