/*
 * gen_lexicons.c: compiles the word lists in data/lexicons/NAME.txt into
 * const C tables at build time (run by CMake, like embed_assets.c), so
 * the lists are reviewable without reading C and thread-safe by
 * construction (nothing is built or sorted at run time).
 *
 *   gen_lexicons OUT.c OUT.h LIST.txt...
 *
 * A list file: one entry per line; lines starting with '#' are comments
 * (each file opens with a header saying what the list is for and who
 * reads it); blank lines are skipped. An entry may have up to
 * HD_LEX_MAX_COLS columns separated by TABs; the first is the key.
 * Spaces around a column are trimmed unless the column is written in
 * double quotes ("by " keeps its space; no escapes inside quotes).
 *
 * OUT.h declares `hd_lex_id` (HD_LEX_<NAME> per file, NAME its base
 * name in upper case, in file-name order). OUT.c defines `hd_lexicons[]`
 * (see src/util/lexicon.h): per list one block of text holding its
 * strings, and as offsets into it its keys sorted by strcmp (stable:
 * equal keys keep file order), its keys in file order (for lists whose
 * order is a priority), and for lists with more than one column the rows
 * in sorted order, each column as text and as a number (strtol; 0 when
 * the column is not a number). Offsets, not pointers: a table of
 * pointers is relocated at every start of a position-independent program.
 * Complexity: O(n log n) in the entries of a list. The outputs are never
 * committed; a malformed file stops the build with its name and line.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLS 4 /* = HD_LEX_MAX_COLS in src/util/lexicon.h */

typedef struct {
  char *col[MAX_COLS];
  unsigned at[MAX_COLS]; /* where each column starts in the list's text */
  int ncols;
  size_t line; /* file order, the tie-break that keeps the sort stable */
} entry;

typedef struct {
  char name[128];
  entry *e;
  size_t n, cap;
  int cols; /* the most columns any entry has */
} lexicon;

static void die(const char *path, size_t line, const char *why) {
  fprintf(stderr, "gen_lexicons: %s:%zu: %s\n", path, line, why);
  exit(1);
}

static void *xrealloc(void *p, size_t n) {
  void *q = realloc(p, n);
  if (!q) {
    fprintf(stderr, "gen_lexicons: out of memory\n");
    exit(1);
  }
  return q;
}

static char *xstrndup(const char *s, size_t n) {
  char *d = xrealloc(NULL, n + 1);
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

/* One column [s, end): trimmed, or the inside of its quotes. */
static char *column(const char *s, const char *end, const char *path, size_t line) {
  while (s < end && (*s == ' ' || *s == '\r')) s++;
  while (end > s && (end[-1] == ' ' || end[-1] == '\r')) end--;
  if (s < end && *s == '"') {
    if (end - s < 2 || end[-1] != '"') die(path, line, "unterminated quotes");
    return xstrndup(s + 1, (size_t)(end - s - 2));
  }
  return xstrndup(s, (size_t)(end - s));
}

static void base_name(const char *path, char *out, size_t cap) {
  const char *b = strrchr(path, '/');
  b = b ? b + 1 : path;
  size_t n = strcspn(b, ".");
  if (n == 0 || n >= cap) die(path, 0, "bad file name");
  for (size_t i = 0; i < n; i++) {
    if (!isalnum((unsigned char)b[i]) && b[i] != '_') die(path, 0, "file name must be [A-Za-z0-9_]");
    out[i] = b[i];
  }
  out[n] = 0;
}

static void read_lexicon(const char *path, lexicon *lx) {
  FILE *f = fopen(path, "rb");
  if (!f) die(path, 0, "cannot open");
  base_name(path, lx->name, sizeof lx->name);
  char buf[4096];
  size_t line = 0;
  while (fgets(buf, sizeof buf, f)) {
    line++;
    size_t len = strlen(buf);
    if (len && buf[len - 1] != '\n' && !feof(f)) die(path, line, "line too long");
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r')) buf[--len] = 0;
    if (buf[0] == '#') continue;
    const char *p = buf;
    while (*p == ' ') p++;
    if (!*p) continue;
    if (lx->n == lx->cap) {
      lx->cap = lx->cap ? 2 * lx->cap : 64;
      lx->e = xrealloc(lx->e, lx->cap * sizeof *lx->e);
    }
    entry *e = &lx->e[lx->n++];
    memset(e, 0, sizeof *e);
    e->line = line;
    const char *s = buf;
    for (;;) {
      const char *tab = strchr(s, '\t');
      const char *end = tab ? tab : buf + len;
      if (e->ncols == MAX_COLS) die(path, line, "too many columns");
      e->col[e->ncols++] = column(s, end, path, line);
      if (!tab) break;
      s = tab + 1;
    }
    if (!e->col[0][0]) die(path, line, "empty key");
    if (e->ncols > lx->cols) lx->cols = e->ncols;
  }
  if (ferror(f)) die(path, line, "read error");
  fclose(f);
  if (lx->n == 0) die(path, line, "no entries");
}

static int cmp_entry(const void *a, const void *b) {
  const entry *x = a, *y = b;
  int r = strcmp(x->col[0], y->col[0]);
  if (r) return r;
  return x->line < y->line ? -1 : x->line > y->line;
}

/* A C string literal; bytes outside printable ASCII as octal escapes. */
static void put_string(FILE *out, const char *s) {
  putc('"', out);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
    else if (c < 0x20 || c >= 0x7f) fprintf(out, "\\%03o", c);
    else if (c == '?') fputs("\\?", out); /* no trigraphs */
    else putc(c, out);
  }
  putc('"', out);
}

/* Appends s and its NUL to the list's text; returns where it starts. */
static unsigned pool_add(FILE *out, unsigned *len, const char *s) {
  unsigned at = *len;
  fputs("  ", out);
  put_string(out, s);
  fputs(" \"\\0\"\n", out);
  *len += (unsigned)strlen(s) + 1;
  return at;
}

/* One list as offset tables: its strings in one array (TEXT_, offset 0
 * is ""), and the keys in file order, in sorted order and the rows'
 * columns as offsets into it. No pointers, so the tables need no
 * relocation when the program starts. */
static void write_lexicon(FILE *out, lexicon *lx) {
  unsigned len = 1;
  fprintf(out, "static const char TEXT_%s[] =\n  \"\\0\"\n", lx->name);
  for (size_t i = 0; i < lx->n; i++)
    for (int c = 0; c < lx->e[i].ncols; c++) lx->e[i].at[c] = *lx->e[i].col[c] ? pool_add(out, &len, lx->e[i].col[c]) : 0;
  fputs(";\n", out);
  fprintf(out, "static const uint32_t IN_ORDER_%s[] = {", lx->name);
  for (size_t i = 0; i < lx->n; i++) fprintf(out, "%s%s%u", i ? "," : "", i % 16 ? " " : "\n  ", lx->e[i].at[0]);
  fputs("};\n", out);
  qsort(lx->e, lx->n, sizeof *lx->e, cmp_entry);
  fprintf(out, "static const uint32_t SORTED_%s[] = {", lx->name);
  for (size_t i = 0; i < lx->n; i++) fprintf(out, "%s%s%u", i ? "," : "", i % 16 ? " " : "\n  ", lx->e[i].at[0]);
  fputs("};\n", out);
  if (lx->cols < 2) return;
  fprintf(out, "static const uint32_t ROW_COLS_%s[][HD_LEX_MAX_COLS] = {\n", lx->name);
  for (size_t i = 0; i < lx->n; i++) {
    const entry *e = &lx->e[i];
    fputs("  {", out);
    for (int c = 0; c < MAX_COLS; c++) fprintf(out, "%s%u", c ? ", " : "", c < e->ncols ? e->at[c] : 0u);
    fputs("},\n", out);
  }
  fputs("};\n", out);
  fprintf(out, "static const long ROW_NUMS_%s[][HD_LEX_MAX_COLS] = {\n", lx->name);
  for (size_t i = 0; i < lx->n; i++) {
    const entry *e = &lx->e[i];
    fputs("  {", out);
    for (int c = 0; c < MAX_COLS; c++) fprintf(out, "%s%ldL", c ? ", " : "", c < e->ncols ? strtol(e->col[c], NULL, 10) : 0L);
    fputs("},\n", out);
  }
  fputs("};\n", out);
}

static void upper(const char *s, char *out) {
  for (; *s; s++) *out++ = (char)toupper((unsigned char)*s);
  *out = 0;
}

static int cmp_path_base(const void *a, const void *b) {
  const char *x = strrchr(*(char *const *)a, '/'), *y = strrchr(*(char *const *)b, '/');
  return strcmp(x ? x : *(char *const *)a, y ? y : *(char *const *)b);
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: gen_lexicons OUT.c OUT.h LIST.txt...\n");
    return 2;
  }
  int n = argc - 3;
  char **paths = argv + 3;
  qsort(paths, (size_t)n, sizeof *paths, cmp_path_base);
  lexicon *lx = calloc((size_t)n, sizeof *lx);
  if (!lx) return 1;
  for (int i = 0; i < n; i++) {
    read_lexicon(paths[i], &lx[i]);
    if (i && !strcmp(lx[i].name, lx[i - 1].name)) die(paths[i], 0, "two lists with one name");
  }
  FILE *h = fopen(argv[2], "w");
  if (!h) die(argv[2], 0, "cannot write");
  fputs("/* Generated by tools/gen_lexicons.c from data/lexicons/; do not edit. */\n"
        "#ifndef HD_LEXICON_IDS_H\n#define HD_LEXICON_IDS_H\ntypedef enum {\n",
        h);
  char up[128];
  for (int i = 0; i < n; i++) {
    upper(lx[i].name, up);
    fprintf(h, "  HD_LEX_%s,\n", up);
  }
  fputs("  HD_LEX_COUNT\n} hd_lex_id;\n#endif\n", h);
  if (fclose(h)) die(argv[2], 0, "write error");
  FILE *c = fopen(argv[1], "w");
  if (!c) die(argv[1], 0, "cannot write");
  fputs("/* Generated by tools/gen_lexicons.c from data/lexicons/; do not edit. */\n"
        "#include \"util/lexicon.h\"\n\n",
        c);
  for (int i = 0; i < n; i++) write_lexicon(c, &lx[i]);
  fputs("\nconst hd_lexicon hd_lexicons[HD_LEX_COUNT] = {\n", c);
  for (int i = 0; i < n; i++) {
    fprintf(c, "  {\"%s\", TEXT_%s, SORTED_%s, IN_ORDER_%s, ", lx[i].name, lx[i].name, lx[i].name, lx[i].name);
    if (lx[i].cols > 1) fprintf(c, "ROW_COLS_%s, ROW_NUMS_%s", lx[i].name, lx[i].name);
    else fputs("0, 0", c);
    fprintf(c, ", %zu, %d},\n", lx[i].n, lx[i].cols);
  }
  fputs("};\n", c);
  if (fclose(c)) die(argv[1], 0, "write error");
  for (int i = 0; i < n; i++) {
    for (size_t k = 0; k < lx[i].n; k++)
      for (int j = 0; j < lx[i].e[k].ncols; j++) free(lx[i].e[k].col[j]);
    free(lx[i].e);
  }
  free(lx);
  return 0;
}
