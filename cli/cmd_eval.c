/* cmd_eval.c: `herald eval ner|quotes|cluster|extract ...`: dispatch only; each
 * evaluation lives in its own file (eval_ner.c, eval_quotes.c,
 * eval_cluster.c). */
#include <stdio.h>

#include "cli.h"

int cmd_eval(int argc, char **argv) {
  if (argc >= 2 && cli_is(argv[1], "ner")) return eval_ner(argc - 1, argv + 1);
  if (argc >= 2 && cli_is(argv[1], "quotes")) return eval_quotes(argc - 1, argv + 1);
  if (argc >= 2 && cli_is(argv[1], "cluster")) return eval_cluster(argc - 1, argv + 1);
  if (argc >= 2 && cli_is(argv[1], "extract")) return eval_extract(argc - 1, argv + 1);
  fputs("usage: herald eval ner FILE.conll [--json]\n"
        "       herald eval quotes DIR [--json]\n"
        "       herald eval cluster FILE.jsonl [--label FIELD] [--json]\n"
        "       herald eval extract GROUND_TRUTH.json HTML_DIR [--raw] [--pred FILE] [--worst N] [--json]\n",
        argc >= 2 && (cli_is(argv[1], "--help") || cli_is(argv[1], "-h")) ? stdout : stderr);
  return argc >= 2 && (cli_is(argv[1], "--help") || cli_is(argv[1], "-h")) ? EXIT_OK : EXIT_USAGE;
}
