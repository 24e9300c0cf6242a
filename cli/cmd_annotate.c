/*
 * cmd_annotate.c: `herald annotate [PATH...]`: the per-article pipeline
 * as a streaming map step. Each article read becomes one JSON line on
 * stdout; each failed record one line on stderr; a summary closes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "herald/pmap.h"

typedef struct {
  hd_pipeline *pipe;
  hd_pmap *pmap; /* annotates on -j threads; sinks here, in input order */
  int json_flags;
  int conll; /* --format conll */
  long read, written, failed;
} annotate_ctx;

/* One article in flight: annotated (and rendered) on a worker, then
 * reported and written by the reading thread in input order. */
typedef struct {
  hd_article *a;
  int rc;
  hd_err err;
  char *out;
  size_t out_len;
} annotate_job;

static void warn_repaired(const hd_article *a) {
  hd_err w = {0};
  hd_err_set(&w, HD_OK, hd_article_meta(a, HD_META_INPUT_PATH), hd_article_input_line(a),
             "warning: %zu invalid UTF-8 sequence(s) or NUL byte(s) replaced by U+FFFD", hd_article_repaired(a));
  cli_report(&w);
}

/* On a worker: the pipeline and the JSON (or CoNLL) rendering. */
static void annotate_work(void *vctx, void *vjob) {
  annotate_ctx *c = vctx;
  annotate_job *j = vjob;
  j->rc = hd_annotate(c->pipe, j->a, &j->err);
  if (j->rc == 0) j->out = c->conll ? hd_article_conll(j->a, &j->out_len) : hd_article_json(j->a, c->json_flags, &j->out_len);
}

/* On the reading thread, in input order: messages, output, counts. */
static void annotate_sink(void *vctx, void *vjob) {
  annotate_ctx *c = vctx;
  annotate_job *j = vjob;
  if (hd_article_repaired(j->a)) warn_repaired(j->a);
  if (j->rc != 0) {
    cli_report(&j->err);
    c->failed++;
  } else if (fwrite(j->out, 1, j->out_len, stdout) == j->out_len) c->written++;
  else c->failed++;
  free(j->out);
  hd_article_free(j->a);
  free(j);
}

static void on_article(void *vctx, hd_article *a) {
  annotate_ctx *c = vctx;
  c->read++;
  annotate_job *j = calloc(1, sizeof *j);
  if (!j) {
    hd_err e = {0};
    hd_err_set(&e, HD_ERR_NOMEM, hd_article_meta(a, HD_META_INPUT_PATH), hd_article_input_line(a), "out of memory");
    cli_report(&e);
    c->failed++;
    hd_article_free(a);
    return;
  }
  j->a = a;
  hd_pmap_push(c->pmap, j);
}

static void on_error(void *vctx, const hd_err *e) {
  annotate_ctx *c = vctx;
  hd_pmap_drain(c->pmap); /* earlier articles' lines come first */
  c->read++;
  c->failed++;
  cli_report(e);
}

static void help(FILE *f) {
  fputs("usage: herald annotate [OPTIONS] [PATH...]\n"
        "Reads plain-text articles or JSON Lines ({\"text\",...} per line) from files,\n"
        "directories (recursively) or - (stdin, the default) and writes one JSON\n"
        "object per article to stdout (docs/FORMAT.md).\n\n"
        "  --tokens         include token spans\n"
        "  --for-ingest     add what `herald ingest --annotated` needs to build the\n"
        "                   same store as `herald ingest` (content hash, title spans)\n"
        "  --format F       json (default: one JSON object per line) or conll\n"
        "                   (TOKEN TAB IOB2-TAG, a blank line after each sentence)\n"
        "  --model FILE     NER model (default models/ner-en.bin)\n"
        "  --no-ner         skip entity tagging\n"
        "  --no-quotes      skip attribution\n"
        "  --attrib-model FILE  learned cue tagger for attribution (default\n"
        "                   models/attrib-en.bin; rules only when it is missing)\n"
        "  --rules-only-quotes  attribution by the rules alone\n"
        "  --min-confidence X  keep attributions with confidence >= X (0..1;\n"
        "                   default: the model's, chosen for precision 0.90)\n"
        "  --max-bytes N    largest record accepted (default 67108864)\n"
        "  --max-memory N   most memory one article's annotation may use (default 1G;\n"
        "                   K, M, G suffixes); an article past it fails, the rest go on\n"
        "  -j, --jobs N     annotate on N threads (default: the online cores);\n"
        "                   output stays in input order, identical for every N\n"
        "  -q, --quiet      no summary line on stderr\n",
        f);
}

int cmd_annotate(int argc, char **argv) {
  annotate_ctx c = {0};
  hd_options opt = {0};
  hd_reader r = {0};
  hd_read_stats stats = {0};
  int quiet = 0, npaths = 0, jobs = hd_online_cores();
  char **paths = calloc((size_t)argc + 1, sizeof *paths);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (cli_is(a, "--help") || cli_is(a, "-h")) { help(stdout); free(paths); return EXIT_OK; }
    else if (cli_is(a, "--tokens")) c.json_flags |= HD_JSON_TOKENS;
    else if (cli_is(a, "--for-ingest")) c.json_flags |= HD_JSON_FOR_INGEST;
    else if (cli_is(a, "--no-ner")) opt.no_ner = 1;
    else if (cli_is(a, "--no-quotes")) opt.no_quotes = 1;
    else if (cli_is(a, "-q") || cli_is(a, "--quiet")) quiet = 1;
    else if (cli_is(a, "--rules-only-quotes")) opt.rules_only_quotes = 1;
    else if (cli_is(a, "--model") || cli_is(a, "--attrib-model") || cli_is(a, "--min-confidence") || cli_is(a, "--max-bytes") || cli_is(a, "--max-memory") ||
             cli_is(a, "--format") || cli_is(a, "-j") || cli_is(a, "--jobs")) {
      const char *v = cli_value(argc, argv, &i);
      if (!v) { free(paths); return EXIT_USAGE; }
      if (cli_is(a, "-j") || cli_is(a, "--jobs")) {
        if (cli_parse_jobs("annotate", v, &jobs) != 0) { free(paths); return EXIT_USAGE; }
      } else if (cli_is(a, "--model")) opt.ner_model = v;
      else if (cli_is(a, "--attrib-model")) opt.attrib_model = v;
      else if (cli_is(a, "--min-confidence")) {
        char *end;
        double x = strtod(v, &end);
        if (*end || !(x >= 0 && x <= 1)) {
          fprintf(stderr, "herald annotate: --min-confidence is a number from 0 to 1, not %s\n", v);
          free(paths);
          return EXIT_USAGE;
        }
        opt.min_confidence = v;
      }
      else if (cli_is(a, "--format")) {
        if (!cli_is(v, "json") && !cli_is(v, "conll")) {
          fprintf(stderr, "herald annotate: --format is json or conll, not %s\n", v);
          free(paths);
          return EXIT_USAGE;
        }
        c.conll = cli_is(v, "conll");
      }
      else if (cli_is(a, "--max-memory")) {
        if (cli_bytes(v, &opt.max_article_memory) != 0 || !opt.max_article_memory) {
          fprintf(stderr, "herald annotate: --max-memory takes a byte count (e.g. 512M), not %s\n", v);
          free(paths);
          return EXIT_USAGE;
        }
      }
      else r.max_record = strtoull(v, NULL, 10);
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "herald annotate: unknown option %s\n", a);
      help(stderr);
      free(paths);
      return EXIT_USAGE;
    } else paths[npaths++] = argv[i];
  }
  hd_err err = {0};
  c.pipe = hd_pipeline_new(&opt, &err);
  if (!c.pipe) {
    cli_report(&err);
    free(paths);
    return EXIT_USAGE;
  }
  c.pmap = hd_pmap_new(jobs, 0, annotate_work, annotate_sink, &c);
  if (!c.pmap) {
    fprintf(stderr, "herald annotate: cannot start %d threads\n", jobs);
    hd_pipeline_free(c.pipe);
    free(paths);
    return EXIT_SOME_FAILED;
  }
  r.on_article = on_article;
  r.on_error = on_error;
  r.stats = &stats;
  r.ctx = &c;
  if (npaths == 0) hd_read_path(&r, "-");
  for (int i = 0; i < npaths; i++) hd_read_path(&r, paths[i]);
  hd_pmap_free(c.pmap);
  fflush(stdout);
  char skips[256];
  hd_read_stats_format(&stats, skips, sizeof skips);
  if (!quiet)
    fprintf(stderr, "herald annotate: %ld read, %ld written, %ld failed%s%s\n", c.read, c.written, c.failed,
            *skips ? "; skipped: " : "", skips);
  hd_pipeline_free(c.pipe);
  free(paths);
  return c.failed ? EXIT_SOME_FAILED : EXIT_OK;
}
