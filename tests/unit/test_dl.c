/* test_dl.c: util/dl.c, the first-use loader behind libpq,
 * libmicrohttpd, libxml2, uchardet and brotli: a missing library or
 * function is an error that names it, and a present one resolves; the
 * readers' table (read/web_dl.h) loads and its calls work. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "read/web_dl.h"
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

  /* the readers' libraries, opened on first use; a second load is a no-op */
  CHECK(hd_xml_load() == 0 && hd_xml_load() == 0);
  const char page[] = "<html><body><p id=x>Hello</p></body></html>";
  htmlDocPtr doc = htmlReadMemory(page, (int)strlen(page), NULL, "UTF-8", HTML_PARSE_NOERROR | HTML_PARSE_NONET);
  CHECK(doc != NULL);
  xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
  CHECK(root && !strcmp((const char *)root->name, "html"));
  xmlChar *body = root ? xmlNodeGetContent(root) : NULL;
  CHECK(body && !strcmp((const char *)body, "Hello"));
  if (body) xmlFree(body);
  if (doc) xmlFreeDoc(doc);
  CHECK(hd_chardet_load() == 0);
  uchardet_t ud = uchardet_new();
  const char latin1[] = "Caf\351 cr\350me br\373l\351e \340 la fran\347aise, d\351j\340 vu, na\357ve fa\347ade";
  CHECK(ud && uchardet_handle_data(ud, latin1, strlen(latin1)) == 0);
  if (ud) {
    uchardet_data_end(ud);
    CHECK(uchardet_get_charset(ud) != NULL);
    uchardet_delete(ud);
  }
  CHECK(hd_brotli_load() == 0);
  BrotliDecoderState *st = BrotliDecoderCreateInstance(NULL, NULL, NULL);
  CHECK(st != NULL);
  const uint8_t empty[] = {0x06}; /* brotli's encoding of the empty stream */
  size_t avail_in = 1, avail_out = 0;
  const uint8_t *next_in = empty;
  CHECK(st && BrotliDecoderDecompressStream(st, &avail_in, &next_in, &avail_out, NULL, NULL) ==
                  BROTLI_DECODER_RESULT_SUCCESS);
  if (st) BrotliDecoderDestroyInstance(st);
  return check_done();
}
