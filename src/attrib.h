/*
 * attrib.h: the attribution stage: who said what. Reads tokens,
 * sentences, paragraphs, mentions and identities; fills a->quotes.
 */
#ifndef HD_ATTRIB_H
#define HD_ATTRIB_H
#include "article.h"
void hd_attribute(hd_article *a);
#endif
