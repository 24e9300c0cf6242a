/* eval_cluster.c: SKELETON: not built yet. */
#include <stdio.h>

#include "cli.h"

int eval_cluster(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "herald: 'eval_cluster' is not available in this build\n");
  return EXIT_USAGE;
}
