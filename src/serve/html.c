/*
 * html.c: escaping for every context a value from the store or the
 * request lands in (HTML text, attribute values always written inside
 * double quotes, URL path parts and query values) and a {{key}} template
 * filler. Values are escaped where they are written, never trusted.
 * Complexity: linear in the bytes written. Memory: appends to the
 * caller's hd_buf.
 */
#include <string.h>
#include <strings.h>

#include "serve/assets.h"
#include "serve/serve.h"

void html_textn(hd_buf *b, const char *s, size_t n) {
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    const char *e;
    switch (s[i]) {
      case '&': e = "&amp;"; break;
      case '<': e = "&lt;"; break;
      case '>': e = "&gt;"; break;
      case '"': e = "&quot;"; break;
      case '\'': e = "&#39;"; break;
      default: continue;
    }
    hd_buf_put(b, s + run, i - run);
    hd_buf_puts(b, e);
    run = i + 1;
  }
  hd_buf_put(b, s + run, n - run);
}

void html_text(hd_buf *b, const char *s) {
  if (s) html_textn(b, s, strlen(s));
}

void url_part(hd_buf *b, const char *s) {
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-._~", *p))
      hd_buf_putc(b, (char)*p);
    else {
      char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
      hd_buf_put(b, e, 3);
    }
  }
}

int url_is_web(const char *s) {
  if (!s) return 0;
  /* no leading blanks or control characters: the scheme must come first */
  return !strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8);
}

static const char *lookup(const char *const *kv, const char *key, size_t n) {
  for (; kv && kv[0]; kv += 2)
    if (strlen(kv[0]) == n && !memcmp(kv[0], key, n)) return kv[1];
  return NULL;
}

void html_template(hd_buf *b, const char *tmpl, const char *const *kv) {
  const char *p = tmpl;
  for (;;) {
    const char *open = strstr(p, "{{");
    const char *close = open ? strstr(open + 2, "}}") : NULL;
    if (!close) break;
    hd_buf_put(b, p, (size_t)(open - p));
    const char *v = lookup(kv, open + 2, (size_t)(close - open - 2));
    if (v) hd_buf_puts(b, v);
    p = close + 2;
  }
  hd_buf_puts(b, p);
}

const hd_asset *hd_asset_find(const char *name) {
  for (size_t i = 0; i < hd_n_assets; i++)
    if (!strcmp(hd_assets[i].name, name)) return &hd_assets[i];
  return NULL;
}

const char *hd_asset_text(const char *name) {
  const hd_asset *a = hd_asset_find(name);
  return a ? (const char *)a->data : "";
}
