/* test_segment.c: tokens, sentences and paragraphs on text written for
 * the test: abbreviations, initials, quotes, clitics, dashes. */
#include <stdlib.h>
#include <string.h>

#include "text/article.h"
#include "check.h"
#include "text/segment.h"
#include "util/buf.h"

static hd_article *seg(const char *s) {
  hd_article *a = hd_article_new(s, strlen(s));
  a->text = hd_article_strndup(a, a->raw, a->raw_len);
  a->text_len = a->raw_len;
  hd_segment(a);
  return a;
}

static char *tok(const hd_article *a, size_t i) {
  static char buf[256];
  const hd_token *t = &a->tokens[i];
  snprintf(buf, sizeof buf, "%.*s", (int)hd_tok_len(t), hd_tok_ptr(a, t));
  return buf;
}

static char *sent(const hd_article *a, size_t i) {
  static char buf[1024];
  snprintf(buf, sizeof buf, "%.*s", (int)(a->sentences[i].end - a->sentences[i].start),
           a->text + a->sentences[i].start);
  return buf;
}

static void test_abbreviations(void) {
  hd_article *a = seg("Rep. Jane Q. Doe (R-Texas) met Sen. Roe in the U.S. Capitol. "
                      "Acme Corp. said so. Acme Inc. Chief Jo Park agreed. It sold Acme Inc. The firm agreed.");
  CHECK(a->n_sentences == 5);
  CHECK_STR(sent(a, 0), "Rep. Jane Q. Doe (R-Texas) met Sen. Roe in the U.S. Capitol.");
  CHECK_STR(sent(a, 1), "Acme Corp. said so.");
  CHECK_STR(sent(a, 2), "Acme Inc. Chief Jo Park agreed.");
  CHECK_STR(sent(a, 3), "It sold Acme Inc.");
  CHECK_STR(sent(a, 4), "The firm agreed.");
  hd_article_free(a);
  a = seg("They met Frank Smith Jr. He said no. It was Gen. Ortiz's call.");
  CHECK(a->n_sentences == 3);
  CHECK_STR(sent(a, 0), "They met Frank Smith Jr.");
  hd_article_free(a);
}

static void test_quotes(void) {
  hd_article *a = seg("“We will not stop,” she said. “It is over. We won.” Then he left. "
                      "He said \"fine.\" She agreed.");
  CHECK(a->n_sentences == 6);
  CHECK_STR(sent(a, 0), "“We will not stop,” she said.");
  CHECK_STR(sent(a, 1), "“It is over.");
  CHECK_STR(sent(a, 2), "We won.”");
  CHECK_STR(sent(a, 4), "He said \"fine.\"");
  CHECK(a->tokens[0].kind == HD_TOK_QUOTE_OPEN);
  size_t closes = 0, opens = 0;
  for (size_t i = 0; i < a->n_tokens; i++) {
    closes += a->tokens[i].kind == HD_TOK_QUOTE_CLOSE;
    opens += a->tokens[i].kind == HD_TOK_QUOTE_OPEN;
  }
  CHECK(opens == 3 && closes == 3);
  hd_article_free(a);
  a = seg("Is it “in danger of collapse?” asked Ms. Lee.");
  CHECK(a->n_sentences == 1);
  hd_article_free(a);
}

static void test_tokens(void) {
  hd_article *a = seg("Doe’s cease-fire plan don't work—al-Rashid’s aides’ 1,250.5 votes at 10:30.");
  const char *want[] = {"Doe", "’s", "cease-fire", "plan", "do", "n't", "work", "—", "al-Rashid",
                        "’s", "aides", "’", "1,250.5", "votes", "at", "10:30", "."};
  size_t nw = sizeof want / sizeof *want;
  CHECK(a->n_tokens == nw);
  for (size_t i = 0; i < nw && i < a->n_tokens; i++) CHECK_STR(tok(a, i), want[i]);
  CHECK(a->tokens[1].kind == HD_TOK_WORD);
  CHECK(a->tokens[7].kind == HD_TOK_DASH);
  CHECK(a->tokens[11].kind == HD_TOK_APOS);
  CHECK(a->tokens[12].kind == HD_TOK_NUM);
  CHECK(a->tokens[0].flags & HD_TF_UPPER_INITIAL);
  hd_article_free(a);
  a = seg("ÉLYSÉE Straße naïve");
  CHECK(a->n_tokens == 3);
  CHECK(a->tokens[0].flags & HD_TF_ALL_UPPER);
  CHECK(!(a->tokens[1].flags & HD_TF_ALL_UPPER));
  hd_article_free(a);
}

/* Words glued together by extraction are split; CamelCase names are not. */
static void test_fused_words(void) {
  hd_article *a = seg("Rep. Jason ChaffetzGov. Gary Herbert met him in OhioThe next day, he saidTrump.");
  const char *want[] = {"Rep.", "Jason", "Chaffetz", "Gov.", "Gary", "Herbert", "met", "him", "in", "Ohio",
                        "The", "next", "day", ",", "he", "said", "Trump", "."};
  size_t nw = sizeof want / sizeof *want;
  CHECK(a->n_tokens == nw);
  for (size_t i = 0; i < nw && i < a->n_tokens; i++) CHECK_STR(tok(a, i), want[i]);
  CHECK(!(a->tokens[3].flags & HD_TF_SPACE_BEFORE));
  CHECK(a->tokens[3].flags & HD_TF_UPPER_INITIAL);
  CHECK(a->n_sentences == 1); /* "Gov." stays a title */
  hd_article_free(a);
  a = seg("YouTube, WikiLeaks, HuffPost, LinkedIn, MoveOn, McDonald, DeSantis, iPhone, eBay, ThankYou and @realDonaldTrump.");
  const char *whole[] = {"YouTube", "WikiLeaks", "HuffPost", "LinkedIn", "MoveOn", "McDonald", "DeSantis", "iPhone",
                         "eBay", "ThankYou"};
  for (size_t i = 0; i < sizeof whole / sizeof *whole && 2 * i < a->n_tokens; i++) CHECK_STR(tok(a, 2 * i), whole[i]);
  CHECK_STR(tok(a, a->n_tokens - 2), "realDonaldTrump");
  hd_article_free(a);
  a = seg("ZürichThe naïveTrump"); /* letters past ASCII: left whole */
  CHECK(a->n_tokens == 2);
  hd_article_free(a);
  a = seg("saidTrump’s aides");
  CHECK(a->n_tokens == 4);
  if (a->n_tokens == 4) {
    CHECK_STR(tok(a, 0), "said");
    CHECK_STR(tok(a, 1), "Trump");
    CHECK_STR(tok(a, 2), "’s");
  }
  hd_article_free(a);
}

/* A heading in capitals run into the first sentence is split off; a
 * sentence that merely opens with acronyms is not. */
static void test_caps_heading(void) {
  hd_article *a = seg("THE MANY CAVEATS Plenty of people save nothing.\n\nCONGRESS HAS INVESTIGATED HIM — Oz testified.");
  CHECK(a->n_sentences == 4);
  if (a->n_sentences == 4) {
    CHECK_STR(sent(a, 0), "THE MANY CAVEATS");
    CHECK_STR(sent(a, 1), "Plenty of people save nothing.");
    CHECK_STR(sent(a, 2), "CONGRESS HAS INVESTIGATED HIM —");
    CHECK_STR(sent(a, 3), "Oz testified.");
  }
  hd_article_free(a);
  a = seg("US FBI agents met. NATO EU UN Officials met. GARLAND STEPS ASIDE.");
  CHECK(a->n_sentences == 3);
  hd_article_free(a);
}

static void test_paragraphs(void) {
  hd_article *a = seg("Headline here\n\nFirst para line one\ncontinues here.\n\n  \nSecond para.\n");
  CHECK(a->n_paragraphs == 3);
  CHECK(a->paragraphs[1].sent_end - a->paragraphs[1].sent_begin == 1);
  hd_article_free(a);
  /* no blank lines: newline + capital starts a paragraph, lower case continues */
  a = seg("One paragraph here.\nAnother one here\nwrapped onto two lines.\n    Indented third.");
  CHECK(a->n_paragraphs == 3);
  hd_article_free(a);
}

static void test_nfc_and_repair(void) {
  const char bad[] = "Cafe\xCC\x81 \xff ok";
  hd_article *a = hd_article_new(bad, sizeof bad - 1);
  CHECK(a->bad_utf8 == 1);
  CHECK(a->nfc_changed);
  CHECK(strncmp(a->raw, "Caf\xC3\xA9 \xEF\xBF\xBD ok", a->raw_len) == 0);
  hd_article_free(a);
}

static void test_sentence_cap(void) {
  hd_buf b;
  hd_buf_init(&b, 0);
  for (int i = 0; i < 2000; i++) hd_buf_puts(&b, "word ");
  hd_article *a = seg(b.ptr);
  CHECK(a->n_tokens == 2000);
  CHECK(a->n_sentences == 5);
  hd_article_free(a);
  hd_buf_free(&b);
}

int main(void) {
  test_abbreviations();
  test_quotes();
  test_tokens();
  test_fused_words();
  test_caps_heading();
  test_paragraphs();
  test_nfc_and_repair();
  test_sentence_cap();
  return check_done();
}
