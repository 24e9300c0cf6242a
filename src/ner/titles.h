/*
 * titles.h: attaches a role phrase ("Secretary of State", "Foreign
 * Minister", "Rep. ... (D-Hawaii)") to person mentions as hd_mention.title.
 * General rules over a hand-written list of role heads; see titles.c.
 */
#ifndef HD_TITLES_H
#define HD_TITLES_H
#include "text/article.h"

/* Sets m->title for PER mentions of a that have an adjacent role. */
void hd_titles_attach(hd_article *a);
#endif
