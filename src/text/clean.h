/* clean.h: the clean stage: raw -> cleaned text, removed debris, metadata (title, section, kind, byline, outlet). */
#ifndef HD_CLEAN_H
#define HD_CLEAN_H
#include "text/article.h"
void hd_clean(hd_article *a);
#endif
