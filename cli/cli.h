/*
 * cli.h: shared helpers for herald's subcommands (one file per verb:
 * cmd_annotate.c, cmd_train.c, cmd_eval.c, cmd_ingest.c, cmd_query.c).
 * Exit codes: 0 all fine, 1 some records failed, 2 usage error.
 */
#ifndef HD_CLI_H
#define HD_CLI_H

#include "herald.h"

enum { EXIT_OK = 0, EXIT_SOME_FAILED = 1, EXIT_USAGE = 2 };

typedef struct {
  const char *name;
  int (*run)(int argc, char **argv); /* argv[0] is the verb */
  const char *summary;
} hd_command;

/* Prints one error line: "herald: FILE:LINE: message". */
void cli_report(const hd_err *e);
/* Is argv[i] equal to the option `name`? (also --name=value handled by caller) */
int cli_is(const char *arg, const char *name);
/* A byte count "N", "NK", "NM" or "NG" (powers of 1024): 0, or -1 when malformed. */
int cli_bytes(const char *v, size_t *out);
/* Fetches the value after option argv[*i]; usage error if missing. */
const char *cli_value(int argc, char **argv, int *i);
/* Parses the value of -j/--jobs (1..256); a usage message and -1 if bad. */
int cli_parse_jobs(const char *verb, const char *v, int *jobs);

int cmd_annotate(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_stories(int argc, char **argv);
int cmd_story(int argc, char **argv);
int cmd_quotes(int argc, char **argv);
int cmd_entity(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_article(int argc, char **argv);
int cmd_trail(int argc, char **argv);
int eval_ner(int argc, char **argv);
/* eval_ner_standoff.c: scores (or, predicted, prints) the tagger on the
 * texts of dir against stand-off annotations in tsv. */
struct hd_tagger;
int eval_ner_standoff(const char *tsv, const char *dir, struct hd_tagger *m, int predicted);
int eval_quotes(int argc, char **argv);
int eval_cluster(int argc, char **argv);
int eval_extract(int argc, char **argv);
int train_ner(int argc, char **argv);
int train_extract(int argc, char **argv);
/* eval_extract.c: s with every white-space run folded to one space and the
 * ends stripped (malloc'd), as the snippet metric compares texts. */
char *eval_fold_ws(const char *s);
int train_quotes(int argc, char **argv);
struct hd_tagger;
/* train_cue_model.c: the learned cue tagger of attribution */
int train_cue_model(const char *train_dir, const char *dev_dir, const char *out, const struct hd_tagger *tagger);
int train_clusters(int argc, char **argv);
int train_stories(int argc, char **argv);

#endif
