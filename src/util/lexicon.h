/*
 * lexicon.h: the word lists of data/lexicons/NAME.txt, compiled into const
 * tables at build time by tools/gen_lexicons.c (HD_LEX_<NAME> names the
 * file NAME.txt). One lookup for all of them: a binary search over the
 * keys in strcmp order, O(log n) and no allocation. Nothing is built at
 * run time, so every function here is thread-safe.
 *
 * Ownership: the tables are static and read-only; every pointer returned
 * stays valid for the life of the program and is never freed (the
 * pointer arrays of hd_lex_in_order/sorted/rows are built once per list,
 * on first use, under a lock, and kept).
 */
#ifndef HD_LEXICON_H
#define HD_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "lexicon_ids.h" /* generated: the hd_lex_id enum */

#define HD_LEX_MAX_COLS 4

/* One entry of a list with columns: each column's text ("" if absent)
 * and its value as a number (strtol; 0 if not a number). */
typedef struct {
  const char *col[HD_LEX_MAX_COLS];
  long num[HD_LEX_MAX_COLS];
} hd_lex_row;

/* A list as generated: offset tables into one block of text (no
 * pointers, so nothing to relocate when a program starts; the pointer
 * views below are built on first use). */
typedef struct {
  const char *name;                        /* the file's base name */
  const char *text;                        /* the list's strings, each NUL-terminated; offset 0 is "" */
  const uint32_t *sorted;                  /* keys in strcmp order (equal keys in file order) */
  const uint32_t *in_order;                /* keys as written in the file */
  const uint32_t (*row_cols)[HD_LEX_MAX_COLS]; /* parallel to sorted; NULL for one-column lists */
  const long (*row_nums)[HD_LEX_MAX_COLS];
  size_t n;
  int cols;
} hd_lexicon;

extern const hd_lexicon hd_lexicons[HD_LEX_COUNT];

/* The index in sorted order of the first key equal to s[0, n), or -1. */
long hd_lex_find(hd_lex_id id, const char *s, size_t n);
/* 1 when s[0, n) is a key of the list. */
int hd_lex_has(hd_lex_id id, const char *s, size_t n);
/* Same for a NUL-terminated string. */
int hd_lex_has_str(hd_lex_id id, const char *s);
/* Same after ASCII lower-casing s[0, n) (the list is kept in lower case). */
int hd_lex_has_lower(hd_lex_id id, const char *s, size_t n);

/* ASCII case-insensitive scans of the keys in file order, for the short
 * hint lists of the clean stage. O(list size x key length).
 * find: the first key equal to p[0, n), or NULL.
 * prefix: the longest key that p[0, n) starts with, followed by a
 * non-letter or the end (unless the key ends in punctuation), or NULL. */
const char *hd_lex_find_ci(hd_lex_id id, const char *p, size_t n);
const char *hd_lex_prefix_ci(hd_lex_id id, const char *p, size_t n);

/* The pointer views, built on a list's first call (O(n) once; a process
 * that never asks pays nothing). */
/* The keys in file order (for lists whose order is a priority) and their count. */
const char *const *hd_lex_in_order(hd_lex_id id, size_t *n);
/* The keys in strcmp order and their count. */
const char *const *hd_lex_sorted(hd_lex_id id, size_t *n);
/* The rows of a list with columns, in strcmp order of their keys (NULL for one-column lists). */
const hd_lex_row *hd_lex_rows(hd_lex_id id, size_t *n);

#endif
