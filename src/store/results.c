/* results.c: the string pool of query results (see results.h). */
#include "store/results.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

#define BLOCK 8192

typedef struct block {
  struct block *next;
  size_t used, cap;
  char data[];
} block;

struct hd_pool {
  block *head;
};

hd_pool *hd_pool_new(void) { return hd_xcalloc(1, sizeof(hd_pool)); }

void hd_pool_free(hd_pool *p) {
  if (!p) return;
  for (block *b = p->head, *next; b; b = next) {
    next = b->next;
    free(b);
  }
  free(p);
}

static char *pool_alloc(hd_pool *p, size_t n) {
  block *b = p->head;
  if (!b || b->cap - b->used < n) {
    size_t cap = n > BLOCK ? n : BLOCK;
    block *nb = hd_xmalloc(sizeof *nb + cap);
    nb->used = 0;
    nb->cap = cap;
    /* a block made for one long string goes behind the current one, so
     * the current one keeps filling */
    if (b && cap > BLOCK) {
      nb->next = b->next;
      b->next = nb;
    } else {
      nb->next = b;
      p->head = nb;
    }
    b = nb;
  }
  char *r = b->data + b->used;
  b->used += n;
  return r;
}

const char *hd_pool_strndup(hd_pool *p, const char *s, size_t n) {
  if (!s) return NULL;
  char *r = pool_alloc(p, n + 1);
  memcpy(r, s, n);
  r[n] = 0;
  return r;
}

const char *hd_pool_strdup(hd_pool *p, const char *s) { return s ? hd_pool_strndup(p, s, strlen(s)) : NULL; }
