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
 * (cue_model.h, version 6; the per-frame counts since version 7).
 * attrib.c (`gated_cue`, `frame_gated`) asks it.
 *
 * Memory: the table owns one array of rows. Complexity: O(log rows) per
 * lookup.
 */
#ifndef HD_CUE_GATE_H
#define HD_CUE_GATE_H

#include <stddef.h>
#include <stdint.h>

#include "text/article.h"

/* The frame a word stands in: what follows it in its sentence (after at
 * most two lower-case -ly adverbs). A lemma is counted per frame, so
 * "refused to open the trunk" (to-infinitive) weighs apart from "refused
 * the offer" and "ordered him held" (object pronoun) apart from "ordered
 * that ...". */
enum {
  HD_GATE_THAT,   /* that, whether, if: a complement clause */
  HD_GATE_TO,     /* "to" and a lower-case word that is no determiner: an infinitive */
  HD_GATE_TO_SAY, /* the same whose verb is one of saying or belief ("refused to say") */
  HD_GATE_QUOTE,  /* an opening quotation mark, or a colon (after a comma too) */
  HD_GATE_CLAUSE, /* a subject pronoun: a bare clause ("said he would") */
  HD_GATE_OBJ,    /* an object pronoun ("told him", "ordered him held") */
  HD_GATE_PREP,   /* a preposition ("about", "on", "to the") */
  HD_GATE_NP,     /* another word or a number: an object noun phrase */
  HD_GATE_END,    /* the sentence's end, a comma or other punctuation */
  HD_GATE_FRAMES
};
/* The frame of word token t of the article (see above). */
int hd_cue_frame(const hd_article *a, uint32_t t);

typedef struct {
  uint64_t key;  /* hd_cue_word_key of the lower-case form */
  uint32_t cues; /* occurrences of the form's lemma inside a gold cue */
  uint32_t seen; /* occurrences of the form's lemma */
  uint32_t cues_that, seen_that; /* the same, right before "that" or "whether" */
  uint32_t fcues[HD_GATE_FRAMES], fseen[HD_GATE_FRAMES]; /* the same, per frame (model version 7) */
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
 * (u64 key, u32 cues, u32 seen, u32 cues_that, u32 seen_that, then
 * HD_GATE_FRAMES pairs of u32 fcues, u32 fseen), little-endian as the
 * host writes it. */
size_t hd_cue_gate_blob_size(const hd_cue_gate *g);
void hd_cue_gate_write(const hd_cue_gate *g, unsigned char *out);
hd_cue_gate *hd_cue_gate_read(const unsigned char *p, size_t n);

#endif
