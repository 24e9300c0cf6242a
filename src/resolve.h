/* resolve.h: the resolve stage: mentions -> identities within an article (canonical keys, aliases, titles). */
#ifndef HD_RESOLVE_H
#define HD_RESOLVE_H
#include "article.h"
void hd_resolve(hd_article *a);
#endif
