/*
 * blocks.h: the learned block classifier of HTML extraction (blocks.c):
 * the features of a paragraph unit, and a linear model over them that
 * says whether the unit belongs to the article's text.
 */
#ifndef HD_BLOCKS_H
#define HD_BLOCKS_H
#include <stddef.h>

#include "read/html_tree.h"
#include "util/buf.h"

typedef struct hd_block_model hd_block_model;

/* Appends the features of unit i of page pg to out, each a NUL-terminated
 * string. */
void hd_block_features(const hd_unit_page *pg, size_t i, hd_buf *out);

/* Loads a model file (untrusted input: every line is checked). NULL and a
 * message in err when the file is missing or malformed. */
hd_block_model *hd_block_model_load(const char *path, char *err, size_t errcap);
void hd_block_model_free(hd_block_model *m);
/* The sum of the weights of the features in f[0..len) (NUL-separated);
 * above 0: article text. */
double hd_block_score(const hd_block_model *m, const char *f, size_t len);

/* The process's model, loaded once (thread-safe): $HERALD_EXTRACT_MODEL
 * (a path, or "none" for the heuristics alone), else extract.model under
 * $HERALD_MODEL_DIR, ./models or the source tree's models/. NULL when
 * there is none (a warning once if a named file cannot be read). */
const hd_block_model *hd_block_model_default(void);

/* The split of annotated pages by their ID (FNV-1a of its bytes, lowest
 * bit): 0 train, 1 dev. `herald train extract` learns on 0 only. */
int hd_block_split(const char *id);
#endif
