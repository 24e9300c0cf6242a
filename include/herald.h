/*
 * herald.h: the public API of libherald, a news-intelligence engine.
 *
 * One article flows through a fixed list of per-article stages
 * (clean, segment, tag, resolve, attribute); each adds a layer of
 * byte-offset spans over the article's cleaned text. Corpus-wide stages
 * (fingerprint, cluster, store, query) live behind hd_store, declared in
 * herald/store.h (included at the end of this header).
 *
 * Ownership: every hd_X_new has a matching hd_X_free. Strings returned
 * as `const char *` are owned by the object they came from and live as
 * long as it does. Functions that fail return NULL or a non-zero code and
 * fill an optional hd_err.
 */
#ifndef HERALD_H
#define HERALD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HERALD_VERSION "0.1.0"

/* Error codes. */
typedef enum {
  HD_OK = 0,
  HD_ERR_IO,      /* a file could not be read or written */
  HD_ERR_INPUT,   /* a record is malformed (bad JSON, binary, empty) */
  HD_ERR_MODEL,   /* a model file is missing, corrupt or of another version */
  HD_ERR_NOMEM,   /* allocation failed or a size cap was hit */
  HD_ERR_DB,      /* the SQLite store reported an error */
  HD_ERR_USAGE,   /* the caller passed something invalid */
  HD_ERR_NOT_FOUND, /* no such story, entity or article (a query's answer) */
  HD_ERR_TIMEOUT   /* a query ran past its deadline (hd_store_set_deadline) */
} hd_code;

/* An error as a value, with context (cf. yyjson_read_err). */
typedef struct {
  hd_code code;
  char msg[256];
  char file[256]; /* input path, or "" */
  long line;      /* 1-based record/line number, or 0 */
  const char *stage; /* the pipeline stage that failed ("clean", "tag",
                        ...; a static string), or NULL */
} hd_err;

void hd_err_set(hd_err *err, hd_code code, const char *file, long line,
                const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
const char *hd_code_str(hd_code code);

/* ---- Articles ---------------------------------------------------- */

typedef struct hd_article hd_article;

/* Creates an article from raw bytes (copied). `len` may be any size;
 * invalid UTF-8 is repaired to U+FFFD and counted. Returns NULL only on
 * allocation failure. The caller frees it with hd_article_free. */
hd_article *hd_article_new(const char *text, size_t len);
void hd_article_free(hd_article *a);

/* Metadata setters (copied). Fields set here win over what clean infers. */
typedef enum {
  HD_META_ID,
  HD_META_URL,
  HD_META_SOURCE, /* outlet */
  HD_META_DATE,
  HD_META_TITLE,
  HD_META_INPUT_PATH,
  HD_META_AUTHOR, /* byline given by the input (JSON "author", HTML meta) */
  HD_META_DATE_SOURCE, /* how a page's date was found (json-ld, meta, time, url, dateline, crawl) */
  HD_META_LANGUAGE,    /* a page's declared language (ISO 639 code) */
  HD_META_QUALITY,     /* a page's quality flags, comma-separated (paywall, teaser, ...) */
  HD_META_COUNT
} hd_meta_field;
void hd_article_set_meta(hd_article *a, hd_meta_field f, const char *value);
void hd_article_set_input_line(hd_article *a, long line);
/* Extra JSON members passed through verbatim (must be a JSON object's
 * member list without braces, e.g. `"lang":"en","x":1`). Copied. */
void hd_article_set_passthrough(hd_article *a, const char *members);

/* The cleaned text after annotation (NUL-terminated, owned by a). */
const char *hd_article_text(const hd_article *a, size_t *len);

/* ---- Pipeline ---------------------------------------------------- */

typedef struct hd_pipeline hd_pipeline;

typedef struct {
  const char *ner_model; /* path; NULL = HERALD_MODEL_DIR or ./models */
  int no_ner;            /* 1: skip tagging (and attribution linking) */
  int no_quotes;         /* 1: skip attribution */
  const char *attrib_model; /* learned cue tagger; NULL = attrib-en.bin beside
                               the NER model's default (rules only, with a
                               warning, when that file is missing; an explicit
                               path that fails to load is an error) */
  int rules_only_quotes;    /* 1: attribution by the rules alone */
  size_t max_article_memory; /* bytes one article's annotation may use (its
                                arena's cap); 0 = 1 GiB. An article past it
                                fails with HD_ERR_NOMEM. */
  const char *min_confidence; /* attributions below this confidence in [0,1]
                                 are dropped; NULL = the model's threshold
                                 (chosen on dev for content precision 0.90) */
} hd_options;

/* Loads models. NULL on failure, with err filled. */
hd_pipeline *hd_pipeline_new(const hd_options *opt, hd_err *err);
void hd_pipeline_free(hd_pipeline *p);

/* Runs every per-article stage on `a` (layers from an earlier run are
 * reset first). Pure with respect to `p`; one pipeline may annotate
 * different articles from several threads at once. Returns 0, or -1 with
 * err filled (code, message, the failing stage, the article's input path
 * and record): only this article failed, the caller goes on with the
 * next. HD_ERR_NOMEM when the article needed more memory than its cap. */
int hd_annotate(hd_pipeline *p, hd_article *a, hd_err *err);

/* Output flags for hd_article_json. */
enum {
  HD_JSON_TOKENS = 1,    /* token spans */
  HD_JSON_FOR_INGEST = 2 /* what `ingest --annotated` needs for the same store: "hash", "title_at" */
};

/* Appends the article as one line of JSON (with a trailing newline) to a
 * malloc'd buffer; returns it and its length. The caller frees it. */
char *hd_article_json(const hd_article *a, int flags, size_t *len);

/* The article one line of hd_article_json output describes (herald's own
 * annotate output read back, as `herald ingest --annotated` does), with
 * its metadata, text, mentions, identities and quotes; NULL with err
 * filled (HD_ERR_INPUT naming path and lineno, or HD_ERR_NOMEM). The
 * caller frees it with hd_article_free. */
hd_article *hd_article_from_json(const char *line, size_t len, const char *path, long lineno, hd_err *err);

/* The article in CoNLL columns (TOKEN TAB IOB2-TAG, blank line between
 * sentences, -DOCSTART- first). malloc'd; the caller frees it. */
char *hd_article_conll(const hd_article *a, size_t *len);

#ifdef __cplusplus
}
#endif

#include "herald/layers.h"
#include "herald/read.h"
#include "herald/store.h"

#endif
