/*
 * arena.h: the one arena: a bump allocator with a byte cap, one per
 * article (DESIGN.md, docs/pipeline.md).
 *
 * Memory comes from a short list of chunks (the first 64 KiB, each next
 * one at least twice the last), so an article costs a handful of heap
 * allocations however many layers and scratch arrays its stages build.
 * Every block carries its size, so the last block grows in place and a
 * vector that doubles costs about twice its final size. Nothing is freed
 * one by one: hd_arena_reset releases every block at once and keeps the
 * first chunk for the next article; hd_arena_free returns it all.
 *
 * The cap bounds the bytes the arena may take from the heap. A request
 * past the cap, or a malloc failure, is "out of memory" for this arena:
 * inside an hd_scope with a jump target (hd_run_stages) it unwinds to the
 * stage runner, which fails that article with HD_ERR_NOMEM and lets the
 * batch go on; without one it returns NULL from the hd_arena_* calls and
 * aborts with a message from the hd_x* calls (buf.h).
 *
 * Scopes: while a stage runs, hd_scope_enter makes the article's arena
 * the calling thread's current arena; hd_xmalloc, hd_xcalloc,
 * hd_xrealloc, hd_vec_grow and hd_buf then allocate from it, and hd_free
 * of a block it owns does nothing. So stage code written with the hd_x*
 * functions and hd_free keeps every layer and every scratch array in the
 * article's arena without passing the arena around, and memory allocated
 * outside any scope (models, readers, the store) stays on the heap.
 * Scopes nest and are per thread (_Thread_local): threads annotating
 * different articles never share one.
 *
 * Complexity: O(1) per allocation (amortised), O(chunks) per reset and
 * ownership test (chunks <= ~40 for any cap).
 */
#ifndef HD_ARENA_H
#define HD_ARENA_H

#include <setjmp.h>
#include <stddef.h>

typedef struct hd_arena_chunk hd_arena_chunk;

typedef struct {
  hd_arena_chunk *head; /* newest chunk first */
  size_t cap;           /* bytes the chunks may total; 0 = HD_ARENA_DEFAULT_CAP */
  size_t held;          /* bytes the chunks total now */
  size_t peak;          /* the largest `held` since init */
  void *last;           /* the newest block (grows in place) */
  size_t first;         /* size of the first chunk; 0 = 64 KiB */
  int capped;           /* a request was refused for the cap (not by the heap) */
} hd_arena;

#define HD_ARENA_DEFAULT_CAP ((size_t)1 << 30) /* 1 GiB per article */

void hd_arena_init(hd_arena *a, size_t cap);
/* Releases every block; keeps the first chunk. */
void hd_arena_reset(hd_arena *a);
/* Returns every chunk to the heap. */
void hd_arena_free(hd_arena *a);

/* A block of n bytes aligned for any type, or NULL (see above). */
void *hd_arena_alloc(hd_arena *a, size_t n);
/* Grows or shrinks a block of this arena (NULL p: a new block), keeping
 * its bytes; NULL when out of memory (p is then still valid). */
void *hd_arena_realloc(hd_arena *a, void *p, size_t n);
char *hd_arena_strndup(hd_arena *a, const char *s, size_t n);
/* Does p point into one of a's chunks? */
int hd_arena_owns(const hd_arena *a, const void *p);

/* A copy of arena block p (of any arena) resized to n bytes, in `to`. */
void *hd_arena_move(hd_arena *to, void *p, size_t n);

/* ---- scopes ---- */
typedef struct hd_scope {
  struct hd_scope *prev;
  hd_arena *arena; /* new blocks come from here */
  hd_arena *also;  /* blocks of this arena count as arena memory too
                      (grown by moving them into `arena`), or NULL */
  jmp_buf *nomem;  /* where out-of-memory unwinds to, or NULL */
} hd_scope;

/* Makes `a` the thread's current arena until hd_scope_leave. `nomem`
 * may be NULL: then an enclosing scope's target for the same arena is
 * kept, else out-of-memory aborts. */
void hd_scope_enter(hd_scope *s, hd_arena *a, jmp_buf *nomem);
/* The same with a second arena whose blocks stage code may grow or free
 * (the article's layers while a stage allocates its scratch). */
void hd_scope_enter2(hd_scope *s, hd_arena *a, hd_arena *also, jmp_buf *nomem);
void hd_scope_leave(hd_scope *s);
/* The thread's current arena (and its second one), or NULL. */
hd_arena *hd_scope_arena(void);
hd_arena *hd_scope_also(void);
/* Out of memory in the current scope: unwinds to its target; returns
 * only when there is none. */
void hd_scope_nomem(void);

#endif
