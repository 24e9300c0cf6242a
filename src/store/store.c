/*
 * store.c: the corpus-wide writer behind `herald ingest` (see store.h),
 * over either database (writer.h: writer_sqlite.c, writer_pg.c).
 *
 * hd_ingest_add runs, for one annotated article: content hash check,
 * MinHash + LSH lookup (a copy joins its original's story), incremental
 * clustering, then the rows (article with its full-text entry,
 * identities by canonical key, aliases, titles, mentions, quotes).
 * Every `batch` articles the clusterer's changed terms and stories and
 * the touched entity rows are written and the batch commits. A batch
 * begins under the database's writers' lock; when the store's generation
 * moved (another process committed a batch: PostgreSQL only), the
 * in-memory state is reloaded first, so every batch extends the store's
 * current state.
 *
 * The work is two parts: the in-memory corpus step (hash check, MinHash,
 * near-duplicates, clustering; the article's id given ahead) and the
 * database's part (the rows, and at each commit the clusterer's changed
 * state, copied out first: commit_job). With `writer_thread` (SQLite,
 * `ingest -j 2` and more) the database's part runs on a thread of its
 * own, fed in order through a bounded queue (util/bqueue.h), so the two
 * parts overlap; each article job owns its article (freed once written)
 * and needs nothing back from the database. A commit job closes its
 * batch; whoever commits for the caller (hd_ingest_commit, close) waits
 * for the writer first (the barrier), so a killed ingest leaves the last
 * committed batch, as without the thread. Without it, both parts run on
 * the caller's thread in the same order: the same calls, the same store.
 */
#include "store/store.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <xxhash.h>

#include "corpus/corpus.h"
#include "herald/layers.h"
#include "corpus/entity_cache.h"
#include "corpus/story_model.h"
#include "attrib/resolve.h"
#include "store/hash_set.h"
#include "store/fts_ahead.h"
#include "store/term_chunks.h"
#include "store/writer.h"
#include "herald/timeline.h"
#include "util/bqueue.h"
#include "util/buf.h"

/* entity rows kept in memory between commits before the cache is dropped */
#define ENTITY_CACHE_MAX (1u << 18)

struct hd_ingest {
  const hd_writer_ops *w; /* the database (writer.h) */
  void *db;
  hd_store_options o;
  hd_corpus *corpus; /* fingerprint + near-duplicates + stories (corpus.h) */
  hd_lsh *lsh;       /* the corpus's index, for loading its state */
  hd_clusterer *cl;  /* the corpus's clusterer, for loading and saving */
  hd_story_model *story_model; /* owned; the clusterer borrows it (NULL: hand score) */
  hd_entity_cache *ents; /* entities rows touched since the cache was last dropped */
  /* every stored article's content hash, the open batch's included (its
   * own too: rolled back with it): "stored?" is a probe, from any thread */
  hd_hash_set stored;
  uint64_t *batch_hashes;
  size_t n_batch_hashes, cap_batch_hashes;
  uint32_t terms_saved; /* cluster_terms rows in the store (ids are dense) */
  int exact;            /* the stored posting lists are exact */
  int64_t gen;          /* the store's generation the in-memory state matches */
  int in_txn;
  int broken; /* a write failed: the open batch was rolled back */
  long pending;
  long reloads; /* times the state was reloaded after another writer's batch */
  hd_store_stats stats;
  hd_store_stats committed; /* stats as of the last commit */
  char *path;
  /* the writer thread (NULL q: none; the caller's thread writes) */
  hd_bqueue *q;
  pthread_t writer;
  int64_t next_article; /* the id the next stored article gets (given ahead) */
  uint64_t n_hashes;    /* hashes ever put in batch_hashes (batch_hashes[0] is number hash_base) */
  uint64_t hash_base;
  int w_in_txn;                 /* the writer's batch is open (its thread only) */
  atomic_size_t q_bytes;        /* memory of the articles queued for the writer */
  atomic_int w_failed;          /* a write failed: the writer rolled back and drops the rest */
  pthread_mutex_t w_mu;         /* guards the three below */
  hd_err w_err;                 /* its error */
  hd_store_stats w_committed;   /* stats as of the writer's last commit */
  uint64_t w_hash_mark;         /* hashes (n_hashes) as of the writer's last commit */
};

void hd_store_defaults(hd_store_options *o) {
  hd_fp_defaults(&o->fp);
  hd_cluster_defaults(&o->cluster);
  o->batch = 4000;
  o->story_model = NULL;
  o->writer_thread = 0;
}

/* ---- loading state (at open, and after another writer's batch) ---- */

typedef struct {
  hd_ingest *s;
  uint32_t expect;     /* the next term id (ids are dense) */
  uint32_t next_chunk; /* the next chunk id */
  uint32_t covered;    /* terms whose state was read */
} load_ctx;

static int load_term(void *ud, uint32_t id, const char *term, const char *surface, hd_err *err) {
  load_ctx *c = ud;
  if (id != c->expect++) {
    hd_err_set(err, HD_ERR_DB, c->s->path, 0, "cluster_terms ids are not dense (at %u)", id);
    return -1;
  }
  c->s->terms_saved = id + 1;
  hd_cluster_load_term(c->s->cl, id, term, surface, 0);
  return 0;
}

/* The df and posting list of each term of chunk `id` (term_chunks.h):
 * chunks come in id order and together cover every term exactly. */
static int load_chunk(void *ud, uint32_t id, const void *state, size_t len, hd_err *err) {
  load_ctx *c = ud;
  uint32_t base = id * HD_TERM_CHUNK, n = 0, df, n_post;
  const void *post;
  size_t pos = 0;
  int rc = id == c->next_chunk++ && base < c->expect ? 0 : -1;
  while (!rc && (rc = hd_term_chunk_next(state, len, &pos, &df, &post, &n_post)) == 1) {
    uint32_t t = base + n++;
    rc = n <= HD_TERM_CHUNK && t < c->expect ? 0 : -1;
    if (!rc) hd_cluster_load_df(c->s->cl, t, df);
    if (!rc && c->s->exact && hd_cluster_load_posts(c->s->cl, t, post, (size_t)n_post * sizeof(uint32_t))) rc = -1;
  }
  if (!rc && base + n != (c->expect - base < HD_TERM_CHUNK ? c->expect : base + HD_TERM_CHUNK)) rc = -1;
  if (!rc) c->covered = base + n;
  if (rc) hd_err_set(err, HD_ERR_DB, c->s->path, 0, "cluster chunk %u is corrupt", id);
  return rc ? -1 : 0;
}

static int load_story(void *ud, uint32_t id1, const void *state, size_t len, hd_err *err) {
  load_ctx *c = ud;
  if (hd_cluster_load_story(c->s->cl, id1 - 1, state, len) != 0) {
    hd_err_set(err, HD_ERR_DB, c->s->path, 0, "story %u has a corrupt state", id1);
    return -1;
  }
  return 0;
}

static void load_n_docs(void *ud, uint64_t n) { hd_cluster_set_n_docs(((load_ctx *)ud)->s->cl, n); }

static void load_original(void *ud, int64_t id, const void *minhash, size_t len) {
  if (len != sizeof(hd_minhash)) return;
  hd_minhash m;
  memcpy(&m, minhash, sizeof m);
  hd_lsh_add(((load_ctx *)ud)->s->lsh, id, &m);
}

/* An original with its story (1-based): a copy of it finds the story in
 * the index, with no query (the writer thread owns the connection). */
static void load_original_story(void *ud, int64_t id, const void *minhash, size_t len, int64_t story) {
  if (len != sizeof(hd_minhash)) return;
  hd_minhash m;
  memcpy(&m, minhash, sizeof m);
  uint32_t tag = story > 0 && story <= UINT32_MAX ? (uint32_t)(story - 1) : HD_NO_STORY;
  hd_lsh_add_tag(((load_ctx *)ud)->s->lsh, id, tag, &m);
}

static void load_next_article(void *ud, int64_t id) { ((load_ctx *)ud)->s->next_article = id; }

static void load_stored(void *ud, uint64_t hash) { hd_hash_set_add(&((load_ctx *)ud)->s->stored, hash); }

/* Only for an original indexed without its story (a backend that does
 * not load it): never on the writer thread's path (SQLite loads it). */
static uint32_t story_of_article(void *vs, int64_t article) {
  hd_ingest *s = vs;
  int64_t story = s->w->story_of(s->db, article);
  return story ? (uint32_t)(story - 1) : HD_NO_STORY;
}

/* (Re)builds the in-memory corpus state from the store. */
static int load_state(hd_ingest *s, hd_err *err) {
  hd_corpus_free(s->corpus);
  hd_entity_cache_free(s->ents);
  s->corpus = hd_corpus_new(&s->o.fp, &s->o.cluster, 1, story_of_article, s);
  s->lsh = hd_corpus_lsh(s->corpus);
  s->cl = hd_corpus_clusterer(s->corpus);
  s->ents = hd_entity_cache_new();
  s->terms_saved = 0;
  hd_cluster_set_exact_posts(s->cl, s->exact);
  hd_hash_set_clear(&s->stored);
  s->n_batch_hashes = 0;
  load_ctx c = {s, 0, 0, 0};
  hd_wload l = {&c, load_term, load_chunk, load_story, load_n_docs, load_original, load_stored,
                load_original_story, load_next_article};
  s->next_article = 0;
  hd_tl_mark t = HD_TL_START();
  if (s->w->load(s->db, &l, err)) return -1;
  HD_TL_SPAN("load-state", t);
  if (c.covered != c.expect) {
    hd_err_set(err, HD_ERR_DB, s->path, 0, "cluster_chunks hold %u of the %u terms", c.covered, c.expect);
    return -1;
  }
  if (hd_cluster_check_loaded(s->cl)) {
    hd_err_set(err, HD_ERR_DB, s->path, 0, "%s", "the clustering state names stories that do not exist");
    return -1;
  }
  return 0;
}

static void stop_writer(hd_ingest *s);
static int start_writer(hd_ingest *s, hd_err *err);

static void store_release(hd_ingest *s, int clean) {
  stop_writer(s);
  if (s->db) s->w->close(s->db, clean);
  hd_corpus_free(s->corpus);
  hd_story_model_free(s->story_model);
  hd_entity_cache_free(s->ents);
  hd_hash_set_free(&s->stored);
  free(s->batch_hashes);
  pthread_mutex_destroy(&s->w_mu);
  free(s->path);
  free(s);
}

/* Starts a batch: the writers' lock, and the state reloaded when another
 * writer committed since this one last did (PostgreSQL). */
static int begin(hd_ingest *s, hd_err *err) {
  if (s->in_txn) return 0;
  if (s->q) { /* the writer thread begins it (SQLite: the generation never moves) */
    s->in_txn = 1;
    return 0;
  }
  int64_t gen;
  if (s->w->begin(s->db, &gen, err)) return -1;
  s->in_txn = 1;
  if (gen != s->gen) {
    if (load_state(s, err)) {
      s->w->rollback(s->db);
      s->in_txn = 0;
      return -1;
    }
    s->gen = gen;
    s->reloads++;
  }
  return 0;
}

hd_ingest *hd_ingest_open(const char *path, const hd_store_options *o, hd_err *err) {
  hd_ingest *s = hd_xcalloc(1, sizeof *s);
  s->path = hd_xstrdup(path);
  s->w = hd_is_pg_uri(path) ? &hd_writer_pg : &hd_writer_sqlite;
  s->gen = -1;
  hd_hash_set_init(&s->stored);
  if (o) s->o = *o;
  else hd_store_defaults(&s->o);
  if (s->o.batch < 1) s->o.batch = 4000;
  pthread_mutex_init(&s->w_mu, NULL);
  /* the learned join decision: the given file, else the default one when
   * it is there (missing: the hand score); "hand" is the hand score */
  if (!s->o.story_model || strcmp(s->o.story_model, "hand") != 0) {
    int missing = 0;
    if (!(s->story_model = hd_story_model_open(s->o.story_model, &missing, err)) && !missing) goto fail;
    s->o.cluster.model = s->story_model;
  }
  s->db = s->w->open(path, &s->exact, err);
  if (!s->db) goto fail;
  /* the state, read inside a batch so that it is consistent */
  int64_t gen;
  if (begin(s, err)) goto fail;
  s->reloads = 0;
  if (s->w->commit(s->db, &gen, err)) goto fail;
  s->in_txn = 0;
  /* the writer thread: SQLite only (its generation never moves, so no
   * batch reloads the state) and when the next id is known */
  if (s->o.writer_thread && s->w == &hd_writer_sqlite && s->next_article > 0 && start_writer(s, err)) goto fail;
  return s;
fail:
  store_release(s, 0);
  return NULL;
}

uint64_t hd_article_hash(const hd_article *a) {
  return a->has_content_hash ? a->content_hash : XXH64(a->raw, a->raw_len, 0);
}

int hd_ingest_has(hd_ingest *s, uint64_t hash) { return hd_hash_set_has(&s->stored, hash); }

/* Reads only the options, fixed at open. The article's annotation is
 * done: its scratch arena (the stages' working memory, 64 KiB or more
 * kept for reuse) goes back to the heap here, on the annotating thread,
 * so an article waiting in the writer's queue holds its layers only
 * (Reuters: 138 KB -> 70 KB a queued article). */
void hd_ingest_prepare(const hd_ingest *s, hd_article *a) {
  hd_corpus_prepare(&s->o.fp, a);
  hd_arena_free(&a->scratch);
}

/* The stored text of an article (articles.text, and its FTS5 entry). */
static hd_wstr stored_text(const hd_article *a) {
  return a->text ? (hd_wstr){a->text, a->text_len} : (hd_wstr){a->raw, a->raw_len};
}

static void *article_alloc(void *a, size_t n) { return hd_article_alloc(a, n); }

void hd_ingest_prepare_fts(hd_article *a) {
  hd_wstr title = hd_wstr_of(a->title), text = stored_text(a);
  a->fts_tokens = hd_fts_tokens_of(title.p, title.n, text.p, text.n, article_alloc, a);
}

/* ---- the corpus-wide stages for one article ---- */

static hd_wstr span_str(const char *text, size_t text_len, hd_span sp) {
  hd_wstr w = {NULL, 0};
  if (!hd_span_is_none(sp) && sp.end <= text_len && sp.start <= sp.end) w.p = text + sp.start, w.n = sp.end - sp.start;
  return w;
}

/* The entities row of an identity (by canonical key), created or updated
 * in the cache: `mentions` more mentions, one more article, the longer
 * name (in code points; the first on a tie). Existing rows are read once
 * into the cache; their changes are written at commit (flush_entity). */
static int entity_row(hd_ingest *s, const hd_identity *id, uint32_t mentions, int64_t *row_id, hd_err *err) {
  const char *name = id->name ? id->name : id->key;
  hd_entity_row *r = hd_entity_cache_get(s->ents, id->key);
  if (!r) {
    int64_t eid, em, ea;
    const char *ename = NULL;
    int found = s->w->entity_get(s->db, id->key, &eid, &em, &ea, &ename, err);
    if (found < 0) return -1;
    if (found) r = hd_entity_cache_put(s->ents, id->key, eid, ename, em, ea);
    else { /* a new entity: its row now, so it gets the next id */
      eid = s->w->entity_new(s->db, id->key, hd_ent_type_name(id->type), name, mentions, err);
      if (eid < 0) return -1;
      r = hd_entity_cache_put(s->ents, id->key, eid, name, mentions, 1);
      *row_id = r->id;
      return 0;
    }
  }
  r->mentions += mentions;
  r->articles += 1;
  size_t chars = hd_utf8_chars(name);
  if (chars > r->name_chars) hd_entity_row_set_name(r, name, chars);
  hd_entity_cache_touch(s->ents, r);
  *row_id = r->id;
  return 0;
}

/* Identities by canonical key: returns each identity's entity row id. */
/* The article's keys that are not in the cache, looked up at once when
 * the database can (a round trip per key costs more than the key). */
static int prefetch_entities(hd_ingest *s, const hd_article *a, hd_err *err) {
  if (!s->w->entity_prefetch || !a->n_identities) return 0;
  const char **keys = hd_xcalloc(a->n_identities, sizeof *keys);
  size_t n = 0;
  for (size_t i = 0; i < a->n_identities; i++) {
    const char *k = a->identities[i].key;
    if (k && k[0] && !hd_entity_cache_get(s->ents, k)) keys[n++] = k;
  }
  int rc = n ? s->w->entity_prefetch(s->db, keys, n, err) : 0;
  free(keys);
  return rc;
}

static int store_entities(hd_ingest *s, const hd_article *a, int64_t art, int64_t *ent_ids, hd_err *err) {
  if (prefetch_entities(s, a, err)) return -1;
  uint32_t *count = hd_xcalloc(a->n_identities + 1, sizeof *count);
  for (size_t i = 0; i < a->n_mentions; i++)
    if (a->mentions[i].identity < a->n_identities) count[a->mentions[i].identity]++;
  int rc = 0;
  for (size_t i = 0; i < a->n_identities && !rc; i++) {
    const hd_identity *id = &a->identities[i];
    ent_ids[i] = 0;
    if (!id->key || !id->key[0]) continue;
    rc = entity_row(s, id, count[i], &ent_ids[i], err);
    if (rc) break;
    for (size_t k = 0; k <= id->n_aliases && !rc; k++) { /* the name too: counts pick the display name */
      const char *alias = k < id->n_aliases ? id->aliases[k] : id->name;
      int dup = 0;
      for (size_t j = 0; k == id->n_aliases && alias && j < id->n_aliases; j++) dup |= !strcmp(id->aliases[j], alias);
      if (!alias || dup) continue;
      rc = s->w->alias(s->db, ent_ids[i], alias, err);
    }
    for (size_t k = 0; k < id->n_titles && !rc; k++) rc = s->w->title(s->db, ent_ids[i], id->titles[k], err);
    if (!rc) rc = s->w->art_ent(s->db, art, ent_ids[i], count[i], err);
  }
  free(count);
  return rc;
}

static int store_mentions(hd_ingest *s, const hd_article *a, int64_t art, const int64_t *ent_ids, hd_err *err) {
  for (size_t i = 0; i < a->n_mentions; i++) {
    const hd_mention *m = &a->mentions[i];
    if (m->end > a->text_len || m->start > m->end) continue;
    hd_wrow_mention r = {
        .article = art,
        .entity = m->identity < a->n_identities ? ent_ids[m->identity] : 0,
        .type = hd_wstr_of(hd_ent_type_name(m->type)),
        .text = span_str(a->text, a->text_len, (hd_span){m->start, m->end}),
        .title = span_str(a->text, a->text_len, m->title),
        .start = (int64_t)m->start,
        .end = (int64_t)m->end,
    };
    if (s->w->mention(s->db, &r, err)) return -1;
  }
  return 0;
}

/* A statement's content as stored: its pieces joined by " … " ("A," he
 * said. "B." is one row whose content is "\"A,\" … \"B.\""); its end is
 * the last piece's. *buf is reused across calls (freed by the caller). */
static hd_wstr statement_text(const hd_article *a, const hd_quote *q, hd_buf *buf, uint32_t *end) {
  *end = q->content.end;
  if (!q->n_more) return span_str(a->text, a->text_len, q->content);
  hd_buf_clear(buf);
  hd_buf_put(buf, a->text + q->content.start, q->content.end - q->content.start);
  for (uint8_t k = 0; k < q->n_more; k++) {
    if (hd_span_is_none(q->more[k]) || q->more[k].end > a->text_len || q->more[k].start < *end) continue;
    hd_buf_puts(buf, " \xe2\x80\xa6 ");
    hd_buf_put(buf, a->text + q->more[k].start, q->more[k].end - q->more[k].start);
    *end = q->more[k].end;
  }
  hd_wstr w = {buf->ptr, buf->len};
  return w;
}

/* The name shown for a source with no identity: the source up to a
 * participial or relative clause ("A federal health official, speaking
 * on condition of anonymity ..." -> "A federal health official"; "The
 * officials, who spoke ..." -> "The officials"). */
static hd_wstr source_shown(hd_wstr src) {
  for (size_t i = 0; src.p && i + 2 < src.n; i++) {
    if (src.p[i] != ',' || src.p[i + 1] != ' ') continue;
    const char *w = src.p + i + 2;
    size_t n = 0;
    while (i + 2 + n < src.n && ((w[n] >= 'a' && w[n] <= 'z') || (w[n] >= 'A' && w[n] <= 'Z'))) n++;
    if ((n == 3 && !memcmp(w, "who", 3)) || (n == 5 && !memcmp(w, "which", 5)) ||
        (n > 4 && w[0] >= 'a' && w[0] <= 'z' && !memcmp(w + n - 3, "ing", 3))) {
      src.n = i;
      break;
    }
  }
  return src;
}

static int store_quotes(hd_ingest *s, const hd_article *a, int64_t art, const int64_t *ent_ids, hd_err *err) {
  hd_buf buf = {0};
  int rc = 0;
  for (size_t i = 0; i < a->n_quotes && !rc; i++) {
    const hd_quote *q = &a->quotes[i];
    if (hd_span_is_none(q->content) || q->content.end > a->text_len) continue;
    uint32_t content_end;
    hd_wstr content = statement_text(a, q, &buf, &content_end);
    hd_wrow_quote r = {
        .article = art,
        .type = hd_wstr_of(hd_quote_type_name(q->type)),
        .speaker_kind = hd_wstr_of(hd_speaker_kind_name(q->speaker_kind)),
        .content = content,
        .cue = span_str(a->text, a->text_len, q->cue),
        .source = span_str(a->text, a->text_len, q->source),
        .content_start = (int64_t)q->content.start,
        .content_end = (int64_t)content_end,
    };
    const char *speaker = NULL;
    if (q->speaker < a->n_identities && ent_ids[q->speaker]) {
      r.speaker_id = ent_ids[q->speaker];
      speaker = a->identities[q->speaker].name;
    }
    r.speaker = speaker ? hd_wstr_of(speaker) : source_shown(r.source);
    if (s->w->quote(s->db, &r, err)) rc = -1;
  }
  hd_buf_free(&buf);
  return rc;
}

static void day_str(int64_t day, char *out, size_t n) {
  /* civil from days (Howard Hinnant) */
  int64_t z = day + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp + (mp < 10 ? 3 : -9);
  snprintf(out, n, "%04d-%02d-%02d", (int)(y + (m <= 2)), (int)(m % 100), (int)(d % 100));
}

typedef struct {
  hd_ingest *s;
  hd_err *err;
} flush_ctx;

static int flush_entity(void *vctx, const hd_entity_row *r) {
  flush_ctx *c = vctx;
  return c->s->w->entity_set(c->s->db, r->id, r->mentions, r->articles, r->name, c->err);
}

/* ---- the database's part: jobs ----
 * An article job carries what the corpus step decided for it; a commit
 * job the clusterer's state that the batch changed, copied out of the
 * clusterer (so the corpus step may go on changing it). Written by the
 * writer thread, or at once on the caller's. */

typedef struct {
  uint32_t id, root, thread, n_docs;
  int64_t first_day, last_day;
  size_t state_off, state_len, label_off; /* in commit_job.bytes; label_off SIZE_MAX: none */
} story_snap;

typedef struct {
  /* new terms ids first_term.., names NUL-terminated in `bytes` (a
   * surface at term_off[2i+1], SIZE_MAX: none) */
  uint32_t first_term, terms_end;
  size_t *term_off;
  /* changed chunks: ids, and state bytes chunk_off[i]..chunk_off[i+1] */
  uint32_t *chunk_ids;
  size_t n_chunks, *chunk_off;
  story_snap *stories;
  size_t n_stories;
  uint64_t n_docs;
  hd_buf bytes;
  hd_store_stats stats; /* the counts when the batch closed */
  uint64_t hash_mark;   /* n_hashes when the batch closed */
} commit_job;

enum { JOB_ARTICLE, JOB_COMMIT, JOB_STOP };

typedef struct {
  int kind;
  /* JOB_ARTICLE */
  const hd_article *a;
  hd_article *owned; /* freed once written (a itself), or NULL: borrowed */
  size_t bytes;      /* owned's memory, counted in q_bytes while queued */
  int64_t id;        /* given ahead, or 0: the database's */
  uint64_t hash;
  hd_corpus_result cr;
  /* JOB_COMMIT */
  commit_job *commit;
} write_job;

/* The article's rows: its own (with its full-text entry), identities,
 * mentions, quotes, its story's outlets and merges. Its id, or -1. */
static int64_t write_article(hd_ingest *s, const write_job *j, hd_err *err) {
  const hd_article *a = j->a;
  const hd_corpus_result *cr = &j->cr;
  const hd_cluster_result *r = &cr->story;
  hd_wrow_article row = {
      .id = j->id,
      .hash = j->hash,
      .ext_id = hd_wstr_of(a->meta[HD_META_ID]),
      .url = hd_wstr_of(a->meta[HD_META_URL]),
      .title = hd_wstr_of(a->title),
      .outlet = hd_wstr_of(a->outlet),
      .date = hd_wstr_of(a->meta[HD_META_DATE]),
      .kind = hd_wstr_of(hd_kind_name(a->kind)),
      .section = hd_wstr_of(a->section),
      .byline = hd_wstr_of(a->byline),
      .text = stored_text(a),
      .input_path = hd_wstr_of(a->meta[HD_META_INPUT_PATH]),
      .day = cr->day,
      .input_line = a->input_line,
      .story = (int64_t)r->story + 1,
      .dup_of = cr->dup_of,
      .dup_sim = cr->dup_sim,
      .minhash = cr->sig.n_shingles ? &cr->sig : NULL,
      .minhash_len = sizeof cr->sig,
      .fts_tokens = a->fts_tokens,
  };
  int64_t art = s->w->article(s->db, &row, err);
  if (art < 0) return -1;
  int64_t *ent_ids = hd_xcalloc(a->n_identities + 1, sizeof *ent_ids);
  int rc = store_entities(s, a, art, ent_ids, err);
  if (!rc) rc = store_mentions(s, a, art, ent_ids, err);
  if (!rc) rc = store_quotes(s, a, art, ent_ids, err);
  free(ent_ids);
  /* outlets per story, kept as a set so counting is cheap */
  if (!rc && a->outlet) rc = s->w->add_outlet(s->db, (int64_t)r->story + 1, a->outlet, err);
  for (int i = 0; i < r->n_merged && !rc; i++)
    rc = s->w->merge_story(s->db, (int64_t)r->story + 1, (int64_t)r->merged[i] + 1, err);
  return rc ? -1 : art;
}

static void commit_job_free(commit_job *c) {
  if (!c) return;
  free(c->term_off);
  free(c->chunk_ids);
  free(c->chunk_off);
  free(c->stories);
  hd_buf_free(&c->bytes);
  free(c);
}

/* The names of the terms new since the last commit, then the state of
 * every chunk that holds a changed term (`dirty`) or a new one, taken in
 * row order (each B-tree page visited once): O(dirty + chunks), no sort
 * of the dirty terms. */
static void take_terms(hd_ingest *s, commit_job *c, const uint32_t *dirty, size_t nd) {
  uint32_t n_terms = (uint32_t)hd_cluster_n_terms(s->cl);
  c->first_term = s->terms_saved;
  c->terms_end = n_terms;
  size_t n_new = n_terms > s->terms_saved ? n_terms - s->terms_saved : 0;
  c->term_off = hd_xmalloc((2 * n_new + 1) * sizeof *c->term_off);
  for (uint32_t id = s->terms_saved; id < n_terms; id++) {
    const char *surface;
    const char *t = hd_cluster_term(s->cl, id, &surface, NULL);
    size_t k = 2 * (size_t)(id - s->terms_saved);
    c->term_off[k] = c->bytes.len;
    hd_buf_put(&c->bytes, t, strlen(t) + 1);
    c->term_off[k + 1] = surface ? c->bytes.len : SIZE_MAX;
    if (surface) hd_buf_put(&c->bytes, surface, strlen(surface) + 1);
  }
  if (!n_terms) return;
  uint32_t first_new = s->terms_saved / HD_TERM_CHUNK, n_chunks = (n_terms - 1) / HD_TERM_CHUNK + 1;
  unsigned char *changed = hd_xcalloc(n_chunks, 1);
  for (size_t i = 0; i < nd; i++)
    if (dirty[i] < n_terms) changed[dirty[i] / HD_TERM_CHUNK] = 1;
  size_t n = 0;
  for (uint32_t k = 0; k < n_chunks; k++) n += changed[k] |= k >= first_new;
  c->chunk_ids = hd_xmalloc((n + 1) * sizeof *c->chunk_ids);
  c->chunk_off = hd_xmalloc((n + 1) * sizeof *c->chunk_off);
  for (uint32_t k = 0; k < n_chunks; k++) {
    if (!changed[k]) continue;
    c->chunk_ids[c->n_chunks] = k;
    c->chunk_off[c->n_chunks++] = c->bytes.len;
    uint32_t end = n_terms - k * HD_TERM_CHUNK < HD_TERM_CHUNK ? n_terms : k * HD_TERM_CHUNK + HD_TERM_CHUNK;
    for (uint32_t t = k * HD_TERM_CHUNK; t < end; t++) {
      uint32_t df, n_post;
      hd_cluster_term(s->cl, t, NULL, &df);
      const uint32_t *post = hd_cluster_term_posts(s->cl, t, &n_post);
      hd_term_chunk_put(&c->bytes, df, post, n_post);
    }
  }
  c->chunk_off[c->n_chunks] = c->bytes.len;
  free(changed);
}

/* A changed story's state, days, label (when it is live) and thread. */
static void take_story(hd_ingest *s, commit_job *c, uint32_t id, story_snap *st) {
  st->id = id;
  st->state_off = c->bytes.len;
  hd_cluster_story_state(s->cl, id, &c->bytes);
  st->state_len = c->bytes.len - st->state_off;
  st->n_docs = hd_cluster_story_days(s->cl, id, &st->first_day, &st->last_day);
  st->root = hd_cluster_find(s->cl, id);
  st->label_off = SIZE_MAX;
  if (st->root == id) {
    hd_buf label;
    hd_buf_init(&label, 0);
    hd_cluster_label(s->cl, id, &label);
    if (label.ptr) {
      st->label_off = c->bytes.len;
      hd_buf_put(&c->bytes, label.ptr, label.len + 1);
    }
    hd_buf_free(&label);
  }
  st->thread = hd_cluster_story_thread(s->cl, id);
}

/* What the batch changed in the clusterer, copied out of it. */
static commit_job *take_commit(hd_ingest *s) {
  commit_job *c = hd_xcalloc(1, sizeof *c);
  hd_buf_init(&c->bytes, 0);
  uint32_t *terms, *stories;
  size_t nt, ns;
  hd_cluster_take_dirty(s->cl, &terms, &nt, &stories, &ns);
  take_terms(s, c, terms, nt);
  c->stories = hd_xmalloc((ns + 1) * sizeof *c->stories);
  for (size_t i = 0; i < ns; i++) take_story(s, c, stories[i], &c->stories[c->n_stories++]);
  c->n_docs = hd_cluster_n_docs(s->cl);
  free(terms);
  free(stories);
  return c;
}

static const char *job_str(const commit_job *c, size_t off) { return off == SIZE_MAX ? NULL : c->bytes.ptr + off; }

static int write_story(hd_ingest *s, const commit_job *c, const story_snap *st, hd_err *err) {
  char first[64], last[64];
  int live = st->root == st->id;
  const char *label = job_str(c, st->label_off);
  hd_wrow_story row = {
      .id = (int64_t)st->id + 1,
      .label = hd_wstr_of(label),
      .articles = live ? st->n_docs : 0,
      .outlets = live ? s->w->story_outlets(s->db, (int64_t)st->id + 1) : 0,
      .merged_into = !live ? (int64_t)st->root + 1 : 0,
      .thread_id = (int64_t)st->thread + 1,
      .state = c->bytes.ptr + st->state_off,
      .state_len = st->state_len,
  };
  if (st->first_day != HD_NO_DAY) {
    day_str(st->first_day, first, sizeof first);
    day_str(st->last_day, last, sizeof last);
    row.first = hd_wstr_of(first);
    row.last = hd_wstr_of(last);
  }
  /* the headline, kept so that listing stories reads it instead of
   * ranking titles at each query (headline.h) */
  char *headline = NULL;
  int rc = live ? s->w->story_headline(s->db, (int64_t)st->id + 1, label, &headline, err) : 0;
  row.headline = hd_wstr_of(headline);
  if (!rc) rc = s->w->story(s->db, &row, err);
  free(headline);
  return rc;
}

/* The commit's rows (touched entities, new terms, changed chunks and
 * stories, the document count), then COMMIT; *gen is the generation
 * after it. The entity cache is dropped when it grew large. */
static int write_commit(hd_ingest *s, const commit_job *c, int64_t *gen, hd_err *err) {
  flush_ctx fc = {s, err};
  hd_tl_mark t = HD_TL_START();
  int rc = s->w->flush ? s->w->flush(s->db, err) : 0;
  HD_TL_SPAN("c-flush", t);
  t = HD_TL_START();
  if (!rc) rc = hd_entity_cache_flush(s->ents, flush_entity, &fc);
  HD_TL_SPAN("c-entities", t);
  t = HD_TL_START();
  for (uint32_t id = c->first_term; id < c->terms_end && !rc; id++) {
    size_t k = 2 * (size_t)(id - c->first_term);
    rc = s->w->term(s->db, id, job_str(c, c->term_off[k]), job_str(c, c->term_off[k + 1]), err);
  }
  for (size_t i = 0; i < c->n_chunks && !rc; i++)
    rc = s->w->term_chunk(s->db, c->chunk_ids[i], c->bytes.ptr + c->chunk_off[i], c->chunk_off[i + 1] - c->chunk_off[i],
                          err);
  HD_TL_SPAN("c-terms", t);
  t = HD_TL_START();
  for (size_t i = 0; i < c->n_stories && !rc; i++) rc = write_story(s, c, &c->stories[i], err);
  HD_TL_SPAN("c-stories", t);
  t = HD_TL_START();
  if (!rc) {
    char n[32];
    snprintf(n, sizeof n, "%llu", (unsigned long long)c->n_docs);
    rc = s->w->meta(s->db, "cluster_docs", n, err);
  }
  if (!rc) rc = s->w->commit(s->db, gen, err);
  HD_TL_SPAN("c-commit", t);
  if (!rc && hd_entity_cache_count(s->ents) > ENTITY_CACHE_MAX) hd_entity_cache_clear(s->ents);
  return rc;
}

/* ---- the writer thread ---- */

static void job_free(write_job *j) {
  if (j->owned) hd_article_free(j->owned);
  commit_job_free(j->commit);
  free(j);
}

/* One job on the writer thread; a failure rolls the writer's batch back
 * and keeps its error (the corpus step reports it: writer_failed). */
static void run_job(hd_ingest *s, const write_job *j) {
  hd_err e = {0};
  int64_t gen;
  int rc = 0;
  if (!s->w_in_txn) {
    rc = s->w->begin(s->db, &gen, &e);
    s->w_in_txn = rc == 0;
  }
  if (!rc && j->kind == JOB_ARTICLE) rc = write_article(s, j, &e) < 0 ? -1 : 0;
  if (!rc && j->kind == JOB_COMMIT) {
    rc = write_commit(s, j->commit, &gen, &e);
    if (!rc) {
      s->w_in_txn = 0;
      pthread_mutex_lock(&s->w_mu);
      s->w_committed = j->commit->stats;
      s->w_hash_mark = j->commit->hash_mark;
      pthread_mutex_unlock(&s->w_mu);
    }
  }
  if (!rc) return;
  if (s->w_in_txn) s->w->rollback(s->db);
  s->w_in_txn = 0;
  hd_entity_cache_clear(s->ents); /* its counts included the rolled-back batch */
  pthread_mutex_lock(&s->w_mu);
  s->w_err = e;
  pthread_mutex_unlock(&s->w_mu);
  atomic_store(&s->w_failed, 1);
}

/* Jobs in order until the stop; after a failure the rest are dropped. */
static void *writer_main(void *vs) {
  hd_ingest *s = vs;
  hd_tl_thread("writer");
  for (;;) {
    write_job *j = hd_bqueue_pop(s->q);
    int stop = j->kind == JOB_STOP;
    hd_tl_mark t = HD_TL_START();
    if (!stop && !atomic_load(&s->w_failed)) run_job(s, j);
    HD_TL_SPAN(j->kind == JOB_COMMIT ? "w-commit" : "w-article", t);
    size_t bytes = j->bytes;
    job_free(j);
    atomic_fetch_sub(&s->q_bytes, bytes);
    hd_bqueue_done(s->q);
    if (stop) return NULL;
  }
}

/* jobs queued at most: enough to cover a commit's pause (a commit of
 * 4,000 Reuters articles keeps the writer 0.15-0.3 s, the corpus step
 * queues an article every 0.2 ms: 256 jobs filled in 50 ms, and then the
 * corpus step and the annotators waited); and the articles' memory
 * queued at most (long articles: the queue drains first, so memory stays
 * bounded in bytes too; a queued Reuters article holds about 72 KB) */
#define WRITE_QUEUE 1024
#define WRITE_QUEUE_BYTES ((size_t)64 << 20)

static int start_writer(hd_ingest *s, hd_err *err) {
  s->q = hd_bqueue_new(WRITE_QUEUE);
  if (s->q && pthread_create(&s->writer, NULL, writer_main, s) == 0) {
    if (s->w->background) s->w->background(s->db);
    return 0;
  }
  hd_bqueue_free(s->q);
  s->q = NULL;
  hd_err_set(err, HD_ERR_NOMEM, s->path, 0, "%s", "cannot start the store's writer thread");
  return -1;
}

static void push_job(hd_ingest *s, write_job *j) { hd_bqueue_push(s->q, j); }

/* The barrier, then the thread's end: the connection is this thread's
 * again. */
static void stop_writer(hd_ingest *s) {
  if (!s->q) return;
  write_job *j = hd_xcalloc(1, sizeof *j);
  j->kind = JOB_STOP;
  push_job(s, j);
  pthread_join(s->writer, NULL);
  hd_bqueue_free(s->q);
  s->q = NULL;
}

/* Forgets the hashes the writer committed (they stay in `stored`). */
static void trim_hashes(hd_ingest *s) {
  pthread_mutex_lock(&s->w_mu);
  uint64_t mark = s->w_hash_mark;
  pthread_mutex_unlock(&s->w_mu);
  if (mark <= s->hash_base) return;
  size_t drop = (size_t)(mark - s->hash_base);
  memmove(s->batch_hashes, s->batch_hashes + drop, (s->n_batch_hashes - drop) * sizeof *s->batch_hashes);
  s->n_batch_hashes -= drop;
  s->hash_base = mark;
}

/* The batches not committed are gone: counted as not stored, their
 * hashes no longer "stored"; the store takes no more writes. */
static void lose_uncommitted(hd_ingest *s, const hd_store_stats *committed) {
  long lost = s->stats.stored - committed->stored;
  long skipped = s->stats.skipped;
  long rolled_back = s->stats.rolled_back;
  s->stats = *committed;
  s->stats.skipped = skipped;
  s->stats.rolled_back = rolled_back + lost;
  s->committed = s->stats;
  s->broken = 1;
  for (size_t i = 0; i < s->n_batch_hashes; i++) hd_hash_set_remove(&s->stored, s->batch_hashes[i]);
  s->n_batch_hashes = 0;
}

/* -1 with the writer's error once a write failed on its thread (then
 * the barrier: every job after it dropped), else 0. */
static int writer_failed(hd_ingest *s, hd_err *err) {
  if (!s->q || !atomic_load(&s->w_failed)) return 0;
  if (s->broken) return -1;
  hd_bqueue_wait_idle(s->q);
  trim_hashes(s);
  pthread_mutex_lock(&s->w_mu);
  hd_store_stats committed = s->w_committed;
  if (err) *err = s->w_err;
  pthread_mutex_unlock(&s->w_mu);
  lose_uncommitted(s, &committed);
  return -1;
}

/* ---- the corpus step's part, on the caller's thread ---- */

static int commit_batch(hd_ingest *s, int wait, hd_err *err);

/* `owned`: the article is the store's to free (now, or once written). */
static int add_one(hd_ingest *s, const hd_article *a, hd_article *owned, hd_err *err) {
  uint64_t hash = hd_article_hash(a);
  if (begin(s, err)) return -1;
  if (hd_ingest_has(s, hash)) {
    s->stats.skipped++;
    hd_article_free(owned);
    return 1;
  }
  write_job *j = hd_xcalloc(1, sizeof *j);
  j->kind = JOB_ARTICLE;
  j->a = a;
  j->owned = owned;
  j->hash = hash;
  hd_corpus_add(s->corpus, a, &j->cr);
  const hd_corpus_result cr = j->cr; /* the job is the writer's once pushed */
  int64_t art;
  if (s->q) {
    art = j->id = s->next_article++;
    if (owned) j->bytes = owned->input.held + owned->arena.held + owned->scratch.held;
    if (atomic_load(&s->q_bytes) + j->bytes > WRITE_QUEUE_BYTES) hd_bqueue_wait_idle(s->q);
    atomic_fetch_add(&s->q_bytes, j->bytes);
    push_job(s, j);
  } else {
    art = write_article(s, j, err);
    job_free(j);
    if (art < 0) return -1;
  }
  hd_hash_set_add(&s->stored, hash);
  HD_VEC_PUSH(s->batch_hashes, s->n_batch_hashes, s->cap_batch_hashes, hash);
  s->n_hashes++;
  hd_corpus_index(s->corpus, art, &cr);
  s->stats.stored++;
  s->stats.duplicates += cr.dup_of != 0;
  s->stats.stories_opened += cr.story.opened;
  s->stats.merges += cr.story.n_merged;
  if (++s->pending >= s->o.batch) return commit_batch(s, 0, err);
  return 0;
}

/* A failed write rolls back the open batch; the in-memory state then no
 * longer matches the store, so the store refuses further writes (the
 * caller reopens it, which reloads the state from the store). */
static int fail_batch(hd_ingest *s, hd_err *err) {
  if (s->q) return writer_failed(s, err);
  if (s->in_txn) s->w->rollback(s->db);
  s->in_txn = 0;
  hd_entity_cache_clear(s->ents); /* its counts included the rolled-back batch */
  hd_store_stats committed = s->committed;
  lose_uncommitted(s, &committed);
  return -1;
}

static int refuse(hd_ingest *s, hd_err *err) {
  hd_err_set(err, HD_ERR_DB, s->path, 0, "%s", "an earlier write failed; the store must be reopened");
  return -1;
}

/* The article, borrowed (with the writer thread: written before this
 * returns) or owned. */
static int add(hd_ingest *s, const hd_article *a, hd_article *owned, hd_err *err) {
  if (s->broken || writer_failed(s, err)) {
    hd_article_free(owned);
    return s->broken && err && !err->msg[0] ? refuse(s, err) : -1;
  }
  int rc = add_one(s, a, owned, err);
  if (rc < 0) return fail_batch(s, err);
  /* a borrowed article is written before this returns; one already
   * stored (rc 1) queued nothing, so nothing is waited for (waiting here
   * stalled the corpus step behind each commit: a copy of an earlier
   * article comes every 80 or so Reuters articles) */
  if (s->q && !owned && rc == 0) {
    hd_bqueue_wait_idle(s->q);
    if (writer_failed(s, err)) return -1;
  }
  return rc;
}

int hd_ingest_add(hd_ingest *s, const hd_article *a, hd_err *err) { return add(s, a, NULL, err); }

int hd_ingest_add_take(hd_ingest *s, hd_article *a, hd_err *err) { return add(s, a, a, err); }

/* ---- commit: the clusterer's changed state, then COMMIT ---- */

/* Closes the open batch: written at once, or queued for the writer
 * thread (then, with `wait`, the barrier: written and committed). */
static int commit_batch(hd_ingest *s, int wait, hd_err *err) {
  if (s->broken) return refuse(s, err);
  if (writer_failed(s, err)) return -1;
  if (!s->in_txn) {
    if (!wait || !s->q) return 0;
    hd_bqueue_wait_idle(s->q);
    return writer_failed(s, err);
  }
  commit_job *c = take_commit(s);
  if (s->q) {
    c->stats = s->stats;
    c->hash_mark = s->n_hashes;
    write_job *j = hd_xcalloc(1, sizeof *j);
    j->kind = JOB_COMMIT;
    j->commit = c;
    s->terms_saved = c->terms_end;
    push_job(s, j); /* c is the writer's now */
    s->in_txn = 0;
    s->pending = 0;
    trim_hashes(s);
    if (!wait) return 0;
    hd_bqueue_wait_idle(s->q);
    return writer_failed(s, err);
  }
  int64_t gen;
  int rc = write_commit(s, c, &gen, err);
  uint32_t terms_end = c->terms_end;
  commit_job_free(c);
  if (rc) return fail_batch(s, err);
  s->gen = gen;
  s->in_txn = 0;
  s->pending = 0;
  s->n_batch_hashes = 0;
  s->hash_base = s->n_hashes;
  s->committed = s->stats;
  s->terms_saved = terms_end;
  return 0;
}

int hd_ingest_commit(hd_ingest *s, hd_err *err) { return commit_batch(s, 1, err); }

static void *free_corpus(void *corpus) {
  hd_corpus_free(corpus);
  return NULL;
}

int hd_ingest_close(hd_ingest *s, hd_err *err) {
  if (!s) return 0;
  hd_tl_mark t = HD_TL_START();
  int rc = s->broken ? -1 : hd_ingest_commit(s, err);
  stop_writer(s); /* the connection is this thread's again */
  HD_TL_SPAN("close-commit", t);
  /* The clustering state is not read past the last commit: it is freed
   * (millions of blocks, 1-2% of the step) on a thread of its own while
   * the identities are joined. */
  pthread_t freer;
  int freeing = s->corpus && pthread_create(&freer, NULL, free_corpus, s->corpus) == 0;
  if (!freeing) hd_corpus_free(s->corpus);
  s->corpus = NULL;
  s->cl = NULL;
  s->lsh = NULL;
  /* one identity per person, then (SQLite) each quote's trail */
  if (rc == 0) rc = s->w->join_identities(s->db, err);
  t = HD_TL_START();
  if (freeing) pthread_join(freer, NULL);
  HD_TL_SPAN("free-corpus-wait", t);
  if (s->broken) hd_err_set(err, HD_ERR_DB, s->path, 0, "%s", "the last batch was rolled back after a failed write");
  store_release(s, rc == 0);
  return rc;
}

void hd_ingest_get_stats(const hd_ingest *s, hd_store_stats *st) { *st = s->stats; }

long hd_ingest_reloads(const hd_ingest *s) { return s->reloads; }

int hd_disk_full(const char *path) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (!slash) snprintf(dir, sizeof dir, ".");
  else if (slash == dir) dir[1] = 0;
  else *slash = 0;
  struct statvfs v;
  return statvfs(dir, &v) == 0 && v.f_bavail == 0;
}

/* Why a store could not be read: a full disk (SQLite cannot create the
 * WAL index then, and says "disk I/O error") is named as such; only a
 * file that opens but has no articles table is "not a herald store". */
static void query_open_error(sqlite3 *db, const char *path, hd_err *err) {
  int code = sqlite3_extended_errcode(db) & 0xff;
  const char *msg = sqlite3_errmsg(db);
  if (code == SQLITE_FULL || ((code == SQLITE_IOERR || code == SQLITE_CANTOPEN) && hd_disk_full(path)))
    hd_err_set(err, HD_ERR_IO, path, 0, "cannot read the store: the disk is full (%s)", msg);
  else if (code == SQLITE_IOERR || code == SQLITE_CANTOPEN || code == SQLITE_BUSY || code == SQLITE_LOCKED ||
           code == SQLITE_NOMEM || code == SQLITE_READONLY || code == SQLITE_PERM)
    hd_err_set(err, HD_ERR_DB, path, 0, "cannot read the store: %s", msg);
  else hd_err_set(err, HD_ERR_DB, path, 0, "not a herald store: %s", msg);
}

sqlite3 *hd_store_open_query(const char *path, hd_err *err) {
  sqlite3 *db = NULL;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    hd_err_set(err, HD_ERR_DB, path, 0, "cannot open: %s", db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return NULL;
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, "SELECT 1 FROM articles LIMIT 1", -1, &st, NULL) != SQLITE_OK) {
    query_open_error(db, path, err);
    sqlite3_close(db);
    return NULL;
  }
  sqlite3_finalize(st);
  return db;
}
