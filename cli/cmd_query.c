/*
 * cmd_query.c: the query verbs over a store written by `herald ingest`:
 *   herald search QUERY     FTS5 (BM25, title weighted 5x), snippets, filters
 *   herald stories          stories, largest and latest first
 *   herald story ID         timeline (copies folded) and who said what
 *   herald quotes --speaker NAME
 *   herald entity NAME      aliases, titles, counts, co-occurring, quotes
 * Each takes --db FILE (default herald.db) and --json. The store is
 * opened read-only. Complexity: one indexed query per section; `search`
 * is FTS5's (posting lists of the query terms).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "corpus/cluster.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/json.h"

typedef struct {
  const char *db, *arg, *outlet, *since, *until, *entity, *speaker;
  int json, limit, window;
} query_opts;

/* Parses the options shared by the verbs; returns -1 on a usage error. */
static int parse(int argc, char **argv, query_opts *o, const char *usage) {
  memset(o, 0, sizeof *o);
  o->db = "herald.db";
  o->limit = 20;
  o->window = 1000;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (cli_is(a, "--help") || cli_is(a, "-h")) {
      fputs(usage, stdout);
      return 1;
    } else if (cli_is(a, "--json")) o->json = 1;
    else if (cli_is(a, "--db") || cli_is(a, "--outlet") || cli_is(a, "--since") || cli_is(a, "--until") ||
             cli_is(a, "--entity") || cli_is(a, "--speaker") || cli_is(a, "--limit") || cli_is(a, "--window")) {
      const char *v = cli_value(argc, argv, &i);
      if (!v) return -1;
      if (cli_is(a, "--db")) o->db = v;
      else if (cli_is(a, "--outlet")) o->outlet = v;
      else if (cli_is(a, "--since")) o->since = v;
      else if (cli_is(a, "--until")) o->until = v;
      else if (cli_is(a, "--entity")) o->entity = v;
      else if (cli_is(a, "--speaker")) o->speaker = v;
      else if (cli_is(a, "--window")) o->window = atoi(v);
      else o->limit = atoi(v);
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "herald %s: unknown option %s\n", argv[0], a);
      fputs(usage, stderr);
      return -1;
    } else if (!o->arg) o->arg = a;
    else {
      fprintf(stderr, "herald %s: one argument expected\n", argv[0]);
      fputs(usage, stderr);
      return -1;
    }
  }
  if (o->limit <= 0) o->limit = 20;
  return 0;
}

static sqlite3 *open_db(const query_opts *o) {
  hd_err err = {0};
  sqlite3 *db = hd_store_open_query(o->db, &err);
  if (!db) cli_report(&err);
  return db;
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
    fprintf(stderr, "herald: query failed: %s\n", sqlite3_errmsg(db));
    return NULL;
  }
  return st;
}

static const char *col(sqlite3_stmt *st, int i) { return (const char *)sqlite3_column_text(st, i); }
static const char *or_dash(const char *s) { return s && *s ? s : "-"; }

static void bind_opt(sqlite3_stmt *st, int i, const char *s) {
  if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
  else sqlite3_bind_null(st, i);
}

static void json_col(hd_buf *b, const char *key, sqlite3_stmt *st, int i, int *first) {
  hd_json_sep(b, first);
  hd_json_key(b, key);
  switch (sqlite3_column_type(st, i)) {
    case SQLITE_NULL: hd_buf_puts(b, "null"); break;
    case SQLITE_INTEGER: hd_json_int(b, sqlite3_column_int64(st, i)); break;
    case SQLITE_FLOAT: hd_json_double(b, sqlite3_column_double(st, i)); break;
    default: hd_json_cstr(b, col(st, i));
  }
}

/* json_col for columns from, from+1, ... named by the NULL-ended keys. */
static void json_cols(hd_buf *b, sqlite3_stmt *st, int from, const char *const *keys, int *first) {
  for (int i = 0; keys[i]; i++) json_col(b, keys[i], st, from + i, first);
}

static int flush_json(hd_buf *b) {
  hd_buf_putc(b, '\n');
  fwrite(b->ptr, 1, b->len, stdout);
  hd_buf_free(b);
  return EXIT_OK;
}

/* Entity ids matching NAME: exact name, key or alias (case-insensitive). */
#define ENTITY_MATCH                                                                            \
  "(SELECT id FROM entities WHERE name = ?%d COLLATE NOCASE OR key = ?%d"                         \
  " UNION SELECT entity_id FROM aliases WHERE alias = ?%d COLLATE NOCASE)"

/* ---- search ---- */

/* Steps a search statement, writing each row to b (JSON) or stdout. */
static int print_matches(sqlite3_stmt *st, const query_opts *o, hd_buf *b, int *n) {
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (o->json) {
      int first = 1;
      if (*n) hd_buf_putc(b, ',');
      hd_buf_putc(b, '{');
      json_cols(b, st, 0, (const char *const[]){"id", "date", "outlet", "title", "story", "snippet", NULL}, &first);
      hd_json_sep(b, &first);
      hd_json_key(b, "score");
      hd_json_double(b, -sqlite3_column_double(st, 6));
      hd_buf_putc(b, '}');
    } else {
      printf("%lld  %s  %s  %s  (story %lld)\n    %s\n", (long long)sqlite3_column_int64(st, 0), or_dash(col(st, 1)),
             or_dash(col(st, 2)), or_dash(col(st, 3)), (long long)sqlite3_column_int64(st, 4), or_dash(col(st, 5)));
    }
    (*n)++;
  }
  return rc;
}

/* "cease-fire talks" -> "\"cease-fire\" \"talks\"": every word a quoted
 * FTS5 string (implicit AND), for queries that are not FTS5 syntax. */
static char *quote_terms(const char *q) {
  hd_buf b;
  hd_buf_init(&b, 0);
  for (const char *p = q; *p;) {
    while (*p == ' ' || *p == '\t') p++;
    if (!*p) break;
    if (b.len) hd_buf_putc(&b, ' ');
    hd_buf_putc(&b, '"');
    for (; *p && *p != ' ' && *p != '\t'; p++) {
      if (*p == '"') hd_buf_putc(&b, '"');
      hd_buf_putc(&b, *p);
    }
    hd_buf_putc(&b, '"');
  }
  return hd_buf_take(&b, NULL);
}

int cmd_search(int argc, char **argv) {
  static const char usage[] =
      "usage: herald search QUERY [--db FILE] [--outlet NAME] [--since DATE] [--until DATE]\n"
      "                           [--entity NAME] [--limit N] [--window N] [--json]\n"
      "Full-text search (FTS5 syntax: words, \"phrases\", AND/OR/NOT, prefix*), ranked by\n"
      "BM25 with the title weighted 5x; prints id, date, outlet, title and a snippet.\n"
      "Without filters, a query matching more than --window articles (default 1000;\n"
      "0 = no limit) is ranked among the most recently stored matches (bounded cost).\n";
  query_opts o;
  int p = parse(argc, argv, &o, usage);
  if (p) return p > 0 ? EXIT_OK : EXIT_USAGE;
  if (!o.arg) { fputs(usage, stderr); return EXIT_USAGE; }
  sqlite3 *db = open_db(&o);
  if (!db) return EXIT_SOME_FAILED;
  char sql[2048];
  /* Rank first (filters applied), then make snippets for the top rows
   * only. A query matching more than `window` articles is ranked among
   * the `window` most recently stored matches, which bounds the work. */
  snprintf(sql, sizeof sql,
           "WITH top AS (SELECT a.id AS id, bm25(articles_fts, 5.0, 1.0) AS score"
           " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
           " WHERE articles_fts MATCH ?1"
           " AND (?7 <= 0 OR articles_fts.rowid >= coalesce((SELECT min(rowid) FROM (SELECT rowid FROM articles_fts"
           "   WHERE articles_fts MATCH ?1 ORDER BY rowid DESC LIMIT ?7)), 0))"
           " AND (?2 IS NULL OR a.outlet = ?2 COLLATE NOCASE)"
           " AND (?3 IS NULL OR a.day >= ?3) AND (?4 IS NULL OR a.day <= ?4)"
           " AND (?5 IS NULL OR a.id IN (SELECT article_id FROM article_entities WHERE entity_id IN " ENTITY_MATCH "))"
           " ORDER BY score LIMIT ?6)"
           " SELECT a.id, a.date, a.outlet, a.title, a.story_id, snippet(articles_fts, 1, '[', ']', '...', 16), top.score"
           " FROM top JOIN articles_fts ON articles_fts.rowid = top.id JOIN articles a ON a.id = top.id"
           " WHERE articles_fts MATCH ?1 ORDER BY top.score",
           5, 5, 5);
  sqlite3_stmt *st = prepare(db, sql);
  if (!st) { sqlite3_close(db); return EXIT_SOME_FAILED; }
  bind_opt(st, 2, o.outlet);
  if (o.since) sqlite3_bind_int64(st, 3, hd_parse_day(o.since));
  if (o.until) sqlite3_bind_int64(st, 4, hd_parse_day(o.until));
  bind_opt(st, 5, o.entity);
  sqlite3_bind_int(st, 6, o.limit);
  /* with filters, rank every match so that none is cut off by the window */
  sqlite3_bind_int(st, 7, o.outlet || o.since || o.until || o.entity ? 0 : o.window);
  hd_buf b;
  hd_buf_init(&b, 0);
  if (o.json) hd_buf_putc(&b, '[');
  int n = 0, rc;
  char *quoted = NULL;
  sqlite3_bind_text(st, 1, o.arg, -1, SQLITE_STATIC);
  rc = print_matches(st, &o, &b, &n);
  /* "cease-fire" reads as column "fire" in FTS5 syntax: search the words as typed */
  if (rc != SQLITE_DONE && n == 0 && !strncmp(sqlite3_errmsg(db), "no such column", 14)) {
    quoted = quote_terms(o.arg);
    sqlite3_reset(st);
    sqlite3_bind_text(st, 1, quoted, -1, SQLITE_STATIC);
    rc = print_matches(st, &o, &b, &n);
  }
  int status = EXIT_OK;
  if (rc != SQLITE_DONE) {
    fprintf(stderr, "herald search: %s\n", sqlite3_errmsg(db));
    status = EXIT_USAGE; /* a malformed FTS5 query */
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  free(quoted);
  if (o.json) {
    hd_buf_putc(&b, ']');
    if (status == EXIT_OK) flush_json(&b);
    else hd_buf_free(&b);
  } else if (n == 0 && status == EXIT_OK) printf("no matches\n");
  hd_buf_free(&b);
  return status;
}

/* ---- stories ---- */

int cmd_stories(int argc, char **argv) {
  static const char usage[] =
      "usage: herald stories [--db FILE] [--since DATE] [--limit N] [--json]\n"
      "Lists stories, largest and latest first: id, articles, outlets, first and last\n"
      "date, label (top entities and terms).\n";
  query_opts o;
  int p = parse(argc, argv, &o, usage);
  if (p) return p > 0 ? EXIT_OK : EXIT_USAGE;
  sqlite3 *db = open_db(&o);
  if (!db) return EXIT_SOME_FAILED;
  sqlite3_stmt *st = prepare(db,
                             "SELECT id, label, articles, outlets, first, last FROM stories"
                             " WHERE merged_into IS NULL AND articles > 0 AND (?1 IS NULL OR last >= ?1)"
                             " ORDER BY articles DESC, last DESC, id DESC LIMIT ?2");
  if (!st) { sqlite3_close(db); return EXIT_SOME_FAILED; }
  bind_opt(st, 1, o.since);
  sqlite3_bind_int(st, 2, o.limit);
  hd_buf b;
  hd_buf_init(&b, 0);
  if (o.json) hd_buf_putc(&b, '[');
  int n = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (o.json) {
      int first = 1;
      if (n) hd_buf_putc(&b, ',');
      hd_buf_putc(&b, '{');
      json_cols(&b, st, 0, (const char *const[]){"id", "label", "articles", "outlets", "first", "last", NULL}, &first);
      hd_buf_putc(&b, '}');
    } else {
      if (!n) printf("%6s %8s %7s  %-10s  %-10s  %s\n", "id", "articles", "outlets", "first", "last", "label");
      printf("%6lld %8lld %7lld  %-10s  %-10s  %s\n", (long long)sqlite3_column_int64(st, 0),
             (long long)sqlite3_column_int64(st, 2), (long long)sqlite3_column_int64(st, 3), or_dash(col(st, 4)),
             or_dash(col(st, 5)), or_dash(col(st, 1)));
    }
    n++;
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  if (o.json) {
    hd_buf_putc(&b, ']');
    return flush_json(&b);
  }
  if (!n) printf("no stories\n");
  return EXIT_OK;
}

/* ---- story ---- */

static void story_timeline(sqlite3 *db, long long id, int json, hd_buf *b) {
  /* originals by date; copies in the same story folded under them */
  sqlite3_stmt *st = prepare(db,
                             "SELECT id, date, outlet, title,"
                             " (dup_of IS NOT NULL AND dup_of IN (SELECT id FROM articles WHERE story_id = ?1)) AS folded"
                             " FROM articles WHERE story_id = ?1 ORDER BY folded, day IS NULL, day, id");
  sqlite3_stmt *copies = prepare(db, "SELECT id, date, outlet, dup_sim FROM articles WHERE dup_of = ?1 AND story_id = ?2"
                                     " ORDER BY day IS NULL, day, id");
  if (!st || !copies) {
    sqlite3_finalize(st);
    sqlite3_finalize(copies);
    return;
  }
  sqlite3_bind_int64(st, 1, id);
  if (json) hd_buf_puts(b, ",\"timeline\":[");
  else printf("\ntimeline\n");
  int n = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (sqlite3_column_int(st, 4)) break; /* copies of an article in this story come last, folded */
    long long aid = sqlite3_column_int64(st, 0);
    if (json) {
      int first = 1;
      if (n) hd_buf_putc(b, ',');
      hd_buf_putc(b, '{');
      json_cols(b, st, 0, (const char *const[]){"id", "date", "outlet", "title", NULL}, &first);
      hd_buf_puts(b, ",\"copies\":[");
    } else
      printf("  %-10s  %-20s  %s  [%lld]\n", or_dash(col(st, 1)), or_dash(col(st, 2)), or_dash(col(st, 3)), aid);
    sqlite3_bind_int64(copies, 1, aid);
    sqlite3_bind_int64(copies, 2, id);
    int k = 0;
    while (sqlite3_step(copies) == SQLITE_ROW) {
      if (json) {
        int first = 1;
        if (k) hd_buf_putc(b, ',');
        hd_buf_putc(b, '{');
        json_cols(b, copies, 0, (const char *const[]){"id", "date", "outlet", "similarity", NULL}, &first);
        hd_buf_putc(b, '}');
      } else
        printf("      = copy: %-10s  %-20s  similarity %.2f  [%lld]\n", or_dash(col(copies, 1)), or_dash(col(copies, 2)),
               sqlite3_column_double(copies, 3), (long long)sqlite3_column_int64(copies, 0));
      k++;
    }
    sqlite3_reset(copies);
    if (json) hd_buf_puts(b, "]}");
    n++;
  }
  if (json) hd_buf_putc(b, ']');
  sqlite3_finalize(st);
  sqlite3_finalize(copies);
}

static void story_speakers(sqlite3 *db, long long id, int json, hd_buf *b) {
  sqlite3_stmt *st = prepare(db,
                             "SELECT coalesce(e.name, q.speaker, '(unknown)') AS who, q.speaker_id, q.type, q.content,"
                             " a.outlet, a.date, a.id FROM quotes q JOIN articles a ON a.id = q.article_id"
                             " LEFT JOIN entities e ON e.id = q.speaker_id"
                             " WHERE a.story_id = ?1 AND a.dup_of IS NULL ORDER BY who COLLATE NOCASE, a.day IS NULL, a.day, q.id");
  if (!st) return;
  sqlite3_bind_int64(st, 1, id);
  if (json) hd_buf_puts(b, ",\"speakers\":[");
  else printf("\nwho said what\n");
  hd_buf prev;
  hd_buf_init(&prev, 0);
  int n = 0, k = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *who = col(st, 0);
    int same = n && strcasecmp(prev.ptr, who) == 0;
    if (!same) {
      hd_buf_clear(&prev);
      hd_buf_puts(&prev, who);
      if (json) {
        if (n) hd_buf_puts(b, "]},");
        int first = 1;
        hd_buf_putc(b, '{');
        hd_json_sep(b, &first);
        hd_json_key(b, "speaker");
        hd_json_cstr(b, who);
        json_col(b, "entity", st, 1, &first);
        hd_buf_puts(b, ",\"quotes\":[");
        k = 0;
      } else printf("  %s\n", who);
    }
    if (json) {
      int first = 1;
      if (k) hd_buf_putc(b, ',');
      hd_buf_putc(b, '{');
      json_cols(b, st, 2, (const char *const[]){"type", "content", "outlet", "date", "article", NULL}, &first);
      hd_buf_putc(b, '}');
    } else
      printf("    %s %s: %s\n", or_dash(col(st, 5)), or_dash(col(st, 4)), or_dash(col(st, 3)));
    n++, k++;
  }
  if (json) hd_buf_puts(b, n ? "]}]" : "]");
  else if (!n) printf("  (no quotations)\n");
  hd_buf_free(&prev);
  sqlite3_finalize(st);
}

int cmd_story(int argc, char **argv) {
  static const char usage[] =
      "usage: herald story ID [--db FILE] [--json]\n"
      "One story: its articles by date (near-duplicate copies folded under the\n"
      "original), then who said what, grouped by speaker.\n";
  query_opts o;
  int p = parse(argc, argv, &o, usage);
  if (p) return p > 0 ? EXIT_OK : EXIT_USAGE;
  if (!o.arg) { fputs(usage, stderr); return EXIT_USAGE; }
  long long id = atoll(o.arg);
  sqlite3 *db = open_db(&o);
  if (!db) return EXIT_SOME_FAILED;
  /* a merged story id leads to the story it was merged into */
  sqlite3_stmt *st = prepare(db,
                             "WITH RECURSIVE m(id, into_) AS (SELECT id, merged_into FROM stories WHERE id = ?1"
                             " UNION ALL SELECT s.id, s.merged_into FROM stories s JOIN m ON s.id = m.into_)"
                             " SELECT s.id, s.label, s.articles, s.outlets, s.first, s.last, s.thread_id"
                             " FROM m JOIN stories s ON s.id = m.id WHERE m.into_ IS NULL");
  if (!st) { sqlite3_close(db); return EXIT_SOME_FAILED; }
  sqlite3_bind_int64(st, 1, id);
  if (sqlite3_step(st) != SQLITE_ROW) {
    fprintf(stderr, "herald story: no story %s\n", o.arg);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return EXIT_SOME_FAILED;
  }
  id = sqlite3_column_int64(st, 0);
  long long thread = sqlite3_column_int64(st, 6);
  hd_buf b;
  hd_buf_init(&b, 0);
  if (o.json) {
    int first = 1;
    hd_buf_putc(&b, '{');
    json_cols(&b, st, 0, (const char *const[]){"id", "label", "articles", "outlets", "first", "last", "thread", NULL}, &first);
  } else
    printf("story %lld: %s\n%lld articles, %lld outlets, %s .. %s\n", id, or_dash(col(st, 1)),
           (long long)sqlite3_column_int64(st, 2), (long long)sqlite3_column_int64(st, 3), or_dash(col(st, 4)),
           or_dash(col(st, 5)));
  sqlite3_finalize(st);
  /* other stories of the same thread */
  st = prepare(db, "SELECT id, label FROM stories WHERE thread_id = ?1 AND id != ?2 AND merged_into IS NULL"
                   " AND articles > 0 ORDER BY id");
  if (st) {
    sqlite3_bind_int64(st, 1, thread);
    sqlite3_bind_int64(st, 2, id);
    if (o.json) hd_buf_puts(&b, ",\"related\":[");
    int n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
      if (o.json) {
        if (n) hd_buf_putc(&b, ',');
        hd_json_int(&b, sqlite3_column_int64(st, 0));
      } else printf("%s story %lld (%s)", n ? "," : "same thread:", (long long)sqlite3_column_int64(st, 0), or_dash(col(st, 1)));
      n++;
    }
    if (o.json) hd_buf_putc(&b, ']');
    else if (n) putchar('\n');
    sqlite3_finalize(st);
  }
  story_timeline(db, id, o.json, &b);
  story_speakers(db, id, o.json, &b);
  sqlite3_close(db);
  if (o.json) {
    hd_buf_putc(&b, '}');
    return flush_json(&b);
  }
  return EXIT_OK;
}

/* ---- quotes ---- */

int cmd_quotes(int argc, char **argv) {
  static const char usage[] =
      "usage: herald quotes --speaker NAME [--db FILE] [--limit N] [--json]\n"
      "Every attribution of a speaker, latest first: matched by entity name, alias or\n"
      "key, or the quoted source text; failing those, by part of a name or source.\n";
  query_opts o;
  int p = parse(argc, argv, &o, usage);
  if (p) return p > 0 ? EXIT_OK : EXIT_USAGE;
  if (!o.speaker) o.speaker = o.arg;
  if (!o.speaker) { fputs(usage, stderr); return EXIT_USAGE; }
  if (o.limit == 20) o.limit = 100;
  sqlite3 *db = open_db(&o);
  if (!db) return EXIT_SOME_FAILED;
  char sql[1024];
  /* exact name, alias or key; failing that, part of a name or source */
  snprintf(sql, sizeof sql,
           "WITH exact AS " ENTITY_MATCH ","
           " ids AS (SELECT id FROM exact UNION SELECT id FROM entities"
           "   WHERE NOT EXISTS (SELECT 1 FROM exact) AND name LIKE '%%' || ?1 || '%%')"
           " SELECT coalesce(e.name, q.speaker), q.type, q.content, q.cue, a.outlet, a.date, a.id, a.title"
           " FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id"
           " WHERE (q.speaker_id IN ids OR (q.speaker_id IS NULL AND (q.speaker = ?1 COLLATE NOCASE"
           "   OR (NOT EXISTS (SELECT 1 FROM exact) AND q.speaker LIKE '%%' || ?1 || '%%'))))"
           " AND a.dup_of IS NULL ORDER BY a.day IS NULL, a.day DESC, q.id DESC LIMIT ?2",
           1, 1, 1);
  sqlite3_stmt *st = prepare(db, sql);
  if (!st) { sqlite3_close(db); return EXIT_SOME_FAILED; }
  sqlite3_bind_text(st, 1, o.speaker, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 2, o.limit);
  hd_buf b;
  hd_buf_init(&b, 0);
  if (o.json) hd_buf_putc(&b, '[');
  int n = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (o.json) {
      int first = 1;
      if (n) hd_buf_putc(&b, ',');
      hd_buf_putc(&b, '{');
      json_cols(&b, st, 0, (const char *const[]){"speaker", "type", "content", "cue", "outlet", "date", "article", "title", NULL}, &first);
      hd_buf_putc(&b, '}');
    } else
      printf("%s  %s  %s (%s): %s\n", or_dash(col(st, 5)), or_dash(col(st, 4)), or_dash(col(st, 0)), or_dash(col(st, 1)),
             or_dash(col(st, 2)));
    n++;
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  if (o.json) {
    hd_buf_putc(&b, ']');
    return flush_json(&b);
  }
  if (!n) printf("no quotations by %s\n", o.speaker);
  return EXIT_OK;
}

/* ---- entity ---- */

static void list_section(sqlite3 *db, const char *sql, long long id, int limit, int json, hd_buf *b, const char *key,
                         const char *const *cols, int ncols, const char *heading) {
  sqlite3_stmt *st = prepare(db, sql);
  if (!st) return;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int(st, 2, limit);
  if (json) {
    hd_buf_puts(b, ",");
    hd_json_key(b, key);
    hd_buf_putc(b, '[');
  } else printf("%s\n", heading);
  int n = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (json) {
      int first = 1;
      if (n) hd_buf_putc(b, ',');
      hd_buf_putc(b, '{');
      for (int i = 0; i < ncols; i++) json_col(b, cols[i], st, i, &first);
      hd_buf_putc(b, '}');
    } else {
      printf("  ");
      for (int i = 0; i < ncols; i++) printf(i ? "  %s" : "%s", or_dash(col(st, i)));
      putchar('\n');
    }
    n++;
  }
  if (json) hd_buf_putc(b, ']');
  else if (!n) printf("  (none)\n");
  sqlite3_finalize(st);
}

int cmd_entity(int argc, char **argv) {
  static const char usage[] =
      "usage: herald entity NAME [--db FILE] [--limit N] [--json]\n"
      "An identity across the store (matched by name, alias or key; else by part of\n"
      "the name): aliases, titles, mention and article counts, co-occurring\n"
      "entities and the latest quotations.\n";
  query_opts o;
  int p = parse(argc, argv, &o, usage);
  if (p) return p > 0 ? EXIT_OK : EXIT_USAGE;
  if (!o.arg) { fputs(usage, stderr); return EXIT_USAGE; }
  sqlite3 *db = open_db(&o);
  if (!db) return EXIT_SOME_FAILED;
  char sql[1024];
  snprintf(sql, sizeof sql,
           "SELECT id, key, type, name, mentions, articles FROM entities WHERE id IN " ENTITY_MATCH
           " OR (name LIKE '%%' || ?1 || '%%' AND NOT EXISTS (SELECT 1 FROM entities WHERE id IN " ENTITY_MATCH "))"
           " ORDER BY id NOT IN " ENTITY_MATCH ", mentions DESC LIMIT 1",
           1, 1, 1, 1, 1, 1, 1, 1, 1);
  sqlite3_stmt *st = prepare(db, sql);
  if (!st) { sqlite3_close(db); return EXIT_SOME_FAILED; }
  sqlite3_bind_text(st, 1, o.arg, -1, SQLITE_STATIC);
  if (sqlite3_step(st) != SQLITE_ROW) {
    fprintf(stderr, "herald entity: no entity matches %s\n", o.arg);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return EXIT_SOME_FAILED;
  }
  long long id = sqlite3_column_int64(st, 0);
  hd_buf b;
  hd_buf_init(&b, 0);
  if (o.json) {
    int first = 1;
    hd_buf_putc(&b, '{');
    json_cols(&b, st, 0, (const char *const[]){"id", "key", "type", "name", "mentions", "articles", NULL}, &first);
  } else
    printf("%s (%s, %s): %lld mentions in %lld articles\n", or_dash(col(st, 3)), or_dash(col(st, 2)), or_dash(col(st, 1)),
           (long long)sqlite3_column_int64(st, 4), (long long)sqlite3_column_int64(st, 5));
  sqlite3_finalize(st);
  static const char *const alias_cols[] = {"alias", "count"};
  static const char *const title_cols[] = {"title", "count"};
  static const char *const co_cols[] = {"name", "type", "articles", "id"};
  static const char *const q_cols[] = {"date", "outlet", "content", "article"};
  list_section(db, "SELECT alias, count FROM aliases WHERE entity_id = ?1 ORDER BY count DESC, alias LIMIT ?2", id,
               o.limit, o.json, &b, "aliases", alias_cols, 2, "aliases");
  list_section(db, "SELECT title, count FROM titles WHERE entity_id = ?1 ORDER BY count DESC, title LIMIT ?2", id,
               o.limit, o.json, &b, "titles", title_cols, 2, "titles");
  /* co-occurrence over the entity's latest 5,000 articles (bounded) */
  list_section(db,
               "WITH arts AS (SELECT article_id FROM article_entities WHERE entity_id = ?1"
               " ORDER BY article_id DESC LIMIT 5000)"
               " SELECT e.name, e.type, count(*) AS n, e.id FROM arts JOIN article_entities ae"
               " ON ae.article_id = arts.article_id JOIN entities e ON e.id = ae.entity_id"
               " WHERE ae.entity_id != ?1 GROUP BY e.id ORDER BY n DESC, e.name LIMIT ?2",
               id, o.limit < 10 ? o.limit : 10, o.json, &b, "cooccurring", co_cols, 4, "co-occurring entities");
  list_section(db,
               "SELECT a.date, a.outlet, q.content, a.id FROM quotes q JOIN articles a ON a.id = q.article_id"
               " WHERE q.speaker_id = ?1 AND a.dup_of IS NULL ORDER BY a.day DESC, q.id DESC LIMIT ?2",
               id, o.limit < 5 ? o.limit : 5, o.json, &b, "quotes", q_cols, 4, "latest quotations");
  sqlite3_close(db);
  if (o.json) {
    hd_buf_putc(&b, '}');
    return flush_json(&b);
  }
  hd_buf_free(&b);
  return EXIT_OK;
}
