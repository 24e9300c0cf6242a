/*
 * pipeline.h: the per-article stage table (docs/pipeline.md).
 *
 * Every per-article stage has one signature,
 *
 *     int stage(const hd_stage_env *env, hd_article *a, hd_err *err);
 *
 * returns 0 on success, or -1 with `err` filled (code, message, the
 * stage's name in err->stage, and the article's input path and record).
 * The stages sit in one static table in pipeline order (pipeline.c);
 * hd_annotate runs all of them, hd_run_stages a range [first, last], for
 * tools that need part of the pipeline (eval, bench, trainers). Nobody
 * calls the stage functions in another order or by hand.
 *
 * A stage that does not apply under `env` (tag with no tagger, attribute
 * with no_quotes) returns 0 and leaves its layer empty.
 *
 * Tracing: a trainer that needs a stage's decisions sets env->trace; the
 * stage calls it once per decision with an hd_trace_event whose `data`
 * points at a stage-specific record, valid only during the call:
 *   HD_STAGE_ATTRIBUTE  kind HD_TRACE_QUOTE: one event per quote, item =
 *                       index into a->quotes, data = const hd_quote_trace *
 *                       (attrib/attrib.h): the frame and cue key that
 *                       produced the quote; then kind HD_TRACE_CUE_ASK: one
 *                       event per word put to the cue tagger, item = the
 *                       token, data = const hd_cue_ask * (whether the
 *                       stage asks to propose or to veto it).
 * The callback must not modify the article. Stages never copy their
 * decisions into a trainer's code: they report them here.
 *
 * Ownership: the env borrows the models (owned by the hd_pipeline or by
 * the caller that built the env); stages write only into the article, in
 * its arena (text/article.h), and keep no state between articles, so one
 * env may be shared by any number of threads, each with its own article.
 */
#ifndef HD_PIPELINE_H
#define HD_PIPELINE_H

#include "text/article.h"

struct hd_tagger;
struct hd_cue_model;

/* The stages, in pipeline order. */
typedef enum {
  HD_STAGE_CLEAN,     /* raw -> text, removed[], title, byline, kind */
  HD_STAGE_SEGMENT,   /* text -> paragraphs, sentences, tokens */
  HD_STAGE_TAG,       /* tokens -> mentions (NER) */
  HD_STAGE_RESOLVE,   /* mentions -> identities */
  HD_STAGE_ATTRIBUTE, /* tokens, mentions -> quotes */
  HD_STAGE_COUNT
} hd_stage_id;

typedef enum { HD_TRACE_QUOTE, HD_TRACE_CUE_ASK } hd_trace_kind;

typedef struct {
  hd_stage_id stage;
  const hd_article *article;
  size_t item;      /* the decision's index in its layer */
  const void *data; /* stage-specific, see above */
  int kind;         /* hd_trace_kind (attribute); 0 for other stages */
} hd_trace_event;

typedef void (*hd_trace_fn)(void *ud, const hd_trace_event *ev);

typedef struct hd_stage_env {
  const struct hd_tagger *tagger;       /* NULL: tag and resolve do nothing */
  const struct hd_cue_model *cue_model; /* NULL: attribution by rules only */
  int no_quotes;                        /* 1: attribute does nothing */
  int no_frame_filter;                  /* 1: attribution keeps every frame
                                           (training the frame filter) */
  size_t arena_cap;                     /* bytes an article may use; 0 = default */
  hd_trace_fn trace;                    /* NULL: no tracing */
  void *trace_ud;
} hd_stage_env;

typedef int (*hd_stage_fn)(const hd_stage_env *env, hd_article *a, hd_err *err);

typedef struct {
  const char *name; /* "clean", "segment", ... */
  hd_stage_fn run;
} hd_stage;

/* The table, HD_STAGE_COUNT entries in pipeline order. */
extern const hd_stage hd_stages[HD_STAGE_COUNT];

/* The stage's name, or "?" */
const char *hd_stage_name(hd_stage_id s);

/* Runs stages first..last (inclusive) on `a`. Layers those stages
 * produce must be empty (a fresh article, or hd_article_reset_layers);
 * layers earlier stages produce must be in place. Stops at the first
 * failing stage: returns -1 with err filled, else 0. */
int hd_run_stages(const hd_stage_env *env, hd_article *a, hd_stage_id first, hd_stage_id last,
                  hd_err *err);

/* The env a pipeline runs with (owned by the pipeline). */
const hd_stage_env *hd_pipeline_env(const hd_pipeline *p);

/* The default path of model file `name` (e.g. "stories-en.txt"):
 * $HERALD_MODEL_DIR/NAME, else models/NAME beside the working directory,
 * else the source tree's; written into buf. */
const char *hd_model_path(const char *name, char *buf, size_t n);

#endif
