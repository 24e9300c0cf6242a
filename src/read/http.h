/*
 * http.h: the HTTP message inside a WARC response record (see http.c):
 * its status and headers, and the payload as the server meant it
 * (chunked transfer coding removed, gzip/deflate/brotli content coding
 * decoded).
 */
#ifndef HD_HTTP_H
#define HD_HTTP_H
#include <stddef.h>

#include "util/buf.h"

typedef enum { HD_CODING_NONE, HD_CODING_GZIP, HD_CODING_DEFLATE, HD_CODING_BR, HD_CODING_OTHER } hd_coding;

typedef struct {
  int status;          /* e.g. 200 */
  char ctype[128];     /* media type, lower case, no parameters ("" if none) */
  char charset[64];    /* the Content-Type charset parameter ("" if none) */
  int chunked;         /* Transfer-Encoding: chunked */
  hd_coding coding;    /* Content-Encoding */
  size_t body;         /* offset of the body in the message */
} hd_http_head;

/* Parses the status line and headers of p[0..n). Returns 0, or -1 when p
 * does not start with an HTTP status line and a complete header block. */
int hd_http_head_parse(const char *p, size_t n, hd_http_head *h);

/* Appends the de-chunked body to out. Returns 0, or -1 when the chunk
 * framing is broken (out then holds what was framed correctly). */
int hd_http_dechunk(const char *p, size_t n, hd_buf *out);

/* Appends the decoded body (at most cap bytes) to out. Returns 0, -1 when
 * the data is damaged or over cap, -2 for a coding herald cannot decode. */
int hd_http_decode(const char *p, size_t n, hd_coding coding, size_t cap, hd_buf *out);
#endif
