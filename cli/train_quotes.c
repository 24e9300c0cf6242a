/* train_quotes.c: SKELETON: not built yet. */
#include <stdio.h>

#include "cli.h"

int train_quotes(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "herald: 'train_quotes' is not available in this build\n");
  return EXIT_USAGE;
}
