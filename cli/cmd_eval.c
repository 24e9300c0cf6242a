/*
 * cmd_eval.c: `herald eval ner|quotes|cluster|extract ...`: parses the
 * arguments into the options of herald/eval.h and calls the evaluation;
 * the scoring itself lives in the library (src/eval/).
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "herald/eval.h"

static void help_ner(FILE *f) {
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

static int eval_ner(int argc, char **argv) {
  hd_eval_ner_opts o = {0};
  o.repeat = 1;
  for (int i = 1; i < argc; i++) {
    if (cli_is(argv[i], "--help") || cli_is(argv[i], "-h")) { help_ner(stdout); return EXIT_OK; }
    if (cli_is(argv[i], "--json")) o.json = 1;
    else if (cli_is(argv[i], "--raw")) o.raw = 1;
    else if (cli_is(argv[i], "--predicted")) o.predicted = 1;
    else if (cli_is(argv[i], "--standoff")) {
      if (!(o.standoff = cli_value(argc, argv, &i))) return EXIT_USAGE;
    } else if (cli_is(argv[i], "--repeat")) {
      const char *v = cli_value(argc, argv, &i);
      if (!v || (o.repeat = atoi(v)) < 1) { help_ner(stderr); return EXIT_USAGE; }
    } else if (cli_is(argv[i], "--model")) {
      if (!(o.model = cli_value(argc, argv, &i))) return EXIT_USAGE;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      help_ner(stderr);
      return EXIT_USAGE;
    } else o.path = argv[i];
  }
  if (!o.path) { help_ner(stderr); return EXIT_USAGE; }
  return hd_eval_ner(&o);
}

static void help_quotes(FILE *f) {
  fputs("usage: herald eval quotes DIR [--json] [--model FILE] [--no-ner] [--attrib-model FILE | --rules-only]\n"
        "       [--min-confidence X]\n"
        "Scores attribution (content, cue, source spans) against DIR/text/*.txt and\n"
        "DIR/attributions/*.ann (PolNeAR brat standoff). --model is the NER model;\n"
        "--attrib-model the learned cue tagger (default models/attrib-en.bin);\n"
        "--cue-threshold X overrides its acceptance threshold (for experiments);\n"
        "--min-confidence X keeps attributions of confidence >= X (default: the model's).\n"
        "Matching is one-to-one (each gold span claimed by at most one record); the\n"
        "lenient figures (a span right for every span it touches) follow.\n",
        f);
}

static int eval_quotes(int argc, char **argv) {
  hd_eval_quotes_opts o = {0};
  o.attrib_model = "models/attrib-en.bin";
  for (int i = 1; i < argc; i++) {
    if (cli_is(argv[i], "--json")) o.json = 1;
    else if (cli_is(argv[i], "--rules-only")) o.attrib_model = NULL;
    else if (cli_is(argv[i], "--cue-threshold")) {
      if (!(o.cue_threshold = cli_value(argc, argv, &i))) return EXIT_USAGE;
    } else if (cli_is(argv[i], "--min-confidence")) {
      if (!(o.min_confidence = cli_value(argc, argv, &i))) return EXIT_USAGE;
    } else if (cli_is(argv[i], "--attrib-model")) {
      if (!(o.attrib_model = cli_value(argc, argv, &i))) return EXIT_USAGE;
    } else if (cli_is(argv[i], "--no-ner")) o.no_ner = 1;
    else if (cli_is(argv[i], "--model")) {
      if (!(o.model = cli_value(argc, argv, &i))) return EXIT_USAGE;
    } else if (cli_is(argv[i], "--help") || cli_is(argv[i], "-h")) {
      help_quotes(stdout);
      return EXIT_OK;
    } else if (argv[i][0] == '-' || o.dir) {
      help_quotes(stderr);
      return EXIT_USAGE;
    } else o.dir = argv[i];
  }
  if (!o.dir) {
    help_quotes(stderr);
    return EXIT_USAGE;
  }
  return hd_eval_quotes(&o);
}

static void help_extract(FILE *f) {
  fputs("usage: herald eval extract GROUND_TRUTH.json HTML_DIR [--raw] [--pred FILE] [--worst N] [--json]\n"
        "       [--split train|dev]\n"
        "Scores main-text extraction on HTML_DIR/ID.html[.gz] against GROUND_TRUTH.json:\n"
        "{ID: {\"articleBody\": TEXT}} (4-token shingle P/R/F1, averaged over pages) or\n"
        "{ID: {\"with\": [...], \"without\": [...]}} (snippet P/R/accuracy/F, summed).\n"
        "--split train|dev scores only that half of the pages (the split `herald train extract` uses).\n",
        f);
}

static int eval_extract(int argc, char **argv) {
  hd_eval_extract_opts o = {0};
  o.split = -1;
  for (int i = 1; i < argc; i++) {
    if (cli_is(argv[i], "--help") || cli_is(argv[i], "-h")) { help_extract(stdout); return EXIT_OK; }
    else if (cli_is(argv[i], "--raw")) o.raw = 1;
    else if (cli_is(argv[i], "--json")) o.json = 1;
    else if (cli_is(argv[i], "--split")) {
      const char *v = cli_value(argc, argv, &i);
      if (!v) return EXIT_USAGE;
      if (cli_is(v, "train")) o.split = 0;
      else if (cli_is(v, "dev")) o.split = 1;
      else if (!cli_is(v, "all")) {
        fprintf(stderr, "herald eval extract: --split takes train, dev or all\n");
        return EXIT_USAGE;
      }
    } else if (cli_is(argv[i], "--pred") || cli_is(argv[i], "--worst")) {
      const char *v = cli_value(argc, argv, &i);
      if (!v) return EXIT_USAGE;
      if (cli_is(argv[i - 1], "--pred")) o.pred_path = v;
      else o.worst = atoi(v);
    } else if (argv[i][0] == '-' && argv[i][1]) {
      fprintf(stderr, "herald eval extract: unknown option %s\n", argv[i]);
      help_extract(stderr);
      return EXIT_USAGE;
    } else if (!o.ground_truth) o.ground_truth = argv[i];
    else if (!o.html_dir) o.html_dir = argv[i];
    else { help_extract(stderr); return EXIT_USAGE; }
  }
  if (!o.ground_truth || !o.html_dir) { help_extract(stderr); return EXIT_USAGE; }
  return hd_eval_extract(&o);
}

int cmd_eval(int argc, char **argv) {
  if (argc >= 2 && cli_is(argv[1], "ner")) return eval_ner(argc - 1, argv + 1);
  if (argc >= 2 && cli_is(argv[1], "quotes")) return eval_quotes(argc - 1, argv + 1);
  if (argc >= 2 && cli_is(argv[1], "cluster")) return hd_eval_cluster_argv(argc - 1, argv + 1);
  if (argc >= 2 && cli_is(argv[1], "extract")) return eval_extract(argc - 1, argv + 1);
  fputs("usage: herald eval ner FILE.conll [--json]\n"
        "       herald eval quotes DIR [--json]\n"
        "       herald eval cluster FILE.jsonl [--label FIELD] [--json]\n"
        "       herald eval extract GROUND_TRUTH.json HTML_DIR [--raw] [--pred FILE] [--worst N] [--json]\n",
        argc >= 2 && (cli_is(argv[1], "--help") || cli_is(argv[1], "-h")) ? stdout : stderr);
  return argc >= 2 && (cli_is(argv[1], "--help") || cli_is(argv[1], "-h")) ? EXIT_OK : EXIT_USAGE;
}
