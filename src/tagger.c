/* tagger.c: SKELETON: loads nothing, tags nothing. Replaced by the NER stage. */
#include "tagger.h"

#include <stdlib.h>

#include "util/buf.h"

struct hd_tagger {
  int unused;
};

hd_tagger *hd_tagger_load(const char *path, hd_err *err) {
  (void)path;
  (void)err;
  return hd_xcalloc(1, sizeof(hd_tagger));
}

void hd_tagger_free(hd_tagger *t) { free(t); }

void hd_tag(const hd_tagger *t, hd_article *a) {
  (void)t;
  (void)a;
}
