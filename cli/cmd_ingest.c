/* cmd_ingest.c: SKELETON: `herald ingest` is not built yet. */
#include <stdio.h>

#include "cli.h"

int cmd_ingest(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "herald: 'ingest' is not available in this build\n");
  return EXIT_USAGE;
}
