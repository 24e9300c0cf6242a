/* json.c: JSON string escaping and scalar writers. See json.h.
 * Complexity: linear in the bytes written. */
#include "util/json.h"

#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

static const char REPLACEMENT[3] = {(char)0xEF, (char)0xBF, (char)0xBD};

void hd_json_str(hd_buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  hd_buf_grow(b, n + 2);
  hd_buf_putc(b, '"');
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80) { /* valid UTF-8 passes; any other byte becomes U+FFFD */
      size_t k = hd_utf8_seq(s + i, n - i);
      if (k) { i += k - 1; continue; }
      hd_buf_put(b, s + run, i - run);
      hd_buf_put(b, REPLACEMENT, 3);
      run = i + 1;
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    hd_buf_put(b, s + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': hd_buf_put(b, "\\\"", 2); break;
      case '\\': hd_buf_put(b, "\\\\", 2); break;
      case '\n': hd_buf_put(b, "\\n", 2); break;
      case '\r': hd_buf_put(b, "\\r", 2); break;
      case '\t': hd_buf_put(b, "\\t", 2); break;
      default: {
        char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        hd_buf_put(b, e, 6);
      }
    }
  }
  hd_buf_put(b, s + run, n - run);
  hd_buf_putc(b, '"');
}

void hd_json_cstr(hd_buf *b, const char *s) {
  if (!s) hd_buf_put(b, "null", 4);
  else hd_json_str(b, s, strlen(s));
}

void hd_json_key(hd_buf *b, const char *key) {
  hd_json_cstr(b, key);
  hd_buf_putc(b, ':');
}

void hd_json_sep(hd_buf *b, int *first) {
  if (!*first) hd_buf_putc(b, ',');
  *first = 0;
}

void hd_json_int(hd_buf *b, long long v) { hd_buf_printf(b, "%lld", v); }

void hd_json_double(hd_buf *b, double v) {
  if (v != v) hd_buf_puts(b, "null");
  else hd_buf_printf(b, "%.6g", v);
}
