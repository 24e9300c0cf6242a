/*
 * test_lexicon.c: the word lists compiled from data/lexicons/
 * (tools/gen_lexicons.c, util/lexicon.h): every table is sorted and finds
 * each of its keys, the file order is kept for priority lists, quoted
 * entries keep their spaces, columns are split and numbers parsed, and the
 * lookups respect their length and case rules.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "util/lexicon.h"

static void every_list_sorted_and_searchable(void) {
  for (int id = 0; id < HD_LEX_COUNT; id++) {
    const hd_lexicon *lx = &hd_lexicons[id];
    CHECK(lx->n > 0);
    size_t n_sorted, n_order, n_rows;
    const char *const *sorted_keys = hd_lex_sorted((hd_lex_id)id, &n_sorted);
    const char *const *in_order = hd_lex_in_order((hd_lex_id)id, &n_order);
    const hd_lex_row *rows = hd_lex_rows((hd_lex_id)id, &n_rows);
    CHECK(n_sorted == lx->n && n_order == lx->n && n_rows == (lx->cols > 1 ? lx->n : 0));
    CHECK(hd_lex_sorted((hd_lex_id)id, &n_sorted) == sorted_keys); /* built once */
    int sorted = 1, found = 1, comments = 0;
    for (size_t i = 0; i < lx->n; i++) {
      if (i && strcmp(sorted_keys[i - 1], sorted_keys[i]) > 0) sorted = 0;
      long at = hd_lex_find((hd_lex_id)id, in_order[i], strlen(in_order[i]));
      if (at < 0 || strcmp(sorted_keys[at], in_order[i])) found = 0;
      if (in_order[i][0] == '#' || !in_order[i][0]) comments++;
      if (rows && strcmp(rows[i].col[0], sorted_keys[i])) found = 0;
    }
    if (!sorted || !found || comments) fprintf(stderr, "list %s: sorted %d found %d\n", lx->name, sorted, found);
    CHECK(sorted);
    CHECK(found);
    CHECK(comments == 0);
  }
}

static void lookups(void) {
  CHECK(hd_lex_has(HD_LEX_STOP_WORDS, "the", 3));
  CHECK(hd_lex_has(HD_LEX_STOP_WORDS, "there", 3)); /* only the first 3 bytes count */
  CHECK(!hd_lex_has(HD_LEX_STOP_WORDS, "thex", 4));
  CHECK(!hd_lex_has(HD_LEX_STOP_WORDS, "The", 3));
  CHECK(hd_lex_has_lower(HD_LEX_STOP_WORDS, "The", 3));
  CHECK(!hd_lex_has(HD_LEX_STOP_WORDS, "", 0));
  CHECK(!hd_lex_has(HD_LEX_STOP_WORDS, "the\0", 4)); /* a NUL is never part of a key */
  CHECK(hd_lex_has_str(HD_LEX_SEGMENT_TITLE_ABBREV, "Calif"));
  CHECK(!hd_lex_has_str(HD_LEX_SEGMENT_TITLE_ABBREV, "calif")); /* case-sensitive list */
  CHECK(hd_lex_find((hd_lex_id)-1, "a", 1) < 0);
  CHECK(hd_lex_find(HD_LEX_COUNT, "a", 1) < 0);
}

static void file_order_and_quotes(void) {
  size_t n;
  const char *const *copulas = hd_lex_in_order(HD_LEX_CLEAN_BIO_COPULAS, &n);
  CHECK(n == 5);
  CHECK_STR(copulas[0], " is a ");   /* quoted: the spaces stay */
  CHECK_STR(copulas[3], " writes "); /* clean.c's bio_line relies on this place */
  const char *const *months = hd_lex_in_order(HD_LEX_DATE_MONTHS_EN, &n);
  CHECK(n == 12);
  CHECK_STR(months[0], "january");
  CHECK_STR(months[11], "december");
}

static void columns(void) {
  size_t n;
  const hd_lex_row *rows = hd_lex_rows(HD_LEX_ATTRIB_LEARNED_BIGRAMS, &n);
  long i = hd_lex_find(HD_LEX_ATTRIB_LEARNED_BIGRAMS, "according", 9);
  CHECK(rows && i >= 0);
  if (rows && i >= 0) {
    CHECK_STR(rows[i].col[1], "to");
    CHECK(rows[i].num[2] > 0 && rows[i].num[3] >= rows[i].num[2]);
  }
  CHECK(hd_lex_rows(HD_LEX_STOP_WORDS, &n) == NULL && n == 0);
  rows = hd_lex_rows(HD_LEX_GIVEN_NAME_NICKNAMES, &n);
  i = hd_lex_find(HD_LEX_GIVEN_NAME_NICKNAMES, "bill", 4);
  CHECK(i >= 0 && !strcmp(rows[i].col[1], "william"));
}

static void case_insensitive_scans(void) {
  CHECK_STR(hd_lex_find_ci(HD_LEX_CLEAN_OUTLETS, "reuters", 7), "Reuters");
  CHECK(hd_lex_find_ci(HD_LEX_CLEAN_OUTLETS, "reuter", 6) == NULL);
  const char *line = "Sign up for our newsletter";
  const char *p = hd_lex_prefix_ci(HD_LEX_CLEAN_PROMO_OPENERS, line, strlen(line));
  CHECK(p && !strncasecmp(line, p, strlen(p)));
  CHECK(hd_lex_prefix_ci(HD_LEX_CLEAN_PROMO_OPENERS, "Signature", 9) == NULL);
}

int main(void) {
  every_list_sorted_and_searchable();
  lookups();
  file_order_and_quotes();
  columns();
  case_insensitive_scans();
  return check_done();
}
