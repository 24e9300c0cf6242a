/*
 * http.c: HTTP/1.x responses as WARC stores them (see http.h). The header
 * block is parsed line by line (folded lines are read as their own lines
 * and ignored unless they name a known header). Chunked bodies are
 * de-chunked per RFC 9112 section 7.1 (chunk extensions and trailers
 * ignored). Content codings are decoded with zlib (gzip, and deflate with
 * or without the zlib wrapper, as servers send both) and libbrotli.
 * Complexity: O(n) for each function; memory: the output buffer, bounded
 * by the caller's cap. Ownership: the caller owns every buffer.
 */
#include "read/http.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "read/web_dl.h" /* brotli, opened on first use */

static int header_is(const char *line, size_t len, const char *name, const char **value, size_t *vlen) {
  size_t n = strlen(name);
  if (len <= n || strncasecmp(line, name, n) != 0 || line[n] != ':') return 0;
  size_t i = n + 1;
  while (i < len && (line[i] == ' ' || line[i] == '\t')) i++;
  while (len > i && (line[len - 1] == ' ' || line[len - 1] == '\t')) len--;
  *value = line + i;
  *vlen = len - i;
  return 1;
}

static void copy_lower(char *dst, size_t cap, const char *s, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n && k + 1 < cap; i++) dst[k++] = (char)tolower((unsigned char)s[i]);
  dst[k] = 0;
}

/* "text/html; charset=ISO-8859-1" -> media type and charset. */
static void parse_ctype(const char *v, size_t n, hd_http_head *h) {
  size_t semi = 0;
  while (semi < n && v[semi] != ';') semi++;
  size_t e = semi;
  while (e > 0 && (v[e - 1] == ' ' || v[e - 1] == '\t')) e--;
  copy_lower(h->ctype, sizeof h->ctype, v, e);
  for (size_t i = semi; i + 8 <= n; i++) {
    if (strncasecmp(v + i, "charset=", 8) != 0) continue;
    size_t s = i + 8, t;
    if (s < n && (v[s] == '"' || v[s] == '\'')) s++;
    for (t = s; t < n && v[t] != ';' && v[t] != '"' && v[t] != '\'' && v[t] != ' '; t++) {}
    copy_lower(h->charset, sizeof h->charset, v + s, t - s);
    break;
  }
}

static hd_coding parse_coding(const char *v, size_t n) {
  /* the last coding applied is listed last; herald decodes one */
  size_t s = n;
  while (s > 0 && v[s - 1] != ',') s--;
  while (s < n && (v[s] == ' ' || v[s] == '\t')) s++;
  size_t len = n - s;
  if ((len == 4 && !strncasecmp(v + s, "gzip", 4)) || (len == 6 && !strncasecmp(v + s, "x-gzip", 6)))
    return HD_CODING_GZIP;
  if (len == 7 && !strncasecmp(v + s, "deflate", 7)) return HD_CODING_DEFLATE;
  if (len == 2 && !strncasecmp(v + s, "br", 2)) return HD_CODING_BR;
  if (len == 0 || (len == 8 && !strncasecmp(v + s, "identity", 8))) return HD_CODING_NONE;
  return HD_CODING_OTHER;
}

int hd_http_head_parse(const char *p, size_t n, hd_http_head *h) {
  memset(h, 0, sizeof *h);
  if (n < 12 || strncmp(p, "HTTP/", 5) != 0) return -1;
  const char *sp = memchr(p, ' ', n < 64 ? n : 64);
  if (!sp || sp + 4 > p + n || !isdigit((unsigned char)sp[1])) return -1;
  h->status = atoi(sp + 1);
  size_t i = 0;
  int first = 1;
  while (i < n) {
    const char *nl = memchr(p + i, '\n', n - i);
    if (!nl) return -1; /* the header block never ends */
    size_t e = (size_t)(nl - p);
    size_t len = e - i - (e > i && p[e - 1] == '\r');
    const char *line = p + i, *v;
    size_t vlen;
    i = e + 1;
    if (first) { first = 0; continue; }
    if (len == 0) {
      h->body = i;
      return 0;
    }
    if (header_is(line, len, "Content-Type", &v, &vlen)) parse_ctype(v, vlen, h);
    else if (header_is(line, len, "Transfer-Encoding", &v, &vlen)) {
      for (size_t k = 0; k + 7 <= vlen; k++)
        if (!strncasecmp(v + k, "chunked", 7)) h->chunked = 1;
    } else if (header_is(line, len, "Content-Encoding", &v, &vlen)) h->coding = parse_coding(v, vlen);
  }
  return -1;
}

int hd_http_dechunk(const char *p, size_t n, hd_buf *out) {
  size_t i = 0;
  while (i < n) {
    char *end;
    unsigned long long size = strtoull(p + i, &end, 16);
    if (end == p + i) return -1;
    const char *nl = memchr(end, '\n', n - (size_t)(end - p));
    if (!nl) return -1;
    i = (size_t)(nl - p) + 1;
    if (size == 0) return 0; /* the last chunk; trailers follow */
    if (size > n - i) {
      hd_buf_put(out, p + i, n - i);
      return -1;
    }
    if (hd_buf_put(out, p + i, (size_t)size)) return -1;
    i += (size_t)size;
    if (i < n && p[i] == '\r') i++;
    if (i < n && p[i] == '\n') i++;
  }
  return -1; /* no last chunk */
}

static int inflate_all(const char *p, size_t n, int wbits, size_t cap, hd_buf *out) {
  z_stream z;
  memset(&z, 0, sizeof z);
  if (inflateInit2(&z, wbits) != Z_OK) return -1;
  z.next_in = (Bytef *)p;
  z.avail_in = (uInt)(n > (1u << 30) ? (1u << 30) : n);
  unsigned char tmp[65536];
  int rc;
  do {
    z.next_out = tmp;
    z.avail_out = sizeof tmp;
    rc = inflate(&z, Z_NO_FLUSH);
    size_t got = sizeof tmp - z.avail_out;
    if (out->len + got > cap || hd_buf_put(out, tmp, got)) rc = Z_MEM_ERROR;
  } while (rc == Z_OK && (z.avail_in > 0 || z.avail_out == 0));
  inflateEnd(&z);
  return rc == Z_STREAM_END ? 0 : -1;
}

static int brotli_all(const char *p, size_t n, size_t cap, hd_buf *out) {
  if (hd_brotli_load()) return -1;
  BrotliDecoderState *st = BrotliDecoderCreateInstance(NULL, NULL, NULL);
  if (!st) return -1;
  const uint8_t *in = (const uint8_t *)p;
  size_t avail_in = n;
  BrotliDecoderResult rc;
  int ok = 0;
  do {
    uint8_t tmp[65536], *next = tmp;
    size_t avail_out = sizeof tmp;
    rc = BrotliDecoderDecompressStream(st, &avail_in, &in, &avail_out, &next, NULL);
    size_t got = sizeof tmp - avail_out;
    if (out->len + got > cap || hd_buf_put(out, tmp, got)) break;
    if (rc == BROTLI_DECODER_RESULT_SUCCESS) ok = 1;
  } while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT);
  BrotliDecoderDestroyInstance(st);
  return ok ? 0 : -1;
}

int hd_http_decode(const char *p, size_t n, hd_coding coding, size_t cap, hd_buf *out) {
  switch (coding) {
    case HD_CODING_NONE: return hd_buf_put(out, p, n) ? -1 : 0;
    case HD_CODING_GZIP: return inflate_all(p, n, 16 + MAX_WBITS, cap, out);
    case HD_CODING_DEFLATE: {
      /* RFC 9110 says zlib-wrapped; many servers send raw deflate */
      size_t keep = out->len;
      if (inflate_all(p, n, MAX_WBITS, cap, out) == 0) return 0;
      out->len = keep;
      if (out->ptr) out->ptr[keep] = 0;
      return inflate_all(p, n, -MAX_WBITS, cap, out);
    }
    case HD_CODING_BR: return brotli_all(p, n, cap, out);
    default: return -2;
  }
}
