/*
 * headline.h: a story's headline, the title a reader would give it: of the
 * story's first 50 originals with a title (by day, then id), the title
 * sharing the most words with the story's label (its top entities and
 * terms, hd_cluster_label); the earliest among equals; a trailing
 * " | Outlet" / " - Outlet" naming the article's own outlet is cut.
 *
 * The writer (store.c) computes it when it saves a story at commit and
 * keeps it in stories.headline; readers use that column, and compute it
 * only for a store written before the column existed.
 *
 * Ownership: the returned string is malloc'd (the caller frees it); the
 * statement is the caller's, reset before returning.
 * Complexity: O(50 titles x label words) plus the indexed look-up.
 */
#ifndef HD_HEADLINE_H
#define HD_HEADLINE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* The SQL of the titles statement (?1 = story id). */
#define HD_HEADLINE_SQL                                                                       \
  "SELECT title, outlet FROM articles WHERE story_id = ?1 AND dup_of IS NULL"                 \
  " AND title IS NOT NULL AND title != '' ORDER BY day IS NULL, day, id LIMIT 50"

/* The headline of story `id` (stored id) given its label, or NULL when no
 * original has a title; *rc gets SQLITE_DONE or the failing step's code. */
char *hd_story_headline(sqlite3_stmt *titles, int64_t id, const char *label, int *rc);

/* The same choice for any backend (the PostgreSQL writer and reader):
 * init with the label, offer the titles in HD_HEADLINE_SQL's order, take
 * the headline (malloc'd, or NULL when no title was offered). */
typedef struct {
  char lw[40][32];
  size_t nl;
  char *best;
  int best_score;
} hd_headline;
void hd_headline_init(hd_headline *h, const char *label);
void hd_headline_offer(hd_headline *h, const char *title, const char *outlet);
char *hd_headline_take(hd_headline *h);

/* "YYYY-MM-DD" of a day number (days since 1970-01-01). */
void hd_iso_day(int64_t z, char out[16]);

#endif
