/*
 * test_words.c: the word iterator on invented text: lower-cased words
 * and their surfaces, byte spans, the capital / upper-initial /
 * sentence-initial flags, inner joiners (apostrophes straight and
 * curly, '.', '-', '&') kept only between letters or digits, non-ASCII
 * letters lower-cased through utf8proc, stray bytes and NUL skipped,
 * and words cut at HD_WORD_MAX bytes (lower-cased form and surface).
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "text/words.h"
#include "util/buf.h"

/* Every word of text[0..n) as "w/surface/start-end/flags " */
static void words_of(const char *text, size_t n, hd_buf *out) {
  hd_words it;
  hd_word w;
  hd_words_init(&it, text, n);
  while (hd_words_next(&it, &w))
    hd_buf_printf(out, "%s/%s/%zu-%zu/%d%d%d ", w.w, w.surface, w.start, w.end, w.capital, w.upper_initial,
                  w.sentence_initial);
}

static void check_words(const char *text, size_t n, const char *want) {
  hd_buf b;
  hd_buf_init(&b, 0);
  words_of(text, n, &b);
  CHECK_STR(b.ptr ? b.ptr : "", want);
  hd_buf_free(&b);
}

int main(void) {
  const char *t1 = "Mr. O'Neil's A&P deal-maker said: \"Yes.\" Then 3.5% of U.S. x--y 'quoted' end.";
  check_words(t1, strlen(t1),
              "mr/Mr/0-2/011 o'neil's/O'Neil's/4-12/011 a&p/A&P/13-16/110 deal-maker/deal-maker/17-27/000 said/"
              "said/28-32/000 yes/Yes/35-38/011 then/Then/41-45/011 3.5/3.5/46-49/000 of/of/51-53/000 u.s/U.S/5"
              "4-57/110 x/x/59-60/001 y/y/62-63/000 quoted/quoted/65-71/000 end/end/73-76/000 ");
  const char *t2 = "\xc3\x89""COLE caf\xc3\xa9 na\xc3\xafve Peter\xe2\x80\x99s \xe2\x80\x9cNews\xe2\x80\x9d \xff bad\nLine two";
  check_words(t2, strlen(t2),
              "\303\251cole/\303\211COLE/0-6/011 caf\303\251/caf\303\251/7-12/000 na\303\257ve/na\303\257ve/13-"
              "19/000 peter's/Peter\342\200\231s/20-29/110 news/News/33-37/011 bad/bad/43-46/000 line/Line/47-5"
              "1/011 two/two/52-55/000 ");
  const char t3[] = "nul\0byte Word";
  check_words(t3, sizeof t3 - 1,
              "nul/nul/0-3/001 byte/byte/4-8/000 word/Word/9-13/110 ");
  char longw[200];
  memset(longw, 'A', 70);
  memcpy(longw + 70, " tail \xc3\x89", 8);
  longw[78] = 0;
  check_words(longw, strlen(longw),
              "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
              "AAAAAAAAAAAAAAAAAAAAAAAAAAAA/0-70/011 tail/tail/71-75/000 \303\251/\303\211/76-78/110 ");
  char mixed[200] = ""; /* two-byte letters, then ASCII ones past the cap */
  for (int i = 0; i < 30; i++) strcat(mixed, "\xc3\xa9");
  strcat(mixed, "abcdef-ghi");
  check_words(mixed, strlen(mixed),
              "\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251"
              "\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251"
              "\303\251\303\251\303\251\303\251\303\251\303\251/\303\251\303\251\303\251\303\251\303\251\303"
              "\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303"
              "\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303\251\303"
              "\251abc/0-70/001 ");
  return check_done();
}
