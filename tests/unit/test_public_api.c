/* test_public_api.c: the public reader and layer getters, through
 * herald.h alone (as a program outside the tree would use them): a
 * buffer read as JSON Lines with a bad line reported and the walk going
 * on, metadata getters, then one annotated article's mentions, identities
 * and quotations read through views whose spans point at the right text,
 * names of the public enums, and out-of-range indexes refused. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "herald.h"

typedef struct {
  hd_article *v[8];
  int n, errors;
  long error_line;
} got;

static void on_article(void *ctx, hd_article *a) {
  got *g = ctx;
  if (g->n < 8) g->v[g->n++] = a;
  else hd_article_free(a);
}

static void on_error(void *ctx, const hd_err *e) {
  got *g = ctx;
  g->errors++;
  g->error_line = e->line;
  CHECK_STR(e->file, "feed.jsonl");
}

static int has_text(const hd_article *a, uint32_t start, uint32_t end, const char *want) {
  size_t n;
  const char *t = hd_article_text(a, &n);
  return start < end && end <= n && end - start == strlen(want) && !memcmp(t + start, want, end - start);
}

static void reader(void) {
  static const char feed[] =
      "{\"id\":\"a1\",\"source\":\"Tessel Post\",\"date\":\"2026-01-12\",\"title\":\"Envoy backs truce\","
      "\"text\":\"Envoy Maeve Orrin said on Monday that the truce would hold.\"}\n"
      "{\"text\": broken}\n"
      "{\"id\":\"a2\",\"text\":\"A second article about the valley.\"}\n";
  got g = {0};
  hd_reader r = {.on_article = on_article, .on_error = on_error, .ctx = &g};
  CHECK(hd_read_buffer(&r, "feed.jsonl", feed, sizeof feed - 1) == 1);
  CHECK(g.n == 2 && g.errors == 1 && g.error_line == 2);
  if (g.n == 2) {
    CHECK_STR(hd_article_meta(g.v[0], HD_META_ID), "a1");
    CHECK_STR(hd_article_meta(g.v[0], HD_META_SOURCE), "Tessel Post");
    CHECK_STR(hd_article_meta(g.v[0], HD_META_INPUT_PATH), "feed.jsonl");
    CHECK(hd_article_input_line(g.v[1]) == 3);
    CHECK(hd_article_meta(g.v[1], HD_META_DATE) == NULL);
    CHECK(hd_article_meta(g.v[1], (hd_meta_field)99) == NULL);
  }
  for (int i = 0; i < g.n; i++) hd_article_free(g.v[i]);
  /* binary bytes are a failed record, not an article */
  got b = {0};
  hd_reader rb = {.on_article = on_article, .on_error = on_error, .ctx = &b};
  CHECK(hd_read_buffer(&rb, "feed.jsonl", "\0\0\0\1\2binary", 11) == 1 && b.n == 0 && b.errors == 1);
}

static void layers(void) {
  static const char text[] =
      "Foreign Minister Anna Keller said on Monday that the talks in Brenna would resume. "
      "\"We are ready to sign,\" Keller said.";
  hd_err err = {0};
  hd_pipeline *p = hd_pipeline_new(NULL, &err);
  CHECK(p != NULL);
  if (!p) return;
  hd_article *a = hd_article_new(text, sizeof text - 1);
  CHECK(hd_annotate(p, a, &err) == 0);
  CHECK(hd_article_kind(a) == HD_KIND_NEWS);
  CHECK(hd_article_input_bytes(a) == sizeof text - 1 && hd_article_repaired(a) == 0);
  size_t nm = hd_article_n_mentions(a), keller = 0;
  CHECK(nm >= 2);
  for (size_t i = 0; i < nm; i++) {
    hd_mention_view m;
    CHECK(hd_article_mention(a, i, &m) == 0);
    if (has_text(a, m.start, m.end, "Anna Keller")) {
      keller++;
      CHECK(m.type == HD_ENT_PER);
      CHECK(has_text(a, m.title_start, m.title_end, "Foreign Minister"));
      hd_identity_view id;
      CHECK(m.identity != HD_NO_OFFSET && hd_article_identity(a, m.identity, &id) == 0);
      CHECK(id.key && !strncmp(id.key, "per:", 4) && id.name && !strcmp(id.name, "Anna Keller"));
      CHECK(id.type == HD_ENT_PER && id.n_titles >= 1);
    }
  }
  CHECK(keller == 1);
  size_t nq = hd_article_n_quotes(a), direct = 0;
  for (size_t i = 0; i < nq; i++) {
    hd_quote_view q;
    CHECK(hd_article_quote(a, i, &q) == 0);
    if (q.type == HD_Q_DIRECT) {
      direct++;
      CHECK(has_text(a, q.content_start, q.content_end, "\"We are ready to sign,\""));
      CHECK(q.cue_start == HD_NO_OFFSET || has_text(a, q.cue_start, q.cue_end, "said"));
      CHECK(q.confidence >= 0 && q.confidence <= 1);
    }
  }
  CHECK(direct == 1);
  hd_mention_view m;
  hd_quote_view q;
  hd_identity_view id;
  hd_removed_view rm;
  CHECK(hd_article_mention(a, nm, &m) == -1 && hd_article_quote(a, nq, &q) == -1);
  CHECK(hd_article_identity(a, hd_article_n_identities(a), &id) == -1);
  CHECK(hd_article_removed(a, hd_article_n_removed(a), &rm) == -1);
  hd_article_free(a);
  hd_pipeline_free(p);
}

static void names(void) {
  CHECK_STR(hd_ent_type_name(HD_ENT_ORG), "ORG");
  CHECK_STR(hd_kind_name(HD_KIND_OPINION), "opinion");
  CHECK_STR(hd_quote_type_name(HD_Q_INDIRECT), "indirect");
  CHECK_STR(hd_speaker_kind_name(HD_SPK_PRONOUN), "pronoun");
  CHECK_STR(hd_speaker_kind_name(99), "unknown");
  CHECK_STR(hd_quote_type_name(-1), "indirect");
  CHECK_STR(hd_ent_type_name(7), "MISC");
  for (int t = 0; t < HD_ENT_COUNT; t++) CHECK(hd_ent_type_of(hd_ent_type_name(t), strlen(hd_ent_type_name(t))) == t);
  CHECK(hd_ent_type_of("PERSON", 3) == HD_ENT_PER);
  CHECK(hd_ent_type_of("per", 3) == -1);
  CHECK(hd_ent_type_of("PERSON", 6) == -1);
}

int main(void) {
  reader();
  layers();
  names();
  return check_done();
}
