/*
 * corpus.c: the corpus-wide step for one article (see corpus.h):
 * fingerprint, near-duplicate lookup, story clustering.
 * Complexity: O(words * HD_MH_PERMS) to sign, plus the LSH query and the
 * clusterer's scoring; memory: the index and the clusterer's state.
 */
#include "corpus/corpus.h"

#include <stdlib.h>
#include <string.h>

#include "attrib/resolve.h"
#include "corpus/cluster_words.h"
#include "util/buf.h"

struct hd_corpus {
  hd_fp_options fp;
  int dedup;
  hd_lsh *lsh;
  hd_clusterer *cl;
  hd_story_of_fn story_of;
  void *ud;
};

hd_corpus *hd_corpus_new(const hd_fp_options *fp, const hd_cluster_options *co, int dedup,
                         hd_story_of_fn story_of, void *ud) {
  hd_corpus *c = hd_xcalloc(1, sizeof *c);
  c->fp = *fp;
  c->dedup = dedup;
  c->lsh = hd_lsh_new(fp);
  c->cl = hd_clusterer_new(co);
  c->story_of = story_of;
  c->ud = ud;
  return c;
}

void hd_corpus_free(hd_corpus *c) {
  if (!c) return;
  hd_lsh_free(c->lsh);
  hd_clusterer_free(c->cl);
  free(c);
}

hd_lsh *hd_corpus_lsh(hd_corpus *c) { return c->lsh; }
hd_clusterer *hd_corpus_clusterer(hd_corpus *c) { return c->cl; }

void hd_corpus_add(hd_corpus *c, const hd_article *a, hd_corpus_result *r) {
  hd_corpus_add_to(c, a, HD_NO_STORY, r);
}

/* The text the corpus step reads: the cleaned text, else the raw input. */
static const char *corpus_text(const hd_article *a, size_t *len) {
  *len = a->text ? a->text_len : a->raw_len;
  return a->text ? a->text : a->raw;
}

/* The title the clusterer reads. */
static const char *corpus_title(const hd_article *a) { return a->text ? a->title : a->meta[HD_META_TITLE]; }

static void *article_alloc(void *a, size_t n) { return hd_article_alloc(a, n); }
static void *heap_alloc(void *ud, size_t n) {
  (void)ud;
  return malloc(n);
}

void hd_corpus_prepare(const hd_fp_options *fp, hd_article *a) {
  size_t len;
  const char *text = corpus_text(a, &len), *title = corpus_title(a);
  /* the clusterer's words (NULL past the arena's cap: it reads the text then) */
  a->cluster_words[0] = title ? hd_cluster_words_of(title, strlen(title), article_alloc, a) : NULL;
  const hd_cluster_words *w = a->cluster_words[1] = hd_cluster_words_of(text, len, article_alloc, a);
  hd_minhash *m = hd_article_alloc(a, sizeof *m);
  if (!m) return; /* the arena's cap: hd_corpus_add signs it then */
  if (w) hd_minhash_words(w->w, w->n, fp, m); /* the same words: cut once */
  else hd_minhash_text(text, len, fp, m);
  a->minhash = m;
}

void hd_corpus_add_to(hd_corpus *c, const hd_article *a, uint32_t join, hd_corpus_result *r) {
  size_t text_len;
  const char *text = corpus_text(a, &text_len);
  memset(r, 0, sizeof *r);
  /* not prepared (one thread): the text's words cut once, for the
   * signature and the clusterer (NULL past 1 MB: each reads the text) */
  const hd_cluster_words *tw = a->cluster_words[1];
  hd_cluster_words *own = NULL;
  if (!tw && !a->minhash) tw = own = hd_cluster_words_of(text, text_len, heap_alloc, NULL);
  if (c->dedup) {
    if (a->minhash) r->sig = *a->minhash;
    else if (tw) hd_minhash_words(tw->w, tw->n, &c->fp, &r->sig);
    else hd_minhash_text(text, text_len, &c->fp, &r->sig);
    uint32_t story = HD_NO_STORY; /* the original's, kept in the index */
    r->dup_of = hd_lsh_query_tag(c->lsh, &r->sig, &r->dup_sim, &story);
    /* any story the original was in leads to its story now: the
     * clusterer follows merges (hd_cluster_find) */
    if (r->dup_of && join == HD_NO_STORY) join = story != HD_NO_STORY ? story : c->story_of(c->ud, r->dup_of);
    else r->dup_sim = 0;
  }
  r->day = hd_parse_day(a->meta[HD_META_DATE]);
  hd_doc_entities ents;
  hd_doc_entities_of(a, &ents);
  hd_cluster_doc d = {corpus_title(a), text, text_len, r->day, ents.v, ents.n};
  hd_cluster_add_read(c->cl, &d, a->cluster_words[0], tw, join, &r->story);
  hd_doc_entities_free(&ents);
  free(own);
}

void hd_corpus_index(hd_corpus *c, int64_t id, const hd_corpus_result *r) {
  if (c->dedup && !r->dup_of) hd_lsh_add_tag(c->lsh, id, r->story.story, &r->sig);
}

void hd_doc_entities_of(const hd_article *a, hd_doc_entities *e) {
  /* one entry per mention, so frequent entities weigh more; a mention
   * with no identity gets a key from its type and lower-cased text */
  e->v = hd_xmalloc((a->n_mentions + 1) * sizeof *e->v);
  e->n = 0;
  hd_buf pool;
  hd_buf_init(&pool, 0);
  size_t *off = hd_xmalloc((a->n_mentions + 1) * sizeof *off);
  for (size_t i = 0; i < a->n_mentions; i++) {
    const hd_mention *m = &a->mentions[i];
    uint32_t id = m->identity;
    if (id < a->n_identities && a->identities[id].key && a->identities[id].key[0]) {
      e->v[e->n].key = a->identities[id].key;
      e->v[e->n].name = a->identities[id].name ? a->identities[id].name : a->identities[id].key;
      off[e->n++] = SIZE_MAX;
    } else if (m->end <= a->text_len && m->start < m->end) {
      char *key = hd_canonical_key(a->text + m->start, m->end - m->start, m->type);
      if (!key) continue;
      off[e->n++] = pool.len;
      hd_buf_puts(&pool, key);
      hd_buf_putc(&pool, 0);
      free(key);
    }
  }
  e->pool = hd_buf_take(&pool, NULL);
  for (size_t i = 0; i < e->n; i++)
    if (off[i] != SIZE_MAX) {
      e->v[i].key = e->pool + off[i];
      e->v[i].name = e->v[i].key;
    }
  free(off);
}

void hd_doc_entities_free(hd_doc_entities *e) {
  free(e->v);
  free(e->pool);
}
