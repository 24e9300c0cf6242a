/*
 * article.h: the internal layout of hd_article, shared by every stage.
 *
 * An article holds its normalised input once (`raw`) and its cleaned text
 * once (`text`); every layer is an array of spans (byte offsets) into
 * `text`, never copies. `removed` ranges are offsets into `raw` (the
 * input after UTF-8 repair and NFC), so cleaned text maps back to input.
 *
 * Memory: the input (`raw`, `meta`, `passthrough`) lives in the article's
 * `input` arena, one chunk sized for it, set before annotation. Everything the stages make (the cleaned text, every
 * layer, the identities' strings, and the stages' scratch) lives in the
 * article's arena (util/arena.h, docs/pipeline.md): each public stage
 * function runs inside an arena scope of its article, so hd_x* calls and
 * vectors in stage code allocate there. hd_article_reset_layers is one
 * arena reset; hd_article_free returns everything. Code outside the stages
 * that fills a layer by hand allocates it with hd_article_alloc.
 *
 * Stages, in order, each reading what earlier ones left:
 *   clean.c    raw -> text, removed[], meta (title, section, kind, ...)
 *   segment.c  text -> paragraphs[], sentences[], tokens[]
 *   tagger.c   tokens -> mentions[] (PER/ORG/LOC/MISC, with titles)
 *   resolve.c  mentions -> identities[] (within article, canonical keys)
 *   attrib.c   tokens, mentions -> quotes[]
 */
#ifndef HD_ARTICLE_H
#define HD_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

#include "herald.h"
#include "util/arena.h"

#define HD_NONE UINT32_MAX /* an absent offset or index */

typedef struct {
  uint32_t start, end;
} hd_span;

/* ---- clean ---- */
typedef struct {
  uint32_t start, end; /* into raw */
  const char *reason;  /* static string: "placeholder", "masthead", ... */
} hd_removed;

/* hd_kind, hd_ent_type, hd_quote_type, hd_speaker_kind: herald/layers.h */

/* ---- segment ---- */
typedef enum {
  HD_TOK_WORD,        /* letters (may contain inner ' . - &) */
  HD_TOK_NUM,         /* digits, with inner , . : / */
  HD_TOK_PUNCT,       /* . , ; : ! ? ( ) [ ] ... */
  HD_TOK_QUOTE_OPEN,  /* “ ‘ « or a straight " that opens */
  HD_TOK_QUOTE_CLOSE, /* ” ’ » or a straight " that closes */
  HD_TOK_APOS,        /* ’ or ' inside/after a word (Kerry’s -> Kerry ’s) */
  HD_TOK_DASH,        /* - – — between words */
  HD_TOK_SYMBOL,      /* $ % & @ # and other symbols */
  HD_TOK_OTHER
} hd_tok_kind;

/* Token flags (bit set), computed once by segment. */
enum {
  HD_TF_UPPER_INITIAL = 1, /* first letter upper case */
  HD_TF_ALL_UPPER = 2,     /* every letter upper case (and >= 1 letter) */
  HD_TF_SENT_START = 4,    /* first token of its sentence */
  HD_TF_PARA_START = 8,    /* first token of its paragraph */
  HD_TF_HAS_DIGIT = 16,
  HD_TF_SPACE_BEFORE = 32  /* whitespace precedes the token */
};

typedef struct {
  uint32_t start, end;
  uint8_t kind;  /* hd_tok_kind */
  uint8_t flags; /* HD_TF_* */
} hd_token;

typedef struct {
  uint32_t start, end;
  uint32_t tok_begin, tok_end; /* [begin, end) into tokens */
} hd_sentence;

typedef struct {
  uint32_t start, end;
  uint32_t sent_begin, sent_end; /* [begin, end) into sentences */
} hd_paragraph;

/* ---- tag / resolve ---- */

typedef struct {
  uint32_t start, end;         /* bytes in text */
  uint32_t tok_begin, tok_end; /* [begin, end) into tokens */
  uint8_t type;                /* hd_ent_type */
  hd_span title;               /* role before/after, or {HD_NONE,HD_NONE} */
  uint32_t identity;           /* index into identities, or HD_NONE */
} hd_mention;

typedef struct {
  char *key;      /* canonical key, e.g. "per:kerry_john" (owned) */
  char *name;     /* longest/best surface name (owned) */
  uint8_t type;   /* hd_ent_type */
  char **aliases; /* owned strings */
  size_t n_aliases, cap_aliases;
  char **titles; /* owned strings */
  size_t n_titles, cap_titles;
} hd_identity;

/* ---- attribute ---- */
#define HD_QUOTE_MAX_PARTIAL 4
#define HD_QUOTE_MAX_MORE 7 /* content pieces after the first ("A," he said. "B.") */

typedef struct {
  uint8_t type;         /* hd_quote_type */
  uint8_t speaker_kind; /* hd_speaker_kind */
  hd_span content;
  hd_span cue;          /* {HD_NONE,HD_NONE} when there is none */
  hd_span source;       /* {HD_NONE,HD_NONE} when there is none */
  uint32_t speaker;     /* identity index, or HD_NONE */
  float confidence;     /* [0,1]: the learned estimate that the content is a real attribution's */
  uint8_t n_partial;    /* quotations inside an indirect or partial content */
  hd_span partial[HD_QUOTE_MAX_PARTIAL]; /* their spans, marks included (the first HD_QUOTE_MAX_PARTIAL) */
  uint8_t n_more;       /* content pieces after `content`, in text order: one statement continued after its cue */
  hd_span more[HD_QUOTE_MAX_MORE];
} hd_quote;

struct hd_article {
  /* input (in the `input` arena) */
  char *raw; /* NUL-terminated, valid UTF-8, NFC */
  size_t raw_len;
  size_t bad_utf8; /* invalid sequences repaired to U+FFFD */
  int nfc_changed;
  char *meta[HD_META_COUNT]; /* in `input`, or NULL */
  long input_line;
  char *passthrough; /* extra JSON members, or NULL */
  uint64_t content_hash; /* given by `ingest --annotated` input (has_content_hash) */
  int has_content_hash;  /* 0: the hash is computed from raw (hd_article_hash) */

  /* clean */
  char *text; /* cleaned, NUL-terminated */
  size_t text_len;
  hd_removed *removed;
  size_t n_removed, cap_removed;
  char *title, *section, *byline, *outlet; /* owned, or NULL */
  uint8_t kind;                            /* hd_kind */

  /* segment */
  hd_paragraph *paragraphs;
  size_t n_paragraphs, cap_paragraphs;
  hd_sentence *sentences;
  size_t n_sentences, cap_sentences;
  hd_token *tokens;
  size_t n_tokens, cap_tokens;

  /* tag + resolve */
  hd_mention *mentions;
  size_t n_mentions, cap_mentions;
  hd_identity *identities;
  size_t n_identities, cap_identities;

  /* attribute */
  hd_quote *quotes;
  size_t n_quotes, cap_quotes;

  /* the corpus step's per-article part, computed ahead on an annotating
   * thread (hd_store_prepare): the MinHash signature (in `arena`), or NULL */
  struct hd_minhash *minhash;
  /* and the title's and text's words for the clusterer (in `arena`), or NULL */
  struct hd_cluster_words *cluster_words[2];
  /* and the FTS5 tokens of the stored title and text (store/fts_ahead.h;
   * SQLite stores only), or NULL */
  struct hd_fts_tokens *fts_tokens;

  hd_arena input;   /* raw, meta, passthrough: set before annotation, kept by resets */
  hd_arena arena;   /* every layer */
  hd_arena scratch; /* the running stage's scratch (hd_run_stages), reset after it */
};

/* Helpers every stage uses. */
static inline hd_span hd_span_none(void) { return (hd_span){HD_NONE, HD_NONE}; }
static inline int hd_span_is_none(hd_span s) { return s.start == HD_NONE; }
static inline const char *hd_tok_ptr(const hd_article *a, const hd_token *t) {
  return a->text + t->start;
}
static inline size_t hd_tok_len(const hd_token *t) { return t->end - t->start; }
/* Paragraph p's sentences [*sb, *se) and tokens [*tb, *te), clamped to
 * the article's sentences and tokens; 0 when it holds no sentence. */
static inline int hd_paragraph_range(const hd_article *a, size_t p, uint32_t *sb, uint32_t *se, uint32_t *tb,
                                     uint32_t *te) {
  const hd_paragraph *par = &a->paragraphs[p];
  *sb = par->sent_begin;
  *se = par->sent_end < a->n_sentences ? par->sent_end : (uint32_t)a->n_sentences;
  if (*sb >= *se) return 0;
  *tb = a->sentences[*sb].tok_begin;
  *te = a->sentences[*se - 1].tok_end < a->n_tokens ? a->sentences[*se - 1].tok_end : (uint32_t)a->n_tokens;
  return 1;
}

/* Resets every layer from clean onwards (used when re-annotating): one
 * arena reset. */
void hd_article_reset_layers(hd_article *a);

/* n bytes (or a copy of s[0..n) with a NUL) in the article's arena, for
 * code that fills a layer by hand; NULL when the arena's cap is hit. */
void *hd_article_alloc(hd_article *a, size_t n);
char *hd_article_strndup(hd_article *a, const char *s, size_t n);

/* Runs `call` inside the article's arena scope (util/arena.h): how each
 * public stage function keeps its layers and scratch in the article,
 * however it is called. Under hd_run_stages the scope is the runner's
 * (scratch arena, layers moved out after the stage); called directly, the
 * stage allocates everything in the layers' arena. */
void hd_article_scope(hd_scope *s, hd_article *a);
#define HD_IN_ARENA(a, call)            \
  do {                                  \
    hd_scope scope_;                    \
    hd_article_scope(&scope_, (a));     \
    call;                               \
    hd_scope_leave(&scope_);            \
  } while (0)

/* After a stage ran with its allocations in a->scratch: copies every
 * layer (and identity string) that lives there into a->arena, so the
 * scratch can be reset. 0, or -1 when a->arena's cap is hit. */
int hd_article_keep_layers(hd_article *a);

#endif
