/*
 * writer_sqlite.c: the SQLite rows of the corpus-wide writer (writer.h)
 * in one store file (schema: docs/FORMAT.md, "SQLite store").
 *
 * One connection, WAL, prepared statements kept for the whole ingest,
 * one transaction per batch (BEGIN IMMEDIATE .. COMMIT). One writer per
 * file: an flock on the file from open to close (see take_lock), so the
 * generation never changes under the writer (always 0).
 * Complexity: one indexed statement per row; FTS5 insert per article.
 * The many small rows (mentions, quotes) go HD_ROW_BATCH to a statement (row_batch.h), in the order given,
 * all written before each COMMIT; the clustering terms' names HD_TERM_CHUNK to a row ("term names").
 * Ownership: the state owns its connection, statements and path.
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "corpus/identities.h"
#include "store/fts_ahead.h"
#include "store/headline.h"
#include "store/lineage_table.h"
#include "store/wal_checkpoint.h"
#include "herald/timeline.h"
#include "store/quote_trail.h"
#include "store/row_batch.h"
#include "store/term_chunks.h"
#include "store/writer.h"
#include "util/buf.h"
#include "util/json.h"
#include "util/map.h"

#define SCHEMA_VERSION "1"

static const char SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);\n"
    "CREATE TABLE IF NOT EXISTS articles(\n"
    "  id INTEGER PRIMARY KEY, hash INTEGER NOT NULL UNIQUE, ext_id TEXT, url TEXT, title TEXT,\n"
    "  outlet TEXT, date TEXT, day INTEGER, kind TEXT, section TEXT, byline TEXT, text TEXT NOT NULL,\n"
    "  input_path TEXT, input_line INTEGER, story_id INTEGER, dup_of INTEGER, dup_sim REAL, minhash BLOB);\n"
    "CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id, day);\n"
    "CREATE INDEX IF NOT EXISTS articles_dup ON articles(dup_of) WHERE dup_of IS NOT NULL;\n"
    /* a story's headline reads its first 50 titled originals in this
     * order (headline.h): without it, every article of the story */
    "CREATE INDEX IF NOT EXISTS articles_headline ON articles(story_id, day IS NULL, day, id)"
    " WHERE dup_of IS NULL AND title IS NOT NULL AND title != '';\n"
    "CREATE TABLE IF NOT EXISTS entities(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, type TEXT,\n"
    "  name TEXT, mentions INTEGER NOT NULL DEFAULT 0, articles INTEGER NOT NULL DEFAULT 0);\n"
    "CREATE INDEX IF NOT EXISTS entities_name ON entities(name COLLATE NOCASE);\n"
    "CREATE TABLE IF NOT EXISTS aliases(entity_id INTEGER NOT NULL, alias TEXT NOT NULL,\n"
    "  count INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(entity_id, alias)) WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS aliases_alias ON aliases(alias COLLATE NOCASE);\n"
    "CREATE TABLE IF NOT EXISTS titles(entity_id INTEGER NOT NULL, title TEXT NOT NULL,\n"
    "  count INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(entity_id, title)) WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS mentions(article_id INTEGER NOT NULL, entity_id INTEGER, type TEXT,\n"
    "  start INTEGER, end INTEGER, text TEXT, title TEXT);\n"
    "CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);\n"
    "CREATE TABLE IF NOT EXISTS article_entities(article_id INTEGER NOT NULL, entity_id INTEGER NOT NULL,\n"
    "  mentions INTEGER NOT NULL, PRIMARY KEY(article_id, entity_id)) WITHOUT ROWID;\n"
    "CREATE INDEX IF NOT EXISTS article_entities_entity ON article_entities(entity_id, article_id);\n"
    "CREATE TABLE IF NOT EXISTS quotes(id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL, type TEXT,\n"
    "  speaker_kind TEXT, speaker_id INTEGER, speaker TEXT, content TEXT, content_start INTEGER,\n"
    "  content_end INTEGER, cue TEXT, source TEXT);\n"
    "CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id);\n"
    "CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_id);\n"
    "CREATE TABLE IF NOT EXISTS stories(id INTEGER PRIMARY KEY, label TEXT, first TEXT, last TEXT,\n"
    "  articles INTEGER NOT NULL DEFAULT 0, outlets INTEGER NOT NULL DEFAULT 0, merged_into INTEGER,\n"
    "  thread_id INTEGER, state BLOB, headline TEXT);\n"
    "CREATE INDEX IF NOT EXISTS stories_rank ON stories(articles DESC, last DESC, id DESC)"
    " WHERE merged_into IS NULL;\n"
    "CREATE INDEX IF NOT EXISTS stories_thread ON stories(thread_id);\n"
    "CREATE TABLE IF NOT EXISTS story_outlets(story_id INTEGER NOT NULL, outlet TEXT NOT NULL,\n"
    "  PRIMARY KEY(story_id, outlet)) WITHOUT ROWID;\n"
    /* the clustering terms' names, 256 to a row (see "Term names" below);
     * the cluster_terms view (CLUSTER_TERMS_VIEW) reads them as rows */
    "CREATE TABLE IF NOT EXISTS cluster_names(id INTEGER PRIMARY KEY, terms TEXT NOT NULL);\n"
    "CREATE TABLE IF NOT EXISTS cluster_chunks(id INTEGER PRIMARY KEY, state BLOB NOT NULL);\n"
    HD_LINEAGE_STALE_SCHEMA
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, text, content='articles',\n"
    "  content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');\n";

#define STR_(x) #x
#define STR(x) STR_(x)
/* One row per term, as docs/FORMAT.md gives cluster_terms; created after
 * an older store's cluster_terms table has been moved (upgrade). */
#define TERM_ROWS_SQL(where)                                                                                    \
  "SELECT n.id * " STR(HD_TERM_CHUNK) " + j.key, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]')" \
  " FROM cluster_names n, json_each(n.terms) j" where
static const char CLUSTER_TERMS_VIEW[] =
    "CREATE VIEW IF NOT EXISTS cluster_terms(id, term, surface) AS " TERM_ROWS_SQL("") ";";

enum {
  Q_ARTICLE,
  Q_FTS,
  Q_STORY_OF,
  Q_ENTITY_GET,
  Q_ENTITY_NEXT,
  Q_ENTITY_SET,
  Q_ALIAS,
  Q_TITLE,
  Q_MOVE_STORY,
  Q_STORY_ROW,
  Q_STORY_OUTLETS,
  Q_ADD_OUTLET,
  Q_MOVE_OUTLETS,
  Q_DROP_OUTLETS,
  Q_LINEAGE_STALE,
  Q_CHUNK,
  Q_META,
  Q_HEADLINE_TITLES,
  Q_NAMES_PUT,
  Q_NAMES_GET,
  Q_COUNT
};

static const char *const SQL[Q_COUNT] = {
    /* ?18, the id: NULL lets SQLite give it (max + 1) */
    [Q_ARTICLE] = "INSERT INTO articles(hash, ext_id, url, title, outlet, date, day, kind, section, byline, text,"
                  " input_path, input_line, story_id, dup_of, dup_sim, minhash, id)"
                  " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    [Q_FTS] = "INSERT INTO articles_fts(rowid, title, text) VALUES(?,?,?)",
    [Q_STORY_OF] = "SELECT story_id FROM articles WHERE id = ?",
    [Q_ENTITY_GET] = "SELECT id, mentions, articles, name FROM entities WHERE key = ?",
    [Q_ENTITY_NEXT] = "SELECT coalesce(max(id), 0) + 1 FROM entities",
    [Q_ENTITY_SET] = "UPDATE entities SET mentions = ?, articles = ?, name = ? WHERE id = ?",
    [Q_ALIAS] = "INSERT INTO aliases(entity_id, alias, count) VALUES(?,?,?)"
                " ON CONFLICT(entity_id, alias) DO UPDATE SET count = count + excluded.count",
    [Q_TITLE] = "INSERT INTO titles(entity_id, title, count) VALUES(?,?,?)"
                " ON CONFLICT(entity_id, title) DO UPDATE SET count = count + excluded.count",
    [Q_MOVE_STORY] = "UPDATE articles SET story_id = ? WHERE story_id = ?",
    /* an upsert, not INSERT OR REPLACE: a story written by an earlier
     * commit is updated in place (its row and only the index entries
     * whose columns changed), not deleted and inserted again with its
     * two index entries (the same row either way) */
    [Q_STORY_ROW] = "INSERT INTO stories(id, label, first, last, articles, outlets, merged_into,"
                    " thread_id, state, headline) VALUES(?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
                    " label = excluded.label, first = excluded.first, last = excluded.last,"
                    " articles = excluded.articles, outlets = excluded.outlets, merged_into = excluded.merged_into,"
                    " thread_id = excluded.thread_id, state = excluded.state, headline = excluded.headline",
    [Q_STORY_OUTLETS] = "SELECT count(*) FROM story_outlets WHERE story_id = ?",
    [Q_ADD_OUTLET] = "INSERT OR IGNORE INTO story_outlets(story_id, outlet) VALUES(?,?)",
    [Q_MOVE_OUTLETS] = "INSERT OR IGNORE INTO story_outlets(story_id, outlet) SELECT ?1, outlet FROM story_outlets"
                       " WHERE story_id = ?2",
    [Q_DROP_OUTLETS] = "DELETE FROM story_outlets WHERE story_id = ?",
    [Q_LINEAGE_STALE] = "INSERT OR IGNORE INTO lineage_stale(story_id) VALUES(?)",
    [Q_CHUNK] = "INSERT OR REPLACE INTO cluster_chunks(id, state) VALUES(?,?)",
    [Q_META] = "INSERT OR REPLACE INTO meta(key, value) VALUES(?,?)",
    [Q_HEADLINE_TITLES] = HD_HEADLINE_SQL,
    [Q_NAMES_PUT] = "INSERT OR REPLACE INTO cluster_names(id, terms) VALUES(?,?)",
    /* json_each walks an array in order: keys 0, 1, ... */
    [Q_NAMES_GET] = TERM_ROWS_SQL(" WHERE n.id = ?1 AND j.key < ?2"),
};

typedef struct {
  sqlite3 *db;
  sqlite3_stmt *q[Q_COUNT];
  char *path;
  int lock_fd; /* holds the writer lock (flock) from open to close; -1 none */
  char *name;  /* entity_get's last name (owned) */
  /* the batch's alias and title counts, by (entity id, text): written
   * once per pair at commit (an entity's forms recur in a batch) */
  hd_map counts[2];
  int64_t added; /* articles this writer stored (for merge_fts at close) */
  const hd_fts_tokens *fts_current; /* the FTS row's tokens made ahead, while it is inserted (fts_ahead.h) */
  hd_row_batch *rows[6]; /* by B_* below: multi-row INSERTs, flushed before COMMIT */
  /* the batch's new entities, ids first_new.., written at commit with
   * their final counts and name (by key in new_keys: index + 1) */
  struct new_entity {
    char *key, *type, *name;
    int64_t mentions, articles;
  } *news;
  size_t n_new, cap_new;
  int64_t first_new;
  hd_map new_keys;
  /* the last article's entity pairs, summed (an entity can come twice):
   * its article is new, so they are plain rows, added at the next article */
  int64_t pairs_article;
  struct pair {
    int64_t entity, mentions;
  } *pairs;
  size_t n_pairs, cap_pairs;
  /* the names of term chunk names_chunk (-1: none held) as written so
   * far: names_n entries of a JSON array, without its brackets */
  hd_buf names;
  int64_t names_chunk;
  uint32_t names_n;
  int names_dirty; /* entries not yet in the cluster_names row */
  hd_ckpt *ckpt;   /* checkpoints on a thread of their own (w_background), or NULL */
} wsqlite;

enum { B_MENTION, B_QUOTE, B_ART_ENT, B_ENTITY, B_ALIAS_NEW, B_TITLE_NEW, B_COUNT };

/* The batched INSERTs: head, columns, tail (the one-row statements' SQL). */
static const struct {
  const char *head;
  int ncols;
  const char *tail;
} BATCHED[B_COUNT] = {
    [B_MENTION] = {"INSERT OR FAIL INTO mentions(article_id, entity_id, type, start, end, text, title)", 7, ""},
    [B_QUOTE] = {"INSERT OR FAIL INTO quotes(article_id, type, speaker_kind, speaker_id, speaker, content, content_start,"
                 " content_end, cue, source)",
                 10, ""},
    [B_ART_ENT] = {"INSERT OR FAIL INTO article_entities(article_id, entity_id, mentions)", 3, ""},
    [B_ENTITY] = {"INSERT OR FAIL INTO entities(id, key, type, name, mentions, articles)", 6, ""},
    /* a new entity's forms: no row to add to */
    [B_ALIAS_NEW] = {"INSERT OR FAIL INTO aliases(entity_id, alias, count)", 3, ""},
    [B_TITLE_NEW] = {"INSERT OR FAIL INTO titles(entity_id, title, count)", 3, ""},
};

static int db_fail(wsqlite *s, hd_err *err, const char *what) {
  hd_err_set(err, HD_ERR_DB, s->path, 0, "%s: %s", what, sqlite3_errmsg(s->db));
  return -1;
}

static int exec(wsqlite *s, const char *sql, hd_err *err) {
  char *msg = NULL;
  if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    hd_err_set(err, HD_ERR_DB, s->path, 0, "%s", msg ? msg : "sqlite error");
    sqlite3_free(msg);
    return -1;
  }
  return 0;
}

static int run(wsqlite *s, sqlite3_stmt *st, hd_err *err);

static int has_column(wsqlite *s, const char *table, const char *column, hd_err *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2", -1, &st, NULL))
    return db_fail(s, err, "reading the schema");
  sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
  int has = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return has;
}

/* A store written before the term state moved into chunks keeps each
 * term's df (and, later, its posting list) in cluster_terms: they are
 * moved into cluster_chunks (term_chunks.h) and the columns dropped.
 * Runs inside the schema transaction. O(terms). */
static int move_terms_to_chunks(wsqlite *s, int with_post, hd_err *err) {
  sqlite3_stmt *st, *ins;
  if (sqlite3_prepare_v2(s->db, with_post ? "SELECT id, df, post FROM cluster_terms ORDER BY id"
                                          : "SELECT id, df, NULL FROM cluster_terms ORDER BY id", -1, &st, NULL))
    return db_fail(s, err, "reading cluster_terms");
  if (sqlite3_prepare_v2(s->db, "INSERT OR REPLACE INTO cluster_chunks(id, state) VALUES(?,?)", -1, &ins, NULL)) {
    sqlite3_finalize(st);
    return db_fail(s, err, "writing cluster_chunks");
  }
  hd_buf b;
  hd_buf_init(&b, 0);
  int64_t chunk = -1, expect = 0;
  int rc = 0;
  for (int step = sqlite3_step(st); !rc; step = sqlite3_step(st)) {
    if (step != SQLITE_ROW && step != SQLITE_DONE) rc = db_fail(s, err, "reading cluster_terms");
    int64_t id = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    if (step == SQLITE_ROW && id != expect++) rc = -1, hd_err_set(err, HD_ERR_DB, s->path, 0, "%s", "cluster_terms ids are not dense");
    int64_t k = id / HD_TERM_CHUNK;
    if (!rc && chunk >= 0 && (step != SQLITE_ROW || k != chunk)) { /* the chunk is complete */
      sqlite3_bind_int64(ins, 1, chunk);
      sqlite3_bind_blob(ins, 2, b.ptr, (int)b.len, SQLITE_STATIC);
      rc = run(s, ins, err);
      hd_buf_clear(&b);
    }
    if (rc || step != SQLITE_ROW) break;
    chunk = k;
    size_t post_len = (size_t)sqlite3_column_bytes(st, 2);
    uint32_t n_post = (uint32_t)(post_len / sizeof(uint32_t));
    uint32_t *post = hd_xmalloc((n_post + 1) * sizeof *post);
    if (n_post) memcpy(post, sqlite3_column_blob(st, 2), n_post * sizeof *post);
    hd_term_chunk_put(&b, (uint32_t)sqlite3_column_int64(st, 1), post, n_post);
    free(post);
  }
  sqlite3_finalize(st);
  sqlite3_finalize(ins);
  hd_buf_free(&b);
  return rc; /* the table itself is moved into cluster_names next (move_names) */
}

static int w_term(void *db, uint32_t id, const char *term, const char *surface, hd_err *err);
static int names_write(wsqlite *s, hd_err *err);

/* A store written before the names moved into cluster_names has a
 * cluster_terms table: its rows are moved there and the table dropped
 * (the view of that name takes its place). O(terms). */
static int move_names(wsqlite *s, hd_err *err) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT id, term, surface FROM cluster_terms ORDER BY id", -1, &st, NULL))
    return db_fail(s, err, "reading cluster_terms");
  int rc = 0, step;
  while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW)
    rc = w_term(s, (uint32_t)sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
                (const char *)sqlite3_column_text(st, 2), err);
  if (!rc && step != SQLITE_DONE) rc = db_fail(s, err, "reading cluster_terms");
  sqlite3_finalize(st);
  if (!rc) rc = names_write(s, err);
  return rc ? -1 : exec(s, "DROP TABLE cluster_terms", err);
}

static int is_table(wsqlite *s, const char *name) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", -1, &st, NULL))
    return -1;
  sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
  int is = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return is;
}

/* Brings a store written by an earlier version up to date (term state in
 * chunks; term names in cluster_names; stories' headline column), inside
 * the schema transaction.
 * Posting lists are exact in a store that started empty since they were
 * saved (meta.cluster_posts); an older one keeps the approximate rebuild.
 * Returns 1 when the lists are exact, 0 when not, -1 on error. */
static int upgrade(wsqlite *s, hd_err *err) {
  sqlite3_stmt *st;
  int has_terms = 0, exact = 0;
  int df = has_column(s, "cluster_terms", "df", err), post = has_column(s, "cluster_terms", "post", err);
  int headline = has_column(s, "stories", "headline", err), old_terms = is_table(s, "cluster_terms");
  if (df < 0 || post < 0 || headline < 0 || old_terms < 0) return db_fail(s, err, "reading the schema");
  if (df && move_terms_to_chunks(s, post, err)) return -1;
  if (old_terms && move_names(s, err)) return -1;
  if (exec(s, CLUSTER_TERMS_VIEW, err)) return -1;
  /* stories saved before it have none: readers compute theirs (headline.h) */
  if (!headline && exec(s, "ALTER TABLE stories ADD COLUMN headline TEXT", err)) return -1;
  if (sqlite3_prepare_v2(s->db, "SELECT EXISTS(SELECT 1 FROM cluster_names), EXISTS(SELECT 1 FROM meta WHERE"
                                " key = 'cluster_posts' AND value = '1')", -1, &st, NULL))
    return db_fail(s, err, "checking meta");
  if (sqlite3_step(st) == SQLITE_ROW) {
    has_terms = sqlite3_column_int(st, 0);
    exact = sqlite3_column_int(st, 1);
  }
  sqlite3_finalize(st);
  if (!exact && !has_terms) {
    if (exec(s, "INSERT OR REPLACE INTO meta(key, value) VALUES('cluster_posts', '1')", err)) return -1;
    exact = 1;
  }
  return exact;
}

/* Closes the database and frees everything (statements finalised here). */
static void free_batches(wsqlite *s) {
  for (int i = 0; i < B_COUNT; i++) hd_row_batch_free(s->rows[i]), s->rows[i] = NULL;
}

static void drop_new_entities(wsqlite *s) {
  for (size_t i = 0; i < s->n_new; i++) free(s->news[i].key), free(s->news[i].type), free(s->news[i].name);
  s->n_new = 0;
  hd_map_free(&s->new_keys);
  hd_map_init(&s->new_keys);
}

static void release(wsqlite *s) {
  for (int i = 0; i < 2; i++) hd_map_free(&s->counts[i]);
  for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(s->q[i]);
  free_batches(s);
  drop_new_entities(s);
  hd_map_free(&s->new_keys);
  free(s->news);
  free(s->pairs);
  hd_buf_free(&s->names);
  hd_ckpt_stop(s->ckpt, s->db);
  sqlite3_close(s->db);
  if (s->lock_fd >= 0) close(s->lock_fd); /* after sqlite3_close: see take_lock */
  free(s->name);
  free(s->path);
  free(s);
}

/* One writer per store, for the whole ingest: SQLite locks a transaction,
 * not a session, so two ingests would interleave batches, each with its own
 * in-memory clusterer, and corrupt the clustering state. The lock is an
 * flock on the database file itself (it leaves no file behind and dies with
 * the process, even under kill -9). Its descriptor is closed only after
 * sqlite3_close: closing any descriptor of a file drops the process's POSIX
 * locks on it, which SQLite relies on. Query verbs take no lock. */
static int take_lock(wsqlite *s, hd_err *err) {
  if (!strcmp(s->path, ":memory:") || !strncmp(s->path, "file:", 5) || !*s->path) return 0;
  s->lock_fd = open(s->path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (s->lock_fd < 0) {
    hd_err_set(err, HD_ERR_IO, s->path, 0, "cannot open: %s", strerror(errno));
    return -1;
  }
  if (flock(s->lock_fd, LOCK_EX | LOCK_NB) == 0) return 0;
  if (errno == EWOULDBLOCK)
    hd_err_set(err, HD_ERR_USAGE, s->path, 0, "%s",
               "another herald ingest is writing to this store; run this one when it has finished");
  else hd_err_set(err, HD_ERR_IO, s->path, 0, "cannot lock: %s", strerror(errno));
  return -1;
}

/* FTS5 gathers a transaction's new entries in memory and writes them as
 * a segment when they pass `hashsize` (1 MB by default) and at commit;
 * segments are then merged a few at a time. With 64 MB a batch of
 * articles is one segment: 3,000 Reuters articles, 4,465 -> 4,297 M
 * instructions for the whole ingest (fewer merges while writing, and the
 * close's 'optimize' 221 -> 62 M). The setting is kept in the store
 * (articles_fts_config); set once, so a user's own value stays. */
static const char FTS_HASHSIZE[] =
    "INSERT INTO articles_fts(articles_fts, rank) SELECT 'hashsize', 67108864"
    " WHERE NOT EXISTS(SELECT 1 FROM articles_fts_config WHERE k = 'hashsize');";

/* the WAL size (pages of 4 KiB) at which it is checkpointed: 64 MB */
#define WAL_PAGES 16384
#define WAL_PAGES_STR "16384"

static void *w_open(const char *path, int *exact, hd_err *err) {
  wsqlite *s = hd_xcalloc(1, sizeof *s);
  for (int i = 0; i < 2; i++) hd_map_init(&s->counts[i]);
  s->path = hd_xstrdup(path);
  s->lock_fd = -1;
  s->names_chunk = -1;
  hd_buf_init(&s->names, 0);
  hd_map_init(&s->new_keys);
  if (take_lock(s, err)) goto fail;
  /* NOMUTEX: the writer's connection is used by one thread (the sink);
   * SQLite's per-call mutexes were 4% of the corpus step's instructions */
  if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
      SQLITE_OK) {
    hd_err_set(err, HD_ERR_DB, path, 0, "cannot open: %s", s->db ? sqlite3_errmsg(s->db) : "out of memory");
    goto fail;
  }
  sqlite3_busy_timeout(s->db, 5000);
  /* best effort: without it FTS5 tokenises on this thread, as it would */
  hd_fts_ahead_install(s->db, &s->fts_current);
  if (exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-262144;"
              "PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=" WAL_PAGES_STR ";", err))
    goto fail;
  if (exec(s, "BEGIN", err) || exec(s, SCHEMA, err)) goto fail;
  for (int i = Q_NAMES_PUT; i <= Q_NAMES_GET; i++) /* for upgrade's move_names */
    if (sqlite3_prepare_v3(s->db, SQL[i], -1, SQLITE_PREPARE_PERSISTENT, &s->q[i], NULL) != SQLITE_OK) {
      db_fail(s, err, SQL[i]);
      goto fail;
    }
  if (exec(s, "INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '" SCHEMA_VERSION "');", err))
    goto fail;
  *exact = upgrade(s, err);
  if (*exact < 0 || exec(s, FTS_HASHSIZE, err) || exec(s, "COMMIT", err)) goto fail;
  for (int i = 0; i < Q_COUNT; i++)
    if (!s->q[i] && sqlite3_prepare_v3(s->db, SQL[i], -1, SQLITE_PREPARE_PERSISTENT, &s->q[i], NULL) != SQLITE_OK) {
      db_fail(s, err, SQL[i]);
      goto fail;
    }
  for (int i = 0; i < B_COUNT; i++) s->rows[i] = hd_row_batch_new(s->db, BATCHED[i].head, BATCHED[i].ncols, BATCHED[i].tail);
  return s;
fail:
  release(s);
  return NULL;
}

/* FTS5 keeps its index as segments, merged a few at a time as they are
 * written: after a 300,000-article ingest, 12 segments on 5 levels, and
 * every term of a query is looked up in each (its doclists merged, and
 * read whole to walk them newest first for the window). Merged into one
 * ('optimize'), a search ran 8-30% fewer instructions (callgrind, four
 * queries; the rows and snippets are the same), for 2.4 s of CPU at that
 * size. Done when this run stored at least an eighth of the store, so the
 * rewrite costs O(1) per stored article over any sequence of runs; small
 * runs leave FTS5's automatic merging to it. Best effort: a failure
 * leaves the index as it was (the statement is one transaction). */
static void merge_fts(wsqlite *s) {
  sqlite3_stmt *st;
  int64_t max_id = 0;
  if (s->added <= 0 || sqlite3_prepare_v2(s->db, "SELECT max(id) FROM articles", -1, &st, NULL) != SQLITE_OK) return;
  if (sqlite3_step(st) == SQLITE_ROW) max_id = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  if (s->added * 8 >= max_id)
    sqlite3_exec(s->db, "INSERT INTO articles_fts(articles_fts) VALUES('optimize')", NULL, NULL, NULL);
}

static void w_close(void *db, int clean) {
  wsqlite *s = db;
  for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(s->q[i]), s->q[i] = NULL;
  free_batches(s); /* every row was written by the last commit */
  hd_tl_mark t = HD_TL_START();
  if (clean) merge_fts(s);
  HD_TL_SPAN("fts-optimize", t);
  t = HD_TL_START();
  hd_ckpt_stop(s->ckpt, s->db); /* the last checkpoint is this thread's */
  s->ckpt = NULL;
  if (clean) sqlite3_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA optimize;", NULL, NULL, NULL);
  HD_TL_SPAN("checkpoint", t);
  release(s);
}

/* The ingest's writer runs on a thread of its own: checkpoints too. */
static void w_background(void *db) {
  wsqlite *s = db;
  if (!s->ckpt) s->ckpt = hd_ckpt_start(s->db, WAL_PAGES);
}

static int w_begin(void *db, int64_t *gen, hd_err *err) {
  *gen = 0;
  return exec(db, "BEGIN IMMEDIATE", err);
}

static void clear_counts(wsqlite *s) {
  for (int i = 0; i < 2; i++) {
    hd_map_free(&s->counts[i]);
    hd_map_init(&s->counts[i]);
  }
}

static const hd_map *sort_map; /* by_key's map (one sort at a time: the writer's thread) */
static int by_key(const void *a, const void *b) {
  const hd_map_slot *x = &sort_map->slots[*(const size_t *)a], *y = &sort_map->slots[*(const size_t *)b];
  size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
  int c = memcmp(sort_map->keys.ptr + x->key_off, sort_map->keys.ptr + y->key_off, n);
  return c ? c : (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

static int run(wsqlite *s, sqlite3_stmt *st, hd_err *err);

/* The batch's alias and title counts, added to their rows in key order
 * (the primary key's: each B-tree page visited once); those of entities
 * new in this batch (ids from new_from) are new rows, batched. */
static int batch_rc(wsqlite *s, int b, int rc, hd_err *err);
static int flush_counts(wsqlite *s, int64_t new_from, hd_err *err) {
  int rc = 0;
  for (int k = 0; k < 2 && !rc; k++) {
    const hd_map *m = &s->counts[k];
    size_t *order = hd_xmalloc((hd_map_size(m) + 1) * sizeof *order), n = 0;
    for (size_t i = 0; i < m->cap; i++)
      if (m->slots[i].used) order[n++] = i;
    sort_map = m;
    qsort(order, n, sizeof *order, by_key);
    sqlite3_stmt *st = s->q[k ? Q_TITLE : Q_ALIAS];
    for (size_t i = 0; i < n && !rc; i++) {
      const hd_map_slot *sl = &m->slots[order[i]];
      const unsigned char *key = (const unsigned char *)m->keys.ptr + sl->key_off;
      uint64_t id = 0;
      for (int b = 0; b < 8; b++) id = id << 8 | key[b];
      if ((int64_t)id >= new_from) {
        int bk = k ? B_TITLE_NEW : B_ALIAS_NEW;
        hd_row_batch_int(s->rows[bk], (int64_t)id);
        hd_row_batch_text(s->rows[bk], (const char *)key + 8, sl->key_len - 8);
        hd_row_batch_int(s->rows[bk], (int64_t)sl->value);
        rc = batch_rc(s, bk, hd_row_batch_end_row(s->rows[bk]), err);
        continue;
      }
      sqlite3_bind_int64(st, 1, (int64_t)id);
      sqlite3_bind_text(st, 2, (const char *)key + 8, (int)(sl->key_len - 8), SQLITE_STATIC);
      sqlite3_bind_int64(st, 3, (int64_t)sl->value);
      rc = run(s, st, err);
    }
    free(order);
  }
  clear_counts(s);
  return rc;
}

/* A batched table's rows: the result of adding or flushing them. */
static int batch_rc(wsqlite *s, int b, int rc, hd_err *err) {
  if (rc == SQLITE_OK) return 0;
  hd_err_set(err, HD_ERR_DB, s->path, 0, "%s: %s", hd_row_batch_sql(s->rows[b]), sqlite3_errmsg(s->db));
  return -1;
}

/* The held article's entity pairs, into their batch. */
static int flush_pairs(wsqlite *s, hd_err *err) {
  hd_row_batch *b = s->rows[B_ART_ENT];
  int rc = 0;
  for (size_t i = 0; i < s->n_pairs && !rc; i++) {
    hd_row_batch_int(b, s->pairs_article);
    hd_row_batch_int(b, s->pairs[i].entity);
    hd_row_batch_int(b, s->pairs[i].mentions);
    rc = batch_rc(s, B_ART_ENT, hd_row_batch_end_row(b), err);
  }
  s->n_pairs = 0;
  return rc;
}

static void row_str(hd_row_batch *b, hd_wstr s);

/* The batch's new entities, in id order. */
static int flush_new_entities(wsqlite *s, hd_err *err) {
  hd_row_batch *b = s->rows[B_ENTITY];
  int rc = 0;
  for (size_t i = 0; i < s->n_new && !rc; i++) {
    const struct new_entity *e = &s->news[i];
    hd_row_batch_int(b, s->first_new + (int64_t)i);
    row_str(b, hd_wstr_of(e->key));
    row_str(b, hd_wstr_of(e->type));
    row_str(b, hd_wstr_of(e->name));
    hd_row_batch_int(b, e->mentions);
    hd_row_batch_int(b, e->articles);
    rc = batch_rc(s, B_ENTITY, hd_row_batch_end_row(b), err);
  }
  drop_new_entities(s);
  return rc;
}

static int flush_batches(wsqlite *s, hd_err *err) {
  for (int i = 0; i < B_COUNT; i++)
    if (batch_rc(s, i, hd_row_batch_flush(s->rows[i]), err)) return -1;
  return 0;
}

static int w_commit(void *db, int64_t *gen, hd_err *err) {
  *gen = 0;
  wsqlite *s = db;
  int64_t new_from = s->n_new ? s->first_new : INT64_MAX;
  hd_tl_mark t = HD_TL_START();
  if (names_write(s, err) || flush_pairs(s, err) || flush_new_entities(s, err) || flush_counts(s, new_from, err) ||
      flush_batches(s, err))
    return -1;
  HD_TL_SPAN("c-rows", t);
  t = HD_TL_START();
  int rc = exec(db, "COMMIT", err);
  HD_TL_SPAN("c-COMMIT", t);
  return rc;
}

static void w_rollback(void *db) {
  wsqlite *s = db;
  for (int i = 0; i < B_COUNT; i++) hd_row_batch_clear(s->rows[i]);
  s->names_chunk = -1; /* read back from the store when needed */
  s->n_pairs = 0;
  drop_new_entities(s);
  clear_counts(db);
  exec(db, "ROLLBACK", NULL);
}

static int w_load(void *db, const hd_wload *l, hd_err *err) {
  wsqlite *s = db;
  sqlite3_stmt *st;
  int rc = 0;
  if (sqlite3_prepare_v2(s->db, "SELECT hash FROM articles", -1, &st, NULL)) return db_fail(s, err, "loading hashes");
  while (sqlite3_step(st) == SQLITE_ROW) l->stored(l->ud, (uint64_t)sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  if (sqlite3_prepare_v2(s->db, TERM_ROWS_SQL(" ORDER BY n.id"), -1, &st, NULL))
    return db_fail(s, err, "loading terms");
  while (!rc && sqlite3_step(st) == SQLITE_ROW)
    rc = l->term(l->ud, (uint32_t)sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
                 (const char *)sqlite3_column_text(st, 2), err);
  sqlite3_finalize(st);
  if (rc) return -1;
  if (sqlite3_prepare_v2(s->db, "SELECT id, state FROM cluster_chunks ORDER BY id", -1, &st, NULL))
    return db_fail(s, err, "loading term chunks");
  while (!rc && sqlite3_step(st) == SQLITE_ROW)
    rc = l->chunk(l->ud, (uint32_t)sqlite3_column_int64(st, 0), sqlite3_column_blob(st, 1),
                  (size_t)sqlite3_column_bytes(st, 1), err);
  sqlite3_finalize(st);
  if (rc) return -1;
  if (sqlite3_prepare_v2(s->db, "SELECT id, state FROM stories ORDER BY id", -1, &st, NULL))
    return db_fail(s, err, "loading stories");
  while (!rc && sqlite3_step(st) == SQLITE_ROW)
    rc = l->story(l->ud, (uint32_t)sqlite3_column_int64(st, 0), sqlite3_column_blob(st, 1),
                  (size_t)sqlite3_column_bytes(st, 1), err);
  sqlite3_finalize(st);
  if (rc) return -1;
  if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'cluster_docs'", -1, &st, NULL))
    return db_fail(s, err, "loading meta");
  if (sqlite3_step(st) == SQLITE_ROW) l->n_docs(l->ud, (uint64_t)sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  if (sqlite3_prepare_v2(s->db,
                         "SELECT id, minhash, story_id FROM articles WHERE dup_of IS NULL AND minhash IS NOT NULL"
                         " ORDER BY id",
                         -1, &st, NULL))
    return db_fail(s, err, "loading fingerprints");
  while (sqlite3_step(st) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    const void *m = sqlite3_column_blob(st, 1);
    size_t n = (size_t)sqlite3_column_bytes(st, 1);
    if (l->original_story) l->original_story(l->ud, id, m, n, sqlite3_column_int64(st, 2));
    else l->original(l->ud, id, m, n);
  }
  sqlite3_finalize(st);
  if (!l->next_article) return 0;
  if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(id), 0) + 1 FROM articles", -1, &st, NULL))
    return db_fail(s, err, "loading article ids");
  if (sqlite3_step(st) == SQLITE_ROW) l->next_article(l->ud, sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  return 0;
}

/* ---- binding ---- */

static void bind_str(sqlite3_stmt *st, int i, hd_wstr s) {
  if (s.p) sqlite3_bind_text(st, i, s.p, (int)s.n, SQLITE_STATIC);
  else sqlite3_bind_null(st, i);
}

static void bind_text(sqlite3_stmt *st, int i, const char *s) { bind_str(st, i, hd_wstr_of(s)); }

static void bind_id(sqlite3_stmt *st, int i, int64_t id) {
  if (id) sqlite3_bind_int64(st, i, id);
  else sqlite3_bind_null(st, i);
}

/* Steps a write statement to completion and resets it. */
static int run(wsqlite *s, sqlite3_stmt *st, hd_err *err) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return db_fail(s, err, sqlite3_sql(st));
  return 0;
}

/* ---- rows ---- */

static int64_t w_story_of(void *db, int64_t article) {
  wsqlite *s = db;
  sqlite3_stmt *st = s->q[Q_STORY_OF];
  sqlite3_bind_int64(st, 1, article);
  int64_t story = 0;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) story = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  return story;
}

static int64_t w_article(void *db, const hd_wrow_article *r, hd_err *err) {
  wsqlite *s = db;
  sqlite3_stmt *st = s->q[Q_ARTICLE];
  sqlite3_bind_int64(st, 1, (sqlite3_int64)r->hash);
  const hd_wstr *cols[] = {&r->ext_id, &r->url, &r->title, &r->outlet, &r->date};
  for (int i = 0; i < 5; i++) bind_str(st, 2 + i, *cols[i]);
  if (r->day != INT64_MIN) sqlite3_bind_int64(st, 7, r->day);
  bind_str(st, 8, r->kind);
  bind_str(st, 9, r->section);
  bind_str(st, 10, r->byline);
  bind_str(st, 11, r->text);
  bind_str(st, 12, r->input_path);
  sqlite3_bind_int64(st, 13, r->input_line);
  sqlite3_bind_int64(st, 14, r->story);
  if (r->dup_of) {
    sqlite3_bind_int64(st, 15, r->dup_of);
    sqlite3_bind_double(st, 16, r->dup_sim);
  }
  if (r->minhash) sqlite3_bind_blob(st, 17, r->minhash, (int)r->minhash_len, SQLITE_STATIC);
  bind_id(st, 18, r->id);
  if (run(s, st, err)) return -1;
  int64_t art = sqlite3_last_insert_rowid(s->db);
  st = s->q[Q_FTS];
  sqlite3_bind_int64(st, 1, art);
  bind_str(st, 2, r->title);
  bind_str(st, 3, r->text);
  s->fts_current = r->fts_tokens;
  int rc = run(s, st, err);
  s->fts_current = NULL;
  if (rc) return -1;
  s->added++;
  return art;
}

static int w_entity_get(void *db, const char *key, int64_t *id, int64_t *mentions, int64_t *articles,
                        const char **name, hd_err *err) {
  wsqlite *s = db;
  const uint64_t *queued = hd_map_get(&s->new_keys, key, strlen(key));
  if (queued) { /* new in this batch */
    const struct new_entity *e = &s->news[*queued - 1];
    *id = s->first_new + (int64_t)(*queued - 1);
    *mentions = e->mentions;
    *articles = e->articles;
    *name = e->name;
    return 1;
  }
  sqlite3_stmt *st = s->q[Q_ENTITY_GET];
  bind_text(st, 1, key);
  int step = sqlite3_step(st);
  if (step == SQLITE_ROW) {
    *id = sqlite3_column_int64(st, 0);
    *mentions = sqlite3_column_int64(st, 1);
    *articles = sqlite3_column_int64(st, 2);
    free(s->name);
    const char *n = (const char *)sqlite3_column_text(st, 3);
    s->name = n ? hd_xstrdup(n) : NULL;
    *name = s->name;
  }
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  if (step != SQLITE_ROW && step != SQLITE_DONE) return db_fail(s, err, "entity");
  return step == SQLITE_ROW;
}

static char *dup_or_null(const char *t) { return t ? hd_xstrdup(t) : NULL; }

/* A new entity: its id now (the one SQLite would give, max + 1), its row
 * at commit with the counts it has then (an INSERT then an UPDATE per
 * new entity cost 15,000 instructions; a batched row a third of that). */
static int64_t w_entity_new(void *db, const char *key, const char *type, const char *name, int64_t mentions,
                            hd_err *err) {
  wsqlite *s = db;
  if (!s->n_new) {
    sqlite3_stmt *st = s->q[Q_ENTITY_NEXT];
    int step = sqlite3_step(st);
    s->first_new = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (step != SQLITE_ROW) return db_fail(s, err, "entity ids");
  }
  struct new_entity e = {hd_xstrdup(key), dup_or_null(type), dup_or_null(name), mentions, 1};
  HD_VEC_PUSH(s->news, s->n_new, s->cap_new, e);
  *hd_map_put(&s->new_keys, key, strlen(key), NULL) = s->n_new;
  return s->first_new + (int64_t)s->n_new - 1;
}

static int w_entity_set(void *db, int64_t id, int64_t mentions, int64_t articles, const char *name, hd_err *err) {
  wsqlite *s = db;
  if (id >= s->first_new && id < s->first_new + (int64_t)s->n_new) {
    struct new_entity *e = &s->news[id - s->first_new];
    e->mentions = mentions;
    e->articles = articles;
    if (e->name != name) free(e->name), e->name = dup_or_null(name);
    return 0;
  }
  sqlite3_stmt *st = s->q[Q_ENTITY_SET];
  sqlite3_bind_int64(st, 1, mentions);
  sqlite3_bind_int64(st, 2, articles);
  bind_text(st, 3, name);
  sqlite3_bind_int64(st, 4, id);
  return run(s, st, err);
}

static int id_text(wsqlite *s, int q, int64_t id, const char *t, hd_err *err) {
  sqlite3_bind_int64(s->q[q], 1, id);
  bind_text(s->q[q], 2, t);
  return run(s, s->q[q], err);
}

/* One more article lists `text` for `entity` (k: 0 alias, 1 title). */
static int count_form(wsqlite *s, int k, int64_t entity, const char *text) {
  hd_buf key;
  hd_buf_init(&key, 0);
  for (int b = 7; b >= 0; b--) hd_buf_putc(&key, (char)(((uint64_t)entity >> (8 * b)) & 0xff)); /* big-endian: id order */
  hd_buf_puts(&key, text);
  ++*hd_map_put(&s->counts[k], key.ptr, key.len, NULL);
  hd_buf_free(&key);
  return 0;
}

static int w_alias(void *db, int64_t entity, const char *alias, hd_err *err) {
  (void)err;
  return count_form(db, 0, entity, alias);
}
static int w_title(void *db, int64_t entity, const char *title, hd_err *err) {
  (void)err;
  return count_form(db, 1, entity, title);
}

/* Batched columns: as bind_str and bind_id. */
static void row_str(hd_row_batch *b, hd_wstr s) { hd_row_batch_text(b, s.p, s.n); }
static void row_id(hd_row_batch *b, int64_t id) {
  if (id) hd_row_batch_int(b, id);
  else hd_row_batch_null(b);
}

/* An (article, entity) pair: summed with the article's earlier ones in
 * memory, the rows batched (an upsert per pair was 9,000 instructions). */
static int w_art_ent(void *db, int64_t article, int64_t entity, int64_t mentions, hd_err *err) {
  wsqlite *s = db;
  if (s->n_pairs && article != s->pairs_article && flush_pairs(s, err)) return -1;
  s->pairs_article = article;
  for (size_t i = 0; i < s->n_pairs; i++)
    if (s->pairs[i].entity == entity) {
      s->pairs[i].mentions += mentions;
      return 0;
    }
  struct pair p = {entity, mentions};
  HD_VEC_PUSH(s->pairs, s->n_pairs, s->cap_pairs, p);
  return 0;
}

static int w_mention(void *db, const hd_wrow_mention *m, hd_err *err) {
  wsqlite *s = db;
  hd_row_batch *b = s->rows[B_MENTION];
  hd_row_batch_int(b, m->article);
  row_id(b, m->entity);
  row_str(b, m->type);
  hd_row_batch_int(b, m->start);
  hd_row_batch_int(b, m->end);
  row_str(b, m->text);
  row_str(b, m->title);
  return batch_rc(s, B_MENTION, hd_row_batch_end_row(b), err);
}

static int w_quote(void *db, const hd_wrow_quote *q, hd_err *err) {
  wsqlite *s = db;
  hd_row_batch *b = s->rows[B_QUOTE];
  hd_row_batch_int(b, q->article);
  row_str(b, q->type);
  row_str(b, q->speaker_kind);
  row_id(b, q->speaker_id);
  row_str(b, q->speaker);
  row_str(b, q->content);
  hd_row_batch_int(b, q->content_start);
  hd_row_batch_int(b, q->content_end);
  row_str(b, q->cue);
  row_str(b, q->source);
  return batch_rc(s, B_QUOTE, hd_row_batch_end_row(b), err);
}

static int w_add_outlet(void *db, int64_t story, const char *outlet, hd_err *err) {
  return id_text(db, Q_ADD_OUTLET, story, outlet, err);
}

static int w_merge_story(void *db, int64_t keep, int64_t gone, hd_err *err) {
  wsqlite *s = db;
  sqlite3_bind_int64(s->q[Q_MOVE_STORY], 1, keep);
  sqlite3_bind_int64(s->q[Q_MOVE_STORY], 2, gone);
  if (run(s, s->q[Q_MOVE_STORY], err)) return -1;
  sqlite3_bind_int64(s->q[Q_MOVE_OUTLETS], 1, keep);
  sqlite3_bind_int64(s->q[Q_MOVE_OUTLETS], 2, gone);
  if (run(s, s->q[Q_MOVE_OUTLETS], err)) return -1;
  sqlite3_bind_int64(s->q[Q_DROP_OUTLETS], 1, gone);
  if (run(s, s->q[Q_DROP_OUTLETS], err)) return -1;
  /* its article order changed beyond the new articles: lineage redoes it */
  sqlite3_bind_int64(s->q[Q_LINEAGE_STALE], 1, keep);
  return run(s, s->q[Q_LINEAGE_STALE], err);
}

static int64_t w_story_outlets(void *db, int64_t story) {
  wsqlite *s = db;
  sqlite3_stmt *q = s->q[Q_STORY_OUTLETS];
  sqlite3_bind_int64(q, 1, story);
  int64_t n = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
  sqlite3_reset(q);
  return n;
}

/* ---- term names ----
 * The clusterer's terms are written once each, in id order (ids dense).
 * One row per term (a cluster_terms table) cost about 3,300 instructions
 * a row, a tenth of the corpus step; they are kept HD_TERM_CHUNK to a row
 * of cluster_names instead, chunk k's names as a JSON array of [term,
 * surface] pairs (surface null when it has none), the last row rewritten
 * at each commit while it fills. The cluster_terms view reads them. */

/* Printable ASCII with no quote or backslash: JSON as it is. */
static int json_plain(const char *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)p[i] < 0x20 || (unsigned char)p[i] >= 0x80 || p[i] == '"' || p[i] == '\\') return 0;
  return 1;
}

static void names_entry(wsqlite *s, const char *term, const char *surface) {
  size_t tl = strlen(term), sl = surface ? strlen(surface) : 0;
  if (json_plain(term, tl) && surface && json_plain(surface, sl) && !hd_buf_grow(&s->names, tl + sl + 8)) {
    /* the common case, the same bytes as hd_json_cstr's, written at once */
    char *p = s->names.ptr + s->names.len;
    *p++ = s->names_n++ ? ',' : '[';
    *p++ = '[';
    *p++ = '"';
    memcpy(p, term, tl);
    p += tl;
    memcpy(p, "\",\"", 3);
    p += 3;
    memcpy(p, surface, sl);
    p += sl;
    memcpy(p, "\"]", 2);
    p += 2;
    *p = 0;
    s->names.len = (size_t)(p - s->names.ptr);
    s->names_dirty = 1;
    return;
  }
  hd_buf_putc(&s->names, s->names_n++ ? ',' : '[');
  hd_buf_putc(&s->names, '[');
  hd_json_cstr(&s->names, term);
  hd_buf_putc(&s->names, ',');
  hd_json_cstr(&s->names, surface);
  hd_buf_putc(&s->names, ']');
  s->names_dirty = 1;
}

/* Writes the held chunk's row when it has entries not yet written. */
static int names_write(wsqlite *s, hd_err *err) {
  if (!s->names_dirty) return 0;
  sqlite3_stmt *st = s->q[Q_NAMES_PUT];
  hd_buf_putc(&s->names, ']');
  sqlite3_bind_int64(st, 1, s->names_chunk);
  sqlite3_bind_text(st, 2, s->names.ptr, (int)s->names.len, SQLITE_STATIC);
  int rc = run(s, st, err);
  s->names.len--; /* the bracket again: more entries may follow */
  if (!rc) s->names_dirty = 0;
  return rc;
}

/* Holds chunk k with its first n names, read back from its row (the
 * first term of an ingest, or of a batch after a rollback). */
static int names_hold(wsqlite *s, int64_t k, uint32_t n, hd_err *err) {
  if (names_write(s, err)) return -1;
  hd_buf_clear(&s->names);
  s->names_chunk = k;
  s->names_n = 0;
  sqlite3_stmt *st = s->q[Q_NAMES_GET];
  sqlite3_bind_int64(st, 1, k);
  sqlite3_bind_int64(st, 2, n);
  int step = SQLITE_DONE;
  while (n && (step = sqlite3_step(st)) == SQLITE_ROW && s->names_n < n &&
         sqlite3_column_int64(st, 0) == k * HD_TERM_CHUNK + s->names_n && sqlite3_column_type(st, 1) == SQLITE_TEXT)
    names_entry(s, (const char *)sqlite3_column_text(st, 1), (const char *)sqlite3_column_text(st, 2));
  s->names_dirty = 0;
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  if (step != SQLITE_DONE && step != SQLITE_ROW) return db_fail(s, err, "reading cluster_names");
  if (step == SQLITE_DONE && s->names_n == n) return 0;
  s->names_chunk = -1;
  hd_err_set(err, HD_ERR_DB, s->path, 0, "cluster_names row %lld does not hold terms %lld..%lld", (long long)k,
             (long long)(k * HD_TERM_CHUNK), (long long)(k * HD_TERM_CHUNK + n - 1));
  return -1;
}

static int w_term(void *db, uint32_t id, const char *term, const char *surface, hd_err *err) {
  wsqlite *s = db;
  int64_t k = id / HD_TERM_CHUNK;
  uint32_t i = id % HD_TERM_CHUNK;
  if ((k != s->names_chunk || i != s->names_n) && names_hold(s, k, i, err)) return -1;
  names_entry(s, term, surface);
  return s->names_n == HD_TERM_CHUNK ? names_write(s, err) : 0; /* a full chunk is written once */
}

static int w_term_chunk(void *db, uint32_t id, const void *state, size_t len, hd_err *err) {
  wsqlite *s = db;
  sqlite3_stmt *st = s->q[Q_CHUNK];
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_blob(st, 2, len ? state : "", (int)len, SQLITE_STATIC);
  return run(s, st, err);
}

static int w_story(void *db, const hd_wrow_story *r, hd_err *err) {
  wsqlite *s = db;
  sqlite3_stmt *st = s->q[Q_STORY_ROW];
  sqlite3_bind_int64(st, 1, r->id);
  bind_str(st, 2, r->label);
  bind_str(st, 3, r->first);
  bind_str(st, 4, r->last);
  sqlite3_bind_int64(st, 5, r->articles);
  sqlite3_bind_int64(st, 6, r->outlets);
  bind_id(st, 7, r->merged_into);
  sqlite3_bind_int64(st, 8, r->thread_id);
  sqlite3_bind_blob(st, 9, r->state, (int)r->state_len, SQLITE_STATIC);
  bind_str(st, 10, r->headline);
  return run(s, st, err);
}

static int w_story_headline(void *db, int64_t id, const char *label, char **out, hd_err *err) {
  wsqlite *s = db;
  int rc;
  *out = hd_story_headline(s->q[Q_HEADLINE_TITLES], id, label, &rc);
  if (rc == SQLITE_DONE) return 0;
  free(*out);
  *out = NULL;
  return db_fail(s, err, "choosing a story headline");
}

static int w_meta(void *db, const char *key, const char *value, hd_err *err) {
  wsqlite *s = db;
  sqlite3_stmt *st = s->q[Q_META];
  bind_text(st, 1, key);
  bind_text(st, 2, value);
  return run(s, st, err);
}

static int w_join_identities(void *db, hd_err *err) {
  wsqlite *s = db;
  /* each copy's lineage is read and computed meanwhile (it reads no
   * table that the join or the trail writes), then written last */
  hd_lineage_ahead *ahead = hd_lineage_start(s->db);
  hd_ckpt_now(s->ckpt); /* the last batch's pages copied meanwhile too */
  hd_tl_mark t = HD_TL_START();
  int rc = hd_identities_join(s->db, s->path, NULL, err);
  HD_TL_SPAN("identities", t);
  t = HD_TL_START();
  if (rc == 0) rc = hd_quote_links_update(s->db, s->path, err); /* then each quote's trail */
  HD_TL_SPAN("quote-links", t);
  t = HD_TL_START();
  if (rc == 0) rc = hd_lineage_update(s->db, s->path, ahead, err);
  else hd_lineage_cancel(ahead);
  HD_TL_SPAN("lineage", t);
  return rc;
}

const hd_writer_ops hd_writer_sqlite = {
    .name = "sqlite",
    .open = w_open,
    .close = w_close,
    .begin = w_begin,
    .commit = w_commit,
    .rollback = w_rollback,
    .load = w_load,
    .story_of = w_story_of,
    .article = w_article,
    .entity_get = w_entity_get,
    .entity_new = w_entity_new,
    .entity_set = w_entity_set,
    .alias = w_alias,
    .title = w_title,
    .art_ent = w_art_ent,
    .mention = w_mention,
    .quote = w_quote,
    .add_outlet = w_add_outlet,
    .merge_story = w_merge_story,
    .story_outlets = w_story_outlets,
    .term = w_term,
    .term_chunk = w_term_chunk,
    .story_headline = w_story_headline,
    .story = w_story,
    .meta = w_meta,
    .join_identities = w_join_identities,
    .background = w_background,
};
