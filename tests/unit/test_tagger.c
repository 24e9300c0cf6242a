/*
 * test_tagger.c: the NER stage on fixtures written here: a model trained
 * on a tiny hand-made corpus tags its own sentences back, decoding always
 * yields valid BILOU sequences, scoring counts exact-match entities, a
 * missing, truncated, corrupted or foreign model file is refused with
 * HD_ERR_MODEL (never a crash), and titles attach to person mentions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text/article.h"
#include "check.h"
#include "text/clean.h"
#include "ner/conll.h"
#include "ner/ner_model.h"
#include "ner/ner_train.h"
#include "text/segment.h"
#include "ner/tagger.h"
#include "ner/titles.h"
#include "util/buf.h"

static const char *CORPUS =
    "-DOCSTART- O\n\n"
    "Maria B-PER\nLopez I-PER\nvisited O\nOslo B-LOC\nwith O\nAcme B-ORG\nCorp I-ORG\n. O\n\n"
    "Lopez B-PER\nsaid O\nthe O\nNorwegian B-MISC\nplan O\nworks O\n. O\n\n"
    "-DOCSTART- O\n\n"
    "Peter B-PER\nHansen I-PER\nleft O\nLima B-LOC\nfor O\nOslo B-LOC\n. O\n\n"
    "Acme B-ORG\nCorp I-ORG\nhired O\nHansen B-PER\n. O\n\n";

static void write_file(const char *path, const void *data, size_t n) {
  FILE *fp = fopen(path, "wb");
  if (!fp) return;
  fwrite(data, 1, n, fp);
  fclose(fp);
}

static unsigned char *read_all(const char *path, size_t *n) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  fseek(fp, 0, SEEK_END);
  long len = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  unsigned char *b = malloc((size_t)len + 1);
  *n = fread(b, 1, (size_t)len, fp);
  fclose(fp);
  return b;
}

static int valid_bilou(const uint8_t *l, size_t n) {
  int prev = HD_NER_NL;
  for (size_t i = 0; i < n; i++) {
    if (!hd_ner_allowed(prev, l[i])) return 0;
    prev = l[i];
  }
  int p = hd_ner_label_pos(prev);
  return n == 0 || prev == 0 || p == HD_NER_L || p == HD_NER_U;
}

static hd_article *segmented(const char *text);

/* hd_tag on an article: mentions with consistent byte and token spans. */
static void test_article_adapter(const hd_tagger *m) {
  hd_article *a = segmented("Maria Lopez visited Oslo with Acme Corp. Hansen left Lima.");
  hd_tag(m, a);
  int found = 0;
  for (size_t k = 0; k < a->n_mentions; k++) {
    const hd_mention *mt = &a->mentions[k];
    CHECK(mt->tok_begin < mt->tok_end && mt->tok_end <= a->n_tokens);
    CHECK(mt->start == a->tokens[mt->tok_begin].start && mt->end == a->tokens[mt->tok_end - 1].end);
    if (mt->end - mt->start == 11 && !strncmp(a->text + mt->start, "Maria Lopez", 11))
      found = mt->type == HD_ENT_PER;
  }
  CHECK(found);
  hd_article_free(a);
  /* one "sentence" of 1,000 words: cut into pieces, every token tagged */
  char *big = malloc(1000 * 6 + 1);
  for (int i = 0; i < 1000; i++) memcpy(big + i * 6, i % 7 ? "word  " : "Oslo  ", 6);
  big[6000] = '\0';
  a = segmented(big);
  hd_tag(m, a);
  size_t oslo = 0;
  for (size_t k = 0; k < a->n_mentions; k++) oslo += a->mentions[k].type == HD_ENT_LOC;
  CHECK(oslo > 100);
  hd_article_free(a);
  free(big);
}

static void test_train_and_tag(const char *dir) {
  char conll[512], model[512];
  snprintf(conll, sizeof conll, "%s/tiny.conll", dir);
  snprintf(model, sizeof model, "%s/tiny.bin", dir);
  write_file(conll, CORPUS, strlen(CORPUS));
  hd_err err = {0};
  hd_conll c;
  CHECK(hd_conll_read(&c, conll, &err) == 0);
  CHECK(c.n_docs == 2);
  CHECK(c.n_sents == 4);
  CHECK(c.n_words == 8 + 7 + 7 + 5);
  hd_ner_lexicons lex;
  hd_ner_lexicons_init(&lex);
  hd_ner_gaz_add(&lex, "Oslo", 4, 0);
  lex.n_gaz_lists = 1;
  hd_ner_train_opts opt = {16, 10, 7, model, NULL, 1};
  double f1 = hd_ner_train(&c, &c, &lex, &opt, &err);
  CHECK(f1 == 100.0);
  hd_tagger *m = hd_tagger_load(model, &err);
  CHECK(m != NULL);
  if (m) {
    uint8_t *pred = malloc(c.n_words);
    hd_ner_counts counts = {0};
    hd_ner_eval_conll(m, &c, &counts, pred);
    double p, r, f;
    hd_ner_prf(&counts, -1, &p, &r, &f);
    CHECK(f == 100.0);
    CHECK(valid_bilou(pred, c.n_words));
    test_article_adapter(m);
    hd_tagger_free(m);
    free(pred);
  }
  hd_conll_free(&c);
}

static void test_scoring(void) {
  /* gold: PER(0-2) LOC(3); predicted: PER(0-1) LOC(3) ORG(4) */
  uint8_t gold[5] = {(uint8_t)hd_ner_label(0, HD_NER_B), (uint8_t)hd_ner_label(0, HD_NER_L), 0,
                     (uint8_t)hd_ner_label(2, HD_NER_U), 0};
  uint8_t pred[5] = {(uint8_t)hd_ner_label(0, HD_NER_U), 0, 0, (uint8_t)hd_ner_label(2, HD_NER_U),
                     (uint8_t)hd_ner_label(1, HD_NER_U)};
  hd_ner_counts c = {0};
  hd_ner_count(&c, gold, pred, 5);
  CHECK(c.tp[2] == 1 && c.fn[0] == 1 && c.fp[0] == 1 && c.fp[1] == 1);
  double p, r, f;
  hd_ner_prf(&c, -1, &p, &r, &f);
  CHECK(p > 33.3 && p < 33.4);
  CHECK(r == 50.0);
}

/* "Kerry" alone, tagged LOC, after "John Kerry" (PER) becomes PER; a
 * word that never ended a person keeps its type. */
static void test_doc_consistency(void) {
  static const char *W[] = {"John", "Kerry", "met", "Lima", ".", "Kerry", "left", "Lima", "."};
  hd_ner_word words[9];
  for (int i = 0; i < 9; i++) words[i] = (hd_ner_word){W[i], (uint32_t)strlen(W[i])};
  uint32_t sb[3] = {0, 5, 9};
  hd_ner_doc doc = {words, 9, sb, 2};
  hd_ner_lexicons lex;
  hd_ner_lexicons_init(&lex);
  hd_ner_state st;
  hd_ner_state_init(&st, &lex, 16);
  hd_ner_prepare_doc(&st, &doc);
  uint8_t loc = (uint8_t)hd_ner_label(HD_ENT_LOC, HD_NER_U);
  uint8_t labels[9] = {(uint8_t)hd_ner_label(HD_ENT_PER, HD_NER_B),
                       (uint8_t)hd_ner_label(HD_ENT_PER, HD_NER_L), 0, loc, 0, loc, 0, loc, 0};
  hd_ner_doc_record(&st, 0, labels);
  hd_ner_doc_record(&st, 1, labels + 5);
  hd_ner_doc_consistency(&st, labels);
  CHECK(labels[5] == hd_ner_label(HD_ENT_PER, HD_NER_U));
  CHECK(labels[7] == loc);
  CHECK(labels[3] == loc);
  hd_ner_state_free(&st);
  hd_ner_lexicons_free(&lex);
}

static void expect_model_error(const char *path, const char *what) {
  hd_err err = {0};
  hd_tagger *m = hd_tagger_load(path, &err);
  CHECK(m == NULL);
  CHECK(err.code == HD_ERR_MODEL);
  if (m || err.code != HD_ERR_MODEL) fprintf(stderr, "  case: %s\n", what);
  CHECK(err.msg[0] != '\0');
  hd_tagger_free(m);
}

static void test_bad_models(const char *dir) {
  char good[512], bad[512];
  snprintf(good, sizeof good, "%s/tiny.bin", dir);
  snprintf(bad, sizeof bad, "%s/bad.bin", dir);
  size_t n = 0;
  unsigned char *b = read_all(good, &n);
  CHECK(b != NULL && n > 64);
  if (!b) return;
  expect_model_error("/nonexistent/ner.bin", "missing");
  write_file(bad, b, n / 2);
  expect_model_error(bad, "truncated");
  for (size_t at = 40; at < n; at += n / 7 + 1) { /* flip payload bytes */
    b[at] ^= 0x5A;
    write_file(bad, b, n);
    expect_model_error(bad, "corrupted payload");
    b[at] ^= 0x5A;
  }
  b[8] = 99; /* version */
  write_file(bad, b, n);
  expect_model_error(bad, "version");
  write_file(bad, "not a model at all, just text\n", 30);
  expect_model_error(bad, "foreign file");
  write_file(bad, "", 0);
  expect_model_error(bad, "empty");
  free(b);
}

static hd_article *segmented(const char *text) {
  hd_article *a = hd_article_new(text, strlen(text));
  hd_clean(a);
  hd_segment(a);
  return a;
}

/* Adds a PER/ORG mention over the tokens whose text spells `name`. */
static void mark(hd_article *a, const char *name, int type) {
  const char *p = strstr(a->text, name);
  if (!p) return;
  uint32_t s = (uint32_t)(p - a->text), e = s + (uint32_t)strlen(name), tb = HD_NONE, te = 0;
  for (uint32_t i = 0; i < a->n_tokens; i++)
    if (a->tokens[i].start >= s && a->tokens[i].end <= e) {
      if (tb == HD_NONE) tb = i;
      te = i + 1;
    }
  hd_mention m = {s, e, tb, te, (uint8_t)type, hd_span_none(), HD_NONE};
  HD_IN_ARENA(a, HD_VEC_PUSH(a->mentions, a->n_mentions, a->cap_mentions, m));
}

static const char *title_of(const hd_article *a, const char *name, char *buf, size_t n) {
  for (size_t k = 0; k < a->n_mentions; k++) {
    const hd_mention *m = &a->mentions[k];
    if (m->end - m->start != strlen(name) || strncmp(a->text + m->start, name, strlen(name))) continue;
    if (hd_span_is_none(m->title)) return "";
    snprintf(buf, n, "%.*s", (int)(m->title.end - m->title.start), a->text + m->title.start);
    return buf;
  }
  return "(no mention)";
}

static void test_titles(void) {
  char buf[256];
  hd_article *a = segmented(
      "The visit was planned by Deputy Prime Minister Ana Silva on Monday. "
      "Later, Acme Bank chief executive Tom Berg spoke. "
      "The move was welcomed by Sen. Jo Park (R-Utah) and by Lee Chen, the city's mayor, "
      "while Mary Poe (D-Ohio) said little. Ivan Petrov said nothing. "
      "Then Gov. Al Ray spoke. He met Dr. Oz there. It grew under President Bo Lind.");
  mark(a, "Ana Silva", HD_ENT_PER);
  mark(a, "Acme Bank", HD_ENT_ORG);
  mark(a, "Tom Berg", HD_ENT_PER);
  mark(a, "Jo Park", HD_ENT_PER);
  mark(a, "R-Utah", HD_ENT_ORG);
  mark(a, "Lee Chen", HD_ENT_PER);
  mark(a, "Mary Poe", HD_ENT_PER);
  mark(a, "Ivan Petrov", HD_ENT_PER);
  mark(a, "Gov. Al Ray", HD_ENT_ORG); /* a title inside a mis-typed mention */
  mark(a, "Oz", HD_ENT_ORG);          /* a mis-typed mention after a title */
  mark(a, "Bo Lind", HD_ENT_PER);
  hd_titles_attach(a);
  CHECK_STR(title_of(a, "Ana Silva", buf, sizeof buf), "Deputy Prime Minister");
  CHECK_STR(title_of(a, "Tom Berg", buf, sizeof buf), "Acme Bank chief executive");
  CHECK_STR(title_of(a, "Jo Park", buf, sizeof buf), "Sen. Jo Park (R-Utah)");
  CHECK_STR(title_of(a, "Lee Chen", buf, sizeof buf), "city's mayor");
  CHECK_STR(title_of(a, "Mary Poe", buf, sizeof buf), "D-Ohio");
  CHECK_STR(title_of(a, "Ivan Petrov", buf, sizeof buf), "");
  CHECK_STR(title_of(a, "R-Utah", buf, sizeof buf), "(no mention)"); /* absorbed */
  CHECK_STR(title_of(a, "Al Ray", buf, sizeof buf), "Gov.");
  for (size_t k = 0; k < a->n_mentions; k++)
    if (strncmp(a->text + a->mentions[k].start, "Al Ray", 6) == 0 ||
        strncmp(a->text + a->mentions[k].start, "Oz ", 3) == 0)
      CHECK(a->mentions[k].type == HD_ENT_PER);
  CHECK_STR(title_of(a, "Oz", buf, sizeof buf), "Dr.");
  CHECK_STR(title_of(a, "Bo Lind", buf, sizeof buf), "President");
  hd_article_free(a);
}

int main(void) {
  char dir[] = "/tmp/herald-test-tagger-XXXXXX";
  if (!mkdtemp(dir)) return 1;
  test_scoring();
  test_doc_consistency();
  test_train_and_tag(dir);
  test_bad_models(dir);
  test_titles();
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  return check_done();
}
