/*
 * pg_util.c: connecting, running statements and COPY for the PostgreSQL
 * store (see pg_util.h). O(bytes) per call.
 */
#include "store/pg_util.h"

#include "store/quote_trail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char HD_PG_SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS meta(key text PRIMARY KEY, value text);\n"
    "CREATE TABLE IF NOT EXISTS articles(\n"
    "  id bigint PRIMARY KEY, hash bigint NOT NULL UNIQUE, ext_id text, url text, title text,\n"
    "  outlet text, date text, day bigint, kind text, section text, byline text, text text NOT NULL,\n"
    "  input_path text, input_line bigint, story_id bigint, dup_of bigint, dup_sim double precision,\n"
    "  minhash bytea);\n"
    "CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id, day);\n"
    "CREATE INDEX IF NOT EXISTS articles_dup ON articles(dup_of) WHERE dup_of IS NOT NULL;\n"
    "CREATE INDEX IF NOT EXISTS articles_headline ON articles(story_id, (day IS NULL), day, id)"
    " WHERE dup_of IS NULL AND title IS NOT NULL AND title <> '';\n"
    /* full text beside the wide rows (see pg_util.h): narrow, kept inline */
    "DO $$ BEGIN IF to_regclass('article_search') IS NULL THEN"
    " CREATE TABLE article_search(id bigint PRIMARY KEY, tsv tsvector NOT NULL) WITH (toast_tuple_target = 8160);"
    " ALTER TABLE article_search ALTER COLUMN tsv SET STORAGE MAIN; END IF; END $$;\n"
    /* one GIN index over the vector and the id's blocks (pg_util.h); a
     * store made before it gets it here (about a minute at 1M articles)
     * and loses the two indexes it replaces */
    "SET LOCAL maintenance_work_mem = '256MB';\n"
    "CREATE INDEX IF NOT EXISTS article_search_recent ON article_search USING gin(" HD_PG_RECENT_TSV("") ");\n"
    "DROP INDEX IF EXISTS article_search_tsv;\n"
    "DROP INDEX IF EXISTS article_search_block;\n"
    /* a store written before it: its articles.tsv moves there once */
    "DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'articles'::regclass"
    " AND attname = 'tsv' AND NOT attisdropped) THEN"
    " INSERT INTO article_search(id, tsv) SELECT id, tsv FROM articles ON CONFLICT (id) DO NOTHING;"
    " ALTER TABLE articles DROP COLUMN tsv; END IF; END $$;\n"
    "CREATE TABLE IF NOT EXISTS entities(id bigint PRIMARY KEY, key text NOT NULL UNIQUE, type text,\n"
    "  name text, mentions bigint NOT NULL DEFAULT 0, articles bigint NOT NULL DEFAULT 0);\n"
    "CREATE INDEX IF NOT EXISTS entities_name ON entities(lower(name));\n"
    "CREATE TABLE IF NOT EXISTS aliases(entity_id bigint NOT NULL, alias text NOT NULL,\n"
    "  count bigint NOT NULL DEFAULT 0, PRIMARY KEY(entity_id, alias));\n"
    "CREATE INDEX IF NOT EXISTS aliases_alias ON aliases(lower(alias));\n"
    "CREATE TABLE IF NOT EXISTS titles(entity_id bigint NOT NULL, title text NOT NULL,\n"
    "  count bigint NOT NULL DEFAULT 0, PRIMARY KEY(entity_id, title));\n"
    "CREATE TABLE IF NOT EXISTS mentions(article_id bigint NOT NULL, entity_id bigint, type text,\n"
    "  start bigint, \"end\" bigint, text text, title text);\n"
    "CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);\n"
    "CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id);\n"
    "CREATE TABLE IF NOT EXISTS article_entities(article_id bigint NOT NULL, entity_id bigint NOT NULL,\n"
    "  mentions bigint NOT NULL, PRIMARY KEY(article_id, entity_id));\n"
    "CREATE INDEX IF NOT EXISTS article_entities_entity ON article_entities(entity_id, article_id);\n"
    "CREATE TABLE IF NOT EXISTS quotes(id bigint PRIMARY KEY, article_id bigint NOT NULL, type text,\n"
    "  speaker_kind text, speaker_id bigint, speaker text, content text, content_start bigint,\n"
    "  content_end bigint, cue text, source text);\n"
    "CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_id);\n"
    "CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker_id);\n"
    HD_QUOTE_LINKS_SCHEMA_PG
    "CREATE TABLE IF NOT EXISTS stories(id bigint PRIMARY KEY, label text, first text, last text,\n"
    "  articles bigint NOT NULL DEFAULT 0, outlets bigint NOT NULL DEFAULT 0, merged_into bigint,\n"
    "  thread_id bigint, state bytea, headline text);\n"
    "CREATE INDEX IF NOT EXISTS stories_rank ON stories(articles DESC, last DESC, id DESC)"
    " WHERE merged_into IS NULL;\n"
    "CREATE INDEX IF NOT EXISTS stories_thread ON stories(thread_id);\n"
    "CREATE TABLE IF NOT EXISTS story_outlets(story_id bigint NOT NULL, outlet text NOT NULL,\n"
    "  PRIMARY KEY(story_id, outlet));\n"
    "CREATE TABLE IF NOT EXISTS cluster_terms(id bigint PRIMARY KEY, term text NOT NULL, surface text);\n"
    "CREATE TABLE IF NOT EXISTS cluster_chunks(id bigint PRIMARY KEY, state bytea NOT NULL);\n"
    "INSERT INTO meta(key, value) VALUES('schema_version', '1'), ('generation', '0'), ('cluster_posts', '1')"
    " ON CONFLICT(key) DO NOTHING;\n";

static void no_notices(void *arg, const char *msg) {
  (void)arg;
  (void)msg;
}

char *hd_pg_display_name(const char *uri) {
  const char *scheme = strstr(uri, "://");
  const char *at = scheme ? strchr(scheme + 3, '@') : NULL;
  const char *slash = scheme ? strchr(scheme + 3, '/') : NULL;
  if (!at || (slash && slash < at)) return hd_xstrdup(uri);
  const char *colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3));
  if (!colon) return hd_xstrdup(uri);
  hd_buf b;
  hd_buf_init(&b, 0);
  hd_buf_put(&b, uri, (size_t)(colon - uri));
  hd_buf_puts(&b, ":***");
  hd_buf_puts(&b, at);
  return hd_buf_take(&b, NULL);
}

/* The first line of libpq's message (they end with a newline). */
static void set_pg_err(hd_err *err, const char *name, const char *what, const char *msg) {
  size_t n = strcspn(msg, "\n");
  hd_err_set(err, HD_ERR_DB, name, 0, "%s%s%.*s", what ? what : "", what ? ": " : "", (int)n, msg);
}

PGconn *hd_pg_connect(const char *uri, char **name, hd_err *err) {
  *name = hd_pg_display_name(uri);
  if (hd_pq_load(*name, err)) {
    free(*name);
    *name = NULL;
    return NULL;
  }
  /* UTF-8 asked for in the start-up packet (a URI's own client_encoding
   * wins, and is then set below): no extra round trip */
  const char *const keys[] = {"client_encoding", "dbname", NULL};
  const char *const vals[] = {"UTF8", uri, NULL};
  PGconn *c = PQconnectdbParams(keys, vals, 1);
  if (!c || PQstatus(c) != CONNECTION_OK) {
    set_pg_err(err, *name, "cannot connect", c ? PQerrorMessage(c) : "out of memory");
    PQfinish(c);
    free(*name);
    *name = NULL;
    return NULL;
  }
  PQsetNoticeProcessor(c, no_notices, NULL);
  const char *enc = PQparameterStatus(c, "client_encoding");
  if ((!enc || strcmp(enc, "UTF8")) && PQsetClientEncoding(c, "UTF8") != 0) {
    set_pg_err(err, *name, "cannot use UTF-8", PQerrorMessage(c));
    PQfinish(c);
    free(*name);
    *name = NULL;
    return NULL;
  }
  return c;
}

PGresult *hd_pg_exec(PGconn *c, const char *name, const char *sql, int n, const char *const *params, hd_err *err) {
  PGresult *r = PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0);
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) return r;
  set_pg_err(err, name, NULL, r ? PQresultErrorMessage(r) : PQerrorMessage(c));
  PQclear(r);
  return NULL;
}

int hd_pg_run(PGconn *c, const char *name, const char *sql, hd_err *err) {
  PGresult *r = PQexec(c, sql);
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  int ok = st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK;
  if (!ok) set_pg_err(err, name, NULL, r ? PQresultErrorMessage(r) : PQerrorMessage(c));
  PQclear(r);
  return ok ? 0 : -1;
}

int hd_pg_copy(PGconn *c, const char *name, const char *copy_sql, const hd_buf *buf, hd_err *err) {
  if (!buf->len) return 0;
  PGresult *r = PQexec(c, copy_sql);
  if (!r || PQresultStatus(r) != PGRES_COPY_IN) {
    set_pg_err(err, name, copy_sql, r ? PQresultErrorMessage(r) : PQerrorMessage(c));
    PQclear(r);
    return -1;
  }
  PQclear(r);
  int ok = 1;
  /* in pieces: one PQputCopyData of hundreds of MB would double the memory */
  for (size_t off = 0; ok && off < buf->len; off += (size_t)1 << 20) {
    size_t n = buf->len - off < ((size_t)1 << 20) ? buf->len - off : (size_t)1 << 20;
    ok = PQputCopyData(c, buf->ptr + off, (int)n) == 1;
  }
  ok = PQputCopyEnd(c, ok ? NULL : "herald: sending failed") == 1 && ok;
  int failed = !ok;
  while ((r = PQgetResult(c))) {
    if (PQresultStatus(r) != PGRES_COMMAND_OK && !failed) {
      set_pg_err(err, name, copy_sql, PQresultErrorMessage(r));
      failed = 1;
    }
    PQclear(r);
  }
  if (failed && !ok) set_pg_err(err, name, copy_sql, PQerrorMessage(c));
  return failed ? -1 : 0;
}

static void sep(hd_buf *b, int first) {
  if (!first) hd_buf_putc(b, '\t');
}

void hd_copy_null(hd_buf *b, int first) {
  sep(b, first);
  hd_buf_put(b, "\\N", 2);
}

void hd_copy_str(hd_buf *b, const char *p, size_t n, int first) {
  if (!p) {
    hd_copy_null(b, first);
    return;
  }
  sep(b, first);
  hd_buf_grow(b, n + 16);
  size_t from = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)p[i];
    const char *e = ch == '\\' ? "\\\\" : ch == '\n' ? "\\n" : ch == '\r' ? "\\r" : ch == '\t' ? "\\t" : ch == 0 ? "" : NULL;
    if (!e) continue;
    hd_buf_put(b, p + from, i - from);
    hd_buf_puts(b, e); /* a NUL byte (PostgreSQL text cannot hold it) is dropped */
    from = i + 1;
  }
  hd_buf_put(b, p + from, n - from);
}

void hd_copy_int(hd_buf *b, int64_t v, int first) {
  sep(b, first);
  hd_buf_printf(b, "%lld", (long long)v);
}

void hd_copy_real(hd_buf *b, double v, int first) {
  sep(b, first);
  hd_buf_printf(b, "%.17g", v);
}

void hd_copy_bytea(hd_buf *b, const void *p, size_t n, int first) {
  if (!p) {
    hd_copy_null(b, first);
    return;
  }
  static const char HEX[] = "0123456789abcdef";
  sep(b, first);
  hd_buf_grow(b, 2 * n + 4);
  hd_buf_put(b, "\\\\x", 3);
  const unsigned char *u = p;
  for (size_t i = 0; i < n; i++) {
    char h[2] = {HEX[u[i] >> 4], HEX[u[i] & 15]};
    hd_buf_put(b, h, 2);
  }
}
