/*
 * store.c: the SQLite store and the corpus-wide stages (see store.h).
 *
 * One connection, WAL, prepared statements. hd_ingest_add runs, for one
 * annotated article: content hash check, MinHash + LSH lookup (a copy
 * joins its original's story), incremental clustering, then the row
 * inserts (article, FTS5, identities by canonical key, aliases, titles,
 * mentions, quotes). Every `batch` articles the clusterer's changed
 * terms and stories are written and the transaction commits.
 */
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <xxhash.h>

#include "corpus/corpus.h"
#include "corpus/entity_cache.h"
#include "corpus/identities.h"
#include "corpus/story_model.h"
#include "store/headline.h"
#include "store/quote_trail.h"
#include "attrib/resolve.h"
#include "util/buf.h"

#define SCHEMA_VERSION "1"
/* entity rows kept in memory between commits before the cache is dropped */
#define ENTITY_CACHE_MAX (1u << 18)

const char *hd_ent_type_name(int t); /* output.c */

static const char *const KIND_NAMES[] = {"news", "opinion", "analysis"};
static const char *const QTYPE_NAMES[] = {"direct", "partial", "indirect"};
static const char *const SPK_NAMES[] = {"named", "anonymous", "organization", "pronoun", "unknown"};

static const char SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);\n"
    "CREATE TABLE IF NOT EXISTS articles(\n"
    "  id INTEGER PRIMARY KEY, hash INTEGER NOT NULL UNIQUE, ext_id TEXT, url TEXT, title TEXT,\n"
    "  outlet TEXT, date TEXT, day INTEGER, kind TEXT, section TEXT, byline TEXT, text TEXT NOT NULL,\n"
    "  input_path TEXT, input_line INTEGER, story_id INTEGER, dup_of INTEGER, dup_sim REAL, minhash BLOB);\n"
    "CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id, day);\n"
    "CREATE INDEX IF NOT EXISTS articles_dup ON articles(dup_of) WHERE dup_of IS NOT NULL;\n"
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
    "CREATE TABLE IF NOT EXISTS cluster_terms(id INTEGER PRIMARY KEY, term TEXT NOT NULL, surface TEXT,\n"
    "  df INTEGER NOT NULL, post BLOB);\n"
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, text, content='articles',\n"
    "  content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');\n";

enum {
  Q_HAS,
  Q_ARTICLE,
  Q_FTS,
  Q_STORY_OF,
  Q_ENTITY_GET,
  Q_ENTITY_NEW,
  Q_ENTITY_SET,
  Q_ALIAS,
  Q_TITLE,
  Q_MENTION,
  Q_ART_ENT,
  Q_QUOTE,
  Q_MOVE_STORY,
  Q_STORY_ROW,
  Q_STORY_OUTLETS,
  Q_ADD_OUTLET,
  Q_MOVE_OUTLETS,
  Q_DROP_OUTLETS,
  Q_TERM,
  Q_TERM_DF,
  Q_META,
  Q_HEADLINE_TITLES,
  Q_COUNT
};

static const char *const SQL[Q_COUNT] = {
    [Q_HAS] = "SELECT 1 FROM articles WHERE hash = ?",
    [Q_ARTICLE] = "INSERT INTO articles(hash, ext_id, url, title, outlet, date, day, kind, section, byline, text,"
                  " input_path, input_line, story_id, dup_of, dup_sim, minhash)"
                  " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    [Q_FTS] = "INSERT INTO articles_fts(rowid, title, text) VALUES(?,?,?)",
    [Q_STORY_OF] = "SELECT story_id FROM articles WHERE id = ?",
    [Q_ENTITY_GET] = "SELECT id, mentions, articles, name FROM entities WHERE key = ?",
    [Q_ENTITY_NEW] = "INSERT INTO entities(key, type, name, mentions, articles) VALUES(?,?,?,?,1)",
    [Q_ENTITY_SET] = "UPDATE entities SET mentions = ?, articles = ?, name = ? WHERE id = ?",
    [Q_ALIAS] = "INSERT INTO aliases(entity_id, alias, count) VALUES(?,?,1)"
                " ON CONFLICT(entity_id, alias) DO UPDATE SET count = count + 1",
    [Q_TITLE] = "INSERT INTO titles(entity_id, title, count) VALUES(?,?,1)"
                " ON CONFLICT(entity_id, title) DO UPDATE SET count = count + 1",
    [Q_MENTION] = "INSERT INTO mentions(article_id, entity_id, type, start, end, text, title) VALUES(?,?,?,?,?,?,?)",
    [Q_ART_ENT] = "INSERT INTO article_entities(article_id, entity_id, mentions) VALUES(?,?,?)"
                  " ON CONFLICT(article_id, entity_id) DO UPDATE SET mentions = mentions + excluded.mentions",
    [Q_QUOTE] = "INSERT INTO quotes(article_id, type, speaker_kind, speaker_id, speaker, content, content_start,"
                " content_end, cue, source) VALUES(?,?,?,?,?,?,?,?,?,?)",
    [Q_MOVE_STORY] = "UPDATE articles SET story_id = ? WHERE story_id = ?",
    [Q_STORY_ROW] = "INSERT OR REPLACE INTO stories(id, label, first, last, articles, outlets, merged_into,"
                    " thread_id, state, headline) VALUES(?,?,?,?,?,?,?,?,?,?)",
    [Q_STORY_OUTLETS] = "SELECT count(*) FROM story_outlets WHERE story_id = ?",
    [Q_ADD_OUTLET] = "INSERT OR IGNORE INTO story_outlets(story_id, outlet) VALUES(?,?)",
    [Q_MOVE_OUTLETS] = "INSERT OR IGNORE INTO story_outlets(story_id, outlet) SELECT ?1, outlet FROM story_outlets"
                       " WHERE story_id = ?2",
    [Q_DROP_OUTLETS] = "DELETE FROM story_outlets WHERE story_id = ?",
    [Q_TERM] = "INSERT INTO cluster_terms(id, term, surface, df, post) VALUES(?,?,?,?,?)",
    [Q_TERM_DF] = "UPDATE cluster_terms SET df = ?, post = ? WHERE id = ?",
    [Q_META] = "INSERT OR REPLACE INTO meta(key, value) VALUES(?,?)",
    [Q_HEADLINE_TITLES] = HD_HEADLINE_SQL,
};

struct hd_ingest {
  sqlite3 *db;
  sqlite3_stmt *q[Q_COUNT];
  hd_store_options o;
  hd_corpus *corpus; /* fingerprint + near-duplicates + stories (corpus.h) */
  hd_lsh *lsh;       /* the corpus's index, for loading its state */
  hd_clusterer *cl;  /* the corpus's clusterer, for loading and saving */
  hd_story_model *story_model; /* owned; the clusterer borrows it (NULL: hand score) */
  hd_entity_cache *ents; /* entities rows touched since the cache was last dropped */
  uint32_t terms_saved; /* cluster_terms rows in the file (ids are dense) */
  int in_txn;
  int broken; /* a write failed: the open batch was rolled back */
  long pending;
  hd_store_stats stats;
  hd_store_stats committed; /* stats as of the last commit */
  hd_buf scratch;
  char *path;
  int lock_fd; /* holds the writer lock (flock) from open to close; -1 none */
};

void hd_store_defaults(hd_store_options *o) {
  hd_fp_defaults(&o->fp);
  hd_cluster_defaults(&o->cluster);
  o->batch = 4000;
  o->story_model = NULL;
}

static int db_fail(hd_ingest *s, hd_err *err, const char *what) {
  hd_err_set(err, HD_ERR_DB, s->path, 0, "%s: %s", what, sqlite3_errmsg(s->db));
  return -1;
}

static int exec(hd_ingest *s, const char *sql, hd_err *err) {
  char *msg = NULL;
  if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
    hd_err_set(err, HD_ERR_DB, s->path, 0, "%s", msg ? msg : "sqlite error");
    sqlite3_free(msg);
    return -1;
  }
  return 0;
}

/* ---- loading state at open ---- */

/* Stores written before posting lists were saved (no cluster_terms.post
 * column, or terms saved without lists) get the column and the old,
 * approximate rebuild; a store that starts empty saves exact lists and
 * says so in meta.cluster_posts. Runs inside the schema transaction.
 * Returns 1 when the lists are exact, 0 when not, -1 on error. */
static int posts_are_exact(hd_ingest *s, hd_err *err) {
  sqlite3_stmt *st;
  int has_column = 0, has_terms = 0, exact = 0;
  if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM pragma_table_info('cluster_terms') WHERE name = 'post'", -1, &st, NULL))
    return db_fail(s, err, "checking cluster_terms");
  has_column = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  if (!has_column && exec(s, "ALTER TABLE cluster_terms ADD COLUMN post BLOB", err)) return -1;
  if (sqlite3_prepare_v2(s->db, "SELECT 1 FROM pragma_table_info('stories') WHERE name = 'headline'", -1, &st, NULL))
    return db_fail(s, err, "checking stories");
  has_column = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  /* stories saved before it have none: readers compute theirs (headline.h) */
  if (!has_column && exec(s, "ALTER TABLE stories ADD COLUMN headline TEXT", err)) return -1;
  if (sqlite3_prepare_v2(s->db, "SELECT EXISTS(SELECT 1 FROM cluster_terms), EXISTS(SELECT 1 FROM meta WHERE"
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

static int load_state(hd_ingest *s, int exact, hd_err *err) {
  sqlite3_stmt *st;
  hd_cluster_set_exact_posts(s->cl, exact);
  /* terms in id order (ids are dense) */
  if (sqlite3_prepare_v2(s->db, "SELECT id, term, surface, df, post FROM cluster_terms ORDER BY id", -1, &st, NULL))
    return db_fail(s, err, "loading terms");
  uint32_t expect = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    uint32_t id = (uint32_t)sqlite3_column_int64(st, 0);
    if (id != expect++) {
      sqlite3_finalize(st);
      hd_err_set(err, HD_ERR_DB, s->path, 0, "cluster_terms ids are not dense (at %u)", id);
      return -1;
    }
    s->terms_saved = id + 1;
    hd_cluster_load_term(s->cl, id, (const char *)sqlite3_column_text(st, 1), (const char *)sqlite3_column_text(st, 2),
                         (uint32_t)sqlite3_column_int64(st, 3));
    if (exact && hd_cluster_load_posts(s->cl, id, sqlite3_column_blob(st, 4), (size_t)sqlite3_column_bytes(st, 4))) {
      sqlite3_finalize(st);
      hd_err_set(err, HD_ERR_DB, s->path, 0, "cluster term %u has a corrupt posting list", id);
      return -1;
    }
  }
  sqlite3_finalize(st);
  if (sqlite3_prepare_v2(s->db, "SELECT id, state FROM stories ORDER BY id", -1, &st, NULL))
    return db_fail(s, err, "loading stories");
  while (sqlite3_step(st) == SQLITE_ROW) {
    uint32_t id = (uint32_t)sqlite3_column_int64(st, 0) - 1;
    const void *p = sqlite3_column_blob(st, 1);
    int n = sqlite3_column_bytes(st, 1);
    if (hd_cluster_load_story(s->cl, id, p, (size_t)n) != 0) {
      sqlite3_finalize(st);
      hd_err_set(err, HD_ERR_DB, s->path, 0, "story %u has a corrupt state", id + 1);
      return -1;
    }
  }
  sqlite3_finalize(st);
  if (sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE key = 'cluster_docs'", -1, &st, NULL))
    return db_fail(s, err, "loading meta");
  if (sqlite3_step(st) == SQLITE_ROW) hd_cluster_set_n_docs(s->cl, (uint64_t)sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  if (hd_cluster_check_loaded(s->cl)) {
    hd_err_set(err, HD_ERR_DB, s->path, 0, "%s", "the clustering state names stories that do not exist");
    return -1;
  }
  /* originals into the LSH index */
  if (sqlite3_prepare_v2(s->db, "SELECT id, minhash FROM articles WHERE dup_of IS NULL AND minhash IS NOT NULL ORDER BY id",
                         -1, &st, NULL))
    return db_fail(s, err, "loading fingerprints");
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (sqlite3_column_bytes(st, 1) != (int)sizeof(hd_minhash)) continue;
    hd_minhash m;
    memcpy(&m, sqlite3_column_blob(st, 1), sizeof m);
    hd_lsh_add(s->lsh, sqlite3_column_int64(st, 0), &m);
  }
  sqlite3_finalize(st);
  return 0;
}

static uint32_t story_of_article(void *vs, int64_t article);

/* Closes the database and frees everything the store owns (statements
 * already finalised by the caller). */
static void store_release(hd_ingest *s) {
  sqlite3_close(s->db);
  if (s->lock_fd >= 0) close(s->lock_fd); /* after sqlite3_close: see take_writer_lock */
  hd_corpus_free(s->corpus);
  hd_story_model_free(s->story_model);
  hd_entity_cache_free(s->ents);
  hd_buf_free(&s->scratch);
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
static int take_writer_lock(hd_ingest *s, hd_err *err) {
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

hd_ingest *hd_ingest_open(const char *path, const hd_store_options *o, hd_err *err) {
  hd_ingest *s = hd_xcalloc(1, sizeof *s);
  s->path = hd_xstrdup(path);
  s->lock_fd = -1;
  if (o) s->o = *o;
  else hd_store_defaults(&s->o);
  if (s->o.batch < 1) s->o.batch = 4000;
  hd_buf_init(&s->scratch, 0);
  if (take_writer_lock(s, err)) goto fail;
  if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
    hd_err_set(err, HD_ERR_DB, path, 0, "cannot open: %s", s->db ? sqlite3_errmsg(s->db) : "out of memory");
    goto fail;
  }
  sqlite3_busy_timeout(s->db, 5000);
  if (exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
              "PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=16384;", err))
    goto fail;
  if (exec(s, "BEGIN", err) || exec(s, SCHEMA, err)) goto fail;
  if (exec(s, "INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '" SCHEMA_VERSION "');", err))
    goto fail;
  int exact = posts_are_exact(s, err);
  if (exact < 0 || exec(s, "COMMIT", err)) goto fail;
  for (int i = 0; i < Q_COUNT; i++)
    if (sqlite3_prepare_v3(s->db, SQL[i], -1, SQLITE_PREPARE_PERSISTENT, &s->q[i], NULL) != SQLITE_OK) {
      db_fail(s, err, SQL[i]);
      goto fail;
    }
  if (s->o.story_model) {
    if (!(s->story_model = hd_story_model_load(s->o.story_model, err))) goto fail;
    s->o.cluster.model = s->story_model;
  }
  s->corpus = hd_corpus_new(&s->o.fp, &s->o.cluster, 1, story_of_article, s);
  s->lsh = hd_corpus_lsh(s->corpus);
  s->cl = hd_corpus_clusterer(s->corpus);
  s->ents = hd_entity_cache_new();
  if (load_state(s, exact, err)) goto fail;
  return s;
fail:
  for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(s->q[i]);
  store_release(s);
  return NULL;
}

/* ---- binding helpers ---- */

static void bind_text(sqlite3_stmt *st, int i, const char *s) {
  if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
  else sqlite3_bind_null(st, i);
}

static void bind_span(sqlite3_stmt *st, int i, const char *text, hd_span sp) {
  if (hd_span_is_none(sp)) sqlite3_bind_null(st, i);
  else sqlite3_bind_text(st, i, text + sp.start, (int)(sp.end - sp.start), SQLITE_STATIC);
}

/* Steps a write statement to completion and resets it. */
static int run(hd_ingest *s, sqlite3_stmt *st, hd_err *err) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW) return db_fail(s, err, sqlite3_sql(st));
  return 0;
}

uint64_t hd_article_hash(const hd_article *a) {
  return a->has_content_hash ? a->content_hash : XXH64(a->raw, a->raw_len, 0);
}

int hd_ingest_has(hd_ingest *s, uint64_t hash) {
  sqlite3_stmt *st = s->q[Q_HAS];
  sqlite3_bind_int64(st, 1, (sqlite3_int64)hash);
  int found = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_reset(st);
  return found;
}

static int begin(hd_ingest *s, hd_err *err) {
  if (s->in_txn) return 0;
  if (exec(s, "BEGIN IMMEDIATE", err)) return -1;
  s->in_txn = 1;
  return 0;
}

/* ---- the corpus-wide stages for one article ---- */

static uint32_t story_of_article(void *vs, int64_t article) {
  hd_ingest *s = vs;
  sqlite3_stmt *st = s->q[Q_STORY_OF];
  sqlite3_bind_int64(st, 1, article);
  uint32_t story = HD_NO_STORY;
  if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
    story = (uint32_t)(sqlite3_column_int64(st, 0) - 1);
  sqlite3_reset(st);
  return story;
}

/* The entities row of an identity (by canonical key), created or updated
 * in the cache: `mentions` more mentions, one more article, the longer
 * name (in code points; the first on a tie). Existing rows are read once
 * into the cache; their changes are written at commit (flush_entity). */
static int entity_row(hd_ingest *s, const hd_identity *id, uint32_t mentions, int64_t *row_id, hd_err *err) {
  const char *name = id->name ? id->name : id->key;
  hd_entity_row *r = hd_entity_cache_get(s->ents, id->key);
  if (!r) {
    sqlite3_stmt *st = s->q[Q_ENTITY_GET];
    bind_text(st, 1, id->key);
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW)
      r = hd_entity_cache_put(s->ents, id->key, sqlite3_column_int64(st, 0),
                              (const char *)sqlite3_column_text(st, 3), sqlite3_column_int64(st, 1),
                              sqlite3_column_int64(st, 2));
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (step != SQLITE_ROW && step != SQLITE_DONE) return db_fail(s, err, "entity");
    if (!r) { /* a new entity: its row now, so it gets the next id */
      st = s->q[Q_ENTITY_NEW];
      bind_text(st, 1, id->key);
      bind_text(st, 2, hd_ent_type_name(id->type));
      bind_text(st, 3, name);
      sqlite3_bind_int64(st, 4, mentions);
      if (run(s, st, err)) return -1;
      r = hd_entity_cache_put(s->ents, id->key, sqlite3_last_insert_rowid(s->db), name, mentions, 1);
      *row_id = r->id;
      return 0;
    }
  }
  r->mentions += mentions;
  r->articles += 1;
  size_t chars = hd_utf8_chars(name);
  if (chars > r->name_chars) hd_entity_row_set_name(r, name, chars);
  hd_entity_cache_touch(s->ents, r);
  *row_id = r->id;
  return 0;
}

/* Identities by canonical key: returns each identity's entity row id. */
static int store_entities(hd_ingest *s, const hd_article *a, int64_t art, int64_t *ent_ids, hd_err *err) {
  uint32_t *count = hd_xcalloc(a->n_identities + 1, sizeof *count);
  for (size_t i = 0; i < a->n_mentions; i++)
    if (a->mentions[i].identity < a->n_identities) count[a->mentions[i].identity]++;
  int rc = 0;
  for (size_t i = 0; i < a->n_identities && !rc; i++) {
    const hd_identity *id = &a->identities[i];
    ent_ids[i] = 0;
    if (!id->key || !id->key[0]) continue;
    rc = entity_row(s, id, count[i], &ent_ids[i], err);
    if (rc) break;
    for (size_t k = 0; k <= id->n_aliases && !rc; k++) { /* the name too: counts pick the display name */
      const char *alias = k < id->n_aliases ? id->aliases[k] : id->name;
      int dup = 0;
      for (size_t j = 0; k == id->n_aliases && alias && j < id->n_aliases; j++) dup |= !strcmp(id->aliases[j], alias);
      if (!alias || dup) continue;
      sqlite3_bind_int64(s->q[Q_ALIAS], 1, ent_ids[i]);
      bind_text(s->q[Q_ALIAS], 2, alias);
      rc = run(s, s->q[Q_ALIAS], err);
    }
    for (size_t k = 0; k < id->n_titles && !rc; k++) {
      sqlite3_bind_int64(s->q[Q_TITLE], 1, ent_ids[i]);
      bind_text(s->q[Q_TITLE], 2, id->titles[k]);
      rc = run(s, s->q[Q_TITLE], err);
    }
    if (!rc) {
      sqlite3_bind_int64(s->q[Q_ART_ENT], 1, art);
      sqlite3_bind_int64(s->q[Q_ART_ENT], 2, ent_ids[i]);
      sqlite3_bind_int64(s->q[Q_ART_ENT], 3, count[i]);
      rc = run(s, s->q[Q_ART_ENT], err);
    }
  }
  free(count);
  return rc;
}

static int store_mentions(hd_ingest *s, const hd_article *a, int64_t art, const int64_t *ent_ids, hd_err *err) {
  sqlite3_stmt *st = s->q[Q_MENTION];
  for (size_t i = 0; i < a->n_mentions; i++) {
    const hd_mention *m = &a->mentions[i];
    if (m->end > a->text_len || m->start > m->end) continue;
    sqlite3_bind_int64(st, 1, art);
    if (m->identity < a->n_identities && ent_ids[m->identity]) sqlite3_bind_int64(st, 2, ent_ids[m->identity]);
    else sqlite3_bind_null(st, 2);
    bind_text(st, 3, hd_ent_type_name(m->type));
    sqlite3_bind_int64(st, 4, m->start);
    sqlite3_bind_int64(st, 5, m->end);
    bind_span(st, 6, a->text, (hd_span){m->start, m->end});
    bind_span(st, 7, a->text, m->title.end <= a->text_len ? m->title : hd_span_none());
    if (run(s, st, err)) return -1;
  }
  return 0;
}

static int store_quotes(hd_ingest *s, const hd_article *a, int64_t art, const int64_t *ent_ids, hd_err *err) {
  sqlite3_stmt *st = s->q[Q_QUOTE];
  for (size_t i = 0; i < a->n_quotes; i++) {
    const hd_quote *q = &a->quotes[i];
    if (hd_span_is_none(q->content) || q->content.end > a->text_len) continue;
    sqlite3_bind_int64(st, 1, art);
    bind_text(st, 2, QTYPE_NAMES[q->type <= HD_Q_INDIRECT ? q->type : 0]);
    bind_text(st, 3, SPK_NAMES[q->speaker_kind <= HD_SPK_UNKNOWN ? q->speaker_kind : HD_SPK_UNKNOWN]);
    const char *speaker = NULL;
    if (q->speaker < a->n_identities && ent_ids[q->speaker]) {
      sqlite3_bind_int64(st, 4, ent_ids[q->speaker]);
      speaker = a->identities[q->speaker].name;
    } else sqlite3_bind_null(st, 4);
    if (speaker) bind_text(st, 5, speaker);
    else bind_span(st, 5, a->text, q->source.end <= a->text_len ? q->source : hd_span_none());
    bind_span(st, 6, a->text, q->content);
    sqlite3_bind_int64(st, 7, q->content.start);
    sqlite3_bind_int64(st, 8, q->content.end);
    bind_span(st, 9, a->text, q->cue.end <= a->text_len ? q->cue : hd_span_none());
    bind_span(st, 10, a->text, q->source.end <= a->text_len ? q->source : hd_span_none());
    if (run(s, st, err)) return -1;
  }
  return 0;
}

static int add_one(hd_ingest *s, const hd_article *a, hd_err *err) {
  uint64_t hash = hd_article_hash(a);
  if (begin(s, err)) return -1;
  if (hd_ingest_has(s, hash)) {
    s->stats.skipped++;
    return 1;
  }
  const char *text = a->text ? a->text : a->raw;
  size_t text_len = a->text ? a->text_len : a->raw_len;
  const char *date = a->meta[HD_META_DATE];
  hd_corpus_result cr;
  hd_corpus_add(s->corpus, a, &cr);
  const hd_minhash m = cr.sig;
  const double sim = cr.dup_sim;
  const int64_t orig = cr.dup_of;
  const hd_cluster_result r = cr.story;

  sqlite3_stmt *st = s->q[Q_ARTICLE];
  sqlite3_bind_int64(st, 1, (sqlite3_int64)hash);
  bind_text(st, 2, a->meta[HD_META_ID]);
  bind_text(st, 3, a->meta[HD_META_URL]);
  bind_text(st, 4, a->title);
  bind_text(st, 5, a->outlet);
  bind_text(st, 6, date);
  if (cr.day != HD_NO_DAY) sqlite3_bind_int64(st, 7, cr.day);
  else sqlite3_bind_null(st, 7);
  bind_text(st, 8, KIND_NAMES[a->kind <= HD_KIND_ANALYSIS ? a->kind : 0]);
  bind_text(st, 9, a->section);
  bind_text(st, 10, a->byline);
  sqlite3_bind_text(st, 11, text, (int)text_len, SQLITE_STATIC);
  bind_text(st, 12, a->meta[HD_META_INPUT_PATH]);
  sqlite3_bind_int64(st, 13, a->input_line);
  sqlite3_bind_int64(st, 14, (sqlite3_int64)r.story + 1);
  if (orig) {
    sqlite3_bind_int64(st, 15, orig);
    sqlite3_bind_double(st, 16, sim);
  }
  if (m.n_shingles) sqlite3_bind_blob(st, 17, &m, sizeof m, SQLITE_STATIC);
  if (run(s, st, err)) return -1;
  int64_t art = sqlite3_last_insert_rowid(s->db);
  hd_corpus_index(s->corpus, art, &cr);

  st = s->q[Q_FTS];
  sqlite3_bind_int64(st, 1, art);
  bind_text(st, 2, a->title);
  sqlite3_bind_text(st, 3, text, (int)text_len, SQLITE_STATIC);
  if (run(s, st, err)) return -1;

  int64_t *ent_ids = hd_xcalloc(a->n_identities + 1, sizeof *ent_ids);
  int rc = store_entities(s, a, art, ent_ids, err);
  if (!rc) rc = store_mentions(s, a, art, ent_ids, err);
  if (!rc) rc = store_quotes(s, a, art, ent_ids, err);
  free(ent_ids);
  if (rc) return -1;

  if (a->outlet) { /* outlets per story, kept as a set so counting is cheap */
    sqlite3_bind_int64(s->q[Q_ADD_OUTLET], 1, (sqlite3_int64)r.story + 1);
    bind_text(s->q[Q_ADD_OUTLET], 2, a->outlet);
    if (run(s, s->q[Q_ADD_OUTLET], err)) return -1;
  }
  for (int i = 0; i < r.n_merged; i++) {
    sqlite3_int64 keep = (sqlite3_int64)r.story + 1, gone = (sqlite3_int64)r.merged[i] + 1;
    sqlite3_bind_int64(s->q[Q_MOVE_STORY], 1, keep);
    sqlite3_bind_int64(s->q[Q_MOVE_STORY], 2, gone);
    if (run(s, s->q[Q_MOVE_STORY], err)) return -1;
    sqlite3_bind_int64(s->q[Q_MOVE_OUTLETS], 1, keep);
    sqlite3_bind_int64(s->q[Q_MOVE_OUTLETS], 2, gone);
    if (run(s, s->q[Q_MOVE_OUTLETS], err)) return -1;
    sqlite3_bind_int64(s->q[Q_DROP_OUTLETS], 1, gone);
    if (run(s, s->q[Q_DROP_OUTLETS], err)) return -1;
  }
  s->stats.stored++;
  s->stats.duplicates += orig != 0;
  s->stats.stories_opened += r.opened;
  s->stats.merges += r.n_merged;
  if (++s->pending >= s->o.batch) return hd_ingest_commit(s, err);
  return 0;
}

/* A failed write rolls back the open batch; the in-memory state then no
 * longer matches the file, so the store refuses further writes (the
 * caller reopens it, which reloads the state from the file). */
static int fail_batch(hd_ingest *s, hd_err *err) {
  if (s->in_txn) exec(s, "ROLLBACK", NULL);
  s->in_txn = 0;
  /* the open batch is gone: count it as not stored */
  long lost = s->stats.stored - s->committed.stored;
  long skipped = s->stats.skipped;
  s->stats = s->committed;
  s->stats.skipped = skipped;
  s->stats.rolled_back += lost;
  s->committed = s->stats;
  s->broken = 1;
  hd_entity_cache_clear(s->ents); /* its counts included the rolled-back batch */
  (void)err;
  return -1;
}

static int refuse(hd_ingest *s, hd_err *err) {
  hd_err_set(err, HD_ERR_DB, s->path, 0, "%s", "an earlier write failed; the store must be reopened");
  return -1;
}

int hd_ingest_add(hd_ingest *s, const hd_article *a, hd_err *err) {
  if (s->broken) return refuse(s, err);
  int rc = add_one(s, a, err);
  return rc < 0 ? fail_batch(s, err) : rc;
}

/* ---- commit: the clusterer's changed state, then COMMIT ---- */

static void day_str(int64_t day, char *out, size_t n) {
  /* civil from days (Howard Hinnant) */
  int64_t z = day + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp + (mp < 10 ? 3 : -9);
  snprintf(out, n, "%04d-%02d-%02d", (int)(y + (m <= 2)), (int)(m % 100), (int)(d % 100));
}

typedef struct {
  hd_ingest *s;
  hd_err *err;
} flush_ctx;

static int flush_entity(void *vctx, const hd_entity_row *r) {
  flush_ctx *c = vctx;
  sqlite3_stmt *st = c->s->q[Q_ENTITY_SET];
  sqlite3_bind_int64(st, 1, r->mentions);
  sqlite3_bind_int64(st, 2, r->articles);
  bind_text(st, 3, r->name);
  sqlite3_bind_int64(st, 4, r->id);
  return run(c->s, st, c->err);
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

/* A changed term: its df when the row exists, else the whole row. */
static int save_term(hd_ingest *s, uint32_t id, uint32_t *terms_end, hd_err *err) {
  const char *surface;
  uint32_t df;
  const char *t = hd_cluster_term(s->cl, id, &surface, &df);
  uint32_t n_post;
  const uint32_t *post = hd_cluster_term_posts(s->cl, id, &n_post);
  sqlite3_stmt *st;
  int post_col;
  if (id < s->terms_saved) {
    st = s->q[Q_TERM_DF];
    sqlite3_bind_int64(st, 1, df);
    sqlite3_bind_int64(st, 3, id);
    post_col = 2;
  } else {
    st = s->q[Q_TERM];
    sqlite3_bind_int64(st, 1, id);
    bind_text(st, 2, t);
    bind_text(st, 3, surface);
    sqlite3_bind_int64(st, 4, df);
    post_col = 5;
    if (id >= *terms_end) *terms_end = id + 1;
  }
  if (n_post) sqlite3_bind_blob(st, post_col, post, (int)(n_post * sizeof *post), SQLITE_STATIC);
  else sqlite3_bind_null(st, post_col);
  return run(s, st, err);
}

static int save_story(hd_ingest *s, uint32_t id, hd_err *err) {
  hd_buf_clear(&s->scratch);
  hd_cluster_story_state(s->cl, id, &s->scratch);
  int64_t first_day, last_day;
  uint32_t n_docs = hd_cluster_story_days(s->cl, id, &first_day, &last_day);
  hd_buf label;
  hd_buf_init(&label, 0);
  uint32_t root = hd_cluster_find(s->cl, id);
  if (root == id) hd_cluster_label(s->cl, id, &label);
  long outlets = 0;
  sqlite3_stmt *q = s->q[Q_STORY_OUTLETS];
  sqlite3_bind_int64(q, 1, (sqlite3_int64)id + 1);
  if (root == id && sqlite3_step(q) == SQLITE_ROW) outlets = (long)sqlite3_column_int64(q, 0);
  sqlite3_reset(q);
  char first[64], last[64];
  sqlite3_stmt *st = s->q[Q_STORY_ROW];
  sqlite3_bind_int64(st, 1, (sqlite3_int64)id + 1);
  bind_text(st, 2, label.ptr);
  if (first_day != HD_NO_DAY) {
    day_str(first_day, first, sizeof first);
    day_str(last_day, last, sizeof last);
    bind_text(st, 3, first);
    bind_text(st, 4, last);
  }
  sqlite3_bind_int64(st, 5, root == id ? n_docs : 0);
  sqlite3_bind_int64(st, 6, outlets);
  if (root != id) sqlite3_bind_int64(st, 7, (sqlite3_int64)root + 1);
  sqlite3_bind_int64(st, 8, (sqlite3_int64)hd_cluster_story_thread(s->cl, id) + 1);
  sqlite3_bind_blob(st, 9, s->scratch.ptr, (int)s->scratch.len, SQLITE_STATIC);
  /* the headline, kept so that listing stories reads it instead of
   * ranking titles at each query (headline.h) */
  int hrc = SQLITE_DONE;
  char *headline = root == id ? hd_story_headline(s->q[Q_HEADLINE_TITLES], (int64_t)id + 1, label.ptr, &hrc) : NULL;
  if (hrc != SQLITE_DONE) {
    free(headline);
    hd_buf_free(&label);
    return db_fail(s, err, "choosing a story headline");
  }
  bind_text(st, 10, headline);
  int rc = run(s, st, err);
  free(headline);
  hd_buf_free(&label);
  return rc;
}

int hd_ingest_commit(hd_ingest *s, hd_err *err) {
  if (s->broken) return refuse(s, err);
  if (!s->in_txn) return 0;
  uint32_t *terms, *stories;
  size_t nt, ns;
  hd_cluster_take_dirty(s->cl, &terms, &nt, &stories, &ns);
  flush_ctx fc = {s, err};
  int rc = hd_entity_cache_flush(s->ents, flush_entity, &fc);
  if (nt) qsort(terms, nt, sizeof *terms, cmp_u32); /* row order: each B-tree page is visited once */
  uint32_t terms_end = s->terms_saved;
  for (size_t i = 0; i < nt && !rc; i++) rc = save_term(s, terms[i], &terms_end, err);
  for (size_t i = 0; i < ns && !rc; i++) rc = save_story(s, stories[i], err);
  free(terms);
  free(stories);
  if (!rc) {
    char n[32];
    snprintf(n, sizeof n, "%llu", (unsigned long long)hd_cluster_n_docs(s->cl));
    sqlite3_stmt *st = s->q[Q_META];
    bind_text(st, 1, "cluster_docs");
    bind_text(st, 2, n);
    rc = run(s, st, err);
  }
  if (rc || exec(s, "COMMIT", err)) return fail_batch(s, err);
  s->in_txn = 0;
  s->pending = 0;
  s->committed = s->stats;
  s->terms_saved = terms_end;
  if (hd_entity_cache_count(s->ents) > ENTITY_CACHE_MAX) hd_entity_cache_clear(s->ents);
  return 0;
}

int hd_ingest_close(hd_ingest *s, hd_err *err) {
  if (!s) return 0;
  int rc = s->broken ? -1 : hd_ingest_commit(s, err);
  if (rc == 0) rc = hd_identities_join(s->db, s->path, NULL, err); /* one identity per person */
  if (rc == 0) rc = hd_quote_links_update(s->db, s->path, err);     /* then each quote's trail */
  if (s->broken) hd_err_set(err, HD_ERR_DB, s->path, 0, "%s", "the last batch was rolled back after a failed write");
  for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(s->q[i]);
  if (rc == 0) sqlite3_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA optimize;", NULL, NULL, NULL);
  store_release(s);
  return rc;
}

void hd_ingest_get_stats(const hd_ingest *s, hd_store_stats *st) { *st = s->stats; }

int hd_disk_full(const char *path) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (!slash) snprintf(dir, sizeof dir, ".");
  else if (slash == dir) dir[1] = 0;
  else *slash = 0;
  struct statvfs v;
  return statvfs(dir, &v) == 0 && v.f_bavail == 0;
}

/* Why a store could not be read: a full disk (SQLite cannot create the
 * WAL index then, and says "disk I/O error") is named as such; only a
 * file that opens but has no articles table is "not a herald store". */
static void query_open_error(sqlite3 *db, const char *path, hd_err *err) {
  int code = sqlite3_extended_errcode(db) & 0xff;
  const char *msg = sqlite3_errmsg(db);
  if (code == SQLITE_FULL || ((code == SQLITE_IOERR || code == SQLITE_CANTOPEN) && hd_disk_full(path)))
    hd_err_set(err, HD_ERR_IO, path, 0, "cannot read the store: the disk is full (%s)", msg);
  else if (code == SQLITE_IOERR || code == SQLITE_CANTOPEN || code == SQLITE_BUSY || code == SQLITE_LOCKED ||
           code == SQLITE_NOMEM || code == SQLITE_READONLY || code == SQLITE_PERM)
    hd_err_set(err, HD_ERR_DB, path, 0, "cannot read the store: %s", msg);
  else hd_err_set(err, HD_ERR_DB, path, 0, "not a herald store: %s", msg);
}

sqlite3 *hd_store_open_query(const char *path, hd_err *err) {
  sqlite3 *db = NULL;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    hd_err_set(err, HD_ERR_DB, path, 0, "cannot open: %s", db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return NULL;
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM articles LIMIT 1", -1, &st, NULL) != SQLITE_OK) {
    query_open_error(db, path, err);
    sqlite3_close(db);
    return NULL;
  }
  sqlite3_finalize(st);
  return db;
}
