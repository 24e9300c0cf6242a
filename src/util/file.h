/*
 * file.h: the one whole-file reader, for models, tables and training
 * data (articles go through read.c, which streams and caps).
 * Ownership: the returned buffer is NUL-terminated and the caller frees it.
 * Also the trainers' sorted directory walk and SGML entity decoding.
 */
#ifndef HD_FILE_H
#define HD_FILE_H
#include <stddef.h>

/* Reads the whole file; NULL (errno set) if it cannot be opened or read. */
char *hd_read_file(const char *path, size_t *len);

/* The training-text walk of the trainers (clusters, vectors): path itself
 * when it is a file, else every file under it, directories recursively in
 * sorted name order (dot entries skipped), so the order, and what is
 * learned from it, is deterministic. visit returns 0, or nonzero for a
 * file it could not use. A path that cannot be examined is reported on
 * stderr as "WHO: cannot read PATH". Returns 0, or -1 when anything failed. */
int hd_walk_sorted(const char *path, int (*visit)(void *ctx, const char *file), void *ctx, const char *who);

/* Copies [b, e) to dst with &lt; &gt; &amp; decoded (SGML text, as in
 * Reuters-21578); dst may be b. Returns the length written. */
size_t hd_sgml_decode(char *dst, const char *b, const char *e);
#endif
