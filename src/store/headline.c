/*
 * headline.c: a story's headline from its titles (see headline.h).
 */
#include "store/headline.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"

/* The words of s (letters, digits and any non-ASCII byte; 3 bytes or
 * more), lower-cased ASCII, at most `max` of them, each at most 31 bytes. */
static size_t label_words(const char *s, char (*w)[32], size_t max) {
  size_t n = 0;
  while (s && *s && n < max) {
    while (*s && !isalnum((unsigned char)*s) && !((unsigned char)*s & 0x80)) s++;
    size_t k = 0;
    for (; *s && (isalnum((unsigned char)*s) || ((unsigned char)*s & 0x80)); s++)
      if (k < 31) w[n][k++] = (char)tolower((unsigned char)*s);
    w[n][k] = 0;
    if (k >= 3) n++;
  }
  return n;
}

/* Same word, or one a prefix of the other with 4 bytes or more in common
 * (talks/talk, syrian/syria: the label's terms are word stems' forms). */
static int word_match(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b), m = la < lb ? la : lb;
  return la == lb ? !strcmp(a, b) : m >= 4 && !strncmp(a, b, m);
}

/* How many of the label's words the title holds. */
static int title_score(const char *title, char (*lw)[32], size_t nl) {
  char tw[48][32];
  size_t nt = label_words(title, tw, 48);
  int score = 0;
  for (size_t i = 0; i < nl; i++)
    for (size_t j = 0; j < nt; j++)
      if (word_match(lw[i], tw[j])) {
        score++;
        break;
      }
  return score;
}

/* The title without a trailing " | Outlet" or " - Outlet" naming the
 * article's own outlet (as page titles often end), and without outer
 * spaces; malloc'd. */
static char *clean_title(const char *t, const char *outlet) {
  while (isspace((unsigned char)*t)) t++;
  size_t n = strlen(t);
  while (n && isspace((unsigned char)t[n - 1])) n--;
  size_t lo = outlet ? strlen(outlet) : 0;
  if (lo && n > lo + 3 && !strncasecmp(t + n - lo, outlet, lo)) {
    const char *sep = t + n - lo - 3;
    if (!strncmp(sep, " | ", 3) || !strncmp(sep, " - ", 3) || !strncmp(sep, " \xe2\x80\x93", 4)) n -= lo + 3;
  }
  char *s = hd_xmalloc(n + 1);
  memcpy(s, t, n);
  s[n] = 0;
  return s;
}

void hd_headline_init(hd_headline *h, const char *label) {
  h->nl = label_words(label, h->lw, 40);
  h->best = NULL;
  h->best_score = -1;
}

void hd_headline_offer(hd_headline *h, const char *title, const char *outlet) {
  int score = title ? title_score(title, h->lw, h->nl) : -1;
  if (score > h->best_score) {
    h->best_score = score;
    free(h->best);
    h->best = clean_title(title, outlet);
  }
}

char *hd_headline_take(hd_headline *h) {
  char *b = h->best;
  h->best = NULL;
  return b;
}

char *hd_story_headline(sqlite3_stmt *titles, int64_t id, const char *label, int *rc) {
  sqlite3_reset(titles);
  sqlite3_bind_int64(titles, 1, id);
  hd_headline h;
  hd_headline_init(&h, label);
  while ((*rc = sqlite3_step(titles)) == SQLITE_ROW)
    hd_headline_offer(&h, (const char *)sqlite3_column_text(titles, 0), (const char *)sqlite3_column_text(titles, 1));
  sqlite3_reset(titles);
  return hd_headline_take(&h);
}

void hd_iso_day(int64_t z, char out[16]) {
  /* civil from days (Howard Hinnant) */
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  snprintf(out, 16, "%04d-%02d-%02d", (int)(y + (m <= 2)), (int)m, (int)d);
}
