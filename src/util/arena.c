/* arena.c: the bump allocator with a cap, and per-thread scopes. See arena.h. */
#include "util/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN 16
#define FIRST_CHUNK ((size_t)64 << 10)

struct hd_arena_chunk {
  hd_arena_chunk *next;
  size_t size, used; /* bytes of data, bytes handed out */
  _Alignas(ALIGN) unsigned char data[];
};

/* Each block is preceded by its size, in ALIGN bytes. */
typedef union {
  size_t size;
  unsigned char pad[ALIGN];
} block_head;

static size_t round_up(size_t n) { return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1); }
static block_head *head_of(void *p) { return (block_head *)p - 1; }

void hd_arena_init(hd_arena *a, size_t cap) {
  memset(a, 0, sizeof *a);
  a->cap = cap;
}

static size_t cap_of(const hd_arena *a) { return a->cap ? a->cap : HD_ARENA_DEFAULT_CAP; }

/* A chunk holding at least `need` bytes, within the cap; NULL if none. */
static hd_arena_chunk *new_chunk(hd_arena *a, size_t need) {
  size_t size = a->head ? a->head->size * 2 : a->first ? a->first : FIRST_CHUNK;
  if (size < need) size = need;
  size_t room = cap_of(a) > a->held ? cap_of(a) - a->held : 0;
  if (size > room) size = need; /* near the cap: just what is asked */
  if (size > room || size > SIZE_MAX - sizeof(hd_arena_chunk)) {
    a->capped = 1;
    return NULL;
  }
  hd_arena_chunk *c = malloc(sizeof *c + size);
  while (!c && size > need) { /* the heap is short: ask for less, down to the request */
    size = size / 2 > need ? size / 2 : need;
    c = malloc(sizeof *c + size);
  }
  if (!c) return NULL;
  c->next = a->head;
  c->size = size;
  c->used = 0;
  a->head = c;
  a->held += size;
  if (a->held > a->peak) a->peak = a->held;
  return c;
}

void *hd_arena_alloc(hd_arena *a, size_t n) {
  if (n > SIZE_MAX / 2) return NULL;
  size_t need = sizeof(block_head) + round_up(n ? n : 1);
  hd_arena_chunk *c = a->head;
  if (!c || c->size - c->used < need) c = new_chunk(a, need);
  if (!c) return NULL;
  block_head *h = (block_head *)(c->data + c->used);
  c->used += need;
  h->size = need - sizeof *h;
  a->last = h + 1;
  return h + 1;
}

void *hd_arena_realloc(hd_arena *a, void *p, size_t n) {
  if (!p) return hd_arena_alloc(a, n);
  size_t old = head_of(p)->size;
  if (n <= old) return p;
  if (n > SIZE_MAX / 2) return NULL;
  hd_arena_chunk *c = a->head;
  size_t want = round_up(n);
  if (p == a->last && c && (unsigned char *)p + old == c->data + c->used && c->size - c->used >= want - old) {
    c->used += want - old; /* the newest block grows in place */
    head_of(p)->size = want;
    return p;
  }
  void *q = hd_arena_alloc(a, n);
  if (q) memcpy(q, p, old);
  return q;
}

char *hd_arena_strndup(hd_arena *a, const char *s, size_t n) {
  char *p = hd_arena_alloc(a, n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

int hd_arena_owns(const hd_arena *a, const void *p) {
  const unsigned char *u = p;
  for (const hd_arena_chunk *c = a->head; c; c = c->next)
    if (u >= c->data && u < c->data + c->size) return 1;
  return 0;
}

void hd_arena_reset(hd_arena *a) {
  hd_arena_chunk *c = a->head;
  while (c && c->next) { /* keep the oldest (first) chunk */
    hd_arena_chunk *next = c->next;
    a->held -= c->size;
    free(c);
    c = next;
  }
  a->head = c;
  if (c) c->used = 0;
  a->last = NULL;
}

void hd_arena_free(hd_arena *a) {
  hd_arena_reset(a);
  free(a->head);
  a->head = NULL;
  a->held = 0;
}

/* ---- scopes ---- */

static _Thread_local hd_scope *current;

void *hd_arena_move(hd_arena *to, void *p, size_t n) {
  size_t old = head_of(p)->size;
  void *q = hd_arena_alloc(to, n);
  if (q) memcpy(q, p, old < n ? old : n);
  return q;
}

void hd_scope_enter(hd_scope *s, hd_arena *a, jmp_buf *nomem) { hd_scope_enter2(s, a, NULL, nomem); }

void hd_scope_enter2(hd_scope *s, hd_arena *a, hd_arena *also, jmp_buf *nomem) {
  s->prev = current;
  s->arena = a;
  s->also = also;
  s->nomem = nomem;
  if (!nomem && current && current->arena == a) s->nomem = current->nomem;
  current = s;
}

void hd_scope_leave(hd_scope *s) { current = s->prev; }

hd_arena *hd_scope_arena(void) { return current ? current->arena : NULL; }
hd_arena *hd_scope_also(void) { return current ? current->also : NULL; }

void hd_scope_nomem(void) {
  if (current && current->nomem) longjmp(*current->nomem, 1);
}
