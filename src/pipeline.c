/*
 * pipeline.c: the per-article pipeline: the stage table (pipeline.h)
 * clean, segment, tag, resolve, attribute, in that order, and
 * hd_annotate, a loop over it. The attribution stage's learned cue tagger
 * (models/attrib-en.bin) is loaded with the NER model (the two at once, on
 * two threads), and only with it:
 * without entities (no_ner) attribution runs on the rules alone. Pure with respect to the loaded models, so
 * `herald annotate` can run as a map step anywhere.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
#include <xxhash.h>

#include "pipeline.h"
#include "herald/timeline.h"
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
  hd_stage_env env;        /* borrows tagger and cue_model */
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

const char *hd_model_path(const char *name, char *buf, size_t n) { return default_model(name, buf, n); }

/* The learned cue tagger's file: an explicit path must load; a missing
 * default file means rules only (*missing set: the caller warns). NULL:
 * no cue tagger is loaded. */
static const char *cue_model_path(const hd_pipeline *p, char *buf, size_t n, int *missing) {
  *missing = 0;
  if (p->opt.rules_only_quotes || p->opt.no_quotes) return NULL;
  if (p->opt.attrib_model) return p->opt.attrib_model;
  const char *path = default_model("attrib-en.bin", buf, n);
  if (access(path, R_OK) == 0) return path;
  *missing = 1;
  return NULL;
}

/* The cue tagger loads on a thread of its own while the NER model loads
 * on the caller's: the two files are independent (0.02-0.03 s and
 * 0.03-0.05 s on Reuters runs), and no article can start before both. */
typedef struct {
  const char *path;
  hd_cue_model *model;
  hd_err err;
} cue_load;

static void load_cue(cue_load *l) {
  hd_tl_mark t = HD_TL_START();
  l->model = hd_cue_model_load(l->path, &l->err);
  HD_TL_SPAN("load-cue", t);
}

static void *cue_loader(void *arg) {
  hd_tl_thread("loader");
  load_cue(arg);
  return NULL;
}

/* Both models, or -1 with err set (the NER model's error first, as when
 * they loaded one after the other). */
static int load_models(hd_pipeline *p, hd_err *err) {
  char buf[4096], cbuf[4096];
  const char *path = p->opt.ner_model ? p->opt.ner_model : default_model("ner-en.bin", buf, sizeof buf);
  int missing;
  cue_load cl = {cue_model_path(p, cbuf, sizeof cbuf, &missing), NULL, {0}};
  pthread_t th;
  int threaded = cl.path && pthread_create(&th, NULL, cue_loader, &cl) == 0;
  hd_tl_mark t = HD_TL_START();
  p->tagger = hd_tagger_load(path, err);
  HD_TL_SPAN("load-ner", t);
  if (threaded) pthread_join(th, NULL);
  else if (cl.path && p->tagger) load_cue(&cl);
  p->cue_model = cl.model;
  if (!p->tagger) return -1;
  if (missing) fprintf(stderr, "herald: no attribution model at %s; quotes by rules only\n", cbuf);
  if (cl.path && !cl.model) {
    if (err) *err = cl.err;
    return -1;
  }
  if (p->cue_model && p->opt.min_confidence)
    hd_cue_model_set_min_confidence(p->cue_model, (float)atof(p->opt.min_confidence));
  return 0;
}

hd_pipeline *hd_pipeline_new(const hd_options *opt, hd_err *err) {
  hd_pipeline *p = hd_xcalloc(1, sizeof *p);
  if (opt) p->opt = *opt;
  if (!p->opt.no_ner && load_models(p, err) != 0) {
    hd_pipeline_free(p);
    return NULL;
  }
  p->env.tagger = p->tagger;
  p->env.cue_model = p->cue_model;
  p->env.no_quotes = p->opt.no_quotes;
  p->env.arena_cap = p->opt.max_article_memory;
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

/* ---- the stages: one signature, one table ---- */

static int stage_clean(const hd_stage_env *env, hd_article *a, hd_err *err) {
  (void)env;
  (void)err;
  hd_clean(a);
  return 0;
}

static int stage_segment(const hd_stage_env *env, hd_article *a, hd_err *err) {
  (void)env;
  (void)err;
  hd_segment(a);
  return 0;
}

static int stage_tag(const hd_stage_env *env, hd_article *a, hd_err *err) {
  (void)err;
  if (env->tagger) hd_tag(env->tagger, a);
  return 0;
}

static int stage_resolve(const hd_stage_env *env, hd_article *a, hd_err *err) {
  (void)err;
  if (env->tagger) hd_resolve(a);
  return 0;
}

/* Attribution; with env->trace, one event per quote (its frame and cue
 * key), then one per word put to the cue tagger. */
static int stage_attribute(const hd_stage_env *env, hd_article *a, hd_err *err) {
  (void)err;
  if (env->no_quotes) return 0;
  hd_quote_trace *traces = NULL;
  hd_cue_ask *asks = NULL;
  size_t nasks = 0;
  hd_attribute_traced(a, !env->no_frame_filter, env->cue_model, env->trace ? &traces : NULL,
                      env->trace ? &asks : NULL, &nasks);
  if (env->trace) {
    for (size_t i = 0; i < a->n_quotes && traces; i++) {
      hd_trace_event ev = {HD_STAGE_ATTRIBUTE, a, i, &traces[i], HD_TRACE_QUOTE};
      env->trace(env->trace_ud, &ev);
    }
    for (size_t i = 0; i < nasks; i++) {
      hd_trace_event ev = {HD_STAGE_ATTRIBUTE, a, asks[i].token, &asks[i], HD_TRACE_CUE_ASK};
      env->trace(env->trace_ud, &ev);
    }
  }
  free(traces);
  free(asks);
  return 0;
}

const hd_stage hd_stages[HD_STAGE_COUNT] = {
    [HD_STAGE_CLEAN] = {"clean", stage_clean},
    [HD_STAGE_SEGMENT] = {"segment", stage_segment},
    [HD_STAGE_TAG] = {"tag", stage_tag},
    [HD_STAGE_RESOLVE] = {"resolve", stage_resolve},
    [HD_STAGE_ATTRIBUTE] = {"attribute", stage_attribute},
};

const char *hd_stage_name(hd_stage_id s) {
  return (unsigned)s < HD_STAGE_COUNT ? hd_stages[s].name : "?";
}

/* Names the failing stage and the article (input path, record) in err,
 * keeping the stage's code and message. */
static void blame(hd_err *err, hd_stage_id s, const hd_article *a) {
  if (!err) return;
  if (err->code == HD_OK) err->code = HD_ERR_INPUT;
  if (!err->msg[0]) snprintf(err->msg, sizeof err->msg, "%s", hd_code_str(err->code));
  err->stage = hd_stages[s].name;
  if (!err->file[0] && a->meta[HD_META_INPUT_PATH])
    snprintf(err->file, sizeof err->file, "%s", a->meta[HD_META_INPUT_PATH]);
  if (!err->line) err->line = a->input_line;
}

/* The article's memory ran out in stage s: the arena's cap was hit, or
 * the heap refused a chunk. */
static void nomem(hd_err *err, const hd_article *a) {
  const char *path = a->meta[HD_META_INPUT_PATH];
  if (a->arena.capped || a->scratch.capped)
    hd_err_set(err, HD_ERR_NOMEM, path, a->input_line,
               "out of memory: the article (%zu bytes) needs more than the per-article cap of %zu MB "
               "(--max-memory); skipped",
               a->raw_len, a->arena.cap >> 20);
  else
    hd_err_set(err, HD_ERR_NOMEM, path, a->input_line,
               "out of memory: the system refused more memory for the article (%zu bytes; %zu MB in "
               "use for it); skipped",
               a->raw_len, (a->arena.held + a->scratch.held) >> 20);
}

/* Runs one stage inside the article's scope: new blocks come from its
 * scratch arena, and its layers stay growable. Then the layers the stage
 * made move to the layers' arena and the scratch is reset in one call, so
 * the next stage starts from the layers alone. Out of memory anywhere
 * below unwinds here (longjmp from util/buf.c's oom): every block the
 * stage took is in the article's arenas, so nothing leaks, and the
 * article is only fit to be freed. */
static int run_one(const hd_stage_env *env, hd_article *a, hd_stage_id s, hd_err *e) {
  size_t cap = env->arena_cap ? env->arena_cap : HD_ARENA_DEFAULT_CAP;
  a->arena.cap = cap;
  a->scratch.cap = cap > a->arena.held ? cap - a->arena.held : 1;
  jmp_buf jb;
  hd_scope scope;
  hd_scope_enter2(&scope, &a->scratch, &a->arena, &jb);
  if (setjmp(jb)) {
    hd_scope_leave(&scope);
    nomem(e, a);
    return -1;
  }
  int rc = hd_stages[s].run(env, a, e);
  hd_scope_leave(&scope);
  if (rc == 0 && hd_article_keep_layers(a) != 0) {
    nomem(e, a);
    return -1;
  }
  hd_arena_reset(&a->scratch);
  return rc;
}

int hd_run_stages(const hd_stage_env *env, hd_article *a, hd_stage_id first, hd_stage_id last,
                  hd_err *err) {
  hd_err local = {0};
  hd_err *e = err ? err : &local;
  if (first == HD_STAGE_CLEAN) ensure_id(a); /* with the input, not in a stage's arena */
  for (int s = first; s <= (int)last && s < HD_STAGE_COUNT; s++) {
    if (run_one(env, a, (hd_stage_id)s, e) != 0) {
      blame(e, (hd_stage_id)s, a);
      return -1;
    }
  }
  return 0;
}

const hd_stage_env *hd_pipeline_env(const hd_pipeline *p) { return &p->env; }

int hd_annotate(hd_pipeline *p, hd_article *a, hd_err *err) {
  hd_article_reset_layers(a);
  return hd_run_stages(&p->env, a, HD_STAGE_CLEAN, HD_STAGE_ATTRIBUTE, err);
}
