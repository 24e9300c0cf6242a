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
 * x 200 x words), bounded per quote. The new quotes are taken speaker by
 * speaker (a quote's candidates are its speaker's earlier quotes only, so
 * the groups are those of id order) and the linker (hd_quote_linker) keeps
 * the speaker's recent word sets: one index read per speaker, one word set
 * per quote. The PostgreSQL store runs the same linker (writer_pg.c) over
 * the same SQL (the macros below are valid in both dialects). hd_quote_trail_json reads one group
 * in date order: the first appearance (who printed it first), every
 * repeat with the same words, and the variants whose words differ, with
 * the words added and removed against the first (a possible misquote).
 *
 * Ownership: the JSON string is malloc'd (the caller frees it).
 */
#ifndef HD_QUOTE_TRAIL_H
#define HD_QUOTE_TRAIL_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "herald.h"

#define HD_QUOTE_LINKS_SCHEMA                                                                             \
  "CREATE TABLE IF NOT EXISTS quote_links(quote_id INTEGER PRIMARY KEY, group_id INTEGER NOT NULL,\n"   \
  "  sim REAL NOT NULL);\n"                                                                              \
  "CREATE INDEX IF NOT EXISTS quote_links_group ON quote_links(group_id);\n"

/* quote_links in PostgreSQL */
#define HD_QUOTE_LINKS_SCHEMA_PG                                                                          \
  "CREATE TABLE IF NOT EXISTS quote_links(quote_id bigint PRIMARY KEY, group_id bigint NOT NULL,\n"     \
  "  sim double precision NOT NULL);\n"                                                                  \
  "CREATE INDEX IF NOT EXISTS quote_links_group ON quote_links(group_id);\n"

/* The quotes to link: id, article_id, speaker_id, content, by speaker. */
#define HD_QUOTE_LINKS_FRESH_SQL                                                                          \
  "SELECT id, article_id, speaker_id, content FROM quotes WHERE id >"                                     \
  " (SELECT coalesce(max(quote_id), 0) FROM quote_links) AND speaker_id IS NOT NULL"                      \
  " AND type != 'indirect' ORDER BY speaker_id, id"

/* A speaker's (S) 200 newest linked quotes before quote Q, outside
 * article A, newest first: id, content, group_id, article_id. */
#define HD_QUOTE_LINKS_RECENT_SQL(S, A, Q)                                                                \
  "SELECT q.id, q.content, l.group_id, q.article_id FROM quotes q JOIN quote_links l"                     \
  " ON l.quote_id = q.id WHERE q.speaker_id = " S " AND q.article_id != " A " AND q.id < " Q              \
  " ORDER BY q.id DESC LIMIT 200"

/* The members of the group of quote Q in date order: quote, article,
 * dup_of, type, content, outlet, date, title, speaker. */
#define HD_QUOTE_TRAIL_SQL(Q)                                                                             \
  "SELECT q.id, a.id, a.dup_of, q.type, q.content, a.outlet, a.date, a.title,"                           \
  " coalesce(e.name, q.speaker)"                                                                          \
  " FROM quote_links l JOIN quotes q ON q.id = l.quote_id JOIN articles a ON a.id = q.article_id"         \
  " LEFT JOIN entities e ON e.id = q.speaker_id"                                                          \
  " WHERE l.group_id = (SELECT group_id FROM quote_links WHERE quote_id = " Q ")"                          \
  " ORDER BY a.day IS NULL, a.day, a.id, q.id LIMIT 1000"

/* Links one speaker's quotes: start it with the speaker's linked quotes
 * from earlier closes (HD_QUOTE_LINKS_RECENT_SQL's rows, newest first),
 * then link its new quotes in id order: each returns its group (its own
 * id when no earlier quote is the same) and *sim. */
typedef struct hd_quote_linker hd_quote_linker;
hd_quote_linker *hd_quote_linker_new(void);
void hd_quote_linker_free(hd_quote_linker *l);
/* 1 when the linker holds speaker `speaker` */
int hd_quote_linker_has(const hd_quote_linker *l, int64_t speaker);
void hd_quote_linker_start(hd_quote_linker *l, int64_t speaker, size_t n, const int64_t *ids,
                           const int64_t *articles, const int64_t *groups, const char *const *contents);
int64_t hd_quote_linker_link(hd_quote_linker *l, int64_t id, int64_t article, const char *content, double *sim);

/* One member of a trail (HD_QUOTE_TRAIL_SQL's row; strings malloc'd). */
typedef struct {
  int64_t quote, article, dup_of;
  char *type, *content, *outlet, *date, *title, *speaker;
} hd_trail_member;
/* The trail JSON of quote id from its group's members in date order. */
char *hd_quote_trail_render(int64_t id, const hd_trail_member *m, size_t n);
void hd_trail_members_free(hd_trail_member *m, size_t n);
/* The one-line summary of a group of two or more (malloc'd), else NULL. */
char *hd_quote_trail_summary_of(const hd_trail_member *m, size_t n);

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
