/*
 * writer.h: the interface between the corpus-wide writer (store.c: hash
 * check, the corpus step, identities, story merges, the clusterer's state
 * at commit) and a database that keeps its rows. Two implement it:
 * writer_sqlite.c (one SQLite file, one writer at a time) and writer_pg.c
 * (PostgreSQL: COPY per batch, several writers serialised per batch by an
 * advisory lock). store.c calls nothing else of the database.
 *
 * A batch: begin (takes the writers' lock, returns the store's generation,
 * which changes when another process commits), row calls, commit (or
 * rollback). Rows may be buffered until commit; a backend answers
 * story_of and entity_get for its own buffered rows too.
 *
 * Strings are borrowed for the call (hd_wstr: NULL p = SQL NULL). Ids are
 * the database's (articles, entities, quotes); stories are 1-based
 * clusterer ids + 1.
 */
#ifndef HD_STORE_WRITER_H
#define HD_STORE_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "herald.h"

typedef struct {
  const char *p; /* NULL: SQL NULL */
  size_t n;
} hd_wstr;

static inline hd_wstr hd_wstr_of(const char *s) {
  hd_wstr w = {s, s ? __builtin_strlen(s) : 0};
  return w;
}

typedef struct {
  int64_t id; /* given ahead (store.c's writer thread; SQLite only), or 0: the database's */
  uint64_t hash;
  hd_wstr ext_id, url, title, outlet, date, kind, section, byline, text, input_path;
  int64_t day; /* HD_NO_DAY: NULL */
  int64_t input_line;
  int64_t story; /* 1-based */
  int64_t dup_of; /* 0: NULL */
  double dup_sim;
  const void *minhash; /* NULL: none */
  size_t minhash_len;
  const struct hd_fts_tokens *fts_tokens; /* title and text tokenised ahead, or NULL (fts_ahead.h) */
} hd_wrow_article;

typedef struct {
  int64_t article, entity; /* entity 0: NULL */
  hd_wstr type, text, title;
  int64_t start, end;
} hd_wrow_mention;

typedef struct {
  int64_t article, speaker_id; /* speaker_id 0: NULL */
  hd_wstr type, speaker_kind, speaker, content, cue, source;
  int64_t content_start, content_end;
} hd_wrow_quote;

typedef struct {
  int64_t id; /* 1-based */
  hd_wstr label, first, last, headline;
  int64_t articles, outlets, merged_into, thread_id; /* merged_into 0: NULL */
  const void *state;
  size_t state_len;
} hd_wrow_story;

/* What a backend reads back at open (and, for PostgreSQL, after another
 * writer committed): every callback returns 0, or -1 to stop (err set). */
typedef struct {
  void *ud;
  /* the cluster terms in id order, then their state chunks in id order
   * (term_chunks.h) */
  int (*term)(void *ud, uint32_t id, const char *term, const char *surface, hd_err *err);
  int (*chunk)(void *ud, uint32_t id, const void *state, size_t len, hd_err *err);
  int (*story)(void *ud, uint32_t id1, const void *state, size_t len, hd_err *err);
  void (*n_docs)(void *ud, uint64_t n);
  void (*original)(void *ud, int64_t id, const void *minhash, size_t len);
  void (*stored)(void *ud, uint64_t hash); /* every stored article's content hash */
  /* optional, a backend may call it instead of `original`: the same with
   * the article's story (1-based; 0 NULL) */
  void (*original_story)(void *ud, int64_t id, const void *minhash, size_t len, int64_t story);
  /* optional: the id the next article gets (SQLite: max + 1) */
  void (*next_article)(void *ud, int64_t id);
} hd_wload;

typedef struct hd_writer_ops {
  const char *name;
  /* Opens (creating the schema; a store that kept the term state in
   * cluster_terms' df and post columns has it moved into chunks first)
   * and takes what makes writes safe. `exact` is set to 1 when the
   * clusterer's posting lists are stored exactly. */
  void *(*open)(const char *target, int *exact, hd_err *err);
  void (*close)(void *db, int clean); /* clean: the last commit succeeded */
  /* begins a batch under the writers' lock; *gen is the store's generation */
  int (*begin)(void *db, int64_t *gen, hd_err *err);
  /* writes what is buffered and commits; *gen is the generation after it */
  int (*commit)(void *db, int64_t *gen, hd_err *err);
  void (*rollback)(void *db);
  /* writes what story_outlets must see, before the commit's state rows
   * (NULL: nothing is held back) */
  int (*flush)(void *db, hd_err *err);
  int (*load)(void *db, const hd_wload *l, hd_err *err);

  int64_t (*story_of)(void *db, int64_t article); /* 0: none or NULL */
  int64_t (*article)(void *db, const hd_wrow_article *r, hd_err *err); /* its id, or -1 */
  /* 1 found (fills id, mentions, articles, *name: valid until the next
   * call), 0 not found, -1 error */
  int (*entity_get)(void *db, const char *key, int64_t *id, int64_t *mentions, int64_t *articles,
                    const char **name, hd_err *err);
  /* optional: the rows of these keys in one look-up, so that entity_get
   * answers for them without another (the keys of one article) */
  int (*entity_prefetch)(void *db, const char *const *keys, size_t n, hd_err *err);
  int64_t (*entity_new)(void *db, const char *key, const char *type, const char *name, int64_t mentions,
                        hd_err *err);
  int (*entity_set)(void *db, int64_t id, int64_t mentions, int64_t articles, const char *name, hd_err *err);
  int (*alias)(void *db, int64_t entity, const char *alias, hd_err *err);   /* count + 1 */
  int (*title)(void *db, int64_t entity, const char *title, hd_err *err);   /* count + 1 */
  int (*art_ent)(void *db, int64_t article, int64_t entity, int64_t mentions, hd_err *err);
  int (*mention)(void *db, const hd_wrow_mention *m, hd_err *err);
  int (*quote)(void *db, const hd_wrow_quote *q, hd_err *err);
  int (*add_outlet)(void *db, int64_t story, const char *outlet, hd_err *err);
  /* articles and outlets of story `gone` move to `keep` */
  int (*merge_story)(void *db, int64_t keep, int64_t gone, hd_err *err);
  int64_t (*story_outlets)(void *db, int64_t story); /* distinct outlets */
  /* a new cluster term (ids dense, in order); written once */
  int (*term)(void *db, uint32_t id, const char *term, const char *surface, hd_err *err);
  /* the state of the terms of chunk `id` (term_chunks.h), inserted or replaced */
  int (*term_chunk)(void *db, uint32_t id, const void *state, size_t len, hd_err *err);
  /* the headline of live story `id` from its stored originals' titles
   * (headline.h; the batch's articles included): *out malloc'd or NULL */
  int (*story_headline)(void *db, int64_t id, const char *label, char **out, hd_err *err);
  int (*story)(void *db, const hd_wrow_story *r, hd_err *err);
  int (*meta)(void *db, const char *key, const char *value, hd_err *err);
  /* one identity per person (corpus/identities.c), in its own transaction */
  int (*join_identities)(void *db, hd_err *err);
  /* optional: the rows are written on a thread of their own (store.c's
   * writer thread); the backend may move its own upkeep off that thread
   * too (SQLite: WAL checkpoints, wal_checkpoint.h) */
  void (*background)(void *db);
} hd_writer_ops;

extern const hd_writer_ops hd_writer_sqlite; /* writer_sqlite.c */
extern const hd_writer_ops hd_writer_pg;     /* writer_pg.c */

/* 1 if `target` is a PostgreSQL connection URI (postgres:// or postgresql://). */
int hd_is_pg_uri(const char *target);

#endif
