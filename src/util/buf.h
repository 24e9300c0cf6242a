/*
 * buf.h: the one growable string builder (always NUL-terminated, with a
 * size cap like curl's dynbuf) and the one non-owning slice.
 *
 * Ownership: an hd_buf owns its bytes; hd_buf_take moves them to the
 * caller, who frees them with hd_free() (free() outside arena scopes).
 * Slices never own. Inside an arena scope (util/arena.h) the bytes live
 * in the scope's arena.
 */
#ifndef HD_BUF_H
#define HD_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  char *ptr;
  size_t len, cap;
  size_t max; /* 0 = no cap; otherwise appends past it fail */
  int toobig; /* set once an append hit the cap */
} hd_buf;

typedef struct {
  const char *ptr;
  size_t len;
} hd_slice;

void hd_buf_init(hd_buf *b, size_t max);
void hd_buf_free(hd_buf *b);
void hd_buf_clear(hd_buf *b);
int hd_buf_grow(hd_buf *b, size_t extra); /* 0 ok, -1 cap/nomem */
int hd_buf_put(hd_buf *b, const void *p, size_t n);
int hd_buf_puts(hd_buf *b, const char *s);
int hd_buf_putc(hd_buf *b, char c);
int hd_buf_printf(hd_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *hd_buf_take(hd_buf *b, size_t *len); /* caller frees */

/* Growable array of T: `T *v; size_t n, cap;` then HD_VEC_PUSH(v, n, cap, x).
 * Aborts on allocation failure (no partial state to unwind). */
void *hd_vec_grow(void *v, size_t *cap, size_t need, size_t elem);
#define HD_VEC_PUSH(v, n, cap, x)                                        \
  do {                                                                   \
    if ((n) >= (cap)) (v) = hd_vec_grow((v), &(cap), (n) + 1, sizeof *(v)); \
    (v)[(n)++] = (x);                                                    \
  } while (0)

/* Checked allocation. Inside an arena scope (util/arena.h) blocks come
 * from the scope's arena and out-of-memory unwinds to the stage runner;
 * elsewhere from the heap, and failure aborts with a message. Free them
 * with hd_free, which leaves arena blocks to the arena. */
void *hd_xmalloc(size_t n);
void hd_free(void *p);
void *hd_xcalloc(size_t n, size_t m);
void *hd_xrealloc(void *p, size_t n);
char *hd_xstrdup(const char *s);
char *hd_xstrndup(const char *s, size_t n);

#endif
