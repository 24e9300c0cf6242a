/*
 * clean_lexicon.h: the hand-written word lists the clean stage uses as
 * hints (outlet names, section names, photo agencies, placeholder words,
 * boilerplate openers). The rules in clean.c do not depend on a name
 * being listed; the lists only raise confidence (see docs/clean.md).
 *
 * All lookups are ASCII case-insensitive and take a non-owning
 * (pointer, length) slice; returned strings are static.
 * Complexity: O(list size * slice length), both bounded (lists are small
 * and callers cap slice lengths).
 */
#ifndef HD_CLEAN_LEXICON_H
#define HD_CLEAN_LEXICON_H

#include <stddef.h>

/* A NULL-terminated list of static strings. */
typedef const char *const hd_lex_list[];

/* Does the slice equal one entry of `list` (ASCII case-insensitive)?
 * Returns the entry, or NULL. */
const char *hd_lex_find(hd_lex_list list, const char *p, size_t n);
/* Does the slice start with one entry of `list` (ASCII case-insensitive)
 * followed by a non-letter (or the end)? Returns the entry, or NULL. */
const char *hd_lex_prefix(hd_lex_list list, const char *p, size_t n);

extern hd_lex_list HD_LEX_OUTLETS;        /* "The Washington Post", "Reuters", ... */
extern hd_lex_list HD_LEX_OUTLET_WORDS;   /* "Post", "Times", "Herald", ... */
extern hd_lex_list HD_LEX_SECTIONS;       /* "Opinion", "National Security", ... */
extern hd_lex_list HD_LEX_OPINION_SECTIONS;  /* sections that make kind=opinion */
extern hd_lex_list HD_LEX_ANALYSIS_SECTIONS; /* sections that make kind=analysis */
extern hd_lex_list HD_LEX_FUSABLE_SECTIONS;  /* labels safe to strip when fused */
extern hd_lex_list HD_LEX_CREDIT_WORDS;   /* "Getty Images", "AP", "Reuters", ... */
extern hd_lex_list HD_LEX_CAPTION_OPENERS; /* "Photo:", "Image:", "Credit:", ... */
extern hd_lex_list HD_LEX_AD_WORDS;       /* bracketed placeholder words: "ad", ... */
extern hd_lex_list HD_LEX_AD_LINES;       /* whole lines: "ADVERTISEMENT", ... */
extern hd_lex_list HD_LEX_HTML_TAGS;      /* "div", "span", "p", ... */
extern hd_lex_list HD_LEX_RELATED_HEADERS; /* "Read more on this topic", "Related", ... */
extern hd_lex_list HD_LEX_PROMO_OPENERS;  /* "Sign up for", "Share this article", ... */
extern hd_lex_list HD_LEX_PROMO_LINES;    /* whole lines: "Share", "Comments", ... */
extern hd_lex_list HD_LEX_BIO_WORDS;      /* "columnist", "correspondent", ... */
extern hd_lex_list HD_LEX_SOCIAL;         /* "Twitter", "Facebook", ... */
extern hd_lex_list HD_LEX_NAME_PARTICLES; /* "de", "van", "al", ... */
extern hd_lex_list HD_LEX_TIMESTAMP_OPENERS; /* "Updated", "Published", ... */
extern hd_lex_list HD_LEX_DISCLAIMERS;    /* "The views expressed", ... */

#endif
