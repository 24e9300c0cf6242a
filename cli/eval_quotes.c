/* eval_quotes.c: SKELETON: not built yet. */
#include <stdio.h>

#include "cli.h"

int eval_quotes(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "herald: 'eval_quotes' is not available in this build\n");
  return EXIT_USAGE;
}
