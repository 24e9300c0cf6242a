/*
 * json_fast.h: a fast parser for the plain JSON that herald's readers
 * mostly see (records of JSON Lines, herald's own annotate output),
 * building the very tree cJSON would build (cJSON nodes, the same types,
 * strings, numbers, order and links), or declining.
 *
 * It takes strict JSON with no surrogate \u escape, no number exponent, at most
 * 15 digits to a number and nesting up to 200 deep; for anything else
 * (and for every malformed text) it returns NULL and the caller parses
 * with cJSON as before, so what is accepted or refused, and every error
 * message, stays cJSON's. A number it takes is m / 10^k with m < 10^15
 * and k <= 15, both exact doubles, so the quotient is the correctly
 * rounded value strtod (cJSON's parser) gives.
 *
 * Complexity: linear in the text; strings without escapes are found by
 * memchr and copied by memcpy.
 */
#ifndef HD_JSON_FAST_H
#define HD_JSON_FAST_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "util/arena.h"

/* The tree of text[0..len) with every node and string in arena a (freed
 * with it; never cJSON_Delete it), *end set as cJSON_ParseWithLengthOpts
 * sets it (just past the value); NULL when the fast parser declines
 * (the arena may then hold a partial tree: reset or free it). */
cJSON *hd_json_fast_parse(hd_arena *a, const char *text, size_t len, const char **end);

#endif
