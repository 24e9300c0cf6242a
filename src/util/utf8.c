/* utf8.c: UTF-8 validation and repair (see utf8.h), with utf8proc's
 * decoder deciding what is valid. Complexity: O(n). */
#include "util/utf8.h"

#include <string.h>
#include <utf8proc.h>

static const char REPLACEMENT[3] = {(char)0xEF, (char)0xBF, (char)0xBD};

size_t hd_utf8_seq(const char *s, size_t n) {
  size_t len;
  return hd_utf8_decode(s, n, &len, -1) < 0 ? 0 : len;
}

int hd_utf8_strict_valid(const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    size_t k = hd_utf8_seq(s + i, n - i);
    if (!k) return 0;
    i += k;
  }
  return 1;
}

size_t hd_utf8_put_repaired(hd_buf *b, const char *s, size_t n) {
  size_t run = 0, i = 0, bad = 0;
  while (i < n) {
    size_t k = hd_utf8_seq(s + i, n - i);
    if (k) { i += k; continue; }
    hd_buf_put(b, s + run, i - run);
    hd_buf_put(b, REPLACEMENT, 3);
    bad++;
    run = ++i;
  }
  hd_buf_put(b, s + run, n - run);
  return bad;
}

char *hd_utf8_repair(const char *s) {
  size_t n = strlen(s);
  if (hd_utf8_strict_valid(s, n)) return NULL;
  hd_buf b;
  hd_buf_init(&b, 0);
  hd_utf8_put_repaired(&b, s, n);
  return hd_buf_take(&b, NULL);
}
