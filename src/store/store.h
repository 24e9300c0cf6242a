/*
 * store.h: the corpus-wide stages behind `herald ingest`: near-duplicate
 * links (fingerprint.c), stories (cluster.c), cross-article identities,
 * and the writer of the store (schemas in docs/FORMAT.md): a SQLite file
 * (writer_sqlite.c) or a PostgreSQL database named by a postgresql://
 * URI (writer_pg.c), both behind writer.h. Internal: `hd_ingest` is the
 * backends' writer; reading goes through the public hd_store query API
 * (include/herald/store.h, query.c, sqlite_backend.c, pg_backend.c).
 *
 * Articles are added inside a transaction that is committed every
 * `batch` articles together with the clustering state it changed, so a
 * crash (even kill -9) loses at most the open batch and leaves a
 * consistent store; re-running the same ingest skips every stored article
 * (same xxh64 of the normalised input) and completes the rest.
 *
 * Ownership: hd_ingest_open/hd_ingest_close (close commits). Articles are
 * borrowed by hd_ingest_add, taken by hd_ingest_add_take. Memory: the LSH index (originals only) and
 * the clusterer (stories, terms) are held in memory and rebuilt from
 * the file at open: O(articles * 320 B + stories * 1 KB).
 * Complexity per article: bounded (see fingerprint.h, cluster.h) plus
 * O(mentions + quotes) row inserts and one FTS5 insert.
 */
#ifndef HD_STORE_H
#define HD_STORE_H

#include <sqlite3.h>
#include <stdint.h>

#include "text/article.h"
#include "corpus/cluster.h"
#include "corpus/fingerprint.h"

typedef struct {
  hd_fp_options fp;
  hd_cluster_options cluster;
  int batch; /* articles per transaction (default 4000) */
  const char *story_model; /* the learned join decision's model file (story_model.h), or NULL: the hand score */
  int writer_thread; /* SQLite: the rows written on a thread of their own (store.c); the same store */
} hd_store_options;

void hd_store_defaults(hd_store_options *o);

typedef struct hd_ingest hd_ingest;

/* Opens (creating if needed) the store at `path`. NULL on failure. */
hd_ingest *hd_ingest_open(const char *path, const hd_store_options *o, hd_err *err);
/* Commits the open batch and closes. Returns 0, or -1 if the commit failed. */
int hd_ingest_close(hd_ingest *s, hd_err *err);

/* The content hash of an article: xxh64 of its normalised input. */
uint64_t hd_article_hash(const hd_article *a);
/* 1 if an article with this hash is stored (or pending), else 0. */
int hd_ingest_has(hd_ingest *s, uint64_t hash);

/* The part of hd_ingest_add that reads the article alone (hd_corpus_prepare):
 * may run on any thread while another thread adds other articles. */
void hd_ingest_prepare(const hd_ingest *s, hd_article *a);
/* And the FTS5 tokens of its stored title and text (SQLite: fts_ahead.h);
 * thread-safe, into the article's arena. */
void hd_ingest_prepare_fts(hd_article *a);

/* Stores an annotated article (skips it, returning 1, if its hash is
 * already stored). 0 stored, 1 skipped, -1 error (err filled). */
int hd_ingest_add(hd_ingest *s, const hd_article *a, hd_err *err);
/* The same, taking the article: freed at once or, with the writer
 * thread, once its rows are written (so the caller need not wait). */
int hd_ingest_add_take(hd_ingest *s, hd_article *a, hd_err *err);
/* Commits the open batch now. */
int hd_ingest_commit(hd_ingest *s, hd_err *err);

/* Counts after the last add (hd_store_stats: herald/store.h). */
void hd_ingest_get_stats(const hd_ingest *s, hd_store_stats *st);
/* Batches that began by reloading the state another writer changed. */
long hd_ingest_reloads(const hd_ingest *s);


/* Opens an existing store for queries (read-only). NULL on failure. */
sqlite3 *hd_store_open_query(const char *path, hd_err *err);

/* 1 if the file system holding `path` (a file name) has no space left:
 * errors on a full disk are named as such, not as a broken store. */
int hd_disk_full(const char *path);

#endif
