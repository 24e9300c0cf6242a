/*
 * herald/store.h: the public store and query API of libherald.
 *
 * A store is what `herald ingest` writes and the query verbs read: articles,
 * stories, cross-article entities and quotations. This header names no
 * backend: SQLite is the one built today (a path, or a "file:" URI), a
 * PostgreSQL backend will take "postgresql://" URIs behind the same calls.
 *
 * One function per query verb fills a typed result struct:
 *   hd_store_search    full-text search (herald search)
 *   hd_store_stories   stories, largest and latest first (herald stories)
 *   hd_store_story     one story: timeline and who said what (herald story)
 *   hd_store_quotes    quotations by a speaker (herald quotes)
 *   hd_store_entity    one entity across the store (herald entity)
 *   hd_store_article   one stored article with its layers (herald article)
 * and one function per result writes it as JSON: the CLI's --json and the
 * HTTP API both print exactly that, so they cannot drift.
 *
 * Ownership: hd_store_open/hd_store_close pair. A result struct is filled
 * by its query and owns every string and array it points to until its
 * hd_*_result_free (safe on a zeroed or already freed result). Query
 * structs and their strings are borrowed for the call only. The hd_*_json
 * functions return a malloc'd NUL-terminated string (no trailing newline);
 * the caller frees it with free().
 *
 * Errors: every call returns 0 or -1 and fills an optional hd_err. Codes:
 * HD_ERR_USAGE  a value the caller gave is invalid (bad date, limit, id,
 *               query too long, FTS syntax that cannot be searched); the
 *               message says what and how to fix it (HTTP: 400)
 * HD_ERR_NOT_FOUND  no such story, entity or article (HTTP: 404)
 * HD_ERR_DB     the store failed (not a herald store, disk, corrupt) (500)
 * HD_ERR_TIMEOUT  a query ran past hd_store_set_deadline (HTTP: 503)
 *
 * Threads: queries on one hd_store may run from several threads at once
 * (each call prepares its own statements; the backend serialises access
 * to its connection). For parallel queries open one store per thread.
 */
#ifndef HERALD_STORE_H
#define HERALD_STORE_H

#include "herald.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An id that is absent (SQL NULL): a quote with no resolved speaker, an
 * original's dup_of, ... Real ids are >= 0. */
#define HD_NO_ID ((int64_t)-1)

/* Caps that keep every query's cost bounded (checked by the library). */
#define HD_QUERY_MAX_BYTES 1024  /* bytes of a search query or a name */
#define HD_QUERY_MAX_TERMS 32    /* words (or FTS5 terms) in a search query */
#define HD_QUERY_MAX_LIMIT 1000  /* rows per call */
#define HD_QUERY_MAX_OFFSET 100000

/* ---- Opening ------------------------------------------------------ */

typedef struct hd_store hd_store;

enum {
  HD_STORE_READ_ONLY = 0,  /* queries only; works on a read-only file or
                              directory (a copied store, a CD, a mount) */
  HD_STORE_READ_WRITE = 1, /* creates the store if missing (ingest) */
};

/* Opens the store at `path_or_uri`: a SQLite file path or "file:" URI, or
 * a PostgreSQL database as a libpq URI ("postgresql://[user@]host[:port]/db",
 * or "postgresql:///db?host=/socket/dir"); docs/store.md.
 * Returns NULL with err filled (HD_ERR_DB: not a herald store, cannot
 * open; HD_ERR_USAGE: an unknown backend). Free with hd_store_close. */
hd_store *hd_store_open(const char *path_or_uri, unsigned flags, hd_err *err);
/* Closes the store (committing pending writes). 0, or -1 with err filled
 * if the final commit failed. NULL is a no-op. */
int hd_store_close(hd_store *s, hd_err *err);
/* "sqlite" or "postgresql" (owned by the library). */
const char *hd_store_backend_name(const hd_store *s);
/* A time limit for the queries that follow on this store: one that is
 * still running `seconds` from now stops and fails with HD_ERR_TIMEOUT
 * (0 = no limit, the default). A server sets it before each request.
 * 0, or -1 if the backend has no time limit. */
int hd_store_set_deadline(hd_store *s, double seconds);

/* ---- Writing (herald ingest) --------------------------------------
 * A store opened with HD_STORE_READ_WRITE takes annotated articles: each
 * is linked to the near-duplicate it copies, joins or opens a story, and
 * has its identities, mentions and quotations stored. Writes are batched
 * in transactions of `batch` articles; a crash loses at most the open
 * batch, and adding the same input again skips it (so re-running an
 * interrupted ingest completes it). One writer per store: a second
 * writer's open fails with HD_ERR_USAGE. Articles are borrowed. */

typedef struct {
  int batch;              /* articles per transaction */
  double dup_threshold;   /* least estimated Jaccard similarity for a near-duplicate */
  double story_threshold; /* least score for an article to join a story */
  const char *story_model; /* the learned join decision: a model file, NULL the default one
                              (models/stories-en.txt; the hand score when it is missing), or
                              "hand": the hand score. The model decides undated articles only */
  int writer_thread;       /* 1: the database rows are written on a thread of their own (SQLite; the
                              corpus step goes on meanwhile); the store is the same either way */
} hd_store_write_options;

/* Fills the defaults (4000, 0.5, 0.12). */
void hd_store_write_defaults(hd_store_write_options *o);
/* hd_store_open with write options (NULL = defaults; ignored read-only). */
hd_store *hd_store_open_with(const char *path_or_uri, unsigned flags, const hd_store_write_options *o,
                             hd_err *err);

/* 1 if an article with the same normalised input is stored (or in the
 * open batch), else 0: lets a caller skip annotating it. Thread-safe: one
 * thread may ask while another adds (an article being added may not be
 * seen yet; hd_store_add skips it then). */
int hd_store_has(hd_store *s, const hd_article *a);
/* Computes ahead the part of hd_store_add that reads the article alone
 * (its near-duplicate fingerprint and the words the clusterer reads, kept
 * in the article): thread-safe, so
 * annotating threads may call it while one thread adds other articles in
 * order; hd_store_add then skips that work. Optional: the store is the
 * same with or without it. A no-op on a read-only store. */
void hd_store_prepare(const hd_store *s, hd_article *a);
/* Stores an annotated article: 0 stored, 1 skipped (its input is
 * already stored; counted), -1 error (HD_ERR_USAGE on a read-only store;
 * HD_ERR_DB: the open batch was rolled back and the store takes no more). */
int hd_store_add(hd_store *s, const hd_article *a, hd_err *err);
/* The same, taking the article: the store frees it, at once or once its
 * rows are written (with writer_thread, on that thread: the caller goes
 * on meanwhile). A write that fails there is reported by a later call
 * (add, commit, close). */
int hd_store_add_take(hd_store *s, hd_article *a, hd_err *err);
/* Commits the open batch now. 0 or -1. */
int hd_store_commit(hd_store *s, hd_err *err);

/* Counts since the store was opened, after the last add. When a write
 * fails, the open batch is rolled back: its articles leave `stored` and
 * are counted in `rolled_back`. */
typedef struct {
  long stored, skipped, duplicates, stories_opened, merges;
  long rolled_back;
} hd_store_stats;
void hd_store_get_stats(const hd_store *s, hd_store_stats *st);

/* ---- Validation of values a person types --------------------------
 * The query functions check their inputs with these same functions, so
 * the CLI and the HTTP API report the same errors (HD_ERR_USAGE). */

/* A date: YYYY-MM-DD (a real calendar day), YYYY-MM (the 1st), YYYY,
 * or DD-MON-YYYY (26-FEB-1987). Fills *day (days since 1970-01-01). */
int hd_query_parse_date(const char *s, int64_t *day, hd_err *err);
/* A row count: a whole number 1..HD_QUERY_MAX_LIMIT. */
int hd_query_parse_limit(const char *s, int *limit, hd_err *err);
/* A row offset: a whole number 0..HD_QUERY_MAX_OFFSET. */
int hd_query_parse_offset(const char *s, int *offset, hd_err *err);
/* An id (story, article, entity): a whole decimal number >= 0. */
int hd_query_parse_id(const char *s, int64_t *id, hd_err *err);

/* ---- search ------------------------------------------------------- */

typedef struct {
  const char *q;        /* what a person typed (required): plain words are
                           searched as words; FTS5 syntax ("phrase", AND, OR,
                           NOT, NEAR, prefix*) is honoured when it parses */
  const char *outlet;   /* exact outlet, case-insensitive; NULL = any */
  const char *since;    /* first day (hd_query_parse_date); NULL = open */
  const char *until;    /* last day, inclusive; NULL = open */
  const char *entity;   /* only articles mentioning it (name, alias, key) */
  int limit;            /* 0 = 20 */
  int offset;           /* rows skipped, for paging */
  int window;           /* without filters, rank among the `window` most
                           recently stored matches: 0 = 1000, -1 = all */
} hd_search_query;

typedef struct {
  int64_t id;            /* article id */
  const char *date;      /* as given by the input; NULL if none */
  const char *outlet;    /* NULL if none */
  const char *title;     /* NULL if none */
  int64_t story;         /* story id, or HD_NO_ID */
  const char *snippet;   /* text around the matches, matches in [brackets] */
  double score;          /* BM25 (title weighted 5x); higher is better */
} hd_search_hit;

typedef struct {
  hd_search_hit *hits;
  size_t n;
  void *priv; /* owned memory; do not touch */
} hd_search_result;

int hd_store_search(hd_store *s, const hd_search_query *q, hd_search_result *out, hd_err *err);
void hd_search_result_free(hd_search_result *r);
/* JSON array of {id,date,outlet,title,story,snippet,score}. */
char *hd_search_json(const hd_search_result *r, size_t *len);

/* ---- stories ------------------------------------------------------ */

typedef struct {
  const char *since; /* stories whose last day is on or after it; NULL = all */
  int limit;         /* 0 = 20 */
  int offset;
} hd_stories_query;

typedef struct {
  int64_t id;
  const char *label;      /* top entities, then top terms; NULL if none */
  int64_t articles;       /* copies included */
  int64_t outlets;        /* distinct outlets */
  const char *first;      /* YYYY-MM-DD, NULL if undated */
  const char *last;
  const char *headline;   /* the title at the story's centre (the one sharing
                             most words with the label), cleaned; NULL if
                             no article has a title */
} hd_story_row;

typedef struct {
  hd_story_row *rows;
  size_t n;
  void *priv;
} hd_stories_result;

int hd_store_stories(hd_store *s, const hd_stories_query *q, hd_stories_result *out, hd_err *err);
/* A story label ("Ana Torres, Lakeline Marine: ferry contract council") in
 * its two parts: the key entities are label[0, *ent_len), separated by
 * ", "; the key terms start at *terms (words separated by spaces; a pair
 * of words is two words here). A label without ": " is terms only; a NULL
 * label has neither (*ent_len 0, *terms ""). */
void hd_story_label_parts(const char *label, size_t *ent_len, const char **terms);
void hd_stories_result_free(hd_stories_result *r);
/* JSON array of {id,label,headline,entities,terms,articles,outlets,first,last}
 * (entities and terms: the label's two parts as arrays of strings,
 * hd_story_label_parts). */
char *hd_stories_json(const hd_stories_result *r, size_t *len);

/* ---- story -------------------------------------------------------- */

typedef struct {
  int64_t id;
  const char *date, *outlet;
  double similarity; /* estimated Jaccard similarity to the original */
} hd_story_copy;

typedef struct {
  int64_t id;
  const char *date, *outlet, *title;
  hd_story_copy *copies; /* near-duplicates of it in this story, by date */
  size_t n_copies;
} hd_story_entry;

typedef struct {
  const char *type;    /* direct, partial, indirect */
  const char *content;
  const char *outlet, *date;
  int64_t article;
  int64_t quote;       /* its id (`herald trail ID`), or HD_NO_ID */
  const char *trail;   /*  speakers only: the one-line summary of its
                          trail across outlets ("said first in X on DATE;
                          repeated N times; K variants; M outlets"), or NULL
                          when no other article prints it */
} hd_story_quote;

typedef struct {
  const char *speaker; /* entity name, else the source text, else "(unknown)" */
  int64_t entity;      /* entity id, or HD_NO_ID */
  hd_story_quote *quotes;
  size_t n_quotes;
} hd_story_speaker;

typedef struct {
  int64_t id;
  const char *label;
} hd_story_ref;

/* Wire lineage (corpus/lineage.h): an article of the story that copies
 * or rewrites an earlier one. */
typedef struct {
  int64_t article, source;
  const char *outlet, *date;               /* of the copy */
  const char *source_outlet, *source_date; /* of the source */
  int64_t paragraphs, from_source, changed, added, cut;
} hd_story_lineage;

typedef struct {
  hd_story_row story;      /* a merged id leads to the story it joined */
  int64_t thread;          /* first story of its thread */
  hd_story_ref *related;   /* other live stories of the same thread */
  size_t n_related;
  hd_story_entry *timeline; /* originals by date, copies folded under them */
  size_t n_timeline;
  hd_story_speaker *speakers; /* who said what, by speaker name */
  size_t n_speakers;
  hd_story_speaker *unnamed; /* anonymous sources ("a senior official"), copies
                                included: one entry per source as written
                                (case-insensitive; "(unnamed source)" when
                                the text is empty), quotes by date, outlet;
                                entity is HD_NO_ID */
  size_t n_unnamed;
  hd_story_lineage *lineage; /* copies and rewrites, in story order */
  size_t n_lineage;
  void *priv;
} hd_story_result;

/* HD_ERR_NOT_FOUND if there is no story `id`. */
int hd_store_story(hd_store *s, int64_t id, hd_story_result *out, hd_err *err);
void hd_story_result_free(hd_story_result *r);
/* JSON object {id,label,headline,entities,terms,articles,outlets,first,last,thread,related:[id],
 * timeline:[{id,date,outlet,title,copies:[{id,date,outlet,similarity}]}],
 * speakers:[{speaker,entity,quotes:[{type,content,outlet,date,article,quote,trail}]}],
 * unnamed:[{speaker,entity,quotes:[...]}],
 * lineage:[{article,outlet,date,source,source_outlet,source_date,paragraphs,from_source,changed,added,cut}]}. */
char *hd_story_json(const hd_story_result *r, size_t *len);

/* ---- quotes ------------------------------------------------------- */

typedef struct {
  const char *speaker; /* entity name, alias or key, or the quoted source
                          text (case-insensitive); failing those, part of a
                          name or source (literal: % and _ are characters) */
  int limit;           /* 0 = 100 */
  int offset;
} hd_quotes_query;

typedef struct {
  const char *speaker; /* entity name, else the source text */
  const char *type, *content, *cue, *outlet, *date;
  int64_t article;
  const char *title;
  int64_t id; /* the quote's id (hd_store_quote_trail) */
  const char *trail; /* the one-line summary of its trail across outlets, or NULL
                        (no other article prints it, or a store without quote links) */
} hd_quote_row;

typedef struct {
  hd_quote_row *rows;
  size_t n;
  void *priv;
} hd_quotes_result;

int hd_store_quotes(hd_store *s, const hd_quotes_query *q, hd_quotes_result *out, hd_err *err);
void hd_quotes_result_free(hd_quotes_result *r);
/* JSON array of {speaker,type,content,cue,outlet,date,article,title,id}. */
char *hd_quotes_json(const hd_quotes_result *r, size_t *len);

/* The trail of quote `id` across outlets as JSON (malloc'd; the caller
 * frees it): the same quote of the same speaker in other articles, the
 * first appearance, the repeats and the variants with their words added
 * and removed (src/store/quote_trail.h). NULL with err: HD_ERR_NOT_FOUND
 * when the quote is not linked, HD_ERR_USAGE when the backend keeps no
 * quote links. */
char *hd_store_quote_trail(hd_store *s, int64_t id, hd_err *err);

/* ---- entity ------------------------------------------------------- */

typedef struct {
  const char *name; /* name, alias or key (case-insensitive); failing
                       those, part of a name (literal: % and _ too) */
  int limit;        /* rows per list; 0 = 20 (co-occurring at most 10,
                       quotations at most 5) */
} hd_entity_query;

typedef struct {
  const char *text; /* the alias or title */
  int64_t count;
} hd_name_count;

typedef struct {
  const char *name, *type;
  int64_t articles; /* articles in which both appear */
  int64_t id;
} hd_entity_ref;

typedef struct {
  const char *date, *outlet, *content;
  int64_t article;
} hd_entity_quote;

typedef struct {
  int64_t id;
  const char *key, *type, *name;
  int64_t mentions, articles;
  hd_name_count *aliases;
  size_t n_aliases;
  hd_name_count *titles;
  size_t n_titles;
  hd_entity_ref *cooccurring;
  size_t n_cooccurring;
  hd_entity_quote *quotes; /* latest first */
  size_t n_quotes;
  /* other entities the name also names (an ambiguous name such as a bare
   * surname: "Clinton" -> Hillary Clinton, Bill Clinton), most mentioned
   * first; `articles` is the candidate's article count */
  hd_entity_ref *candidates;
  size_t n_candidates;
  void *priv;
} hd_entity_result;

/* HD_ERR_NOT_FOUND if no entity matches. */
int hd_store_entity(hd_store *s, const hd_entity_query *q, hd_entity_result *out, hd_err *err);
void hd_entity_result_free(hd_entity_result *r);
/* JSON object {id,key,type,name,mentions,articles,aliases:[{alias,count}],
 * titles:[{title,count}],cooccurring:[{name,type,articles,id}],
 * quotes:[{date,outlet,content,article}]}. */
char *hd_entity_json(const hd_entity_result *r, size_t *len);

/* ---- article ------------------------------------------------------ */

typedef struct {
  int64_t start, end;  /* byte offsets into the article's text */
  const char *type;    /* PER, ORG, LOC, MISC */
  const char *text;
  const char *title;   /* "foreign minister", or NULL */
  int64_t entity;      /* entity id, or HD_NO_ID */
} hd_stored_mention;

typedef struct {
  int64_t id;
  const char *type;         /* direct, partial, indirect */
  const char *speaker_kind; /* named, anonymous, organization, pronoun, unknown */
  int64_t speaker_id;       /* entity id, or HD_NO_ID */
  const char *speaker;      /* entity name, else the source text */
  const char *content;
  int64_t content_start, content_end; /* byte offsets into the text */
  const char *cue, *source;
} hd_stored_quote;

typedef struct {
  int64_t start, end; /* byte offsets into the input (see FORMAT.md) */
  const char *reason;
} hd_stored_removed;

typedef struct {
  int64_t id;
  const char *ext_id, *url, *title, *outlet, *date, *kind, *section, *byline;
  const char *text; /* the cleaned text (NUL-terminated) */
  size_t text_len;
  const char *input_path;
  int64_t input_line;
  int64_t story;    /* or HD_NO_ID */
  int64_t dup_of;   /* the original it is a near-copy of, or HD_NO_ID */
  double dup_sim;   /* 0 for originals */
  hd_stored_mention *mentions; /* by start */
  size_t n_mentions;
  hd_stored_quote *quotes;     /* by content_start */
  size_t n_quotes;
  hd_stored_removed *removed;  /* debris removed by clean; empty for stores
                                  written before it was kept */
  size_t n_removed;
  void *priv;
} hd_stored_article;

/* HD_ERR_NOT_FOUND if there is no article `id`. */
int hd_store_article(hd_store *s, int64_t id, hd_stored_article *out, hd_err *err);
void hd_stored_article_free(hd_stored_article *r);
/* JSON object {id,ext_id,url,title,outlet,date,kind,section,byline,
 * input_path,input_line,story,dup_of,dup_sim,text,mentions:[...],
 * quotes:[...],removed:[...]}. */
char *hd_stored_article_json(const hd_stored_article *r, size_t *len);

/* ---- errors as JSON ----------------------------------------------- */

/* {"error":{"code":"usage","message":"..."}} for an HTTP error body.
 * malloc'd; the caller frees it. */
char *hd_err_json(const hd_err *err, size_t *len);

#ifdef __cplusplus
}
#endif
#endif
