/* words.c: the word iterator and stop list (see words.h). O(bytes). */
#include "text/words.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util/lexicon.h"
#include "util/utf8.h"

void hd_words_init(hd_words *it, const char *text, size_t len) {
  it->text = text;
  it->len = len;
  it->pos = 0;
  it->sentence_start = 1;
}

/* Decodes one code point at p[i]; returns its length (>= 1). */
static size_t decode(const char *p, size_t n, size_t i, utf8proc_int32_t *cp) {
  size_t len;
  *cp = hd_utf8_decode(p + i, n - i, &len, 0xFFFD);
  return len;
}

static int is_alnum_cp(utf8proc_int32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  utf8proc_category_t cat = utf8proc_category(cp);
  return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) || cat == UTF8PROC_CATEGORY_MN ||
         cat == UTF8PROC_CATEGORY_ND;
}

static int is_upper_cp(utf8proc_int32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU || utf8proc_category(cp) == UTF8PROC_CATEGORY_LT;
}

static void put_cp(char *buf, size_t *n, utf8proc_int32_t cp) {
  if (*n + 4 > HD_WORD_MAX) return;
  if (cp < 0x80) buf[(*n)++] = (char)cp;
  else *n += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)buf + *n);
}

static int is_joiner(utf8proc_int32_t cp) { return cp == '\'' || cp == 0x2019 || cp == '.' || cp == '-' || cp == '&'; }

static int ascii_alnum(unsigned char b) { return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9'); }

/* The loops below take an ASCII byte at once (what decode, is_alnum_cp
 * and put_cp would do with it); any other byte goes the general way. */
int hd_words_next(hd_words *it, hd_word *w) {
  const char *p = it->text;
  size_t n = it->len, i = it->pos;
  utf8proc_int32_t cp = 0;
  /* skip to the next word, noting sentence ends */
  while (i < n) {
    unsigned char b = (unsigned char)p[i];
    if (b < 0x80) {
      cp = b;
      if (ascii_alnum(b)) break;
      if (b == '.' || b == '!' || b == '?' || b == '\n' || b == ':' || b == '"') it->sentence_start = 1;
      i++;
      continue;
    }
    size_t k = decode(p, n, i, &cp);
    if (is_alnum_cp(cp)) break;
    if (cp == '.' || cp == '!' || cp == '?' || cp == '\n' || cp == ':' || cp == '"' || cp == 0x201C)
      it->sentence_start = 1;
    i += k;
  }
  if (i >= n) {
    it->pos = n;
    return 0;
  }
  size_t start = i, bn = 0, sn = 0;
  w->upper_initial = is_upper_cp(cp);
  while (i < n) {
    unsigned char b = (unsigned char)p[i];
    if (b < 0x80 && ascii_alnum(b)) {
      if (bn + 4 <= HD_WORD_MAX) it->buf[bn++] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
      if (sn + 1 <= HD_WORD_MAX) it->surface[sn++] = (char)b;
      i++;
      continue;
    }
    if (b < 0x80 && b != '\'' && b != '.' && b != '-' && b != '&') break; /* neither letter nor joiner */
    size_t k = decode(p, n, i, &cp);
    if (is_alnum_cp(cp)) {
      put_cp(it->buf, &bn, cp < 0x80 ? (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp) : utf8proc_tolower(cp));
      if (sn + k <= HD_WORD_MAX) {
        memcpy(it->surface + sn, p + i, k);
        sn += k;
      }
      i += k;
      continue;
    }
    /* an inner joiner followed by a letter/digit stays in the word */
    if (is_joiner(cp) && i + k < n) {
      utf8proc_int32_t nx;
      decode(p, n, i + k, &nx);
      if (is_alnum_cp(nx)) {
        put_cp(it->buf, &bn, cp == 0x2019 ? '\'' : cp);
        if (sn + k <= HD_WORD_MAX) {
          memcpy(it->surface + sn, p + i, k);
          sn += k;
        }
        i += k;
        continue;
      }
    }
    break;
  }
  it->buf[bn] = 0;
  it->surface[sn] = 0;
  w->w = it->buf;
  w->len = bn;
  w->surface = it->surface;
  w->start = start;
  w->end = i;
  w->sentence_initial = it->sentence_start;
  w->capital = w->upper_initial && !it->sentence_start;
  it->sentence_start = 0;
  it->pos = i;
  return 1;
}

/* data/lexicons/stop_words.txt */
int hd_is_stopword(const char *w, size_t len) {
  if (len == 0) return 1;
  if (len > 12) return 0;
  return hd_lex_has(HD_LEX_STOP_WORDS, w, len);
}
