/*
 * test_attrib.c: the attribution stage on hand-written sentences (no NER
 * model: mentions are empty, so speakers are classified from the source
 * words alone). Each case runs clean, segment and attribute.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/article.h"
#include "attrib/attrib.h"
#include "check.h"
#include "text/clean.h"
#include "attrib/cues.h"
#include "text/segment.h"

static hd_article *run(const char *text) {
  hd_article *a = hd_article_new(text, strlen(text));
  hd_clean(a);
  hd_segment(a);
  hd_attribute(a);
  return a;
}

/* The text of a span, in a static buffer ("" for none). */
static const char *span_text(const hd_article *a, hd_span s) {
  static char buf[4][512];
  static int k;
  char *b = buf[k++ & 3];
  if (hd_span_is_none(s)) return "";
  size_t n = s.end - s.start < 511 ? s.end - s.start : 511;
  memcpy(b, a->text + s.start, n);
  b[n] = 0;
  return b;
}

static void test_trailing_direct(void) {
  hd_article *a = run("“We will finish the bridge by spring,” Mayor Elena Ruiz said on Monday.\n");
  CHECK(a->n_quotes == 1);
  if (a->n_quotes == 1) {
    const hd_quote *q = &a->quotes[0];
    CHECK(q->type == HD_Q_DIRECT);
    CHECK_STR(span_text(a, q->content), "“We will finish the bridge by spring,”");
    CHECK_STR(span_text(a, q->cue), "said");
    CHECK_STR(span_text(a, q->source), "Mayor Elena Ruiz");
    CHECK(q->speaker_kind == HD_SPK_NAMED);
  }
  hd_article_free(a);
}

static void test_inverted_anonymous(void) {
  hd_article *a = run("\"The deal is off,\" said one senior council official.\n");
  CHECK(a->n_quotes == 1);
  if (a->n_quotes == 1) {
    CHECK_STR(span_text(a, a->quotes[0].source), "one senior council official");
    CHECK_STR(span_text(a, a->quotes[0].content), "\"The deal is off,\"");
    CHECK(a->quotes[0].speaker_kind == HD_SPK_ANONYMOUS);
    CHECK(a->quotes[0].type == HD_Q_DIRECT);
  }
  hd_article_free(a);
}

static void test_indirect_organization(void) {
  hd_article *a = run("The port authority has repeatedly argued that the old pier must close before winter.\n");
  CHECK(a->n_quotes == 1);
  if (a->n_quotes == 1) {
    const hd_quote *q = &a->quotes[0];
    CHECK(q->type == HD_Q_INDIRECT);
    CHECK_STR(span_text(a, q->cue), "has repeatedly argued");
    CHECK_STR(span_text(a, q->source), "The port authority");
    CHECK_STR(span_text(a, q->content), "that the old pier must close before winter");
    CHECK(q->speaker_kind == HD_SPK_ORGANIZATION);
  }
  hd_article_free(a);
}

/* "CONTENT, said NAME[, APPOSITION]." with no quotation marks: the name
 * after the cue speaks; a clause after "said" that starts with a name
 * ("said Congress would ...") is still content. */
static void test_inverted_unquoted(void) {
  hd_article *a = run("Tolls will rise again next spring, said Dana Oyelaran, an analyst at the Harbor Trust.\n\n"
                      "Pat Lindqvist, a councillor, said Congress would fund the bridge.\n");
  CHECK(a->n_quotes == 2);
  if (a->n_quotes == 2) {
    CHECK_STR(span_text(a, a->quotes[0].content), "Tolls will rise again next spring");
    CHECK_STR(span_text(a, a->quotes[0].cue), "said");
    CHECK_STR(span_text(a, a->quotes[0].source), "Dana Oyelaran, an analyst at the Harbor Trust");
    CHECK_STR(span_text(a, a->quotes[1].content), "Congress would fund the bridge");
    CHECK_STR(span_text(a, a->quotes[1].source), "Pat Lindqvist, a councillor,");
  }
  hd_article_free(a);
}

/* The speaker is the core of the source: a role word with modifiers
 * after it is anonymous; names in an "including"/"who" clause are not
 * the speaker. */
static void test_source_core(void) {
  hd_article *a = run("A senior port official, who asked not to be named, said the crane had failed twice.\n\n"
                      "Many in Kesten, including Mayor Ida Brun, who met the union, argue that the pier should close.\n");
  CHECK(a->n_quotes == 2);
  if (a->n_quotes == 2) {
    CHECK(a->quotes[0].speaker_kind == HD_SPK_ANONYMOUS);
    CHECK(a->quotes[1].speaker == HD_NONE);
    CHECK(a->quotes[1].speaker_kind != HD_SPK_ANONYMOUS);
  }
  hd_article_free(a);
}

static void test_partial_quote(void) {
  hd_article *a = run("The harbour, once the busiest in the region, is “close to collapse,” warned Ruiz.\n");
  CHECK(a->n_quotes == 1);
  if (a->n_quotes == 1) {
    CHECK(a->quotes[0].type == HD_Q_PARTIAL);
    CHECK_STR(span_text(a, a->quotes[0].cue), "warned");
    CHECK_STR(span_text(a, a->quotes[0].source), "Ruiz");
  }
  hd_article_free(a);
}

static void test_pronoun_and_continuation(void) {
  hd_article *a = run("“Nobody will lose a job,” she said. “We have the money. We have the people.”\n\n"
                      "“The work starts in May.”\n");
  /* one statement, one record: the quotations with no cue are its later pieces */
  CHECK(a->n_quotes == 1);
  if (a->n_quotes == 1) {
    CHECK(a->quotes[0].speaker_kind == HD_SPK_PRONOUN);
    CHECK_STR(span_text(a, a->quotes[0].source), "she");
    CHECK(a->quotes[0].n_more == 2);
    if (a->quotes[0].n_more == 2) {
      CHECK_STR(span_text(a, a->quotes[0].more[0]), "“We have the money. We have the people.”");
      CHECK_STR(span_text(a, a->quotes[0].more[1]), "“The work starts in May.”");
    }
  }
  hd_article_free(a);
}

/* "she" skips a nearer man: gender comes from the article itself (the
 * pronoun that follows a sentence naming one person). Needs the NER model. */
static void test_pronoun_gender(void) {
  hd_err err = {0};
  hd_pipeline *p = hd_pipeline_new(NULL, &err);
  if (!p) {
    printf("skipped: no NER model (%s)\n", err.msg);
    return;
  }
  const char *text = "Mayor Ida Brun met Tom Walsh on Monday at the harbour office.\n\n"
                     "Tom Walsh left the meeting early. He said the union would appeal.\n\n"
                     "The vote gave Walsh some leverage, because she said the plan was final.\n";
  hd_article *a = hd_article_new(text, strlen(text));
  hd_annotate(p, a, &err);
  const hd_quote *last = a->n_quotes ? &a->quotes[a->n_quotes - 1] : NULL;
  CHECK(last != NULL);
  if (last) {
    CHECK_STR(span_text(a, last->source), "she");
    CHECK(last->speaker != HD_NONE && last->speaker < a->n_identities &&
          strstr(a->identities[last->speaker].name, "Brun") != NULL);
  }
  hd_article_free(a);
  hd_pipeline_free(p);
}

static void test_continuation_skips_embedded_indirect(void) {
  /* the indirect "workers would see" inside the trailing clause does not
   * take over the next quotation */
  hd_article *a = run("“It is over,” she said of the strike, after which the workers would see the offer. "
                      "“At least for now.”\n");
  CHECK(a->n_quotes == 2);
  if (a->n_quotes == 2) { /* the quotation is the second piece of her statement */
    CHECK(a->quotes[0].speaker_kind == HD_SPK_PRONOUN && a->quotes[0].n_more == 1);
    if (a->quotes[0].n_more == 1) CHECK_STR(span_text(a, a->quotes[0].more[0]), "“At least for now.”");
  }
  hd_article_free(a);
}

static void test_multi_paragraph_quote(void) {
  hd_article *a = run("“The first part runs here.\n\n“And the second part ends here,” the engineer said.\n");
  CHECK(a->n_quotes == 1);
  if (a->n_quotes == 1) {
    CHECK_STR(span_text(a, a->quotes[0].content),
              "“The first part runs here.\n\n“And the second part ends here,”");
    CHECK_STR(span_text(a, a->quotes[0].source), "the engineer");
  }
  hd_article_free(a);
}

static void test_according_to(void) {
  hd_article *a = run("According to two engineers, the tunnel flooded twice last year.\n");
  CHECK(a->n_quotes == 1);
  if (a->n_quotes == 1) {
    CHECK_STR(span_text(a, a->quotes[0].cue), "According to");
    CHECK_STR(span_text(a, a->quotes[0].source), "two engineers");
    CHECK_STR(span_text(a, a->quotes[0].content), "the tunnel flooded twice last year");
  }
  hd_article_free(a);
}

static void test_told_hearer(void) {
  hd_article *a = run("Elena Ruiz told the Harbour Gazette last week she has \"big plans for the pier.\"\n");
  CHECK(a->n_quotes == 1);
  if (a->n_quotes == 1) {
    CHECK(a->quotes[0].type == HD_Q_PARTIAL);
    CHECK_STR(span_text(a, a->quotes[0].content), "she has \"big plans for the pier.\"");
    CHECK_STR(span_text(a, a->quotes[0].source), "Elena Ruiz");
  }
  hd_article_free(a);
}

static void test_twin_apostrophes(void) {
  hd_article *a = run("''The pier stays open,'' said Pavel Orlov, the harbour master.\n");
  CHECK(a->n_quotes == 1);
  if (a->n_quotes == 1) {
    CHECK(a->quotes[0].type == HD_Q_DIRECT);
    CHECK_STR(span_text(a, a->quotes[0].content), "''The pier stays open,''");
    CHECK_STR(span_text(a, a->quotes[0].source), "Pavel Orlov, the harbour master");
  }
  hd_article_free(a);
}

static void test_two_word_cue(void) {
  hd_article *a = run("The union called for an end to night shifts at the port.\n");
  CHECK(a->n_quotes == 1);
  if (a->n_quotes == 1) {
    CHECK_STR(span_text(a, a->quotes[0].cue), "called for");
    CHECK_STR(span_text(a, a->quotes[0].content), "an end to night shifts at the port");
    CHECK(a->quotes[0].speaker_kind == HD_SPK_ORGANIZATION);
  }
  hd_article_free(a);
}

static void test_headline_colon(void) {
  hd_article *a = run("Orlov: Harbour Tax Will Fall Next Year\n\nThe time was 10:30 in Riga.\n");
  CHECK(a->n_quotes == 1);
  if (a->n_quotes == 1) {
    CHECK_STR(span_text(a, a->quotes[0].cue), ":");
    CHECK_STR(span_text(a, a->quotes[0].source), "Orlov");
    CHECK_STR(span_text(a, a->quotes[0].content), "Harbour Tax Will Fall Next Year");
  }
  hd_article_free(a);
}

static void test_no_attribution(void) {
  hd_article *a = run("The bridge opened in 1932. It carries two lanes and a \"scenic\" footpath.\n");
  CHECK(a->n_quotes == 0);
  hd_article_free(a);
}

static void test_unbalanced_marks(void) {
  /* 5,000 opening marks and no closing one: must finish, spans valid */
  size_t n = 5000;
  char *s = malloc(n * 6 + 64);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) k += (size_t)sprintf(s + k, "\xE2\x80\x9Cx ");
  strcpy(s + k, "he said.\n");
  hd_article *a = run(s);
  for (size_t i = 0; i < a->n_quotes; i++)
    CHECK(a->quotes[i].content.start < a->quotes[i].content.end && a->quotes[i].content.end <= a->text_len);
  hd_article_free(a);
  free(s);
}

static void test_tables(void) {
  CHECK(hd_cue_class("said") & HD_CUE_SPEECH);
  CHECK(hd_cue_class("told") & HD_CUE_OBJECT);
  CHECK(hd_cue_class("table") == 0);
  CHECK(hd_in_wordlist(HD_WL_ROLE, "official"));
}

int main(void) {
  test_trailing_direct();
  test_inverted_anonymous();
  test_indirect_organization();
  test_inverted_unquoted();
  test_source_core();
  test_partial_quote();
  test_pronoun_and_continuation();
  test_multi_paragraph_quote();
  test_continuation_skips_embedded_indirect();
  test_pronoun_gender();
  test_according_to();
  test_told_hearer();
  test_twin_apostrophes();
  test_two_word_cue();
  test_headline_colon();
  test_no_attribution();
  test_unbalanced_marks();
  test_tables();
  return check_done();
}
