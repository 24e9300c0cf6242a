/*
 * charset.h: bytes in any character encoding -> UTF-8 (see charset.c).
 */
#ifndef HD_CHARSET_H
#define HD_CHARSET_H
#include <stddef.h>

typedef struct {
  char name[32];      /* the encoding read, as iconv names it ("UTF-8" when none was needed) */
  const char *source; /* how it was found: "bom", "utf-8", "http", "meta", "detected", "none" */
} hd_charset;

/* Decides the encoding of p[0..n) and converts it to UTF-8. `declared` is
 * the HTTP header's charset (or NULL); `html` says whether to look for a
 * <meta> declaration. Returns a malloc'd NUL-terminated UTF-8 copy (length
 * in *outn; the caller frees it), or NULL when p needs no conversion (it
 * is UTF-8, or no encoding could be decided: the caller then repairs
 * invalid sequences as for any text). cs (optional) says what was chosen.
 * Bytes the encoding cannot map become U+FFFD. Thread-safe. */
char *hd_charset_to_utf8(const char *p, size_t n, const char *declared, int html, size_t *outn,
                         hd_charset *cs);

/* 1 if p[0..n) is valid UTF-8 (a sequence cut by the end counts as valid). */
int hd_utf8_valid(const char *p, size_t n);
#endif
