/*
 * utf8.h: herald's one UTF-8 decoder (hd_utf8_decode, over utf8proc),
 * and validation and repair for strings that did not pass through
 * hd_article_new (metadata, pass-through members, anything written as
 * JSON). Invalid sequences (per utf8proc: overlong forms,
 * surrogates, code points past U+10FFFF, cut sequences) become U+FFFD.
 * Complexity: O(n). Ownership: hd_utf8_repair returns a new string the
 * caller frees, or NULL when the input is already valid.
 */
#ifndef HD_UTF8_H
#define HD_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <utf8proc.h>

#include "util/buf.h"

/* The code point starting at s[0] (n >= 1 bytes readable) and its length
 * in *len: ASCII directly, anything else through utf8proc_iterate. An
 * invalid or cut sequence gives `bad` (e.g. 0xFFFD, or -1 to tell) and
 * length 1, so that a scan always moves on. */
static inline int32_t hd_utf8_decode(const char *s, size_t n, size_t *len, int32_t bad) {
  unsigned char c = (unsigned char)s[0];
  if (c < 0x80) {
    *len = 1;
    return c;
  }
  utf8proc_int32_t cp;
  utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
  if (k <= 0) {
    *len = 1;
    return bad;
  }
  *len = (size_t)k;
  return cp;
}

/* Length of the longest valid UTF-8 sequence starting at s[0] (1..4),
 * or 0 if s[0] starts no valid sequence. Needs n >= 1. */
size_t hd_utf8_seq(const char *s, size_t n);
/* 1 if s[0..n) is valid UTF-8, to its last byte (a cut sequence is not). */
int hd_utf8_strict_valid(const char *s, size_t n);
/* Appends s[0..n) to b with each invalid byte replaced by U+FFFD;
 * returns the number of replacements. */
size_t hd_utf8_put_repaired(hd_buf *b, const char *s, size_t n);
/* A repaired copy of the NUL-terminated s, or NULL if s is valid. */
char *hd_utf8_repair(const char *s);

#endif
