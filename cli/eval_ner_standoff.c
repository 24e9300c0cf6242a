/*
 * eval_ner_standoff.c: `herald eval ner --standoff FILE.tsv TEXT_DIR`:
 * scores the tagger on texts kept outside the repository against stand-off
 * annotations that hold no text (file name, byte offsets, type):
 *
 *   #doc NAME BYTES          a document that was annotated (all of it), and
 *                            its length, to notice a different version
 *   NAME TAB START TAB END TAB TYPE   an entity, bytes [START, END)
 *
 * Each text runs through the stage table's segment and tag stages as plain
 * text (the file's bytes are the text, as `eval quotes` reads PolNeAR);
 * predicted and gold entities match when both offsets and the type agree
 * (conlleval's exact match). `--predicted` prints the tagger's entities in
 * the same format instead (a starting point for annotating).
 * Memory: one text and its article at a time; the gold list is read whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "pipeline.h"
#include "ner/conll.h"
#include "ner/tagger.h"
#include "util/buf.h"
#include "util/file.h"

typedef struct {
  char name[256];
  uint32_t start, end;
  int type;
} so_entity;

typedef struct {
  char name[256];
  size_t bytes;
} so_doc;

typedef struct {
  so_entity *ents;
  size_t n_ents, cap_ents;
  so_doc *docs;
  size_t n_docs, cap_docs;
} so_gold;

static int type_of(const char *s) {
  for (int t = 0; t < 4; t++)
    if (strcmp(s, HD_NER_TYPE_NAMES[t]) == 0) return t;
  return -1;
}

/* Reads the stand-off file; 0, or -1 after naming the bad line. */
static int read_gold(const char *path, so_gold *g) {
  FILE *fp = fopen(path, "r");
  if (!fp) { fprintf(stderr, "herald eval ner: cannot open %s\n", path); return -1; }
  char line[1024], type[16];
  long no = 0;
  int rc = 0;
  while (rc == 0 && fgets(line, sizeof line, fp)) {
    no++;
    so_doc d;
    so_entity e;
    if (strncmp(line, "#doc ", 5) == 0) {
      if (sscanf(line + 5, "%255s %zu", d.name, &d.bytes) != 2) rc = -1;
      else HD_VEC_PUSH(g->docs, g->n_docs, g->cap_docs, d);
    } else if (line[0] == '#' || line[0] == '\n') {
      continue;
    } else if (sscanf(line, "%255[^\t]\t%u\t%u\t%15s", e.name, &e.start, &e.end, type) != 4 ||
               (e.type = type_of(type)) < 0 || e.end <= e.start) {
      rc = -1;
    } else {
      HD_VEC_PUSH(g->ents, g->n_ents, g->cap_ents, e);
    }
    if (rc) fprintf(stderr, "herald eval ner: %s:%ld: bad stand-off line\n", path, no);
  }
  fclose(fp);
  return rc;
}

/* The text through segment and tag, as plain text; NULL on failure. */
static hd_article *tag_text(const hd_stage_env *env, const char *name, const char *text, size_t len) {
  hd_article *a = hd_article_new(text, len);
  if (!a) return NULL;
  a->text = hd_article_strndup(a, text, len);
  a->text_len = len;
  hd_err err = {0};
  if (hd_run_stages(env, a, HD_STAGE_SEGMENT, HD_STAGE_TAG, &err) != 0) {
    fprintf(stderr, "herald eval ner: %s: %s stage: %s\n", name, err.stage, err.msg);
    hd_article_free(a);
    return NULL;
  }
  return a;
}

/* Counts one document's matches: gold entities of doc `name` against
 * the article's mentions. */
static void score_doc(const so_gold *g, const char *name, const hd_article *a, hd_ner_counts *c) {
  char *hit = calloc(a->n_mentions + 1, 1);
  for (size_t k = 0; k < g->n_ents; k++) {
    const so_entity *e = &g->ents[k];
    if (strcmp(e->name, name) != 0) continue;
    size_t j = 0;
    while (j < a->n_mentions && !(a->mentions[j].start == e->start && a->mentions[j].end == e->end &&
                                  (int)a->mentions[j].type == e->type))
      j++;
    if (j < a->n_mentions) {
      c->tp[e->type]++;
      hit[j] = 1;
    } else {
      c->fn[e->type]++;
    }
  }
  for (size_t j = 0; j < a->n_mentions; j++)
    if (!hit[j] && a->mentions[j].type < 4) c->fp[a->mentions[j].type]++;
  free(hit);
}

int eval_ner_standoff(const char *tsv, const char *dir, hd_tagger *m, int predicted) {
  so_gold g = {0};
  if (read_gold(tsv, &g) != 0) return EXIT_SOME_FAILED;
  hd_stage_env env = {0};
  env.tagger = m;
  hd_ner_counts c = {0};
  long failed = 0, tokens = 0;
  for (size_t d = 0; d < g.n_docs; d++) {
    char path[4096];
    size_t len = 0;
    snprintf(path, sizeof path, "%s/%s", dir, g.docs[d].name);
    char *text = hd_read_file(path, &len);
    hd_article *a = NULL;
    if (!text) fprintf(stderr, "herald eval ner: cannot read %s\n", path);
    else if (len != g.docs[d].bytes)
      fprintf(stderr, "herald eval ner: %s has %zu bytes, annotated %zu (another version?)\n", path, len,
              g.docs[d].bytes);
    else a = tag_text(&env, path, text, len);
    if (!a) failed++;
    else if (predicted) {
      printf("#doc %s %zu\n", g.docs[d].name, len);
      for (size_t j = 0; j < a->n_mentions; j++)
        if (a->mentions[j].type < 4)
          printf("%s\t%u\t%u\t%s\n", g.docs[d].name, a->mentions[j].start, a->mentions[j].end,
                 HD_NER_TYPE_NAMES[a->mentions[j].type]);
    } else {
      score_doc(&g, g.docs[d].name, a, &c);
      tokens += (long)a->n_tokens;
    }
    if (a) hd_article_free(a);
    hd_free(text);
  }
  if (!predicted) {
    double p, r, f;
    printf("%-6s %9s %9s %9s %7s\n", "type", "precision", "recall", "F1", "gold");
    for (int t = 0; t < 4; t++) {
      hd_ner_prf(&c, t, &p, &r, &f);
      printf("%-6s %9.2f %9.2f %9.2f %7ld\n", HD_NER_TYPE_NAMES[t], p, r, f, c.tp[t] + c.fn[t]);
    }
    hd_ner_prf(&c, -1, &p, &r, &f);
    printf("%-6s %9.2f %9.2f %9.2f\n", "all", p, r, f);
    printf("%zu documents (%ld failed), %ld tokens\n", g.n_docs, failed, tokens);
  }
  free(g.ents);
  free(g.docs);
  return failed ? EXIT_SOME_FAILED : EXIT_OK;
}
