/*
 * cmd_train.c: `herald train ner|clusters|quotes|extract|stories|genders|record-filter ...`: parses the arguments
 * into the options of herald/train.h and calls the trainer; the training
 * itself lives in the library (src/ner/train_*.c, src/attrib/train_*.c,
 * src/read/train_extract.c).
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "herald/train.h"

static void help_ner(FILE *f) {
  fputs("usage: herald train ner --train FILE --dev FILE -o MODEL [OPTIONS]\n"
        "Trains the named-entity tagger on CoNLL-2003 style files.\n\n"
        "  --train FILE   training data (WORD TAG per line)\n"
        "  --dev FILE     development data for epoch selection\n"
        "  -o FILE        model to write (default models/ner-en.bin)\n"
        "  --data DIR     gazetteers/ and clusters.txt (default data)\n"
        "  --epochs N     passes over the training data (default 20)\n"
        "  --bits N       log2 of hashed feature buckets (default 20)\n"
        "  --seed N       shuffling seed (default 1)\n"
        "  --runs N       train N times (seeds N, N+1, ...) and average the N\n"
        "                 best-epoch weight vectors (default 3)\n"
        "  --conventions FILE  label conventions applied to train and dev before\n"
        "                 learning (default DATA/conventions.txt; 'none' for none)\n",
        f);
}

static int train_ner(int argc, char **argv) {
  hd_train_ner_opts o;
  hd_train_ner_defaults(&o);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (cli_is(a, "--help") || cli_is(a, "-h")) { help_ner(stdout); return EXIT_OK; }
    const char *v = NULL;
    if (cli_is(a, "--train") || cli_is(a, "--dev") || cli_is(a, "-o") || cli_is(a, "--data") ||
        cli_is(a, "--epochs") || cli_is(a, "--bits") || cli_is(a, "--seed") || cli_is(a, "--runs") ||
        cli_is(a, "--conventions")) {
      v = cli_value(argc, argv, &i);
      if (!v) return EXIT_USAGE;
    } else {
      fprintf(stderr, "herald train ner: unknown argument %s\n", a);
      help_ner(stderr);
      return EXIT_USAGE;
    }
    if (cli_is(a, "--train")) o.train = v;
    else if (cli_is(a, "--dev")) o.dev = v;
    else if (cli_is(a, "-o")) o.out = v;
    else if (cli_is(a, "--data")) o.data = v;
    else if (cli_is(a, "--epochs")) o.epochs = atoi(v);
    else if (cli_is(a, "--bits")) o.bits = (uint32_t)atoi(v);
    else if (cli_is(a, "--conventions")) o.conventions = v;
    else if (cli_is(a, "--runs")) o.runs = atoi(v);
    else o.seed = strtoull(v, NULL, 10);
  }
  if (!o.train || o.epochs < 1 || o.bits < 12 || o.bits > 24 || o.runs < 1 || o.runs > 16) {
    help_ner(stderr);
    return EXIT_USAGE;
  }
  return hd_train_ner(&o);
}

static int train_clusters(int argc, char **argv) {
  hd_train_clusters_opts o;
  hd_train_clusters_defaults(&o);
  const char **paths = calloc((size_t)argc, sizeof *paths);
  if (!paths) return EXIT_SOME_FAILED;
  int rc = -1;
  for (int i = 1; i < argc && rc < 0; i++) {
    const char *a = argv[i];
    if (cli_is(a, "-o") || cli_is(a, "--levels") || cli_is(a, "--min-count") ||
        cli_is(a, "--max-words") || cli_is(a, "--passes")) {
      const char *v = cli_value(argc, argv, &i);
      if (!v) { rc = EXIT_USAGE; break; }
      if (cli_is(a, "-o")) o.out = v;
      else if (cli_is(a, "--levels")) o.levels = (uint32_t)atoi(v);
      else if (cli_is(a, "--min-count")) o.min_count = (uint32_t)atoi(v);
      else if (cli_is(a, "--max-words")) o.max_words = (uint32_t)atoi(v);
      else o.passes = (uint32_t)atoi(v);
    } else if (a[0] == '-') {
      fputs("usage: herald train clusters [-o FILE] [--levels N] [--min-count N]\n"
            "       [--max-words N] [--passes N] PATH...\n", stderr);
      rc = cli_is(a, "--help") ? EXIT_OK : EXIT_USAGE;
    } else paths[o.n_paths++] = a;
  }
  o.paths = paths;
  if (rc < 0) rc = hd_train_clusters(&o);
  free(paths);
  return rc;
}

static int train_vectors(int argc, char **argv) {
  hd_train_vectors_opts o;
  hd_train_vectors_defaults(&o);
  const char **paths = calloc((size_t)argc, sizeof *paths);
  if (!paths) return EXIT_SOME_FAILED;
  int rc = -1;
  for (int i = 1; i < argc && rc < 0; i++) {
    const char *a = argv[i];
    if (cli_is(a, "-o") || cli_is(a, "--dim") || cli_is(a, "--max-words") || cli_is(a, "--min-count") ||
        cli_is(a, "--window") || cli_is(a, "--negatives") || cli_is(a, "--epochs") || cli_is(a, "--seed")) {
      const char *v = cli_value(argc, argv, &i);
      if (!v) { rc = EXIT_USAGE; break; }
      if (cli_is(a, "-o")) o.out = v;
      else if (cli_is(a, "--dim")) o.dim = (uint32_t)atoi(v);
      else if (cli_is(a, "--max-words")) o.max_words = (uint32_t)atoi(v);
      else if (cli_is(a, "--min-count")) o.min_count = (uint32_t)atoi(v);
      else if (cli_is(a, "--window")) o.window = (uint32_t)atoi(v);
      else if (cli_is(a, "--negatives")) o.negatives = (uint32_t)atoi(v);
      else if (cli_is(a, "--epochs")) o.epochs = (uint32_t)atoi(v);
      else o.seed = (uint64_t)strtoull(v, NULL, 10);
    } else if (a[0] == '-') {
      fputs("usage: herald train vectors [-o FILE] [--dim N] [--max-words N] [--min-count N]\n"
            "       [--window N] [--negatives N] [--epochs N] [--seed N] PATH...\n", stderr);
      rc = cli_is(a, "--help") ? EXIT_OK : EXIT_USAGE;
    } else paths[o.n_paths++] = a;
  }
  o.paths = paths;
  if (rc < 0) rc = hd_train_vectors(&o);
  free(paths);
  return rc;
}

static void help_quotes(FILE *f) {
  fputs("usage: herald train quotes DIR [--model FILE] [--no-ner] > data/lexicons/attrib_cue_frames.txt\n"
        "       herald train quotes --train DIR [--dev DIR] -o models/attrib-en.bin [--model FILE] [--no-ner]\n"
        "The first form learns the attribution frame filter from a PolNeAR-layout directory\n"
        "(DIR/text/*.txt, DIR/attributions/*.ann) and prints it as word-list rows; the second\n"
        "trains the learned cue tagger on DIR's gold cue spans and writes the model file.\n",
        f);
}

static int train_quotes(int argc, char **argv) {
  hd_train_quotes_opts o = {0};
  for (int i = 1; i < argc; i++) {
    if (cli_is(argv[i], "--no-ner")) o.no_ner = 1;
    else if (cli_is(argv[i], "--train")) {
      if (!(o.train = cli_value(argc, argv, &i))) return EXIT_USAGE;
    } else if (cli_is(argv[i], "--dev")) {
      if (!(o.dev = cli_value(argc, argv, &i))) return EXIT_USAGE;
    } else if (cli_is(argv[i], "-o")) {
      if (!(o.out = cli_value(argc, argv, &i))) return EXIT_USAGE;
    } else if (cli_is(argv[i], "--model")) {
      if (!(o.model = cli_value(argc, argv, &i))) return EXIT_USAGE;
    } else if (cli_is(argv[i], "--help") || cli_is(argv[i], "-h")) {
      help_quotes(stdout);
      return EXIT_OK;
    } else if (argv[i][0] == '-' || o.dir) {
      help_quotes(stderr);
      return EXIT_USAGE;
    } else o.dir = argv[i];
  }
  if ((o.train || o.out) ? (!o.train || !o.out || o.dir) : !o.dir) {
    help_quotes(stderr);
    return EXIT_USAGE;
  }
  return hd_train_quotes(&o);
}

static void help_extract(FILE *f) {
  fputs("usage: herald train extract GROUND_TRUTH.json HTML_DIR -o MODEL [--split train|all] [--epochs N]\n"
        "       [--min-pages N] [--l2 X]\n"
        "Trains the block classifier of HTML extraction on the train half of the pages (the\n"
        "split of `herald eval extract --split`), or on all of them.\n",
        f);
}

static int train_extract(int argc, char **argv) {
  hd_train_extract_opts o;
  hd_train_extract_defaults(&o);
  for (int i = 1; i < argc; i++) {
    if (cli_is(argv[i], "--help") || cli_is(argv[i], "-h")) { help_extract(stdout); return EXIT_OK; }
    if (cli_is(argv[i], "-o") || cli_is(argv[i], "--split") || cli_is(argv[i], "--epochs") ||
        cli_is(argv[i], "--min-pages") || cli_is(argv[i], "--l2")) {
      const char *v = cli_value(argc, argv, &i);
      if (!v) return EXIT_USAGE;
      const char *opt = argv[i - 1];
      if (cli_is(opt, "-o")) o.out = v;
      else if (cli_is(opt, "--epochs")) o.epochs = atoi(v);
      else if (cli_is(opt, "--min-pages")) o.min_pages = atoi(v);
      else if (cli_is(opt, "--l2")) o.l2 = atof(v);
      else if (cli_is(v, "all")) o.all = 1;
      else if (!cli_is(v, "train")) { help_extract(stderr); return EXIT_USAGE; }
    } else if (argv[i][0] == '-') { help_extract(stderr); return EXIT_USAGE; }
    else if (!o.ground_truth) o.ground_truth = argv[i];
    else if (!o.html_dir) o.html_dir = argv[i];
    else { help_extract(stderr); return EXIT_USAGE; }
  }
  if (!o.ground_truth || !o.html_dir || !o.out || o.epochs < 1 || o.epochs > 1000 || o.min_pages < 1) {
    help_extract(stderr);
    return EXIT_USAGE;
  }
  return hd_train_extract(&o);
}

int cmd_train(int argc, char **argv) {
  if (argc >= 2 && cli_is(argv[1], "ner")) return train_ner(argc - 1, argv + 1);
  if (argc >= 2 && cli_is(argv[1], "clusters")) return train_clusters(argc - 1, argv + 1);
  if (argc >= 2 && cli_is(argv[1], "vectors")) return train_vectors(argc - 1, argv + 1);
  if (argc >= 2 && cli_is(argv[1], "stories")) return hd_train_stories_argv(argc - 1, argv + 1);
  if (argc >= 2 && cli_is(argv[1], "genders")) return hd_train_genders_argv(argc - 1, argv + 1);
  if (argc >= 2 && cli_is(argv[1], "record-filter")) return hd_train_record_filter_argv(argc - 1, argv + 1);
  if (argc >= 2 && cli_is(argv[1], "quotes")) return train_quotes(argc - 1, argv + 1);
  if (argc >= 2 && cli_is(argv[1], "extract")) return train_extract(argc - 1, argv + 1);
  fputs("usage: herald train ner --train FILE --dev FILE -o MODEL\n"
        "       herald train clusters -o data/clusters.txt PATH...\n"
        "       herald train quotes --train DIR --dev DIR -o models/attrib-en.bin\n"
        "       herald train quotes DIR > data/lexicons/attrib_cue_frames.txt\n"
        "       herald train vectors -o models/vectors-en.bin PATH...\n"
        "       herald train stories [-o models/stories-en.txt] FILE.jsonl[:LABEL]...\n"
        "       herald train genders [-o models/genders-en.txt] PATH...\n"
        "       herald train record-filter --gold TSV [-o models/record-filter-en.txt] FILE.jsonl...\n"
        "       herald train extract GROUND_TRUTH.json HTML_DIR -o models/extract.model\n"
        "Each with --help for its options; README.md lists the commands that rebuild the committed models.\n",
        stderr);
  return EXIT_USAGE;
}
