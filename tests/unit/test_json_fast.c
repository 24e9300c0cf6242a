/*
 * test_json_fast.c: the fast JSON parser builds exactly cJSON's tree
 * (types, keys, strings, numbers to the bit, order, the first child's
 * prev = the last) and the same end pointer for the texts it takes, and
 * declines (NULL) what it leaves to cJSON: surrogate escapes, exponents, long
 * numbers, malformed text, deep nesting. Given files (JSON Lines), it
 * compares every line the same way (a check by hand on real inputs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "read/json_fast.h"

static int same_tree(const cJSON *a, const cJSON *b) {
  if (!a || !b) return a == b;
  if (a->type != b->type || a->valueint != b->valueint) return 0;
  if (memcmp(&a->valuedouble, &b->valuedouble, sizeof a->valuedouble)) return 0;
  if (!a->string != !b->string || (a->string && strcmp(a->string, b->string))) return 0;
  if (!a->valuestring != !b->valuestring || (a->valuestring && strcmp(a->valuestring, b->valuestring))) return 0;
  const cJSON *x = a->child, *y = b->child, *lx = NULL, *ly = NULL;
  for (; x || y; lx = x, ly = y, x = x->next, y = y->next)
    if (!x || !y || !same_tree(x, y) || x->prev != (lx ? lx : a->child->prev) || y->prev != (ly ? ly : b->child->prev))
      return 0;
  return !lx || (a->child->prev == lx && b->child->prev == ly); /* the first's prev is the last */
}

/* Both parsers on text: 1 when the fast one took it and agrees with
 * cJSON, 0 when it declined, -1 when it took it and disagrees. */
static int compare(const char *text, size_t len) {
  hd_arena a;
  hd_arena_init(&a, 0);
  const char *fe = NULL, *ce = NULL;
  cJSON *f = hd_json_fast_parse(&a, text, len, &fe);
  cJSON *c = cJSON_ParseWithLengthOpts(text, len, &ce, 0);
  int r = !f ? 0 : c && fe == ce && same_tree(f, c) ? 1 : -1;
  cJSON_Delete(c);
  hd_arena_free(&a);
  return r;
}

static int take(const char *s) { return compare(s, strlen(s)); }

int main(int argc, char **argv) {
  /* taken, and the same tree */
  CHECK(take("{\"title\":\"Mills Ltd opens a plant\",\"n\":12,\"x\":-3.25,\"z\":0.982}") == 1);
  CHECK(take(" {\"a\" : [ [0, 206] , [211,384] ], \"b\":null,\"c\":true,\"d\":false,\"e\":{}} \n") == 1);
  CHECK(take("{\"s\":\"tab\\there \\\"quoted\\\" \\\\ \\/ \\n\\r\\b\\f\",\"k\":\"\"}") == 1);
  CHECK(take("{\"dup\":1,\"dup\":2,\"neg0\":-0,\"lead\":007,\"big\":2147483648,\"low\":-2147483649}") == 1);
  CHECK(take("[1.5, 0.1, 123456789012345, 99.999999999]") == 1);
  CHECK(take("{\"raw\":\"caf\xc3\xa9 \xff bytes\"}") == 1);
  CHECK(take("\"alone\"") == 1);
  CHECK(take("{\"q\":\"say \\\"hi\\\\\\\" x\\\\\\\\\",\"n\":1}") == 1); /* escaped quotes, backslash runs */
  CHECK(take("{\"a\":1} trailing") == 1); /* the end pointer says where the object ended */
  CHECK(take("[]") == 1);
  /* declined: cJSON decides */
  CHECK(take("{\"u\":\"caf\\u00e9 \\u20AC \\u0041\\u007f\\u0080\\u07FF\\u0800\\uffff\"}") == 1);
  CHECK(take("{\"u\":\"\\u0000 after\"}") == 1);
  CHECK(take("{\"u\":\"\\ud83d\\ude00\"}") == 0);
  CHECK(take("{\"u\":\"\\u12G4\"}") == 0);
  CHECK(take("{\"u\":\"\\u12\"}") == 0);
  CHECK(take("{\"e\":1e5}") == 0);
  CHECK(take("{\"e\":1.5E-3}") == 0);
  CHECK(take("{\"long\":1234567890123456}") == 0);
  CHECK(take("{\"a\":1,}") == 0);
  CHECK(take("{\"a\" 1}") == 0);
  CHECK(take("{\"a\":[1 2]}") == 0);
  CHECK(take("{\"a\":\"open}") == 0);
  CHECK(take("{\"a\":.5}") == 0);
  CHECK(take("{\"a\":1.}") == 0);
  CHECK(take("{\"a\":-}") == 0);
  CHECK(take("{\"a\":nul}") == 0);
  CHECK(take("{\"a\":\"bad \\q escape\"}") == 0);
  CHECK(take("\xEF\xBB\xBF{\"bom\":1}") == 0);
  CHECK(take("") == 0);
  char deep[1024];
  memset(deep, '[', 300);
  memset(deep + 300, ']', 300);
  deep[600] = 0;
  CHECK(take(deep) == 0);
  memset(deep, '[', 100);
  memset(deep + 100, ']', 100);
  deep[200] = 0;
  CHECK(take(deep) == 1);
  /* many nodes and strings, one longer than a run of string bytes */
  static char big[40000];
  size_t n = 0;
  n += (size_t)snprintf(big + n, sizeof big - n, "{");
  for (int i = 0; i < 300; i++)
    n += (size_t)snprintf(big + n, sizeof big - n, "%s\"k%d\":[%d,\"%.*s\",{\"x\":%d.5}]", i ? "," : "", i, i, i * 7 % 90,
                          "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmn", -i);
  n += (size_t)snprintf(big + n, sizeof big - n, ",\"long\":\"");
  for (int i = 0; i < 3000; i++) big[n++] = (char)('a' + i % 26);
  n += (size_t)snprintf(big + n, sizeof big - n, "\"}");
  CHECK(compare(big, n) == 1);
  /* lines of files given on the command line */
  for (int i = 1; i < argc; i++) {
    FILE *f = fopen(argv[i], "r");
    if (!f) continue;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long taken = 0, declined = 0, wrong = 0;
    while ((n = getline(&line, &cap, f)) > 0) {
      int r = compare(line, (size_t)n);
      taken += r == 1, declined += r == 0, wrong += r < 0;
    }
    printf("%s: %ld taken, %ld declined, %ld different\n", argv[i], taken, declined, wrong);
    CHECK(wrong == 0);
    free(line);
    fclose(f);
  }
  return check_done();
}
