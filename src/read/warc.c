/*
 * warc.c: WARC records -> HTML payloads (see warc.h).
 *
 * A record is a header block (a "WARC/1.x" line, fields, a blank line),
 * Content-Length bytes of block, then two CRLFs. The reader keeps one
 * record's header ahead: a record is handed on only once the next "WARC/"
 * line is found where its Content-Length says, so a Content-Length that is
 * too small (or 0) makes that record an error and reading resynchronises
 * on the next "WARC/" line, counting the bytes skipped; nothing after it
 * is lost. A record cut by the end of the file is an error naming it.
 *
 * Gzip files named by path, and gzip on standard input (the caller's
 * member reader, `stream`), are read by members.c, one member at a time:
 * a damaged member is an error naming its offset, and reading resumes at
 * the next intact member. (Plain files go through the caller's gzFile.)
 *
 * Payloads: `response` records carry an HTTP message (http.c): statuses
 * other than 2xx and media types other than HTML are skipped and counted,
 * chunked bodies are de-chunked and gzip/deflate/br bodies decoded. A
 * response without HTTP headers is read when its block is itself an HTML
 * page. `resource` records of type text/html are read as they are;
 * `revisit` records are counted and skipped.
 *
 * Complexity: O(bytes). Memory: one record's block plus its decoded
 * payload, each bounded by max_record. Ownership: the record passed to
 * on_record lives until the callback returns.
 */
#include "read/warc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "read/html.h"
#include "read/http.h"
#include "read/members.h"
#include "util/buf.h"

/* ---- the byte source: a gzFile (with bytes already read) or members -- */
typedef struct {
  hd_members *m;
  gzFile f;
  const char *head;
  size_t hn, hpos;
  char buf[65536];
  size_t pos, len;
  long long base;   /* stream offset of buf[0] */
  long long member; /* the gzip member buf came from (members only) */
  int eof, brk;     /* end of input; a break follows buf's bytes */
  long long brk_off;
  const char *brk_why;
} src;

static size_t backend_read(src *s, char *out, size_t n) {
  if (s->m && s->hpos < s->hn) { /* a stream's head, read before by the sniffer */
    size_t got = 0;
    while (got < n && s->hpos < s->hn) out[got++] = s->head[s->hpos++];
    return got;
  }
  if (s->m) {
    if (hd_members_break(s->m, &s->brk_off, &s->brk_why)) { /* one met by the sniffer, before these bytes */
      s->brk = 1;
      return 0;
    }
    size_t k = hd_members_read(s->m, out, n);
    s->member = hd_members_offset(s->m);
    if (hd_members_break(s->m, &s->brk_off, &s->brk_why)) s->brk = 1;
    else if (k == 0) s->eof = 1;
    return k;
  }
  size_t got = 0;
  while (got < n && s->hpos < s->hn) out[got++] = s->head[s->hpos++];
  if (got) return got;
  int k = gzread(s->f, out, (unsigned)n);
  if (k > 0) return (size_t)k;
  int code;
  const char *msg = gzerror(s->f, &code);
  if (code != Z_OK && code != Z_BUF_ERROR) {
    s->brk = 1;
    s->brk_off = s->base + (long long)s->len;
    s->brk_why = msg;
  }
  s->eof = 1;
  return 0;
}

/* Refills an empty buffer; 0 at the end of input or at a break. */
static int fill(src *s) {
  if (s->pos < s->len) return 1;
  if (s->brk || s->eof) return 0;
  s->base += (long long)s->len;
  s->pos = s->len = 0;
  s->len = backend_read(s, s->buf, sizeof s->buf);
  return s->len > 0;
}

static int src_getc(src *s) {
  return s->pos < s->len || fill(s) ? (unsigned char)s->buf[s->pos++] : -1;
}

/* Copies (or, with out NULL, skips) up to n bytes; returns how many. */
static size_t src_read(src *s, char *out, size_t n) {
  size_t got = 0;
  while (got < n && (s->pos < s->len || fill(s))) {
    size_t k = s->len - s->pos < n - got ? s->len - s->pos : n - got;
    if (out) memcpy(out + got, s->buf + s->pos, k);
    s->pos += k;
    got += k;
  }
  return got;
}

/* The reader has reached a break (every byte before it was read). */
static int at_break(const src *s) {
  return s->brk && s->pos >= s->len;
}

/* Reads one line (without CR LF; at most 64 KiB kept) into b; returns
 * the bytes consumed, or -1 at the end of input (or a break). */
static long read_line(src *s, hd_buf *b) {
  hd_buf_clear(b);
  long used = 0;
  int c;
  while ((c = src_getc(s)) != -1) {
    used++;
    if (c == '\n') return used;
    if (c != '\r' && b->len < 65536) hd_buf_putc(b, (char)c);
  }
  return used ? used : -1;
}

/* ---- record headers -------------------------------------------------- */
typedef struct {
  char type[32], uri[2048], date[64], ctype[128];
  long long length, offset;
  long record;
} warc_header;

static int field_is(const char *line, const char *name, const char **value) {
  size_t n = strlen(name);
  if (strncasecmp(line, name, n) != 0 || line[n] != ':') return 0;
  const char *v = line + n + 1;
  while (*v == ' ' || *v == '\t') v++;
  *value = v;
  return 1;
}

enum { HEAD_OK, HEAD_END, HEAD_CUT };

/* Finds the next "WARC/" line and reads the header block after it. The
 * bytes of other lines on the way are added to *junk. HEAD_END at the end
 * of input (or a break) before a header, HEAD_CUT inside one. */
static int read_header(src *s, hd_buf *line, warc_header *h, long long *junk) {
  memset(h, 0, sizeof *h);
  h->length = -1;
  for (;;) {
    long long at = s->base + (long long)s->pos;
    if (s->pos >= s->len) at = s->base + (long long)s->len;
    long used = read_line(s, line);
    if (used < 0) return HEAD_END;
    if (line->len >= 5 && !strncmp(line->ptr, "WARC/", 5)) {
      h->offset = s->m ? s->member : at;
      break;
    }
    if (line->len) *junk += used;
  }
  for (;;) {
    if (read_line(s, line) < 0) return HEAD_CUT;
    if (!line->len) return HEAD_OK;
    const char *v;
    if (field_is(line->ptr, "WARC-Type", &v)) snprintf(h->type, sizeof h->type, "%s", v);
    else if (field_is(line->ptr, "WARC-Target-URI", &v)) snprintf(h->uri, sizeof h->uri, "%s", v);
    else if (field_is(line->ptr, "WARC-Date", &v)) snprintf(h->date, sizeof h->date, "%s", v);
    else if (field_is(line->ptr, "Content-Type", &v)) snprintf(h->ctype, sizeof h->ctype, "%s", v);
    else if (field_is(line->ptr, "Content-Length", &v)) {
      char *end;
      h->length = strtoll(v, &end, 10);
      if (end == v || h->length < 0) h->length = -2;
    }
  }
}

/* ---- one reader's state ---------------------------------------------- */
typedef struct {
  const hd_warc_sink *sink;
  src *s;
  hd_buf line, block, payload, tmp;
  long errors, record;
} reader;

static void rec_error(reader *r, long record, long long offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void rec_error(reader *r, long record, long long offset, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  r->sink->on_error(r->sink->ctx, record, offset, msg);
  r->errors++;
}

static void skipped(reader *r, hd_skip_kind why) {
  if (r->sink->on_skip) r->sink->on_skip(r->sink->ctx, why);
}

/* A break in a gzip file: the member at brk_off is lost. */
static void report_break(reader *r, long record) {
  src *s = r->s;
  rec_error(r, record, s->brk_off, "damaged gzip member (%s); reading resumes at the next member",
            s->brk_why ? s->brk_why : "unreadable data");
  s->brk = 0;
}

static int is_html_type(const char *ctype) {
  return strstr(ctype, "html") != NULL; /* text/html, application/xhtml+xml */
}

/* The HTML payload of a kept record into r->payload; 0 when there is one,
 * 1 when the record is skipped (counted), -1 on error (reported). */
static int payload_of(reader *r, const warc_header *h, char *charset, size_t cap) {
  const char *p = r->block.ptr;
  size_t n = r->block.len;
  hd_buf_clear(&r->payload);
  hd_buf_clear(&r->tmp);
  charset[0] = 0;
  int resource = !strcasecmp(h->type, "resource");
  hd_http_head hh;
  if (resource || hd_http_head_parse(p, n, &hh) != 0) {
    /* a resource, or a response without HTTP headers: the block itself */
    int html = resource && *h->ctype ? is_html_type(h->ctype) : hd_looks_html(p, n);
    if (!resource && !html && n >= 5 && !strncmp(p, "HTTP/", 5)) {
      rec_error(r, h->record, h->offset, "%s", "malformed HTTP header block; record skipped");
      return -1;
    }
    if (!html) return skipped(r, HD_SKIP_NOT_HTML), 1;
    hd_buf_put(&r->payload, p, n);
    return 0;
  }
  if (hh.status < 200 || hh.status > 299) return skipped(r, HD_SKIP_HTTP_STATUS), 1;
  if (*hh.ctype && !is_html_type(hh.ctype)) return skipped(r, HD_SKIP_NOT_HTML), 1;
  snprintf(charset, 64, "%s", hh.charset);
  const char *body = p + hh.body;
  size_t blen = n - hh.body;
  if (hh.chunked) {
    if (hd_http_dechunk(body, blen, &r->tmp) != 0) {
      rec_error(r, h->record, h->offset, "%s", "broken HTTP chunked encoding; record skipped");
      return -1;
    }
    body = r->tmp.ptr ? r->tmp.ptr : "";
    blen = r->tmp.len;
  }
  int rc = hd_http_decode(body, blen, hh.coding, cap, &r->payload);
  if (rc == -2) {
    rec_error(r, h->record, h->offset, "%s", "unknown HTTP Content-Encoding; record skipped");
    return -1;
  }
  if (rc != 0) {
    rec_error(r, h->record, h->offset, "%s", "damaged (or over-size) compressed HTTP body; record skipped");
    return -1;
  }
  if (!*hh.ctype && !hd_looks_html(r->payload.ptr ? r->payload.ptr : "", r->payload.len))
    return skipped(r, HD_SKIP_NOT_HTML), 1;
  return 0;
}

static void hand_on(reader *r, const warc_header *h) {
  char charset[64];
  if (payload_of(r, h, charset, r->sink->max_record) != 0) return;
  hd_warc_record rec = {h->uri, h->date, charset, r->payload.ptr ? r->payload.ptr : "", r->payload.len,
                        h->record, h->offset};
  r->sink->on_record(r->sink->ctx, &rec);
}

static int wanted(const warc_header *h) {
  return !strcasecmp(h->type, "response") || !strcasecmp(h->type, "resource");
}

/* Reads record h's block (kept when wanted) and the next header into
 * *next; hands h on when it ended where its Content-Length says. Returns
 * 0 when *next holds a header, 1 at the end. */
static int one_record(reader *r, warc_header *h, warc_header *next) {
  src *s = r->s;
  size_t cap = r->sink->max_record;
  int keep = wanted(h), mis = 0; /* mis: the record's end is already reported */
  if (!strcasecmp(h->type, "revisit")) skipped(r, HD_SKIP_REVISIT);
  if (h->length == -1 || h->length == -2) {
    rec_error(r, h->record, h->offset, "%s", "WARC record without a valid Content-Length; skipped to the next record");
    keep = 0, mis = 1;
    h->length = 0;
  } else if (keep && (unsigned long long)h->length > cap) {
    rec_error(r, h->record, h->offset, "WARC record larger than the %zu-byte cap (--max-bytes); skipped", cap);
    keep = 0;
  }
  size_t got;
  hd_buf_clear(&r->block);
  if (keep && hd_buf_grow(&r->block, (size_t)h->length) == 0) {
    got = src_read(s, r->block.ptr, (size_t)h->length);
    r->block.len = got;
    r->block.ptr[got] = 0;
  } else {
    if (keep) rec_error(r, h->record, h->offset, "%s", "out of memory for this record; skipped");
    keep = 0;
    got = 0;
    for (long long left = h->length; left > 0;) {
      size_t k = src_read(s, NULL, left > (1 << 20) ? (1 << 20) : (size_t)left);
      if (!k) break;
      got += k;
      left -= (long long)k;
    }
  }
  if ((long long)got < h->length) {
    if (at_break(s)) report_break(r, h->record);
    else rec_error(r, h->record, h->offset, "truncated WARC record (%zu of %lld bytes)", got, h->length);
    keep = 0, mis = 1;
  }
  long long junk = 0;
  int rc;
  for (;;) {
    rc = read_header(s, &r->line, next, &junk);
    if (rc == HEAD_OK || !at_break(s)) break;
    report_break(r, ++r->record); /* a member (a record) was damaged: look further */
    mis = 1;
  }
  if (junk && !mis) {
    rec_error(r, h->record, h->offset,
              "the bytes after this record's Content-Length (%lld) are not a WARC record: %lld bytes up to the next record skipped",
              h->length, junk);
    keep = 0;
  }
  if (keep) hand_on(r, h);
  if (rc == HEAD_END) return 1;
  next->record = ++r->record;
  if (rc == HEAD_CUT) {
    rec_error(r, next->record, next->offset, "%s", "truncated WARC record header");
    return 1;
  }
  return 0;
}

long hd_warc_each(const char *path, gzFile f, struct hd_members *stream, const char *head, size_t hn,
                  const hd_warc_sink *sink) {
  src *s = calloc(1, sizeof *s);
  if (!s) return 1;
  s->f = f, s->head = head, s->hn = hn;
  if (stream) s->m = stream;                                       /* borrowed; head first */
  else if (path && !gzdirect(f) && (s->m = hd_members_open(path))) s->hn = 0; /* re-read from the start */
  reader r = {sink, s, {0}, {0}, {0}, {0}, 0, 0};
  hd_buf_init(&r.line, 0);
  hd_buf_init(&r.block, 0);
  hd_buf_init(&r.payload, sink->max_record);
  hd_buf_init(&r.tmp, sink->max_record);
  warc_header h[2];
  long long junk = 0;
  int rc;
  while ((rc = read_header(s, &r.line, &h[0], &junk)) != HEAD_OK && at_break(s)) report_break(&r, ++r.record);
  if (rc == HEAD_OK) {
    h[0].record = ++r.record;
    for (int i = 0; one_record(&r, &h[i], &h[!i]) == 0; i = !i) {}
  } else if (rc == HEAD_CUT) {
    rec_error(&r, 1, h[0].offset, "%s", "truncated WARC record header");
  }
  hd_buf_free(&r.line);
  hd_buf_free(&r.block);
  hd_buf_free(&r.payload);
  hd_buf_free(&r.tmp);
  if (!stream) hd_members_close(s->m);
  free(s);
  return r.errors;
}
