/* cmd_entity.c: SKELETON: `herald entity` is not built yet. */
#include <stdio.h>

#include "cli.h"

int cmd_entity(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "herald: 'entity' is not available in this build\n");
  return EXIT_USAGE;
}
