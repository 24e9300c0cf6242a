/*
 * polnear.c: see polnear.h. Complexity: linear in the corpus size.
 */
#include "polnear.h"
#include "attrib/statements.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline.h"
#include "util/buf.h"

/* ---- files ---- */

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  hd_buf b;
  hd_buf_init(&b, 0);
  char tmp[65536];
  size_t n;
  while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) hd_buf_put(&b, tmp, n);
  fclose(f);
  return hd_buf_take(&b, len);
}

static int cmp_str(const void *x, const void *y) {
  return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Sorted names in dir ending with `suffix`; caller frees. */
static char **list_dir(const char *dir, const char *suffix, size_t *n) {
  char **v = NULL;
  size_t cap = 0;
  *n = 0;
  DIR *d = opendir(dir);
  if (!d) return NULL;
  struct dirent *e;
  size_t sl = strlen(suffix);
  while ((e = readdir(d))) {
    size_t l = strlen(e->d_name);
    if (l > sl && !strcmp(e->d_name + l - sl, suffix)) HD_VEC_PUSH(v, *n, cap, hd_xstrdup(e->d_name));
  }
  closedir(d);
  if (*n) qsort(v, *n, sizeof *v, cmp_str);
  return v;
}

/* The first NAME_X.ann (X without '_') in name order, or NULL. */
static char *gold_file_for(char **anns, size_t n, const char *name) {
  size_t l = strlen(name);
  for (size_t i = 0; i < n; i++) {
    const char *s = anns[i];
    if (strncmp(s, name, l) || s[l] != '_') continue;
    if (strchr(s + l + 1, '_')) continue;
    return anns[i];
  }
  return NULL;
}

/* ---- brat ---- */

static int is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

hd_span pn_trim(const char *text, hd_span s) {
  while (s.start < s.end && is_space(text[s.start])) s.start++;
  while (s.end > s.start && is_space(text[s.end - 1])) s.end--;
  return s;
}

/* Parses "s e;s e" (code points) into byte pieces. */
static int parse_offsets(const char *p, const uint32_t *cp2b, size_t ncp, const char *text, gold_span *g) {
  g->n = 0;
  while (*p && *p != '\t') {
    char *q;
    unsigned long s = strtoul(p, &q, 10);
    unsigned long e = strtoul(q, &q, 10);
    if (s > ncp || e > ncp || s > e) return -1;
    if (g->n < MAX_PIECES) g->piece[g->n++] = pn_trim(text, (hd_span){cp2b[s], cp2b[e]});
    p = q;
    if (*p == ';') p++;
    else break;
  }
  return g->n ? 0 : -1;
}

const gold_span *pn_find_span(const gold_spans *gs, int id) {
  for (size_t i = 0; i < gs->n; i++)
    if (gs->spans[i].id == id) return &gs->spans[i];
  return NULL;
}

static void parse_ann(char *ann, const uint32_t *cp2b, size_t ncp, const char *text, gold_spans *gs,
                      gold_event **ev, size_t *nev) {
  size_t cap = 0;
  for (char *line = strtok(ann, "\n"); line; line = strtok(NULL, "\n")) {
    if (line[0] == 'T') {
      gold_span g = {.id = atoi(line + 1)};
      char *tab = strchr(line, '\t');
      if (!tab) continue;
      char *sp = strchr(tab + 1, ' ');
      if (!sp) continue;
      if (parse_offsets(sp + 1, cp2b, ncp, text, &g) == 0) HD_VEC_PUSH(gs->spans, gs->n, gs->cap, g);
    } else if (line[0] == 'E') {
      gold_event e = {{0, 0}, 0, 0};
      char *tab = strchr(line, '\t');
      if (!tab) continue;
      for (char *p = tab + 1; *p;) {
        char *colon = strchr(p, ':');
        if (!colon) break;
        size_t rl = (size_t)(colon - p);
        int id = colon[1] == 'T' ? atoi(colon + 2) : 0;
        if (rl == 7 && !strncmp(p, "Content", 7)) e.content[0] = id;
        else if (rl == 8 && !strncmp(p, "Content2", 8)) e.content[1] = id;
        else if (rl == 3 && !strncmp(p, "Cue", 3)) e.cue = id;
        else if (rl == 6 && !strncmp(p, "Source", 6)) e.source = id;
        char *sp = strchr(colon, ' ');
        if (!sp) break;
        p = sp + 1;
      }
      HD_VEC_PUSH(*ev, *nev, cap, e);
    }
  }
}

static int shares_word_char(const char *text, hd_span x, hd_span y) {
  uint32_t s = x.start > y.start ? x.start : y.start;
  uint32_t e = x.end < y.end ? x.end : y.end;
  for (uint32_t i = s; i < e; i++) {
    unsigned char c = (unsigned char)text[i];
    if (isalnum(c) || c >= 0x80) return 1;
  }
  return 0;
}

hd_span pn_extent(const gold_span *g) {
  hd_span s = g->piece[0];
  for (int i = 1; i < g->n; i++) {
    if (g->piece[i].start < s.start) s.start = g->piece[i].start;
    if (g->piece[i].end > s.end) s.end = g->piece[i].end;
  }
  return s;
}

int pn_match(const char *text, hd_span p, const gold_span *g, int exact) {
  hd_span x = pn_extent(g);
  if (p.start == x.start && p.end == x.end) return 1; /* exact (also for a bare ":") */
  if (exact) return 0;
  for (int i = 0; i < g->n; i++)
    if (shares_word_char(text, p, g->piece[i])) return 1;
  return 0;
}

/* ---- running the stages ---- */

/* Code point index -> byte offset, for a text of n bytes; caller frees. */
static uint32_t *codepoint_map(const char *s, size_t n, size_t *ncp) {
  uint32_t *m = hd_xmalloc((n + 1) * sizeof *m);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) m[k++] = (uint32_t)i;
  m[k] = (uint32_t)n;
  *ncp = k;
  return m;
}

/* The per-article stages on plain text, without cleanup: the text stands
 * for the clean stage's output, then the stage table's segment..resolve
 * (pipeline.h), then the caller's attribution. */
static hd_article *annotate_plain(const hd_tagger *tagger, const char *path, const char *text, size_t len,
                                  pn_attribute_fn attribute, void *ud) {
  hd_article *a = hd_article_new(text, len);
  /* the file's own bytes when they are valid UTF-8 (no NFC, so brat's
   * offsets hold), else the repaired input */
  int valid = !a->bad_utf8 && !memchr(text, '\r', len);
  a->text = valid ? hd_article_strndup(a, text, len) : hd_article_strndup(a, a->raw, a->raw_len);
  a->text_len = valid ? len : a->raw_len;
  hd_stage_env env = {0};
  env.tagger = tagger;
  hd_err err = {0};
  if (hd_run_stages(&env, a, HD_STAGE_SEGMENT, HD_STAGE_RESOLVE, &err) != 0) {
    fprintf(stderr, "herald: %s: %s stage: %s (skipped)\n", path, err.stage, err.msg);
    hd_article_free(a);
    return NULL;
  }
  attribute(a, ud);
  return a;
}

static int visit_one(const char *dir, const char *name, const char *ann_name, const hd_tagger *tagger,
                     pn_attribute_fn attribute, pn_visit_fn visit, void *ud) {
  char path[4096];
  size_t len, alen;
  snprintf(path, sizeof path, "%s/text/%s.txt", dir, name);
  char *text = read_file(path, &len);
  snprintf(path, sizeof path, "%s/attributions/%s", dir, ann_name);
  char *ann = read_file(path, &alen);
  if (!text || !ann) {
    free(text);
    free(ann);
    return -1;
  }
  hd_article *a = annotate_plain(tagger, name, text, len, attribute, ud);
  int same = a && a->text_len == len && !memcmp(a->text, text, len);
  if (same) {
    size_t ncp;
    uint32_t *cp2b = codepoint_map(a->text, a->text_len, &ncp);
    gold_spans gs = {0};
    gold_event *ev = NULL;
    size_t nev = 0;
    parse_ann(ann, cp2b, ncp, a->text, &gs, &ev, &nev);
    pn_doc d = {a, &gs, ev, nev};
    visit(&d, ud);
    free(cp2b);
    free(gs.spans);
    free(ev);
  }
  if (a) hd_article_free(a);
  free(text);
  free(ann);
  return same ? 0 : -1;
}

int pn_each(const char *dir, const hd_tagger *tagger, pn_attribute_fn attribute, pn_visit_fn visit, void *ud,
            long *visited, long *skipped) {
  char path[4096];
  size_t ntext = 0, nann = 0;
  snprintf(path, sizeof path, "%s/text", dir);
  char **texts = list_dir(path, ".txt", &ntext);
  snprintf(path, sizeof path, "%s/attributions", dir);
  char **anns = list_dir(path, ".ann", &nann);
  int rc = ntext && nann ? 0 : -1;
  for (size_t i = 0; rc == 0 && i < ntext; i++) {
    texts[i][strlen(texts[i]) - 4] = 0;
    const char *ann = gold_file_for(anns, nann, texts[i]);
    if (!ann) continue;
    if (visit_one(dir, texts[i], ann, tagger, attribute, visit, ud) == 0) (*visited)++;
    else (*skipped)++;
  }
  for (size_t i = 0; i < ntext; i++) free(texts[i]);
  for (size_t i = 0; i < nann; i++) free(anns[i]);
  free(texts);
  free(anns);
  return rc;
}

hd_tagger *pn_load_tagger(const char *model, int no_ner, const char *who) {
  if (no_ner) return NULL;
  hd_err err = {0};
  const char *mp = model ? model : "models/ner-en.bin";
  hd_tagger *t = NULL;
  FILE *probe = fopen(mp, "rb");
  if (probe) {
    fclose(probe);
    t = hd_tagger_load(mp, &err);
  }
  if (!t) fprintf(stderr, "herald %s: no NER model (%s); running without entities\n", who, mp);
  return t;
}

/* ---- one-to-one content labels ---- */

static int pn_augment(const char *text, const hd_span *p, const gold_span **g, size_t ng, size_t i, char *seen,
                      long *gold_of) {
  for (size_t j = 0; j < ng; j++) {
    if (seen[j] || !pn_match(text, p[i], g[j], 0)) continue;
    seen[j] = 1;
    if (gold_of[j] < 0 || pn_augment(text, p, g, ng, (size_t)gold_of[j], seen, gold_of)) {
      gold_of[j] = (long)i;
      return 1;
    }
  }
  return 0;
}

void pn_content_labels(const pn_doc *d, uint8_t *ok) {
  const hd_article *a = d->a;
  size_t nq = a->n_quotes ? a->n_quotes : 1, ng = 0;
  hd_span *p = calloc(nq, sizeof *p);
  const gold_span **g = calloc(2 * d->nev + 1, sizeof *g);
  long *gold_of = malloc((2 * d->nev + 1) * sizeof *gold_of);
  char *seen = malloc(2 * d->nev + 1);
  for (size_t e = 0; e < d->nev; e++)
    for (int k = 0; k < 2; k++) {
      const gold_span *c = pn_find_span(d->spans, d->ev[e].content[k]);
      if (!c) continue;
      hd_span x = pn_extent(c);
      size_t j = 0;
      for (; j < ng; j++) {
        hd_span y = pn_extent(g[j]);
        if (x.start == y.start && x.end == y.end) break;
      }
      if (j == ng) g[ng++] = c;
    }
  for (size_t i = 0; i < a->n_quotes; i++) {
    size_t h = hd_statement_head(a, i);
    p[i] = h == i ? pn_trim(a->text, a->quotes[i].content) : hd_span_none();
    if (h != i && a->quotes[i].content.end > p[h].end) p[h].end = a->quotes[i].content.end;
  }
  for (size_t j = 0; j < ng; j++) gold_of[j] = -1;
  for (size_t i = 0; i < a->n_quotes; i++) {
    ok[i] = 0;
    if (hd_span_is_none(p[i])) continue;
    memset(seen, 0, ng + 1);
    pn_augment(a->text, p, g, ng, i, seen, gold_of);
  }
  for (size_t j = 0; j < ng; j++)
    if (gold_of[j] >= 0) ok[gold_of[j]] = 1;
  for (size_t i = 0; i < a->n_quotes; i++) ok[i] = ok[hd_statement_head(a, i)];
  free(p);
  free(g);
  free(gold_of);
  free(seen);
}
