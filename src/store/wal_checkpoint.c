/*
 * wal_checkpoint.c: the checkpoint thread of wal_checkpoint.h. One
 * mutex and one condition variable: the WAL hook (on the writer's thread,
 * after each commit) or hd_ckpt_now sets `want`; the thread runs one
 * PASSIVE checkpoint per request on its own connection, opened read-write
 * on the same file. A failed or partial checkpoint is harmless (the next
 * one, or the close's TRUNCATE checkpoint, copies what is left).
 * Complexity: what SQLite's checkpoint costs, off the writer's thread.
 */
#include "store/wal_checkpoint.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "herald/timeline.h"

struct hd_ckpt {
  pthread_t th;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  char *path;
  int pages; /* the WAL size (pages) that asks for a checkpoint */
  int want, stop;
};

/* After each commit on the writer's connection. The WAL starts again from
 * its beginning only when a write transaction begins with every frame
 * copied, and the writer's batches follow each other at once, so the
 * thread's checkpoints alone would let the WAL grow with the store: past
 * RESTART_AT times `pages` the writer checkpoints itself (PASSIVE: what
 * the thread copied is not copied again, so it costs the last batch's
 * pages; busy if the thread is at it: tried again at the next commit) and
 * its next batch starts the WAL again. */
#define RESTART_AT 4
static int wal_hook(void *ud, sqlite3 *db, const char *name, int pages) {
  hd_ckpt *c = ud;
  if (pages >= RESTART_AT * c->pages) sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  else if (pages >= c->pages) hd_ckpt_now(c);
  return SQLITE_OK;
}

static void *run(void *arg) {
  hd_ckpt *c = arg;
  hd_tl_thread("ckpt");
  sqlite3 *db = NULL;
  /* a fresh connection knows the file is in WAL mode once it has read it */
  if (sqlite3_open_v2(c->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
      sqlite3_exec(db, "SELECT 1 FROM sqlite_schema LIMIT 1", NULL, NULL, NULL) != SQLITE_OK) {
    sqlite3_close(db);
    db = NULL;
  }
  pthread_mutex_lock(&c->mu);
  for (;;) {
    while (!c->want && !c->stop) pthread_cond_wait(&c->cv, &c->mu);
    if (!c->want) break; /* stopped, nothing asked */
    c->want = 0;
    pthread_mutex_unlock(&c->mu);
    hd_tl_mark t = HD_TL_START();
    if (db) sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    HD_TL_SPAN("checkpoint", t);
    pthread_mutex_lock(&c->mu);
  }
  pthread_mutex_unlock(&c->mu);
  sqlite3_close(db);
  return NULL;
}

const char *hd_wal_file(sqlite3 *db) {
  const char *path = sqlite3_db_filename(db, "main");
  if (!path || !*path) return NULL;
  sqlite3_stmt *st;
  int wal = 0;
  if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL) != SQLITE_OK) return NULL;
  if (sqlite3_step(st) == SQLITE_ROW) {
    const char *m = (const char *)sqlite3_column_text(st, 0);
    wal = m && !strcmp(m, "wal");
  }
  sqlite3_finalize(st);
  return wal ? path : NULL;
}

hd_ckpt *hd_ckpt_start(sqlite3 *db, int pages) {
  const char *path = hd_wal_file(db);
  hd_ckpt *c = path ? calloc(1, sizeof *c) : NULL;
  if (!c) return NULL;
  c->path = strdup(path);
  c->pages = pages;
  pthread_mutex_init(&c->mu, NULL);
  pthread_cond_init(&c->cv, NULL);
  if (!c->path || pthread_create(&c->th, NULL, run, c) != 0) {
    pthread_mutex_destroy(&c->mu);
    pthread_cond_destroy(&c->cv);
    free(c->path);
    free(c);
    return NULL;
  }
  sqlite3_wal_hook(db, wal_hook, c); /* replaces the automatic checkpoint */
  return c;
}

void hd_ckpt_now(hd_ckpt *c) {
  if (!c) return;
  pthread_mutex_lock(&c->mu);
  c->want = 1;
  pthread_cond_signal(&c->cv);
  pthread_mutex_unlock(&c->mu);
}

void hd_ckpt_stop(hd_ckpt *c, sqlite3 *db) {
  if (!c) return;
  pthread_mutex_lock(&c->mu);
  c->stop = 1;
  c->want = 0; /* a request not started yet: the caller checkpoints next */
  pthread_cond_signal(&c->cv);
  pthread_mutex_unlock(&c->mu);
  pthread_join(c->th, NULL);
  sqlite3_wal_autocheckpoint(db, c->pages); /* the hook's place, as before */
  pthread_mutex_destroy(&c->mu);
  pthread_cond_destroy(&c->cv);
  free(c->path);
  free(c);
}
