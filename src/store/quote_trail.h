/*
 * quote_trail.h: the trail of a quote across outlets. Quotes of one
 * speaker (a resolved identity) with the same or nearly the same words in
 * different articles are linked into a group (table quote_links,
 * docs/FORMAT.md): a direct or partial quote joins the group of an earlier
 * quote of the same speaker when the words of the shorter of the two are
 * at least 80% in the longer one (lower-cased words as sets; the shorter
 * has 4 words or more), i.e. the same quote, a cut of it, or a copy with
 * a word or two changed. Indirect speech is paraphrase and is not linked.
 *
 * hd_quote_links_update runs when an ingest closes (after identities are
 * joined, so speakers are final) over the quotes not linked yet, each
 * compared with the speaker's 200 most recent linked quotes: O(new quotes
 * x 200 x words), bounded per quote. hd_quote_trail_json reads one group
 * in date order: the first appearance (who printed it first), every
 * repeat with the same words, and the variants whose words differ, with
 * the words added and removed against the first (a possible misquote).
 *
 * Ownership: the JSON string is malloc'd (the caller frees it).
 */
#ifndef HD_QUOTE_TRAIL_H
#define HD_QUOTE_TRAIL_H

#include <sqlite3.h>
#include <stdint.h>

#include "herald.h"

#define HD_QUOTE_LINKS_SCHEMA                                                                             \
  "CREATE TABLE IF NOT EXISTS quote_links(quote_id INTEGER PRIMARY KEY, group_id INTEGER NOT NULL,\n"   \
  "  sim REAL NOT NULL);\n"                                                                              \
  "CREATE INDEX IF NOT EXISTS quote_links_group ON quote_links(group_id);\n"

/* Links the quotes stored since the last call, in one transaction.
 * Returns 0, or -1 with err filled (path names the store). */
int hd_quote_links_update(sqlite3 *db, const char *path, hd_err *err);

/* The trail of the group holding quote `id` as JSON:
 * {"quote","speaker","summary","outlets","first":{quote,article,outlet,date,title,content},
 *  "repeats":[{quote,article,outlet,date,title,copy}],
 *  "variants":[{quote,article,outlet,date,title,content,added:[],removed:[]}]}.
 * NULL with err HD_ERR_NOT_FOUND when the quote is in no group (not a
 * linked quote), or HD_ERR_DB. */
char *hd_quote_trail_json(sqlite3 *db, int64_t id, hd_err *err);

/* The group's one-line summary ("said first in X on DATE; repeated N
 * times; K variants; M outlets"), malloc'd; NULL when quote `id` is in no
 * group of two or more (or on a database error, with err set). */
char *hd_quote_trail_summary(sqlite3 *db, int64_t id, hd_err *err);

#endif
