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
 * transaction. Stories are read in batches of 256 while worker threads
 * (one per core, up to 4) compute the previous batch; rows are written in
 * story order, as with one thread. The reading and computing can start
 * earlier, on a connection of its own (hd_lineage_start), so that it runs
 * while the identities are joined rather than after.
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

/* Reading and computing the lineage ahead of writing it: a thread with a
 * read-only connection of its own (WAL stores only: its snapshot does not
 * block the writer) reads the touched stories from the last commit and
 * computes their rows while the writer's thread joins identities and
 * links quotes; at most 32 batches (8,192 stories, their texts dropped)
 * wait for the writer, so memory stays bounded. */
typedef struct hd_lineage_ahead hd_lineage_ahead;

/* Starts it on the store db (its file; no transaction pending); NULL
 * when it cannot (then hd_lineage_update does all the work). */
hd_lineage_ahead *hd_lineage_start(sqlite3 *db);

/* Stops and frees what hd_lineage_start returned, writing nothing. */
void hd_lineage_cancel(hd_lineage_ahead *ahead);

/* Recomputes the lineage of the stories touched since the last call, in
 * one transaction on db; with `ahead` (taken and freed) the rows are the
 * ones it computed, else this thread reads and computes them. The tables
 * it reads (articles, lineage_stale, meta.lineage_articles) must not have
 * changed since hd_lineage_start. Returns 0, or -1 with err filled (path
 * names the store). */
int hd_lineage_update(sqlite3 *db, const char *path, hd_lineage_ahead *ahead, hd_err *err);

#endif
