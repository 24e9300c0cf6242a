/*
 * test_cue_model.c: the attribution stage's learned cue tagger on
 * hand-written sentences: a model trained on a tiny fixture learns a cue
 * word the rules do not know ("grumbled") and the stage then frames it
 * (a model cue needs a speaker-like source: a name, a pronoun, a role);
 * the model file round-trips (with its learned cue gate's table) and a
 * corrupt or missing file is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text/article.h"
#include "attrib/attrib.h"
#include "check.h"
#include "text/clean.h"
#include "attrib/cue_gate.h"
#include "attrib/cue_model.h"
#include "attrib/cues.h"
#include "text/segment.h"
#include "util/buf.h"

static hd_article *prepare(const char *text) {
  hd_article *a = hd_article_new(text, strlen(text));
  hd_clean(a);
  hd_segment(a);
  return a;
}

static const char *TRAIN[] = {
    "The senator grumbled that the vote was unfair.\n",
    "Her aide grumbled that nobody had called back.\n",
    "The mayor grumbled that the budget was too small.\n",
    "The coach grumbled that the referees had been wrong.\n",
};

typedef struct {
  uint32_t *f;
  size_t nf, capf;
  size_t *off;
  size_t noff, capoff;
  uint8_t *y;
  size_t ny, capy;
} set;

/* Every word token of the fixture; "grumbled" is the cue. */
static void add_article(set *s, const char *text) {
  hd_article *a = prepare(text);
  hd_cue_tokens tk;
  hd_cue_tokens_init(&tk, a);
  for (size_t si = 0; si < a->n_sentences; si++) {
    uint32_t sb = a->sentences[si].tok_begin, se = a->sentences[si].tok_end;
    for (uint32_t i = sb; i < se; i++) {
      if (a->tokens[i].kind != HD_TOK_WORD) continue;
      if (s->noff == 0) HD_VEC_PUSH(s->off, s->noff, s->capoff, (size_t)0);
      uint32_t f[HD_CUE_MAX_FEATS];
      size_t n = hd_cue_features(a, &tk, sb, se, i, f);
      CHECK(n > 10 && n <= HD_CUE_MAX_FEATS);
      for (size_t k = 0; k < n; k++) HD_VEC_PUSH(s->f, s->nf, s->capf, f[k]);
      HD_VEC_PUSH(s->off, s->noff, s->capoff, s->nf);
      uint8_t y = hd_tok_len(&a->tokens[i]) == 8 && !memcmp(hd_tok_ptr(a, &a->tokens[i]), "grumbled", 8);
      HD_VEC_PUSH(s->y, s->ny, s->capy, y);
    }
  }
  hd_cue_tokens_free(&tk);
  hd_article_free(a);
}

static hd_cue_model *train_fixture(void) {
  set s = {0};
  for (size_t i = 0; i < sizeof TRAIN / sizeof *TRAIN; i++) add_article(&s, TRAIN[i]);
  hd_cue_model *m = hd_cue_train(s.f, s.off, s.y, s.ny, 12, 5);
  hd_cue_model_set_threshold(m, 0);
  hd_cue_model_set_veto(m, -1e30f);
  uint64_t key = hd_cue_word_key("grumbled", 8);
  hd_cue_model_set_words(m, &key, 1);
  free(s.f);
  free(s.off);
  free(s.y);
  return m;
}

static const char *span_text(const hd_article *a, hd_span s) {
  static char buf[2][256];
  static int k;
  char *b = buf[k++ & 1];
  if (hd_span_is_none(s)) return "";
  size_t n = s.end - s.start < 255 ? s.end - s.start : 255;
  memcpy(b, a->text + s.start, n);
  b[n] = 0;
  return b;
}

static void test_model_proposes_cue(const hd_cue_model *m) {
  const char *text = "The spokesman grumbled that the roads were closed.\n";
  CHECK(hd_cue_class("grumbled") == 0); /* the rules do not know it */
  hd_article *a = prepare(text);
  hd_attribute(a);
  CHECK(a->n_quotes == 0);
  hd_article_free(a);
  a = prepare(text);
  hd_attribute_model(a, m);
  CHECK(a->n_quotes == 1);
  if (a->n_quotes == 1) {
    CHECK_STR(span_text(a, a->quotes[0].cue), "grumbled");
    CHECK_STR(span_text(a, a->quotes[0].source), "The spokesman");
    CHECK_STR(span_text(a, a->quotes[0].content), "that the roads were closed"); /* as PolNeAR marks it */
  }
  hd_article_free(a);
  /* the stage asks the model only about words it was trained to propose */
  CHECK(hd_cue_model_knows(m, hd_cue_word_key("grumbled", 8)));
  CHECK(!hd_cue_model_knows(m, hd_cue_word_key("roads", 5)));
}

static void test_rules_kept(const hd_cue_model *m) {
  hd_article *a = prepare("“We are ready,” the minister said.\n");
  hd_attribute_model(a, m);
  CHECK(a->n_quotes == 1);
  if (a->n_quotes == 1) CHECK_STR(span_text(a, a->quotes[0].source), "the minister");
  hd_article_free(a);
}

/* Saves m to a fresh temporary file named in path (its XXXXXX filled in)
 * and loads it back; NULL when either step fails (checked). */
static hd_cue_model *save_and_reload(const hd_cue_model *m, char *path) {
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  if (fd < 0) return NULL;
  close(fd);
  hd_err err = {0};
  CHECK(hd_cue_model_save(m, path, &err) == 0);
  hd_cue_model *r = hd_cue_model_load(path, &err);
  CHECK(r != NULL);
  return r;
}

static void test_file_round_trip(const hd_cue_model *m) {
  char path[] = "/tmp/herald_cue_model_XXXXXX";
  hd_cue_model *r = save_and_reload(m, path);
  if (r) {
    CHECK(hd_cue_model_threshold(r) == hd_cue_model_threshold(m));
    CHECK(hd_cue_model_veto(r) == hd_cue_model_veto(m));
    CHECK(hd_cue_model_knows(r, hd_cue_word_key("grumbled", 8)));
    hd_article *a = prepare(TRAIN[0]);
    hd_cue_tokens tk;
    hd_cue_tokens_init(&tk, a);
    uint32_t f[HD_CUE_MAX_FEATS];
    size_t n = hd_cue_features(a, &tk, 0, a->sentences[0].tok_end, 2, f);
    CHECK(hd_cue_model_score(r, f, n) == hd_cue_model_score(m, f, n));
    CHECK(hd_cue_model_score(r, f, n) > 0); /* token 2 is "grumbled" */
    hd_cue_tokens_free(&tk);
    hd_article_free(a);
    hd_cue_model_free(r);
  }
  /* flip one payload byte: the checksum refuses it */
  FILE *fp = fopen(path, "r+b");
  if (fp) {
    fseek(fp, 44, SEEK_SET);
    int ch = fgetc(fp);
    fseek(fp, 44, SEEK_SET);
    fputc(ch ^ 0x55, fp);
    fclose(fp);
  }
  hd_err bad = {0};
  CHECK(hd_cue_model_load(path, &bad) == NULL);
  CHECK(bad.code == HD_ERR_MODEL);
  remove(path);
  hd_err missing = {0};
  CHECK(hd_cue_model_load("/nonexistent/attrib-en.bin", &missing) == NULL);
  CHECK(missing.code == HD_ERR_MODEL);
}

/* The cue gate's table travels in the model file: the same counts come
 * back for a known form, none for an unknown one. */
static void test_gate_round_trip(hd_cue_model *m) {
  hd_cue_gate_row *rows = malloc(2 * sizeof *rows);
  rows[0] = (hd_cue_gate_row){hd_cue_word_key("grumbled", 8), 4, 5, 3, 3, {0}, {0}};
  rows[1] = (hd_cue_gate_row){hd_cue_word_key("parked", 6), 1, 40, 0, 0, {0}, {0}};
  rows[0].fcues[HD_GATE_QUOTE] = 2, rows[0].fseen[HD_GATE_QUOTE] = 2; /* the per-frame counts travel too */
  rows[1].fseen[HD_GATE_NP] = 30;
  hd_cue_model_set_gate(m, hd_cue_gate_new(rows, 2));
  char path[] = "/tmp/herald_cue_gate_XXXXXX";
  hd_cue_model *r = save_and_reload(m, path);
  const hd_cue_gate_row *g = r ? hd_cue_gate_find(hd_cue_model_gate(r), hd_cue_word_key("grumbled", 8)) : NULL;
  CHECK(g && g->cues == 4 && g->seen == 5 && g->cues_that == 3 && g->seen_that == 3);
  CHECK(g && g->fcues[HD_GATE_QUOTE] == 2 && g->fseen[HD_GATE_QUOTE] == 2 && g->fseen[HD_GATE_NP] == 0);
  g = r ? hd_cue_gate_find(hd_cue_model_gate(r), hd_cue_word_key("parked", 6)) : NULL;
  CHECK(g && g->cues == 1 && g->seen == 40 && g->fseen[HD_GATE_NP] == 30);
  CHECK(r && !hd_cue_gate_find(hd_cue_model_gate(r), hd_cue_word_key("walked", 6)));
  hd_cue_model_free(r);
  remove(path);
  hd_cue_model_set_gate(m, NULL);
}

int main(void) {
  hd_cue_model *m = train_fixture();
  test_model_proposes_cue(m);
  test_rules_kept(m);
  test_file_round_trip(m);
  test_gate_round_trip(m);
  hd_cue_model_free(m);
  return check_done();
}
