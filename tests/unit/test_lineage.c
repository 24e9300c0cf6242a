/* test_lineage.c: wire lineage (corpus/lineage.h) on texts written for
 * the test: a wire story and rewrites that copy, change, add and cut
 * paragraphs; an independent article on the same event; the choice of
 * the earliest source among equals; a copy outside the window found
 * through its near-duplicate original; and the signature filter. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "corpus/lineage.h"

#define P1 "The tram depot on Harrow Street will close on Friday after ninety years of service, the city council said."
#define P1X "After ninety years of service the tram depot on Harrow Street will close on Friday, the city council announced."
#define P2 "Councillor Ada Ferrow said the depot had stood empty for most of the year and cost the city money every winter."
#define P3 "Residents collected four thousand signatures last spring for a park to be built on the site."
#define P4 "Work on the park should begin in September and take about two years, at a cost of nine million crowns."
#define L1 "Shop owners on Harrow Street told the Brennick Echo they feared losing customers during the works."
#define L2 "The Echo will follow the council's decision at next month's public hearing in the town hall."
#define L3 "A spokesman for the tram company said the last tram would leave the depot shortly after midnight."
#define IND1 "Brennick's oldest tram building is to shut its doors this week, ending a long chapter for the district."
#define IND2 "Neighbours who grew up hearing the trams leave at dawn said they would miss the sound of the bells."

static const hd_lineage *find(const hd_lineage *l, size_t n, int64_t id) {
  for (size_t i = 0; i < n; i++)
    if (l[i].article == id) return &l[i];
  return NULL;
}

static void test_rewrites(void) {
  hd_lineage_article a[] = {
      {1, P1 "\n\n" P2 "\n\n" P3 "\n\n" P4, -1, NULL},              /* the wire */
      {2, P1 "\n\n" P2 "\n\n" P3 "\n\n" P4 "\n\n" L1, 1, NULL},     /* copy + 1 added */
      {3, P1X "\n" P2 "\n" L2 "\n" P4 "\n" L3, -1, NULL},           /* 1 changed, 2 copied, 2 added, P3 cut */
      {4, IND1 "\n\n" IND2 "\n\n" P2, -1, NULL},                    /* one shared paragraph: not a rewrite */
      {5, P1 "\n" L1 "\n" P2, -1, NULL}, /* the local paragraph of 2: from 2 */
  };
  hd_lineage *l = NULL;
  size_t n = hd_lineage_story(a, 5, &l);
  CHECK(n == 3);
  const hd_lineage *c = find(l, n, 2);
  CHECK(c && c->source == 1 && c->paragraphs == 5 && c->from_source == 4 && c->changed == 0 && c->added == 1 &&
        c->cut == 0);
  const hd_lineage *r = find(l, n, 3);
  /* sources 1 and 2 give the same 3 paragraphs: the earliest wins */
  CHECK(r && r->source == 1 && r->paragraphs == 5 && r->from_source == 3 && r->changed == 1 && r->added == 2 &&
        r->cut == 1);
  if (r) {
    CHECK(r->n_paras == 6);
    CHECK(r->paras[0].para == 1 && r->paras[0].source_para == 1 && r->paras[0].status == HD_PARA_CHANGED);
    CHECK(r->paras[0].sim >= 0.5 && r->paras[0].sim < 1);
    CHECK(r->paras[1].status == HD_PARA_COPIED && r->paras[1].source_para == 2 && r->paras[1].sim == 1);
    CHECK(r->paras[2].status == HD_PARA_ADDED && r->paras[2].source_para == 0);
    CHECK(r->paras[3].status == HD_PARA_COPIED && r->paras[3].source_para == 4);
    CHECK(r->paras[5].status == HD_PARA_CUT && r->paras[5].para == 0 && r->paras[5].source_para == 3);
  }
  const hd_lineage *f = find(l, n, 5);
  CHECK(f && f->source == 2 && f->paragraphs == 3 && f->from_source == 3 && f->added == 0 && f->cut == 2);
  CHECK(find(l, n, 4) == NULL);
  CHECK(find(l, n, 1) == NULL);
  CHECK_STR(hd_para_status_name(HD_PARA_CUT), "cut");
  hd_lineage_free(l, n);
}

/* A copy far down a big story still finds the original it duplicates. */
static void test_window(void) {
  enum { N = HD_LINEAGE_WINDOW + 10 };
  hd_lineage_article a[N];
  char *texts[N];
  a[0] = (hd_lineage_article){100, P1 "\n" P2 "\n" P3, -1, NULL};
  for (int i = 1; i < N - 1; i++) {
    texts[i] = malloc(200);
    snprintf(texts[i], 200, "alpha%d beta%d gamma%d delta%d epsilon%d.\nzeta%d eta%d theta%d iota%d.", i, i, i, i, i,
             i, i, i, i);
    a[i] = (hd_lineage_article){100 + i, texts[i], -1, NULL};
  }
  a[N - 1] = (hd_lineage_article){100 + N - 1, P1 "\n" P2 "\n" P3 "\n" L1, 100, NULL};
  hd_lineage *l = NULL;
  size_t n = hd_lineage_story(a, N, &l);
  const hd_lineage *c = find(l, n, 100 + N - 1);
  CHECK(n == 1 && c && c->source == 100 && c->from_source == 3 && c->added == 1);
  hd_lineage_free(l, n);
  /* without the dup_of link it is out of the window */
  a[N - 1].dup_of = -1;
  n = hd_lineage_story(a, N, &l);
  CHECK(n == 0);
  hd_lineage_free(l, n);
  for (int i = 1; i < N - 1; i++) free(texts[i]);
}

/* Signatures that share no slots keep a pair from being read. */
static void test_filter(void) {
  hd_minhash x, y;
  memset(&x, 0, sizeof x);
  memset(&y, 0, sizeof y);
  for (int i = 0; i < HD_MH_PERMS; i++) x.v[i] = (uint32_t)i, y.v[i] = (uint32_t)(i + 1000);
  x.n_shingles = y.n_shingles = 40;
  hd_lineage_article a[] = {{1, P1 "\n" P2 "\n" P3, -1, &x}, {2, P1 "\n" P2 "\n" P3, -1, &y}};
  hd_lineage *l = NULL;
  CHECK(hd_lineage_story(a, 2, &l) == 0);
  y = x; /* the same signature: read, and a full copy */
  size_t n = hd_lineage_story(a, 2, &l);
  CHECK(n == 1 && l[0].from_source == 3 && l[0].changed == 0);
  hd_lineage_free(l, n);
  CHECK(hd_lineage_story(a, 1, &l) == 0 && l == NULL);
}

int main(void) {
  test_rewrites();
  test_window();
  test_filter();
  return check_done();
}
