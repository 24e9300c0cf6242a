/*
 * read.c: paths -> articles (see read.h). Sniffs each file's content;
 * streams JSON Lines with a bounded line buffer; parses lines with cJSON.
 * Complexity: O(bytes read); memory O(max_record).
 */
#define _DEFAULT_SOURCE
#include "read/read.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "text/article.h"
#include "read/charset.h"
#include "read/html.h"
#include "read/members.h"
#include "read/warc.h"
#include "util/arena.h"
#include "util/buf.h"

#define DEFAULT_MAX_RECORD (64u << 20)
#define SNIFF_BYTES 8192

/* Files are read through zlib, which reads gzip and plain files alike;
 * gzip on standard input through members.c, which goes on after a
 * damaged member (a pipe cannot be re-read). */
typedef struct {
  gzFile f;
  hd_members *m;       /* instead of f */
  const char *m_error; /* the first break in m, for readers that stop at it */
  long long m_off;     /* and its compressed offset */
  unsigned char pre[2]; /* bytes of f read before it was opened (stdin's sniff) */
  size_t npre;
} stream;

static size_t gz_read(stream *s, void *buf, size_t n) {
  if (!s->m) {
    size_t got = 0;
    for (; s->npre && got < n; s->npre--) ((unsigned char *)buf)[got++] = s->pre[sizeof s->pre - s->npre];
    int k = got < n ? gzread(s->f, (char *)buf + got, (unsigned)(n - got)) : 0;
    return got + (k > 0 ? (size_t)k : 0);
  }
  size_t got = 0;
  while (got < n && !s->m_error) { /* a member read stops at each member's end */
    size_t k = hd_members_read(s->m, (char *)buf + got, n - got);
    long long off;
    const char *why;
    if (hd_members_break(s->m, &off, &why)) s->m_error = why, s->m_off = off;
    if (k == 0) break;
    got += k;
  }
  return got;
}

static int gz_failed(stream *s) {
  if (s->m) return s->m_error != NULL;
  int code;
  gzerror(s->f, &code);
  return code != Z_OK && code != Z_BUF_ERROR;
}

static const char *gz_msg(stream *s) {
  if (s->m) return s->m_error ? s->m_error : "";
  int code;
  const char *m = gzerror(s->f, &code);
  return code == Z_ERRNO ? strerror(errno) : m;
}

static size_t max_record(const hd_reader *r) {
  return r->max_record ? r->max_record : DEFAULT_MAX_RECORD;
}

static void fail(const hd_reader *r, const char *path, long line, hd_code code,
                 const char *fmt, const char *detail) {
  hd_err e;
  hd_err_set(&e, code, path, line, fmt, detail);
  r->on_error(r->ctx, &e);
}

/* Binary: evidence of binary content in the sniffed head, NUL bytes or
 * C0 control characters (other than white space and ESC, which ISO-2022
 * text uses), never merely bytes that are not UTF-8: Latin-1 or GB18030
 * text is text, converted by charset.c. A UTF-16 byte-order mark is
 * text too (its NULs are half of every ASCII character). */
static int looks_binary(const unsigned char *p, size_t n) {
  if (n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) return 0;
  size_t ctrl = 0, nul = 0;
  for (size_t i = 0; i < n; i++) {
    if (p[i] == 0) nul++;
    else if (p[i] < 0x20 && p[i] != '\n' && p[i] != '\r' && p[i] != '\t' && p[i] != '\f' && p[i] != 0x1B)
      ctrl++;
  }
  /* random bytes hold about 10.5% C0 controls, so a 10% bar missed one
   * binary file in ten (tests/test_bad_input.sh flaked); text in any
   * encoding holds almost none, so 5% is far from both */
  return (nul > 2 && nul * 100 > n) || (nul + ctrl > 2 && (nul + ctrl) * 20 > n);
}

static int looks_jsonl(const char *p, size_t n) {
  size_t i = 0;
  if (n >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF) i = 3;
  while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r')) i++;
  if (i >= n || p[i] != '{') return 0;
  /* a '{' first and a "text"-like key in the first line */
  const char *nl = memchr(p + i, '\n', n - i);
  size_t end = nl ? (size_t)(nl - p) : n;
  for (size_t k = i; k + 1 < end; k++)
    if (p[k] == '"' && p[k + 1] != ' ') return 1;
  return 0;
}

static const char *const META_KEYS[] = {"id", "url", "source", "date", "title", "author"};
static const hd_meta_field META_FIELDS[] = {HD_META_ID, HD_META_URL, HD_META_SOURCE,
                                            HD_META_DATE, HD_META_TITLE, HD_META_AUTHOR};

static int is_meta_key(const char *k) {
  if (!strcmp(k, "text")) return 1;
  for (size_t i = 0; i < sizeof META_KEYS / sizeof *META_KEYS; i++)
    if (!strcmp(k, META_KEYS[i])) return 1;
  return 0;
}

/* Unknown members, re-serialised compactly, for pass-through. */
static char *passthrough_members(cJSON *obj) {
  hd_buf b;
  hd_buf_init(&b, 0);
  for (cJSON *c = obj->child; c; c = c->next) {
    if (!c->string || is_meta_key(c->string)) continue;
    char *v = cJSON_PrintUnformatted(c);
    cJSON *k = cJSON_CreateString(c->string);
    char *ks = cJSON_PrintUnformatted(k);
    if (b.len) hd_buf_putc(&b, ',');
    hd_buf_printf(&b, "%s:%s", ks, v ? v : "null");
    hd_free(ks);
    hd_free(v);
    cJSON_Delete(k);
  }
  return b.len ? hd_buf_take(&b, NULL) : (hd_buf_free(&b), NULL);
}

static void set_meta_value(hd_article *a, hd_meta_field f, cJSON *v) {
  if (cJSON_IsString(v)) hd_article_set_meta(a, f, v->valuestring);
  else if (cJSON_IsNumber(v)) {
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.17g", v->valuedouble);
    hd_article_set_meta(a, f, tmp);
  }
}

static int blank(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return 0;
  return 1;
}

static int hex4(const char *p, size_t n, unsigned *v) {
  if (n < 4) return 0;
  *v = 0;
  for (int k = 0; k < 4; k++) {
    char c = p[k];
    unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
               : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
               : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 16u;
    if (d > 15) return 0;
    *v = *v << 4 | d;
  }
  return 1;
}

/* cJSON ends a string at the NUL that \u0000 (or an invalid \u escape)
 * decodes to, silently cutting the text. So each line is checked first:
 * inside strings, \u0000, unpaired surrogates and raw NUL bytes become
 * U+FFFD (as invalid UTF-8 does); a \u not followed by four hex digits
 * is an error, returned as its 1-based byte column (0 = fine). */
static size_t prepare_json_line(const char *line, size_t len, hd_buf *out) {
  static const char FFFD[3] = {(char)0xEF, (char)0xBF, (char)0xBD};
  int in_str = 0;
  size_t run = 0;
  for (size_t i = 0; i < len; i++) {
    char c = line[i];
    if (!in_str) { in_str = c == '"'; continue; }
    if (c == '"') { in_str = 0; continue; }
    if (c == 0) {
      hd_buf_put(out, line + run, i - run);
      hd_buf_put(out, FFFD, 3);
      run = i + 1;
      continue;
    }
    if (c != '\\' || i + 1 >= len) continue;
    if (line[i + 1] != 'u') { i++; continue; } /* cJSON checks the others */
    unsigned v, lo;
    if (!hex4(line + i + 2, len - i - 2, &v)) return i + 1;
    size_t esc = 6;
    int keep = v != 0 && (v < 0xD800 || v > 0xDFFF);
    if (v >= 0xD800 && v <= 0xDBFF && len - i >= 12 && line[i + 6] == '\\' && line[i + 7] == 'u' &&
        hex4(line + i + 8, len - i - 8, &lo) && lo >= 0xDC00 && lo <= 0xDFFF)
      keep = 1, esc = 12; /* a surrogate pair */
    if (!keep) {
      hd_buf_put(out, line + run, i - run);
      hd_buf_put(out, "\\uFFFD", 6);
      run = i + 6;
    }
    i += esc - 1;
  }
  hd_buf_put(out, line + run, len - run);
  return 0;
}

/* cJSON allocates from the current arena scope (util/arena.h) when there
 * is one, else from the heap; set once, before any thread parses. */
static _Thread_local int json_out_of_memory;
static void *json_alloc(size_t n) {
  hd_arena *a = hd_scope_arena();
  void *p = a ? hd_arena_alloc(a, n) : malloc(n);
  if (!p) json_out_of_memory = 1;
  return p;
}
static void json_hooks(void) {
  cJSON_Hooks h = {json_alloc, hd_free};
  cJSON_InitHooks(&h);
}
static pthread_once_t json_hooks_once = PTHREAD_ONCE_INIT;
void hd_json_hooks(void) { pthread_once(&json_hooks_once, json_hooks); }
int hd_json_oom(void) {
  int oom = json_out_of_memory;
  json_out_of_memory = 0;
  return oom;
}

/* The article of one JSON line, or NULL with *code and why[] set. Runs
 * inside the line's scratch arena: the repaired line, the parse tree and
 * the pass-through string live there; the article copies what it keeps
 * into its own arenas. */
static hd_article *article_of_json(const char *path, long lineno, const char *raw, size_t rawlen,
                                   hd_code *code, char *why, size_t whyn) {
  *code = HD_ERR_INPUT;
  hd_buf fixed;
  hd_buf_init(&fixed, 0);
  size_t bad = prepare_json_line(raw, rawlen, &fixed);
  if (bad) {
    snprintf(why, whyn, "invalid \\u escape at byte %zu (expected four hex digits)", bad);
    return NULL;
  }
  const char *line = fixed.ptr ? fixed.ptr : "";
  size_t len = fixed.len;
  const char *endp = NULL;
  hd_json_oom();
  cJSON *obj = cJSON_ParseWithLengthOpts(line, len, &endp, 0);
  if (!obj && hd_json_oom()) {
    *code = HD_ERR_NOMEM;
    snprintf(why, whyn, "%s", "out of memory parsing the record (over the per-record memory cap); skipped");
    return NULL;
  }
  if (!obj || !cJSON_IsObject(obj)) {
    snprintf(why, whyn, "%s", "malformed JSON line (expected an object)");
    return NULL;
  }
  if (endp && !blank(endp, len - (size_t)(endp - line))) {
    snprintf(why, whyn, "trailing content after the JSON object at byte %zu (one object per line)",
             (size_t)(endp - line) + 1);
    return NULL;
  }
  cJSON *text = cJSON_GetObjectItemCaseSensitive(obj, "text");
  if (!cJSON_IsString(text)) {
    snprintf(why, whyn, "%s", "JSON line has no string \"text\" member");
    return NULL;
  }
  hd_article *a = hd_article_new(text->valuestring, strlen(text->valuestring));
  if (!a) {
    *code = HD_ERR_NOMEM;
    snprintf(why, whyn, "%s", "out of memory reading the record; skipped");
    return NULL;
  }
  for (size_t i = 0; i < sizeof META_KEYS / sizeof *META_KEYS; i++)
    set_meta_value(a, META_FIELDS[i], cJSON_GetObjectItemCaseSensitive(obj, META_KEYS[i]));
  hd_article_set_meta(a, HD_META_INPUT_PATH, path);
  hd_article_set_input_line(a, lineno);
  hd_article_set_passthrough(a, passthrough_members(obj));
  return a;
}

static int parse_json_line(const hd_reader *r, const char *path, long lineno, const char *raw,
                           size_t rawlen) {
  hd_json_hooks();
  hd_arena scratch;
  hd_arena_init(&scratch, 0);
  scratch.first = rawlen < ((size_t)1 << 28) ? 4 * rawlen + 4096 : 0;
  hd_scope scope;
  hd_scope_enter(&scope, &scratch, NULL);
  hd_code code;
  char why[160] = "";
  hd_article *a = article_of_json(path, lineno, raw, rawlen, &code, why, sizeof why);
  hd_scope_leave(&scope);
  hd_arena_free(&scratch); /* the parse tree and the repaired line, at once */
  if (!a) {
    fail(r, path, lineno, code, "%s", why);
    return -1;
  }
  r->on_article(r->ctx, a);
  return 0;
}

/* Streams a JSON Lines file; `head` holds bytes already read. */
static long read_jsonl(const hd_reader *r, const char *path, stream *f, const char *head, size_t hn) {
  hd_buf line;
  hd_buf_init(&line, 0);
  long lineno = 0, failed = 0;
  int overlong = 0;
  size_t cap = max_record(r);
  char chunk[65536];
  const char *p = head;
  size_t n = hn;
  for (;;) {
    if (n == 0) {
      n = gz_read(f, chunk, sizeof chunk);
      p = chunk;
      if (n == 0) break;
    }
    const char *nl = memchr(p, '\n', n);
    size_t take = nl ? (size_t)(nl - p) : n;
    if (!overlong && line.len + take > cap) { overlong = 1; hd_buf_clear(&line); }
    if (!overlong) hd_buf_put(&line, p, take);
    p += take;
    n -= take;
    if (!nl) continue;
    p++, n--; /* the newline */
    lineno++;
    if (overlong) {
      char d[64];
      snprintf(d, sizeof d, "%zu", cap);
      fail(r, path, lineno, HD_ERR_INPUT, "record longer than the %s-byte cap (--max-bytes)", d);
      failed++;
    } else if (!blank(line.ptr ? line.ptr : "", line.len)) {
      failed += parse_json_line(r, path, lineno, line.ptr, line.len) != 0;
    }
    overlong = 0;
    hd_buf_clear(&line);
  }
  if (gz_failed(f)) { fail(r, path, lineno, HD_ERR_IO, "read error: %s", gz_msg(f)); failed++; }
  else if (overlong || (line.len && !blank(line.ptr, line.len))) {
    lineno++;
    if (overlong) { fail(r, path, lineno, HD_ERR_INPUT, "%s", "record longer than the byte cap (--max-bytes)"); failed++; }
    else failed += parse_json_line(r, path, lineno, line.ptr, line.len) != 0;
  }
  hd_buf_free(&line);
  return failed;
}

/* An HTML page: body text and metadata through html.c, after its bytes
 * are converted to UTF-8 (charset.c; `charset` is the HTTP header's). */
static hd_article *article_from_html(const char *p, size_t n, const char *charset, const char *url) {
  hd_html_meta m;
  size_t un;
  char *utf8 = hd_charset_to_utf8(p, n, charset, 1, &un, NULL);
  char *text = utf8 ? hd_html_extract(utf8, un, url, &m) : hd_html_extract(p, n, url, &m);
  free(utf8);
  hd_article *a = NULL;
  if (text && *text) {
    a = hd_article_new(text, strlen(text));
  }
  if (a) {
    hd_article_set_meta(a, HD_META_TITLE, m.title);
    hd_article_set_meta(a, HD_META_SOURCE, m.site);
    hd_article_set_meta(a, HD_META_DATE, m.date);
    hd_article_set_meta(a, HD_META_URL, m.url);
    hd_article_set_meta(a, HD_META_AUTHOR, m.author);
    hd_article_set_meta(a, HD_META_DATE_SOURCE, m.date_source);
    hd_article_set_meta(a, HD_META_LANGUAGE, m.language);
    hd_article_set_meta(a, HD_META_QUALITY, m.quality);
  }
  free(text);
  hd_html_meta_free(&m);
  return a;
}

/* Plain text in a legacy encoding is converted (charset.c); text whose
 * encoding cannot be decided is repaired by hd_article_new. */
static hd_article *article_from_text(const char *p, size_t n) {
  size_t un;
  char *utf8 = hd_charset_to_utf8(p, n, NULL, 0, &un, NULL);
  hd_article *a = utf8 ? hd_article_new(utf8, un) : hd_article_new(p, n);
  free(utf8);
  return a;
}

static long read_plain(const hd_reader *r, const char *path, stream *f, const char *head, size_t hn) {
  hd_buf b;
  hd_buf_init(&b, max_record(r));
  hd_buf_put(&b, head, hn);
  char chunk[65536];
  size_t n;
  while ((n = gz_read(f, chunk, sizeof chunk)) > 0) {
    if (hd_buf_put(&b, chunk, n)) {
      hd_buf_free(&b);
      char d[64];
      snprintf(d, sizeof d, "%zu", max_record(r));
      fail(r, path, 0, HD_ERR_INPUT, "article larger than the %s-byte cap (--max-bytes); skipped", d);
      return 1;
    }
  }
  if (gz_failed(f)) {
    hd_buf_free(&b);
    fail(r, path, 0, HD_ERR_IO, "read error: %s", gz_msg(f));
    return 1;
  }
  if (blank(b.ptr ? b.ptr : "", b.len)) {
    hd_buf_free(&b);
    fail(r, path, 0, HD_ERR_INPUT, "%s", "empty article (no text)");
    return 1;
  }
  int html = hd_looks_html(b.ptr, b.len);
  hd_article *a = html ? article_from_html(b.ptr, b.len, NULL, NULL) : article_from_text(b.ptr, b.len);
  hd_buf_free(&b);
  if (!a) {
    if (html) fail(r, path, 0, HD_ERR_INPUT, "%s", "HTML page with no readable article text");
    else fail(r, path, 0, HD_ERR_NOMEM, "%s", "out of memory reading the article; skipped");
    return 1;
  }
  hd_article_set_meta(a, HD_META_INPUT_PATH, path);
  r->on_article(r->ctx, a);
  return 0;
}

/* ---- WARC crawl archives ---- */
typedef struct {
  const hd_reader *r;
  const char *path;
  long failed;
} warc_ctx;

static void on_warc_record(void *vctx, const hd_warc_record *rec) {
  warc_ctx *w = vctx;
  hd_article *a = article_from_html(rec->body, rec->len, rec->charset, *rec->uri ? rec->uri : NULL);
  if (!a) { /* reported as a plain file's would be */
    char msg[96];
    snprintf(msg, sizeof msg, "offset %lld: %%s", rec->offset);
    fail(w->r, w->path, rec->record, HD_ERR_INPUT, msg, "HTML page with no readable article text");
    w->failed++;
    return;
  }
  hd_article_set_meta(a, HD_META_INPUT_PATH, w->path);
  hd_article_set_input_line(a, rec->record);
  if (!a->meta[HD_META_URL] && *rec->uri) hd_article_set_meta(a, HD_META_URL, rec->uri);
  if (!a->meta[HD_META_DATE] && *rec->date) { /* the crawl's date: the page was out by then */
    hd_article_set_meta(a, HD_META_DATE, rec->date);
    hd_article_set_meta(a, HD_META_DATE_SOURCE, "crawl");
  }
  w->r->on_article(w->r->ctx, a);
}

static void on_warc_error(void *vctx, long record, long long offset, const char *msg) {
  warc_ctx *w = vctx;
  char fmt[96];
  snprintf(fmt, sizeof fmt, "offset %lld: %%s", offset);
  fail(w->r, w->path, record, HD_ERR_INPUT, fmt, msg);
}

static void on_warc_skip(void *vctx, hd_skip_kind why) {
  warc_ctx *w = vctx;
  if (w->r->stats) w->r->stats->skipped[why]++;
}

static long read_warc(const hd_reader *r, const char *path, int named, stream *f, const char *head, size_t hn) {
  warc_ctx w = {r, path, 0};
  hd_warc_sink sink = {max_record(r), on_warc_record, on_warc_error, on_warc_skip, &w};
  return hd_warc_each(named ? path : NULL, f->f, f->m, head, hn, &sink) + w.failed;
}

void hd_read_stats_format(const hd_read_stats *st, char *buf, size_t cap) {
  static const char *const WHY[HD_SKIP_KINDS] = {"not HTML", "HTTP status not 2xx", "revisit"};
  size_t len = 0;
  buf[0] = 0;
  for (int i = 0; i < HD_SKIP_KINDS && len < cap; i++) {
    if (!st->skipped[i]) continue;
    int k = snprintf(buf + len, cap - len, "%s%ld %s", len ? ", " : "", st->skipped[i], WHY[i]);
    if (k < 0) break;
    len += (size_t)k;
  }
}

/* Sniffs the (decompressed) head: a WARC archive first, whatever its
 * records hold, then binary content, then JSON Lines, then a page or text.
 * `named`: path is a file that can be opened again (not stdin). */
static long read_stream(const hd_reader *r, const char *path, int named, stream *f) {
  char head[SNIFF_BYTES];
  size_t hn = gz_read(f, head, sizeof head);
  if (f->m && f->m_error && hn >= 5 && memcmp(head, "WARC/", 5) == 0) {
    /* a damaged member in the first 8 KiB of a piped archive: the break
     * goes back to the reader, and the WARC reader meets it after the
     * head, reports it and goes on after it */
    hd_members_rearm(f->m, f->m_off, f->m_error);
    f->m_error = NULL;
    return read_warc(r, path, named, f, head, hn);
  }
  if (hn == 0 && named && gz_failed(f) && !gzdirect(f->f)) {
    /* a damaged gzip member in the first 8 KiB: a crawl archive read by
     * members survives it */
    char one[5];
    hd_members *m = hd_members_open(path);
    size_t k = m ? hd_members_read(m, one, sizeof one) : 0;
    hd_members_close(m);
    if (k == 5 && memcmp(one, "WARC/", 5) == 0) return read_warc(r, path, named, f, head, 0);
  }
  if (hn == 0) {
    if (gz_failed(f)) fail(r, path, 0, HD_ERR_IO, "read error: %s", gz_msg(f));
    else fail(r, path, 0, HD_ERR_INPUT, "%s", "empty file");
    return 1;
  }
  if (hn >= 5 && memcmp(head, "WARC/", 5) == 0) return read_warc(r, path, named, f, head, hn);
  if (looks_binary((const unsigned char *)head, hn)) {
    fail(r, path, 0, HD_ERR_INPUT, "%s", "binary file (NUL or control bytes); skipped");
    return 1;
  }
  if (looks_jsonl(head, hn)) return read_jsonl(r, path, f, head, hn);
  return read_plain(r, path, f, head, hn);
}

static int cmp_str(const void *x, const void *y) {
  return strcmp(*(char *const *)x, *(char *const *)y);
}

static long read_dir(const hd_reader *r, const char *path, int depth) {
  DIR *d = opendir(path);
  if (!d) {
    fail(r, path, 0, HD_ERR_IO, "cannot open directory: %s", strerror(errno));
    return 1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue; /* hidden files and . .. */
    HD_VEC_PUSH(names, n, cap, hd_xstrdup(e->d_name));
  }
  closedir(d);
  if (n) qsort(names, n, sizeof *names, cmp_str);
  long failed = 0;
  for (size_t i = 0; i < n; i++) {
    hd_buf p;
    hd_buf_init(&p, 0);
    hd_buf_printf(&p, "%s/%s", path, names[i]);
    struct stat st;
    if (depth < 64 && stat(p.ptr, &st) == 0 && S_ISDIR(st.st_mode)) failed += read_dir(r, p.ptr, depth + 1);
    else failed += hd_read_path(r, p.ptr);
    hd_buf_free(&p);
    free(names[i]);
  }
  free(names);
  return failed;
}

/* Standard input: gzip (by its first two bytes) through members.c, so
 * that a piped crawl archive goes on after a damaged member; anything
 * else through zlib's gzFile. */
static long read_stdin(const hd_reader *r) {
  int fd = dup(STDIN_FILENO);
  unsigned char magic[2];
  size_t got = 0;
  while (fd >= 0 && got < 2) {
    ssize_t k = read(fd, magic + got, 2 - got);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    got += (size_t)k;
  }
  stream s = {0};
  if (fd >= 0 && got == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    FILE *in = fdopen(fd, "rb");
    if (in) s.m = hd_members_stream(in, magic, got);
    else close(fd);
    if (!s.m) fd = -1;
  } else if (fd >= 0) {
    /* the two bytes read are not gzip: the gzFile reads the rest as is */
    s.f = gzdopen(fd, "rb");
    if (!s.f) close(fd), fd = -1;
  }
  if (fd < 0) {
    fail(r, "<stdin>", 0, HD_ERR_IO, "cannot read: %s", strerror(errno));
    return 1;
  }
  if (s.f) { /* served first, from the end of pre */
    memcpy(s.pre + sizeof s.pre - got, magic, got);
    s.npre = got;
  }
  long failed = read_stream(r, "<stdin>", 0, &s);
  if (s.f) gzclose(s.f);
  hd_members_close(s.m);
  return failed;
}

long hd_read_path(const hd_reader *r, const char *path) {
  if (!strcmp(path, "-")) return read_stdin(r);
  struct stat st;
  if (stat(path, &st) != 0) {
    fail(r, path, 0, HD_ERR_IO, "cannot read: %s", strerror(errno));
    return 1;
  }
  if (S_ISDIR(st.st_mode)) return read_dir(r, path, 0);
  gzFile f = gzopen(path, "rb");
  if (!f) {
    fail(r, path, 0, HD_ERR_IO, "cannot open: %s", strerror(errno));
    return 1;
  }
  gzbuffer(f, 1 << 17);
  stream s = {f, NULL, NULL, 0, {0}, 0};
  long failed = read_stream(r, path, 1, &s);
  gzclose(f);
  return failed;
}

long hd_read_buffer(const hd_reader *r, const char *name, const void *buf, size_t len) {
  if (!name) name = "<buffer>";
  /* the sniffers and gzip read a gzFile: the bytes go through a memory file */
  int fd = memfd_create("herald-buffer", MFD_CLOEXEC);
  size_t done = 0;
  while (fd >= 0 && done < len) {
    ssize_t k = write(fd, (const char *)buf + done, len - done);
    if (k <= 0) break;
    done += (size_t)k;
  }
  gzFile f = fd >= 0 && done == len && lseek(fd, 0, SEEK_SET) == 0 ? gzdopen(fd, "rb") : NULL;
  if (!f) {
    fail(r, name, 0, HD_ERR_IO, "cannot read: %s", strerror(errno ? errno : ENOMEM));
    if (fd >= 0) close(fd);
    return 1;
  }
  stream s = {f, NULL, NULL, 0, {0}, 0};
  long failed = read_stream(r, name, 0, &s);
  gzclose(f); /* closes fd */
  return failed;
}
