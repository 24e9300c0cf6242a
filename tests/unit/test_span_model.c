/*
 * test_span_model.c: the attribution stage's learned span tagger on
 * hand-written sentences. A tagger trained on a tiny fixture ("X grumbled
 * that Y.", a cue the rules do not know) labels the source, cue and
 * content of a new sentence; the stage makes no indirect record of a cue
 * word no list or train count backs; Viterbi never opens a span with an I- label;
 * the tagger survives the model file round trip and training is
 * deterministic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrib/attrib.h"
#include "attrib/cue_model.h"
#include "attrib/span_model.h"
#include "check.h"
#include "text/article.h"
#include "text/clean.h"
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
    "The driver grumbled that the road had been closed.\n",
    "One banker grumbled that the rates were too high.\n",
    "The farmer grumbled that the rain had come late.\n",
    "His lawyer grumbled that the judge was biased.\n",
    "The weather was cold and the roads were empty.\n",
    "The train was late and the station was full.\n",
    "The river was high and the bridge was closed.\n",
    "The market was busy and the prices were low.\n",
    "The hall was cold and the lights were dim.\n",
};

typedef struct {
  uint32_t *f;
  size_t nf, capf;
  size_t *foff;
  size_t nfoff, capfoff;
  uint8_t *y;
  size_t ny, capy;
  size_t *off;
  size_t noff, capoff;
} set;

static int is_tok(const hd_article *a, uint32_t i, const char *w) {
  return hd_tok_len(&a->tokens[i]) == strlen(w) && !memcmp(hd_tok_ptr(a, &a->tokens[i]), w, strlen(w));
}

/* Gold: source before "grumbled", the cue, content from "that" to the stop. */
static uint8_t gold(const hd_article *a, uint32_t i, uint32_t cue) {
  if (cue == HD_NONE) return HD_SL_O;
  if (i < cue) return i == 0 ? HD_SL_B_SRC : HD_SL_I_SRC;
  if (i == cue) return HD_SL_B_CUE;
  if (i + 1 >= a->n_tokens || a->tokens[i].kind == HD_TOK_PUNCT) return HD_SL_O;
  return i == cue + 1 ? HD_SL_B_CON : HD_SL_I_CON;
}

/* A cue tagger with no weights that knows "grumbled": the word scores 0,
 * a cue-like score for the span tagger's features and paragraph gate. */
static hd_cue_model *cue_tagger(void) {
  hd_cue_model *cm = hd_cue_train(NULL, (const size_t[]){0}, NULL, 0, 12, 1);
  hd_cue_model_set_veto(cm, -1e30f);
  hd_cue_model_set_threshold(cm, 1e30f);
  uint64_t key = hd_cue_word_key("grumbled", 8);
  hd_cue_model_set_words(cm, &key, 1);
  return cm;
}

static hd_cue_model *CM;

static void add_article(set *s, const char *text) {
  hd_article *a = prepare(text);
  uint8_t *inq = hd_xcalloc(a->n_tokens, 1);
  hd_span_input x;
  hd_span_input_init(&x, a, CM, inq);
  uint32_t cue = HD_NONE;
  for (uint32_t i = 0; i < a->n_tokens; i++)
    if (is_tok(a, i, "grumbled")) cue = i;
  if (s->nfoff == 0) HD_VEC_PUSH(s->foff, s->nfoff, s->capfoff, (size_t)0);
  if (s->noff == 0) HD_VEC_PUSH(s->off, s->noff, s->capoff, (size_t)0);
  for (uint32_t i = 0; i < a->n_tokens; i++) {
    uint32_t f[HD_SPAN_MAX_FEATS];
    size_t n = hd_span_features(&x, i, f);
    CHECK(n > 20 && n <= HD_SPAN_MAX_FEATS);
    for (size_t k = 0; k < n; k++) HD_VEC_PUSH(s->f, s->nf, s->capf, f[k]);
    HD_VEC_PUSH(s->foff, s->nfoff, s->capfoff, s->nf);
    HD_VEC_PUSH(s->y, s->ny, s->capy, gold(a, i, cue));
  }
  HD_VEC_PUSH(s->off, s->noff, s->capoff, s->ny);
  hd_span_input_free(&x);
  free(inq);
  hd_article_free(a);
}

static hd_span_model *train_fixture(void) {
  set s = {0};
  for (size_t i = 0; i < sizeof TRAIN / sizeof *TRAIN; i++) add_article(&s, TRAIN[i]);
  hd_span_model *m = hd_span_train(s.f, s.foff, s.y, s.off, s.noff - 1, 14, 40);
  free(s.f);
  free(s.foff);
  free(s.y);
  free(s.off);
  return m;
}

static void tag(const hd_span_model *m, const char *text, uint8_t *out, size_t *n) {
  hd_article *a = prepare(text);
  uint8_t *inq = hd_xcalloc(a->n_tokens, 1);
  hd_span_input x;
  hd_span_input_init(&x, a, CM, inq);
  hd_span_tag(m, &x, 0, (uint32_t)a->n_tokens, out);
  *n = a->n_tokens;
  hd_span_input_free(&x);
  free(inq);
  hd_article_free(a);
}

static void test_tags(const hd_span_model *m) {
  uint8_t lab[64];
  size_t n = 0;
  tag(m, "The spokesman grumbled that the talks had failed.\n", lab, &n);
  CHECK(n == 9);
  if (n != 9) return;
  uint8_t want[9] = {HD_SL_B_SRC, HD_SL_I_SRC, HD_SL_B_CUE, HD_SL_B_CON, HD_SL_I_CON,
                      HD_SL_I_CON, HD_SL_I_CON, HD_SL_I_CON, HD_SL_O};
  for (size_t i = 0; i < 9; i++) CHECK(lab[i] == want[i]);
  /* BIO: an I- label only follows its B- or I- */
  for (size_t i = 0; i < n; i++)
    if (lab[i] == HD_SL_I_SRC || lab[i] == HD_SL_I_CUE || lab[i] == HD_SL_I_CON)
      CHECK(i > 0 && (lab[i - 1] == lab[i] || lab[i - 1] == lab[i] - 1));
  tag(m, "The weather was cold and the fields were dry.\n", lab, &n);
  int any = 0;
  for (size_t i = 0; i < n; i++) any |= lab[i] != HD_SL_O;
  CHECK(!any);
}

/* The tagger finds the spans (test_tags), but "grumbled" is in no cue
 * list and has no train counts here, so the stage makes no indirect
 * attribution of it on its own (attrib.c, reporting_cue). */
static void test_stage(hd_cue_model *cm) {
  hd_article *a = prepare("The spokesman grumbled that the talks had failed.\n");
  hd_attribute_model(a, cm);
  CHECK(a->n_quotes == 0);
  hd_article_free(a);
}

static void test_round_trip(const hd_cue_model *cm) {
  char path[] = "/tmp/herald_span_model_XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0);
  if (fd < 0) return;
  hd_err err = {0};
  CHECK(hd_cue_model_save(cm, path, &err) == 0);
  hd_cue_model *r = hd_cue_model_load(path, &err);
  CHECK(r != NULL && hd_cue_model_span(r) != NULL);
  if (r && hd_cue_model_span(r)) {
    uint8_t a[64], b[64];
    size_t na = 0, nb = 0;
    tag(hd_cue_model_span(cm), TRAIN[1], a, &na);
    tag(hd_cue_model_span(r), TRAIN[1], b, &nb);
    CHECK(na == nb && !memcmp(a, b, na));
  }
  hd_cue_model_free(r);
  remove(path);
}

static void test_deterministic(const hd_span_model *m) {
  hd_span_model *again = train_fixture();
  size_t n1 = hd_span_model_blob_size(m), n2 = hd_span_model_blob_size(again);
  CHECK(n1 == n2);
  unsigned char *b1 = malloc(n1), *b2 = malloc(n2);
  hd_span_model_write(m, b1);
  hd_span_model_write(again, b2);
  CHECK(n1 == n2 && !memcmp(b1, b2, n1));
  free(b1);
  free(b2);
  hd_span_model_free(again);
}

int main(void) {
  CM = cue_tagger();
  hd_span_model *m = train_fixture();
  test_tags(m);
  test_deterministic(m);
  hd_cue_model *cm = CM;
  hd_cue_model_set_span(cm, m);
  test_stage(cm);
  test_round_trip(cm);
  hd_cue_model_free(cm);
  return check_done();
}
