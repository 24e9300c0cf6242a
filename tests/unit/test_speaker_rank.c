/*
 * test_speaker_rank.c: the learned speaker ranker (attrib/speaker_rank.h)
 * on a hand-built article (persons tagged by hand, identities by
 * hd_resolve): candidates come before the query, outside quotations and
 * the record's content, never of the other gender, never in a pronoun's
 * own sentence; a bare surname's candidates share it; training on
 * rankings is deterministic and learns the right one; the model blob
 * round-trips and a corrupt one is refused.
 */
#include <stdlib.h>
#include <string.h>

#include "attrib/attrib.h"
#include "attrib/resolve.h"
#include "attrib/speaker_rank.h"
#include "check.h"
#include "text/article.h"
#include "text/clean.h"
#include "text/segment.h"
#include "util/buf.h"

/* Tags the first occurrence of `name` (whole tokens) as a person. */
static void tag_person(hd_article *a, const char *name, size_t from_byte) {
  const char *p = strstr(a->text + from_byte, name);
  if (!p) return;
  uint32_t b = (uint32_t)(p - a->text), e = b + (uint32_t)strlen(name), tb = HD_NONE, te = 0;
  for (uint32_t t = 0; t < a->n_tokens; t++) {
    if (a->tokens[t].start == b) tb = t;
    if (a->tokens[t].end == e) te = t + 1;
  }
  if (tb == HD_NONE || te <= tb) return;
  hd_mention m = {b, e, tb, te, HD_ENT_PER, hd_span_none(), HD_NONE};
  size_t i = a->n_mentions;
  HD_VEC_PUSH(a->mentions, a->n_mentions, a->cap_mentions, m);
  while (i > 0 && a->mentions[i - 1].tok_begin > m.tok_begin) { /* keep token order */
    a->mentions[i] = a->mentions[i - 1];
    a->mentions[--i] = m;
  }
}

static uint32_t token_of(const hd_article *a, const char *s) {
  const char *p = strstr(a->text, s);
  for (uint32_t t = 0; p && t < a->n_tokens; t++)
    if (a->tokens[t].start == (uint32_t)(p - a->text)) return t;
  return HD_NONE;
}

static int has(const hd_article *a, const hd_spk_cand *c, size_t n, const char *key) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(a->identities[c[i].id].key, key)) return 1;
  return 0;
}

int main(void) {
  const char *text = "Helen Marsh spoke in Albany on Monday. Her son Robert Marsh runs a bakery. "
                     "\"Ask Tom Ward,\" she said. Dan Ruiz wrote that Marsh would win. He said so.\n";
  hd_article *a = hd_article_new(text, strlen(text));
  hd_clean(a);
  hd_segment(a);
  HD_IN_ARENA(a, tag_person(a, "Helen Marsh", 0)); /* the article owns its mentions */
  HD_IN_ARENA(a, tag_person(a, "Robert Marsh", 0)); /* the article owns its mentions */
  HD_IN_ARENA(a, tag_person(a, "Tom Ward", 0)); /* the article owns its mentions */
  HD_IN_ARENA(a, tag_person(a, "Dan Ruiz", 0)); /* the article owns its mentions */
  hd_resolve(a);
  CHECK(a->n_identities == 4);
  uint8_t *inq = calloc(a->n_tokens + 1, 1);
  int8_t *gender = calloc(a->n_identities + 1, 1);
  hd_attrib_speaker_inputs(a, inq, gender);
  for (size_t i = 0; i < a->n_identities; i++) /* by hand: Helen female, the others male */
    gender[i] = (int8_t)(strstr(a->identities[i].key, "helen") ? -1 : 1);
  hd_cue_tokens tk;
  hd_cue_tokens_init(&tk, a);
  hd_spk_view v;
  hd_spk_view_init(&v, a, &tk, inq, gender);
  hd_spk_cand c[HD_SPK_MAX_CANDS];

  /* "He said so.": persons before, not Tom Ward (inside a quotation), not
   * Helen (a woman); Dan Ruiz is in the sentence before, so he is one */
  hd_spk_query q = {0};
  q.kind = HD_SPQ_PRONOUN;
  q.gender = 1;
  q.at = token_of(a, "He said");
  q.prev = HD_NONE;
  size_t n = hd_spk_candidates(&v, &q, c);
  CHECK(n == 2);
  CHECK(has(a, c, n, "per:marsh_robert") && has(a, c, n, "per:ruiz_dan"));
  CHECK(!has(a, c, n, "per:ward_tom") && !has(a, c, n, "per:marsh_helen"));
  /* a pronoun's own sentence is the rules': "Dan Ruiz wrote that ... he" */
  q.at = token_of(a, "would win");
  n = hd_spk_candidates(&v, &q, c);
  CHECK(!has(a, c, n, "per:ruiz_dan"));
  /* a bare surname: only the persons of that surname, here with no gender */
  hd_spk_query s = {0};
  s.kind = HD_SPQ_SURNAME;
  s.at = token_of(a, "Marsh would");
  s.prev = HD_NONE;
  s.word = "Marsh";
  s.word_n = 5;
  n = hd_spk_candidates(&v, &s, c);
  CHECK(n == 2 && has(a, c, n, "per:marsh_helen") && has(a, c, n, "per:marsh_robert"));
  s.gender = -1; /* "Mrs. Marsh": never Robert */
  n = hd_spk_candidates(&v, &s, c);
  CHECK(n == 1 && has(a, c, n, "per:marsh_helen"));
  /* a record's content is no place for candidates */
  s.gender = 0;
  s.cb = token_of(a, "Robert Marsh");
  s.ce = s.cb + 2;
  n = hd_spk_candidates(&v, &s, c);
  CHECK(n == 1 && has(a, c, n, "per:marsh_helen"));
  /* the features of a candidate are many and deterministic */
  uint32_t f1[HD_SPK_MAX_FEATS], f2[HD_SPK_MAX_FEATS];
  n = hd_spk_candidates(&v, &q, c);
  size_t k1 = hd_spk_features(&v, &q, c, n, 0, f1), k2 = hd_spk_features(&v, &q, c, n, 0, f2);
  CHECK(k1 > 20 && k1 == k2 && !memcmp(f1, f2, k1 * sizeof *f1));

  /* training: two candidates, the right one always holds feature 7 */
  enum { N = 40 };
  uint32_t f[N * 2 * 2];
  size_t off[N * 2 + 1], first[N];
  uint8_t cands[N], gold[N];
  for (size_t i = 0; i < N; i++) {
    first[i] = 2 * i;
    cands[i] = 2;
    gold[i] = (uint8_t)(i % 2);
    for (size_t j = 0; j < 2; j++) {
      size_t r = 2 * i + j;
      off[r] = 2 * r;
      f[2 * r] = j == gold[i] ? 7 : 9;
      f[2 * r + 1] = 100 + (uint32_t)i;
    }
  }
  off[N * 2] = N * 4;
  hd_spk_model *m = hd_spk_train(f, off, first, cands, gold, N, 5);
  hd_spk_model *m2 = hd_spk_train(f, off, first, cands, gold, N, 5);
  uint32_t good = 7, bad = 9;
  CHECK(hd_spk_score(m, &good, 1) > hd_spk_score(m, &bad, 1));
  hd_spk_model_set_threshold(m, 1.5f);
  hd_spk_model_set_threshold(m2, 1.5f);
  size_t sz = hd_spk_model_blob_size(m);
  unsigned char *b1 = malloc(sz), *b2 = malloc(sz);
  hd_spk_model_write(m, b1);
  hd_spk_model_write(m2, b2);
  CHECK(!memcmp(b1, b2, sz)); /* deterministic */
  hd_spk_model *r = hd_spk_model_read(b1, sz);
  CHECK(r && hd_spk_model_threshold(r) == 1.5f && hd_spk_score(r, &good, 1) == hd_spk_score(m, &good, 1));
  CHECK(hd_spk_model_read(b1, sz - 1) == NULL);
  b1[0] ^= 1;
  CHECK(hd_spk_model_read(b1, sz) == NULL);
  /* ranking with the model: the best candidate and a margin */
  float margin = -1;
  CHECK(hd_spk_rank(r, &v, &q, &margin) != HD_NONE && margin >= 0);
  hd_spk_model_free(m);
  hd_spk_model_free(m2);
  hd_spk_model_free(r);
  free(b1);
  free(b2);
  hd_spk_view_free(&v);
  hd_cue_tokens_free(&tk);
  free(inq);
  free(gender);
  hd_article_free(a);
  return check_done();
}
