/*
 * cue_gate.h: the learned cue gate of the attribution stage (issue 9:
 * "a cue that is not a verb of saying, writing, believing or intending,
 * learned from train cue counts against non-cue uses of the same word,
 * never makes an attribution on its own").
 *
 * The table: for every word form seen in PolNeAR train whose lemma (the
 * Snowball English stem, libstemmer) lies inside a gold cue at least
 * once, the lemma's counts: how many of its train occurrences outside
 * quotations lie inside a gold cue span and how many there are in all, and
 * the same for the occurrences right before "that" or "whether" (a
 * clause the verb takes: "knows that" is a belief, "knows the area" is
 * not) ("attacked", "attacks",
 * "attack" share one row of counts, so the noun uses of "attack" weigh
 * against the verb). Rows are keyed by hd_cue_word_key of the lower-case
 * form (XXH3), sorted: no text is stored. Stemming happens at training
 * only; the stage looks a token's key up (binary search).
 *
 * Trained by `herald train quotes --train DIR -o models/attrib-en.bin`
 * (train_cue_gate.c) and stored in that file as its own section
 * (cue_model.h, version 6). attrib.c (`learned_gate`) asks it.
 *
 * Memory: the table owns one array of rows. Complexity: O(log rows) per
 * lookup.
 */
#ifndef HD_CUE_GATE_H
#define HD_CUE_GATE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  uint64_t key;  /* hd_cue_word_key of the lower-case form */
  uint32_t cues; /* occurrences of the form's lemma inside a gold cue */
  uint32_t seen; /* occurrences of the form's lemma */
  uint32_t cues_that, seen_that; /* the same, right before "that" or "whether" */
} hd_cue_gate_row;

typedef struct hd_cue_gate {
  hd_cue_gate_row *rows; /* sorted by key */
  size_t n;
} hd_cue_gate;

/* Takes ownership of rows (malloc'd); sorts them. */
hd_cue_gate *hd_cue_gate_new(hd_cue_gate_row *rows, size_t n);
void hd_cue_gate_free(hd_cue_gate *g);
/* The row of a word key, or NULL when its lemma never was a cue in train. */
const hd_cue_gate_row *hd_cue_gate_find(const hd_cue_gate *g, uint64_t key);
/* Serialisation inside the attribution model file: u64 n, n rows of
 * (u64 key, u32 cues, u32 seen, u32 cues_that, u32 seen_that),
 * little-endian as the host writes it. */
size_t hd_cue_gate_blob_size(const hd_cue_gate *g);
void hd_cue_gate_write(const hd_cue_gate *g, unsigned char *out);
hd_cue_gate *hd_cue_gate_read(const unsigned char *p, size_t n);

#endif
