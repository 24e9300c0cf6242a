/*
 * fts_ahead.c: FTS5 tokens computed ahead and replayed by the writer
 * (see fts_ahead.h). A recorded column is a run of tokens, each an
 * int32 header {flags, length, start, end} then its bytes (unaligned).
 */
#include "store/fts_ahead.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "util/buf.h"

/* The store's table says tokenize='porter unicode61 remove_diacritics 2':
 * FTS5 creates "porter" with these arguments (writer_sqlite.c's SCHEMA). */
static const char *const ARGS[] = {"unicode61", "remove_diacritics", "2"};
enum { N_ARGS = 3 };

struct hd_fts_tokens {
  const char *src[2]; /* title, text (NULL: not recorded) */
  size_t len[2];
  const unsigned char *rec[2];
  size_t rec_len[2];
};

static fts5_api *api_of(sqlite3 *db) {
  fts5_api *api = NULL;
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) return NULL;
  sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(st);
  sqlite3_finalize(st);
  return api;
}

/* ---- recording, on the annotating threads ---- */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static sqlite3 *tok_db; /* only to reach FTS5's tokenizers; kept open */
static fts5_tokenizer porter;
static void *porter_ud;
static int porter_ok;
static pthread_key_t tok_key; /* each thread's porter instance */

static void free_tok(void *t) { porter.xDelete(t); }

static void init(void) {
  if (sqlite3_open_v2(":memory:", &tok_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) return;
  fts5_api *api = api_of(tok_db);
  if (api && api->xFindTokenizer(api, "porter", &porter_ud, &porter) == SQLITE_OK &&
      pthread_key_create(&tok_key, free_tok) == 0)
    porter_ok = 1;
}

static int record(void *ctx, int tflags, const char *tok, int n, int start, int end) {
  int32_t h[4] = {tflags, n, start, end};
  hd_buf *b = ctx;
  if (n < 0 || hd_buf_put(b, h, sizeof h) || hd_buf_put(b, tok, (size_t)n)) return SQLITE_NOMEM;
  return SQLITE_OK;
}

hd_fts_tokens *hd_fts_tokens_of(const char *title, size_t title_len, const char *text, size_t text_len,
                                void *(*alloc)(void *ud, size_t n), void *ud) {
  pthread_once(&once, init);
  if (!porter_ok || title_len > INT_MAX || text_len > INT_MAX) return NULL;
  Fts5Tokenizer *t = pthread_getspecific(tok_key);
  if (!t) {
    if (porter.xCreate(porter_ud, (const char **)ARGS, N_ARGS, &t) != SQLITE_OK) return NULL;
    pthread_setspecific(tok_key, t);
  }
  hd_fts_tokens *r = alloc(ud, sizeof *r);
  if (!r) return NULL;
  const char *src[2] = {title, text};
  size_t len[2] = {title_len, text_len};
  hd_buf b;
  hd_buf_init(&b, 0);
  for (int c = 0; c < 2 && r; c++) {
    r->src[c] = NULL;
    if (!src[c]) continue;
    hd_buf_clear(&b);
    unsigned char *copy = NULL;
    if (porter.xTokenize(t, &b, FTS5_TOKENIZE_DOCUMENT, src[c], (int)len[c], record) != SQLITE_OK ||
        !(copy = alloc(ud, b.len + 1))) {
      r = NULL;
      break;
    }
    if (b.len) memcpy(copy, b.ptr, b.len);
    r->src[c] = src[c];
    r->len[c] = len[c];
    r->rec[c] = copy;
    r->rec_len[c] = b.len;
  }
  hd_buf_free(&b);
  return r;
}

/* ---- replaying, on the writer's connection ---- */

typedef struct {
  fts5_tokenizer real;
  void *real_ud;
  const hd_fts_tokens *const *current;
} wrap_ctx;

typedef struct {
  Fts5Tokenizer *inner;
  wrap_ctx *ctx;
  int same_args; /* created with ARGS: recorded tokens are its tokens */
} wrap_tok;

static int wrap_create(void *ud, const char **az, int n, Fts5Tokenizer **out) {
  wrap_ctx *c = ud;
  wrap_tok *w = sqlite3_malloc(sizeof *w);
  if (!w) return SQLITE_NOMEM;
  w->ctx = c;
  w->same_args = n == N_ARGS;
  for (int i = 0; i < n && w->same_args; i++) w->same_args = !strcmp(az[i], ARGS[i]);
  int rc = c->real.xCreate(c->real_ud, az, n, &w->inner);
  if (rc != SQLITE_OK) {
    sqlite3_free(w);
    return rc;
  }
  *out = (Fts5Tokenizer *)w;
  return SQLITE_OK;
}

static void wrap_delete(Fts5Tokenizer *t) {
  wrap_tok *w = (wrap_tok *)t;
  w->ctx->real.xDelete(w->inner);
  sqlite3_free(w);
}

static int replay(const unsigned char *p, size_t len, void *pctx,
                  int (*token)(void *, int, const char *, int, int, int)) {
  for (size_t pos = 0; pos < len;) {
    int32_t h[4];
    memcpy(h, p + pos, sizeof h);
    pos += sizeof h;
    int rc = token(pctx, h[0], (const char *)p + pos, h[1], h[2], h[3]);
    if (rc != SQLITE_OK) return rc;
    pos += (size_t)h[1];
  }
  return SQLITE_OK;
}

static int wrap_tokenize(Fts5Tokenizer *t, void *pctx, int flags, const char *text, int n,
                         int (*token)(void *, int, const char *, int, int, int)) {
  wrap_tok *w = (wrap_tok *)t;
  const hd_fts_tokens *r = *w->ctx->current;
  if (r && w->same_args && flags == FTS5_TOKENIZE_DOCUMENT && n >= 0)
    for (int c = 0; c < 2; c++)
      if (r->src[c] && r->len[c] == (size_t)n && !memcmp(r->src[c], text, (size_t)n))
        return replay(r->rec[c], r->rec_len[c], pctx, token);
  return w->ctx->real.xTokenize(w->inner, pctx, flags, text, n, token);
}

static fts5_tokenizer WRAP = {wrap_create, wrap_delete, wrap_tokenize};

int hd_fts_ahead_install(sqlite3 *db, const hd_fts_tokens *const *current) {
  fts5_api *api = api_of(db);
  if (!api) return SQLITE_ERROR;
  wrap_ctx *c = sqlite3_malloc(sizeof *c);
  if (!c) return SQLITE_NOMEM;
  c->current = current;
  int rc = api->xFindTokenizer(api, "porter", &c->real_ud, &c->real);
  if (rc == SQLITE_OK) rc = api->xCreateTokenizer(api, "porter", c, &WRAP, sqlite3_free);
  if (rc != SQLITE_OK) sqlite3_free(c); /* not registered: nobody else frees it */
  return rc;
}
