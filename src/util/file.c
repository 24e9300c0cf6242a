/* file.c: whole-file reading (see file.h). O(file size). */
#include "util/file.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

int hd_walk_sorted(const char *path, int (*visit)(void *ctx, const char *file), void *ctx, const char *who) {
  struct stat st;
  if (stat(path, &st) != 0) {
    fprintf(stderr, "%s: cannot read %s\n", who, path);
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) return visit(ctx, path) ? -1 : 0;
  struct dirent **list;
  int n = scandir(path, &list, NULL, alphasort), rc = n < 0 ? -1 : 0;
  for (int i = 0; i < n; i++) {
    if (list[i]->d_name[0] != '.') {
      char sub[4096];
      snprintf(sub, sizeof sub, "%s/%s", path, list[i]->d_name);
      if (hd_walk_sorted(sub, visit, ctx, who) != 0) rc = -1;
    }
    free(list[i]);
  }
  if (n >= 0) free(list);
  return rc;
}

size_t hd_sgml_decode(char *dst, const char *b, const char *e) {
  size_t o = 0;
  for (const char *q = b; q < e; q++) {
    if (*q == '&' && !strncmp(q, "&lt;", 4)) dst[o++] = '<', q += 3;
    else if (*q == '&' && !strncmp(q, "&gt;", 4)) dst[o++] = '>', q += 3;
    else if (*q == '&' && !strncmp(q, "&amp;", 5)) dst[o++] = '&', q += 4;
    else dst[o++] = *q;
  }
  return o;
}
