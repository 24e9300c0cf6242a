/*
 * fuzz_annotate.c: libFuzzer target for the annotate entry point. The
 * first input byte picks options (cf. cmark-fuzz): bit 0 JSON output with
 * tokens, bit 1 run the NER/attribution stages when a model is available.
 * The rest is one article's raw bytes.
 */
#include <stdint.h>
#include <stdlib.h>

#include "herald.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static hd_pipeline *pipeline(int full) {
  static hd_pipeline *bare, *rich;
  static int tried;
  if (!bare) {
    hd_options o = {0};
    o.no_ner = 1;
    bare = hd_pipeline_new(&o, NULL);
  }
  if (full && !tried) {
    tried = 1;
    hd_options o = {0};
    rich = hd_pipeline_new(&o, NULL);
  }
  return full && rich ? rich : bare;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  uint8_t flags = data[0];
  hd_article *a = hd_article_new((const char *)data + 1, size - 1);
  hd_err err = {0};
  hd_annotate(pipeline(flags & 2), a, &err);
  size_t n;
  free(hd_article_json(a, (flags & 1) ? HD_JSON_TOKENS : 0, &n));
  hd_article_free(a);
  return 0;
}
