/*
 * file.h: the one whole-file reader, for models, tables and training
 * data (articles go through read.c, which streams and caps).
 * Ownership: the returned buffer is NUL-terminated and the caller frees it.
 */
#ifndef HD_FILE_H
#define HD_FILE_H
#include <stddef.h>

/* Reads the whole file; NULL (errno set) if it cannot be opened or read. */
char *hd_read_file(const char *path, size_t *len);
#endif
