/*
 * pipeline.c: the per-article pipeline: clean, segment, tag, resolve,
 * attribute, in that order. Pure with respect to the loaded models, so
 * `herald annotate` can run as a map step anywhere.
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <xxhash.h>

#include "article.h"
#include "attrib.h"
#include "clean.h"
#include "resolve.h"
#include "segment.h"
#include "tagger.h"
#include "util/buf.h"

struct hd_pipeline {
  hd_options opt;
  hd_tagger *tagger;
};

/* The default model path: $HERALD_MODEL_DIR/ner-en.bin, else models/
 * beside the working directory, else the install prefix. */
static const char *default_ner_model(char *buf, size_t n) {
  const char *dir = getenv("HERALD_MODEL_DIR");
  if (dir && *dir) {
    snprintf(buf, n, "%s/ner-en.bin", dir);
    return buf;
  }
  if (access("models/ner-en.bin", R_OK) == 0) return "models/ner-en.bin";
#ifdef HERALD_SOURCE_DIR
  snprintf(buf, n, "%s/models/ner-en.bin", HERALD_SOURCE_DIR);
  return buf;
#else
  return "models/ner-en.bin";
#endif
}

hd_pipeline *hd_pipeline_new(const hd_options *opt, hd_err *err) {
  hd_pipeline *p = hd_xcalloc(1, sizeof *p);
  if (opt) p->opt = *opt;
  if (!p->opt.no_ner) {
    char buf[4096];
    const char *path = p->opt.ner_model ? p->opt.ner_model : default_ner_model(buf, sizeof buf);
    p->tagger = hd_tagger_load(path, err);
    if (!p->tagger) {
      free(p);
      return NULL;
    }
  }
  return p;
}

void hd_pipeline_free(hd_pipeline *p) {
  if (!p) return;
  hd_tagger_free(p->tagger);
  free(p);
}

/* An article with no given id gets "h:" + xxh64 of its normalised input. */
static void ensure_id(hd_article *a) {
  if (a->meta[HD_META_ID]) return;
  char id[24];
  snprintf(id, sizeof id, "h:%016llx", (unsigned long long)XXH64(a->raw, a->raw_len, 0));
  hd_article_set_meta(a, HD_META_ID, id);
}

int hd_annotate(hd_pipeline *p, hd_article *a, hd_err *err) {
  (void)err;
  hd_article_reset_layers(a);
  ensure_id(a);
  hd_clean(a);
  hd_segment(a);
  if (p->tagger) {
    hd_tag(p->tagger, a);
    hd_resolve(a);
  }
  if (!p->opt.no_quotes) hd_attribute(a);
  return 0;
}
