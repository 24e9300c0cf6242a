/*
 * blocks.c: the learned block classifier of HTML extraction. html.c cuts
 * a page into paragraph units (html_tree.h) and makes its heuristic body
 * choice; this file describes each unit by features and scores it with a
 * linear model (logistic regression trained by `herald train extract`,
 * cli/train_extract.c), so that html.c prints the units the model calls
 * article text. Features, all strings (hashed with xxh64 to find their
 * weights):
 *  - the heuristic's view: printed, inside the best container, below
 *    boilerplate (tag or class), below navigation, before/inside/after
 *    the best container;
 *  - the text: length, link density, commas, final punctuation, first
 *    character, share of digits, share of the characters of code and
 *    markup ({};=<>()), a copyright sign or a '|';
 *  - the tree: the block's tag, the tags of three ancestors, the nearest
 *    class/id evidence, class and id tokens of six ancestors, notable
 *    ancestors (article, main, aside, nav, footer, header, form, table,
 *    li, figure, blockquote, section);
 *  - position in the page (tenths) and the two neighbours (printed or not,
 *    length, same container);
 *  - a few conjunctions of the heuristic's view with length, link density
 *    and tag; the run of units with the same container (its size, how
 *    much of it is printed, the container's text and link density).
 * Model file (text, untrusted input): a first line
 * "herald-extract-model 1", then one "WEIGHT FEATURE" per line.
 * Complexity: O(ancestors + text) per unit to describe it, O(features)
 * to score it. Ownership: hd_block_model_load returns a model the caller
 * frees; the default model lives for the process.
 */
#include "read/blocks.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#define MODEL_MAGIC "herald-extract-model 1"

/* ---- features -------------------------------------------------------- */
static void feat(hd_buf *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends one feature: fmt with %d, %zu, %c and %s, composed in a local
 * buffer and appended at once (vsnprintf, and a call per byte, were a
 * tenth of the reading time); cut at 159 bytes. */
static void feat(hd_buf *out, const char *fmt, ...) {
  char tmp[160];
  size_t n = 0;
  va_list ap;
  va_start(ap, fmt);
  for (const char *f = fmt; *f && n < sizeof tmp - 1; f++) {
    if (*f != '%') {
      tmp[n++] = *f;
      continue;
    }
    f++;
    if (*f == 's') {
      for (const char *v = va_arg(ap, const char *); *v && n < sizeof tmp - 1; v++) tmp[n++] = *v;
    } else if (*f == 'c') {
      tmp[n++] = (char)va_arg(ap, int);
    } else if (*f == 'd' || (*f == 'z' && f[1] == 'u')) {
      long long v = *f == 'd' ? va_arg(ap, int) : (long long)va_arg(ap, size_t);
      if (*f == 'z') f++;
      char digits[24];
      int k = 0;
      unsigned long long u = v < 0 ? (unsigned long long)-v : (unsigned long long)v;
      do digits[k++] = (char)('0' + u % 10); while ((u /= 10) && k < 22);
      if (v < 0 && n < sizeof tmp - 1) tmp[n++] = '-';
      while (k && n < sizeof tmp - 1) tmp[n++] = digits[--k];
    } else if (*f == '%') {
      tmp[n++] = '%';
    } else {
      break;
    }
  }
  va_end(ap);
  tmp[n++] = 0;
  hd_buf_put(out, tmp, n);
}

static int len_bucket(size_t n) {
  static const size_t EDGES[] = {15, 30, 60, 120, 250, 500};
  int b = 0;
  while (b < 6 && n >= EDGES[b]) b++;
  return b;
}

static int density_bucket(uint32_t link, size_t len) {
  if (!link || !len) return 0;
  double d = (double)link / (double)len;
  return d < 0.1 ? 1 : d < 0.3 ? 2 : d < 0.5 ? 3 : d < 0.8 ? 4 : 5;
}

/* The last character: sentence end, colon, quote or other. */
static char final_mark(const char *s, size_t n) {
  if (!n) return 'x';
  unsigned char c = (unsigned char)s[n - 1];
  if (c == '.' || c == '!' || c == '?') return '.';
  if (c == ':') return ':';
  if (c == '"' || c == '\'' || c == ')') return 'q';
  if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && c == 0xBB) return 'q';                  /* » */
  if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80) return 'q'; /* ” … */
  if (n >= 3 && (unsigned char)s[n - 3] == 0xE3 && (unsigned char)s[n - 2] == 0x80 && c == 0x82) return '.'; /* 。 */
  return 'o';
}

static char first_mark(const char *s, size_t n) {
  if (!n) return 'x';
  unsigned char c = (unsigned char)s[0];
  if (isupper(c)) return 'U';
  if (islower(c)) return 'L';
  if (isdigit(c)) return 'D';
  if (c >= 0xC0) return 'N'; /* a letter beyond ASCII, mostly */
  return 'O';
}

static void text_features(const char *s, size_t n, uint32_t link, hd_buf *out) {
  size_t commas = 0, digits = 0, code = 0;
  int copyright = 0, bar = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == ',') commas++;
    else if (isdigit(c)) digits++;
    else if (c == '|') bar = 1;
    else if (c == '{' || c == '}' || c == ';' || c == '=' || c == '<' || c == '>' || c == '(' || c == ')') code++;
    else if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA9) copyright = 1;
  }
  feat(out, "l=%d", len_bucket(n));
  feat(out, "d=%d", density_bucket(link, n));
  feat(out, "c=%zu", commas > 3 ? 3 : commas);
  feat(out, "e=%c", final_mark(s, n));
  feat(out, "s=%c", first_mark(s, n));
  feat(out, "dg=%d", !digits ? 0 : digits * 10 < n ? 1 : digits * 3 < n ? 2 : 3);
  feat(out, "code=%d", code * 100 < n ? 0 : code * 100 < 3 * n ? 1 : code * 100 < 8 * n ? 2 : 3);
  if (copyright) feat(out, "sym=copy");
  if (bar) feat(out, "sym=bar");
}

/* Class and id tokens of n: lower-case ASCII letter runs of 3-20. */
static void class_tokens(const xmlNode *n, const char *prefix, hd_buf *out) {
  int count = 0;
  for (const xmlAttr *a = n->properties; a && count < 8; a = a->next) {
    if (!a->name || !a->children || !a->children->content) continue;
    if (strcmp((const char *)a->name, "class") && strcmp((const char *)a->name, "id")) continue;
    const char *p = (const char *)a->children->content;
    while (*p && count < 8) {
      while (*p && !isalpha((unsigned char)*p)) p++;
      if (!*p) break;
      size_t k = 0;
      char tok[24];
      while (p[k] && isalpha((unsigned char)p[k]) && !(k && isupper((unsigned char)p[k]) && islower((unsigned char)p[k - 1]))) {
        if (k < sizeof tok - 1) tok[k] = (char)tolower((unsigned char)p[k]);
        k++;
      }
      if (k >= 3 && k <= 20) {
        tok[k] = 0;
        feat(out, "%s=%s", prefix, tok);
        count++;
      }
      p += k ? k : 1;
    }
  }
}

static int notable(const char *name) {
  static const char *const TAGS[] = {"article", "main", "aside", "nav", "footer", "header", "form", "table",
                                     "li", "figure", "blockquote", "section", NULL};
  for (const char *const *t = TAGS; *t; t++)
    if (!strcmp(name, *t)) return 1;
  return 0;
}

static void tree_features(const hd_unit_page *pg, const hd_unit *u, hd_buf *out) {
  const xmlNode *a = u->block ? u->block : u->container;
  feat(out, "bt=%s", u->block ? (const char *)u->block->name : "run");
  int depth = 0, evidence_seen = 0;
  for (; a && a != pg->body && a->type == XML_ELEMENT_NODE && depth < 40; a = a->parent, depth++) {
    const char *name = a->name ? (const char *)a->name : "?";
    if (depth >= 1 && depth <= 3) feat(out, "a%d=%s", depth, name);
    if (notable(name)) feat(out, "anc=%s", name);
    if (depth < 6) class_tokens(a, depth < 2 ? "k1" : "k", out);
    info *f = nfo(a);
    if (!evidence_seen && f && f->cls) {
      feat(out, "ev=%d/%d", f->cls, depth < 2 ? 0 : depth < 5 ? 1 : 2);
      evidence_seen = 1;
    }
  }
}

static void neighbour_features(const hd_unit_page *pg, size_t i, const char *side, size_t j, hd_buf *out) {
  if (j >= pg->n) {
    feat(out, "%s=none", side);
    return;
  }
  const hd_unit *u = &pg->u[i], *v = &pg->u[j];
  feat(out, "%sp=%d", side, v->printed);
  feat(out, "%sl=%d", side, len_bucket(v->len));
  feat(out, "%ss=%d%d", side, v->container == u->container, v->printed);
}

/* The run of neighbouring units with the same container: its size and
 * how much of it the heuristic prints. */
static void container_features(const hd_unit_page *pg, size_t i, hd_buf *out) {
  const hd_unit *u = &pg->u[i];
  size_t lo = i, hi = i, printed = 0;
  while (lo > 0 && i - lo < 50 && pg->u[lo - 1].container == u->container) lo--;
  while (hi + 1 < pg->n && hi - i < 50 && pg->u[hi + 1].container == u->container) hi++;
  for (size_t j = lo; j <= hi; j++) printed += pg->u[j].printed;
  size_t n = hi - lo + 1;
  feat(out, "cn=%d", n == 1 ? 0 : n == 2 ? 1 : n <= 5 ? 2 : 3);
  feat(out, "cp=%d", !printed ? 0 : printed == n ? 2 : 1);
  const info *f = nfo(u->container);
  if (f) {
    feat(out, "ctl=%d", f->text < 50 ? 0 : f->text < 200 ? 1 : f->text < 1000 ? 2 : f->text < 5000 ? 3 : 4);
    feat(out, "cld=%d", density_bucket(f->link, f->text));
  }
}

void hd_block_features(const hd_unit_page *pg, size_t i, hd_buf *out) {
  const hd_unit *u = &pg->u[i];
  const char *s = pg->text + u->off;
  int lb = len_bucket(u->len), db = density_bucket(u->link, u->len);
  feat(out, "b");
  feat(out, "p=%d", u->printed);
  feat(out, "j=%d", u->junk ? 1 : 0);
  if (u->junk > 1) feat(out, "j=strong");
  feat(out, "n=%d", u->nav);
  feat(out, "t=%d", u->in_top);
  const char *rel = pg->top_first >= pg->n ? "none" : i < pg->top_first ? "before" : i > pg->top_last ? "after" : "in";
  feat(out, "rt=%s", rel);
  feat(out, "pos=%zu", pg->text_len ? u->off * 10 / pg->text_len : 0);
  text_features(s, u->len, u->link, out);
  tree_features(pg, u, out);
  container_features(pg, i, out);
  neighbour_features(pg, i, "prev", i ? i - 1 : pg->n, out);
  neighbour_features(pg, i, "next", i + 1, out);
  feat(out, "p%d|l=%d", u->printed, lb);
  feat(out, "p%d|d=%d", u->printed, db);
  feat(out, "p%d|e=%c", u->printed, final_mark(s, u->len));
  feat(out, "p%d|j=%d", u->printed, u->junk ? 1 : 0);
  feat(out, "p%d|bt=%s", u->printed, u->block ? (const char *)u->block->name : "run");
  feat(out, "rt=%s|l=%d", rel, lb);
  feat(out, "j%d|l=%d", u->junk ? 1 : 0, lb);
}

/* ---- the model -------------------------------------------------------- */
struct hd_block_model {
  uint64_t *keys; /* 0: empty slot */
  float *weights;
  size_t cap;     /* a power of two */
};

static uint64_t key_of(const char *s, size_t n) {
  uint64_t k = XXH64(s, n, 0x68657261);
  return k ? k : 1;
}

static void model_put(hd_block_model *m, uint64_t k, float w) {
  size_t i = (size_t)k & (m->cap - 1);
  while (m->keys[i] && m->keys[i] != k) i = (i + 1) & (m->cap - 1);
  m->keys[i] = k;
  m->weights[i] = w;
}

static float model_get(const hd_block_model *m, uint64_t k) {
  size_t i = (size_t)k & (m->cap - 1);
  while (m->keys[i]) {
    if (m->keys[i] == k) return m->weights[i];
    i = (i + 1) & (m->cap - 1);
  }
  return 0;
}

double hd_block_score(const hd_block_model *m, const char *f, size_t len) {
  double s = 0;
  for (size_t i = 0; i < len;) {
    size_t n = strnlen(f + i, len - i);
    s += model_get(m, key_of(f + i, n));
    i += n + 1;
  }
  return s;
}

void hd_block_model_free(hd_block_model *m) {
  if (!m) return;
  free(m->keys);
  free(m->weights);
  free(m);
}

/* One "WEIGHT FEATURE" line; 0 if it is not one. */
static int parse_line(char *line, float *w, char **name) {
  char *end;
  double v = strtod(line, &end);
  if (end == line || *end != ' ' || !isfinite(v) || fabs(v) > 1e6) return 0;
  *name = end + 1;
  size_t n = strlen(*name);
  if (!n || n > 150) return 0;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)(*name)[i] < 0x20) return 0;
  *w = (float)v;
  return 1;
}

hd_block_model *hd_block_model_load(const char *path, char *err, size_t errcap) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, errcap, "%s: cannot read", path);
    return NULL;
  }
  enum { MAX_LINES = 1 << 20 };
  hd_block_model *m = hd_xcalloc(1, sizeof *m);
  char line[256];
  size_t lineno = 0, count = 0;
  int ok = 1;
  float *ws = NULL;
  char **names = NULL;
  size_t cap = 0;
  while (ok && fgets(line, sizeof line, f)) {
    lineno++;
    size_t n = strlen(line);
    if (n && line[n - 1] == '\n') line[--n] = 0;
    else if (!feof(f)) { snprintf(err, errcap, "%s:%zu: line too long", path, lineno); ok = 0; break; }
    if (lineno == 1) {
      if (strcmp(line, MODEL_MAGIC)) { snprintf(err, errcap, "%s: not a herald extraction model", path); ok = 0; }
      continue;
    }
    float w;
    char *name;
    if (!parse_line(line, &w, &name) || count >= MAX_LINES) {
      snprintf(err, errcap, "%s:%zu: malformed model line", path, lineno);
      ok = 0;
      break;
    }
    if (count == cap) {
      cap = cap ? cap * 2 : 1024;
      ws = hd_xrealloc(ws, cap * sizeof *ws);
      names = hd_xrealloc(names, cap * sizeof *names);
    }
    ws[count] = w;
    names[count++] = hd_xstrdup(name);
  }
  if (ok && ferror(f)) { snprintf(err, errcap, "%s: read error", path); ok = 0; }
  if (ok && lineno == 0) { snprintf(err, errcap, "%s: empty model file", path); ok = 0; }
  fclose(f);
  if (ok) {
    m->cap = 16;
    while (m->cap < count * 2) m->cap *= 2;
    m->keys = hd_xcalloc(m->cap, sizeof *m->keys);
    m->weights = hd_xcalloc(m->cap, sizeof *m->weights);
    for (size_t i = 0; i < count; i++) model_put(m, key_of(names[i], strlen(names[i])), ws[i]);
  }
  for (size_t i = 0; i < count; i++) free(names[i]);
  free(names);
  free(ws);
  if (!ok) {
    hd_block_model_free(m);
    return NULL;
  }
  return m;
}

/* ---- the process's model --------------------------------------------- */
static hd_block_model *default_model;
static pthread_once_t default_once = PTHREAD_ONCE_INIT;

static void load_default(void) {
  char buf[4096], err[512];
  const char *env = getenv("HERALD_EXTRACT_MODEL"), *dir = getenv("HERALD_MODEL_DIR");
  const char *path = NULL;
  int named = 0;
  if (env && *env) {
    if (!strcmp(env, "none")) return;
    path = env, named = 1;
  } else if (dir && *dir) {
    snprintf(buf, sizeof buf, "%s/extract.model", dir);
    path = buf;
  } else {
    snprintf(buf, sizeof buf, "models/extract.model");
    path = buf;
#ifdef HERALD_SOURCE_DIR
    if (access(buf, R_OK) != 0) snprintf(buf, sizeof buf, "%s/models/extract.model", HERALD_SOURCE_DIR);
#endif
  }
  if (!named && access(path, R_OK) != 0) return; /* no model: heuristics alone */
  default_model = hd_block_model_load(path, err, sizeof err);
  if (!default_model) fprintf(stderr, "herald: %s; extraction by heuristics alone\n", err);
}

const hd_block_model *hd_block_model_default(void) {
  pthread_once(&default_once, load_default);
  return default_model;
}

/* ---- the train/dev split of annotated pages ---------------------------- */
int hd_block_split(const char *id) {
  uint32_t h = 2166136261u; /* FNV-1a */
  for (const unsigned char *p = (const unsigned char *)id; *p; p++) h = (h ^ *p) * 16777619u;
  return (int)(h & 1);
}
