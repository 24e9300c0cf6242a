/*
 * quote_trail.c: linking one speaker's quotes across articles and reading
 * a quote's trail (see quote_trail.h).
 */
#include "store/quote_trail.h"

#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "text/words.h"
#include "util/buf.h"
#include "util/json.h"

#define MAX_WORDS 256
#define MIN_WORDS 4
#define SAME 0.8
#define RECENT 200

/* The distinct lower-cased words of s as sorted 64-bit hashes. */
static size_t word_set(const char *s, uint64_t *out) {
  hd_words it;
  hd_word w;
  size_t n = 0;
  if (!s) return 0;
  hd_words_init(&it, s, strlen(s));
  while (n < MAX_WORDS && hd_words_next(&it, &w)) out[n++] = XXH3_64bits(w.w, w.len);
  for (size_t i = 1; i < n; i++) { /* insertion sort: quotes are short */
    uint64_t v = out[i];
    size_t j = i;
    while (j && out[j - 1] > v) out[j] = out[j - 1], j--;
    out[j] = v;
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (!k || out[k - 1] != out[i]) out[k++] = out[i];
  return k;
}

/* Words of the shorter set found in the longer, over the shorter's size;
 * 0 when the shorter has fewer than MIN_WORDS. */
static double containment(const uint64_t *a, size_t na, const uint64_t *b, size_t nb) {
  size_t m = na < nb ? na : nb, common = 0, i = 0, j = 0;
  if (m < MIN_WORDS) return 0;
  while (i < na && j < nb) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else common++, i++, j++;
  }
  return (double)common / (double)m;
}

static int fail(sqlite3 *db, const char *path, hd_err *err, const char *what) {
  hd_err_set(err, HD_ERR_DB, path, 0, "%s: %s", what, sqlite3_errmsg(db));
  return -1;
}

/* One linked quote of the speaker being linked: its word set is computed
 * once (each new quote used to re-read and re-hash its 200 candidates). */
typedef struct {
  int64_t id, article, group;
  uint64_t *words;
  size_t n;
} linked;

/* The speaker's linked quotes that a later quote may be compared with,
 * oldest first: the RECENT newest of articles other than the newest
 * article, and the newest article's (a later quote may be in it, and then
 * skips them). */
struct hd_quote_linker {
  linked *v;
  size_t head, n, cap; /* live: v[head .. n) */
  int64_t speaker;
  int started;
};
typedef hd_quote_linker recent;

static void recent_push(recent *r, int64_t id, int64_t article, int64_t group, const uint64_t *w, size_t nw) {
  if (r->n == r->cap && r->head) { /* compact before growing */
    memmove(r->v, r->v + r->head, (r->n - r->head) * sizeof *r->v);
    r->n -= r->head;
    r->head = 0;
  }
  if (r->n == r->cap) {
    r->cap = r->cap ? 2 * r->cap : 256;
    r->v = hd_xrealloc(r->v, r->cap * sizeof *r->v);
  }
  linked *l = &r->v[r->n++];
  *l = (linked){id, article, group, hd_xmalloc((nw ? nw : 1) * sizeof *w), nw};
  if (nw) memcpy(l->words, w, nw * sizeof *w);
  /* drop the oldest past RECENT of the other articles */
  size_t last = r->n;
  while (last > r->head && r->v[last - 1].article == article) last--;
  while (last - r->head > RECENT) free(r->v[r->head++].words);
}

static void recent_clear(recent *r) {
  for (size_t i = r->head; i < r->n; i++) free(r->v[i].words);
  r->head = r->n = 0;
}

hd_quote_linker *hd_quote_linker_new(void) { return hd_xcalloc(1, sizeof(hd_quote_linker)); }

void hd_quote_linker_free(hd_quote_linker *l) {
  if (!l) return;
  recent_clear(l);
  free(l->v);
  free(l);
}

int hd_quote_linker_has(const hd_quote_linker *l, int64_t speaker) { return l->started && l->speaker == speaker; }

void hd_quote_linker_start(hd_quote_linker *l, int64_t speaker, size_t n, const int64_t *ids,
                           const int64_t *articles, const int64_t *groups, const char *const *contents) {
  recent_clear(l);
  l->speaker = speaker;
  l->started = 1;
  uint64_t b[MAX_WORDS];
  for (size_t i = n; i-- > 0;) { /* given newest first */
    size_t nb = word_set(contents[i], b);
    recent_push(l, ids[i], articles[i], groups[i], b, nb);
  }
}

int64_t hd_quote_linker_link(hd_quote_linker *r, int64_t id, int64_t article, const char *content, double *sim) {
  uint64_t a[MAX_WORDS];
  size_t na = word_set(content, a);
  int64_t group = id;
  double best = 0;
  if (na >= MIN_WORDS) {
    size_t seen = 0;
    for (size_t i = r->n; i-- > r->head && seen < RECENT;) {
      const linked *l = &r->v[i];
      if (l->article == article || l->id >= id) continue;
      seen++;
      double v = containment(a, na, l->words, l->n);
      if (v >= SAME && v > best) best = v, group = l->group;
    }
  }
  recent_push(r, id, article, group, a, na);
  *sim = group == id ? 1.0 : best;
  return group;
}

/* Starts speaker `speaker` with its RECENT newest linked quotes from
 * earlier closes (before quote `id` of `article`). */
static int recent_load(recent *r, sqlite3_stmt *cand, int64_t speaker, int64_t article, int64_t id) {
  sqlite3_bind_int64(cand, 1, speaker);
  sqlite3_bind_int64(cand, 2, article);
  sqlite3_bind_int64(cand, 3, id);
  int64_t ids[RECENT], arts[RECENT], groups[RECENT];
  char *contents[RECENT];
  size_t n = 0;
  int s;
  while (n < RECENT && (s = sqlite3_step(cand)) == SQLITE_ROW) { /* newest first */
    const char *c = (const char *)sqlite3_column_text(cand, 1);
    ids[n] = sqlite3_column_int64(cand, 0);
    groups[n] = sqlite3_column_int64(cand, 2);
    arts[n] = sqlite3_column_int64(cand, 3);
    contents[n++] = hd_xstrdup(c ? c : "");
  }
  if (n == RECENT) s = SQLITE_DONE;
  sqlite3_reset(cand);
  hd_quote_linker_start(r, speaker, n, ids, arts, groups, (const char *const *)contents);
  for (size_t i = 0; i < n; i++) free(contents[i]);
  return s == SQLITE_DONE ? 0 : -1;
}

/* Links quote (id, article, content) of speaker r->speaker (see
 * hd_quote_linker_link) and writes its row. */
static int link_one(recent *r, sqlite3_stmt *ins, int64_t id, int64_t article, const char *content) {
  double sim;
  int64_t group = hd_quote_linker_link(r, id, article, content, &sim);
  sqlite3_bind_int64(ins, 1, id);
  sqlite3_bind_int64(ins, 2, group);
  sqlite3_bind_double(ins, 3, sim);
  int rc = sqlite3_step(ins);
  sqlite3_reset(ins);
  return rc == SQLITE_DONE ? 0 : -1;
}

/* The new quotes are taken speaker by speaker (each one's candidates are
 * its speaker's earlier quotes only, so the groups are those of id order),
 * with the speaker's recent word sets kept in memory: one index read per
 * speaker and one word set per quote. */
int hd_quote_links_update(sqlite3 *db, const char *path, hd_err *err) {
  if (sqlite3_exec(db, "BEGIN; " HD_QUOTE_LINKS_SCHEMA, NULL, NULL, NULL) != SQLITE_OK)
    return fail(db, path, err, "quote links");
  sqlite3_stmt *fresh = NULL, *cand = NULL, *ins = NULL;
  recent *r = hd_quote_linker_new();
  int rc = -1;
  if (sqlite3_prepare_v2(db,
                         HD_QUOTE_LINKS_FRESH_SQL,
                         -1, &fresh, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db,
                         HD_QUOTE_LINKS_RECENT_SQL("?1", "?2", "?3"),
                         -1, &cand, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO quote_links(quote_id, group_id, sim) VALUES(?,?,?)", -1, &ins,
                         NULL) == SQLITE_OK) {
    int s;
    rc = 0;
    while (!rc && (s = sqlite3_step(fresh)) == SQLITE_ROW) {
      int64_t id = sqlite3_column_int64(fresh, 0), article = sqlite3_column_int64(fresh, 1),
              speaker = sqlite3_column_int64(fresh, 2);
      if (!hd_quote_linker_has(r, speaker)) rc = recent_load(r, cand, speaker, article, id);
      if (!rc) rc = link_one(r, ins, id, article, (const char *)sqlite3_column_text(fresh, 3));
    }
    if (!rc && s != SQLITE_DONE) rc = -1;
  }
  if (rc) fail(db, path, err, "linking quotes");
  hd_quote_linker_free(r);
  sqlite3_finalize(fresh);
  sqlite3_finalize(cand);
  sqlite3_finalize(ins);
  if (sqlite3_exec(db, rc ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL) != SQLITE_OK && !rc)
    rc = fail(db, path, err, "linking quotes");
  return rc;
}

/* ---- reading a trail ---- */

typedef hd_trail_member member;

static char *col(sqlite3_stmt *st, int i) {
  const char *s = (const char *)sqlite3_column_text(st, i);
  return s ? hd_xstrdup(s) : NULL;
}

/* The lower-cased words of s, in order, as a NUL-separated list. */
static size_t word_list(const char *s, hd_buf *out) {
  hd_words it;
  hd_word w;
  size_t n = 0;
  hd_buf_clear(out);
  if (!s) return 0;
  hd_words_init(&it, s, strlen(s));
  while (n < MAX_WORDS && hd_words_next(&it, &w)) {
    hd_buf_put(out, w.w, w.len + 1);
    n++;
  }
  return n;
}

static int in_list(const hd_buf *l, const char *w) {
  for (size_t p = 0; p < l->len; p += strlen(l->ptr + p) + 1)
    if (!strcmp(l->ptr + p, w)) return 1;
  return 0;
}

/* "key":[words of a not in b] */
static void word_diff(hd_buf *j, const char *key, const hd_buf *a, const hd_buf *b) {
  int first = 1;
  hd_json_key(j, key);
  hd_buf_putc(j, '[');
  for (size_t p = 0; p < a->len; p += strlen(a->ptr + p) + 1)
    if (!in_list(b, a->ptr + p)) {
      hd_json_sep(j, &first);
      hd_json_cstr(j, a->ptr + p);
    }
  hd_buf_putc(j, ']');
}

static void where(hd_buf *j, const member *m, int *first) {
  hd_json_sep(j, first), hd_json_key(j, "quote"), hd_json_int(j, m->quote);
  hd_json_sep(j, first), hd_json_key(j, "article"), hd_json_int(j, m->article);
  hd_json_sep(j, first), hd_json_key(j, "outlet"), hd_json_cstr(j, m->outlet);
  hd_json_sep(j, first), hd_json_key(j, "date"), hd_json_cstr(j, m->date);
  hd_json_sep(j, first), hd_json_key(j, "title"), hd_json_cstr(j, m->title);
}

static int same_words(const hd_buf *a, const hd_buf *b) { return a->len == b->len && !memcmp(a->ptr, b->ptr, a->len); }

/* The one-line summary of a group ("said first in X on DATE; repeated N
 * times; K variants; M outlets") into `out`; returns the outlets. */
static size_t summarise(const member *m, size_t n, hd_buf *out) {
  hd_buf w0, w;
  hd_buf_init(&w0, 0);
  hd_buf_init(&w, 0);
  word_list(m[0].content, &w0);
  size_t repeats = 0, variants = 0, n_outlets = 0;
  for (size_t i = 1; i < n; i++) {
    word_list(m[i].content, &w);
    if (same_words(&w0, &w)) repeats++;
    else variants++;
  }
  for (size_t i = 0; i < n; i++) { /* distinct outlets, named ones only */
    int seen = !m[i].outlet;
    for (size_t k = 0; k < i && !seen; k++) seen = m[k].outlet && !strcmp(m[k].outlet, m[i].outlet);
    n_outlets += !seen;
  }
  hd_buf_printf(out, "said first in %s on %s; repeated %zu time%s; %zu variant%s; %zu outlet%s",
                m[0].outlet ? m[0].outlet : "-", m[0].date ? m[0].date : "-", repeats, repeats == 1 ? "" : "s",
                variants, variants == 1 ? "" : "s", n_outlets, n_outlets == 1 ? "" : "s");
  hd_buf_free(&w0);
  hd_buf_free(&w);
  return n_outlets;
}

char *hd_quote_trail_render(int64_t id, const hd_trail_member *m, size_t n) {
  hd_buf j, w0, w;
  hd_buf_init(&j, 0);
  hd_buf_init(&w0, 0);
  hd_buf_init(&w, 0);
  word_list(m[0].content, &w0);
  int f = 1;
  hd_buf_putc(&j, '{');
  hd_json_sep(&j, &f), hd_json_key(&j, "quote"), hd_json_int(&j, id);
  hd_json_sep(&j, &f), hd_json_key(&j, "speaker"), hd_json_cstr(&j, m[0].speaker);
  hd_buf summary;
  hd_buf_init(&summary, 0);
  size_t n_outlets = summarise(m, n, &summary);
  hd_json_sep(&j, &f), hd_json_key(&j, "summary"), hd_json_cstr(&j, summary.ptr);
  hd_buf_free(&summary);
  hd_json_sep(&j, &f), hd_json_key(&j, "outlets"), hd_json_int(&j, (long long)n_outlets);
  hd_json_sep(&j, &f), hd_json_key(&j, "first");
  int g = 1;
  hd_buf_putc(&j, '{');
  where(&j, &m[0], &g);
  hd_json_sep(&j, &g), hd_json_key(&j, "content"), hd_json_cstr(&j, m[0].content);
  hd_buf_putc(&j, '}');
  for (int pass = 0; pass < 2; pass++) { /* repeats, then variants */
    hd_json_sep(&j, &f), hd_json_key(&j, pass ? "variants" : "repeats");
    hd_buf_putc(&j, '[');
    int a = 1;
    for (size_t i = 1; i < n; i++) {
      word_list(m[i].content, &w);
      if (same_words(&w0, &w) == pass) continue;
      hd_json_sep(&j, &a);
      hd_buf_putc(&j, '{');
      g = 1;
      where(&j, &m[i], &g);
      hd_json_sep(&j, &g), hd_json_key(&j, "copy"), hd_buf_puts(&j, m[i].dup_of ? "true" : "false");
      if (pass) {
        hd_json_sep(&j, &g), hd_json_key(&j, "content"), hd_json_cstr(&j, m[i].content);
        hd_json_sep(&j, &g), word_diff(&j, "added", &w, &w0);
        hd_json_sep(&j, &g), word_diff(&j, "removed", &w0, &w);
      }
      hd_buf_putc(&j, '}');
    }
    hd_buf_putc(&j, ']');
  }
  hd_buf_puts(&j, "}\n");
  hd_buf_free(&w0);
  hd_buf_free(&w);
  return hd_buf_take(&j, NULL);
}

/* The members of the group holding quote `id`, in date order (at most
 * 1000); *n = 0 when it is in none. Returns 0, or -1 with err set. */
static int load_group(sqlite3 *db, int64_t id, member **out, size_t *n_out, hd_err *err) {
  sqlite3_stmt *st = NULL;
  *out = NULL;
  *n_out = 0;
  if (sqlite3_prepare_v2(db, HD_QUOTE_TRAIL_SQL("?1"), -1, &st, NULL) != SQLITE_OK) {
    /* a store written before quote links existed */
    hd_err_set(err, HD_ERR_NOT_FOUND, NULL, 0, "no quote trail in this store (ingest again to link quotes)");
    sqlite3_finalize(st);
    return -1;
  }
  sqlite3_bind_int64(st, 1, id);
  member *m = NULL;
  size_t n = 0, cap = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    member x = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
                col(st, 3), col(st, 4), col(st, 5), col(st, 6), col(st, 7), col(st, 8)};
    HD_VEC_PUSH(m, n, cap, x);
  }
  sqlite3_finalize(st);
  *out = m;
  *n_out = n;
  if (rc != SQLITE_DONE) {
    hd_err_set(err, HD_ERR_DB, NULL, 0, "quote trail: %s", sqlite3_errmsg(db));
    return -1;
  }
  return 0;
}

void hd_trail_members_free(hd_trail_member *m, size_t n) {
  for (size_t i = 0; i < n; i++)
    free(m[i].type), free(m[i].content), free(m[i].outlet), free(m[i].date), free(m[i].title), free(m[i].speaker);
  free(m);
}

static void free_group(member *m, size_t n) { hd_trail_members_free(m, n); }

char *hd_quote_trail_json(sqlite3 *db, int64_t id, hd_err *err) {
  member *m;
  size_t n;
  if (load_group(db, id, &m, &n, err) != 0) {
    free_group(m, n);
    return NULL;
  }
  char *json = NULL;
  if (!n) hd_err_set(err, HD_ERR_NOT_FOUND, NULL, 0, "no trail for quote %lld (not a linked quote)", (long long)id);
  else json = hd_quote_trail_render(id, m, n);
  free_group(m, n);
  return json;
}

char *hd_quote_trail_summary_of(const hd_trail_member *m, size_t n) {
  if (n < 2) return NULL;
  hd_buf b;
  hd_buf_init(&b, 0);
  summarise(m, n, &b);
  return hd_buf_take(&b, NULL);
}

char *hd_quote_trail_summary(sqlite3 *db, int64_t id, hd_err *err) {
  member *m;
  size_t n;
  char *s = NULL;
  if (load_group(db, id, &m, &n, err) == 0 && n > 1) {
    hd_buf b;
    hd_buf_init(&b, 0);
    summarise(m, n, &b);
    s = hd_buf_take(&b, NULL);
  }
  free_group(m, n);
  return s;
}
