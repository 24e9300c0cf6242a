/*
 * test_wordclusters.c: word clusters on a synthetic corpus written here:
 * words used in the same contexts (animals after determiners and before
 * verbs; verbs after animals) end up sharing longer bit-string prefixes
 * than words of different roles; the bit strings have the requested depth,
 * the tokeniser splits punctuation and "'s", and two runs write the same
 * table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ner/wordclusters.h"

static const char *DETS[] = {"the", "a", "this", "that"};
static const char *NOUNS[] = {"cat", "dog", "horse", "cow", "goat", "sheep"};
static const char *VERBS[] = {"runs", "sleeps", "eats", "jumps", "sits"};
static const char *PLACES[] = {"Paris", "Lima", "Oslo", "Quito"};

static char *learn_table(void) {
  hd_wc *wc = hd_wc_new();
  char line[256];
  unsigned r = 12345;
  for (int i = 0; i < 4000; i++) {
    r = r * 1103515245u + 12345u;
    snprintf(line, sizeof line, "%s %s %s in %s's park, again.", DETS[(r >> 8) % 4],
             NOUNS[(r >> 12) % 6], VERBS[(r >> 16) % 5], PLACES[(r >> 20) % 4]);
    hd_wc_add_text(wc, line, strlen(line));
  }
  hd_wc_learn(wc, 3, 1000, 4, 6, NULL);
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&buf, &len);
  CHECK(hd_wc_write(wc, mem) == 0);
  fclose(mem);
  hd_wc_free(wc);
  return buf;
}

static const char *bits_of(const char *table, const char *word, char *out) {
  char key[64];
  snprintf(key, sizeof key, "\n%s\t", word);
  const char *p = strstr(table, key);
  if (!p && strncmp(table, key + 1, strlen(key + 1)) == 0) p = table - 1;
  if (!p) return NULL;
  p += strlen(key);
  size_t n = strcspn(p, "\t");
  memcpy(out, p, n);
  out[n] = '\0';
  return out;
}

static size_t common_prefix(const char *a, const char *b) {
  size_t n = 0;
  while (a[n] && a[n] == b[n]) n++;
  return n;
}

int main(void) {
  char *t1 = learn_table(), *t2 = learn_table();
  CHECK(t1 && t2 && strcmp(t1, t2) == 0); /* deterministic */
  char cat[64], dog[64], runs[64], eats[64], paris[64], lima[64], s[64], comma[64];
  CHECK(bits_of(t1, "cat", cat) && bits_of(t1, "dog", dog));
  CHECK(bits_of(t1, "runs", runs) && bits_of(t1, "eats", eats));
  CHECK(bits_of(t1, "Paris", paris) && bits_of(t1, "Lima", lima));
  CHECK(bits_of(t1, "'s", s) != NULL);         /* split from "Paris's" */
  CHECK(bits_of(t1, ",", comma) != NULL);      /* split from "park," */
  CHECK(bits_of(t1, "park,", comma) == NULL);
  CHECK(strlen(cat) == 4 && strlen(runs) == 4); /* depth = levels */
  CHECK(common_prefix(cat, dog) > common_prefix(cat, runs));
  CHECK(common_prefix(runs, eats) > common_prefix(runs, paris));
  CHECK(common_prefix(paris, lima) > common_prefix(paris, cat));
  free(t1);
  free(t2);
  return check_done();
}
