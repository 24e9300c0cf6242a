/*
 * test_statements.c: one record per statement (src/attrib/statements.c)
 * on hand-built records: a partial quote inside an indirect one becomes
 * its partial span, a nested attribution and an overlapping continuation
 * go, crossing contents are cut apart, and without a confidence model
 * every record keeps confidence 1. Then the whole stage on text: no two
 * records of an article overlap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrib/attrib.h"
#include "attrib/statements.h"
#include "check.h"
#include "text/article.h"
#include "text/clean.h"
#include "text/segment.h"
#include "util/buf.h"

static hd_span find(const hd_article *a, const char *s) {
  const char *p = strstr(a->text, s);
  if (!p) return hd_span_none();
  uint32_t b = (uint32_t)(p - a->text);
  return (hd_span){b, b + (uint32_t)strlen(s)};
}

static hd_article *article(const char *text) {
  hd_article *a = hd_article_new(text, strlen(text));
  a->text = hd_article_strndup(a, text, strlen(text)); /* layers live in the arena */
  a->text_len = strlen(text);
  return a;
}

static void add(hd_article *a, uint8_t type, hd_span content, hd_span cue, hd_span source) {
  hd_quote q;
  memset(&q, 0, sizeof q);
  q.type = type;
  q.content = content;
  q.cue = cue;
  q.source = source;
  q.speaker = HD_NONE;
  q.speaker_kind = HD_SPK_NAMED;
  q.confidence = 1.0f;
  HD_IN_ARENA(a, HD_VEC_PUSH(a->quotes, a->n_quotes, a->cap_quotes, q)); /* layers live in the arena */
}

static void test_partial_inside_indirect(void) {
  const char *t = "Ruiz said that the pier was \"old and unsafe\" and had to close, Orlov wrote.";
  hd_article *a = article(t);
  hd_span inner = find(a, "\"old and unsafe\"");
  add(a, HD_Q_PARTIAL, find(a, "that the pier was \"old and unsafe\" and had to close"), find(a, "said"),
      find(a, "Ruiz"));
  add(a, HD_Q_DIRECT, inner, find(a, "wrote"), find(a, "Orlov"));
  hd_quotation_span qs = {inner.start, inner.end};
  HD_IN_ARENA(a, hd_statements_finish(a, NULL, NULL, &qs, 1, NULL, 0.5f));
  CHECK(a->n_quotes == 1);
  CHECK(a->quotes[0].type == HD_Q_PARTIAL);
  CHECK(a->quotes[0].n_partial == 1 && a->quotes[0].partial[0].start == inner.start &&
        a->quotes[0].partial[0].end == inner.end);
  CHECK(a->quotes[0].confidence == 1.0f);
  hd_article_free(a);
}

static void test_nested_and_continuation(void) {
  const char *t = "Ruiz said that the plan would fail, though she acknowledged it was late. \"More later.\"";
  hd_article *a = article(t);
  add(a, HD_Q_INDIRECT, find(a, "that the plan would fail, though she acknowledged it was late"), find(a, "said"),
      find(a, "Ruiz"));
  add(a, HD_Q_INDIRECT, find(a, "it was late"), find(a, "acknowledged"), find(a, "she"));
  add(a, HD_Q_DIRECT, find(a, "late. \"More later.\""), hd_span_none(), hd_span_none());
  HD_IN_ARENA(a, hd_statements_finish(a, NULL, NULL, NULL, 0, NULL, 0.0f));
  CHECK(a->n_quotes == 1);
  CHECK(a->quotes[0].cue.start == find(a, "said").start);
  hd_article_free(a);
}

static void test_crossing(void) {
  const char *t = "Officials called for the nominee to be taken to a hospital in the city, the aide said.";
  hd_article *a = article(t);
  add(a, HD_Q_INDIRECT, find(a, "the nominee to be taken to a hospital"), find(a, "called for"),
      find(a, "Officials"));
  add(a, HD_Q_INDIRECT, find(a, "to a hospital in the city"), find(a, "said"), find(a, "the aide"));
  HD_IN_ARENA(a, hd_statements_finish(a, NULL, NULL, NULL, 0, NULL, 0.0f));
  CHECK(a->n_quotes == 2);
  if (a->n_quotes == 2) {
    CHECK(a->quotes[1].content.start >= a->quotes[0].content.end);
    CHECK(a->quotes[1].content.end == find(a, "to a hospital in the city").end);
  }
  hd_article_free(a);
}

static void test_stage_no_overlap(void) {
  const char *t = "The mayor said that the port authority had warned that the pier is unsafe, and she added "
                  "that \"nobody listens\" to the engineers.\n\n\"We will reopen it,\" Ruiz said. \"Soon.\"\n";
  hd_article *a = hd_article_new(t, strlen(t));
  hd_clean(a);
  hd_segment(a);
  hd_attribute(a);
  CHECK(a->n_quotes >= 2);
  for (size_t i = 0; i < a->n_quotes; i++)
    for (size_t j = i + 1; j < a->n_quotes; j++) {
      hd_span x = a->quotes[i].content, y = a->quotes[j].content;
      CHECK(!(x.start < y.end && y.start < x.end));
    }
  hd_article_free(a);
}

int main(void) {
  test_partial_inside_indirect();
  test_nested_and_continuation();
  test_crossing();
  test_stage_no_overlap();
  return check_done();
}
