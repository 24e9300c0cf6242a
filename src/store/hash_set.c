/* hash_set.c: a thread-safe set of 64-bit content hashes (see hash_set.h). */
#include "store/hash_set.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

static size_t home(const hd_hash_set *s, uint64_t h) { return (size_t)((h * 0x9E3779B97F4A7C15ull) >> 17) & (s->cap - 1); }

void hd_hash_set_init(hd_hash_set *s) {
  memset(s, 0, sizeof *s);
  pthread_mutex_init(&s->mu, NULL);
}

void hd_hash_set_free(hd_hash_set *s) {
  free(s->t);
  pthread_mutex_destroy(&s->mu);
}

void hd_hash_set_clear(hd_hash_set *s) {
  pthread_mutex_lock(&s->mu);
  free(s->t);
  s->t = NULL;
  s->cap = s->n = 0;
  s->has_zero = 0;
  pthread_mutex_unlock(&s->mu);
}

/* The slot of h, or the empty slot where it would go. Lock held. */
static size_t find(const hd_hash_set *s, uint64_t h) {
  size_t i = home(s, h);
  while (s->t[i] && s->t[i] != h) i = (i + 1) & (s->cap - 1);
  return i;
}

int hd_hash_set_has(hd_hash_set *s, uint64_t h) {
  pthread_mutex_lock(&s->mu);
  int has = !h ? s->has_zero : s->cap && s->t[find(s, h)] == h;
  pthread_mutex_unlock(&s->mu);
  return has;
}

static void put(hd_hash_set *s, uint64_t h) {
  size_t i = find(s, h);
  if (s->t[i]) return;
  s->t[i] = h;
  s->n++;
}

void hd_hash_set_add(hd_hash_set *s, uint64_t h) {
  pthread_mutex_lock(&s->mu);
  if (!h) s->has_zero = 1;
  else {
    if (2 * (s->n + 1) > s->cap) {
      uint64_t *old = s->t;
      size_t old_cap = s->cap;
      s->cap = old_cap ? old_cap * 2 : 4096;
      s->t = hd_xcalloc(s->cap, sizeof *s->t);
      s->n = 0;
      for (size_t i = 0; i < old_cap; i++)
        if (old[i]) put(s, old[i]);
      free(old);
    }
    put(s, h);
  }
  pthread_mutex_unlock(&s->mu);
}

void hd_hash_set_remove(hd_hash_set *s, uint64_t h) {
  pthread_mutex_lock(&s->mu);
  if (!h) s->has_zero = 0;
  else if (s->cap && s->t[find(s, h)] == h) {
    /* backward-shift deletion keeps every probe chain unbroken */
    size_t i = find(s, h), j = i;
    for (;;) {
      j = (j + 1) & (s->cap - 1);
      if (!s->t[j]) break;
      size_t k = home(s, s->t[j]);
      /* t[j] may move to i if its home is not in (i, j] cyclically */
      if ((j > i && (k <= i || k > j)) || (j < i && (k <= i && k > j))) {
        s->t[i] = s->t[j];
        i = j;
      }
    }
    s->t[i] = 0;
    s->n--;
  }
  pthread_mutex_unlock(&s->mu);
}
