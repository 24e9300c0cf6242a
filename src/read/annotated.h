/*
 * annotated.h: one line of herald's own annotate output read back into an
 * article (annotated.c), for `herald ingest --annotated`.
 */
#ifndef HD_ANNOTATED_H
#define HD_ANNOTATED_H

#include <stddef.h>

#include "herald.h"

/* hd_article_from_json: declared in the public herald.h. */

#endif
