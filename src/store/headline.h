/*
 * headline.h: what both query backends (sqlite_backend.c, pg_backend.c)
 * compute the same way outside SQL: a story's headline (of the titles a
 * backend offers, its first originals by day, the one sharing most words
 * with the story's label; the earliest among equals, cleaned of a
 * trailing " | Outlet") and ISO days. O(words of label * words of title)
 * per title. Strings go into the caller's result pool.
 */
#ifndef HD_STORE_HEADLINE_H
#define HD_STORE_HEADLINE_H

#include <stddef.h>
#include <stdint.h>

#include "store/results.h"

typedef struct {
  char lw[40][32];
  size_t nl;
  const char *best; /* in the pool; NULL until a title is offered */
  int best_score;
} hd_headline;

void hd_headline_init(hd_headline *h, const char *label);
void hd_headline_offer(hd_headline *h, hd_pool *pool, const char *title, const char *outlet);

/* "YYYY-MM-DD" of a day number (days since 1970-01-01). */
void hd_iso_day(int64_t z, char out[16]);

#endif
