/*
 * fuzz_input.h: shared by the fuzz targets. The first input byte picks the
 * door the rest goes through, so every reader is fuzzed:
 *   sel % 7 = 0 as is (the sniffer decides), 1 plain text ("Text: " prefix),
 *   2 JSON Lines ('{"' prefix), 3 HTML ("<html>" prefix), 4 WARC ("WARC/1."
 *   prefix), 5 one of 1-4 gzip-compressed (sel / 7 picks which), 6 a gzip
 *   header followed by the raw bytes (a broken or hand-made deflate stream).
 * The framed bytes are written to a memfd and read back through
 * hd_read_path("/proc/self/fd/N"), the path every CLI verb uses.
 * Bits of sel / 7 / 4 are left to each target for its own options.
 */
#ifndef HD_FUZZ_INPUT_H
#define HD_FUZZ_INPUT_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include "read/read.h"
#include "util/buf.h"
#include "util/utf8.h"

static const char *const FUZZ_PREFIX[] = {"", "Text: ", "{\"", "<html>", "WARC/1."};

/* Frames `data` (after the selector byte) for reader `sel`. */
static inline void fuzz_frame(uint8_t sel, const uint8_t *p, size_t n, hd_buf *out) {
  int door = sel % 7;
  if (door <= 4) {
    hd_buf_puts(out, FUZZ_PREFIX[door]);
    hd_buf_put(out, p, n);
  } else if (door == 5) {
    hd_buf inner;
    hd_buf_init(&inner, 0);
    hd_buf_puts(&inner, FUZZ_PREFIX[1 + (sel / 7) % 4]);
    hd_buf_put(&inner, p, n);
    z_stream z = {0};
    deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY); /* gzip wrapper */
    uLong bound = deflateBound(&z, (uLong)inner.len) + 32;
    hd_buf_grow(out, bound);
    z.next_in = (Bytef *)(inner.ptr ? inner.ptr : "");
    z.avail_in = (uInt)inner.len;
    z.next_out = (Bytef *)out->ptr;
    z.avail_out = (uInt)bound;
    deflate(&z, Z_FINISH);
    out->len = z.total_out;
    deflateEnd(&z);
    hd_buf_free(&inner);
  } else {
    static const char gz[10] = {0x1f, (char)0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
    hd_buf_put(out, gz, sizeof gz);
    hd_buf_put(out, p, n);
  }
}

/* Writes the framed input to a memfd (made once); returns its path. */
static inline const char *fuzz_file(const uint8_t *data, size_t size) {
  static int fd = -1;
  static char path[64];
  if (fd < 0) {
    fd = memfd_create("herald-fuzz", 0);
    if (fd < 0) { perror("memfd_create"); abort(); }
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  }
  hd_buf b;
  hd_buf_init(&b, 0);
  fuzz_frame(data[0], data + 1, size - 1, &b);
  if (ftruncate(fd, 0) != 0 || pwrite(fd, b.ptr ? b.ptr : "", b.len, 0) != (ssize_t)b.len) abort();
  hd_buf_free(&b);
  return path;
}

/* An oracle: everything herald writes as JSON is valid UTF-8 with no NUL. */
static inline void fuzz_check_json(const char *json, size_t n) {
  if (!hd_utf8_strict_valid(json, n) || memchr(json, 0, n)) {
    fprintf(stderr, "fuzz: JSON output is not valid UTF-8\n");
    abort();
  }
}

static inline void fuzz_ignore_error(void *ctx, const hd_err *err) {
  (void)ctx;
  (void)err;
}
#endif
