/*
 * annotated.h: one line of herald's own annotate output read back into an
 * article (annotated.c), for `herald ingest --annotated`.
 */
#ifndef HD_ANNOTATED_H
#define HD_ANNOTATED_H

#include <stddef.h>

#include "herald.h"

/* The article one JSON line describes, with its metadata, text, mentions,
 * identities and quotes; NULL with err filled (HD_ERR_INPUT naming path
 * and lineno, or HD_ERR_NOMEM). The caller frees it with hd_article_free. */
hd_article *hd_article_from_json(const char *line, size_t len, const char *path, long lineno, hd_err *err);

#endif
