/*
 * wal_checkpoint.h: a SQLite store's WAL checkpoints on a thread of their
 * own, for the ingest's writer (`ingest -j 2` and more). SQLite's
 * automatic checkpoint runs inside the COMMIT that passes its page
 * count: on the writer thread it copied 64 MB of pages into the database
 * and synced it (0.3-0.5 s on Reuters-21578) while the corpus step and
 * the annotators waited on the full write queue. Here the writer's
 * connection only reports its WAL size after each commit (a WAL hook,
 * which replaces the automatic checkpoint) and a thread with its own
 * connection runs a PASSIVE checkpoint when the WAL passes `pages`
 * pages: the same pages reach the database file, the writer's next
 * transactions go on meanwhile (WAL allows one writer beside a
 * checkpoint), so the store's content is the same.
 *
 * Ownership: hd_ckpt_start returns the thread's handle (NULL: none
 * started: not a WAL file, or no thread; the automatic checkpoint is
 * left as it was); hd_ckpt_stop waits for a running checkpoint, ends the
 * thread, restores the automatic checkpoint on `db` and frees the handle.
 * Thread safety: hd_ckpt_now may be called from any thread; start and
 * stop from the thread that owns `db` while no transaction of it runs
 * on another.
 */
#ifndef HD_STORE_WAL_CHECKPOINT_H
#define HD_STORE_WAL_CHECKPOINT_H

#include <sqlite3.h>

typedef struct hd_ckpt hd_ckpt;

hd_ckpt *hd_ckpt_start(sqlite3 *db, int pages);
/* A checkpoint as soon as the thread is free (the close asks for one
 * before the identity join, so the last batch's pages are copied while
 * the join computes). */
void hd_ckpt_now(hd_ckpt *c);
void hd_ckpt_stop(hd_ckpt *c, sqlite3 *db);

/* The file db has open when its journal is a write-ahead log (only then
 * may another connection read or checkpoint beside its writer), else
 * NULL (an in-memory or temporary store, or another journal mode). */
const char *hd_wal_file(sqlite3 *db);

#endif
