/*
 * warc.c: WARC records -> HTML payloads (see warc.h). Reads a record's
 * header block line by line, its Content-Length bytes of block, then the
 * two CRLFs that close it. Complexity: O(bytes); memory O(max_record).
 */
#include "read/warc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"

typedef struct {
  gzFile f;
  const char *head;
  size_t hn, hpos;
} src;

static int src_getc(src *s) {
  if (s->hpos < s->hn) return (unsigned char)s->head[s->hpos++];
  return gzgetc(s->f);
}

static size_t src_read(src *s, char *buf, size_t n) {
  size_t got = 0;
  while (got < n && s->hpos < s->hn) buf[got++] = s->head[s->hpos++];
  while (got < n) {
    unsigned chunk = (unsigned)((n - got) > (1u << 30) ? (1u << 30) : (n - got));
    int k = gzread(s->f, buf + got, chunk);
    if (k <= 0) break;
    got += (size_t)k;
  }
  return got;
}

/* Reads one line (without CR LF) into b; -1 at end of input. */
static int read_line(src *s, hd_buf *b) {
  hd_buf_clear(b);
  int c;
  while ((c = src_getc(s)) != -1 && c != '\n')
    if (c != '\r' && b->len < 65536) hd_buf_putc(b, (char)c);
  return c == -1 && b->len == 0 ? -1 : 0;
}

static int header_is(const char *line, const char *name, const char **value) {
  size_t n = strlen(name);
  if (strncasecmp(line, name, n) != 0 || line[n] != ':') return 0;
  const char *v = line + n + 1;
  while (*v == ' ' || *v == '\t') v++;
  *value = v;
  return 1;
}

typedef struct {
  char type[32], uri[2048], date[64], ctype[128];
  long long length;
} warc_header;

/* Reads a record's header block; 0 ok, 1 end of input, -1 malformed. */
static int read_header(src *s, hd_buf *line, warc_header *h) {
  memset(h, 0, sizeof *h);
  h->length = -1;
  do {
    if (read_line(s, line) < 0) return 1;
  } while (line->len == 0);
  if (strncmp(line->ptr, "WARC/", 5) != 0) return -1;
  while (read_line(s, line) == 0 && line->len) {
    const char *v;
    if (header_is(line->ptr, "WARC-Type", &v)) snprintf(h->type, sizeof h->type, "%s", v);
    else if (header_is(line->ptr, "WARC-Target-URI", &v)) snprintf(h->uri, sizeof h->uri, "%s", v);
    else if (header_is(line->ptr, "WARC-Date", &v)) snprintf(h->date, sizeof h->date, "%s", v);
    else if (header_is(line->ptr, "Content-Type", &v)) snprintf(h->ctype, sizeof h->ctype, "%s", v);
    else if (header_is(line->ptr, "Content-Length", &v)) h->length = strtoll(v, NULL, 10);
  }
  return h->length < 0 ? -1 : 0;
}

/* Skips the HTTP status line and headers of a response block; returns the
 * payload offset, or -1 when the payload is not HTML. */
static long http_payload(const char *p, size_t n) {
  const char *end = NULL;
  int html = 0;
  size_t i = 0;
  while (i < n) {
    const char *nl = memchr(p + i, '\n', n - i);
    size_t e = nl ? (size_t)(nl - p) : n;
    size_t len = e - i - (e > i && p[e - 1] == '\r');
    if (len == 0) {
      end = nl ? nl + 1 : p + n;
      break;
    }
    if (len > 13 && strncasecmp(p + i, "Content-Type:", 13) == 0) {
      for (size_t k = i + 13; k + 4 <= i + len; k++)
        if (strncasecmp(p + k, "html", 4) == 0) html = 1;
    }
    i = e + 1;
  }
  return end && html ? (long)(end - p) : -1;
}

static void skip_bytes(src *s, long long n) {
  char tmp[65536];
  while (n > 0) {
    size_t k = src_read(s, tmp, n > (long long)sizeof tmp ? sizeof tmp : (size_t)n);
    if (!k) return;
    n -= (long long)k;
  }
}

long hd_warc_each(gzFile f, const char *head, size_t hn, size_t max_record,
                  void (*on_record)(void *ctx, const hd_warc_record *rec),
                  void (*on_error)(void *ctx, long record, const char *msg), void *ctx) {
  src s = {f, head, hn, 0};
  hd_buf line, block;
  hd_buf_init(&line, 0);
  hd_buf_init(&block, 0);
  long errors = 0, record = 0;
  warc_header h;
  int rc;
  while ((rc = read_header(&s, &line, &h)) != 1) {
    record++;
    if (rc < 0) {
      on_error(ctx, record, "malformed WARC record header; rest of file skipped");
      errors++;
      break;
    }
    int is_response = !strcasecmp(h.type, "response") && strstr(h.ctype, "http");
    int is_html_resource = !strcasecmp(h.type, "resource") && strstr(h.ctype, "html");
    if ((!is_response && !is_html_resource) || (unsigned long long)h.length > max_record) {
      if ((is_response || is_html_resource) && (unsigned long long)h.length > max_record) {
        on_error(ctx, record, "WARC record larger than the byte cap (--max-bytes); skipped");
        errors++;
      }
      skip_bytes(&s, h.length);
      continue;
    }
    hd_buf_clear(&block);
    hd_buf_grow(&block, (size_t)h.length);
    block.len = src_read(&s, block.ptr, (size_t)h.length);
    block.ptr[block.len] = 0;
    if (block.len < (size_t)h.length) {
      on_error(ctx, record, "truncated WARC record");
      errors++;
      break;
    }
    long off = is_response ? http_payload(block.ptr, block.len) : 0;
    if (off < 0) continue; /* not HTML: not an article */
    hd_warc_record rec = {h.uri, h.date, block.ptr + off, block.len - (size_t)off, record};
    on_record(ctx, &rec);
  }
  hd_buf_free(&line);
  hd_buf_free(&block);
  return errors;
}
