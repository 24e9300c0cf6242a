/* cmd_train.c: `herald train ner|quotes|clusters|extract|stories ...`: dispatch only; each trainer
 * lives in its own file (train_ner.c, train_quotes.c). */
#include <stdio.h>

#include "cli.h"

int cmd_train(int argc, char **argv) {
  if (argc >= 2 && cli_is(argv[1], "ner")) return train_ner(argc - 1, argv + 1);
  if (argc >= 2 && cli_is(argv[1], "clusters")) return train_clusters(argc - 1, argv + 1);
  if (argc >= 2 && cli_is(argv[1], "stories")) return train_stories(argc - 1, argv + 1);
  if (argc >= 2 && cli_is(argv[1], "quotes")) return train_quotes(argc - 1, argv + 1);
  if (argc >= 2 && cli_is(argv[1], "extract")) return train_extract(argc - 1, argv + 1);
  fputs("usage: herald train ner --train FILE --dev FILE -o MODEL\n"
        "       herald train clusters -o data/clusters.txt PATH...\n"
        "       herald train quotes DIR > data/lexicons/attrib_cue_frames.txt\n"
        "       herald train stories [-o models/stories-en.txt] FILE.jsonl[:LABEL]...\n"
        "       herald train extract GROUND_TRUTH.json HTML_DIR -o models/extract.model\n", stderr);
  return EXIT_USAGE;
}
