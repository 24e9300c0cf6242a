/*
 * eval_ner.c: `herald eval ner FILE.conll [--json] [--model FILE]`:
 * tags a CoNLL file and prints entity-level exact-match precision, recall
 * and F1 per type and overall (conlleval convention), plus tagging speed
 * (features + decoding, timed over the whole file, reading excluded).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <string.h>

#include "cli.h"
#include "pipeline.h"
#include "ner/conll.h"
#include "ner/ner_train.h"
#include "ner/tagger.h"
#include "util/buf.h"
#include "util/json.h"

static void help(FILE *f) {
  fputs("usage: herald eval ner FILE.conll [--json] [--model FILE] [--repeat N] [--raw]\n"
        "       herald eval ner --standoff FILE.tsv TEXT_DIR [--model FILE] [--predicted]\n"
        "Entity-level exact-match precision, recall and F1 per type and overall\n"
        "(conlleval convention), and tagging speed on one core, file reading\n"
        "excluded; with --repeat N the file is tagged N times and the fastest run is\n"
        "reported (wall clock, and CPU time of this process). Each document runs\n"
        "through the pipeline's tag stage, as annotate runs it (src/pipeline.h).\n"
        "  --raw   time and score the decoder alone (features + Viterbi)\n"
        "  --standoff FILE.tsv  score texts of TEXT_DIR against stand-off annotations\n"
        "          (file, byte offsets, type; no text: see eval_ner_standoff.c)\n"
        "  --predicted  with --standoff: print the tagger's entities in that format\n", f);
}

/* One CoNLL document through the stage table's tag stage, as annotate runs
 * it (the tagger, then the stage's own rules: titles split off, "Jr."
 * joined): an article whose text is the words joined by spaces, whose
 * tokens and sentences are the file's, then its mentions back to BILOU
 * labels in out[]. */
static void tag_doc(const hd_stage_env *env, const hd_ner_doc *doc, uint8_t *out) {
  hd_article *a = hd_article_new("", 0);
  if (!a) { fputs("herald eval ner: out of memory\n", stderr); exit(EXIT_SOME_FAILED); }
  size_t len = 0;
  for (uint32_t i = 0; i < doc->n_words; i++) len += doc->words[i].len + 1;
  char *text = hd_article_alloc(a, len + 1);
  hd_token *tok = hd_article_alloc(a, (doc->n_words + 1) * sizeof *tok);
  hd_sentence *sent = hd_article_alloc(a, (doc->n_sents + 1) * sizeof *sent);
  size_t at = 0;
  for (uint32_t s = 0; s < doc->n_sents; s++) {
    uint32_t b = doc->sent_begin[s], e = doc->sent_begin[s + 1];
    for (uint32_t i = b; i < e; i++) {
      const hd_ner_word *w = &doc->words[i];
      memcpy(text + at, w->s, w->len);
      unsigned char c0 = (unsigned char)w->s[0];
      tok[i] = (hd_token){(uint32_t)at, (uint32_t)(at + w->len), HD_TOK_WORD,
                          (uint8_t)((i == b ? HD_TF_SENT_START : 0) | (c0 >= 'A' && c0 <= 'Z' ? HD_TF_UPPER_INITIAL : 0))};
      at += w->len;
      text[at++] = i + 1 < e ? ' ' : '\n';
    }
    sent[s] = (hd_sentence){b < e ? tok[b].start : (uint32_t)at, b < e ? tok[e - 1].end : (uint32_t)at, b, e};
  }
  text[at] = 0;
  a->text = text;
  a->text_len = at;
  a->tokens = tok;
  a->n_tokens = a->cap_tokens = doc->n_words;
  a->sentences = sent;
  a->n_sentences = a->cap_sentences = doc->n_sents;
  hd_err err = {0};
  if (hd_run_stages(env, a, HD_STAGE_TAG, HD_STAGE_TAG, &err) != 0) {
    cli_report(&err);
    exit(EXIT_SOME_FAILED);
  }
  memset(out, 0, doc->n_words);
  for (size_t k = 0; k < a->n_mentions; k++) {
    const hd_mention *m = &a->mentions[k];
    for (uint32_t i = m->tok_begin; i < m->tok_end && i < doc->n_words; i++) {
      int pos = m->tok_end - m->tok_begin == 1 ? HD_NER_U
                : i == m->tok_begin            ? HD_NER_B
                : i + 1 == m->tok_end          ? HD_NER_L
                                               : HD_NER_I;
      out[i] = (uint8_t)hd_ner_label(m->type, pos);
    }
  }
  hd_article_free(a);
}

static void tag_file(const hd_stage_env *env, const hd_conll *c, uint8_t *pred) {
  for (size_t d = 0; d < c->n_docs; d++) tag_doc(env, &c->docs[d], pred + c->doc_first_word[d]);
}

static double now(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void print_json(const hd_ner_counts *c, size_t tokens, double secs, double cpu) {
  hd_buf b;
  hd_buf_init(&b, 0);
  double p, r, f;
  hd_ner_prf(c, -1, &p, &r, &f);
  hd_buf_puts(&b, "{\"precision\":");
  hd_json_double(&b, p);
  hd_buf_puts(&b, ",\"recall\":");
  hd_json_double(&b, r);
  hd_buf_puts(&b, ",\"f1\":");
  hd_json_double(&b, f);
  hd_buf_puts(&b, ",\"per_type\":{");
  for (int t = 0; t < 4; t++) {
    hd_ner_prf(c, t, &p, &r, &f);
    hd_buf_printf(&b, "%s\"%s\":{\"precision\":", t ? "," : "", HD_NER_TYPE_NAMES[t]);
    hd_json_double(&b, p);
    hd_buf_puts(&b, ",\"recall\":");
    hd_json_double(&b, r);
    hd_buf_puts(&b, ",\"f1\":");
    hd_json_double(&b, f);
    hd_buf_printf(&b, ",\"gold\":%ld,\"predicted\":%ld}", c->tp[t] + c->fn[t], c->tp[t] + c->fp[t]);
  }
  hd_buf_printf(&b, "},\"tokens\":%zu,\"seconds\":", tokens);
  hd_json_double(&b, secs);
  hd_buf_puts(&b, ",\"tokens_per_s\":");
  hd_json_double(&b, secs > 0 ? (double)tokens / secs : 0);
  hd_buf_puts(&b, ",\"cpu_seconds\":");
  hd_json_double(&b, cpu);
  hd_buf_puts(&b, ",\"tokens_per_cpu_s\":");
  hd_json_double(&b, cpu > 0 ? (double)tokens / cpu : 0);
  hd_buf_puts(&b, "}\n");
  fputs(b.ptr, stdout);
  hd_buf_free(&b);
}

static void print_table(const hd_ner_counts *c, size_t tokens, double secs, double cpu) {
  double p, r, f;
  printf("%-6s %9s %9s %9s %7s\n", "type", "precision", "recall", "F1", "gold");
  for (int t = 0; t < 4; t++) {
    hd_ner_prf(c, t, &p, &r, &f);
    printf("%-6s %9.2f %9.2f %9.2f %7ld\n", HD_NER_TYPE_NAMES[t], p, r, f, c->tp[t] + c->fn[t]);
  }
  hd_ner_prf(c, -1, &p, &r, &f);
  printf("%-6s %9.2f %9.2f %9.2f\n", "all", p, r, f);
  printf("%zu tokens in %.3f s: %.0f tokens/s (CPU %.3f s: %.0f tokens/s)\n", tokens, secs,
         secs > 0 ? (double)tokens / secs : 0, cpu, cpu > 0 ? (double)tokens / cpu : 0);
}

int eval_ner(int argc, char **argv) {
  const char *path = NULL, *model = getenv("HERALD_MODEL_DIR") ? NULL : "models/ner-en.bin";
  char buf[4096];
  if (!model) {
    snprintf(buf, sizeof buf, "%s/ner-en.bin", getenv("HERALD_MODEL_DIR"));
    model = buf;
  }
  int json = 0, repeat = 1, raw = 0, predicted = 0;
  const char *standoff = NULL;
  for (int i = 1; i < argc; i++) {
    if (cli_is(argv[i], "--help") || cli_is(argv[i], "-h")) { help(stdout); return EXIT_OK; }
    if (cli_is(argv[i], "--json")) json = 1;
    else if (cli_is(argv[i], "--raw")) raw = 1;
    else if (cli_is(argv[i], "--predicted")) predicted = 1;
    else if (cli_is(argv[i], "--standoff")) {
      standoff = cli_value(argc, argv, &i);
      if (!standoff) return EXIT_USAGE;
    }
    else if (cli_is(argv[i], "--repeat")) {
      const char *v = cli_value(argc, argv, &i);
      if (!v || (repeat = atoi(v)) < 1) { help(stderr); return EXIT_USAGE; }
    } else if (cli_is(argv[i], "--model")) {
      model = cli_value(argc, argv, &i);
      if (!model) return EXIT_USAGE;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      help(stderr);
      return EXIT_USAGE;
    } else path = argv[i];
  }
  if (!path) { help(stderr); return EXIT_USAGE; }
  hd_err err = {0};
  hd_tagger *m = hd_tagger_load(model, &err);
  if (!m) { cli_report(&err); return EXIT_SOME_FAILED; }
  if (standoff) {
    int rc = eval_ner_standoff(standoff, path, m, predicted);
    hd_tagger_free(m);
    return rc;
  }
  hd_conll c;
  if (hd_conll_read(&c, path, &err) != 0) {
    cli_report(&err);
    hd_tagger_free(m);
    return EXIT_SOME_FAILED;
  }
  uint8_t *pred = malloc(c.n_words + 1);
  hd_stage_env env = {0};
  env.tagger = m;
  double secs = 0, cpu = 0;
  for (int r = 0; r < repeat; r++) {
    double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    if (raw) hd_ner_eval_conll(m, &c, NULL, pred);
    else tag_file(&env, &c, pred);
    double dt = now(CLOCK_MONOTONIC) - t0, dc = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    if (r == 0 || dt < secs) secs = dt;
    if (r == 0 || dc < cpu) cpu = dc;
  }
  hd_ner_counts counts = {0};
  for (size_t s = 0; s < c.n_sents; s++) {
    uint32_t b = c.sent_begin[s], e = c.sent_begin[s + 1];
    hd_ner_count(&counts, c.gold + b, pred + b, e - b);
  }
  if (json) print_json(&counts, c.n_words, secs, cpu);
  else print_table(&counts, c.n_words, secs, cpu);
  free(pred);
  hd_conll_free(&c);
  hd_tagger_free(m);
  return EXIT_OK;
}
