/*
 * html.h: HTML page -> article text and metadata (see html.c).
 */
#ifndef HD_HTML_H
#define HD_HTML_H
#include <stddef.h>

typedef struct {
  char *title, *site, *date, *author, *url; /* owned, or NULL */
  char *date_source;                        /* json-ld, meta, time, url or dateline */
  char *language;                           /* ISO 639 code, lower case */
  char *quality;                            /* flags, comma-separated (quality.c), or NULL */
  char *h1, *page_title;                    /* candidates for title */
} hd_html_meta;

struct _xmlNode;
/* Fills meta from the tree (meta.c); url_hint is the page's address when
 * the caller knows it (a WARC record's), for URL dates and the host. */
void hd_html_read_meta(const struct _xmlNode *root, const char *url_hint, hd_html_meta *meta);
/* A date written in a usual way -> ISO 8601 in out (cap >= 32); 1 if found. */
int hd_date_normalise(const char *s, char *out, size_t cap);

/* Does this buffer start like an HTML document? */
int hd_looks_html(const char *p, size_t n);
/* Returns the body text (paragraphs separated by blank lines; caller
 * frees) and fills meta (free with hd_html_meta_free). NULL if the parser
 * could not build a document. */
char *hd_html_extract(const char *html, size_t n, const char *url_hint, hd_html_meta *meta);
void hd_html_meta_free(hd_html_meta *m);

/* For training the block classifier (blocks.c): calls fn for each
 * paragraph unit of the page with its text, its features (NUL-separated
 * strings) and whether the heuristic body choice prints it. -1 if the
 * page cannot be parsed. */
typedef void (*hd_html_unit_fn)(void *ctx, const char *text, size_t len, const char *features, size_t flen,
                                int printed);
int hd_html_units(const char *html, size_t n, hd_html_unit_fn fn, void *ctx);
#endif
