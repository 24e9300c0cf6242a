/*
 * svg.h: small charts drawn on the server as inline SVG, so that they
 * show without JavaScript and obey the page's Content-Security-Policy
 * (colours come from classes c0..c7 in style.css; no style attributes).
 * Every label is escaped. Complexity: O(points + bars).
 */
#ifndef HD_SERVE_SVG_H
#define HD_SERVE_SVG_H

#include <stddef.h>

#include "util/buf.h"

#define SVG_SERIES 8 /* colours; further series are drawn as "other" */

typedef struct {
  const char *date;   /* "YYYY-MM-DD..." (other dates are left out) */
  const char *series; /* e.g. the outlet; NULL = "unknown" */
} svg_point;

/* Counts of points per day (per week or month over long spans), stacked
 * by series, as <figure id="ID"> with an SVG chart and an HTML legend.
 * Writes a "no dated items" note when no point has a date. */
void svg_time_chart(hd_buf *b, const char *id, const char *caption, const svg_point *pts, size_t n);

typedef struct {
  const char *label;
  long long value;
  const char *href; /* a path made by the caller (already URL-encoded), or NULL */
  const char *cls;  /* the bar's class (its colour in style.css), or NULL for c0 */
} svg_bar;

/* Horizontal bars, in the order given: one HTML row per bar (its label a
 * link, a stretched SVG bar, the value), so labels wrap on a phone;
 * `key` is trusted HTML (a legend) placed under the chart, or NULL. */
void svg_bar_chart(hd_buf *b, const char *id, const char *caption, const svg_bar *bars, size_t n, const char *key);

/* Days since 1970-01-01 of a "YYYY-MM-DD..." prefix; -1 if it is not one. */
long svg_day(const char *date);

#endif
