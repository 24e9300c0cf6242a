/*
 * lineage_table.h: wire lineage in the SQLite store (tables lineage and
 * lineage_paragraphs, docs/FORMAT.md; the rules are corpus/lineage.h).
 *
 * hd_lineage_update runs when an ingest closes, after the quote links:
 * every story that received an article since the last run
 * (meta.lineage_articles) is read in story order (date, then id; undated
 * last; its first HD_LINEAGE_MAX_ARTICLES articles). An article's lineage
 * reads only the HD_LINEAGE_WINDOW articles before it and its original,
 * so only the new articles and the WINDOW after each are recomputed (the
 * others' rows stay as the last run left them, which is what recomputing
 * them gives), from the texts of those and their windows: a close costs
 * O(new articles x WINDOW), not O(stories touched x their size). A story
 * that a merge changed (table lineage_stale) is recomputed whole. One
 * transaction. Stories are read and written in batches of 256 by the
 * calling thread while worker threads (one per core, up to 4) compute the
 * next batch; rows are written in story order, as with one thread.
 * hd_lineage_story_articles loads a story's articles the same way for a
 * reader that computes lineage at query time (the PostgreSQL store keeps
 * no lineage table), so both stores show the same figures.
 *
 * Ownership: nothing returned is kept by the callee.
 */
#ifndef HD_LINEAGE_TABLE_H
#define HD_LINEAGE_TABLE_H

#include <sqlite3.h>

#include "herald.h"

#define HD_LINEAGE_SCHEMA                                                                                    \
  "CREATE TABLE IF NOT EXISTS lineage(article_id INTEGER PRIMARY KEY, source_id INTEGER NOT NULL,\n"         \
  "  paragraphs INTEGER NOT NULL, source_paragraphs INTEGER NOT NULL, from_source INTEGER NOT NULL,\n"      \
  "  changed INTEGER NOT NULL, added INTEGER NOT NULL, cut INTEGER NOT NULL);\n"                             \
  "CREATE INDEX IF NOT EXISTS lineage_source ON lineage(source_id);\n"                                       \
  "CREATE TABLE IF NOT EXISTS lineage_paragraphs(article_id INTEGER NOT NULL, para INTEGER,\n"              \
  "  source_para INTEGER, status TEXT NOT NULL, sim REAL);\n"                                                \
  "CREATE INDEX IF NOT EXISTS lineage_paragraphs_article ON lineage_paragraphs(article_id);\n"

/* The stories whose article order changed other than by new articles (a
 * merge moved another story's articles in): the next update recomputes
 * them whole. Written by the ingest's writer, emptied by the update. */
#define HD_LINEAGE_STALE_SCHEMA "CREATE TABLE IF NOT EXISTS lineage_stale(story_id INTEGER PRIMARY KEY);\n"

/* The SQL that lists a story's articles in story order (?1 = story id):
 * id, text, dup_of, minhash, outlet, date. */
#define HD_LINEAGE_ARTICLES_SQL                                                                              \
  "SELECT id, text, dup_of, minhash, outlet, date FROM articles WHERE story_id = ?1"                        \
  " ORDER BY day IS NULL, day, id LIMIT 400"

/* Recomputes the lineage of the stories touched since the last call.
 * Returns 0, or -1 with err filled (path names the store). */
int hd_lineage_update(sqlite3 *db, const char *path, hd_err *err);

#endif
