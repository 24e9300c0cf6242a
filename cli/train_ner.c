/* train_ner.c: SKELETON: not built yet. */
#include <stdio.h>

#include "cli.h"

int train_ner(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "herald: 'train_ner' is not available in this build\n");
  return EXIT_USAGE;
}
