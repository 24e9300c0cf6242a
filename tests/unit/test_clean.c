/* test_clean.c: the clean stage on invented articles (tests/fixtures/clean)
 * and on short strings: each kind of debris goes, with its byte range and
 * reason; ordinary text stays byte for byte; metadata is found; the
 * input's own metadata wins; removed ranges map text back to input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/article.h"
#include "check.h"
#include "text/clean.h"
#include "util/buf.h"

static hd_article *clean_str(const char *s) {
  hd_article *a = hd_article_new(s, strlen(s));
  hd_clean(a);
  return a;
}

static hd_article *clean_file(const char *name) {
  char path[512];
  snprintf(path, sizeof path, "tests/fixtures/clean/%s", name);
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "cannot open %s\n", path);
    return NULL;
  }
  hd_buf b;
  hd_buf_init(&b, 0);
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) hd_buf_put(&b, chunk, n);
  fclose(f);
  hd_article *a = hd_article_new(b.ptr, b.len);
  hd_buf_free(&b);
  hd_clean(a);
  return a;
}

static int has_text(const hd_article *a, const char *s) { return strstr(a->text, s) != NULL; }

/* Is there a removal with this reason whose text contains `needle`? */
static int removed_as(const hd_article *a, const char *reason, const char *needle) {
  for (size_t i = 0; i < a->n_removed; i++) {
    const hd_removed *r = &a->removed[i];
    if (strcmp(r->reason, reason)) continue;
    char *t = hd_xstrndup(a->raw + r->start, r->end - r->start);
    int ok = strstr(t, needle) != NULL;
    free(t);
    if (ok) return 1;
  }
  return 0;
}

/* text must equal raw minus the removed ranges, which are sorted, disjoint
 * and inside raw; paragraphs stay separated by one blank line. */
static void check_invariants(const hd_article *a) {
  hd_buf b;
  hd_buf_init(&b, 0);
  size_t pos = 0;
  int ordered = 1;
  for (size_t i = 0; i < a->n_removed; i++) {
    const hd_removed *r = &a->removed[i];
    if (r->start < pos || r->end <= r->start || r->end > a->raw_len || !r->reason) {
      ordered = 0;
      break;
    }
    hd_buf_put(&b, a->raw + pos, r->start - pos);
    pos = r->end;
  }
  CHECK(ordered);
  if (ordered) {
    hd_buf_put(&b, a->raw + pos, a->raw_len - pos);
    CHECK(b.len == a->text_len && memcmp(b.ptr ? b.ptr : "", a->text, a->text_len) == 0);
  }
  hd_buf_free(&b);
  CHECK(strlen(a->text) == a->text_len);
  if (strspn(a->raw, "\n ") == a->raw_len) return; /* blank input stays as it is */
  CHECK(strstr(a->text, "\n\n\n") == NULL);
  CHECK(a->text_len == 0 || a->text[0] != '\n');
}

static void test_fused_masthead(void) {
  hd_article *a = clean_file("fused_masthead.txt");
  if (!a) { CHECK(0); return; }
  check_invariants(a);
  CHECK_STR(a->outlet, "The Harbor City Beacon");
  CHECK_STR(a->section, "Politics");
  CHECK_STR(a->title, "Council delays vote on ferry contract");
  CHECK_STR(a->byline, "Maria Okafor and Tom Reyes");
  CHECK(a->kind == HD_KIND_NEWS);
  CHECK(removed_as(a, "masthead", "Light for the Lakeshore"));
  CHECK(removed_as(a, "section", "Politics"));
  CHECK(removed_as(a, "byline", "By Maria Okafor"));
  CHECK(removed_as(a, "timestamp", "Updated 6:12"));
  CHECK(removed_as(a, "placeholder", "{adslot_2}"));
  CHECK(removed_as(a, "advertisement", "ADVERTISEMENT"));
  CHECK(removed_as(a, "related", "Related:"));
  CHECK(removed_as(a, "related", "Mayor names new port chief"));
  CHECK(!has_text(a, "{adslot_2}") && !has_text(a, "Beacon") && !has_text(a, "ADVERTISEMENT"));
  CHECK(has_text(a, "Council delays vote on ferry contract\n\nThe Harbor City council"));
  CHECK(has_text(a, "\n\nCouncillor Edith Marsh said"));
  /* the last body paragraph ends the text */
  CHECK(a->text_len > 0 && strstr(a->text, "council’s decision.") + strlen("council’s decision.") == a->text + a->text_len);
  hd_article_free(a);
}

static void test_pipe_masthead(void) {
  hd_article *a = clean_file("pipe_masthead.txt");
  if (!a) { CHECK(0); return; }
  check_invariants(a);
  CHECK_STR(a->outlet, "The Guardian");
  CHECK_STR(a->section, "World");
  CHECK_STR(a->title, "Flood barriers hold as river peaks in northern towns");
  CHECK(removed_as(a, "caption", "(Photo: Ana Ruiz/Reuters)"));
  CHECK(removed_as(a, "promo", "Share this article"));
  CHECK(removed_as(a, "promo", "Sign up for our morning"));
  CHECK(!has_text(a, "[[ad]]") && !has_text(a, "Firefighters check"));
  CHECK(has_text(a, "The regional governor, Henrik Solberg, said"));
  hd_article_free(a);
}

static void test_analysis(void) {
  hd_article *a = clean_file("analysis_colon.txt");
  if (!a) { CHECK(0); return; }
  check_invariants(a);
  CHECK_STR(a->section, "Analysis");
  CHECK(a->kind == HD_KIND_ANALYSIS);
  CHECK_STR(a->title, "Why the grain corridor keeps failing");
  CHECK(removed_as(a, "caption", "(AP Photo/Lena Ortiz)"));
  CHECK(removed_as(a, "placeholder", "<!-- inline-tracker -->"));
  CHECK(removed_as(a, "placeholder", "%%SPONSORED_BLOCK%%"));
  CHECK(has_text(a, "within months. The reasons are"));
  CHECK(strncmp(a->text, "Why the grain corridor", 22) == 0);
  hd_article_free(a);
}

static void test_opinion_bio(void) {
  hd_article *a = clean_file("opinion_bio.txt");
  if (!a) { CHECK(0); return; }
  check_invariants(a);
  CHECK(a->kind == HD_KIND_OPINION);
  CHECK_STR(a->section, "Opinion");
  CHECK_STR(a->byline, "Dana Whitlock");
  CHECK_STR(a->title, "The quiet cost of cheaper flights");
  CHECK(removed_as(a, "author-promo", "is a columnist for"));
  CHECK(removed_as(a, "author-promo", "Follow Dana Whitlock on Twitter"));
  CHECK(has_text(a, "a spokeswoman told me the review would report by the end of the year."));
  hd_article_free(a);
}

static void test_captions(void) {
  hd_article *a = clean_file("captions.txt");
  if (!a) { CHECK(0); return; }
  check_invariants(a);
  CHECK(removed_as(a, "caption", "Photo by Sam Lee/AP"));
  CHECK(removed_as(a, "caption", "Jane Doe/Getty Images"));
  CHECK(removed_as(a, "caption", "Credit: Owen Park"));
  CHECK(removed_as(a, "caption", "Image: Courtesy"));
  CHECK(!has_text(a, "Workers gather at the pit gates"));
  CHECK(has_text(a, "said the union’s regional secretary, Grace Iwu."));
  CHECK(a->n_removed == 4);
  hd_article_free(a);
}

static void test_plain_news_untouched(void) {
  hd_article *a = clean_file("plain_news.txt");
  if (!a) { CHECK(0); return; }
  check_invariants(a);
  CHECK(a->n_removed == 0);
  CHECK(a->text_len == a->raw_len && memcmp(a->text, a->raw, a->raw_len) == 0);
  CHECK_STR(a->title, "Senate panel backs water bill after late changes");
  CHECK(a->byline == NULL && a->section == NULL && a->outlet == NULL);
  CHECK(a->kind == HD_KIND_NEWS);
  hd_article_free(a);
}

static void test_trailing_list(void) {
  hd_article *a = clean_file("trailing_list.txt");
  if (!a) { CHECK(0); return; }
  check_invariants(a);
  CHECK(removed_as(a, "related", "Northway to add night trains"));
  CHECK(removed_as(a, "related", "Why ticket machines keep failing"));
  CHECK(has_text(a, "record profits in the same year."));
  hd_article_free(a);
}

/* paragraphs separated by single newlines: each line is a block */
static void test_single_newlines(void) {
  hd_article *a = clean_file("single_newlines.txt");
  if (!a) { CHECK(0); return; }
  check_invariants(a);
  CHECK_STR(a->outlet, "The Valley Tribune");
  CHECK_STR(a->section, "Opinion");
  CHECK(a->kind == HD_KIND_OPINION);
  CHECK_STR(a->byline, "Peter Vance");
  CHECK(a->title && strncmp(a->title, "The town hall clock deserves better", 35) == 0);
  CHECK(removed_as(a, "masthead", "Your town, your paper\n"));
  CHECK(removed_as(a, "caption", "Credit... Rosa Lind"));
  CHECK(removed_as(a, "advertisement", "ADVERTISEMENT"));
  CHECK(removed_as(a, "placeholder", "[ embedded content ]"));
  CHECK(removed_as(a, "author-promo", "is a columnist"));
  CHECK(has_text(a, "promised a plan. The latest plan"));
  CHECK(has_text(a, "four.\nFor eleven years"));
  CHECK(has_text(a, "the options.\nThat is not a plan."));
  CHECK(a->text_len && a->text[a->text_len - 1] == '.');
  hd_article_free(a);
}

static void test_placeholders(void) {
  hd_article *a = clean_str("Headline of the day here\n\n"
                            "One {ad} two {{ad_unit}} three [ad] four [[embed]] five <!-- x --> six "
                            "%%AD%% seven %PROMO_SLOT% eight <div class=\"ad\">nine</div> ten.\n");
  check_invariants(a);
  CHECK(has_text(a, "One two three four five six seven eight nine ten."));
  hd_article_free(a);
  /* look-alikes that are text */
  const char *keep = "Headline of the day here\n\n"
                     "He said [sic] it would cost {if needed} more, 50% or 40% of <Acme Corp> "
                     "shares <ACM> when x<y and z>w, [the mayor] said.\n";
  a = clean_str(keep);
  check_invariants(a);
  CHECK(a->n_removed == 0);
  CHECK(strcmp(a->text, keep) == 0);
  hd_article_free(a);
}

static void test_whitespace_recorded(void) {
  hd_article *a = clean_str("A title for this\n\nFirst paragraph ends here.\xC2\xA0\n\nSecond one. \xC2\xA0\n");
  check_invariants(a);
  CHECK(a->n_removed == 2);
  CHECK(removed_as(a, "whitespace", "\xC2\xA0"));
  CHECK(has_text(a, "ends here.\n\nSecond one.\n"));
  hd_article_free(a);
}

static void test_meta_wins(void) {
  const char *in = "The Daily LanternNews you can carry\n\nFerry strike ends\n\nBody text here.\n";
  hd_article *a = hd_article_new(in, strlen(in));
  hd_article_set_meta(a, HD_META_TITLE, "Given title");
  hd_article_set_meta(a, HD_META_SOURCE, "Given Outlet");
  hd_article_set_meta(a, HD_META_AUTHOR, "Given Author");
  hd_clean(a);
  CHECK_STR(a->byline, "Given Author");
  check_invariants(a);
  CHECK_STR(a->title, "Given title");
  CHECK_STR(a->outlet, "Given Outlet");
  CHECK(removed_as(a, "masthead", "The Daily Lantern"));
  hd_article_free(a);
  /* the same without metadata: inferred */
  a = clean_str("The Daily LanternNews you can carry\n\nFerry strike ends\n\nBody text here.\n");
  CHECK_STR(a->title, "Ferry strike ends");
  CHECK_STR(a->outlet, "The Daily Lantern");
  hd_article_free(a);
}

static void test_not_mastheads(void) {
  const char *heads[] = {
      "BlackRock buys stake in PowerPoint rival\n\nBody text follows here.\n\nMore.\n",
      "McDonald's profits rise in YouTube era\n\nBody text follows here.\n\nMore.\n",
      "World Bank chief resigns after vote\n\nBody text follows here.\n\nMore.\n",
      "Opinion polls show a tight race in Ohio\n\nBody text follows here.\n\nMore.\n",
      "By the end of the week it was over\n\nBody text follows here.\n\nMore.\n",
  };
  for (size_t i = 0; i < sizeof heads / sizeof *heads; i++) {
    hd_article *a = clean_str(heads[i]);
    check_invariants(a);
    CHECK(a->n_removed == 0);
    CHECK(a->section == NULL && a->outlet == NULL && a->byline == NULL);
    CHECK(a->title && strncmp(a->title, heads[i], strlen(a->title)) == 0);
    hd_article_free(a);
  }
}

static void test_section_fused_and_line(void) {
  hd_article *a = clean_str("Commentary Why the port deal matters to farmers\n\nBody text follows here.\n\nMore.\n");
  CHECK_STR(a->section, "Commentary");
  CHECK(a->kind == HD_KIND_OPINION);
  CHECK_STR(a->title, "Why the port deal matters to farmers");
  CHECK(removed_as(a, "section", "Commentary "));
  hd_article_free(a);
  a = clean_str("Climate & Energy\n\nWind farms win approval\n\nBody text follows here.\n");
  CHECK_STR(a->section, "Climate & Energy"); /* not listed: found by shape */
  CHECK_STR(a->title, "Wind farms win approval");
  hd_article_free(a);
}

static void test_author_promo_byline(void) {
  hd_article *a = clean_str("A headline about ports\n\nBody text follows here, long enough.\n\n"
                            "Read more from Jo Ann Li’s archive or follow her on Bluesky.\n");
  check_invariants(a);
  CHECK_STR(a->byline, "Jo Ann Li");
  CHECK(removed_as(a, "author-promo", "Read more from"));
  CHECK(has_text(a, "long enough.") && !has_text(a, "archive"));
  hd_article_free(a);
  a = clean_str("A headline about ports\n\nBody text here.\n\nThe views expressed are the writer's own.\n");
  CHECK(a->kind == HD_KIND_OPINION);
  CHECK(removed_as(a, "disclaimer", "The views expressed"));
  hd_article_free(a);
}

static void test_wire_credits(void) {
  hd_article *a = clean_str("Grain exports rise\n\nExports rose 4 percent in May, the ministry said. "
                            "(Reporting by Ines Falk in Odessa; Editing by Tom Birk)\n\nMore text here.\n\n"
                            "(Additional reporting by Jo Wren; Writing by Ines Falk)\n");
  check_invariants(a);
  CHECK_STR(a->byline, "Ines Falk");
  CHECK(removed_as(a, "credits", "(Reporting by Ines Falk"));
  CHECK(removed_as(a, "credits", "Additional reporting by Jo Wren"));
  CHECK(has_text(a, "the ministry said.\n\nMore text here."));
  hd_article_free(a);
  /* BBC- and NYT-style chrome */
  a = clean_str("Harbour strike ends\n\nImage source, Getty Images\n\nSupported by\n\n"
                "Dock workers returned on Monday, the union said.\n\nImage caption, Workers at the gate\n\n"
                "The deal runs for two years.\n");
  check_invariants(a);
  CHECK(removed_as(a, "caption", "Image source"));
  CHECK(removed_as(a, "caption", "Image caption"));
  CHECK(removed_as(a, "advertisement", "Supported by"));
  CHECK(has_text(a, "the union said.\n\nThe deal runs"));
  hd_article_free(a);
  /* a bare URL line (also tokenised) is debris; a URL inside a sentence is not */
  a = clean_str("https://news.example/2025/05/harbour-strike\n\nHarbour strike ends\n\n"
                "Details are at https://port.example/notice, the union said.\n\n"
                "http: / / www. example. com / a / b\n\nThe deal runs for two years.\n");
  check_invariants(a);
  CHECK(removed_as(a, "url", "https://news.example"));
  CHECK(removed_as(a, "url", "http: / / www."));
  CHECK_STR(a->title, "Harbour strike ends");
  CHECK(has_text(a, "Details are at https://port.example/notice, the union said."));
  hd_article_free(a);
}

static void test_degenerate(void) {
  const char *inputs[] = {"", "\n\n\n", "ADVERTISEMENT", "{ad}", "x", "<!--", "Related:\n\nA\n\nB\n"};
  for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
    hd_article *a = clean_str(inputs[i]);
    CHECK(a->text != NULL);
    check_invariants(a);
    hd_article_free(a);
  }
}

int main(void) {
  test_fused_masthead();
  test_pipe_masthead();
  test_analysis();
  test_opinion_bio();
  test_captions();
  test_plain_news_untouched();
  test_trailing_list();
  test_single_newlines();
  test_placeholders();
  test_whitespace_recorded();
  test_meta_wins();
  test_not_mastheads();
  test_section_fused_and_line();
  test_author_promo_byline();
  test_wire_credits();
  test_degenerate();
  return check_done();
}
