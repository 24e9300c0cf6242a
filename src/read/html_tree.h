/*
 * html_tree.h: what html.c's walks know about each element of a parsed
 * page, and the paragraph units they cut it into; shared by html.c (the
 * walks) and blocks.c (the features and the learned block classifier).
 * Internal to src/read.
 * Ownership: the per-element facts live in one array owned by html.c's
 * extract_body, hung on the nodes' _private pointers for the page's life.
 */
#ifndef HD_HTML_TREE_H
#define HD_HTML_TREE_H
#include <stddef.h>
#include <stdint.h>

#include "read/web_dl.h" /* libxml2, opened on first use */

enum { K_CONTAINER, K_SKIP, K_BOILER, K_BLOCK, K_INLINE, K_HEADING1, K_BR, K_LIST };

/* What the walks know about one element. */
typedef struct {
  uint32_t text, link; /* folded text length below; the part inside <a> */
  float points;        /* paragraph points credited to it */
  signed char cls;     /* class/id evidence: -2 boilerplate, -1 likely so, +1 content, 0 */
  unsigned char kind;
  unsigned char has_block; /* some child is not inline */
  unsigned char candidate; /* earned points */
  uint32_t pos;            /* text of the largest content-class element at or below */
} info;

static inline info *nfo(const xmlNode *n) { return (info *)n->_private; }

/* One paragraph unit (a leaf block, or a run of inline content inside a
 * container), in document order. */
typedef struct {
  const xmlNode *container; /* the element whose children hold it */
  const xmlNode *block;     /* the leaf block, or NULL for an inline run */
  const xmlNode *key;       /* block, or the first node of the run */
  size_t off, len;          /* its text in the page's unit buffer */
  uint32_t link;            /* characters of it inside links */
  unsigned char printed;    /* the heuristic body choice prints it */
  unsigned char junk;       /* below boilerplate: 1 by tag or weak class evidence, 2 by strong */
  unsigned char nav;        /* below a list or block that is mostly links */
  unsigned char in_top;     /* inside the heuristic's best container */
} hd_unit;

/* The page as the classifier sees it. */
typedef struct {
  const hd_unit *u;
  size_t n;
  const char *text;  /* the units' texts, at u[i].off */
  size_t text_len;   /* total */
  const xmlNode *body, *top;
  size_t top_first, top_last; /* the first and last unit inside top (n if none) */
} hd_unit_page;
#endif
