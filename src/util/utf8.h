/*
 * utf8.h: UTF-8 validation and repair for strings that did not pass
 * through hd_article_new (metadata, pass-through members, anything
 * written as JSON). Invalid sequences (per utf8proc: overlong forms,
 * surrogates, code points past U+10FFFF, cut sequences) become U+FFFD.
 * Complexity: O(n). Ownership: hd_utf8_repair returns a new string the
 * caller frees, or NULL when the input is already valid.
 */
#ifndef HD_UTF8_H
#define HD_UTF8_H

#include <stddef.h>

#include "util/buf.h"

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
