/*
 * quality.h: page-quality flags for an HTML page (see quality.c).
 */
#ifndef HD_QUALITY_H
#define HD_QUALITY_H
#include <stddef.h>

struct _xmlNode;

typedef struct {
  const struct _xmlNode *root; /* the parsed page */
  const char *html;            /* its bytes (UTF-8) */
  size_t html_len;
  const char *text;            /* the extracted body text */
  const char *title;           /* the page's title (or NULL) */
} hd_quality_input;

/* Returns the flags that apply, comma-separated in a fixed order
 * (paywall, teaser, consent, truncated, listing, error_page), or NULL when
 * none does. The caller frees the string. */
char *hd_html_quality(const hd_quality_input *in);
#endif
