/* cmd_stories.c: SKELETON: `herald stories` is not built yet. */
#include <stdio.h>

#include "cli.h"

int cmd_stories(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "herald: 'stories' is not available in this build\n");
  return EXIT_USAGE;
}
