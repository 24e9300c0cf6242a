/* file.c: whole-file reading (see file.h). O(file size). */
#include "util/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/buf.h"

char *hd_read_file(const char *path, size_t *len) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  hd_buf b;
  hd_buf_init(&b, 0);
  char chunk[65536];
  size_t k;
  while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0) hd_buf_put(&b, chunk, k);
  int failed = ferror(fp);
  fclose(fp);
  if (failed) {
    hd_buf_free(&b);
    errno = EIO;
    return NULL;
  }
  return hd_buf_take(&b, len);
}
