/* test_arena.c: the per-article arena (src/util/arena.h): blocks are
 * aligned and keep their bytes when grown, the newest grows in place, the
 * cap refuses, reset keeps one chunk, scopes send hd_x* allocations to the
 * arena and unwind out-of-memory to their target. */
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util/arena.h"
#include "util/buf.h"

static void test_alloc_grow(void) {
  hd_arena a;
  hd_arena_init(&a, 0);
  char *p = hd_arena_alloc(&a, 10);
  CHECK(p && ((uintptr_t)p & 15) == 0);
  memcpy(p, "0123456789", 10);
  char *q = hd_arena_realloc(&a, p, 1000);
  CHECK(q == p); /* the newest block grows in place */
  CHECK(memcmp(q, "0123456789", 10) == 0);
  char *r = hd_arena_alloc(&a, 5);
  char *q2 = hd_arena_realloc(&a, q, 5000); /* not the newest: moved, bytes kept */
  CHECK(q2 != q && memcmp(q2, "0123456789", 10) == 0);
  CHECK(hd_arena_owns(&a, r) && hd_arena_owns(&a, q2));
  int local;
  CHECK(!hd_arena_owns(&a, &local));
  char *big = hd_arena_alloc(&a, 1 << 20); /* a chunk of its own */
  CHECK(big && hd_arena_owns(&a, big));
  size_t held = a.held;
  hd_arena_reset(&a);
  CHECK(a.held < held && a.held > 0); /* one chunk kept */
  CHECK(!hd_arena_owns(&a, big));
  hd_arena_free(&a);
  CHECK(a.held == 0 && a.head == NULL);
}

static void test_cap(void) {
  hd_arena a;
  hd_arena_init(&a, 200000);
  CHECK(hd_arena_alloc(&a, 100000) != NULL);
  CHECK(hd_arena_alloc(&a, 150000) == NULL);
  CHECK(a.capped);
  CHECK(a.held <= 200000);
  hd_arena_free(&a);
}

static void test_scope(void) {
  hd_arena a;
  hd_arena_init(&a, 0);
  void *heap = hd_xmalloc(16); /* no scope: the heap */
  hd_scope s;
  hd_scope_enter(&s, &a, NULL);
  char *p = hd_xmalloc(100);
  CHECK(hd_arena_owns(&a, p));
  int *v = NULL;
  size_t n = 0, cap = 0;
  for (int i = 0; i < 1000; i++) HD_VEC_PUSH(v, n, cap, i);
  CHECK(hd_arena_owns(&a, v) && v[999] == 999);
  hd_free(p); /* a no-op for arena blocks */
  heap = hd_xrealloc(heap, 64); /* a heap block stays on the heap */
  CHECK(!hd_arena_owns(&a, heap));
  hd_free(heap);
  hd_scope_leave(&s);
  CHECK(hd_scope_arena() == NULL);
  hd_arena_free(&a);
}

static void test_nomem_unwinds(void) {
  hd_arena a;
  hd_arena_init(&a, 100000);
  jmp_buf jb;
  hd_scope s;
  volatile int reached = 0, unwound = 0;
  hd_scope_enter(&s, &a, &jb);
  if (setjmp(jb) == 0) {
    hd_xmalloc(50000);
    reached = 1;
    hd_xmalloc(500000); /* past the cap: unwinds */
    reached = 2;
  } else {
    unwound = 1;
  }
  hd_scope_leave(&s);
  CHECK(reached == 1 && unwound == 1);
  CHECK(hd_scope_arena() == NULL);
  hd_arena_free(&a);
}

int main(void) {
  test_alloc_grow();
  test_cap();
  test_scope();
  test_nomem_unwinds();
  return check_done();
}
