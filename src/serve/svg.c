/*
 * svg.c: the server-drawn charts of the web page (see svg.h): a stacked
 * bar chart of counts over time (story timeline, a person's quotes over
 * time) and a horizontal bar chart (co-occurring entities).
 * Memory: one calloc'd count table per time chart, freed before return.
 */
#include "serve/svg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/serve.h"

#define W 800
#define H 170
#define LEFT 44
#define RIGHT 8
#define TOP 12
#define BOTTOM 26

/* Howard Hinnant's days_from_civil / civil_from_days. */
static long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, char out[11]) {
  z += 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = (long)yoe + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  unsigned d = doy - (153 * mp + 2) / 5 + 1;
  unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  if (y < 0 || y > 9999) y = 0;
  snprintf(out, 11, "%04d-%02u-%02u", (int)y, m % 100, d % 100);
}

long svg_day(const char *s) {
  if (!s || strlen(s) < 10 || s[4] != '-' || s[7] != '-') return -1;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return -1;
  long y = atol(s);
  unsigned m = (unsigned)atoi(s + 5), d = (unsigned)atoi(s + 8);
  if (m < 1 || m > 12 || d < 1 || d > 31) return -1;
  return days_from_civil(y, m, d);
}

typedef struct {
  const char *name;
  long count;
} series;

static int by_count(const void *a, const void *b) {
  const series *x = a, *y = b;
  if (x->count != y->count) return x->count < y->count ? 1 : -1;
  return strcmp(x->name, y->name);
}

/* The distinct series names, largest first; returns their number. */
static size_t collect_series(const svg_point *pts, size_t n, series *out) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (svg_day(pts[i].date) < 0) continue;
    const char *name = pts[i].series ? pts[i].series : "unknown";
    size_t j = 0;
    while (j < k && strcmp(out[j].name, name)) j++;
    if (j == k) out[k++] = (series){name, 0};
    out[j].count++;
  }
  qsort(out, k, sizeof *out, by_count);
  return k;
}

static int series_index(const series *s, size_t k, const char *name) {
  if (!name) name = "unknown";
  for (size_t j = 0; j < k && j < SVG_SERIES - 1; j++)
    if (!strcmp(s[j].name, name)) return (int)j;
  return SVG_SERIES - 1;
}

static void legend(hd_buf *b, const series *s, size_t k) {
  hd_buf_puts(b, "<ul class=\"legend\">");
  long other = 0;
  for (size_t j = 0; j < k; j++) {
    if (j >= SVG_SERIES - 1) {
      other += s[j].count;
      continue;
    }
    hd_buf_printf(b, "<li><svg class=\"swatch\" viewBox=\"0 0 10 10\" aria-hidden=\"true\"><rect class=\"c%zu\" width=\"10\" height=\"10\"/></svg>", j);
    html_text(b, s[j].name);
    hd_buf_printf(b, " <span class=\"n\">%ld</span></li>", s[j].count);
  }
  if (other)
    hd_buf_printf(b, "<li><svg class=\"swatch\" viewBox=\"0 0 10 10\" aria-hidden=\"true\"><rect class=\"c%d\" width=\"10\" height=\"10\"/></svg>"
                     "other <span class=\"n\">%ld</span></li>", SVG_SERIES - 1, other);
  hd_buf_puts(b, "</ul>");
}

static void figure_open(hd_buf *b, const char *id, const char *caption) {
  hd_buf_puts(b, "<figure class=\"chart\" id=\"");
  html_attr(b, id);
  hd_buf_puts(b, "\"><figcaption>");
  html_text(b, caption);
  hd_buf_puts(b, "</figcaption>");
}

void svg_time_chart(hd_buf *b, const char *id, const char *caption, const svg_point *pts, size_t n) {
  long lo = -1, hi = -1;
  for (size_t i = 0; i < n; i++) {
    long d = svg_day(pts[i].date);
    if (d < 0) continue;
    if (lo < 0 || d < lo) lo = d;
    if (hi < 0 || d > hi) hi = d;
  }
  figure_open(b, id, caption);
  if (lo < 0) {
    hd_buf_puts(b, "<p class=\"muted\">No dated items to chart.</p></figure>");
    return;
  }
  if (hi - lo < 13) { /* a few days: show two weeks around them, so a bar is a day wide */
    long pad = (13 - (hi - lo)) / 2;
    lo -= pad;
    hi = lo + 13;
  }
  long span = hi - lo + 1, step = span <= 45 ? 1 : span <= 45 * 7 ? 7 : 30;
  long nb = (span + step - 1) / step;
  series *s = hd_xcalloc(n + 1, sizeof *s);
  size_t k = collect_series(pts, n, s);
  long *count = hd_xcalloc((size_t)nb * SVG_SERIES, sizeof *count);
  for (size_t i = 0; i < n; i++) {
    long d = svg_day(pts[i].date);
    if (d >= 0) count[(d - lo) / step * SVG_SERIES + series_index(s, k, pts[i].series)]++;
  }
  long top = 1;
  for (long x = 0; x < nb; x++) {
    long sum = 0;
    for (int j = 0; j < SVG_SERIES; j++) sum += count[x * SVG_SERIES + j];
    if (sum > top) top = sum;
  }
  double pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM, bw = pw / (double)nb;
  const char *unit = step == 1 ? "day" : step == 7 ? "week" : "30 days";
  hd_buf_printf(b, "<svg class=\"timechart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", W, H);
  html_attr(b, caption);
  hd_buf_printf(b, "\"><line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
  hd_buf_printf(b, "<line class=\"grid\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", LEFT, TOP, W - RIGHT, TOP);
  hd_buf_printf(b, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%ld</text>", LEFT - 6, TOP + 4, top);
  hd_buf_printf(b, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>", LEFT - 6, H - BOTTOM + 4);
  for (long x = 0; x < nb; x++) {
    double y = H - BOTTOM, gap = bw > 6 ? 2 : 0;
    char day[11];
    civil_from_days(lo + x * step, day);
    for (int j = 0; j < SVG_SERIES; j++) {
      long c = count[x * SVG_SERIES + j];
      if (!c) continue;
      double h = ph * (double)c / (double)top;
      y -= h;
      hd_buf_printf(b, "<rect class=\"c%d\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>%s%s: %ld ",
                    j, LEFT + (double)x * bw + gap / 2, y, bw - gap, h, step == 1 ? "" : step == 7 ? "week of " : "month from ",
                    day, c);
      html_text(b, j < SVG_SERIES - 1 ? s[j].name : "other");
      hd_buf_puts(b, "</title></rect>");
    }
  }
  char first[11], last[11];
  civil_from_days(lo, first);
  civil_from_days(hi, last);
  hd_buf_printf(b, "<text class=\"tick\" x=\"%d\" y=\"%d\">%s</text>", LEFT, H - 8, first);
  if (nb > 4) { /* a middle tick */
    char mid[11];
    civil_from_days(lo + nb / 2 * step, mid);
    hd_buf_printf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", LEFT + ((double)(nb / 2) + .5) * bw, H - 8, mid);
  }
  if (hi != lo) hd_buf_printf(b, "<text class=\"tick\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", W - RIGHT, H - 8, last);
  hd_buf_printf(b, "</svg><p class=\"chart-note\">One bar per %s.</p>", unit);
  legend(b, s, k);
  hd_buf_puts(b, "</figure>");
  free(count);
  free(s);
}

void svg_bar_chart(hd_buf *b, const char *id, const char *caption, const svg_bar *bars, size_t n, const char *key) {
  figure_open(b, id, caption);
  if (!n) {
    hd_buf_puts(b, "<p class=\"muted\">Nothing to chart.</p></figure>");
    return;
  }
  long long top = 1;
  for (size_t i = 0; i < n; i++)
    if (bars[i].value > top) top = bars[i].value;
  /* one row per bar: an HTML label (wraps, a link), a stretched SVG bar, the value */
  hd_buf_puts(b, "<ol class=\"bars\">");
  for (size_t i = 0; i < n; i++) {
    double pct = 100.0 * (double)bars[i].value / (double)top;
    hd_buf_puts(b, "<li><span class=\"bar-label\">");
    if (bars[i].href) {
      hd_buf_puts(b, "<a href=\"");
      html_attr(b, bars[i].href);
      hd_buf_puts(b, "\">");
    }
    html_text(b, bars[i].label ? bars[i].label : "?");
    if (bars[i].href) hd_buf_puts(b, "</a>");
    hd_buf_puts(b, "</span><svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\"><rect class=\"");
    html_attr(b, bars[i].cls ? bars[i].cls : "c0");
    hd_buf_printf(b, "\" width=\"%.1f\" height=\"10\"/></svg><span class=\"n\">%lld</span></li>", pct < 1 ? 1 : pct, bars[i].value);
  }
  hd_buf_puts(b, "</ol>");
  if (key) hd_buf_puts(b, key);
  hd_buf_puts(b, "</figure>");
}
