/*
 * charset.c: the character encoding of a page or file, and its conversion
 * to UTF-8 (see charset.h). The order: a byte-order mark; bytes that are
 * valid UTF-8 (no legacy encoding yields valid multi-byte UTF-8 by accident,
 * and pages often declare Latin-1 while sending UTF-8); the HTTP header's
 * charset; a <meta charset> or <meta http-equiv=Content-Type> in the first
 * 4 KiB of a page; then uchardet's statistical detection (Mozilla's
 * universal detector, Debian libuchardet). Labels are mapped as WHATWG's
 * Encoding standard does (ISO-8859-1 and US-ASCII mean windows-1252, GB2312
 * means GB18030, ...) and converted with glibc's iconv; nothing is guessed
 * byte by byte.
 * Complexity: O(n) (validation, the <meta> scan, detection and conversion
 * each read the input once). Memory: the converted copy (at most 4 bytes
 * per input byte plus slack). Ownership: the caller frees the result.
 */
#include "read/charset.h"

#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "read/web_dl.h"
#include "util/buf.h"

/* Validates; *multibyte counts valid multi-byte sequences seen (all of
 * them, even past the first invalid one). */
static int hd_utf8_valid_multi(const char *s, size_t n, int *multibyte) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  int valid = 1;
  while (i < n) {
    unsigned c = p[i];
    if (c < 0x80) { i++; continue; }
    size_t k;
    unsigned min;
    if (c >= 0xC2 && c <= 0xDF) k = 1, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) k = 2, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) k = 3, min = 0x10000;
    else { valid = 0; i++; continue; }
    unsigned cp = c & (0x3Fu >> k);
    size_t j = 1;
    for (; j <= k && i + j < n; j++) {
      if ((p[i + j] & 0xC0) != 0x80) break;
      cp = (cp << 6) | (p[i + j] & 0x3F);
    }
    if (i + j >= n && j <= k) break; /* cut by the end */
    if (j <= k || cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) { valid = 0; i++; continue; }
    (*multibyte)++;
    i += k + 1;
  }
  return valid;
}

int hd_utf8_valid(const char *s, size_t n) {
  int multibyte = 0;
  return hd_utf8_valid_multi(s, n, &multibyte);
}

/* WHATWG label -> an iconv name; NULL when iconv cannot read it. */
static const struct { const char *label, *name; } ALIASES[] = {
    {"iso-8859-1", "WINDOWS-1252"}, {"iso8859-1", "WINDOWS-1252"}, {"latin1", "WINDOWS-1252"},
    {"l1", "WINDOWS-1252"},         {"us-ascii", "WINDOWS-1252"},  {"ascii", "WINDOWS-1252"},
    {"cp1252", "WINDOWS-1252"},     {"x-cp1252", "WINDOWS-1252"},  {"iso-8859-9", "WINDOWS-1254"},
    {"latin5", "WINDOWS-1254"},     {"tis-620", "WINDOWS-874"},    {"iso-8859-11", "WINDOWS-874"},
    {"gb2312", "GB18030"},          {"gbk", "GB18030"},            {"x-gbk", "GB18030"},
    {"gb_2312-80", "GB18030"},      {"chinese", "GB18030"},        {"shift_jis", "CP932"},
    {"shift-jis", "CP932"},         {"sjis", "CP932"},             {"x-sjis", "CP932"},
    {"windows-31j", "CP932"},       {"euc-kr", "CP949"},           {"ks_c_5601-1987", "CP949"},
    {"utf8", "UTF-8"},              {"unicode-1-1-utf-8", "UTF-8"}, {"x-mac-roman", "MACINTOSH"},
    {"unicode", "UTF-16LE"},        {"utf-16", "UTF-16LE"},
};

static int iconv_knows(const char *name) {
  iconv_t cd = iconv_open("UTF-8", name);
  if (cd == (iconv_t)-1) return 0;
  iconv_close(cd);
  return 1;
}

/* Normalises a label into out (cap >= 32); 0 if no usable encoding. */
static int encoding_name(const char *label, size_t n, char *out, size_t cap) {
  char low[40];
  size_t k = 0;
  while (n && isspace((unsigned char)*label)) label++, n--;
  while (n && isspace((unsigned char)label[n - 1])) n--;
  if (n == 0 || n >= sizeof low) return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)label[i];
    if (!isalnum(c) && c != '-' && c != '_' && c != '.' && c != ':') return 0;
    low[k++] = (char)tolower(c);
  }
  low[k] = 0;
  for (size_t i = 0; i < sizeof ALIASES / sizeof *ALIASES; i++)
    if (!strcmp(low, ALIASES[i].label)) {
      snprintf(out, cap, "%s", ALIASES[i].name);
      return 1;
    }
  for (size_t i = 0; i <= k; i++) out[i] = (char)toupper((unsigned char)low[i]);
  return iconv_knows(out);
}

/* charset=NAME inside a <meta> tag in the first 4 KiB; 0 if none. */
static int meta_charset(const char *p, size_t n, char *out, size_t cap) {
  if (n > 4096) n = 4096;
  for (size_t i = 0; i + 5 < n; i++) {
    if (p[i] != '<' || strncasecmp(p + i + 1, "meta", 4) != 0) continue;
    const char *gt = memchr(p + i, '>', n - i);
    size_t end = gt ? (size_t)(gt - p) : n;
    for (size_t k = i + 5; k + 7 < end; k++) {
      if (strncasecmp(p + k, "charset", 7) != 0) continue;
      size_t v = k + 7;
      while (v < end && isspace((unsigned char)p[v])) v++;
      if (v >= end || p[v] != '=') continue;
      v++;
      while (v < end && (isspace((unsigned char)p[v]) || p[v] == '"' || p[v] == '\'')) v++;
      size_t e = v;
      while (e < end && p[e] != '"' && p[e] != '\'' && p[e] != ';' && p[e] != '/' && !isspace((unsigned char)p[e])) e++;
      if (encoding_name(p + v, e - v, out, cap)) return 1;
    }
    i = end;
  }
  return 0;
}

static int detect(const char *p, size_t n, char *out, size_t cap) {
  if (hd_chardet_load()) return 0;
  uchardet_t ud = uchardet_new();
  if (!ud) return 0;
  int ok = 0;
  if (uchardet_handle_data(ud, p, n > (1u << 20) ? (1u << 20) : n) == 0) {
    uchardet_data_end(ud);
    const char *name = uchardet_get_charset(ud);
    ok = name && *name && encoding_name(name, strlen(name), out, cap);
  }
  uchardet_delete(ud);
  return ok;
}

static char *convert(const char *p, size_t n, const char *name, size_t *outn) {
  iconv_t cd = iconv_open("UTF-8", name);
  if (cd == (iconv_t)-1) return NULL;
  hd_buf b;
  hd_buf_init(&b, 0);
  hd_buf_grow(&b, n + n / 2 + 16);
  char *in = (char *)p;
  size_t inleft = n;
  while (inleft > 0) {
    char *out = b.ptr + b.len;
    size_t room = b.cap - b.len - 1, before = room;
    size_t r = iconv(cd, &in, &inleft, &out, &room);
    b.len += before - room;
    if (r != (size_t)-1) break;
    if (errno == E2BIG) hd_buf_grow(&b, n + 16);
    else if (errno == EILSEQ) {
      hd_buf_put(&b, "\xEF\xBF\xBD", 3);
      in++, inleft--;
    } else { /* EINVAL: cut at the end */
      hd_buf_put(&b, "\xEF\xBF\xBD", 3);
      break;
    }
  }
  iconv_close(cd);
  b.ptr[b.len] = 0;
  return hd_buf_take(&b, outn);
}

static int is_stateful_7bit(const char *name) {
  return !strncmp(name, "ISO-2022", 8) || !strncmp(name, "UTF-16", 6) || !strncmp(name, "UTF-32", 6) ||
         !strcmp(name, "UTF-7") || !strcmp(name, "HZ-GB-2312");
}

char *hd_charset_to_utf8(const char *p, size_t n, const char *declared, int html, size_t *outn,
                         hd_charset *cs) {
  hd_charset local;
  if (!cs) cs = &local;
  memset(cs, 0, sizeof *cs);
  const unsigned char *u = (const unsigned char *)p;
  size_t skip = 0;
  if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
    snprintf(cs->name, sizeof cs->name, "UTF-8");
    cs->source = "bom";
    return NULL;
  }
  if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
    snprintf(cs->name, sizeof cs->name, u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE");
    cs->source = "bom";
    skip = 2;
  } else {
    char name[32] = "";
    int have_http = declared && encoding_name(declared, strlen(declared), name, sizeof name);
    int have_meta = !have_http && html && meta_charset(p, n, name, sizeof name);
    int multibyte = 0;
    if ((hd_utf8_valid_multi(p, n, &multibyte) || (!have_http && !have_meta && multibyte)) &&
        !((have_http || have_meta) && is_stateful_7bit(name))) {
      /* valid UTF-8; or undeclared UTF-8 with a few broken sequences,
       * which the caller repairs and counts */
      snprintf(cs->name, sizeof cs->name, "UTF-8");
      cs->source = "utf-8";
      return NULL;
    }
    if (have_http || have_meta) cs->source = have_http ? "http" : "meta";
    else if (detect(p, n, name, sizeof name)) cs->source = "detected";
    if (!cs->source || !strcmp(name, "UTF-8")) {
      snprintf(cs->name, sizeof cs->name, "UTF-8");
      if (!cs->source) cs->source = "none";
      return NULL;
    }
    snprintf(cs->name, sizeof cs->name, "%s", name);
  }
  return convert(p + skip, n - skip, cs->name, outn);
}
