/* test_identities.c: the store-wide identity joins (corpus/identities.c)
 * on entity rows written by hand: one name under several types, "Department
 * of X" / "X Department", acronyms and their long forms, surnames left to
 * the persons who bear them, Jr. kept apart (and "Trump Jr." joining him), a company's short name joining
 * its full name, and every join pointing at an identity that stays. */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "corpus/identities.h"

typedef struct {
  int64_t id;
  const char *key, *name;
  int64_t mentions;
} row;

/* The id `id` joins, or 0 when it stays. */
static int64_t into_of(int64_t (*pairs)[2], size_t np, int64_t id) {
  for (size_t i = 0; i < np; i++)
    if (pairs[i][0] == id) return pairs[i][1];
  return 0;
}

static size_t plan(const row *r, size_t n, int64_t (**pairs)[2]) {
  int64_t ids[32], mentions[32];
  const char *keys[32], *names[32];
  for (size_t i = 0; i < n; i++) ids[i] = r[i].id, keys[i] = r[i].key, names[i] = r[i].name, mentions[i] = r[i].mentions;
  return hd_identities_plan(n, ids, keys, names, mentions, pairs);
}

int main(void) {
  static const row rows[] = {
      {1, "loc:us", "U.S.", 200},
      {2, "org:us", "US", 16},
      {3, "loc:united_states", "United States", 44},
      {4, "org:justice_department", "Justice Department", 29},
      {5, "org:department_of_justice", "Department of Justice", 15},
      {6, "loc:twiter", "Twitter", 20},
      {7, "org:twiter", "Twitter", 1},
      {8, "org:fbi", "FBI", 30},
      {9, "org:federal_bureau_of_investigation", "Federal Bureau of Investigation", 3},
      {10, "per:trump_donald", "Donald Trump", 50},
      {11, "loc:trump", "Trump", 2},   /* rule 1: into the person, not rule 4 */
      {12, "per:trump_donald_jr", "Donald Trump Jr.", 5},
      {13, "per:clinton_hilari", "Hillary Clinton", 10},
      {14, "per:clinton_bil", "Bill Clinton", 8},
      {15, "loc:clinton", "Clinton", 30},  /* a place: the persons' surname stays theirs */
      {16, "per:clinton", "Clinton", 6},   /* ambiguous surname: joins nobody */
      {17, "org:ap", "AP", 4},
      {18, "org:asociated_pres", "Associated Press", 3},
      {19, "org:american_pharmacists", "American Pharmacists", 2}, /* a second long form of "AP", not dominated */
      {20, "misc:harvard", "Harvard", 1},
      {21, "org:harvard", "Harvard", 1}, /* a tie: left apart */
      {22, "org:trump_jr", "Trump Jr.", 2}, /* rule 7: the surname and the suffix */
      {23, "per:donald_jr", "Donald Jr.", 1}, /* rule 7: the given name and the suffix */
      {24, "per:don_jr", "Don Jr.", 1},       /* a form of the given name */
      {25, "per:smith_john_jr", "John Smith Jr.", 3},
      {26, "per:smith_adam_jr", "Adam Smith Jr.", 2},
      {27, "per:smith_jr", "Smith Jr.", 1},   /* two fitting persons, none dominant: stays */
      {28, "per:clinton_jr", "Clinton Jr.", 1}, /* no person with the suffix: never the father */
  };
  int64_t(*pairs)[2] = NULL;
  size_t np = plan(rows, sizeof rows / sizeof *rows, &pairs);
  CHECK(into_of(pairs, np, 2) == 1);  /* US (ORG) -> U.S. */
  CHECK(into_of(pairs, np, 3) == 1);  /* United States -> U.S. (more mentions) */
  CHECK(into_of(pairs, np, 5) == 4);  /* Department of Justice -> Justice Department */
  CHECK(into_of(pairs, np, 7) == 6);  /* Twitter ORG -> Twitter LOC */
  CHECK(into_of(pairs, np, 9) == 8);  /* Federal Bureau of Investigation -> FBI */
  CHECK(into_of(pairs, np, 11) == 10);
  CHECK(into_of(pairs, np, 12) == 0); /* Jr. stays a person of his own */
  CHECK(into_of(pairs, np, 10) == 0);
  CHECK(into_of(pairs, np, 15) == 0);
  CHECK(into_of(pairs, np, 16) == 0);
  CHECK(into_of(pairs, np, 13) == 0 && into_of(pairs, np, 14) == 0);
  CHECK(into_of(pairs, np, 17) == 0 && into_of(pairs, np, 18) == 0); /* 3 vs 2: no dominant long form */
  CHECK(into_of(pairs, np, 20) == 0 && into_of(pairs, np, 21) == 0);
  CHECK(into_of(pairs, np, 22) == 12 && into_of(pairs, np, 23) == 12 && into_of(pairs, np, 24) == 12);
  CHECK(into_of(pairs, np, 27) == 0 && into_of(pairs, np, 25) == 0 && into_of(pairs, np, 28) == 0);
  for (size_t i = 0; i < np; i++) CHECK(into_of(pairs, np, pairs[i][1]) == 0); /* no chains */
  free(pairs);

  /* the long form dominant: the acronym joins it; no names: no acronym rule */
  static const row two[] = {{1, "org:ap", "AP", 4}, {2, "org:asociated_pres", "Associated Press", 9},
                            {3, "org:american_pharmacists", "American Pharmacists", 2}};
  np = plan(two, 3, &pairs);
  CHECK(np == 1 && into_of(pairs, np, 1) == 2);
  free(pairs);
  /* rule 8: a company's short name joins the one multi-word organisation
   * it begins, or the dominant one; two of about equal weight: it stays */
  static const row orgs[] = {{1, "org:corvane_therapeutics", "Corvane Therapeutics", 10},
                             {2, "org:corvane", "Corvane", 3},
                             {3, "org:lakemere_marine", "Lakemere Marine", 4},
                             {4, "org:lakemere_logistics", "Lakemere Logistics", 3},
                             {5, "org:lakemere", "Lakemere", 2},
                             {6, "org:ostrava_stel", "Ostrava Steel", 9},
                             {7, "org:ostrava_bank", "Ostrava Bank", 2},
                             {8, "org:ostrava", "Ostrava", 1},
                             {9, "loc:corvane_bay", "Corvane Bay", 5}};
  np = plan(orgs, sizeof orgs / sizeof *orgs, &pairs);
  CHECK(into_of(pairs, np, 2) == 1);
  CHECK(into_of(pairs, np, 5) == 0 && into_of(pairs, np, 3) == 0 && into_of(pairs, np, 4) == 0);
  CHECK(into_of(pairs, np, 8) == 6 && into_of(pairs, np, 7) == 0);
  CHECK(into_of(pairs, np, 9) == 0 && into_of(pairs, np, 1) == 0); /* a place is not the company */
  CHECK(np == 2);
  free(pairs);
  int64_t ids[2] = {1, 2}, m[2] = {4, 9};
  const char *keys[2] = {"org:ap", "org:asociated_pres"};
  np = hd_identities_plan(2, ids, keys, NULL, m, &pairs);
  CHECK(np == 0);
  free(pairs);
  return check_done();
}
