/* test_fingerprint.c: MinHash similarity and the LSH index on texts
 * written for the test: exact copies, light edits, unrelated texts, short
 * texts, and a copy of a copy (linked to the earliest original). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "corpus/fingerprint.h"

static const char *BASE =
    "The city council of Brennick voted on Thursday to close the old tram depot on Harrow Street and "
    "turn the site into a park with a playground, a pond and a small market hall. Councillor Ada Ferrow "
    "said the depot had stood empty for eleven years and cost the city money every winter. Residents "
    "collected four thousand signatures for the park last spring. Work on the site should begin in "
    "September and take about two years, the council said, at a cost of nine million crowns.";

static const char *OTHER =
    "A research ship returned to Wendale harbour on Friday after six weeks mapping the sea floor off the "
    "northern cape. The crew found a ridge of volcanic rock that no chart had shown, and samples from it "
    "will be studied at the university over the winter. The ship will sail again in the spring to map the "
    "deeper water further west, weather permitting, the expedition leader told reporters on the quay.";

static char *replace(const char *s, const char *from, const char *to) {
  const char *p = strstr(s, from);
  if (!p) return strdup(s);
  size_t n = strlen(s) - strlen(from) + strlen(to);
  char *out = malloc(n + 1);
  size_t k = (size_t)(p - s);
  memcpy(out, s, k);
  strcpy(out + k, to);
  strcat(out, p + strlen(from));
  return out;
}

static void sign(const char *s, const hd_fp_options *o, hd_minhash *m) { hd_minhash_text(s, strlen(s), o, m); }

int main(void) {
  hd_fp_options o;
  hd_fp_defaults(&o);
  hd_minhash base, same, edited, other, edited2, tiny;
  sign(BASE, &o, &base);
  sign(BASE, &o, &same);
  char *e1 = replace(BASE, "on Thursday", "late on Thursday");
  char *e2 = replace(e1, "nine million crowns", "about nine million crowns");
  char *e3 = replace(e2, "Residents collected", "Local residents collected");
  sign(e2, &o, &edited);
  sign(e3, &o, &edited2);
  sign(OTHER, &o, &other);
  sign("Too short to sign.", &o, &tiny);

  CHECK(base.n_shingles > 50);
  CHECK(hd_minhash_similarity(&base, &same) == 1.0);
  double se = hd_minhash_similarity(&base, &edited);
  CHECK(se >= 0.6 && se < 1.0);
  CHECK(hd_minhash_similarity(&base, &other) < 0.1);
  /* case and punctuation do not matter */
  char *upper = strdup(BASE);
  for (char *p = upper; *p; p++)
    if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 32);
  hd_minhash up;
  sign(upper, &o, &up);
  CHECK(hd_minhash_similarity(&base, &up) == 1.0);

  hd_lsh *l = hd_lsh_new(&o);
  double sim;
  CHECK(hd_lsh_query(l, &base, &sim) == 0);
  hd_lsh_add(l, 7, &base);
  hd_lsh_add(l, 8, &other);
  hd_lsh_add(l, 9, &tiny); /* too short: not indexed */
  CHECK(hd_lsh_size(l) == 2);
  CHECK(hd_lsh_query(l, &same, &sim) == 7 && sim == 1.0);
  CHECK(hd_lsh_query(l, &edited, &sim) == 7 && sim >= o.threshold);
  /* a copy is not indexed, so a copy of the copy still finds the original */
  CHECK(hd_lsh_query(l, &edited2, &sim) == 7);
  CHECK(hd_lsh_query(l, &tiny, &sim) == 0);
  /* a stricter threshold drops the edited copy */
  hd_fp_options strict = o;
  strict.threshold = 0.99;
  hd_lsh *ls = hd_lsh_new(&strict);
  hd_lsh_add(ls, 1, &base);
  CHECK(hd_lsh_query(ls, &edited, &sim) == 0);
  CHECK(hd_lsh_query(ls, &same, &sim) == 1);
  /* many unrelated documents: growth keeps every entry findable */
  for (int i = 0; i < 3000; i++) {
    char buf[256];
    snprintf(buf, sizeof buf, "record %d of the ledger lists item %d, crate %d, shelf %d, aisle %d and bay %d today", i,
             i * 7, i * 13, i % 17, i % 23, i * 31);
    hd_minhash m;
    sign(buf, &o, &m);
    hd_lsh_add(l, 100 + i, &m);
  }
  CHECK(hd_lsh_query(l, &edited, &sim) == 7);
  CHECK(hd_lsh_query(l, &other, &sim) == 8);
  hd_lsh_free(l);
  hd_lsh_free(ls);
  free(e1);
  free(e2);
  free(e3);
  free(upper);
  return check_done();
}
