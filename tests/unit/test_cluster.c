/* test_cluster.c: the incremental clusterer on articles written for the
 * test: stories keep apart, related articles join, a forced join (a
 * near-duplicate) works, a thread seven months long stays together, and
 * state saved and reloaded gives the same decisions. Also the date parser,
 * a veto on titles naming different months, numbers as terms, word classes from a clusters file, the feature log
 * and the learned score. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "corpus/cluster.h"
#include "corpus/story_model.h"

typedef struct {
  const char *title, *text, *date;
  const char *ents[6];
} doc;

static const doc DOCS[] = {
    {"Brennick council votes to turn tram depot into park",
     "The city council of Brennick voted to close the old tram depot on Harrow Street and build a park with a "
     "pond and a market hall. Councillor Ada Ferrow said the depot had stood empty for eleven years.",
     "2023-04-03", {"loc:brennick", "per:ferrow_ada", "loc:harrow_street"}},
    {"Research ship maps volcanic ridge off the northern cape",
     "A research ship returned to Wendale harbour after six weeks mapping the sea floor. The crew found a ridge "
     "of volcanic rock that no chart had shown; samples go to the university.",
     "2023-04-04", {"loc:wendale", "org:wendale_university"}},
    {"Harrow Street depot park plan approved; work to start in September",
     "Work on the park at the old Harrow Street tram depot in Brennick will start in September, councillor Ada "
     "Ferrow said, after the council approved the plan. The pond and market hall will cost nine million crowns.",
     "2023-04-05", {"loc:harrow_street", "loc:brennick", "per:ferrow_ada"}},
    {"Volcanic rock samples from Wendale expedition reach university",
     "Samples of volcanic rock from the sea-floor ridge mapped by the Wendale research ship reached the "
     "university labs, where geologists will study the ridge over the winter.",
     "2023-04-08", {"loc:wendale", "org:wendale_university"}},
    /* a diplomatic push: talks in January, the treaty signed in August */
    {"Santamar opens Tessaly river water talks in Meridia",
     "Lorvanian foreign minister Aurelio Santamar flew to Meridia to open talks on a Tessaly river water treaty "
     "with president Helka Oduya. The Tessaly dam has divided Lorvania and Meridia for years.",
     "2023-01-10", {"per:santamar_aurelio", "per:oduya_helka", "loc:meridia", "loc:lorvania", "loc:tessaly"}},
    {"Santamar returns to Meridia to sign Tessaly river treaty",
     "Seven months after opening talks, foreign minister Aurelio Santamar returned to Meridia to sign the Tessaly "
     "river water treaty with president Helka Oduya, ending the dam quarrel between Lorvania and Meridia.",
     "2023-08-15", {"per:santamar_aurelio", "per:oduya_helka", "loc:meridia", "loc:lorvania", "loc:tessaly"}},
};
#define N_DOCS (sizeof DOCS / sizeof *DOCS)

static void add(hd_clusterer *c, const doc *d, uint32_t join, hd_cluster_result *r) {
  hd_cluster_entity e[6];
  size_t n = 0;
  for (; n < 6 && d->ents[n]; n++) e[n] = (hd_cluster_entity){d->ents[n], d->ents[n]};
  hd_cluster_doc cd = {d->title, d->text, strlen(d->text), hd_parse_day(d->date), e, n};
  hd_cluster_add(c, &cd, join, r);
}

static void test_dates(void) {
  CHECK(hd_parse_day("1970-01-01") == 0);
  CHECK(hd_parse_day("1970-01-02T10:00:00Z") == 1);
  CHECK(hd_parse_day("2000-03-01") - hd_parse_day("2000-02-28") == 2); /* leap year */
  CHECK(hd_parse_day("2023-08-15") - hd_parse_day("2023-01-10") == 217);
  CHECK(hd_parse_day("26-FEB-1987 15:01:01.79") == hd_parse_day("1987-02-26"));
  CHECK(hd_parse_day("3-mar-1987") == hd_parse_day("1987-03-03"));
  CHECK(hd_parse_day("26-FOO-1987") == HD_NO_DAY);
  CHECK(hd_parse_day("yesterday") == HD_NO_DAY);
  CHECK(hd_parse_day(NULL) == HD_NO_DAY);
  CHECK(hd_parse_day("2023-13-01") == HD_NO_DAY);
}

static void test_stories(void) {
  hd_clusterer *c = hd_clusterer_new(NULL);
  hd_cluster_result r[N_DOCS];
  for (size_t i = 0; i < N_DOCS; i++) add(c, &DOCS[i], HD_NO_STORY, &r[i]);
  CHECK(r[0].opened && r[1].opened);
  CHECK(r[0].story != r[1].story);
  CHECK(hd_cluster_find(c, r[2].story) == hd_cluster_find(c, r[0].story));
  CHECK(hd_cluster_find(c, r[3].story) == hd_cluster_find(c, r[1].story));
  /* the two diplomatic articles, 217 days apart: one story, or one thread */
  uint32_t s4 = hd_cluster_find(c, r[4].story), s5 = hd_cluster_find(c, r[5].story);
  CHECK(s4 == s5 || hd_cluster_story_thread(c, s4) == hd_cluster_story_thread(c, s5));
  CHECK(s4 != hd_cluster_find(c, r[0].story) && s4 != hd_cluster_find(c, r[1].story));
  uint32_t s0 = hd_cluster_find(c, r[0].story);
  CHECK(hd_cluster_story_size(c, s0) == 2);
  int64_t first, last;
  hd_cluster_story_days(c, s0, &first, &last);
  CHECK(first == hd_parse_day("2023-04-03") && last == hd_parse_day("2023-04-05"));
  hd_buf label;
  hd_buf_init(&label, 0);
  hd_cluster_label(c, s0, &label);
  CHECK(label.ptr && (strstr(label.ptr, "brennick") || strstr(label.ptr, "harrow") || strstr(label.ptr, "ferrow")));
  hd_buf_free(&label);
  /* a forced join (a near-duplicate of the depot story) goes there */
  hd_cluster_result fr;
  add(c, &DOCS[1], r[0].story, &fr);
  CHECK(fr.story == s0 && !fr.opened);
  hd_clusterer_free(c);
}

/* Saves c's state into a fresh clusterer, as store.c does. */
static hd_clusterer *reload(hd_clusterer *c) {
  hd_clusterer *d = hd_clusterer_new(NULL);
  for (uint32_t i = 0; i < hd_cluster_n_terms(c); i++) {
    const char *surface;
    uint32_t df;
    const char *t = hd_cluster_term(c, i, &surface, &df);
    hd_cluster_load_term(d, i, t, surface, df);
  }
  hd_buf b;
  hd_buf_init(&b, 0);
  for (uint32_t s = 0; s < hd_cluster_n_stories(c); s++) {
    hd_buf_clear(&b);
    hd_cluster_story_state(c, s, &b);
    CHECK(hd_cluster_load_story(d, s, b.ptr, b.len) == 0);
  }
  CHECK(hd_cluster_load_story(d, 0, b.ptr, b.len ? b.len - 1 : 0) != 0); /* truncated state is refused */
  hd_buf_free(&b);
  hd_cluster_set_n_docs(d, hd_cluster_n_docs(c));
  return d;
}

static void test_persistence(void) {
  hd_clusterer *c = hd_clusterer_new(NULL);
  hd_cluster_result r;
  for (size_t i = 0; i < 4; i++) add(c, &DOCS[i], HD_NO_STORY, &r);
  uint32_t *t, *s;
  size_t nt, ns;
  hd_cluster_take_dirty(c, &t, &nt, &s, &ns);
  CHECK(nt == hd_cluster_n_terms(c) && ns == hd_cluster_n_stories(c));
  free(t);
  free(s);
  hd_cluster_take_dirty(c, &t, &nt, &s, &ns);
  CHECK(nt == 0 && ns == 0);
  free(t);
  free(s);
  hd_clusterer *d = reload(c);
  CHECK(hd_cluster_n_stories(d) == hd_cluster_n_stories(c));
  for (size_t i = 4; i < N_DOCS; i++) {
    hd_cluster_result rc, rd;
    add(c, &DOCS[i], HD_NO_STORY, &rc);
    add(d, &DOCS[i], HD_NO_STORY, &rd);
    CHECK(rc.story == rd.story && rc.opened == rd.opened);
  }
  hd_clusterer_free(c);
  hd_clusterer_free(d);
}

/* Undated articles with no shared words never join, and every article
 * costs about the same however many stories exist (bounded candidates). */
static void test_many(void) {
  hd_clusterer *c = hd_clusterer_new(NULL);
  char text[256];
  hd_cluster_result r;
  size_t opened = 0;
  for (int i = 0; i < 2000; i++) {
    snprintf(text, sizeof text, "zq%dx alpha%db beta%dc gamma%dd delta%de report", i, i, i, i, i);
    hd_cluster_doc d = {NULL, text, strlen(text), HD_NO_DAY, NULL, 0};
    hd_cluster_add(c, &d, HD_NO_STORY, &r);
    opened += (size_t)r.opened;
  }
  CHECK(opened == 2000);
  hd_clusterer_free(c);
}

/* Word pairs are terms until the dictionary is full; words always are. */
static void test_term_cap(void) {
  const char *t = "Harbour cranes idle. Harbour cranes rust.";
  hd_cluster_doc d = {NULL, t, strlen(t), HD_NO_DAY, NULL, 0};
  hd_cluster_result r;
  hd_clusterer *c = hd_clusterer_new(NULL);
  hd_cluster_add(c, &d, HD_NO_STORY, &r);
  /* harbour crane idl rust + "harbour crane" "crane idl" "crane rust" */
  CHECK(hd_cluster_n_terms(c) == 7);
  hd_clusterer_free(c);
  hd_cluster_options o;
  hd_cluster_defaults(&o);
  o.max_terms = 0;
  c = hd_clusterer_new(&o);
  hd_cluster_add(c, &d, HD_NO_STORY, &r);
  CHECK(hd_cluster_n_terms(c) == 4);
  hd_clusterer_free(c);
  o.max_terms = 4000000;
  o.bigram_weight = 0;
  c = hd_clusterer_new(&o);
  hd_cluster_add(c, &d, HD_NO_STORY, &r);
  CHECK(hd_cluster_n_terms(c) == 4);
  hd_clusterer_free(c);
}

/* Two stories that a bridging article shows to be one are merged into
 * the older; the merged story's id resolves to the survivor. */
static void test_merge(void) {
  const char *a = "Quarry blasting near Tolvik cracked walls in the old mill, residents said.";
  const char *b = "The Tolvik chapel roof needs repairs after a winter storm, the parish council said.";
  const char *x = "Quarry blasting also shook the Tolvik chapel roof, the parish council said, after repairs "
                  "for the winter storm.";
  hd_cluster_options o;
  hd_cluster_defaults(&o);
  o.threshold = 2; /* nothing joins by itself: every article opens a story */
  hd_clusterer *c = hd_clusterer_new(&o);
  hd_cluster_result ra, rb, rx;
  hd_cluster_doc d = {NULL, a, strlen(a), HD_NO_DAY, NULL, 0};
  hd_cluster_add(c, &d, HD_NO_STORY, &ra);
  d.text = b, d.text_len = strlen(b);
  hd_cluster_add(c, &d, HD_NO_STORY, &rb);
  CHECK(ra.story != rb.story);
  /* forced into a's story, x makes a and b's stories close enough to merge */
  d.text = x, d.text_len = strlen(x);
  hd_cluster_add(c, &d, ra.story, &rx);
  CHECK(rx.n_merged == 1 && rx.merged[0] == rb.story);
  CHECK(hd_cluster_find(c, rb.story) == ra.story && rx.story == ra.story);
  CHECK(hd_cluster_story_size(c, ra.story) == 3);
  hd_clusterer_free(c);
}

static int has_term(const hd_clusterer *c, const char *want) {
  for (uint32_t i = 0; i < hd_cluster_n_terms(c); i++)
    if (strcmp(hd_cluster_term(c, i, NULL, NULL), want) == 0) return 1;
  return 0;
}

/* Numbers are terms (a quake's magnitude, a death toll) unless turned off;
 * a skipped number does not break a word pair. */
static void test_numbers(void) {
  const char *t = "Harbour 2024 cranes.";
  hd_cluster_doc d = {NULL, t, strlen(t), HD_NO_DAY, NULL, 0};
  hd_cluster_result r;
  hd_clusterer *c = hd_clusterer_new(NULL);
  hd_cluster_add(c, &d, HD_NO_STORY, &r);
  CHECK(hd_cluster_n_terms(c) == 5 && has_term(c, "2024") && has_term(c, "harbour 2024"));
  hd_clusterer_free(c);
  hd_cluster_options o;
  hd_cluster_defaults(&o);
  o.numbers = 0;
  c = hd_clusterer_new(&o);
  hd_cluster_add(c, &d, HD_NO_STORY, &r);
  CHECK(hd_cluster_n_terms(c) == 3 && !has_term(c, "2024") && has_term(c, "harbour crane"));
  hd_clusterer_free(c);
}

/* Words of one class in the clusters file share a class term; a missing
 * file leaves the clusterer working without classes. */
static void test_word_classes(void) {
  char path[] = "/tmp/herald_wc_XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  FILE *f = fdopen(fd, "w");
  fputs("# test classes\nquake\t0001000101\t9\ntremor\t0001000101\t4\nferry\t1100000000\t3\n", f);
  fclose(f);
  hd_cluster_options o;
  hd_cluster_defaults(&o);
  o.word_clusters = path;
  o.word_cluster_weight = 0.5;
  o.word_cluster_bits = 4;
  hd_clusterer *c = hd_clusterer_new(&o);
  const char *a = "Quake shakes Tolvik.", *b = "Tremor shakes Tolvik.";
  hd_cluster_doc d = {NULL, a, strlen(a), HD_NO_DAY, NULL, 0};
  hd_cluster_result r;
  hd_cluster_add(c, &d, HD_NO_STORY, &r);
  size_t before = hd_cluster_n_terms(c);
  CHECK(has_term(c, "~11")); /* a leading 1, then 0001: 0x11 */
  d.text = b, d.text_len = strlen(b);
  hd_cluster_add(c, &d, HD_NO_STORY, &r);
  /* tremor, "tremor shake": the class term is shared */
  CHECK(hd_cluster_n_terms(c) == before + 2);
  hd_clusterer_free(c);
  remove(path);
  o.word_clusters = path; /* now missing */
  c = hd_clusterer_new(&o);
  hd_cluster_add(c, &d, HD_NO_STORY, &r);
  CHECK(r.opened && !has_term(c, "~11"));
  hd_clusterer_free(c);
}

/* The feature log has one decision line per article and a feature line
 * per scored candidate; a learned model (here one that joins when the
 * term cosine passes 0.12) keeps the fixture's stories apart and joins
 * the related articles. */
static void test_learned_and_log(void) {
  hd_cluster_options o;
  hd_cluster_defaults(&o);
  hd_story_model m;
  memset(&m, 0, sizeof m);
  for (int i = 0; i < HD_SM_FEATURES; i++) m.scale[i] = 1;
  m.w[HD_SM_CT] = 20;
  m.bias = -2.4;
  m.threshold = 0.5;
  o.model = &m;
  o.feature_log = tmpfile();
  CHECK(o.feature_log != NULL);
  hd_clusterer *c = hd_clusterer_new(&o);
  hd_cluster_result r[4];
  for (size_t i = 0; i < 4; i++) add(c, &DOCS[i], HD_NO_STORY, &r[i]);
  CHECK(r[0].story != r[1].story);
  CHECK(hd_cluster_find(c, r[2].story) == hd_cluster_find(c, r[0].story));
  CHECK(hd_cluster_find(c, r[3].story) == hd_cluster_find(c, r[1].story));
  rewind(o.feature_log);
  char line[256];
  int decisions = 0, features = 0;
  while (fgets(line, sizeof line, o.feature_log)) {
    decisions += line[0] == 'D';
    features += line[0] == 'F';
  }
  CHECK(decisions == 4 && features >= 2);
  fclose(o.feature_log);
  hd_clusterer_free(c);
}

/* A story from untitled articles saves no title tail and reloads. */
static hd_clusterer *reload(hd_clusterer *c);
static void test_untitled_state(void) {
  hd_clusterer *c = hd_clusterer_new(NULL);
  const char *t = "Quarry blasting near Tolvik cracked walls in the old mill.";
  hd_cluster_doc d = {NULL, t, strlen(t), HD_NO_DAY, NULL, 0};
  hd_cluster_result r;
  hd_cluster_add(c, &d, HD_NO_STORY, &r);
  hd_clusterer *e = reload(c);
  CHECK(hd_cluster_story_size(e, 0) == 1);
  hd_clusterer_free(e);
  hd_clusterer_free(c);
  /* with the title channel on, the state carries the titles' tail */
  hd_cluster_options o;
  hd_cluster_defaults(&o);
  o.title_channel = 0.1;
  c = hd_clusterer_new(&o);
  for (size_t i = 0; i < 4; i++) add(c, &DOCS[i], HD_NO_STORY, &r);
  hd_buf with, without;
  hd_buf_init(&with, 0);
  hd_buf_init(&without, 0);
  hd_cluster_story_state(c, 0, &with);
  e = reload(c);
  CHECK(hd_cluster_n_stories(e) == hd_cluster_n_stories(c));
  CHECK(hd_cluster_story_size(e, 0) == hd_cluster_story_size(c, 0));
  hd_cluster_story_state(e, 0, &without);
  CHECK(with.len == without.len && memcmp(with.ptr, without.ptr, with.len) == 0); /* the tail round-trips */
  hd_buf_free(&with);
  hd_buf_free(&without);
  hd_clusterer_free(e);
  hd_clusterer_free(c);
}

/* The monthly report of one month and of another: near the same words,
 * but titles that name different months stay apart by default (the
 * titles' month veto); with the veto off (and the figures' veto off) they
 * join. Undated, hand score. */
static void test_month_veto(void) {
  static const char *const TITLES[2] = {"Kestrel Bay factory orders rose in June, statistics office says",
                                        "Kestrel Bay factory orders rose in October, statistics office says"};
  const char *text = "Factory orders in Kestrel Bay rose again, the statistics office said, led by shipyards and "
                     "timber mills, while the harbour board warned that freight costs keep climbing.";
  for (int veto = 0; veto < 2; veto++) {
    hd_cluster_options o;
    hd_cluster_defaults(&o);
    if (!veto) o.title_month_veto = o.title_clash_veto = 0;
    hd_clusterer *c = hd_clusterer_new(&o);
    hd_cluster_result r[2];
    for (int i = 0; i < 2; i++) {
      hd_cluster_doc d = {TITLES[i], text, strlen(text), HD_NO_DAY, NULL, 0};
      hd_cluster_add(c, &d, HD_NO_STORY, &r[i]);
    }
    CHECK(veto ? r[1].opened && r[1].story != r[0].story : !r[1].opened && r[1].story == r[0].story);
    hd_clusterer_free(c);
  }
}

int main(void) {
  test_month_veto();
  test_numbers();
  test_word_classes();
  test_learned_and_log();
  test_untitled_state();
  test_dates();
  test_merge();
  test_term_cap();
  test_stories();
  test_persistence();
  test_many();
  return check_done();
}
