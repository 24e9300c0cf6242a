/*
 * herald/layers.h: read-only access to what annotation left on an
 * article (cf. cmark's node getters): metadata, the cleaned text, removed
 * debris, entity mentions, identities within the article, quotations.
 *
 * Views are small structs filled by value; every string and array they
 * point to is owned by the article and lives until the article is freed
 * or annotated again. Offsets are bytes into the cleaned text
 * (hd_article_text), except removed ranges, which are bytes into the
 * normalised input (docs/FORMAT.md). An absent span or index is
 * HD_NO_OFFSET. Getters are O(1) and never allocate; an index out of
 * range returns -1 and leaves the view untouched.
 */
#ifndef HERALD_LAYERS_H
#define HERALD_LAYERS_H

#include "herald.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HD_NO_OFFSET UINT32_MAX /* an absent offset or index */

typedef enum { HD_KIND_NEWS, HD_KIND_OPINION, HD_KIND_ANALYSIS } hd_kind;
typedef enum { HD_ENT_PER, HD_ENT_ORG, HD_ENT_LOC, HD_ENT_MISC, HD_ENT_COUNT } hd_ent_type;
typedef enum { HD_Q_DIRECT, HD_Q_PARTIAL, HD_Q_INDIRECT } hd_quote_type;
typedef enum {
  HD_SPK_NAMED,
  HD_SPK_ANONYMOUS,
  HD_SPK_ORGANIZATION,
  HD_SPK_PRONOUN,
  HD_SPK_UNKNOWN
} hd_speaker_kind;

/* Names as in the JSON output and the store ("news", "PER", "direct",
 * "named"): the one place these names are spelled (src/text/layers.c). A
 * value out of range gives the last name of its list. Static strings,
 * never freed. */
const char *hd_kind_name(int kind);
const char *hd_ent_type_name(int type);
const char *hd_quote_type_name(int type);
const char *hd_speaker_kind_name(int kind);
/* The entity type named by s[0, n) ("PER", "ORG", "LOC", "MISC"; exact
 * case), or -1. */
int hd_ent_type_of(const char *s, size_t n);

/* ---- the article itself ---- */

/* A metadata field as given by the input (NULL if absent). */
const char *hd_article_meta(const hd_article *a, hd_meta_field f);
/* What clean found (or the input gave); NULL if none. */
const char *hd_article_title(const hd_article *a);
const char *hd_article_outlet(const hd_article *a);
const char *hd_article_byline(const hd_article *a);
const char *hd_article_section(const hd_article *a);
hd_kind hd_article_kind(const hd_article *a);
/* Bytes of the normalised input, and how many invalid UTF-8 sequences
 * or NUL bytes in it were replaced by U+FFFD. */
size_t hd_article_input_bytes(const hd_article *a);
size_t hd_article_repaired(const hd_article *a);
/* The 1-based record/line the reader found it at (0 if none). */
long hd_article_input_line(const hd_article *a);

/* ---- layers ---- */

typedef struct {
  uint32_t start, end; /* bytes into the normalised input */
  const char *reason;  /* "placeholder", "masthead", ... (static) */
} hd_removed_view;

typedef struct {
  uint32_t start, end;             /* bytes into the cleaned text */
  hd_ent_type type;
  uint32_t title_start, title_end; /* a role before or after it ("foreign minister"), or HD_NO_OFFSET */
  uint32_t identity;               /* index for hd_article_identity, or HD_NO_OFFSET */
} hd_mention_view;

typedef struct {
  const char *key;  /* canonical key, e.g. "per:kerry_john" */
  const char *name; /* the best surface name */
  hd_ent_type type;
  const char *const *aliases; /* n_aliases surface forms */
  size_t n_aliases;
  const char *const *titles;  /* n_titles roles */
  size_t n_titles;
} hd_identity_view;

typedef struct {
  hd_quote_type type;
  hd_speaker_kind speaker_kind;
  uint32_t content_start, content_end; /* what was said */
  uint32_t cue_start, cue_end;         /* "said", or HD_NO_OFFSET */
  uint32_t source_start, source_end;   /* who said it, as written, or HD_NO_OFFSET */
  uint32_t speaker;                    /* identity index, or HD_NO_OFFSET */
  float confidence;                    /* [0,1] */
} hd_quote_view;

size_t hd_article_n_removed(const hd_article *a);
int hd_article_removed(const hd_article *a, size_t i, hd_removed_view *out);
size_t hd_article_n_mentions(const hd_article *a);
int hd_article_mention(const hd_article *a, size_t i, hd_mention_view *out);
size_t hd_article_n_identities(const hd_article *a);
int hd_article_identity(const hd_article *a, size_t i, hd_identity_view *out);
size_t hd_article_n_quotes(const hd_article *a);
int hd_article_quote(const hd_article *a, size_t i, hd_quote_view *out);

#ifdef __cplusplus
}
#endif
#endif
