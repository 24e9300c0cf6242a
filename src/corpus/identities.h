/*
 * identities.h: one identity per person across the store (the last
 * corpus-wide step of `herald ingest`, run when the store closes).
 * See identities.c for the rules. Works on the SQLite store's tables
 * (entities, aliases, titles, mentions, article_entities, quotes).
 */
#ifndef HD_IDENTITIES_H
#define HD_IDENTITIES_H

#include <sqlite3.h>

#include "herald.h"

/* Joins entities that name one person (a surname-only or mistagged
 * one-word entity into the dominant full-name person with that surname;
 * a nickname or formal variant of the given name into the dominant full
 * name; never a Jr./Sr. of the same given name) or one organisation or
 * place (one name under several types, "Department of X" / "X
 * Department", an acronym and its long form) and sets every person's
 * display name to its most frequent full form. One transaction; returns
 * 0, or -1 with err filled (nothing changed). *joined counts the entities
 * folded away (may be NULL). */
int hd_identities_join(sqlite3 *db, const char *path, long *joined, hd_err *err);

/* The joins alone (rules 1, 2, 4, 5 and 6), for another database's
 * writer (writer_pg.c): over n entities (id, key, display name, mentions;
 * names may be NULL, which leaves out the acronym rule), returns how many
 * join and fills *pairs (malloc'd, freed by the caller) with {from, into}
 * ids, `into` always an identity that stays. */
size_t hd_identities_plan(size_t n, const int64_t *ids, const char *const *keys, const char *const *names,
                          const int64_t *mentions, int64_t (**pairs)[2]);

/* The canonical given-name key of a nickname ("joe" -> "josef", as
 * hd_canonical_key folds "Joseph"), or the word itself. */
const char *hd_given_name_root(const char *folded);
#endif
