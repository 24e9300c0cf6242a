/* main.c: the herald command line: dispatches to one file per verb. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const hd_command COMMANDS[] = {
    {"annotate", cmd_annotate, "per-article pipeline: text/JSONL in, JSON Lines out"},
    {"train", cmd_train, "train a model (herald train ner ...)"},
    {"eval", cmd_eval, "evaluate a stage (herald eval ner|quotes|cluster ...)"},
    {"ingest", cmd_ingest, "annotate and store articles (SQLite or PostgreSQL)"},
    {"search", cmd_search, "full-text search over the store"},
    {"stories", cmd_stories, "list stories"},
    {"story", cmd_story, "one story's timeline and who said what"},
    {"quotes", cmd_quotes, "every attribution of a speaker"},
    {"entity", cmd_entity, "an identity's aliases, titles, mentions and quotes"},
    {"article", cmd_article, "one stored article with its mentions and quotes (JSON)"},
    {"trail", cmd_trail, "a quote's trail across outlets: first, repeats, variants (JSON)"},
    {"serve", cmd_serve, "the web page and JSON API over a store"},
};
#define N_COMMANDS (sizeof COMMANDS / sizeof *COMMANDS)

/* "herald: FILE:RECORD: [STAGE stage: ]MESSAGE" on stderr. */
void cli_report(const hd_err *e) {
  char stage[48] = "";
  if (e->stage) snprintf(stage, sizeof stage, "%s stage: ", e->stage);
  if (e->file[0] && e->line > 0) fprintf(stderr, "herald: %s:%ld: %s%s\n", e->file, e->line, stage, e->msg);
  else if (e->file[0]) fprintf(stderr, "herald: %s: %s%s\n", e->file, stage, e->msg);
  else fprintf(stderr, "herald: %s%s\n", stage, e->msg);
}

int cli_is(const char *arg, const char *name) { return strcmp(arg, name) == 0; }

int cli_bytes(const char *v, size_t *out) {
  char *end;
  errno = 0;
  unsigned long long n = strtoull(v, &end, 10);
  if (end == v || errno || *v == '-') return -1;
  unsigned shift = 0;
  if (*end == 'K' || *end == 'k') shift = 10;
  else if (*end == 'M' || *end == 'm') shift = 20;
  else if (*end == 'G' || *end == 'g') shift = 30;
  if (shift) end++;
  if (*end || n > (SIZE_MAX >> shift)) return -1;
  *out = (size_t)n << shift;
  return 0;
}

const char *cli_value(int argc, char **argv, int *i) {
  if (*i + 1 >= argc) {
    fprintf(stderr, "herald: option %s needs a value\n", argv[*i]);
    return NULL;
  }
  return argv[++*i];
}

int cli_parse_jobs(const char *verb, const char *v, int *jobs) {
  char *end = NULL;
  long n = strtol(v, &end, 10);
  if (!*v || *end || n < 1 || n > 256) {
    fprintf(stderr, "herald %s: -j takes a number of threads from 1 to 256, not %s\n", verb, v);
    return -1;
  }
  *jobs = (int)n;
  return 0;
}

static void usage(FILE *f) {
  fprintf(f, "usage: herald COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
  for (size_t i = 0; i < N_COMMANDS; i++) fprintf(f, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
  fprintf(f, "\n`herald COMMAND --help` describes each. herald %s\n", HERALD_VERSION);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return EXIT_USAGE;
  }
  if (cli_is(argv[1], "--help") || cli_is(argv[1], "-h") || cli_is(argv[1], "help")) {
    usage(stdout);
    return EXIT_OK;
  }
  if (cli_is(argv[1], "--version")) {
    printf("herald %s\n", HERALD_VERSION);
    return EXIT_OK;
  }
  for (size_t i = 0; i < N_COMMANDS; i++)
    if (cli_is(argv[1], COMMANDS[i].name)) return COMMANDS[i].run(argc - 1, argv + 1);
  fprintf(stderr, "herald: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return EXIT_USAGE;
}
