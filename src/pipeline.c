/*
 * pipeline.c: the per-article pipeline: clean, segment, tag, resolve,
 * attribute, in that order. The attribution stage's learned cue tagger
 * (models/attrib-en.bin) is loaded with the NER model, and only with it:
 * without entities (no_ner) attribution runs on the rules alone. Pure with respect to the loaded models, so
 * `herald annotate` can run as a map step anywhere.
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <xxhash.h>

#include "text/article.h"
#include "attrib/attrib.h"
#include "text/clean.h"
#include "attrib/cue_model.h"
#include "attrib/resolve.h"
#include "text/segment.h"
#include "ner/tagger.h"
#include "util/buf.h"

struct hd_pipeline {
  hd_options opt;
  hd_tagger *tagger;
  hd_cue_model *cue_model; /* NULL: attribution by rules only */
};

/* The default path of model file `name`: $HERALD_MODEL_DIR/NAME, else
 * models/ beside the working directory, else the install prefix. */
static const char *default_model(const char *name, char *buf, size_t n) {
  const char *dir = getenv("HERALD_MODEL_DIR");
  if (dir && *dir) {
    snprintf(buf, n, "%s/%s", dir, name);
    return buf;
  }
  snprintf(buf, n, "models/%s", name);
  if (access(buf, R_OK) == 0) return buf;
#ifdef HERALD_SOURCE_DIR
  snprintf(buf, n, "%s/models/%s", HERALD_SOURCE_DIR, name);
#endif
  return buf;
}

/* The learned cue tagger: an explicit path must load; a missing default
 * file means rules only, with a warning. Returns -1 on error. */
static int load_cue_model(hd_pipeline *p, hd_err *err) {
  if (p->opt.rules_only_quotes || p->opt.no_quotes) return 0;
  char buf[4096];
  const char *path = p->opt.attrib_model ? p->opt.attrib_model : default_model("attrib-en.bin", buf, sizeof buf);
  if (!p->opt.attrib_model && access(path, R_OK) != 0) {
    fprintf(stderr, "herald: no attribution model at %s; quotes by rules only\n", path);
    return 0;
  }
  p->cue_model = hd_cue_model_load(path, err);
  if (p->cue_model && p->opt.min_confidence)
    hd_cue_model_set_min_confidence(p->cue_model, (float)atof(p->opt.min_confidence));
  return p->cue_model ? 0 : -1;
}

hd_pipeline *hd_pipeline_new(const hd_options *opt, hd_err *err) {
  hd_pipeline *p = hd_xcalloc(1, sizeof *p);
  if (opt) p->opt = *opt;
  if (!p->opt.no_ner) {
    char buf[4096];
    const char *path = p->opt.ner_model ? p->opt.ner_model : default_model("ner-en.bin", buf, sizeof buf);
    p->tagger = hd_tagger_load(path, err);
    if (!p->tagger || load_cue_model(p, err) != 0) {
      hd_pipeline_free(p);
      return NULL;
    }
  }
  return p;
}

void hd_pipeline_free(hd_pipeline *p) {
  if (!p) return;
  hd_tagger_free(p->tagger);
  hd_cue_model_free(p->cue_model);
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
  if (!p->opt.no_quotes) hd_attribute_model(a, p->cue_model);
  return 0;
}
