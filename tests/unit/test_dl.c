/* test_dl.c: util/dl.c, the first-use loader behind libpq and
 * libmicrohttpd: a missing library or function is an error that names it,
 * and a present one resolves. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util/dl.h"

int main(void) {
  char why[200] = "";
  CHECK(hd_dl_open("libherald-no-such-library.so.9", "a test library", why, sizeof why) == NULL);
  CHECK(strstr(why, "cannot load a test library libherald-no-such-library.so.9") != NULL);

  why[0] = 0;
  void *libc = hd_dl_open("libc.so.6", "the C library", why, sizeof why);
  CHECK(libc != NULL && why[0] == 0);
  size_t (*len)(const char *) = NULL;
  CHECK(hd_dl_sym(libc, "libc.so.6", "strlen", (void **)&len, why, sizeof why) == 0);
  CHECK(len && len("herald") == 6);
  void *none = NULL;
  CHECK(hd_dl_sym(libc, "libc.so.6", "hd_no_such_function", &none, why, sizeof why) == -1);
  CHECK(none == NULL && strstr(why, "libc.so.6 has no hd_no_such_function") != NULL);
  return check_done();
}
