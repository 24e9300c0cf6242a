/* eval_ner.c: SKELETON: not built yet. */
#include <stdio.h>

#include "cli.h"

int eval_ner(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "herald: 'eval_ner' is not available in this build\n");
  return EXIT_USAGE;
}
