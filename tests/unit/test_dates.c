/* test_dates.c: hd_date_normalise (src/read/meta.c) on dates cut short at
 * the end of the string. fuzz_ingest found "<month> " at the end of an
 * article:published_time value reading past the string's NUL (ASan:
 * heap-buffer-overflow), and the same lookahead in "YYYY-M" and "DD/"
 * forms; each string here is a heap copy of exactly its size, so ASan
 * (make asan) catches any read past it. Whole dates still parse. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "read/html.h"
#include "util/buf.h"

static int norm(const char *s, char *out, size_t cap) {
  char *copy = hd_xstrdup(s); /* exactly strlen + 1 bytes on the heap */
  int rc = hd_date_normalise(copy, out, cap);
  free(copy);
  return rc;
}

int main(void) {
  static const char *const CUT[] = {"March ", "March", "Mar 1", "2024-", "2024-1", "2024-11-", "2024/3/",
                                    "15/", "3.", "15.03", "1 March ", "Fri, 15 Mar", "May 2"};
  char out[64];
  for (size_t i = 0; i < sizeof CUT / sizeof *CUT; i++) CHECK(norm(CUT[i], out, sizeof out) == 0);
  CHECK(norm("March 15, 2024", out, sizeof out) == 1);
  CHECK_STR(out, "2024-03-15");
  CHECK(norm("2024-3-5", out, sizeof out) == 1);
  CHECK_STR(out, "2024-03-05");
  CHECK(norm("15/03/2024", out, sizeof out) == 1);
  CHECK_STR(out, "2024-03-15");
  CHECK(norm("1 March 2024", out, sizeof out) == 1);
  CHECK_STR(out, "2024-03-01");
  return check_done();
}
