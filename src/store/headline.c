/*
 * headline.c: story headlines and ISO days for the query backends (see
 * headline.h).
 */
#include "store/headline.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* "YYYY-MM-DD" of a day number (days since 1970-01-01). */
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

/* ---- story headlines ---- */

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
 * spaces. */
static const char *clean_title(hd_pool *p, const char *t, const char *outlet) {
  while (isspace((unsigned char)*t)) t++;
  size_t n = strlen(t);
  while (n && isspace((unsigned char)t[n - 1])) n--;
  size_t lo = outlet ? strlen(outlet) : 0;
  if (lo && n > lo + 3 && !strncasecmp(t + n - lo, outlet, lo)) {
    const char *sep = t + n - lo - 3;
    if (!strncmp(sep, " | ", 3) || !strncmp(sep, " - ", 3) || !strncmp(sep, " \xe2\x80\x93", 4)) n -= lo + 3;
  }
  return hd_pool_strndup(p, t, n);
}

void hd_headline_init(hd_headline *h, const char *label) {
  h->nl = label_words(label, h->lw, 40);
  h->best = NULL;
  h->best_score = -1;
}

void hd_headline_offer(hd_headline *h, hd_pool *pool, const char *title, const char *outlet) {
  if (!title) return;
  int score = title_score(title, h->lw, h->nl);
  if (score > h->best_score) {
    h->best_score = score;
    h->best = clean_title(pool, title, outlet);
  }
}
