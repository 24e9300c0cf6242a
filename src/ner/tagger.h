/*
 * tagger.h: the named-entity stage: tokens -> mentions (PER, ORG, LOC,
 * MISC) with titles. The model is loaded once and shared read-only by
 * every article (thread-safe after load).
 */
#ifndef HD_TAGGER_H
#define HD_TAGGER_H
#include "text/article.h"

typedef struct hd_tagger hd_tagger;

/* Loads a model file; NULL with err filled when missing or corrupt. */
hd_tagger *hd_tagger_load(const char *path, hd_err *err);
void hd_tagger_free(hd_tagger *t);
/* Fills a->mentions from a->tokens and a->sentences. */
void hd_tag(const hd_tagger *t, hd_article *a);
#endif
