/*
 * html.h: HTML page -> article text and metadata (see html.c).
 */
#ifndef HD_HTML_H
#define HD_HTML_H
#include <stddef.h>

typedef struct {
  char *title, *site, *date, *author, *url; /* owned, or NULL */
  char *h1, *page_title;                    /* candidates for title */
} hd_html_meta;

/* Does this buffer start like an HTML document? */
int hd_looks_html(const char *p, size_t n);
/* Returns the body text (paragraphs separated by blank lines; caller
 * frees) and fills meta (free with hd_html_meta_free). NULL if the parser
 * could not build a document. */
char *hd_html_extract(const char *html, size_t n, hd_html_meta *meta);
void hd_html_meta_free(hd_html_meta *m);
#endif
