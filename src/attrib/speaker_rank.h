/*
 * speaker_rank.h: the learned speaker ranker of the attribution stage
 * (issue 9 item 3). For a record whose source does not name its speaker
 * by itself (a he/she pronoun, a bare surname two persons of the article
 * share, a role noun with an antecedent, a cue-less continuation quote) it
 * ranks the candidate identities (persons, and for continuations also
 * organisations, named before the query outside quotations and outside
 * the record's content, plus the previous record's speaker) with a linear
 * model over hashed features: distances in tokens, sentences and
 * paragraphs, the grammatical position of the nearest mention (subject,
 * "according to", object of a preposition, possessive, apposition),
 * gender agreement learned from the article, salience (mentions, full
 * names), continuity (the previous record's speaker, earlier speakers), a
 * person named only in passing, title fit for role nouns. Hard
 * constraints: a known gender never meets the other one; Jr./Sr./III are
 * separate identities already (resolve.c). The best candidate is the
 * speaker when its margin over the second reaches the model's threshold
 * or the rules pick it too; else the caller leaves the speaker empty
 * (precision first; attrib.c).
 *
 * Trained by `herald train quotes --train DIR -o models/attrib-en.bin`
 * (train_speaker.c; an averaged perceptron over rankings, deterministic)
 * and stored in that file as its own section (cue_model.h, version 5).
 *
 * Memory: the view owns two arrays (per token sentence, per sentence
 * paragraph); the model owns its weights. Complexity per query:
 * O(log mentions + mentions before the query), features O(candidates).
 */
#ifndef HD_SPEAKER_RANK_H
#define HD_SPEAKER_RANK_H

#include <stddef.h>
#include <stdint.h>

#include "attrib/cue_model.h"
#include "text/article.h"

#define HD_SPK_MAX_CANDS 8
#define HD_SPK_MAX_FEATS 64
#define HD_SPK_DEFAULT_MARGIN 0.0f /* the trained model's margin threshold */

typedef enum {
  HD_SPQ_PRONOUN,      /* "he said", "she told", "his claim" */
  HD_SPQ_SURNAME,      /* a bare surname shared by several persons */
  HD_SPQ_ROLE,         /* "the senator", "the Republican lawmaker" */
  HD_SPQ_CONTINUATION, /* a cue-less quotation continuing a statement */
  HD_SPQ_COUNT
} hd_spk_query_kind;

/* What the ranker reads of an article. */
typedef struct {
  const hd_article *a;
  const hd_cue_tokens *tk; /* word lists per token (borrowed) */
  const uint8_t *inq;      /* per token: inside a quotation (borrowed) */
  const int8_t *gender;    /* per identity: +1 male, -1 female, 0 unknown (borrowed) */
  uint32_t *sent_of;       /* per token: its sentence (owned) */
  uint32_t *para_of;       /* per sentence: its paragraph (owned) */
} hd_spk_view;

void hd_spk_view_init(hd_spk_view *v, const hd_article *a, const hd_cue_tokens *tk, const uint8_t *inq,
                      const int8_t *gender);
void hd_spk_view_free(hd_spk_view *v);

typedef struct {
  uint8_t kind;          /* hd_spk_query_kind */
  int8_t gender;         /* the gender the query asks for, 0 none */
  uint32_t at;           /* the query token: source start, or content start */
  uint32_t cb, ce;       /* the record's content tokens: no candidate inside */
  uint32_t prev;         /* the previous record's speaker, or HD_NONE */
  uint32_t prev_para;    /* its paragraph */
  const uint16_t *spoke; /* per identity: records it spoke before, or NULL */
  const char *word;      /* ROLE: the head noun; SURNAME: the surname (not NUL-terminated) */
  size_t word_n;
  uint32_t mb, me;       /* ROLE: its modifier tokens ("Republican", "63-year-old") */
} hd_spk_query;

typedef struct {
  uint32_t id;     /* identity */
  uint32_t near;   /* its nearest mention before the query (index), or HD_NONE */
  uint32_t n;      /* its mentions before the query (outside quotations) */
  uint32_t nfull;  /* ... with two words or more */
  uint32_t npara;  /* ... in the query's paragraph */
  uint8_t rank;    /* order of recency among the candidates */
} hd_spk_cand;

/* Candidates of query q into out (HD_SPK_MAX_CANDS); returns how many. */
size_t hd_spk_candidates(const hd_spk_view *v, const hd_spk_query *q, hd_spk_cand *out);

/* Hashed features of candidate k of cands (n of them) into f
 * (HD_SPK_MAX_FEATS); returns how many. */
size_t hd_spk_features(const hd_spk_view *v, const hd_spk_query *q, const hd_spk_cand *cands, size_t n, size_t k,
                       uint32_t *f);

typedef struct hd_spk_model hd_spk_model;

/* The gender of a he/she/his/her token t, else 0. */
int hd_spk_pronoun_gender(const hd_spk_view *v, uint32_t t);
/* The gender the text gives a name at tokens [sb, se): a Mr./Mrs./Ms.
 * in or right before it, else the first he/she/his/her after it in its
 * sentence or opening the next one (outside quotations); 0 when none. */
int hd_spk_context_gender(const hd_spk_view *v, uint32_t sb, uint32_t se);

/* The last word of a person's name before a Jr./Sr./II/III suffix. */
void hd_spk_surname(const char *name, const char **w, size_t *n);
/* Is w (n bytes) the surname of identity id's name? */
int hd_spk_has_surname(const hd_identity *id, const char *w, size_t n);

/* Is mention x made only of initials ("E.", "J. R.")?  Such a mention
 * (often a street's "E." the tagger read as a person) is never the
 * speaker a pronoun or a nearest-person rule reaches back to. */
int hd_spk_initials_only(const hd_article *a, const hd_mention *x);

/* The best candidate's identity, or HD_NONE when there is none; *margin
 * (when non-NULL) gets its score's margin over the second's (1e9 for a
 * lone candidate), for the caller to compare with the model's threshold. */
uint32_t hd_spk_rank(const hd_spk_model *m, const hd_spk_view *v, const hd_spk_query *q, float *margin);
float hd_spk_score(const hd_spk_model *m, const uint32_t *f, size_t n);

float hd_spk_model_threshold(const hd_spk_model *m);
void hd_spk_model_set_threshold(hd_spk_model *m, float t);
void hd_spk_model_free(hd_spk_model *m);

/* Trains on rankings: example k has cands[k] candidates, its candidate j
 * the features f[off[r] .. off[r+1]) with r = first[k] + j, the right
 * one gold[k]. Deterministic (fixed shuffle). */
hd_spk_model *hd_spk_train(const uint32_t *f, const size_t *off, const size_t *first, const uint8_t *cands,
                           const uint8_t *gold, size_t n, int epochs);

/* Blob in the attribution model file: "HDSPK1\0\0" | u32 bits | f32
 * threshold | f32 weights[1 << bits]. */
size_t hd_spk_model_blob_size(const hd_spk_model *m);
void hd_spk_model_write(const hd_spk_model *m, unsigned char *out);
hd_spk_model *hd_spk_model_read(const unsigned char *p, size_t n);

/* The ranker stored with the attribution model (cue_model.c), or NULL. */
const hd_spk_model *hd_cue_model_speaker(const hd_cue_model *m);
/* Takes ownership of s (NULL removes it). */
void hd_cue_model_set_speaker(hd_cue_model *m, hd_spk_model *s);
#endif
