/* test_pipeline.c: the stage table (src/pipeline.h): names and order, a
 * range of stages gives what the full run gives, the trace callback sees
 * one event per quote with the quote's frame, and a failing article
 * reports its stage without touching the next one. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "attrib/attrib.h"
#include "pipeline.h"

static const char *TEXT =
    "Mayor Ida Brun met Tom Walsh on Monday at the harbour office.\n\n"
    "\"We will appeal,\" Tom Walsh said after the meeting.\n\n"
    "Brun said the plan was final. \"There is no more money,\" she said.\n";

static void test_table(void) {
  CHECK_STR(hd_stage_name(HD_STAGE_CLEAN), "clean");
  CHECK_STR(hd_stage_name(HD_STAGE_SEGMENT), "segment");
  CHECK_STR(hd_stage_name(HD_STAGE_TAG), "tag");
  CHECK_STR(hd_stage_name(HD_STAGE_RESOLVE), "resolve");
  CHECK_STR(hd_stage_name(HD_STAGE_ATTRIBUTE), "attribute");
  CHECK_STR(hd_stage_name(HD_STAGE_COUNT), "?");
  for (int s = 0; s < HD_STAGE_COUNT; s++) CHECK(hd_stages[s].run != NULL);
}

typedef struct {
  size_t events, bad, asks;
} tally;

static void count(void *ud, const hd_trace_event *ev) {
  tally *t = ud;
  if (ev->kind == HD_TRACE_CUE_ASK) { /* a word put to the cue tagger */
    const hd_cue_ask *k = ev->data;
    t->asks++;
    if (!k || ev->item != k->token || ev->item >= ev->article->n_tokens) t->bad++;
    return;
  }
  t->events++;
  const hd_quote_trace *q = ev->data;
  if (ev->stage != HD_STAGE_ATTRIBUTE || ev->item >= ev->article->n_quotes || !q ||
      q->frame >= HD_FRAME_COUNT)
    t->bad++;
}

/* Two halves of the table give the same article as hd_annotate. */
static void test_ranges_and_trace(void) {
  hd_err err = {0};
  hd_pipeline *p = hd_pipeline_new(NULL, &err);
  if (!p) {
    printf("skipped: no NER model (%s)\n", err.msg);
    return;
  }
  hd_article *whole = hd_article_new(TEXT, strlen(TEXT));
  CHECK(hd_annotate(p, whole, &err) == 0);
  char *want = hd_article_json(whole, HD_JSON_TOKENS, NULL);

  hd_stage_env env = *hd_pipeline_env(p);
  tally t = {0, 0, 0};
  env.trace = count;
  env.trace_ud = &t;
  hd_article *parts = hd_article_new(TEXT, strlen(TEXT));
  CHECK(hd_run_stages(&env, parts, HD_STAGE_CLEAN, HD_STAGE_SEGMENT, &err) == 0);
  CHECK(parts->n_tokens > 0 && parts->n_mentions == 0);
  CHECK(hd_run_stages(&env, parts, HD_STAGE_TAG, HD_STAGE_ATTRIBUTE, &err) == 0);
  char *got = hd_article_json(parts, HD_JSON_TOKENS, NULL);
  CHECK_STR(got, want);
  CHECK(parts->n_quotes >= 2);
  CHECK(t.events == parts->n_quotes);
  CHECK(t.asks > 0); /* the rule cues the stage put to the tagger (its veto) */
  CHECK(t.bad == 0);
  free(got);
  free(want);
  hd_article_free(parts);
  hd_article_free(whole);
  hd_pipeline_free(p);
}

int main(void) {
  test_table();
  test_ranges_and_trace();
  return check_done();
}
