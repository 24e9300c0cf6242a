/* json_fast.c: cJSON's tree of plain JSON, faster, or a refusal. See
 * json_fast.h. Complexity: linear in the text. */
#include "read/json_fast.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>

enum { MAX_DEPTH = 200, MAX_DIGITS = 15 };

typedef struct {
  const char *p, *e; /* the unread text */
  hd_arena *a;
  int depth;
  cJSON *nodes; /* nodes taken from the arena NODE_RUN at a time */
  size_t nodes_left;
  char *chars; /* string bytes taken from the arena CHAR_RUN at a time */
  size_t chars_left;
} fj;

enum { NODE_RUN = 64, CHAR_RUN = 4096 };

static const double POW10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                               1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};

static void skip_ws(fj *f) { /* cJSON's whitespace: every byte up to ' ' */
  while (f->p < f->e && (unsigned char)*f->p <= 32) f->p++;
}

static cJSON *new_node(fj *f, int type) {
  if (!f->nodes_left) {
    if (!(f->nodes = hd_arena_alloc(f->a, NODE_RUN * sizeof *f->nodes))) return NULL;
    f->nodes_left = NODE_RUN;
  }
  cJSON *n = f->nodes++;
  f->nodes_left--;
  memset(n, 0, sizeof *n);
  n->type = type;
  return n;
}

/* n bytes for a string (no alignment needed), from the current run. */
static char *new_chars(fj *f, size_t n) {
  if (n > f->chars_left) {
    if (n > CHAR_RUN / 4) return hd_arena_alloc(f->a, n); /* a long one alone */
    if (!(f->chars = hd_arena_alloc(f->a, CHAR_RUN))) return NULL;
    f->chars_left = CHAR_RUN;
  }
  char *c = f->chars;
  f->chars += n;
  f->chars_left -= n;
  return c;
}

/* \uXXXX at h (4 hex digits before t) as UTF-8 at *o, as cJSON writes a
 * code point outside the surrogates; 0 to decline (a surrogate, whose
 * pairing cJSON checks, or not four hex digits). */
static int put_u(char **o, const char *h, const char *t) {
  unsigned cp = 0;
  if (t - h < 4) return 0;
  for (int i = 0; i < 4; i++) {
    char c = h[i];
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) return 0;
    cp = cp << 4 | (unsigned)d;
  }
  if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
  unsigned char *u = (unsigned char *)*o;
  if (cp < 0x80) *u++ = (unsigned char)cp;
  else if (cp < 0x800) *u++ = (unsigned char)(0xC0 | cp >> 6), *u++ = (unsigned char)(0x80 | (cp & 0x3F));
  else
    *u++ = (unsigned char)(0xE0 | cp >> 12), *u++ = (unsigned char)(0x80 | (cp >> 6 & 0x3F)),
    *u++ = (unsigned char)(0x80 | (cp & 0x3F));
  *o = (char *)u;
  return 1;
}

/* The string at f->p (a '"'), unescaped into the arena; NULL to decline. */
static char *parse_string(fj *f) {
  const char *s = f->p + 1;
  const char *q = memchr(s, '"', (size_t)(f->e - s));
  if (!q) return NULL;
  const char *bs = memchr(s, '\\', (size_t)(q - s));
  if (!bs) { /* no escape: one copy */
    char *out = new_chars(f, (size_t)(q - s) + 1);
    if (!out) return NULL;
    memcpy(out, s, (size_t)(q - s));
    out[q - s] = 0;
    f->p = q + 1;
    return out;
  }
  /* escapes: the string ends at the first '"' after an even run of
   * backslashes (cJSON's scan: a backslash takes the next byte along) */
  const char *t = q;
  for (;;) {
    const char *b = t;
    while (b > s && b[-1] == '\\') b--;
    if (((t - b) & 1) == 0) break;
    if (!(t = memchr(t + 1, '"', (size_t)(f->e - t - 1)))) return NULL;
  }
  char *out = new_chars(f, (size_t)(t - s) + 1), *o = out;
  if (!out) return NULL;
  for (const char *c = s; c < t;) {
    const char *b = memchr(c, '\\', (size_t)(t - c));
    if (!b) b = t;
    memcpy(o, c, (size_t)(b - c));
    o += b - c;
    if (b == t) break;
    c = b + 2;
    switch (b[1]) {
    case 'b': *o++ = '\b'; break;
    case 'f': *o++ = '\f'; break;
    case 'n': *o++ = '\n'; break;
    case 'r': *o++ = '\r'; break;
    case 't': *o++ = '\t'; break;
    case '"':
    case '\\':
    case '/': *o++ = b[1]; break;
    case 'u':
      if (!put_u(&o, c, t)) return NULL;
      c += 4;
      break;
    default: return NULL; /* invalid: cJSON's error */
    }
  }
  *o = 0;
  f->p = t + 1;
  return out;
}

/* -?[0-9]+(.[0-9]+)? with at most MAX_DIGITS digits, not followed by a
 * byte cJSON would read as part of the number; 0 to decline. */
static int parse_number(fj *f, cJSON *n) {
  const char *c = f->p;
  int neg = c < f->e && *c == '-';
  c += neg;
  uint64_t m = 0;
  int digits = 0, frac = 0;
  while (c < f->e && *c >= '0' && *c <= '9') m = m * 10 + (uint64_t)(*c++ - '0'), digits++;
  if (!digits) return 0;
  if (c < f->e && *c == '.') {
    c++;
    while (c < f->e && *c >= '0' && *c <= '9') m = m * 10 + (uint64_t)(*c++ - '0'), digits++, frac++;
    if (!frac) return 0;
  }
  if (digits > MAX_DIGITS) return 0;
  if (c < f->e && (*c == 'e' || *c == 'E' || *c == '+' || *c == '-' || *c == '.')) return 0;
  double v = (double)m / POW10[frac];
  if (neg) v = -v;
  n->valuedouble = v;
  n->valueint = v >= INT_MAX ? INT_MAX : v <= (double)INT_MIN ? INT_MIN : (int)v;
  f->p = c;
  return 1;
}

static int literal(fj *f, const char *word, size_t n) {
  if ((size_t)(f->e - f->p) < n || memcmp(f->p, word, n)) return 0;
  f->p += n;
  return 1;
}

static cJSON *parse_value(fj *f);

/* The elements of an array or the members of an object (f->p just past
 * its opening bracket), linked as cJSON links them: the first's prev is
 * the last. */
static cJSON *parse_items(fj *f, cJSON *parent, char close, int keys) {
  if (++f->depth > MAX_DEPTH) return NULL;
  skip_ws(f);
  if (f->p < f->e && *f->p == close) {
    f->p++;
    f->depth--;
    return parent;
  }
  cJSON *last = NULL;
  for (;;) {
    char *key = NULL;
    if (keys) {
      skip_ws(f);
      if (f->p >= f->e || *f->p != '"' || !(key = parse_string(f))) return NULL;
      skip_ws(f);
      if (f->p >= f->e || *f->p != ':') return NULL;
      f->p++;
    }
    skip_ws(f);
    cJSON *v = parse_value(f);
    if (!v) return NULL;
    v->string = key;
    if (last) last->next = v, v->prev = last;
    else parent->child = v;
    last = v;
    parent->child->prev = last;
    skip_ws(f);
    if (f->p >= f->e) return NULL;
    if (*f->p == ',') {
      f->p++;
      continue;
    }
    if (*f->p != close) return NULL;
    f->p++;
    f->depth--;
    return parent;
  }
}

static cJSON *parse_value(fj *f) {
  if (f->p >= f->e) return NULL;
  cJSON *n;
  switch (*f->p) {
  case '"':
    if (!(n = new_node(f, cJSON_String)) || !(n->valuestring = parse_string(f))) return NULL;
    return n;
  case '{':
  case '[':
    if (!(n = new_node(f, *f->p == '{' ? cJSON_Object : cJSON_Array))) return NULL;
    f->p++;
    return parse_items(f, n, n->type == cJSON_Object ? '}' : ']', n->type == cJSON_Object);
  case 'n':
    return literal(f, "null", 4) ? new_node(f, cJSON_NULL) : NULL;
  case 't':
    if (!literal(f, "true", 4) || !(n = new_node(f, cJSON_True))) return NULL;
    n->valueint = 1;
    return n;
  case 'f':
    return literal(f, "false", 5) ? new_node(f, cJSON_False) : NULL;
  default:
    if (*f->p != '-' && (*f->p < '0' || *f->p > '9')) return NULL;
    if (!(n = new_node(f, cJSON_Number)) || !parse_number(f, n)) return NULL;
    return n;
  }
}

cJSON *hd_json_fast_parse(hd_arena *a, const char *text, size_t len, const char **end) {
  if (!text || !len || (unsigned char)text[0] == 0xEF) return NULL; /* a byte-order mark: cJSON's */
  fj f = {text, text + len, a, 0, NULL, 0, NULL, 0};
  skip_ws(&f);
  cJSON *o = parse_value(&f);
  if (o && end) *end = f.p;
  return o;
}
