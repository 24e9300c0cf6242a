/*
 * query.c: the front of the public store API (herald/store.h).
 *
 * Picks a backend for a path or URI (backend.h), checks every value a
 * caller gives (dates, limits, offsets, ids, query and name sizes) with
 * the same hd_query_parse_* functions the CLI and the HTTP API call, fills
 * in defaults, and hands the backend a request that is valid in every
 * field. Frees results. O(size of the values) per call before the backend.
 *
 * Ownership: hd_store owns the backend's state; results own their arrays
 * (freed here) and strings (their pool, results.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attrib/resolve.h" /* hd_canonical_key */
#include "corpus/cluster.h" /* hd_parse_day */
#include "store/backend.h"
#include "store/results.h"
#include "store/store.h" /* hd_store_defaults */
#include "util/buf.h"

struct hd_store {
  const hd_store_backend *be;
  void *impl;
  int writable; /* opened with HD_STORE_READ_WRITE */
};

/* Asked in order; SQLite claims everything no earlier backend took. */
static const hd_store_backend *const BACKENDS[] = {&hd_pg_backend, &hd_sqlite_backend};

void hd_store_write_defaults(hd_store_write_options *o) {
  hd_store_options so;
  hd_store_defaults(&so);
  o->batch = so.batch;
  o->dup_threshold = so.fp.threshold;
  o->story_threshold = so.cluster.threshold;
  o->story_model = NULL;
  o->writer_thread = 0;
}

hd_store *hd_store_open(const char *path_or_uri, unsigned flags, hd_err *err) {
  return hd_store_open_with(path_or_uri, flags, NULL, err);
}

hd_store *hd_store_open_with(const char *path_or_uri, unsigned flags, const hd_store_write_options *o,
                             hd_err *err) {
  if (!path_or_uri || !*path_or_uri) {
    hd_err_set(err, HD_ERR_USAGE, NULL, 0, "%s", "no store given (a path, a file: URI or a postgresql:// URI)");
    return NULL;
  }
  if (flags & ~(unsigned)HD_STORE_READ_WRITE) {
    hd_err_set(err, HD_ERR_USAGE, path_or_uri, 0, "unknown store flags 0x%x", flags);
    return NULL;
  }
  for (size_t i = 0; i < sizeof BACKENDS / sizeof *BACKENDS; i++) {
    const hd_store_backend *be = BACKENDS[i];
    if (!be->claims(path_or_uri)) continue;
    hd_store_write_options dflt;
    if (!o) hd_store_write_defaults(&dflt), o = &dflt;
    int rw = (flags & HD_STORE_READ_WRITE) != 0;
    void *impl = rw ? be->open_write(path_or_uri, o, err) : be->open(path_or_uri, flags, err);
    if (!impl) return NULL;
    hd_store *s = hd_xcalloc(1, sizeof *s);
    s->be = be;
    s->impl = impl;
    s->writable = rw;
    return s;
  }
  hd_err_set(err, HD_ERR_USAGE, path_or_uri, 0, "%s", "no store backend takes this path");
  return NULL;
}

int hd_store_close(hd_store *s, hd_err *err) {
  if (!s) return 0;
  int rc = s->be->close(s->impl, err);
  free(s);
  return rc;
}

const char *hd_store_backend_name(const hd_store *s) { return s ? s->be->name : NULL; }

/* ---- writing ---- */

static int read_only(const hd_store *s, hd_err *err) {
  if (s->writable) return 0;
  hd_err_set(err, HD_ERR_USAGE, NULL, 0, "%s", "the store was opened read-only");
  return 1;
}

int hd_store_has(hd_store *s, const hd_article *a) { return s->writable ? s->be->has(s->impl, a) : 0; }

void hd_store_prepare(const hd_store *s, hd_article *a) {
  if (s->writable && s->be->prepare) s->be->prepare(s->impl, a);
}

int hd_store_add(hd_store *s, const hd_article *a, hd_err *err) {
  return read_only(s, err) ? -1 : s->be->add(s->impl, a, err);
}

int hd_store_add_take(hd_store *s, hd_article *a, hd_err *err) {
  if (read_only(s, err)) {
    hd_article_free(a);
    return -1;
  }
  if (s->be->add_take) return s->be->add_take(s->impl, a, err);
  int rc = s->be->add(s->impl, a, err);
  hd_article_free(a);
  return rc;
}

int hd_store_commit(hd_store *s, hd_err *err) { return read_only(s, err) ? -1 : s->be->commit(s->impl, err); }

void hd_store_get_stats(const hd_store *s, hd_store_stats *st) {
  memset(st, 0, sizeof *st);
  if (s->writable) s->be->stats(s->impl, st);
}

int hd_store_set_deadline(hd_store *s, double seconds) {
  if (!s || !s->be->set_deadline) return -1;
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
  s->be->set_deadline(s->impl, seconds > 0 ? now + seconds : 0);
  return 0;
}

/* ---- values a person types ---- */

/* Reads exactly `n` digits at *p; -1 if they are not all there. */
static int digits(const char **p, int n) {
  int v = 0;
  for (int i = 0; i < n; i++, (*p)++) {
    if (!isdigit((unsigned char)**p)) return -1;
    v = v * 10 + (**p - '0');
  }
  return v;
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
  static const int D[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : D[m - 1];
}

static int64_t day_of(int y, int m, int d) {
  char iso[48];
  snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
  return hd_parse_day(iso);
}

/* A time after a full date: [T or space] hh:mm[:ss[.fff]] [Z or +hh:mm]. */
static int time_suffix_ok(const char *p) {
  if (!*p) return 1;
  if (*p != 'T' && *p != ' ') return 0;
  p++;
  if (!*p) return 0;
  for (; *p; p++)
    if (!isdigit((unsigned char)*p) && !strchr(":.+-Z", *p)) return 0;
  return 1;
}

/* The wire style "26-FEB-1987" (a time may follow after a space). */
static int wire_date(const char *s, int *y, int *m, int *d) {
  static const char MONTHS[] = "JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC";
  const char *p = s;
  int dd = 0, nd = 0;
  while (isdigit((unsigned char)*p) && nd < 2) dd = dd * 10 + (*p++ - '0'), nd++;
  if (!nd || *p++ != '-') return 0;
  char mon[4] = {0};
  for (int i = 0; i < 3; i++, p++) {
    if (!isalpha((unsigned char)*p)) return 0;
    mon[i] = (char)toupper((unsigned char)*p);
  }
  const char *hit = strstr(MONTHS, mon);
  if (!hit || (hit - MONTHS) % 3 || *p++ != '-') return 0;
  int yy = digits(&p, 4);
  if (yy < 0 || !time_suffix_ok(p)) return 0;
  *y = yy, *m = (int)(hit - MONTHS) / 3 + 1, *d = dd;
  return 1;
}

/* Parses a date into the first and last day it covers ("1987-03" covers
 * March). 0 ok, -1 with HD_ERR_USAGE. */
static int parse_date_range(const char *s, int64_t *first, int64_t *last, hd_err *err) {
  int y = -1, m = 0, d = 0;
  const char *p = s ? s : "";
  if (wire_date(p, &y, &m, &d)) {
  } else if ((y = digits(&p, 4)) >= 0) {
    if (*p == '-') {
      p++;
      if ((m = digits(&p, 2)) < 0) y = -1;
      else if (*p == '-') {
        p++;
        if ((d = digits(&p, 2)) < 0 || !time_suffix_ok(p)) y = -1;
      } else if (*p) y = -1;
    } else if (*p) y = -1;
  }
  if (y < 1 || m < 0 || m > 12 || (d && (!m || d > days_in_month(y, m)))) {
    if (y >= 1 && m >= 1 && m <= 12 && d > 0)
      hd_err_set(err, HD_ERR_USAGE, NULL, 0, "bad date '%s': %04d-%02d has %d days", s ? s : "", y, m,
                 days_in_month(y, m));
    else
      hd_err_set(err, HD_ERR_USAGE, NULL, 0,
                 "bad date '%s': use YYYY-MM-DD (a real day), YYYY-MM, YYYY or DD-MON-YYYY", s ? s : "");
    return -1;
  }
  if (d == 0 && m == 0 && strlen(s) > 4) { /* "1987-" and the like */
    hd_err_set(err, HD_ERR_USAGE, NULL, 0, "bad date '%s': use YYYY-MM-DD, YYYY-MM, YYYY or DD-MON-YYYY", s);
    return -1;
  }
  if (first) *first = day_of(y, m ? m : 1, d ? d : 1);
  if (last) *last = day_of(y, m ? m : 12, d ? d : days_in_month(y, m ? m : 12));
  return 0;
}

int hd_query_parse_date(const char *s, int64_t *day, hd_err *err) {
  int64_t first;
  if (parse_date_range(s, &first, NULL, err)) return -1;
  if (day) *day = first;
  return 0;
}

/* A whole decimal number in [lo, hi] ("12abc", "1e9", "-1", "" refused). */
static int parse_whole(const char *s, long long lo, long long hi, long long *out) {
  if (!s || !isdigit((unsigned char)*s)) return -1;
  errno = 0;
  char *end;
  long long v = strtoll(s, &end, 10);
  if (*end || errno == ERANGE || v < lo || v > hi) return -1;
  *out = v;
  return 0;
}

int hd_query_parse_limit(const char *s, int *limit, hd_err *err) {
  long long v;
  if (parse_whole(s, 1, HD_QUERY_MAX_LIMIT, &v)) {
    hd_err_set(err, HD_ERR_USAGE, NULL, 0, "bad limit '%s': a whole number from 1 to %d", s ? s : "",
               HD_QUERY_MAX_LIMIT);
    return -1;
  }
  if (limit) *limit = (int)v;
  return 0;
}

int hd_query_parse_offset(const char *s, int *offset, hd_err *err) {
  long long v;
  if (parse_whole(s, 0, HD_QUERY_MAX_OFFSET, &v)) {
    hd_err_set(err, HD_ERR_USAGE, NULL, 0, "bad offset '%s': a whole number from 0 to %d", s ? s : "",
               HD_QUERY_MAX_OFFSET);
    return -1;
  }
  if (offset) *offset = (int)v;
  return 0;
}

int hd_query_parse_id(const char *s, int64_t *id, hd_err *err) {
  long long v;
  if (parse_whole(s, 0, INT64_MAX, &v)) {
    hd_err_set(err, HD_ERR_USAGE, NULL, 0, "bad id '%s': a whole number (0 or more)", s ? s : "");
    return -1;
  }
  if (id) *id = v;
  return 0;
}

/* ---- checks of request structs ---- */

static int check_rows(int limit, int dflt, int offset, int *out_limit, int *out_offset, hd_err *err) {
  if (limit < 0 || limit > HD_QUERY_MAX_LIMIT) {
    hd_err_set(err, HD_ERR_USAGE, NULL, 0, "bad limit %d: a whole number from 1 to %d", limit, HD_QUERY_MAX_LIMIT);
    return -1;
  }
  if (offset < 0 || offset > HD_QUERY_MAX_OFFSET) {
    hd_err_set(err, HD_ERR_USAGE, NULL, 0, "bad offset %d: a whole number from 0 to %d", offset,
               HD_QUERY_MAX_OFFSET);
    return -1;
  }
  *out_limit = limit ? limit : dflt;
  *out_offset = offset;
  return 0;
}

/* A name or filter: at most HD_QUERY_MAX_BYTES bytes. NULL passes. */
static int check_text(const char *what, const char *s, int required, hd_err *err) {
  if (!s || !*s) {
    if (!required) return 0;
    hd_err_set(err, HD_ERR_USAGE, NULL, 0, "no %s given", what);
    return -1;
  }
  size_t n = strlen(s);
  if (n > HD_QUERY_MAX_BYTES) {
    hd_err_set(err, HD_ERR_USAGE, NULL, 0, "%s too long: %zu bytes (at most %d)", what, n, HD_QUERY_MAX_BYTES);
    return -1;
  }
  return 0;
}

/* Words in a query: runs of non-space bytes. */
static size_t count_words(const char *s) {
  size_t n = 0;
  for (const char *p = s; *p;) {
    while (*p && isspace((unsigned char)*p)) p++;
    if (!*p) break;
    n++;
    while (*p && !isspace((unsigned char)*p)) p++;
  }
  return n;
}

static int check_day(const char *s, int64_t *day, int last, hd_err *err) {
  *day = HD_DAY_OPEN;
  if (!s) return 0;
  return last ? parse_date_range(s, NULL, day, err) : parse_date_range(s, day, NULL, err);
}

int hd_store_search(hd_store *s, const hd_search_query *q, hd_search_result *out, hd_err *err) {
  memset(out, 0, sizeof *out);
  hd_search_req r = {0};
  if (check_text("query", q->q, 1, err) || check_text("outlet", q->outlet, 0, err) ||
      check_text("entity", q->entity, 0, err))
    return -1;
  size_t words = count_words(q->q);
  if (!words) {
    hd_err_set(err, HD_ERR_USAGE, NULL, 0, "%s", "empty query: give at least one word");
    return -1;
  }
  if (words > HD_QUERY_MAX_TERMS) {
    hd_err_set(err, HD_ERR_USAGE, NULL, 0, "query has %zu words; at most %d are searched at once", words,
               HD_QUERY_MAX_TERMS);
    return -1;
  }
  if (check_day(q->since, &r.since, 0, err) || check_day(q->until, &r.until, 1, err)) return -1;
  if (check_rows(q->limit, 20, q->offset, &r.limit, &r.offset, err)) return -1;
  if (q->window < -1) {
    hd_err_set(err, HD_ERR_USAGE, NULL, 0, "bad window %d: a whole number (0 = no limit)", q->window);
    return -1;
  }
  r.q = q->q;
  r.outlet = q->outlet && *q->outlet ? q->outlet : NULL;
  r.entity = q->entity && *q->entity ? q->entity : NULL;
  /* with filters, rank every match so that none is cut off by the window */
  int filtered = r.outlet || r.entity || r.since != HD_DAY_OPEN || r.until != HD_DAY_OPEN;
  r.window = filtered || q->window == -1 ? 0 : q->window ? q->window : 1000;
  return s->be->search(s->impl, &r, out, err);
}

int hd_store_stories(hd_store *s, const hd_stories_query *q, hd_stories_result *out, hd_err *err) {
  memset(out, 0, sizeof *out);
  hd_stories_req r = {0};
  if (check_day(q->since, &r.since, 0, err)) return -1;
  if (check_rows(q->limit, 20, q->offset, &r.limit, &r.offset, err)) return -1;
  return s->be->stories(s->impl, &r, out, err);
}

void hd_story_label_parts(const char *label, size_t *ent_len, const char **terms) {
  *ent_len = 0;
  *terms = "";
  if (!label) return;
  *terms = label;
  /* the last ": " (an entity's name may hold one; the terms are words) */
  for (const char *p = strstr(label, ": "); p; p = strstr(p + 1, ": ")) {
    *ent_len = (size_t)(p - label);
    *terms = p + 2;
  }
}

int hd_store_story(hd_store *s, int64_t id, hd_story_result *out, hd_err *err) {
  memset(out, 0, sizeof *out);
  if (id < 0) {
    hd_err_set(err, HD_ERR_USAGE, NULL, 0, "bad story id %lld", (long long)id);
    return -1;
  }
  return s->be->story(s->impl, id, out, err);
}

/* ---- names with one letter wrong ---- */

/* 1 if a and b differ by at most one edit: a letter inserted, deleted or
 * replaced, or two neighbours swapped. O(length). */
static int within_one_edit(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > lb) {
    const char *t = a;
    a = b, b = t;
    size_t n = la;
    la = lb, lb = n;
  }
  if (lb - la > 1) return 0;
  size_t i = 0;
  while (i < la && a[i] == b[i]) i++;
  if (i == la) return 1; /* equal, or one letter appended */
  if (la == lb) {
    if (!strcmp(a + i + 1, b + i + 1)) return 1;                    /* replaced */
    return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && !strcmp(a + i + 2, b + i + 2); /* swapped */
  }
  return !strcmp(a + i, b + i + 1); /* b has one letter more */
}

typedef struct {
  const char *want;
  char *best;
  int64_t best_mentions;
} near_key;

static void consider_key(void *ctx, const char *key, int64_t mentions) {
  near_key *n = ctx;
  if (!within_one_edit(n->want, key)) return;
  if (n->best && (mentions < n->best_mentions || (mentions == n->best_mentions && strcmp(key, n->best) >= 0))) return;
  free(n->best);
  n->best = hd_xstrdup(key);
  n->best_mentions = mentions;
}

/* The most mentioned stored key within one edit of the name's canonical
 * key under any entity type, sharing the key's type and first letter
 * ("Barack Obma" finds per:obama_barack); NULL when none, or when the
 * name is too short for a misspelling to be told from another name
 * (under 5 letters after the type). malloc'd. */
static char *nearest_key(hd_store *s, const char *name) {
  if (!s->be->keys_between) return NULL;
  near_key n = {0};
  for (int type = 0; type < HD_ENT_COUNT; type++) {
    char *key = hd_canonical_key(name, strlen(name), type);
    const char *colon = key ? strchr(key, ':') : NULL;
    if (!colon || strlen(colon + 1) < 5) {
      free(key);
      continue;
    }
    size_t head = (size_t)(colon - key) + 2; /* "per:o" */
    char *lo = hd_xstrndup(key, head), *hi = hd_xstrndup(key, head);
    hi[head - 1]++;
    int len = (int)strlen(key);
    n.want = key;
    s->be->keys_between(s->impl, lo, hi, len - 1, len + 1, consider_key, &n, NULL);
    free(lo);
    free(hi);
    free(key);
  }
  return n.best;
}

int hd_store_quotes(hd_store *s, const hd_quotes_query *q, hd_quotes_result *out, hd_err *err) {
  memset(out, 0, sizeof *out);
  hd_quotes_req r = {0};
  if (check_text("speaker", q->speaker, 1, err)) return -1;
  if (check_rows(q->limit, 100, q->offset, &r.limit, &r.offset, err)) return -1;
  r.speaker = q->speaker;
  int rc = s->be->quotes(s->impl, &r, out, err);
  char *key = rc == 0 && out->n == 0 ? hd_canonical_key(q->speaker, strlen(q->speaker), HD_ENT_PER) : NULL;
  if (key) { /* "Roy Moore" finds "Roy S. Moore" (issue 9): by canonical key */
    hd_quotes_result_free(out);
    r.speaker = key;
    rc = s->be->quotes(s->impl, &r, out, err);
    free(key);
  }
  char *near = rc == 0 && out->n == 0 ? nearest_key(s, q->speaker) : NULL;
  if (near) { /* one letter wrong: "Barack Obma" */
    hd_quotes_result_free(out);
    r.speaker = near;
    rc = s->be->quotes(s->impl, &r, out, err);
    free(near);
  }
  return rc;
}

int hd_store_entity(hd_store *s, const hd_entity_query *q, hd_entity_result *out, hd_err *err) {
  memset(out, 0, sizeof *out);
  hd_entity_req r = {0};
  int offset;
  if (check_text("entity name", q->name, 1, err)) return -1;
  if (check_rows(q->limit, 20, 0, &r.limit, &offset, err)) return -1;
  r.name = q->name;
  char *surname = !strchr(q->name, ' ') ? hd_canonical_key(q->name, strlen(q->name), HD_ENT_PER) : NULL;
  r.surname_key = surname;
  hd_err first = {0};
  int rc = s->be->entity(s->impl, &r, out, &first);
  char *key = rc && first.code == HD_ERR_NOT_FOUND ? hd_canonical_key(q->name, strlen(q->name), HD_ENT_PER) : NULL;
  if (key) { /* with or without middle initials, titles, folded spelling: by canonical key (issue 9) */
    hd_entity_result_free(out);
    r.name = key;
    rc = s->be->entity(s->impl, &r, out, NULL);
    free(key);
  }
  char *near = rc ? nearest_key(s, q->name) : NULL;
  if (near) { /* one letter wrong: "Barack Obma", "Twiter" */
    hd_entity_result_free(out);
    r.name = near;
    rc = s->be->entity(s->impl, &r, out, NULL);
    free(near);
  }
  free(surname);
  if (rc && err) *err = first;
  return rc;
}

int hd_store_article(hd_store *s, int64_t id, hd_stored_article *out, hd_err *err) {
  memset(out, 0, sizeof *out);
  if (id < 0) {
    hd_err_set(err, HD_ERR_USAGE, NULL, 0, "bad article id %lld", (long long)id);
    return -1;
  }
  return s->be->article(s->impl, id, out, err);
}

char *hd_store_quote_trail(hd_store *s, int64_t id, hd_err *err) {
  if (id < 0) {
    hd_err_set(err, HD_ERR_USAGE, NULL, 0, "bad quote id %lld", (long long)id);
    return NULL;
  }
  if (!s->be->trail) {
    hd_err_set(err, HD_ERR_USAGE, NULL, 0, "the %s store keeps no quote trail", s->be->name);
    return NULL;
  }
  return s->be->trail(s->impl, id, err);
}

/* ---- freeing results ---- */

void hd_search_result_free(hd_search_result *r) {
  if (!r) return;
  free(r->hits);
  hd_pool_free(r->priv);
  memset(r, 0, sizeof *r);
}

void hd_stories_result_free(hd_stories_result *r) {
  if (!r) return;
  free(r->rows);
  hd_pool_free(r->priv);
  memset(r, 0, sizeof *r);
}

void hd_story_result_free(hd_story_result *r) {
  if (!r) return;
  for (size_t i = 0; i < r->n_timeline; i++) free(r->timeline[i].copies);
  for (size_t i = 0; i < r->n_speakers; i++) free(r->speakers[i].quotes);
  for (size_t i = 0; i < r->n_unnamed; i++) free(r->unnamed[i].quotes);
  free(r->unnamed);
  free(r->lineage);
  free(r->related);
  free(r->timeline);
  free(r->speakers);
  hd_pool_free(r->priv);
  memset(r, 0, sizeof *r);
}

void hd_quotes_result_free(hd_quotes_result *r) {
  if (!r) return;
  free(r->rows);
  hd_pool_free(r->priv);
  memset(r, 0, sizeof *r);
}

void hd_entity_result_free(hd_entity_result *r) {
  if (!r) return;
  free(r->aliases);
  free(r->titles);
  free(r->cooccurring);
  free(r->quotes);
  free(r->candidates);
  hd_pool_free(r->priv);
  memset(r, 0, sizeof *r);
}

void hd_stored_article_free(hd_stored_article *r) {
  if (!r) return;
  free(r->mentions);
  free(r->quotes);
  free(r->removed);
  hd_pool_free(r->priv);
  memset(r, 0, sizeof *r);
}
