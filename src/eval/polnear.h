/*
 * polnear.h: reading a PolNeAR-layout directory (DIR/text/NAME.txt and
 * DIR/attributions/NAME_ANNOTATOR.ann, brat standoff) for `herald eval
 * quotes` and `herald train quotes`: gold spans with code-point offsets
 * converted to bytes, and the per-article stages run on each text as
 * plain text (no cleanup, so the file's bytes are the text).
 * Memory: one article and its gold at a time, freed after the visit.
 */
#ifndef HD_POLNEAR_H
#define HD_POLNEAR_H

#include "text/article.h"
#include "ner/tagger.h"

#define MAX_PIECES 8 /* pieces of a discontinuous brat span */

typedef struct {
  int id;
  int n;
  hd_span piece[MAX_PIECES]; /* bytes, trimmed */
} gold_span;

typedef struct {
  gold_span *spans; /* T lines, by order */
  size_t n, cap;
} gold_spans;

typedef struct {
  int content[2], cue, source; /* T ids, 0 = none */
} gold_event;


/* One article with its gold, as a visitor sees it. */
typedef struct {
  const hd_article *a;
  const gold_spans *spans;
  const gold_event *ev;
  size_t nev;
} pn_doc;

/* Runs the attribution stage (hd_attribute or a variant) on a. */
typedef void (*pn_attribute_fn)(hd_article *a, void *ud);
typedef void (*pn_visit_fn)(const pn_doc *d, void *ud);

/* Visits every article of dir that has gold (the first .ann in name
 * order). Returns -1 when dir holds no texts or annotations; counts the
 * articles visited and skipped (input normalisation moved offsets). */
int pn_each(const char *dir, const hd_tagger *tagger, pn_attribute_fn attribute, pn_visit_fn visit, void *ud,
            long *visited, long *skipped);

/* The NER model at `model` (default models/ner-en.bin), or NULL with a
 * note on stderr when it is missing or no_ner is set. */
hd_tagger *pn_load_tagger(const char *model, int no_ner, const char *who);

const gold_span *pn_find_span(const gold_spans *gs, int id);
hd_span pn_trim(const char *text, hd_span s);
hd_span pn_extent(const gold_span *g);
/* exact: same extent; else equal or sharing a word character with a piece */
int pn_match(const char *text, hd_span p, const gold_span *g, int exact);

/* ok[i] = 1 when record i's content (a continuation: that of the record
 * it continues, which reaches to the continuation's end) is matched to a
 * gold content by the one-to-one overlap matching herald eval quotes
 * uses; ok has a->n_quotes entries. */
void pn_content_labels(const pn_doc *d, uint8_t *ok);

#endif
