/*
 * fuzz_read.c: libFuzzer target for every reader and the per-article
 * pipeline. The first byte picks the reader (fuzz_input.h); its higher
 * bits pick options: (sel / 28) & 1 annotate each article, & 2 run
 * NER/attribution too when models/ner-en.bin loads, & 4 JSON with tokens.
 * Each article's JSON must be valid UTF-8 (else abort).
 */
#include "fuzz_input.h"

#include "herald.h"
#include "text/article.h"

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

typedef struct {
  unsigned opts;
} read_ctx;

static void on_article(void *vctx, hd_article *a) {
  read_ctx *c = vctx;
  hd_err err = {0};
  if (c->opts & 1) hd_annotate(pipeline(c->opts & 2), a, &err);
  size_t n;
  char *json = hd_article_json(a, (c->opts & 4) ? HD_JSON_TOKENS : 0, &n);
  fuzz_check_json(json, n);
  free(json);
  hd_article_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  read_ctx c = {(unsigned)(data[0] / 28)};
  hd_reader r = {0};
  r.max_record = 1 << 20;
  r.on_article = on_article;
  r.on_error = fuzz_ignore_error;
  r.ctx = &c;
  hd_read_path(&r, fuzz_file(data, size));
  return 0;
}
