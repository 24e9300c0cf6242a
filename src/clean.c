/* clean.c: SKELETON: copies raw to text. Replaced by the cleanup stage. */
#include "clean.h"

#include <string.h>

#include "util/buf.h"

void hd_clean(hd_article *a) {
  a->text = hd_xstrndup(a->raw, a->raw_len);
  a->text_len = a->raw_len;
  if (a->meta[HD_META_TITLE]) a->title = hd_xstrdup(a->meta[HD_META_TITLE]);
  if (a->meta[HD_META_SOURCE]) a->outlet = hd_xstrdup(a->meta[HD_META_SOURCE]);
}
