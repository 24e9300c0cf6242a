/* cmd_search.c: SKELETON: `herald search` is not built yet. */
#include <stdio.h>

#include "cli.h"

int cmd_search(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "herald: 'search' is not available in this build\n");
  return EXIT_USAGE;
}
