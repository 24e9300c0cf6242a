/*
 * attrib.h: the attribution stage: who said what. Reads tokens,
 * sentences, paragraphs, mentions and identities; fills a->quotes.
 */
#ifndef HD_ATTRIB_H
#define HD_ATTRIB_H
#include "text/article.h"

struct hd_cue_model;

/* Fills a->quotes (see attrib.c) with the rules only. */
void hd_attribute(hd_article *a);

/* Fills a->quotes with the rules and, when `model` is non-NULL, the
 * learned cue tagger (cue_model.h) proposing cues the rules miss. */
void hd_attribute_model(hd_article *a, const struct hd_cue_model *model);

/* inq[i] = 1 for tokens inside a paired quotation (marks included), as
 * the stage pairs them; inq has a->n_tokens entries. */
void hd_attrib_quote_mask(const hd_article *a, uint8_t *inq);

/* What the speaker ranker's trainer reads as the stage does: inq[i] = 1
 * inside a paired quotation (a->n_tokens entries), gender[i] the gender
 * the stage learns for identity i (+1, -1, 0; a->n_identities entries). */
void hd_attrib_speaker_inputs(const hd_article *a, uint8_t *inq, int8_t *gender);

/* ---- internals, for training the frame filter (herald train quotes) ---- */

/* The frame an attribution was found in. */
typedef enum {
  HD_FRAME_FORWARD,
  HD_FRAME_TRAILING,
  HD_FRAME_INVERTED,
  HD_FRAME_APPOSITION,
  HD_FRAME_CLAUSE_SUBJECT,
  HD_FRAME_AFTER_QUOTE,
  HD_FRAME_ACCORDING,
  HD_FRAME_COLON,
  HD_FRAME_CONTINUATION,
  HD_FRAME_COUNT
} hd_frame;

/* Why a quote was found: its frame and cue key (the lower-cased cue
 * word, or "word particle" for a two-word cue). */
typedef struct {
  uint8_t frame;
  uint8_t agree; /* span tagger records: 1 + agreement with the rules' records (bits), else 0 */
  char key[40];
} hd_quote_trace;

/* hd_attribute with the learned frame filter on or off; when `traces`
 * is non-NULL it receives one trace per quote (malloc'd, caller frees). */
void hd_attribute_ex(hd_article *a, int filter, const struct hd_cue_model *model, hd_quote_trace **traces);

/* A word the stage put to the cue tagger, as the stage decided it (the
 * cue tagger's trainer observes these instead of re-deriving them). */
typedef enum {
  HD_ASK_PROPOSE = 1, /* not a rule cue: the model may propose it (when it knows the word) */
  HD_ASK_VETO = 2     /* a rule cue (one word, or the first of two): the model may veto it */
} hd_cue_ask_kind;
typedef struct {
  uint32_t token;
  uint8_t kind; /* hd_cue_ask_kind */
} hd_cue_ask;

/* hd_attribute_ex that also reports, when `asks` is non-NULL, every
 * decision point where the stage asks (or, without a model, would ask)
 * the cue tagger (malloc'd array of *nasks, caller frees). */
void hd_attribute_traced(hd_article *a, int filter, const struct hd_cue_model *model, hd_quote_trace **traces,
                         hd_cue_ask **asks, size_t *nasks);

/* The frame filter's verdict for a cue key in a frame, from training:
 * 0 mostly wrong (drop), 2 mostly right (trust), 1 unknown or between. */
int hd_frame_filter(const char *key, int frame);
#endif
