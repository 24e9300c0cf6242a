/*
 * resolve.h: the resolve stage: mentions -> identities within an article
 * (canonical keys, aliases, titles), and the canonical key that joins
 * identities across articles (used by the store).
 */
#ifndef HD_RESOLVE_H
#define HD_RESOLVE_H
#include <stddef.h>

#include "text/article.h"

/* Groups a->mentions into a->identities and sets every mention's
 * identity; fills missing mention titles from the words before a person
 * ("Secretary of State John Kerry"). Identities own their strings. */
void hd_resolve(hd_article *a);

/* The canonical key of a name of type `type` (hd_ent_type), e.g.
 * "per:keri_john" for "Secretary of State John F. Kerry’s": diacritics,
 * case, titles, initials, possessives and "al-" prefixes dropped;
 * transliteration variants folded (y/i, ou/u, ph/f, doubled letters), so
 * Sergey/Sergei Lavrov and Bashar Assad/al-Assad share a key. A person's
 * key is "per:SURNAME_GIVEN" (plus a jr/sr/ii suffix); others join all
 * words. Returns a malloc'd string the caller frees, or NULL when the
 * name has no letters. */
char *hd_canonical_key(const char *name, size_t len, int type);

/* 1 if a folded, dot-less word is a generational suffix (jr, sr, ii, iii, iv). */
int hd_name_is_suffix(const char *w);

/* May the one-word organisation `word` be the short name of the
 * organisation named with n_words words, the first `first` and the last
 * `last` (all folded as in keys)? Yes when word is the first word, the
 * name has two or three words and ends in a designator
 * (data/lexicons/resolve_org_designators.txt: "Pharmaceuticals", "News",
 * "Inc"), and word is no institution's head noun ("House", "Senate").
 * Used within an article (resolve.c) and across the store (identities.c). */
/* Does the space-separated text (a title: "former Secretary of State")
 * hold the word w[0, n), ASCII case-insensitive, as a whole word? */
int hd_title_has_word(const char *title, const char *w, size_t n);

int hd_org_short_name(const char *word, const char *first, const char *last, int n_words);

#endif
