/* buf.c: string builder, vectors and checked allocation. See buf.h. */
#include "util/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "util/arena.h"

/* Out of memory: unwinds to the stage runner inside a scope with a
 * target (that article fails with HD_ERR_NOMEM), else aborts. */
static void oom(void) {
  hd_scope_nomem();
  fputs("herald: out of memory\n", stderr);
  abort();
}

void *hd_xmalloc(size_t n) {
  hd_arena *a = hd_scope_arena();
  void *p = a ? hd_arena_alloc(a, n) : malloc(n ? n : 1);
  if (!p) oom();
  return p;
}

void *hd_xcalloc(size_t n, size_t m) {
  hd_arena *a = hd_scope_arena();
  if (!a) {
    void *p = calloc(n ? n : 1, m ? m : 1);
    if (!p) oom();
    return p;
  }
  if (m && n > SIZE_MAX / m) oom();
  void *p = hd_arena_alloc(a, n * m);
  if (!p) oom();
  return memset(p, 0, n * m);
}

void *hd_xrealloc(void *p, size_t n) {
  hd_arena *a = hd_scope_arena();
  void *q;
  hd_arena *also = a ? hd_scope_also() : NULL;
  if (a && (!p || hd_arena_owns(a, p))) q = hd_arena_realloc(a, p, n);
  else if (also && hd_arena_owns(also, p)) q = hd_arena_move(a, p, n);
  else q = realloc(p, n ? n : 1); /* heap blocks stay on the heap */
  if (!q) oom();
  return q;
}

void hd_free(void *p) {
  hd_arena *a = hd_scope_arena();
  if (p && a && (hd_arena_owns(a, p) || (hd_scope_also() && hd_arena_owns(hd_scope_also(), p))))
    return; /* released with the arena */
  free(p);
}

char *hd_xstrndup(const char *s, size_t n) {
  char *p = hd_xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *hd_xstrdup(const char *s) { return hd_xstrndup(s, strlen(s)); }

void *hd_vec_grow(void *v, size_t *cap, size_t need, size_t elem) {
  size_t c = *cap ? *cap : 8;
  while (c < need) c *= 2;
  v = hd_xrealloc(v, c * elem);
  *cap = c;
  return v;
}

void hd_buf_init(hd_buf *b, size_t max) {
  b->ptr = NULL;
  b->len = b->cap = 0;
  b->max = max;
  b->toobig = 0;
}

void hd_buf_free(hd_buf *b) {
  hd_free(b->ptr);
  hd_buf_init(b, b->max);
}

void hd_buf_clear(hd_buf *b) {
  b->len = 0;
  if (b->ptr) b->ptr[0] = 0;
}

int hd_buf_grow(hd_buf *b, size_t extra) {
  size_t need = b->len + extra + 1;
  if (b->max && need > b->max + 1) {
    b->toobig = 1;
    return -1;
  }
  if (need <= b->cap) return 0;
  size_t c = b->cap ? b->cap : 64;
  while (c < need) c *= 2;
  b->ptr = hd_xrealloc(b->ptr, c);
  b->cap = c;
  return 0;
}

int hd_buf_put(hd_buf *b, const void *p, size_t n) {
  if (hd_buf_grow(b, n)) return -1;
  if (n) memcpy(b->ptr + b->len, p, n);
  b->len += n;
  b->ptr[b->len] = 0;
  return 0;
}

int hd_buf_puts(hd_buf *b, const char *s) { return hd_buf_put(b, s, strlen(s)); }

int hd_buf_putc(hd_buf *b, char c) {
  if (hd_buf_grow(b, 1)) return -1;
  b->ptr[b->len++] = c;
  b->ptr[b->len] = 0;
  return 0;
}

int hd_buf_printf(hd_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || hd_buf_grow(b, (size_t)n)) return -1;
  va_start(ap, fmt);
  vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return 0;
}

char *hd_buf_take(hd_buf *b, size_t *len) {
  if (!b->ptr) hd_buf_put(b, "", 0);
  char *p = b->ptr;
  if (len) *len = b->len;
  hd_buf_init(b, b->max);
  return p;
}
