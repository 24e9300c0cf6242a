/* cmd_quotes.c: SKELETON: `herald quotes` is not built yet. */
#include <stdio.h>

#include "cli.h"

int cmd_quotes(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "herald: 'quotes' is not available in this build\n");
  return EXIT_USAGE;
}
