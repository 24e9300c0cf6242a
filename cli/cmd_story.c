/* cmd_story.c: SKELETON: `herald story` is not built yet. */
#include <stdio.h>

#include "cli.h"

int cmd_story(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "herald: 'story' is not available in this build\n");
  return EXIT_USAGE;
}
