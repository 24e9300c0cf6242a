/*
 * attrib.c: the attribution stage: who said what.
 *
 * Reads tokens, sentences, paragraphs, mentions and identities; fills
 * a->quotes with one hd_quote per attribution relation: content (what
 * was said), cue (the reporting word), source (the span naming the
 * speaker) and the speaker's identity when resolve found one.
 *
 * How (rules, cf. docs/attribution.md):
 *  1. Pair double quotation marks into quotations; a quotation left open
 *     at a paragraph end continues when the next paragraph opens with a
 *     mark, else it closes there.
 *  2. For every cue (a reporting verb from cues.c, a learned two-word
 *     cue, "according to", a headline colon) pick a frame by what
 *     surrounds it:
 *       clause subject  SUBJECT did X, adding/and said CONTENT.
 *       apposition      SOURCE, APPOSITION, said CONTENT.
 *       trailing        CONTENT, SOURCE CUE [time/hearer].   (“...,” he said.)
 *       inverted        CONTENT, CUE SOURCE.                 (“...,” warned Kerry)
 *       forward         SOURCE [aux] CUE [hearer] [that|:] CONTENT.
 *     Content that ends at a closing mark reaches back to its opening
 *     mark, across sentences and paragraphs.
 *  3. A quotation of whole sentences with no cue continues the previous
 *     speaker (same or next paragraph).
 *  With a learned cue model (cue_model.h, hd_attribute_model) a word the
 *  rules do not take for a cue is proposed when the model scores it
 *  high enough (its source must look like a speaker), a one-word rule
 *  cue the model scores very low is dropped, and every emitted cue's
 *  boundaries are extended left and right where the model says so.
 *  4. The source is classified (named, anonymous, organization, pronoun,
 *     unknown) and linked to an identity: through the mentions it
 *     contains, or for pronouns and role nouns to the nearest compatible
 *     earlier speaker or person mention. With the model's speaker ranker
 *     (speaker_rank.h) a pronoun the rules would give to the nearest
 *     person, a bare surname several persons share and a cue-less
 *     continuation are decided by the ranker (ranked_speaker).
 *
 * Memory: one n_tokens array of quotation indices, one of mention types
 * (with a model) and one array of quotations, freed before return; quotes go to a->quotes (owned by the
 * article). Complexity: O(tokens + mentions), each cue looking at a
 * bounded window of tokens.
 */
#include "attrib/attrib.h"
#include "attrib/statements.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "attrib/cue_gate.h"
#include "attrib/cue_model.h"
#include "attrib/cues.h"
#include "attrib/name_gender.h"
#include "attrib/record_filter.h"
#include "attrib/resolve.h"
#include "attrib/span_model.h"
#include "attrib/speaker_rank.h"
#include "util/buf.h"
#include "util/lexicon.h"

#define MAX_NP 10       /* longest source noun phrase, in tokens */
_Static_assert(HD_WL_COUNT <= 32, "word-list memo bits");
#define THAT_WINDOW 12 /* how far after a cue "that" may open the content */
#define CONT_PARAS 1   /* a cue-less quotation continues a speaker this close */

typedef struct {
  uint32_t open, close; /* token indices of the marks */
} quotation;

typedef struct {
  uint32_t identity;    /* or HD_NONE */
  uint8_t kind;         /* hd_speaker_kind */
  uint8_t ent_type;     /* hd_ent_type of the identity, or HD_ENT_COUNT */
  uint32_t para;        /* paragraph of the attribution */
  int valid;
} speaker_memo;

typedef struct {
  hd_article *a;
  quotation *qs;
  size_t nq, capq;
  uint32_t *qid;        /* per token: index of the enclosing quotation, or HD_NONE */
  uint8_t *contq;       /* per token: in a quotation continued over paragraphs that qid misses (span_pass), or NULL */
  uint32_t *para_of_sent;
  speaker_memo last;    /* the most recent attributed speaker */
  speaker_memo last_quoted; /* the most recent speaker of a direct or partial quote */
  speaker_memo last_person;
  uint32_t cur_para;
  uint32_t sent_begin; /* first token of the current sentence */
  uint32_t sent_end;   /* one past its last token */
  uint32_t skip_until; /* cues before this token sit in a source just emitted */
  int learned_cue;     /* the cue being framed is a weak learned cue or the model's */
  int weak_frame_ok;   /* ... and it sits in a narrow frame (weak_cue_ok) */
  uint8_t frame;       /* hd_frame of the cue being framed */
  char key[40];        /* its cue key */
  int filter;          /* apply the learned frame filter */
  hd_quote_trace *traces; /* one per quote when tracing, else NULL */
  size_t ntr, captr;
  int tracing;
  const hd_cue_model *model; /* learned cue tagger, or NULL */
  hd_cue_tokens tk;           /* per token: mention type, lower-cased text, hd_cue_value (0: none, too long) */
  float *mscore;              /* per token: the cue tagger's score, NAN until asked (shared with the span tagger) */
  int8_t *knows;              /* per token: hd_cue_model_knows of its word, -1 until asked (shared too) */
  int8_t *gender;             /* per identity: +1 male, -1 female, 0 unknown (see learn_genders) */
  uint32_t *id_mentions;      /* per identity: how many mentions name it (salience) */
  hd_cue_ask *asks;           /* decision points put to the cue tagger, when observed */
  size_t nasks, capasks;
  int observe_asks;
  uint8_t agree; /* the record being emitted agrees with the rules' (span tagger) */
  const hd_spk_model *ranker; /* the learned speaker ranker, or NULL (rules) */
  hd_spk_view sv;             /* its view of the article, built at the first query */
  uint8_t *sv_inq;            /* per token: inside a quotation, for the view */
  uint16_t *spoke;            /* per identity: records it spoke so far */
} ctx;

/* ---- token helpers ---- */

static size_t lower(const ctx *c, uint32_t i, char *buf) {
  size_t n = c->tk.len[i];
  memcpy(buf, c->tk.low + c->tk.off[i], n + 1);
  return n;
}

static int is_word(const ctx *c, uint32_t i) {
  uint8_t k = c->a->tokens[i].kind;
  return k == HD_TOK_WORD || k == HD_TOK_NUM;
}

/* Is token i in word list l? (c->tk: one look-up per token, made once.) */
static int in_list(const ctx *c, uint32_t i, hd_wordlist l) { return (HD_CUE_VALUE_LISTS(c->tk.cv[i]) >> l) & 1; }

/* hd_cue_class of token i (lower-cased). */
static int tok_cue_class(const ctx *c, uint32_t i) { return HD_CUE_VALUE_CLASS(c->tk.cv[i]); }

/* Is token i the (lower-case) word w of length wn, ignoring ASCII case?
 * tok_eq passes strlen(w), which the compiler folds for the literals
 * almost every call site passes. */
#define tok_eq(c, i, w) tok_eq_n((c), (i), (w), strlen(w))
static int tok_eq_bytes(const ctx *c, const hd_token *t, const char *w, size_t n);
/* The length test inline (most comparisons end there), the bytes not. */
static inline int tok_eq_n(const ctx *c, uint32_t i, const char *w, size_t wn) {
  const hd_token *t = &c->a->tokens[i];
  return hd_tok_len(t) == wn && tok_eq_bytes(c, t, w, wn);
}
static int tok_eq_bytes(const ctx *c, const hd_token *t, const char *w, size_t n) {
  const char *p = hd_tok_ptr(c->a, t);
  for (size_t k = 0; k < n; k++) {
    char ch = p[k] >= 'A' && p[k] <= 'Z' ? (char)(p[k] - 'A' + 'a') : p[k];
    if (ch != w[k]) return 0;
  }
  return 1;
}

/* Is token i a form of "be" (hd_be_word)? */
static int be_form(const ctx *c, uint32_t i) {
  const hd_token *t = &c->a->tokens[i];
  char w[8];
  return hd_word_lower(hd_tok_ptr(c->a, t), hd_tok_len(t), w, sizeof w) && hd_be_word(w);
}

/* Is token i "who" or "which" (the subject of a relative clause)? */
static int relative_word(const ctx *c, uint32_t i) { return tok_eq(c, i, "who") || tok_eq(c, i, "which"); }

static int is_char(const ctx *c, uint32_t i, char ch) {
  const hd_token *t = &c->a->tokens[i];
  return hd_tok_len(t) == 1 && c->a->text[t->start] == ch;
}

static int is_upper(const ctx *c, uint32_t i) { return c->a->tokens[i].flags & HD_TF_UPPER_INITIAL; }

/* A double quotation mark (not ‘ ’ or '), by its bytes. */
static int is_double_mark(const ctx *c, uint32_t i) {
  const hd_token *t = &c->a->tokens[i];
  const unsigned char *p = (const unsigned char *)c->a->text + t->start;
  size_t n = hd_tok_len(t);
  if (n == 1) return p[0] == '"';
  if (n == 2) return p[0] == 0xC2 && (p[1] == 0xAB || p[1] == 0xBB);
  return n == 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x9C || p[2] == 0x9D || p[2] == 0x9E);
}

/* Two apostrophes written as one double mark (''like this'', the New
 * York Times' style): the first opens after a space, the second closes. */
static int is_single_straight(const ctx *c, uint32_t i) {
  return i < c->a->n_tokens && hd_tok_len(&c->a->tokens[i]) == 1 && c->a->text[c->a->tokens[i].start] == '\'';
}

static int twin_open(const ctx *c, uint32_t i) {
  const hd_token *t = c->a->tokens;
  return is_single_straight(c, i) && is_single_straight(c, i + 1) && t[i].end == t[i + 1].start &&
         (i == 0 || t[i].flags & (HD_TF_SPACE_BEFORE | HD_TF_PARA_START));
}

static int twin_close(const ctx *c, uint32_t i) {
  const hd_token *t = c->a->tokens;
  return i > 0 && is_single_straight(c, i) && is_single_straight(c, i - 1) && t[i - 1].end == t[i].start &&
         !(t[i - 1].flags & (HD_TF_SPACE_BEFORE | HD_TF_PARA_START)) &&
         (i + 1 >= c->a->n_tokens || !is_single_straight(c, i + 1));
}

static int open_mark_test(const ctx *c, uint32_t i) {
  return (c->a->tokens[i].kind == HD_TOK_QUOTE_OPEN && is_double_mark(c, i)) || twin_open(c, i);
}

/* Inline, what most tokens fail: an opening mark is an open-quote token
 * or a one-byte apostrophe (twin_open). */
static inline int is_open_mark(const ctx *c, uint32_t i) {
  const hd_token *t = &c->a->tokens[i];
  return (t->kind == HD_TOK_QUOTE_OPEN || hd_tok_len(t) == 1) && open_mark_test(c, i);
}

static int close_mark_test(const ctx *c, uint32_t i) {
  return (c->a->tokens[i].kind == HD_TOK_QUOTE_CLOSE && is_double_mark(c, i)) || twin_close(c, i);
}

static inline int is_close_mark(const ctx *c, uint32_t i) {
  uint8_t k = c->a->tokens[i].kind;
  return k != HD_TOK_WORD && k != HD_TOK_NUM && close_mark_test(c, i); /* most tokens are neither */
}

static int is_end_punct(const ctx *c, uint32_t i) {
  return is_char(c, i, '.') || is_char(c, i, '!') || is_char(c, i, '?');
}

/* ---- 1. quotations ---- */

static void push_quotation(ctx *c, uint32_t open, uint32_t close) {
  quotation q = {open, close};
  for (uint32_t t = open; t <= close; t++) c->qid[t] = (uint32_t)c->nq;
  HD_VEC_PUSH(c->qs, c->nq, c->capq, q);
}

/* A straight double mark that segment read as opening (a space before
 * it) but that closes the open quotation: it follows the quotation's
 * final comma or stop ("... onto people, \" said Maria Lopez", as some
 * feeds space their marks). */
static int spaced_close(const ctx *c, uint32_t t, uint32_t open) {
  if (open == HD_NONE || t < open + 2 || c->a->tokens[t].kind == HD_TOK_QUOTE_CLOSE || hd_tok_len(&c->a->tokens[t]) != 1 || c->a->text[c->a->tokens[t].start] != '"') return 0;
  return is_char(c, t - 1, ',') || is_end_punct(c, t - 1);
}

/* Pairs the article's quotation marks into c->qs. With `continued`, it
 * marks instead the tokens the pairing leaves outside every quotation
 * that lie in a quotation continued over paragraphs: a mark that opens a
 * paragraph while a quotation is open continues it ("... the long trip.
 * ¶ “I guess we ...”"), where the pairing itself reads it as the spaced
 * closing mark of the paragraph before (the span tagger learned on that
 * pairing, so it stays; the records use the mask). */
static void close_quotation(ctx *c, uint32_t open, uint32_t close, uint8_t *continued) {
  if (!continued) {
    push_quotation(c, open, close);
    return;
  }
  for (uint32_t t = open; t <= close; t++) continued[t] = c->qid[t] == HD_NONE;
}

static void pair_quotations_ex(ctx *c, uint8_t *continued) {
  const hd_article *a = c->a;
  uint32_t open = HD_NONE, prev_end = HD_NONE;
  for (size_t p = 0; p < a->n_paragraphs; p++) {
    const hd_paragraph *par = &a->paragraphs[p];
    if (par->sent_begin >= par->sent_end) continue;
    uint32_t tb = a->sentences[par->sent_begin].tok_begin;
    uint32_t te = a->sentences[par->sent_end - 1].tok_end;
    if (tb >= te) continue;
    if (open != HD_NONE && !is_open_mark(c, tb)) { /* left open: close at the paragraph end */
      close_quotation(c, open, prev_end, continued);
      open = HD_NONE;
    }
    for (uint32_t t = tb; t < te; t++) {
      int spaced = spaced_close(c, t, open) && !(continued && t == tb);
      if (is_open_mark(c, t) && !(open != HD_NONE && spaced)) {
        if (open == HD_NONE) open = t;
      } else if ((is_close_mark(c, t) || spaced) && open != HD_NONE) {
        close_quotation(c, open, t, continued);
        open = HD_NONE;
      }
    }
    prev_end = te - 1;
  }
  if (open != HD_NONE && prev_end != HD_NONE) close_quotation(c, open, prev_end, continued);
}

static void pair_quotations(ctx *c) { pair_quotations_ex(c, NULL); }

/* ---- noun phrases ---- */

/* May token i be part of a source noun phrase? */
static int np_token(const ctx *c, uint32_t i) {
  const hd_token *t = &c->a->tokens[i];
  if (t->kind == HD_TOK_APOS) return 1;
  if (t->kind == HD_TOK_DASH) return !(t->flags & HD_TF_SPACE_BEFORE); /* hyphen inside a word */
  if (t->kind == HD_TOK_PUNCT) /* "Mr ." inside a name, not a sentence stop */
    return is_char(c, i, '.') && !(t->flags & HD_TF_SPACE_BEFORE) && i + 1 < c->a->n_tokens &&
           !(c->a->tokens[i + 1].flags & HD_TF_SENT_START) && is_word(c, i + 1);
  if (!is_word(c, i)) return 0;
  if (hd_tok_len(t) >= 32) return 1; /* too long to look up: a name part */
  if (in_list(c, i, HD_WL_CLAUSE)) return 0;
  if (!is_upper(c, i) && tok_cue_class(c, i)) return 0;
  return 1;
}

/* A lower-case -ly word ("virtually", "naturally"): not a phrase start. */
static int lower_adverb(const ctx *c, uint32_t i) {
  const hd_token *t = &c->a->tokens[i];
  size_t n = hd_tok_len(t);
  return n > 4 && !is_upper(c, i) && !memcmp(c->a->text + t->end - 2, "ly", 2);
}

/* Inner prepositions of a noun phrase: "spokesman for the department". */
static int np_inner_prep(const ctx *c, uint32_t i) {
  return tok_eq(c, i, "of") || tok_eq(c, i, "for") || tok_eq(c, i, "at");
}

/* The noun phrase ending at token e (inclusive), not before lo.
 * Returns its first token, or HD_NONE. */
static uint32_t np_left(const ctx *c, uint32_t e, uint32_t lo) {
  uint32_t i = e + 1, n = 0;
  while (i > lo && n < MAX_NP + 1) {
    uint32_t j = i - 1;
    if (!np_token(c, j)) break;
    if (in_list(c, j, HD_WL_PREP) && !(np_inner_prep(c, j) && j != e)) break;
    if (j != e && relative_word(c, j)) break; /* "those who said": who */
    i = j;
    n++;
  }
  if (n == 0 || n > MAX_NP) return HD_NONE;
  if (relative_word(c, e)) return e; /* "a boy who said": who */
  while (i <= e && (np_inner_prep(c, i) || !is_word(c, i) || lower_adverb(c, i))) i++;
  return i <= e ? i : HD_NONE;
}

/* The noun phrase starting at token b, before `hi`; returns one past
 * its last token, or b when there is none. */
static uint32_t np_right(const ctx *c, uint32_t b, uint32_t hi) {
  uint32_t i = b;
  while (i < hi && i - b < MAX_NP && np_token(c, i)) {
    if (in_list(c, i, HD_WL_PREP) && !(np_inner_prep(c, i) && i > b)) break;
    if (i > b && in_list(c, i, HD_WL_TIME) && !is_upper(c, i)) break;
    if (i > b && in_list(c, i, HD_WL_PRON_SUBJ)) break;
    i++;
  }
  while (i > b && (np_inner_prep(c, i - 1) || in_list(c, i - 1, HD_WL_DETERMINER))) i--;
  return i;
}

/* ---- speakers ---- */

static const hd_mention *mention_in(const ctx *c, uint32_t tb, uint32_t te, int type) {
  const hd_article *a = c->a;
  size_t lo = 0, hi = a->n_mentions;
  while (lo < hi) { /* first mention ending after tb */
    size_t mid = (lo + hi) / 2;
    if (a->mentions[mid].tok_end <= tb) lo = mid + 1;
    else hi = mid;
  }
  const hd_mention *best = NULL;
  for (size_t m = lo; m < a->n_mentions && a->mentions[m].tok_begin < te; m++) {
    const hd_mention *x = &a->mentions[m];
    if (x->tok_begin < tb || x->tok_end > te) continue;
    if (type >= 0 && x->type != type) continue;
    best = x; /* the last one: the head of "X's spokesman Y" is Y */
  }
  return best;
}

/* The first person mention inside tokens [tb, te), or NULL. */
static const hd_mention *first_person_in(const ctx *c, uint32_t tb, uint32_t te) {
  for (size_t m = 0; m < c->a->n_mentions && c->a->mentions[m].tok_begin < te; m++)
    if (c->a->mentions[m].tok_begin >= tb && c->a->mentions[m].tok_end <= te && c->a->mentions[m].type == HD_ENT_PER)
      return &c->a->mentions[m];
  return NULL;
}

/* The nearest person mention before token t outside quotations, within
 * a few paragraphs. */
static const hd_mention *person_before(const ctx *c, uint32_t t) {
  const hd_article *a = c->a;
  size_t lo = 0, hi = a->n_mentions;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (a->mentions[mid].tok_end <= t) lo = mid + 1;
    else hi = mid;
  }
  for (size_t m = lo; m-- > 0;) {
    if (t - a->mentions[m].tok_end > 400) break;
    if (a->mentions[m].type == HD_ENT_PER && c->qid[a->mentions[m].tok_begin] == HD_NONE &&
        !hd_spk_initials_only(a, &a->mentions[m]))
      return &a->mentions[m];
  }
  return NULL;
}

/* Is mention x a person named in passing before token t: the object of
 * a preposition ("a photo of NAME", "the storm reached ... in NAME"),
 * with no title, and named nowhere else before t outside quotations? A
 * he/she in the same sentence is rarely such a name's (the sentence's
 * actor is the subject the pronoun continues), and a place NER typed as
 * a person ("near Tormund") always stands so: the rule does not take it,
 * the continuity rule or the ranker decide (precision first). */
static int named_in_passing(const ctx *c, const hd_mention *x, uint32_t t) {
  const hd_article *a = c->a;
  uint32_t b = x->tok_begin;
  if (b == 0 || b <= c->sent_begin || !in_list(c, b - 1, HD_WL_PREP) || is_upper(c, b - 1)) return 0;
  if (x->identity >= a->n_identities || a->identities[x->identity].n_titles) return 0;
  for (size_t m = 0; m < a->n_mentions && a->mentions[m].tok_begin < t; m++)
    if (&a->mentions[m] != x && a->mentions[m].identity == x->identity && c->qid[a->mentions[m].tok_begin] == HD_NONE)
      return 0;
  return 1;
}

/* The gender a pronoun asks for: +1 he/his/him, -1 she/her, 0 other. */
static int pronoun_gender(const ctx *c, uint32_t i) {
  if (tok_eq(c, i, "he") || tok_eq(c, i, "his") || tok_eq(c, i, "him")) return 1;
  if (tok_eq(c, i, "she") || tok_eq(c, i, "her") || tok_eq(c, i, "hers")) return -1;
  return 0;
}

static int gender_of(const ctx *c, uint32_t identity) {
  return identity != HD_NONE && identity < c->a->n_identities ? c->gender[identity] : 0;
}

/* Could a pronoun of gender g refer to this identity? */
static int gender_fits(const ctx *c, uint32_t identity, int g) {
  return !g || gender_of(c, identity) != -g;
}

/* The nearest person before t whose known gender does not contradict g. */
static const hd_mention *person_before_g(const ctx *c, uint32_t t, int g) {
  const hd_mention *m = person_before(c, t);
  while (m && !gender_fits(c, m->identity, g)) m = person_before(c, m->tok_begin);
  return m;
}

static uint8_t identity_type(const ctx *c, uint32_t id) {
  return id != HD_NONE && id < c->a->n_identities ? c->a->identities[id].type : HD_ENT_COUNT;
}

/* "his", "her", "their", "its": a possessor that can name a speaker
 * ("his claim that ..."). */
static int possessive_pronoun(const ctx *c, uint32_t i) {
  return tok_eq(c, i, "his") || tok_eq(c, i, "her") || tok_eq(c, i, "their") || tok_eq(c, i, "its");
}

/* "the secretary", "the senator": the identity of the nearest earlier
 * person whose titles hold that word, or HD_NONE. */
/* The only person named (outside quotations) in the sentence before
 * token t's, or earlier in t's own sentence; HD_NONE when none or several. */
static uint32_t lone_person_before(const ctx *c, uint32_t t) {
  const hd_article *a = c->a;
  uint32_t from = c->sent_begin;
  for (size_t s = 0; s < a->n_sentences; s++)
    if (a->sentences[s].tok_begin <= t && t < a->sentences[s].tok_end) {
      from = s > 0 ? a->sentences[s - 1].tok_begin : a->sentences[s].tok_begin;
      break;
    }
  uint32_t who = HD_NONE;
  for (size_t m = 0; m < a->n_mentions && a->mentions[m].tok_begin < t; m++) {
    const hd_mention *x = &a->mentions[m];
    if (x->tok_begin < from || x->type != HD_ENT_PER || x->identity >= a->n_identities || c->qid[x->tok_begin] != HD_NONE)
      continue;
    if (who != HD_NONE && who != x->identity) return HD_NONE;
    who = x->identity;
  }
  return who;
}

/* "the Republican lawmaker", "the 63-year-old senator": a definite role
 * or title noun with a party, place or age modifier (capitalised, or
 * with a digit) names the one person the sentence before named. */
static uint32_t described_antecedent(const ctx *c, uint32_t sb, uint32_t se) {
  if (se - sb < 3 || se - sb > 5 || !tok_eq(c, sb, "the") || is_upper(c, se - 1)) return HD_NONE;
  if (!in_list(c, se - 1, HD_WL_ROLE) && !in_list(c, se - 1, HD_WL_TITLE)) return HD_NONE;
  int modifier = 0;
  for (uint32_t t = sb + 1; t + 1 < se; t++) {
    if (!is_word(c, t) && c->a->tokens[t].kind != HD_TOK_DASH && c->a->tokens[t].kind != HD_TOK_NUM) return HD_NONE;
    if (is_upper(c, t) || (c->a->tokens[t].flags & HD_TF_HAS_DIGIT)) modifier = 1;
  }
  return modifier ? lone_person_before(c, sb) : HD_NONE;
}

static uint32_t role_antecedent(const ctx *c, uint32_t sb, uint32_t se) {
  uint32_t described = described_antecedent(c, sb, se);
  if (described != HD_NONE) return described;
  /* "the secretary", "the GOP nominee", "the Republican presidential
   * nominee": a definite description whose head word is one of an earlier
   * person's titles */
  if (se - sb < 2 || se - sb > 5 || !tok_eq(c, sb, "the") || is_upper(c, se - 1) || !is_word(c, se - 1))
    return HD_NONE;
  for (uint32_t t = sb + 1; t + 1 < se; t++)
    if (!is_word(c, t) && c->a->tokens[t].kind != HD_TOK_DASH) return HD_NONE;
  const hd_article *a = c->a;
  const hd_token *h = &a->tokens[se - 1];
  size_t lo = 0, hi = a->n_mentions;
  while (lo < hi) { /* mentions [0, lo) begin before sb */
    size_t mid = (lo + hi) / 2;
    if (a->mentions[mid].tok_begin < sb) lo = mid + 1;
    else hi = mid;
  }
  for (size_t m = lo; m-- > 0;) {
    const hd_mention *x = &a->mentions[m];
    if (x->tok_end > sb) continue;
    if (sb - x->tok_end > 2000) break;
    if (x->type != HD_ENT_PER || x->identity == HD_NONE || x->identity >= a->n_identities) continue;
    const hd_identity *id = &a->identities[x->identity];
    for (size_t t = 0; t < id->n_titles; t++)
      if (hd_title_has_word(id->titles[t], a->text + h->start, hd_tok_len(h))) return x->identity;
  }
  return HD_NONE;
}

/* "It said": the organisation the subject of the sentence before (or an
 * earlier clause of this one) named, outside quotations: the first
 * organisation mention of that sentence, when no person mention comes
 * before it there. HD_NONE when there is none. */
static uint32_t org_before(const ctx *c, uint32_t t) {
  const hd_article *a = c->a;
  uint32_t from = c->sent_begin;
  for (size_t s = 0; s < a->n_sentences; s++)
    if (a->sentences[s].tok_begin <= t && t < a->sentences[s].tok_end) {
      from = s > 0 ? a->sentences[s - 1].tok_begin : a->sentences[s].tok_begin;
      break;
    }
  for (size_t m = 0; m < a->n_mentions && a->mentions[m].tok_begin < t; m++) {
    const hd_mention *x = &a->mentions[m];
    if (x->tok_begin < from || c->qid[x->tok_begin] != HD_NONE || x->identity >= a->n_identities) continue;
    if (x->type == HD_ENT_PER) return HD_NONE;
    if (x->type == HD_ENT_ORG) return x->identity;
  }
  return HD_NONE;
}

/* The organisation the article is about so far: of the organisations
 * named before token t (outside quotations and the record's content:
 * "..., the newspaper reported" is not the jail the report is about),
 * the one named most often,
 * the latest on a tie; HD_NONE when none. For "the company said". */
static uint32_t salient_org_before(const ctx *c, uint32_t t, hd_span content) {
  const hd_article *a = c->a;
  uint32_t *n = hd_xcalloc(a->n_identities + 1, sizeof *n), best = HD_NONE;
  for (size_t m = 0; m < a->n_mentions && a->mentions[m].tok_begin < t; m++) {
    const hd_mention *x = &a->mentions[m];
    if (x->type != HD_ENT_ORG || x->identity >= a->n_identities || c->qid[x->tok_begin] != HD_NONE) continue;
    if (!hd_span_is_none(content) && x->start >= content.start && x->start < content.end) continue;
    if (++n[x->identity] && (best == HD_NONE || n[x->identity] >= n[best])) best = x->identity;
  }
  hd_free(n);
  return best;
}

/* "the 55-year-old": an age description, the person last named before it. */
static int age_description(const ctx *c, uint32_t sb, uint32_t se) {
  const hd_token *l = &c->a->tokens[se - 1];
  if (se < sb + 2 || !tok_eq(c, sb, "the") || hd_tok_len(l) < 3 || memcmp(hd_tok_ptr(c->a, l) + hd_tok_len(l) - 3, "old", 3))
    return 0;
  for (uint32_t t = sb + 1; t < se; t++) {
    const hd_token *w = &c->a->tokens[t];
    const char *p = hd_tok_ptr(c->a, w);
    for (size_t i = 0; i + 4 <= hd_tok_len(w); i++)
      if (!memcmp(p + i, "year", 4)) return 1;
  }
  return 0;
}

/* Are tokens [b, e) (at least one) all capitalised words: a name? */
static int upper_run(const ctx *c, uint32_t b, uint32_t e) {
  if (b >= e) return 0;
  for (uint32_t t = b; t < e; t++)
    if (!is_word(c, t) || !is_upper(c, t)) return 0;
  return 1;
}

/* "Commuters on Twitter reported": the tagger's source is the name after
 * "on" (a platform or place); the source is the noun phrase that opens
 * the sentence with it, and its speaker is the people ("on NAME" is cut
 * from the core by source_core_end), never the platform. Moves *sb. */
static void on_platform_source(const ctx *c, uint32_t *sb, uint32_t se) {
  uint32_t s = *sb;
  if (se <= s || se - s > 3 || s < c->sent_begin + 2 || !upper_run(c, s, se) || !tok_eq(c, s - 1, "on") ||
      c->qid[s - 1] != HD_NONE || !np_token(c, s - 2) || in_list(c, s - 2, HD_WL_PREP))
    return;
  uint32_t b = np_left(c, s - 2, c->sent_begin);
  if (b != c->sent_begin || mention_in(c, b, s - 1, HD_ENT_PER)) return;
  *sb = b;
}

/* Fills q->speaker_kind and q->speaker from the source tokens [sb, se). */
/* The core of a source: up to its first comma, bracket or relative word
 * ("Many in Washington, including Rep. X, who met Y," -> "Many in
 * Washington"), so that names in the apposition or relative clause do
 * not become the speaker. Returns its end. */
static uint32_t source_core_end(const ctx *c, uint32_t sb, uint32_t se) {
  for (uint32_t i = sb + 1; i < se; i++)
    if (is_char(c, i, ',') || is_char(c, i, '(') || relative_word(c, i) ||
        tok_eq(c, i, "including") || (tok_eq(c, i, "on") && upper_run(c, i + 1, se)))
      return i;
  return se;
}

/* "BlueWake's managing director, Sunil Desai,": a person named right
 * after the core's comma is the speaker. */
static const hd_mention *appositive_person(const ctx *c, uint32_t core_end, uint32_t se) {
  if (core_end + 1 >= se || !is_char(c, core_end, ',')) return NULL;
  const hd_mention *m = mention_in(c, core_end + 1, se, HD_ENT_PER);
  if (!m) return NULL;
  /* a title may come first: "..., Dr. Helen Kowalski," */
  for (uint32_t t = core_end + 1; t < m->tok_begin; t++)
    if (!in_list(c, t, HD_WL_TITLE) && !is_char(c, t, '.')) return NULL;
  return m->tok_begin <= core_end + 4 ? m : NULL;
}

/* "A senior diplomat involved in the talks": a lower-case role word in
 * the core (after an optional determiner and adjectives) makes an
 * anonymous source even when modifiers follow it. */
static int core_has_role(const ctx *c, uint32_t sb, uint32_t se) {
  for (uint32_t i = sb; i < se && i < sb + 5; i++)
    if (in_list(c, i, HD_WL_ROLE) && !is_upper(c, i)) return 1;
  return 0;
}

/* The last word of a person's name, before a Jr./Sr./II suffix. */
static void surname_of(const char *name, const char **w, size_t *n) {
  const char *end = name + strlen(name);
  for (int round = 0; round < 2; round++) {
    while (end > name && end[-1] == ' ') end--;
    const char *b = end;
    while (b > name && b[-1] != ' ') b--;
    *w = b;
    *n = (size_t)(end - b);
    int suffix = (*n == 3 && (!strncasecmp(b, "Jr.", 3) || !strncasecmp(b, "Sr.", 3))) || (*n == 2 && !strncasecmp(b, "Jr", 2)) ||
                 (*n == 2 && !strncmp(b, "II", 2)) || (*n == 3 && !strncmp(b, "III", 3));
    if (!suffix || b == name) return;
    end = b;
  }
}

/* "Mr.", "Mrs.", "Ms.", "Dr." (with or without the stop). */
static int honorific(const ctx *c, uint32_t i) {
  return tok_eq(c, i, "mr.") || tok_eq(c, i, "mrs.") || tok_eq(c, i, "ms.") || tok_eq(c, i, "dr.") ||
         tok_eq(c, i, "mr") || tok_eq(c, i, "mrs") || tok_eq(c, i, "ms") || tok_eq(c, i, "dr");
}

/* A named source the tagger gave no person mention ("Mr. King" with
 * "King" untagged, a headline "Obama Sees ..."): the person of the
 * article whose surname is the source's last capitalised word, the most
 * often named when several are (a bare surname goes to the person the
 * article names most, never to one it does not name). HD_NONE if none. */
static uint32_t surname_identity(const ctx *c, uint32_t sb, uint32_t se) {
  uint32_t head = se;
  while (head > sb && !is_word(c, head - 1)) head--;
  if (head == sb || !is_upper(c, head - 1)) return HD_NONE;
  /* a title word is no surname ("the President"), unless an honorific
   * says it is one ("Mr. King") */
  if (in_list(c, head - 1, HD_WL_TITLE) && !(head - 1 > sb && honorific(c, head - 2))) return HD_NONE;
  const hd_token *t = &c->a->tokens[head - 1];
  const char *w = hd_tok_ptr(c->a, t);
  size_t n = hd_tok_len(t);
  uint32_t best = HD_NONE;
  for (size_t i = 0; i < c->a->n_identities; i++) {
    const hd_identity *id = &c->a->identities[i];
    if (id->type != HD_ENT_PER || !id->name) continue;
    const char *sw;
    size_t sn;
    surname_of(id->name, &sw, &sn);
    if (sn != n || strncasecmp(sw, w, n) != 0) continue;
    if (best == HD_NONE || c->id_mentions[i] > c->id_mentions[best]) best = (uint32_t)i;
  }
  return best;
}

/* First token ending after byte b. */
static uint32_t token_at_byte(const ctx *c, uint32_t b) {
  size_t lo = 0, hi = c->a->n_tokens;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (c->a->tokens[mid].end <= b) lo = mid + 1;
    else hi = mid;
  }
  return (uint32_t)lo;
}

/* The speaker ranker's view of the article, built at the first query. */
static const hd_spk_view *speaker_view(ctx *c) {
  if (!c->sv_inq) {
    c->sv_inq = hd_xmalloc(c->a->n_tokens + 1);
    for (size_t i = 0; i < c->a->n_tokens; i++) c->sv_inq[i] = c->qid[i] != HD_NONE;
    hd_spk_view_init(&c->sv, c->a, &c->tk, c->sv_inq, c->gender);
  }
  return &c->sv;
}

/* The learned ranker's speaker for a query of kind `kind` at token `at`
 * of a record whose content is `content` (speaker_rank.h; x, when
 * non-NULL, gives the role or surname word): its best candidate when
 * the margin reaches the model's threshold or the rules' choice `rule`
 * is that candidate too; else HD_NONE (precision first: two signals that
 * disagree, and a ranker unsure, leave the choice open). */
static uint32_t ranked_speaker(ctx *c, uint8_t kind, int8_t gender, uint32_t at, hd_span content,
                               const hd_spk_query *x0, uint32_t rule) {
  const hd_spk_view *v = speaker_view(c);
  hd_spk_query x = {0};
  if (x0) x = *x0;
  x.kind = kind;
  x.gender = gender;
  x.at = at;
  if (!hd_span_is_none(content)) {
    x.cb = token_at_byte(c, content.start);
    x.ce = token_at_byte(c, content.end);
  }
  x.prev = c->last.valid ? c->last.identity : HD_NONE;
  x.prev_para = c->last.para;
  x.spoke = c->spoke;
  float margin = 0;
  uint32_t best = hd_spk_rank(c->ranker, v, &x, &margin);
  return best != HD_NONE && (best == rule || margin >= hd_spk_model_threshold(c->ranker)) ? best : HD_NONE;
}

/* The generation a kin noun gives: +1 a child ("son", "daughter"), -1 a
 * parent ("father", "mother"), 0 none. */
static int kin_generation(const ctx *c, uint32_t t) {
  if (tok_eq(c, t, "son") || tok_eq(c, t, "daughter")) return 1;
  if (tok_eq(c, t, "father") || tok_eq(c, t, "mother")) return -1;
  return 0;
}

/* The generation the article gives person `id` by a kin noun right before
 * one of its mentions ("His son, Daniel Marsh,", "her father Tom Reed"),
 * outside quotations and before token t; 0 when none or both. */
static int kin_of(const ctx *c, uint32_t id, uint32_t t) {
  const hd_article *a = c->a;
  int g = 0;
  for (size_t m = 0; m < a->n_mentions && a->mentions[m].tok_begin < t; m++) {
    const hd_mention *x = &a->mentions[m];
    uint32_t b = x->tok_begin;
    if (x->identity != id || c->qid[b] != HD_NONE || b < 1) continue;
    uint32_t k = is_char(c, b - 1, ',') && b >= 2 ? b - 2 : b - 1;
    int h = kin_generation(c, k);
    if (h && g && h != g) return 0;
    if (h) g = h;
  }
  return g;
}

/* "the younger Marsh", "the elder Marsh": of the persons sharing surname
 * w, the one the article calls a son or daughter (younger) or a father
 * or mother (elder, older); HD_NONE when no single one is (the reader
 * knows the family from the words; without them, no guess). */
static uint32_t generation_speaker(const ctx *c, const hd_mention *m, const char *w, size_t n) {
  uint32_t b = m->tok_begin;
  int want = b >= 1 && tok_eq(c, b - 1, "younger") ? 1 : b >= 1 && (tok_eq(c, b - 1, "elder") || tok_eq(c, b - 1, "older")) ? -1 : 0;
  uint32_t who = HD_NONE, other = HD_NONE, holders = 0, opposite = 0;
  for (uint32_t i = 0; want && i < c->a->n_identities; i++) {
    if (c->a->identities[i].type != HD_ENT_PER || !hd_spk_has_surname(&c->a->identities[i], w, n)) continue;
    int k = kin_of(c, i, b);
    holders++;
    opposite += k == -want;
    if (k == 0) other = i;
    if (k != want) continue;
    if (who != HD_NONE) return HD_NONE;
    who = i;
  }
  /* two of the name, one called the other generation: "the elder" is the other */
  if (who == HD_NONE && holders == 2 && opposite == 1) return other;
  return who;
}

/* A one-word person mention m that is the surname of two or more persons
 * of the article ("Clinton" with Hillary and Bill Clinton): the ranker's
 * choice among them, never one of the other gender than the text gives
 * ("Mrs.", "she said"); else m's own identity. */
static uint32_t surname_speaker(ctx *c, const hd_mention *m, hd_span content) {
  const hd_article *a = c->a;
  if (!c->ranker || m->tok_end != m->tok_begin + 1) return m->identity;
  const hd_token *t = &a->tokens[m->tok_begin];
  const char *w = hd_tok_ptr(a, t);
  size_t n = hd_tok_len(t), k = 0;
  for (size_t i = 0; i < a->n_identities && k < 2; i++)
    if (a->identities[i].type == HD_ENT_PER && hd_spk_has_surname(&a->identities[i], w, n)) k++;
  if (k < 2) return m->identity;
  if (m->tok_begin >= 1 && (tok_eq(c, m->tok_begin - 1, "younger") || tok_eq(c, m->tok_begin - 1, "elder") ||
                            tok_eq(c, m->tok_begin - 1, "older")))
    return generation_speaker(c, m, w, n);
  hd_spk_query x = {0};
  x.word = w;
  x.word_n = n;
  int8_t g = (int8_t)hd_spk_context_gender(speaker_view(c), m->tok_begin, m->tok_end);
  uint32_t r = ranked_speaker(c, HD_SPQ_SURNAME, g, m->tok_begin, content, &x, m->identity);
  return r != HD_NONE ? r : m->identity;
}

/* May "the HEAD" (token h, an organisation head word) be organisation o?
 * A head that names a kind of business (data/lexicons/attrib_org_generic.txt:
 * "company", "firm", "team", "newspaper", ...) is the article's salient organisation; one
 * that names a public body or role ("police", "court", "ministry",
 * "government", "party", ...) only an organisation whose name or alias
 * holds it ("the police": "Metropolitan Police", not a school named in
 * the headline). */
static int org_fits(const ctx *c, uint32_t o, uint32_t h) {
  char w[48];
  size_t n = lower(c, h, w);
  if (n && hd_lex_has_lower(HD_LEX_ATTRIB_ORG_GENERIC, w, n)) return 1;
  const hd_identity *id = &c->a->identities[o];
  if (n && id->name && hd_title_has_word(id->name, w, n)) return 1;
  for (size_t k = 0; k < id->n_aliases; k++)
    if (n && hd_title_has_word(id->aliases[k], w, n)) return 1;
  return 0;
}

/* "Councilman Ray Dunn, who represents the area, said": a source that
 * opens with the relative word (PolNeAR marks the clause, not the name)
 * speaks for the named mention right before its ", who": a person for
 * "who", an organisation for "which". The mention, or NULL (precision
 * first: an apposition or anything else between name and comma is no
 * antecedent here). */
static const hd_mention *relative_head(const ctx *c, uint32_t sb) {
  if (sb < 2 || !relative_word(c, sb) || !is_char(c, sb - 1, ',') || c->qid[sb] != HD_NONE) return NULL;
  int want = tok_eq(c, sb, "who") ? HD_ENT_PER : HD_ENT_ORG;
  for (size_t m = 0; m < c->a->n_mentions && c->a->mentions[m].tok_begin < sb; m++) {
    const hd_mention *x = &c->a->mentions[m];
    if (x->tok_end == sb - 1 && x->type == want && x->identity < c->a->n_identities) return x;
  }
  return NULL;
}

/* "We believe that ...", "our view is": outside quotations, "we"/"our"
 * is the organisation issuing the statement only when that is plain: the
 * speaker of the last record, at most CONT_PARAS paragraphs back, is an
 * organisation, named more often than any other in the article so far
 * (outside quotations and the record's content). HD_NONE
 * otherwise (a wrong speaker is worse than none). */
static uint32_t we_issuer(const ctx *c, uint32_t sb, hd_span content) {
  if (!(tok_eq(c, sb, "we") || tok_eq(c, sb, "our")) || c->qid[sb] != HD_NONE) return HD_NONE;
  if (!c->last.valid || c->last.ent_type != HD_ENT_ORG || c->last.identity >= c->a->n_identities ||
      c->cur_para - c->last.para > CONT_PARAS)
    return HD_NONE;
  /* named more often than any other organisation before it (a tie is no issuer) */
  const hd_article *a = c->a;
  uint32_t *n = hd_xcalloc(a->n_identities + 1, sizeof *n), best = 0;
  for (size_t m = 0; m < a->n_mentions && a->mentions[m].tok_begin < sb; m++) {
    const hd_mention *x = &a->mentions[m];
    if (x->type != HD_ENT_ORG || x->identity >= a->n_identities || c->qid[x->tok_begin] != HD_NONE) continue;
    if (!hd_span_is_none(content) && x->start >= content.start && x->start < content.end) continue;
    n[x->identity]++;
  }
  for (uint32_t i = 0; i < a->n_identities; i++)
    if (i != c->last.identity && n[i] > best) best = n[i];
  uint32_t o = n[c->last.identity] > best ? c->last.identity : HD_NONE;
  hd_free(n);
  return o;
}

/* "Lawyers for Keane", "supporters of the mayor": a plural common noun
 * (lower case, or capitalised only as the sentence's first word) before
 * "for" or "of" and a name: people described, not the one named. */
static int described_by_pp(const ctx *c, uint32_t sb, uint32_t se) {
  uint32_t h = sb;
  if (h + 2 >= se || !is_word(c, h) || c->tk.ment[h] != 0xff) return 0;
  if (is_upper(c, h) && h != c->sent_begin) return 0;
  const hd_token *w = &c->a->tokens[h];
  size_t n = hd_tok_len(w);
  if (n < 4 || c->a->text[w->end - 1] != 's' || in_list(c, h, HD_WL_DETERMINER) || in_list(c, h, HD_WL_PRON_SUBJ))
    return 0;
  if (!tok_eq(c, h + 1, "for") && !tok_eq(c, h + 1, "of")) return 0;
  for (uint32_t t = h + 2; t < se; t++)
    if (c->tk.ment[t] != 0xff) return 1;
  return 0;
}

static void classify_source(ctx *c, hd_quote *q, uint32_t sb, uint32_t se) {
  q->speaker = HD_NONE;
  q->speaker_kind = HD_SPK_UNKNOWN;
  if (sb >= se) return;
  const hd_mention *rel = relative_head(c, sb);
  if (rel) {
    q->speaker_kind = rel->type == HD_ENT_PER ? HD_SPK_PRONOUN : HD_SPK_ORGANIZATION; /* as for "who" alone */
    q->speaker = rel->type == HD_ENT_PER ? surname_speaker(c, rel, q->content) : rel->identity;
    return;
  }
  uint32_t issuer = se == sb + 1 ? we_issuer(c, sb, q->content) : HD_NONE;
  if (issuer != HD_NONE) { /* "We believe", "our view is": the organisation issuing the statement */
    q->speaker_kind = HD_SPK_ORGANIZATION;
    q->speaker = issuer;
    return;
  }
  uint32_t full_end = se;
  if (described_by_pp(c, sb, full_end)) {
    q->speaker_kind = HD_SPK_ANONYMOUS;
    return;
  }
  se = source_core_end(c, sb, se);
  uint32_t head = se - 1;
  /* "Fans of Doctor Who said": a capitalised pronoun right after a
   * capitalised word inside its sentence ("Liu He", "the WHO") is a
   * piece of a name or title, no pronoun and no speaker by itself ("I"
   * is always capitalised) */
  if (se - sb == 1 && sb > c->sent_begin && is_upper(c, sb) && is_word(c, sb - 1) && is_upper(c, sb - 1) &&
      in_list(c, sb, HD_WL_PRON_SUBJ) && !tok_eq(c, sb, "i"))
    return;
  if (se - sb == 1 && (in_list(c, sb, HD_WL_PRON_SUBJ) || possessive_pronoun(c, sb))) {
    q->speaker_kind = HD_SPK_PRONOUN;
    if (relative_word(c, sb)) { /* the phrase before ", who" */
      const hd_mention *m = sb >= 2 ? mention_in(c, sb >= 6 ? sb - 6 : 0, sb, -1) : NULL;
      if (m) q->speaker = m->identity;
    } else if (pronoun_gender(c, sb)) {
      int g = pronoun_gender(c, sb);
      const hd_mention *near = person_before_g(c, sb, g);
      /* never a person named only inside the record's own content
       * ("Jackson was on probation ..., he said": he is not Jackson), nor
       * one named in passing earlier in the sentence (the actor is) */
      while (near && ((!hd_span_is_none(q->content) && near->start >= q->content.start && near->start < q->content.end) ||
                      (near->tok_end > c->sent_begin && named_in_passing(c, near, sb))))
        near = person_before_g(c, near->tok_begin, g);
      if (near && near->tok_end > c->sent_begin) /* a person earlier in the same sentence */
        q->speaker = near->identity;
      else if (c->last_person.valid && c->cur_para - c->last_person.para <= CONT_PARAS &&
               gender_fits(c, c->last_person.identity, g))
        q->speaker = c->last_person.identity;
      else if (c->ranker) /* else the learned ranker, over the sentences before */
        q->speaker = ranked_speaker(c, HD_SPQ_PRONOUN, (int8_t)g, sb, q->content, NULL,
                                    near ? near->identity : HD_NONE);
      else if (near)
        q->speaker = near->identity;
    } else if ((tok_eq(c, sb, "they") || tok_eq(c, sb, "their")) && c->last.valid && c->last.ent_type != HD_ENT_PER) {
      q->speaker = c->last.identity;
    } else if (tok_eq(c, sb, "it") || tok_eq(c, sb, "its")) {
      uint32_t o = org_before(c, sb);
      if (o != HD_NONE) {
        q->speaker = o;
        q->speaker_kind = HD_SPK_ORGANIZATION;
      }
    }
    return;
  }
  if (age_description(c, sb, se)) {
    const hd_mention *p = person_before(c, sb);
    q->speaker_kind = HD_SPK_PRONOUN;
    if (p) q->speaker = p->identity;
    return;
  }
  /* "The company said": the organisation the article is about; not for a
   * place's government ("The city says"), which is no company of it */
  if (se == sb + 2 && tok_eq(c, sb, "the") && in_list(c, sb + 1, HD_WL_ORG_HEAD) && !is_upper(c, sb + 1) &&
      !tok_eq(c, sb + 1, "city") && !tok_eq(c, sb + 1, "county") && !tok_eq(c, sb + 1, "town") &&
      !tok_eq(c, sb + 1, "municipality")) {
    uint32_t o = salient_org_before(c, sb, q->content);
    if (o != HD_NONE && !org_fits(c, o, sb + 1)) { /* "the police" is not the teenager's school */
      q->speaker_kind = HD_SPK_ORGANIZATION;
      return;
    }
    if (o != HD_NONE) {
      q->speaker_kind = HD_SPK_ORGANIZATION;
      q->speaker = o;
      return;
    }
  }
  const hd_mention *org = mention_in(c, sb, se, HD_ENT_ORG);
  /* "the Obama administration" is the organisation; "a person familiar
   * with the ministry", "a spokesman for the agency" (a role word first)
   * are unnamed people, decided below */
  if (in_list(c, head, HD_WL_ORG_HEAD) && !(org && org->tok_end == se) && !is_upper(c, head) &&
      !core_has_role(c, sb, se)) {
    q->speaker_kind = HD_SPK_ORGANIZATION;
    if (org) q->speaker = org->identity;
    return;
  }
  const hd_mention *per = mention_in(c, sb, se, HD_ENT_PER);
  /* "Lakeline's chief executive, Paul Dunmore,": a role or title head,
   * or a possessive owner, with a person in apposition is that person */
  const hd_mention *appo = appositive_person(c, se, full_end);
  int owner = per && per->tok_end < se && (tok_eq(c, per->tok_end, "'s") || tok_eq(c, per->tok_end, "\xe2\x80\x99s"));
  if (appo && (in_list(c, head, HD_WL_ROLE) || in_list(c, head, HD_WL_TITLE) || owner || !per)) per = appo;
  else if (owner && !appo && per->tok_end + 1 < se)
    per = NULL; /* "Reid's rep", "Trump's spokesman": someone of theirs, not the owner */
  if (per) {
    q->speaker_kind = HD_SPK_NAMED;
    q->speaker = surname_speaker(c, per, q->content);
    return;
  }
  uint32_t sur = org ? HD_NONE : surname_identity(c, sb, se);
  if (sur != HD_NONE) {
    q->speaker_kind = HD_SPK_NAMED;
    q->speaker = sur;
    return;
  }
  uint32_t titled = role_antecedent(c, sb, se);
  if (titled != HD_NONE) { /* "the secretary" after "Secretary of State John Kerry" */
    q->speaker_kind = HD_SPK_PRONOUN;
    q->speaker = titled;
    return;
  }
  if (in_list(c, head, HD_WL_ROLE) || core_has_role(c, sb, se)) {
    q->speaker_kind = HD_SPK_ANONYMOUS;
    return;
  }
  if (org || in_list(c, head, HD_WL_ORG_HEAD)) {
    q->speaker_kind = HD_SPK_ORGANIZATION;
    if (org) q->speaker = org->identity;
    return;
  }
  if (in_list(c, head, HD_WL_DETERMINER)) { /* "Several said", "Many say": people described, not named */
    q->speaker_kind = HD_SPK_ANONYMOUS;
    return;
  }
  if (is_upper(c, head)) {
    const hd_mention *misc = mention_in(c, sb, se, HD_ENT_MISC);
    const hd_token *h = &c->a->tokens[head];
    /* "Republicans", "Democrats": a group (a plural MISC name), not one person */
    int group = misc && misc->tok_end == se && hd_tok_len(h) > 3 && c->a->text[h->end - 1] == 's';
    q->speaker_kind = group ? HD_SPK_ANONYMOUS : HD_SPK_NAMED;
  } else if (is_word(c, head) && !in_list(c, head, HD_WL_PRON_SUBJ) && !in_list(c, head, HD_WL_PRON_OBJ)) {
    /* described, not named: "demonstrators", "the announcer", "many" are
     * anonymous; a body described with a proper name or an owner ("Valley
     * bus operators", "the valley's chamber of commerce") is an
     * organisation without an identity */
    int proper = 0;
    for (uint32_t t = sb; t < head; t++)
      if ((is_upper(c, t) && !in_list(c, t, HD_WL_DETERMINER)) || tok_eq(c, t, "'s") || tok_eq(c, t, "\xe2\x80\x99s"))
        proper = 1;
    q->speaker_kind = proper ? HD_SPK_ORGANIZATION : HD_SPK_ANONYMOUS;
  }
}

static void remember(ctx *c, const hd_quote *q) {
  if (q->speaker < c->a->n_identities && c->spoke[q->speaker] < UINT16_MAX) c->spoke[q->speaker]++;
  speaker_memo m = {q->speaker, q->speaker_kind, identity_type(c, q->speaker), c->cur_para, 1};
  c->last = m;
  if (q->type != HD_Q_INDIRECT) c->last_quoted = m;
  if (m.ent_type == HD_ENT_PER) c->last_person = m;
}

/* ---- emitting ---- */

static hd_span tok_span(const ctx *c, uint32_t tb, uint32_t te) { /* [tb, te) */
  if (tb >= te) return hd_span_none();
  return (hd_span){c->a->tokens[tb].start, c->a->tokens[te - 1].end};
}

/* Type of a content [tb, te): direct when one quotation is all of it. */
static uint8_t content_type(const ctx *c, uint32_t tb, uint32_t te) {
  int marks = 0;
  for (uint32_t t = tb; t < te; t++)
    if (c->qid[t] != HD_NONE) { marks = 1; break; }
  if (!marks) return HD_Q_INDIRECT;
  uint32_t q = c->qid[tb];
  if (q != HD_NONE && c->qs[q].open == tb) {
    uint32_t last = te - 1;
    while (last > tb && c->qid[last] == HD_NONE && c->a->tokens[last].kind == HD_TOK_PUNCT) last--;
    if (c->qid[last] == q) return HD_Q_DIRECT;
  }
  return HD_Q_PARTIAL;
}

/* Could [sb, se) name a speaker: a person or organisation mention, a
 * pronoun, a role or organisation noun, or a capitalised head? */
static int speaker_like(const ctx *c, uint32_t sb, uint32_t se) {
  if (sb >= se) return 0;
  uint32_t head = se - 1;
  while (head > sb && !is_word(c, head)) head--;
  return mention_in(c, sb, se, HD_ENT_PER) || mention_in(c, sb, se, HD_ENT_ORG) ||
         in_list(c, sb, HD_WL_PRON_SUBJ) || in_list(c, head, HD_WL_ROLE) || in_list(c, head, HD_WL_ORG_HEAD) ||
         is_upper(c, head);
}

static void trace(ctx *c, uint8_t frame) {
  if (!c->tracing) return;
  hd_quote_trace t;
  t.frame = frame;
  t.agree = c->agree;
  memcpy(t.key, c->key, sizeof t.key);
  HD_VEC_PUSH(c->traces, c->ntr, c->captr, t);
}

/* The learned extension of a cue [kb, ke) to the right ("said Friday",
 * "complained about", "said:"), stopping at the content or source when
 * they follow, at a quotation and at the sentence end; and to the left
 * ("could not resist pointing out"), stopping at the source or content
 * before it. */
#define MAX_CUE_EXT 6
static int ext_ok(const ctx *c, uint32_t kb, uint32_t ke, uint32_t j) {
  if (c->qid[j] != HD_NONE) return 0;
  uint32_t f[HD_CUE_MAX_FEATS];
  size_t n = hd_cue_ext_features(c->a, &c->tk, c->sent_begin, c->sent_end, kb, ke, j, f);
  return hd_cue_ext_score(c->model, f, n) > 0;
}

static void extend_cue(const ctx *c, uint32_t *kb, uint32_t *ke, uint32_t cb, uint32_t ce, uint32_t sb,
                       uint32_t se) {
  uint32_t stop = c->sent_end, b = *kb, e = *ke;
  if (cb >= e && cb < stop) stop = cb;
  if (sb >= e && sb < stop) stop = sb;
  while (e < stop && e < *ke + MAX_CUE_EXT && ext_ok(c, b, *ke, e)) e++;
  uint32_t floor = c->sent_begin;
  if (se <= b && se > floor) floor = se;
  if (ce <= b && ce > floor) floor = ce;
  while (b > floor && b + MAX_CUE_EXT > *kb && ext_ok(c, *kb, *ke, b - 1)) b--;
  *kb = b;
  *ke = e;
}

/* The learned source boundaries: a source [*sb, *se) loses up to 3 edge
 * tokens a side that the model puts outside it ("rival Donald Trump",
 * "Clinton now"); at least one token stays. (Growing sources the same way
 * was measured and dropped: see docs/attribution.md.) */
#define MAX_SRC_TRIM 3
static int src_in(const ctx *c, uint32_t b, uint32_t e, uint32_t kb, uint32_t j) {
  uint32_t f[HD_CUE_MAX_FEATS];
  size_t n = hd_cue_src_features(c->a, &c->tk, c->sent_begin, c->sent_end, b, e, kb, j, f);
  return hd_cue_ext_score(c->model, f, n) > 0;
}

static void trim_source(const ctx *c, uint32_t *sb, uint32_t *se, uint32_t kb) {
  uint32_t b = *sb, e = *se, b0 = b, e0 = e;
  if (!hd_cue_model_has_ext(c->model) || b >= e || b < c->sent_begin || e > c->sent_end) return;
  while (e - b > 1 && b < b0 + MAX_SRC_TRIM && !src_in(c, b0, e0, kb, b)) b++;
  while (e - b > 1 && e + MAX_SRC_TRIM > e0 && !src_in(c, b0, e0, kb, e - 1)) e--;
  *sb = b;
  *se = e;
}

static void emit(ctx *c, uint32_t cb, uint32_t ce, uint32_t kb, uint32_t ke, uint32_t sb, uint32_t se) {
  if (cb >= ce) return;
  if (c->filter) {
    int verdict = hd_frame_filter(c->key, c->frame);
    if (verdict == 0) return; /* mostly wrong in this frame on train */
    /* a weak cue needs a narrow frame and a speaker-like source, unless
     * training found it mostly right in this frame */
    if (c->learned_cue && verdict != 2 && (!c->weak_frame_ok || !speaker_like(c, sb, se))) return;
  }
  if (c->model) {
    extend_cue(c, &kb, &ke, cb, ce, sb, se);
    trim_source(c, &sb, &se, kb);
  }
  hd_quote q;
  memset(&q, 0, sizeof q);
  q.confidence = 1.0f;
  q.content = tok_span(c, cb, ce);
  q.cue = tok_span(c, kb, ke);
  q.source = tok_span(c, sb, se);
  q.type = content_type(c, cb, ce);
  classify_source(c, &q, sb, se);
  HD_VEC_PUSH(c->a->quotes, c->a->n_quotes, c->a->cap_quotes, q);
  trace(c, c->frame);
  remember(c, &q);
  if (se > kb && se > c->skip_until) c->skip_until = se; /* "said X, who has accused ..." */
}

/* ---- 2. frames around a cue ---- */

/* Drops a final sentence stop from content [cb, ce) unless a quotation
 * closes after it. */
static uint32_t trim_content_end(const ctx *c, uint32_t cb, uint32_t ce) {
  while (ce > cb && (is_end_punct(c, ce - 1) || is_char(c, ce - 1, ',') || is_char(c, ce - 1, ';')) &&
         c->qid[ce - 1] == HD_NONE)
    ce--;
  return ce;
}

/* Content that ends at token `last` (inclusive): if a quotation closes
 * there, from its opening mark (or, for a quotation inside a clause,
 * from the clause start); else from the clause start `sb`. */
static uint32_t content_start(const ctx *c, uint32_t last, uint32_t sb) {
  uint32_t q = c->qid[last];
  if (q != HD_NONE && c->qs[q].close == last) {
    uint32_t open = c->qs[q].open;
    if (open < sb) return open;
    /* quotation opening its clause: direct */
    uint32_t before = open;
    while (before > sb && c->a->tokens[before - 1].kind == HD_TOK_PUNCT && !is_char(c, before - 1, ','))
      before--;
    if (before == sb || is_char(c, open - 1, ':') || c->a->tokens[open - 1].kind == HD_TOK_DASH) return open;
    return sb;
  }
  return sb;
}

/* Skips a hearer after an object-taking cue ("told me", "told the New
 * York Times") and time phrases ("on Tuesday", "last week"). */
static uint32_t skip_hearer_and_time(const ctx *c, uint32_t i, uint32_t se, int cls) {
  if ((cls & HD_CUE_OBJECT) && i < se) {
    if (in_list(c, i, HD_WL_PRON_OBJ)) i++;
    else if (in_list(c, i, HD_WL_DETERMINER) || is_upper(c, i)) {
      uint32_t j = i;
      if (in_list(c, j, HD_WL_DETERMINER)) j++;
      while (j < se && is_word(c, j) && is_upper(c, j)) j++;
      if (j > i && (j == i + 1 ? is_upper(c, i) : 1)) i = j;
    }
  }
  for (int k = 0; k < 2 && i < se; k++) {
    if (!in_list(c, i, HD_WL_TIME) || c->qid[i] != HD_NONE) break;
    uint32_t j = i + 1;
    while (j < se && j < i + 3 && is_word(c, j) && (is_upper(c, j) || in_list(c, j, HD_WL_TIME) ||
                                                     in_list(c, j, HD_WL_DETERMINER)))
      j++;
    i = j;
  }
  return i;
}

/* Index of "that" opening the content within a short window (no clause
 * starts on the way), or HD_NONE. */
static uint32_t find_that(const ctx *c, uint32_t i, uint32_t se) {
  for (uint32_t j = i; j < se && j < i + THAT_WINDOW; j++) {
    if (is_end_punct(c, j) || (is_open_mark(c, j) && c->qs[c->qid[j]].close + 1 >= se)) return HD_NONE;
    if (!is_word(c, j)) continue;
    if (tok_eq(c, j, "that")) return j;
    if (in_list(c, j, HD_WL_PRON_SUBJ) || in_list(c, j, HD_WL_CLAUSE)) return HD_NONE;
  }
  return HD_NONE;
}

/* Is token i a subordinating conjunction of time or reason ("after",
 * "while", "because": data/lexicons/attrib_subordinators.txt)? */
static int subordinator(const ctx *c, uint32_t i) {
  const hd_token *w = &c->a->tokens[i];
  return is_word(c, i) && hd_lex_has_lower(HD_LEX_ATTRIB_SUBORDINATORS, hd_tok_ptr(c->a, w), hd_tok_len(w));
}

/* Is what follows the cue light (a time phrase, a hearer, the end)? */
static int light_after(const ctx *c, uint32_t i, uint32_t se, int cls) {
  uint32_t j = skip_hearer_and_time(c, i, se, cls);
  if (j >= se || is_end_punct(c, j) || is_char(c, j, ',') || is_char(c, j, ';')) return 1;
  if (find_that(c, i, se) != HD_NONE) return 0;
  if (subordinator(c, j)) return 1; /* "..., he said after the meeting" */
  return in_list(c, j, HD_WL_PREP) && !tok_eq(c, j, "to");
}

/* End of content that starts at cb inside sentence [.., se): a quotation
 * opened at cb runs to its closing mark. */
static uint32_t forward_end(const ctx *c, uint32_t cb, uint32_t se) {
  uint32_t q = c->qid[cb];
  if (q != HD_NONE && c->qs[q].open == cb && c->qs[q].close + 1 > se) return c->qs[q].close + 1;
  for (uint32_t i = cb + 2; i + 1 < se; i++) /* a semicolon ends unquoted content */
    if (c->qid[i] == HD_NONE && is_char(c, i, ';')) return trim_content_end(c, cb, i);
  return trim_content_end(c, cb, se);
}

/* When the clause-initial words [*ss, *se) hold no entity, the first
 * person or organisation mentioned before `limit` outside quotations is
 * the subject ("Outside the hall, Smith waved, saying ..."). */
static void clause_subject(const ctx *c, uint32_t *ss, uint32_t *se, uint32_t limit) {
  if (*se > *ss && (in_list(c, *ss, HD_WL_PRON_SUBJ) || mention_in(c, *ss, *se, -1))) return;
  const hd_article *a = c->a;
  size_t lo = 0, hi = a->n_mentions;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (a->mentions[mid].tok_begin < *ss) lo = mid + 1;
    else hi = mid;
  }
  for (size_t m = lo; m < a->n_mentions && a->mentions[m].tok_end <= limit; m++) {
    const hd_mention *x = &a->mentions[m];
    if ((x->type == HD_ENT_PER || x->type == HD_ENT_ORG) && c->qid[x->tok_begin] == HD_NONE) {
      *ss = x->tok_begin;
      *se = x->tok_end;
      return;
    }
  }
}

/* SOURCE [nb, ne) CUE [kb, cue] CONTENT. */
static void frame_forward(ctx *c, uint32_t kb, uint32_t cue, uint32_t se, int cls, uint32_t nb, uint32_t ne) {
  uint32_t i = cue + 1;
  uint32_t that = find_that(c, i, se);
  if (that == HD_NONE) { /* "said Thursday during a town hall in Buffalo, New York, that" */
    uint32_t j = skip_hearer_and_time(c, i, se, cls);
    if (j < se && in_list(c, j, HD_WL_PREP)) that = find_that(c, j, se);
  }
  if (that != HD_NONE) i = that;
  else {
    i = skip_hearer_and_time(c, i, se, cls);
    if (i < se && (is_char(c, i, ':') || is_char(c, i, ','))) i++;
  }
  if (i >= se) return;
  uint32_t ce = forward_end(c, i, se);
  if (ce <= i + 1) return;
  emit(c, i, ce, kb, cue + 1, nb, ne);
}

/* Words that open a sentence without being its subject
 * (data/lexicons/attrib_sentence_adverbs.txt). */
static int sentence_adverb(const ctx *c, uint32_t i) {
  char buf[32];
  if (!lower(c, i, buf)) return 0;
  return hd_lex_has_str(HD_LEX_ATTRIB_SENTENCE_ADVERBS, buf);
}

/* Where the clause holding token `t` starts: after a leading phrase
 * closed by a comma ("In an interview Thursday, the senator ..."), and
 * after an opening conjunction or adverb ("And", "Meanwhile,"). */
static uint32_t clause_start(const ctx *c, uint32_t sb, uint32_t t) {
  while (sb + 1 < t && (sentence_adverb(c, sb) || is_char(c, sb, ',') ||
                        (c->a->tokens[sb].kind == HD_TOK_DASH && sb > 0)))
    sb++;
  if (!in_list(c, sb, HD_WL_PREP) && !in_list(c, sb, HD_WL_CLAUSE)) return sb;
  for (uint32_t i = sb; i < t; i++)
    if (is_char(c, i, ',')) return i + 1;
  return sb;
}

/* The subject noun phrase at the start of a clause: a pronoun, or an
 * optional determiner and capitalised words. Returns its end. */
static uint32_t subject_end(const ctx *c, uint32_t ss, uint32_t limit) {
  if (ss >= limit) return ss;
  if (in_list(c, ss, HD_WL_PRON_SUBJ)) return tok_eq(c, ss, "it") ? ss : ss + 1;
  if ((c->a->tokens[ss].flags & HD_TF_ALL_UPPER) && hd_tok_len(&c->a->tokens[ss]) > 3) return ss; /* dateline */
  uint32_t i = ss;
  if (in_list(c, i, HD_WL_DETERMINER)) i++;
  uint32_t j = i;
  while (j < limit && j - ss < MAX_NP &&
         ((is_word(c, j) && is_upper(c, j)) || c->a->tokens[j].kind == HD_TOK_APOS ||
          (j > i && is_char(c, j, '.') && !(c->a->tokens[j].flags & HD_TF_SPACE_BEFORE))))
    j++;
  return j > i ? j : ss;
}

static int boundary_is_trailing(const ctx *c, uint32_t b, uint32_t sb) {
  if (b < sb || b == HD_NONE) return 0;
  if (is_char(c, b, ',')) return b > sb;
  if (is_close_mark(c, b)) return b > sb || (c->qid[b] != HD_NONE && c->qs[c->qid[b]].open < sb);
  return 0;
}

/* Does the boundary b touch a closing mark (“...,” he said)? */
static int quote_boundary(const ctx *c, uint32_t b) {
  return is_close_mark(c, b) || (b > 0 && is_close_mark(c, b - 1));
}

/* The last token of the content before a trailing boundary b. */
static uint32_t content_last(const ctx *c, uint32_t b) {
  if (is_char(c, b, ',') && b > 0 && is_close_mark(c, b - 1)) return b - 1;
  if (is_close_mark(c, b)) return b;
  return b - 1;
}

/* "adding", "saying": a participle continuing its clause's subject. */
static int is_participle(const ctx *c, uint32_t i) {
  const hd_token *t = &c->a->tokens[i];
  return hd_tok_len(t) > 4 && !memcmp(c->a->text + t->end - 3, "ing", 3);
}

/* A weak cue counts only before "that", a colon or a quotation, or
 * right after a quotation ("“...,” he scoffed"). */
static int weak_cue_ok(const ctx *c, uint32_t cue, uint32_t kl, uint32_t sb, uint32_t se) {
  uint32_t n = kl + 1;
  if (n < se && (tok_eq(c, n, "that") || is_char(c, n, ':') || is_open_mark(c, n))) return 1;
  uint32_t p = cue;
  while (p > sb + 1 && p + 4 > cue && !quote_boundary(c, p - 1)) p--;
  return p > sb && quote_boundary(c, p - 1);
}

/* One cue being framed: head word `cue`, last token `kl` ("called
 * for"), first token `k` (with auxiliaries and adverbs: "has repeatedly
 * argued"), inside sentence [sb, se). */
typedef struct {
  uint32_t cue, kl, k, sb, se;
  int cls;
} cue_site;

/* Auxiliaries and adverbs between the source and the cue belong to it. */
static uint32_t cue_first_token(const ctx *c, uint32_t cue, uint32_t sb) {
  uint32_t k = cue;
  while (k > sb) {
    char buf[32];
    size_t n = lower(c, k - 1, buf);
    if (!n || !(hd_in_wordlist(HD_WL_AUX_ADV, buf) || (n > 4 && !strcmp(buf + n - 2, "ly") && !is_upper(c, k - 1))))
      break;
    k--;
  }
  return k;
}

/* The source after an inverted cue, with an apposition ("said Jim
 * Smith, a congressman from Ohio"); returns its end, kl + 1 if none. */
static uint32_t inverted_source_end(const ctx *c, const cue_site *x) {
  uint32_t ne = np_right(c, x->kl + 1, x->se);
  if (ne > x->kl + 1 && ne + 1 < x->se && is_char(c, ne, ',') &&
      (in_list(c, ne + 1, HD_WL_DETERMINER) || in_list(c, ne + 1, HD_WL_TITLE)))
    ne = trim_content_end(c, ne, x->se);
  return ne;
}

/* "SUBJECT did this, adding that ..." and "SUBJECT did this and said
 * ...": the clause subject speaks. Returns 1 when the frame applies. */
static int frame_clause_subject(ctx *c, const cue_site *x) {
  c->frame = HD_FRAME_CLAUSE_SUBJECT;
  uint32_t k = x->k, sb = x->sb;
  int participle = k > sb + 1 && is_char(c, k - 1, ',') && is_participle(c, x->cue);
  int coordinated = k > sb + 1 && tok_eq(c, k - 1, "and");
  if (!participle && !coordinated) return 0;
  uint32_t ss = clause_start(c, sb, k - 1), se2 = subject_end(c, ss, k - 1);
  clause_subject(c, &ss, &se2, k - 1);
  if (se2 > ss) frame_forward(c, k, x->kl, x->se, x->cls, ss, se2);
  return 1;
}

/* "CONTENT, said NAME." / "CONTENT, said NAME, APPOSITION.": a proper
 * name right after the cue (capitalised words, not a day) that ends at a
 * comma or the sentence end. Returns the source's end, or 0. */
static uint32_t inverted_name_end(const ctx *c, const cue_site *x) {
  uint32_t b = x->kl + 1, j = b;
  if (b >= x->se || !is_upper(c, b) || in_list(c, b, HD_WL_TIME)) return 0;
  while (j < x->se && j - b < MAX_NP && is_word(c, j) && is_upper(c, j)) j++;
  if (j < x->se && !is_char(c, j, ',') && !is_end_punct(c, j)) return 0;
  uint32_t ne = inverted_source_end(c, x);
  return ne > j ? ne : j;
}

/* A comma right before the cue: "“...,” NAME, APPOSITION, said.",
 * "SOURCE, APPOSITION, said CONTENT" or, when a name follows the cue,
 * "CONTENT, said NAME". Returns 1 when it applies. */
static int frame_apposition(ctx *c, const cue_site *x) {
  c->frame = HD_FRAME_APPOSITION;
  uint32_t k = x->k, sb = x->sb;
  if (!(k > sb + 2 && is_char(c, k - 1, ',') && !quote_boundary(c, k - 2))) return 0;
  uint32_t ne = x->k == x->cue ? inverted_name_end(c, x) : 0;
  if (ne) {
    c->frame = HD_FRAME_INVERTED;
    emit(c, clause_start(c, sb, k - 1), k - 1, x->cue, x->kl + 1, x->kl + 1, ne);
    return 1;
  }
  if (light_after(c, x->kl + 1, x->se, x->cls)) {
    uint32_t j = k - 2;
    while (j > sb && k - j < 3 * MAX_NP && !quote_boundary(c, j) && !is_end_punct(c, j)) j--;
    if (j > sb && quote_boundary(c, j) && (is_char(c, j, ',') || is_close_mark(c, j))) {
      uint32_t last = content_last(c, j);
      emit(c, content_start(c, last, sb), last + 1, k, x->kl + 1, j + 1, k);
    }
    return 1;
  }
  uint32_t ss = clause_start(c, sb, k - 1);
  if (ss < k - 2 && (is_upper(c, ss) || in_list(c, ss, HD_WL_DETERMINER)))
    frame_forward(c, k, x->kl, x->se, x->cls, ss, k);
  return 1;
}

/* The previous sentence ended with a quotation: "“...?” said Bob Smith."
 * or "“... .” Trump said." Returns 1 when it applies. */
static int frame_after_quotation(ctx *c, const cue_site *x, uint32_t nb) {
  c->frame = HD_FRAME_AFTER_QUOTE;
  uint32_t sb = x->sb;
  if (sb == 0 || !is_close_mark(c, sb - 1) || c->qid[sb - 1] == HD_NONE) return 0;
  uint32_t open = c->qs[c->qid[sb - 1]].open;
  if (x->k == sb) {
    uint32_t ne = inverted_source_end(c, x);
    if (ne > x->kl + 1) emit(c, open, sb, x->cue, x->kl + 1, x->kl + 1, ne);
    return 1;
  }
  if (nb == sb && light_after(c, x->kl + 1, x->se, x->cls)) {
    emit(c, open, sb, x->k, x->kl + 1, nb, x->k);
    return 1;
  }
  return 0;
}

/* Frames a cue: the source side first (auxiliaries, then a noun phrase,
 * possibly with a bracket), then trailing, inverted or forward. */
static void handle_cue(ctx *c, uint32_t cue, uint32_t kl, uint32_t sb, uint32_t se, int cls) {
  c->weak_frame_ok = !(cls & HD_CUE_WEAK) || weak_cue_ok(c, cue, kl, sb, se);
  cue_site x = {cue, kl, cue_first_token(c, cue, sb), sb, se, cls};
  uint32_t k = x.k;
  if (frame_clause_subject(c, &x) || frame_apposition(c, &x)) return;
  uint32_t np_end = k; /* one past the source's last token */
  if (k > sb + 2 && is_char(c, k - 1, ')')) { /* NAME (R-OH) said */
    uint32_t j = k - 1;
    while (j > sb && k - j < 8 && !is_char(c, j, '(')) j--;
    if (is_char(c, j, '(')) np_end = j;
  }
  uint32_t nb = np_end > sb ? np_left(c, np_end - 1, sb) : HD_NONE;
  if (frame_after_quotation(c, &x, nb)) return;
  c->frame = HD_FRAME_TRAILING;
  int relative = nb != HD_NONE && k - nb == 1 && relative_word(c, nb);
  uint32_t boundary = nb != HD_NONE ? (nb > sb ? nb - 1 : HD_NONE) : (np_end > sb ? np_end - 1 : HD_NONE);
  if (nb != HD_NONE && !relative && boundary_is_trailing(c, boundary, sb) &&
      (quote_boundary(c, boundary) || light_after(c, kl + 1, se, cls))) { /* CONTENT, SOURCE said. */
    uint32_t last = content_last(c, boundary);
    emit(c, content_start(c, last, sb), last + 1, k, kl + 1, nb, k);
    return;
  }
  c->frame = HD_FRAME_INVERTED;
  if (nb == HD_NONE && boundary_is_trailing(c, boundary, sb)) { /* inverted: “...,” said Kerry */
    uint32_t ne = inverted_source_end(c, &x);
    if (ne == kl + 1) return;
    uint32_t last = content_last(c, boundary);
    emit(c, content_start(c, last, sb), last + 1, cue, kl + 1, kl + 1, ne);
    return;
  }
  if (nb == HD_NONE) return;
  if (k - nb == 1 && in_list(c, nb, HD_WL_DETERMINER) && !possessive_pronoun(c, nb)) return; /* "the claims" */
  uint32_t ne = k;
  if (ne > nb + 1 && c->a->tokens[ne - 1].kind == HD_TOK_APOS) ne--; /* "Trump’s suggestion that": Trump */
  c->frame = HD_FRAME_FORWARD;
  frame_forward(c, k, kl, se, cls, nb, ne);
}

/* "Graham: Trump’s rhetoric is destroying the party." (headline style):
 * a short name or organisation phrase opening the sentence, a colon,
 * and the rest of the sentence. */
static void handle_colon(ctx *c, uint32_t t, uint32_t sb, uint32_t se) {
  if (t == sb || t - sb > 6 || t + 2 >= se) return;
  uint32_t nb = np_left(c, t - 1, sb);
  if (nb != sb || !speaker_like(c, sb, t)) return;
  if (!is_upper(c, t - 1) && !in_list(c, t - 1, HD_WL_ROLE) && !in_list(c, t - 1, HD_WL_ORG_HEAD)) return;
  if (c->qid[t + 1] != HD_NONE && !is_open_mark(c, t + 1)) return;
  c->learned_cue = 0;
  c->frame = HD_FRAME_COLON;
  memcpy(c->key, ":", 2);
  emit(c, t + 1, forward_end(c, t + 1, se), t, t + 1, sb, t);
}

/* "according to SOURCE, CONTENT" and "CONTENT, according to SOURCE". */
static void handle_according(ctx *c, uint32_t t, uint32_t sb, uint32_t se) {
  c->frame = HD_FRAME_ACCORDING;
  c->learned_cue = 0;
  memcpy(c->key, "according to", 13);
  uint32_t nb = t + 2, ne = np_right(c, nb, se);
  if (ne == nb) return;
  if (t == sb || (t == sb + 1 && !is_word(c, sb))) {
    uint32_t cb = ne;
    while (cb < se && !is_word(c, cb) && !is_open_mark(c, cb)) cb++;
    emit(c, cb, trim_content_end(c, cb, se), t, t + 2, nb, ne);
  } else if (t > sb && is_char(c, t - 1, ',')) {
    uint32_t last = t - 2;
    emit(c, content_start(c, last, sb), last + 1, t, t + 2, nb, ne);
  }
}

/* ---- 3. quotations with no cue ---- */

static int covered(const ctx *c, const quotation *q) {
  uint32_t s = c->a->tokens[q->open].start, e = c->a->tokens[q->close].end;
  for (size_t i = c->a->n_quotes, k = 0; i-- > 0 && k < 16; k++) {
    hd_span x = c->a->quotes[i].content;
    if (x.start < e && x.end > s) return 1;
  }
  return 0;
}

static int whole_sentences(const ctx *c, const quotation *q) {
  const hd_token *o = &c->a->tokens[q->open];
  if (!(o->flags & (HD_TF_SENT_START | HD_TF_PARA_START)) && !(q->open > 0 && is_char(c, q->open - 1, ':')))
    return 0;
  uint32_t n = q->close + 1;
  while (n < c->a->n_tokens && c->a->tokens[n].kind == HD_TOK_PUNCT && !(c->a->tokens[n].flags & HD_TF_SENT_START))
    n++;
  return n >= c->a->n_tokens || (c->a->tokens[n].flags & (HD_TF_SENT_START | HD_TF_PARA_START));
}

static void continue_speaker(ctx *c, const quotation *q) {
  if (covered(c, q) || !c->last.valid) return;
  int after_frame = q->open > 0 && (is_char(c, q->open - 1, ',') || is_char(c, q->open - 1, ':')) &&
                    c->last.para == c->cur_para; /* “...,” he said, “...” */
  if (!after_frame && (!whole_sentences(c, q) || c->cur_para - c->last.para > CONT_PARAS)) return;
  hd_quote x;
  memset(&x, 0, sizeof x);
  x.confidence = 1.0f;
  x.type = HD_Q_DIRECT;
  x.content = tok_span(c, q->open, q->close + 1);
  x.cue = hd_span_none();
  x.source = hd_span_none();
  /* an indirect attribution after a quote in the same paragraph ("“A,”
   * she said of the race, in which people would see the truth.") does
   * not take over the quotation that follows */
  speaker_memo *m = c->last_quoted.valid && c->last_quoted.para == c->last.para ? &c->last_quoted : &c->last;
  x.speaker = m->identity;
  x.speaker_kind = m->kind;
  HD_VEC_PUSH(c->a->quotes, c->a->n_quotes, c->a->cap_quotes, x);
  c->key[0] = 0;
  trace(c, HD_FRAME_CONTINUATION);
  m->para = c->cur_para;
  c->last = *m;
}

/* ---- the learned frame filter ---- */

/* How often each cue key in each frame was right on PolNeAR train:
 * data/lexicons/attrib_cue_frames.txt (`herald train quotes` writes it),
 * columns cue key, frame, times right, times seen; rows of one key in
 * frame order. */
#define FRAME_COL 1
#define RIGHT_COL 2
#define SEEN_COL 3

#define FILTER_MIN_SEEN 8     /* decide only on keys seen this often */
#define FILTER_MIN_PRECISION 0.30     /* below: drop */
#define FILTER_PROMOTE_PRECISION 0.50 /* at or above: a weak cue is trusted here */

int hd_frame_filter(const char *key, int frame) {
  size_t n;
  const hd_lex_row *rows = hd_lex_rows(HD_LEX_ATTRIB_CUE_FRAMES, &n);
  long i = hd_lex_find(HD_LEX_ATTRIB_CUE_FRAMES, key, strlen(key));
  const hd_lex_row *s = NULL;
  for (size_t j = i < 0 ? n : (size_t)i; j < n && !strcmp(rows[j].col[0], key); j++)
    if (rows[j].num[FRAME_COL] == frame) {
      s = &rows[j];
      break;
    }
  if (!s || s->num[SEEN_COL] < FILTER_MIN_SEEN) return 1;
  double p = (s->num[RIGHT_COL] + 1.0) / (s->num[SEEN_COL] + 2.0);
  return p < FILTER_MIN_PRECISION ? 0 : p >= FILTER_PROMOTE_PRECISION ? 2 : 1;
}

/* ---- the learned cue tagger ---- */

static float model_score(ctx *c, const hd_sentence *s, uint32_t t) {
  if (isnan(c->mscore[t])) {
    uint32_t f[HD_CUE_MAX_FEATS];
    size_t n = hd_cue_features(c->a, &c->tk, s->tok_begin, s->tok_end, t, f);
    c->mscore[t] = hd_cue_model_score(c->model, f, n);
  }
  return c->mscore[t];
}

/* Reports a decision point to a trainer that observes the stage. */
static void ask(ctx *c, uint32_t t, uint8_t kind) {
  if (!c->observe_asks) return;
  hd_cue_ask x = {t, kind};
  HD_VEC_PUSH(c->asks, c->nasks, c->capasks, x);
}

/* May the model propose word token t (lower-cased: c->tk) as a cue? */
static int model_knows(ctx *c, uint32_t t) {
  if (c->knows[t] < 0) c->knows[t] = (int8_t)hd_cue_model_knows(c->model, c->tk.key[t]);
  return c->knows[t];
}

/* Does the model take word token t (outside quotations) for a cue? */
static int model_cue(ctx *c, const hd_sentence *s, uint32_t t) {
  return model_score(c, s, t) > hd_cue_model_threshold(c->model);
}

/* ---- the stage ---- */

/* Gender evidence per identity, from the article itself: titles (Mrs.,
 * Ms., -woman / Mr., -man) and the pronoun that opens the sentence after
 * one that names a single person ("Hillary Clinton spoke. She ...").
 * Only used to keep "she" from resolving to a man and "he" to a woman. */
/* The gender a title word marks: -1 female, 1 male, 0 none
 * (data/lexicons/attrib_{female,male}_titles.txt). W is one word
 * of N bytes, compared without regard to ASCII case. */
static int title_word_gender(const char *w, size_t n) {
  if (hd_lex_has_lower(HD_LEX_ATTRIB_FEMALE_TITLES, w, n)) return -1;
  if (hd_lex_has_lower(HD_LEX_ATTRIB_MALE_TITLES, w, n)) return 1;
  if (n > 5 && !strncasecmp(w + n - 5, "woman", 5)) return -1;
  if (n > 3 && !strncasecmp(w + n - 3, "man", 3) && !(n == 5 && !strncasecmp(w, "human", 5))) return 1;
  return 0;
}

/* The gender the first gendered word of title T marks (words end at a space
 * or a full stop; any length, one pass, no recursion). */
static int title_gender(const char *t) {
  while (*t) {
    size_t n = strcspn(t, " .");
    if (n) {
      int g = title_word_gender(t, n);
      if (g) return g;
    }
    t += n;
    if (*t) t++;
  }
  return 0;
}

/* The first word of a person's name that is no title ("Mrs.", "Sen."):
 * its start, its length (*n, without a trailing full stop), or NULL. */
static const char *given_name(const char *name, size_t *wn) {
  while (*name) {
    size_t n = strcspn(name, " ");
    size_t w = n && name[n - 1] == '.' ? n - 1 : n;
    char buf[32];
    if (w && hd_word_lower(name, w, buf, sizeof buf) && !hd_in_wordlist(HD_WL_TITLE, buf)) {
      *wn = w;
      return name;
    }
    name += n;
    while (*name == ' ') name++;
  }
  return NULL;
}

/* The gender of a person's given name (data/lexicons/given_name_gender.txt,
 * tools/gen_attrib_lexicons.py): -1 female, 1 male, 0 unknown or both. */
static int given_name_gender(const char *name) {
  size_t w;
  if (!(name = given_name(name, &w))) return 0;
  int g = title_word_gender(name, w);
  if (g) return g;
  long i = hd_lex_find(HD_LEX_GIVEN_NAME_GENDER, name, w);
  if (i < 0) return 0;
  size_t rows;
  const char *x = hd_lex_rows(HD_LEX_GIVEN_NAME_GENDER, &rows)[i].col[1];
  return x[0] == 'f' ? -1 : x[0] == 'm' ? 1 : 0;
}

/* The gender the learned first-name table gives (models/genders-en.txt,
 * name_gender.h): -1 female, 1 male, 0 not in it. */
static int learned_name_gender(const char *name) {
  size_t w;
  return (name = given_name(name, &w)) ? hd_name_gender(name, w) : 0;
}

/* Gender evidence per person, from the article and the given-name list:
 * titles (Mrs., Ms., congresswoman: 3 votes), the given name (2), and,
 * for a sentence that names that person alone, the first he/she/his/her
 * after the name in the same sentence (2) and the pronoun opening the
 * next sentence (1); the sign of the sum decides. With no vote at all,
 * the first-name table learned from unlabelled text (name_gender.h). */
static void learn_genders(ctx *c) {
  const hd_article *a = c->a;
  int *votes = hd_xcalloc(a->n_identities + 1, sizeof *votes);
  for (size_t i = 0; i < a->n_identities; i++) {
    for (size_t k = 0; k < a->identities[i].n_titles; k++)
      votes[i] += 3 * title_gender(a->identities[i].titles[k]);
    if (a->identities[i].type == HD_ENT_PER && a->identities[i].name)
      votes[i] += 2 * given_name_gender(a->identities[i].name);
  }
  size_t m = 0;
  for (size_t si = 0; si + 1 < a->n_sentences; si++) {
    const hd_sentence *s = &a->sentences[si];
    uint32_t person = HD_NONE;
    int several = 0;
    for (; m < a->n_mentions && a->mentions[m].tok_begin < s->tok_end; m++) {
      const hd_mention *x = &a->mentions[m];
      if (x->type != HD_ENT_PER || x->identity == HD_NONE || c->qid[x->tok_begin] != HD_NONE) continue;
      if (person != HD_NONE && person != x->identity) several = 1;
      person = x->identity;
    }
    if (person == HD_NONE || several) continue;
    int g = pronoun_gender(c, a->sentences[si + 1].tok_begin);
    if (g) votes[person] += g;
    /* the first gendered pronoun after the person in the same sentence,
     * outside quotations ("Lohan's lawyer said she ...") */
    uint32_t from = HD_NONE;
    for (size_t k = m; k-- > 0 && a->mentions[k].tok_begin >= s->tok_begin;)
      if (a->mentions[k].identity == person) {
        from = a->mentions[k].tok_end;
        break;
      }
    for (uint32_t t = from; from != HD_NONE && t < s->tok_end; t++)
      if (c->qid[t] == HD_NONE && (g = pronoun_gender(c, t))) {
        votes[person] += 2 * g;
        break;
      }
  }
  /* no evidence in the article or the given-name list: the first-name
   * table learned from unlabelled text */
  for (size_t i = 0; i < a->n_identities; i++)
    if (!votes[i] && a->identities[i].type == HD_ENT_PER && a->identities[i].name)
      votes[i] = learned_name_gender(a->identities[i].name);
  for (size_t i = 0; i < a->n_identities; i++) c->gender[i] = (int8_t)(votes[i] > 0 ? 1 : votes[i] < 0 ? -1 : 0);
  hd_free(votes);
}

/* "who asked not to be named", "not authorised to be identified": a
 * source's anonymity clause, not a report of its own. */
static int anonymity_clause(const ctx *c, uint32_t t, uint32_t sb, uint32_t se) {
  if (t >= sb + 2 && tok_eq(c, t - 1, "be") && tok_eq(c, t - 2, "to")) return 1;
  return t + 3 < se && tok_eq(c, t + 1, "not") && tok_eq(c, t + 2, "to") && tok_eq(c, t + 3, "be");
}

static void attribute_sentence(ctx *c, const hd_sentence *s) {
  c->sent_begin = s->tok_begin;
  c->sent_end = s->tok_end;
  for (uint32_t t = s->tok_begin; t < s->tok_end; t++) {
    if (t < s->tok_begin + 7 && is_char(c, t, ':') && c->qid[t] == HD_NONE) {
      handle_colon(c, t, s->tok_begin, s->tok_end);
      continue;
    }
    if (!is_word(c, t) || c->qid[t] != HD_NONE || t < c->skip_until) continue;
    const hd_token *tok = &c->a->tokens[t];
    if (hd_tok_len(tok) < 3 || (is_upper(c, t) && hd_tok_len(tok) != 9)) continue; /* 9: "According" */
    char buf[32];
    if (!lower(c, t, buf)) continue;
    if (!strcmp(buf, "according") && t + 2 < s->tok_end && tok_eq(c, t + 1, "to")) {
      handle_according(c, t, s->tok_begin, s->tok_end);
      continue;
    }
    if (is_upper(c, t) || anonymity_clause(c, t, s->tok_begin, s->tok_end)) continue;
    int cls = tok_cue_class(c, t);
    char next[32];
    size_t nl = t + 2 < s->tok_end && is_word(c, t + 1) && hd_tok_len(&c->a->tokens[t + 1]) <= 8 ? lower(c, t + 1, next) : 0;
    if (nl && (c->tk.cv[t] & HD_CUE_VALUE_BIGRAM) && hd_cue_bigram(buf, next)) {
      ask(c, t, HD_ASK_VETO);
      if (c->model && model_score(c, s, t) < hd_cue_model_veto(c->model)) { /* the model rejects it */
        t++;
        continue;
      }
      size_t bl = strlen(buf) < 19 ? strlen(buf) : 19;
      memcpy(c->key, buf, bl);
      c->key[bl] = ' ';
      memcpy(c->key + bl + 1, next, nl < 19 ? nl : 19);
      c->key[bl + 1 + (nl < 19 ? nl : 19)] = 0;
      c->learned_cue = (cls & HD_CUE_WEAK) != 0;
      handle_cue(c, t, t + 1, s->tok_begin, s->tok_end, cls ? cls & ~HD_CUE_WEAK : HD_CUE_SPEECH);
      t++;
    } else if (cls) {
      ask(c, t, HD_ASK_VETO);
      if (c->model && model_score(c, s, t) < hd_cue_model_veto(c->model)) continue; /* the model rejects it */
      memcpy(c->key, buf, strlen(buf) + 1);
      c->learned_cue = (cls & HD_CUE_WEAK) != 0;
      handle_cue(c, t, t, s->tok_begin, s->tok_end, cls);
    } else if (!in_list(c, t, HD_WL_AUX_ADV) && (ask(c, t, HD_ASK_PROPOSE), c->model) &&
               model_knows(c, t) && model_cue(c, s, t)) {
      memcpy(c->key, buf, strlen(buf) + 1);
      c->learned_cue = 1; /* needs a speaker-like source, as weak cues do */
      handle_cue(c, t, t, s->tok_begin, s->tok_end, HD_CUE_SPEECH | HD_CUE_LEARNED);
    }
  }
  /* quotations closing in this sentence that no cue claimed */
  for (uint32_t t = s->tok_begin; t < s->tok_end; t++)
    if (is_close_mark(c, t) && c->qid[t] != HD_NONE && c->qs[c->qid[t]].close == t)
      continue_speaker(c, &c->qs[c->qid[t]]);
}

void hd_attribute(hd_article *a) { hd_attribute_ex(a, 1, NULL, NULL); }

void hd_attribute_model(hd_article *a, const hd_cue_model *model) { hd_attribute_ex(a, 1, model, NULL); }

static void ctx_free(ctx *c) {
  hd_free(c->qs);
  hd_free(c->qid);
  hd_free(c->mscore);
  hd_free(c->knows);
  hd_free(c->gender);
  hd_free(c->id_mentions);
  hd_cue_tokens_free(&c->tk);
  hd_free(c->asks);
  if (c->sv_inq) hd_spk_view_free(&c->sv);
  hd_free(c->sv_inq);
  hd_free(c->spoke);
}

/* One set-up and one tear-down for the attribution context, shared by
 * every entry point (a second, hand-built context is how the quote mask
 * once reached learn_genders with no gender table). The context owns every
 * array it allocates; ctx_free releases them all. */
static void ctx_init(ctx *c, hd_article *a, int filter, const hd_cue_model *model, int tracing) {
  memset(c, 0, sizeof *c);
  c->a = a;
  c->filter = filter;
  c->tracing = tracing;
  c->model = model;
  size_t nt = a->n_tokens ? a->n_tokens : 1;
  hd_cue_tokens_init(&c->tk, a);
  if (model) {
    c->mscore = hd_xmalloc(nt * sizeof *c->mscore);
    for (size_t i = 0; i < nt; i++) c->mscore[i] = NAN;
    c->knows = hd_xmalloc(nt);
    memset(c->knows, -1, nt);
  }
  c->qid = hd_xmalloc(nt * sizeof *c->qid);
  c->gender = hd_xcalloc(a->n_identities + 1, sizeof *c->gender);
  c->id_mentions = hd_xcalloc(a->n_identities + 1, sizeof *c->id_mentions);
  c->spoke = hd_xcalloc(a->n_identities + 1, sizeof *c->spoke);
  c->ranker = hd_cue_model_speaker(model);
  for (size_t m = 0; m < a->n_mentions; m++)
    if (a->mentions[m].identity < a->n_identities) c->id_mentions[a->mentions[m].identity]++;
  for (size_t i = 0; i < a->n_tokens; i++) c->qid[i] = HD_NONE;
  pair_quotations(c);
  learn_genders(c);
}


/* ---- the learned span tagger and its linker ---- */

typedef struct {
  uint32_t b, e;   /* tokens [b, e) */
  uint32_t sb, se; /* sentences of the first and last token */
  uint8_t kind;    /* HD_SL_B_SRC, HD_SL_B_CUE or HD_SL_B_CON */
  uint32_t rec;    /* cue: index of the record that claimed it, or HD_NONE */
} tagged_span;

typedef struct {
  tagged_span *v;
  size_t n, cap;
} tagged_spans;

/* The spans of the tagger's labels, in token order. */
static void collect_spans(const uint8_t *lab, const uint32_t *sent, size_t n, tagged_spans *out) {
  for (size_t t = 0; t < n;) {
    uint8_t l = lab[t];
    if (l == HD_SL_O || (l != HD_SL_B_SRC && l != HD_SL_B_CUE && l != HD_SL_B_CON)) {
      t++;
      continue;
    }
    size_t e = t + 1;
    while (e < n && lab[e] == l + 1) e++;
    tagged_span x = {(uint32_t)t, (uint32_t)e, sent[t], sent[e - 1], l, HD_NONE};
    HD_VEC_PUSH(out->v, out->n, out->cap, x);
    t = e;
  }
}

#define LINK_SENTENCE_COST 40 /* a cue in the sentence before or after the content costs this many tokens */

static uint32_t gap(uint32_t ab, uint32_t ae, uint32_t bb, uint32_t be) {
  return bb >= ae ? bb - ae : ab >= be ? ab - be : 0;
}

/* The cue for content k: the nearest cue span in its sentences, or in
 * the sentence just before or after; HD_NONE when there is none. */
/* Does cue span i have a content of its own after it in its sentence
 * ("B, controller of ..., said: “Z”")? Spans are in token order. */
static int cue_has_forward_content(const tagged_spans *sp, size_t i) {
  for (size_t j = i + 1; j < sp->n && sp->v[j].sb == sp->v[i].sb; j++)
    if (sp->v[j].kind == HD_SL_B_CON) return 1;
  return 0;
}

static size_t link_cue(const ctx *cx, const tagged_spans *sp, size_t k) {
  const tagged_span *c = &sp->v[k];
  size_t best = HD_NONE;
  uint32_t best_cost = UINT32_MAX;
  for (size_t i = 0; i < sp->n; i++) {
    const tagged_span *x = &sp->v[i];
    if (x->kind != HD_SL_B_CUE || x->sb + 1 < c->sb || x->sb > c->se + 1) continue;
    /* a one-token mark right at the content's end ("“...” ― NAME", a
     * credit line) is its cue, whatever sentence it opens */
    if (x->b == c->e && x->e == x->b + 1 && !is_word(cx, x->b)) return i;
    /* a cue of the next sentence that introduces its own content is not
     * this content's: a statement continues the one before it, never the
     * one after */
    if (x->sb > c->se && cue_has_forward_content(sp, i)) continue;
    uint32_t cost = gap(c->b, c->e, x->b, x->e);
    if (x->sb < c->sb || x->sb > c->se) cost += LINK_SENTENCE_COST;
    if (cost < best_cost) {
      best_cost = cost;
      best = i;
    }
  }
  return best;
}

/* The source for cue k: the nearest source span in the cue's sentence. */
static size_t link_source(const tagged_spans *sp, size_t k) {
  const tagged_span *c = &sp->v[k];
  size_t best = HD_NONE;
  uint32_t best_cost = UINT32_MAX;
  for (size_t i = 0; i < sp->n; i++) {
    const tagged_span *x = &sp->v[i];
    if (x->kind != HD_SL_B_SRC || x->se < c->sb || x->sb > c->sb) continue;
    uint32_t cost = gap(c->b, c->e, x->b, x->e);
    if (cost < best_cost) {
      best_cost = cost;
      best = i;
    }
  }
  return best;
}

/* The cue key of [kb, ke): its first word that is not an auxiliary or adverb. */
static void cue_key(ctx *c, uint32_t kb, uint32_t ke) {
  c->key[0] = 0;
  for (uint32_t t = kb; t < ke; t++) {
    char w[32];
    if (!is_word(c, t) || !lower(c, t, w)) continue;
    if (hd_in_wordlist(HD_WL_AUX_ADV, w) && t + 1 < ke) continue;
    snprintf(c->key, sizeof c->key, "%s", w);
    return;
  }
}

static void set_sentence(ctx *c, uint32_t s, const uint32_t *para_of) {
  c->sent_begin = c->a->sentences[s].tok_begin;
  c->sent_end = c->a->sentences[s].tok_end;
  c->cur_para = para_of[s];
}

/* The rules' records, kept while the tagger's replace them. */
typedef struct {
  hd_quote *v;
  size_t n;
} rule_records;

/* How the tagger's record (content [cb, ce), cue [kb, ke)) agrees with
 * the rules' records: 1 + 1 content overlap + 2 same content + 4 cue overlap. */
static uint8_t agreement(const ctx *c, const rule_records *rr, uint32_t cb, uint32_t ce, uint32_t kb, uint32_t ke) {
  hd_span x = tok_span(c, cb, ce), k = kb < ke ? tok_span(c, kb, ke) : hd_span_none();
  int v = 0;
  for (size_t i = 0; i < rr->n; i++) {
    const hd_quote *q = &rr->v[i];
    if (q->content.start < x.end && x.start < q->content.end) v |= 1;
    if (q->content.start == x.start && q->content.end == x.end) v |= 2;
    if (!hd_span_is_none(k) && !hd_span_is_none(q->cue) && q->cue.start < k.end && k.start < q->cue.end) v |= 4;
  }
  return (uint8_t)(1 + v);
}

/* Is [sb, se) only a date ("June", "on Monday", "last Tuesday, 5"): its
 * last word a capitalised time word (a month or day name) not opening the
 * sentence, every other word a time word, determiner, preposition or
 * number? Never a source ("Comey in June sharply criticized"). */
static int time_only(const ctx *c, uint32_t sb, uint32_t se) {
  uint32_t head = se;
  while (head > sb && !is_word(c, head - 1)) head--;
  if (head == sb) return 0;
  head--;
  if (!in_list(c, head, HD_WL_TIME) || !is_upper(c, head) || (c->a->tokens[head].flags & HD_TF_SENT_START)) return 0;
  for (uint32_t t = sb; t < head; t++)
    if (is_word(c, t) && !in_list(c, t, HD_WL_TIME) && !in_list(c, t, HD_WL_DETERMINER) && !in_list(c, t, HD_WL_PREP))
      return 0;
  return 1;
}

/* When the tagger marked no source for a cue [kb, ke): the noun phrase
 * right before it (auxiliaries and adverbs skipped), or, for a cue after
 * its content, the one right after it ("..., said Kerry"), when it looks
 * like a speaker and lies outside the content [cb, ce). 0 when none. */
static int fallback_source(const ctx *c, uint32_t kb, uint32_t ke, uint32_t cb, uint32_t ce, uint32_t *sb,
                           uint32_t *se) {
  uint32_t e = kb;
  while (e > c->sent_begin && (in_list(c, e - 1, HD_WL_AUX_ADV) || lower_adverb(c, e - 1))) e--;
  /* "Lawmakers on Wednesday accused": a time phrase between subject and verb */
  uint32_t te = e;
  while (te > c->sent_begin && in_list(c, te - 1, HD_WL_TIME)) te--;
  if (te < e && te > c->sent_begin && np_token(c, te - 1) && !in_list(c, te - 1, HD_WL_TIME)) e = te;
  if (e > c->sent_begin && c->qid[e - 1] == HD_NONE) {
    uint32_t b = np_left(c, e - 1, ce <= kb ? ce : c->sent_begin);
    if (b != HD_NONE && b < e && speaker_like(c, b, e) && !time_only(c, b, e) && (e <= cb || b >= ce)) {
      *sb = b;
      *se = e;
      return 1;
    }
  }
  if (ce <= kb && ke < c->sent_end && c->qid[ke] == HD_NONE) {
    uint32_t r = np_right(c, ke, c->sent_end);
    if (r > ke && speaker_like(c, ke, r) && !time_only(c, ke, r)) {
      *sb = ke;
      *se = r;
      return 1;
    }
  }
  /* the clause subject: the sentence's first person or organisation
   * mention outside quotations, before the cue and outside the content
   * ("Trump, who met the mayor on Monday, later told reporters ...") */
  size_t lo = 0, hi = c->a->n_mentions;
  while (lo < hi) { /* the first mention starting in the sentence */
    size_t mid = (lo + hi) / 2;
    if (c->a->mentions[mid].tok_begin < c->sent_begin) lo = mid + 1;
    else hi = mid;
  }
  for (size_t m = lo; m < c->a->n_mentions; m++) {
    const hd_mention *x = &c->a->mentions[m];
    if (x->tok_end > kb) break;
    if (x->tok_begin < c->sent_begin || c->qid[x->tok_begin] != HD_NONE) continue;
    if (x->type != HD_ENT_PER && x->type != HD_ENT_ORG) continue;
    if (x->tok_end > cb && x->tok_begin < ce) continue;
    *sb = x->tok_begin;
    *se = x->tok_end;
    return 1;
  }
  return 0;
}

/* One record for content span k of the tagger (see link_cue). */
/* May cue tokens [kb, ke) make an attribution whose content [cb, ce)
 * holds no quotation? Yes when one of its words is a verb of saying,
 * writing, believing or intending by the hand-written lists or by
 * PolNeAR train's counts (a word heading gold cues in at least 30% of its
 * train occurrences, or one opening a learned two-word cue), and for
 * punctuation cues (":", dashes) and "according to". A weak
 * word (a cue in 10-30% of its train occurrences: "planned", "issued")
 * only in a narrow frame: "that" or a colon right before the content, or
 * the cue after it. Any other word ("aimed", "passed") makes no
 * attribution on its own. */
static int reporting_cue(const ctx *c, uint32_t kb, uint32_t ke, uint32_t cb) {
  int weak = 0;
  for (uint32_t t = kb; t < ke; t++) {
    const hd_token *tok = &c->a->tokens[t];
    if (tok->kind != HD_TOK_WORD && tok->kind != HD_TOK_NUM) {
      if (ke - kb == 1) return 1; /* ":" or a dash */
      continue;
    }
    uint64_t v = c->tk.cv[t];
    int cls = HD_CUE_VALUE_CLASS(v);
    if ((cls & (HD_CUE_SPEECH | HD_CUE_BELIEF)) && !(cls & HD_CUE_WEAK)) return 1;
    /* a word that opens a learned two-word cue; not an object pronoun
     * ("criticized [him over]" is learned, "pulled him over" no report:
     * the verb before it must be a cue itself) */
    if ((v & HD_CUE_VALUE_BIGRAM) && !in_list(c, t, HD_WL_PRON_OBJ)) return 1;
    if (cls & HD_CUE_WEAK) weak = 1;
    if (tok_eq(c, t, "according")) return 1;
  }
  if (!weak) return 0;
  if (cb >= ke) return 1; /* the cue after its content */
  return cb > 0 && (tok_eq(c, cb - 1, "that") || is_char(c, cb - 1, ':'));
}

/* Does the unquoted content [cb, ce) of cue [kb, ke) state something: a
 * clause, not the plain object of a verb ("approved the plan", "wrote a
 * letter to the league", "rejected the accusation")? A reported statement,
 * belief or intention needs one. Clause evidence: the content opens with a
 * complementiser or wh-word ("that ...", "whether ...", "what ..."); or it
 * holds a finite verb, auxiliary or pre-verb adverb
 * (data/lexicons/attrib_finite_verbs.txt, words that follow a subject
 * pronoun in training text) after its first word and not right after a
 * determiner, possessive or preposition ("the plan" is a noun); or it is an
 * infinitive ("to monitor polling places", "supporters to vote") after a
 * cue of the hand-written speech and belief lists (promised, urged, hopes),
 * not after a learned or two-word one ("went on to play"). */
static int clause_opener(const ctx *c, uint32_t t) {
  const hd_token *w = &c->a->tokens[t];
  return hd_lex_has_lower(HD_LEX_ATTRIB_CLAUSE_OPENERS, hd_tok_ptr(c->a, w), hd_tok_len(w));
}

static int hand_cue(const ctx *c, uint32_t kb, uint32_t ke) {
  for (uint32_t t = kb; t < ke; t++) {
    int cls = tok_cue_class(c, t);
    if ((cls & (HD_CUE_SPEECH | HD_CUE_BELIEF)) && !(cls & (HD_CUE_LEARNED | HD_CUE_WEAK))) return 1;
  }
  return 0;
}

/* Share of a word's PolNeAR train occurrences that head a gold cue
 * (data/lexicons/attrib_learned_cues.txt), 0 when it never does. */
static double train_cue_rate(const ctx *c, uint32_t t) {
  char buf[48];
  size_t n = lower(c, t, buf);
  long i = n ? hd_lex_find(HD_LEX_ATTRIB_LEARNED_CUES, buf, n) : -1;
  if (i < 0) return 0;
  size_t rows;
  const hd_lex_row *r = &hd_lex_rows(HD_LEX_ATTRIB_LEARNED_CUES, &rows)[i];
  return r->num[2] > 0 ? (double)r->num[1] / (double)r->num[2] : 0;
}

/* A cue whose sense is speech, writing or belief whatever follows it: a
 * word of the hand-written lists, one that PolNeAR train marks as a cue
 * in at least STRONG_CUE_RATE of its occurrences, punctuation (":") or
 * "according to". Other cues ("approved", "found", "known", "went on")
 * make a record only with a clausal content. */
#define STRONG_CUE_RATE 0.5
static int strong_cue(const ctx *c, uint32_t kb, uint32_t ke) {
  if (hand_cue(c, kb, ke)) return 1;
  if (ke - kb == 1 && !is_word(c, kb)) return 1;
  for (uint32_t t = kb; t < ke; t++) {
    if (tok_eq(c, t, "according")) return 1;
    if (is_word(c, t) && train_cue_rate(c, t) >= STRONG_CUE_RATE) return 1;
  }
  return 0;
}

/* Is token t an adverbial particle of a phrasal verb ("off", "out",
 * "up", "down", "away", "back")? */
static int particle(const ctx *c, uint32_t t) {
  const hd_token *w = &c->a->tokens[t];
  return is_word(c, t) && hd_lex_has_lower(HD_LEX_ATTRIB_PARTICLES, hd_tok_ptr(c->a, w), hd_tok_len(w));
}

/* Does the content [cb, ce) open with a bare noun and a preposition
 * ("worry for ...", "concerns about ...", "support for ...": no
 * determiner, pronoun or capital first)? */
static int attitude_topic(const ctx *c, uint32_t cb, uint32_t ce) {
  if (cb + 2 >= ce || !is_word(c, cb) || is_upper(c, cb) || !in_list(c, cb + 1, HD_WL_PREP)) return 0;
  return !in_list(c, cb, HD_WL_DETERMINER) && !in_list(c, cb, HD_WL_PRON_SUBJ) && !in_list(c, cb, HD_WL_PRON_OBJ) &&
         !in_list(c, cb, HD_WL_CLAUSE) &&
         !in_list(c, cb, HD_WL_AUX_ADV) && !tok_eq(c, cb, "to");
}

/* The learned cue gate (cue_gate.h, issue 9: a cue that is no verb of
 * saying, writing, believing or intending never makes an attribution on
 * its own). A cue is let through when one of its words is on the
 * hand-written speech or belief lists, when it is punctuation (":", a
 * dash), "according to" or a learned two-word cue ending in a particle or
 * "it" ("pointed out", "played down", "put it"), or when the lemma of one
 * of its open-class words lay inside a gold cue in at least GATE_MIN_RATE
 * of its PolNeAR train occurrences outside quotations, counted with
 * GATE_PRIOR more occurrences that were no cue (all forms of the lemma
 * count: the noun "attack" weighs against "attacked"); right before
 * "that"/"whether" the lemma's rate in that frame decides when train saw
 * it there GATE_MIN_THAT times ("ruled that" against "ruled"). A learned
 * two-word cue ending in a preposition ("pointed to", "vote against",
 * "commenting on") is judged by its words' rates like any other cue. Else
 * ("was outraged", "attacked the problem", "approved a bill", "posted a
 * message", "vote against such loans") the cue makes no record unless its
 * content is a quotation. Threshold, prior and the two-word rule were
 * chosen on dev and on unlabelled Reuters text (docs/attribution.md,
 * "Ninth session"). */
#define GATE_MIN_RATE 0.25
#define GATE_MIN_THAT 3
#define GATE_PRIOR 2.0 /* occurrences never a cue added to every lemma's count: a rare lemma needs more evidence */
/* A closed-class word (auxiliary, determiner, preposition, pronoun, clause
 * word): the gates judge a cue by its open-class words. */
static int closed_class(const ctx *c, uint32_t t) {
  return in_list(c, t, HD_WL_AUX_ADV) || in_list(c, t, HD_WL_DETERMINER) || in_list(c, t, HD_WL_PREP) ||
         in_list(c, t, HD_WL_PRON_SUBJ) || in_list(c, t, HD_WL_PRON_OBJ) || in_list(c, t, HD_WL_CLAUSE);
}

/* The learned gate table when cue [kb, ke) is one the gates may judge (a
 * model is loaded, the cue has a word: a lone punctuation mark is a
 * colon or comma cue, never gated); NULL otherwise. Shared by both gates. */
static const hd_cue_gate *judgeable_cue(const ctx *c, uint32_t kb, uint32_t ke) {
  const hd_cue_gate *g = c->model ? hd_cue_model_gate(c->model) : NULL;
  if (!g || ke <= kb || (ke - kb == 1 && !is_word(c, kb))) return NULL;
  return g;
}

static int gated_cue(const ctx *c, uint32_t kb, uint32_t ke) {
  const hd_cue_gate *g = judgeable_cue(c, kb, ke);
  if (!g || hand_cue(c, kb, ke)) return 0;
  double best = 0;
  for (uint32_t t = kb; t < ke; t++) {
    if (!is_word(c, t)) continue;
    if (tok_eq(c, t, "according")) return 0;
    if (t + 1 < ke && (c->tk.cv[t] & HD_CUE_VALUE_BIGRAM) && is_word(c, t + 1) &&
        (particle(c, t + 1) || tok_eq(c, t + 1, "it")) &&
        hd_cue_bigram(c->tk.low + c->tk.off[t], c->tk.low + c->tk.off[t + 1]))
      return 0;
    if (closed_class(c, t)) continue;
    const hd_cue_gate_row *r = hd_cue_gate_find(g, c->tk.key[t]);
    double rate = r ? (double)r->cues / ((double)r->seen + GATE_PRIOR) : 0;
    int that = t + 1 < c->a->n_tokens && (tok_eq(c, t + 1, "that") || tok_eq(c, t + 1, "whether"));
    if (r && that && r->seen_that >= GATE_MIN_THAT) rate = (double)r->cues_that / ((double)r->seen_that + GATE_PRIOR);
    if (rate > best) best = rate;
  }
  return best < GATE_MIN_RATE;
}

/* The learned frame gate (cue_gate.h): the cue word's lemma counted in
 * the frame the word stands in here (what follows it). A verb of saying in
 * one frame is an act in another: "appears on the cover", "were ordered to
 * evacuate", "wants $24 billion", "claims for benefits fell" report
 * nothing. Only frames that take no clause are judged (a noun phrase, an
 * object pronoun, a preposition, a to-infinitive whose verb is no verb of
 * saying, nothing): after "that", a subject pronoun, a quotation or "to
 * say" the lemma counts are too mixed with its noun's ("states that")
 * to overrule a clause. An indirect or partial record is not made when
 * every open-class word of its cue whose lemma train saw as a cue stands
 * in such a frame, seen at least FRAME_MIN_SEEN times for that lemma, in
 * which it lay inside a gold cue less than FRAME_MIN_RATE of the time
 * (with GATE_PRIOR more non-cue occurrences). Unlike the lemma gate above
 * it also judges the hand-written lists' words: the list says a word can
 * report, the frame whether it does here. Rate and minimum chosen on dev
 * (docs/attribution.md, "Tenth session (project session 10)"). */
#define FRAME_MIN_RATE 0.15
#define FRAME_MIN_SEEN 10
static int finite_verb(const ctx *c, uint32_t i);

/* Does the content opening at cb hold a clause: a clause opener ("how",
 * "what", "whether"), or a bare clause, a noun phrase of at most
 * BARE_SUBJECT words and right after it a finite verb or auxiliary ("those
 * losses were ...", "the virus can be spread", "The summit accomplished")?
 * The noun-phrase frame then hides a clause. */
#define BARE_SUBJECT 6
static int bare_clause_at(const ctx *c, uint32_t cb, uint32_t ce) {
  while (cb < ce && !is_word(c, cb)) cb++;
  if (cb >= ce) return 0;
  if (clause_opener(c, cb)) return 1;
  if (in_list(c, cb, HD_WL_PREP)) return 0;
  for (uint32_t e = cb + 1; e < ce && e <= cb + BARE_SUBJECT; e++) {
    if (is_word(c, e) && !is_upper(c, e) && (in_list(c, e, HD_WL_AUX_ADV) || finite_verb(c, e))) return 1;
    if (!np_token(c, e) || in_list(c, e, HD_WL_PREP)) return 0;
  }
  return 0;
}

static int frame_gated(const ctx *c, uint32_t kb, uint32_t ke, uint32_t cb, uint32_t ce) {
  const hd_cue_gate *g = judgeable_cue(c, kb, ke);
  if (!g || bare_clause_at(c, cb, ce)) return 0;
  int judged = 0;
  for (uint32_t t = kb; t < ke; t++) {
    if (!is_word(c, t)) continue;
    if (tok_eq(c, t, "according")) return 0;
    if (closed_class(c, t)) continue;
    if (lower_adverb(c, t) && t + 1 < ke) continue; /* "allegedly ordered": the verb's frame decides */
    const hd_cue_gate_row *r = hd_cue_gate_find(g, c->tk.key[t]);
    if (!r) continue;
    int f = hd_cue_frame(c->a, t);
    if (f == HD_GATE_THAT || f == HD_GATE_CLAUSE || f == HD_GATE_QUOTE || f == HD_GATE_TO_SAY) return 0;
    double rate = (double)r->fcues[f] / ((double)r->fseen[f] + GATE_PRIOR);
    if (r->fseen[f] < FRAME_MIN_SEEN || rate >= FRAME_MIN_RATE) return 0; /* too little evidence, or a cue here */
    judged = 1;
  }
  return judged;
}

/* Does a word of cue [kb, ke) take a plain object as its content in
 * PolNeAR train ("endorsed Clinton", "criticized the plan": at least
 * NP_CUE_RATE of the unquoted gold contents of the cues it heads are no
 * clause by clausal_content's test; data/lexicons/attrib_np_cues.txt)?
 * "said", "added", "told", "wrote" do not: "added 250,000 jobs" is no
 * statement. Punctuation cues and "according to" do. */
#define NP_CUE_RATE 0.3
static int np_cue(const ctx *c, uint32_t kb, uint32_t ke) {
  if (ke - kb == 1 && !is_word(c, kb)) return 1;
  for (uint32_t t = kb; t < ke; t++) {
    if (tok_eq(c, t, "according")) return 1;
    if (in_list(c, t, HD_WL_PREP) || in_list(c, t, HD_WL_TIME)) continue; /* "said on Friday": the verb decides */
    char buf[48];
    size_t n = is_word(c, t) ? lower(c, t, buf) : 0;
    long i = n ? hd_lex_find(HD_LEX_ATTRIB_NP_CUES, buf, n) : -1;
    if (i < 0) continue;
    size_t rows;
    const hd_lex_row *r = &hd_lex_rows(HD_LEX_ATTRIB_NP_CUES, &rows)[i];
    if (r->num[1] >= NP_CUE_RATE * (double)r->num[2]) return 1;
  }
  return 0;
}

/* "to" at t opens an infinitive: a lower-case word follows that is no
 * determiner, possessive or number ("to monitor", not "to the blaze"). */
static int infinitive(const ctx *c, uint32_t t, uint32_t ce) {
  if (t + 1 >= ce || !is_word(c, t + 1) || is_upper(c, t + 1)) return 0;
  return !in_list(c, t + 1, HD_WL_DETERMINER) && !possessive_pronoun(c, t + 1) && !in_list(c, t + 1, HD_WL_PRON_OBJ);
}

/* Is token t a subordinating conjunction that opens an adverbial clause
 * (data/lexicons/attrib_adverbial_openers.txt: as, because, while, ...)? */
static int adverbial_opener(const ctx *c, uint32_t t) {
  const hd_token *w = &c->a->tokens[t];
  return hd_lex_has_lower(HD_LEX_ATTRIB_ADVERBIAL_OPENERS, hd_tok_ptr(c->a, w), hd_tok_len(w));
}

static int clausal_content(const ctx *c, uint32_t kb, uint32_t ke, uint32_t cb, uint32_t ce) {
  uint32_t first = cb;
  while (first < ce && !is_word(c, first)) first++;
  if (first >= ce) return 0;
  if (tok_eq(c, first, "whose")) return 0; /* "opposition to whose fighters": a relative clause */
  if (clause_opener(c, first)) {
    uint32_t words = 0;
    for (uint32_t t = first + 1; t < ce; t++) words += is_word(c, t);
    return words >= 2; /* not "which" alone */
  }
  if (in_list(c, first, HD_WL_PRON_SUBJ) && first + 1 < ce && is_word(c, first + 1)) return 1; /* "he rated ..." */
  int hand = strong_cue(c, kb, ke);
  if (tok_eq(c, first, "to")) return hand && infinitive(c, first, ce); /* not "responded to the blaze" */
  for (uint32_t t = first + 1; t < ce; t++) {
    if (!is_word(c, t)) continue;
    /* ", who backed the bill": a relative clause set off by a comma
     * describes a noun of the object; it does not make the object a
     * statement */
    if (t >= 2 && relative_word(c, t - 1) && is_char(c, t - 2, ',')) {
      while (t + 1 < ce && !is_char(c, t + 1, ',')) t++;
      continue;
    }
    if (hand && tok_eq(c, t, "to") && infinitive(c, t, ce)) return 1;
    if (c->a->tokens[t - 1].kind == HD_TOK_DASH && !(c->a->tokens[t].flags & HD_TF_SPACE_BEFORE)) continue;
    /* a finite form of "be" or "have" is never a noun: "the two were
     * ...", "the majority of people walking by were ..." are clauses
     * (not after "that": "something about the X that has ...") */
    if (t > first + 1 && !tok_eq(c, t - 1, "that") &&
        (be_form(c, t) || tok_eq(c, t, "has") || tok_eq(c, t, "have") || tok_eq(c, t, "had")) &&
        !tok_eq(c, t, "be") && !tok_eq(c, t, "been") && !tok_eq(c, t, "being"))
      return 1;
    if (in_list(c, t - 1, HD_WL_DETERMINER) || in_list(c, t - 1, HD_WL_PREP) || possessive_pronoun(c, t - 1) ||
        tok_eq(c, t - 1, "'s") || tok_eq(c, t - 1, "\xe2\x80\x99s"))
      continue;
    const hd_token *w = &c->a->tokens[t];
    const char *p = hd_tok_ptr(c->a, w);
    size_t n = hd_tok_len(w);
    if (is_upper(c, t)) continue; /* a name ("Elton Brand"), not a verb */
    if (hd_lex_has_lower(HD_LEX_ATTRIB_FINITE_VERBS, p, n)) return 1;
    if (n > 4 && p[n - 2] == 'e' && p[n - 1] == 'd' && !is_upper(c, t) && !memchr(p, '-', n))
      return 1; /* "the two raised $350 million"; not "better-than-expected" */
  }
  return 0;
}

/* A passive cue with no agent ("is believed", "were required", "are
 * expected"; not "was criticized by") before its content: the subject is
 * what the belief or request is about, not who holds or makes it, so
 * there is no speaker to name and no record ("Lowe is believed to be
 * seeking a deal" is not Lowe's statement). On dev: content precision
 * 0.906 -> 0.909, F1 0.777 -> 0.776. */
/* "was quoted as saying", "was heard saying": a passive that still
 * names its speaker (the subject) before a quotation. */
static int quoted_as(const ctx *c, uint32_t kb, uint32_t ke) {
  for (uint32_t t = kb; t < ke; t++) {
    const hd_token *w = &c->a->tokens[t];
    size_t n = hd_tok_len(w);
    /* "as" after "quoted" only: "was known as", "is described as" name
     * the subject, no one quotes it */
    if ((tok_eq(c, t, "as") && t > kb && tok_eq(c, t - 1, "quoted")) ||
        (n > 4 && !memcmp(hd_tok_ptr(c->a, w) + n - 3, "ing", 3)))
      return 1;
  }
  return ke < c->a->n_tokens && ke > kb && tok_eq(c, ke, "as") && tok_eq(c, ke - 1, "quoted");
}

static int passive_cue(const ctx *c, uint32_t kb, uint32_t ke, uint32_t cb) {
  (void)cb; /* content before or after: "..., because she was expected to ..., officials said" */
  if (ke < c->a->n_tokens && tok_eq(c, ke, "by")) return 0;
  /* "a driver accused of speeding", "standing accused of firing": a verb
   * that takes its object before its preposition, with none there */
  for (uint32_t t = kb; t < ke && t + 1 < c->a->n_tokens; t++)
    if (is_word(c, t) && (tok_eq(c, t + 1, "of") || tok_eq(c, t + 1, "with")) && hd_tok_len(&c->a->tokens[t]) < 32 &&
        hd_lex_has_lower(HD_LEX_ATTRIB_OBJECT_FIRST, hd_tok_ptr(c->a, &c->a->tokens[t]), hd_tok_len(&c->a->tokens[t])))
      return 1;
  for (uint32_t t = kb; t < ke; t++) {
    if (!be_form(c, t)) continue;
    for (uint32_t u = t + 1; u < ke; u++) {
      const hd_token *w = &c->a->tokens[u];
      size_t n = hd_tok_len(w);
      const char *p = hd_tok_ptr(c->a, w);
      if (w->kind != HD_TOK_WORD || n < 3 || tok_eq(c, u, "not") || in_list(c, u, HD_WL_AUX_ADV) || lower_adverb(c, u))
        continue;
      /* a participle, regular or not ("were told", "is said"), or an
       * adjective ("it was not clear whether"): anything but "-ing" */
      if (!(p[n - 3] == 'i' && p[n - 2] == 'n' && p[n - 1] == 'g')) return 1;
    }
  }
  return 0;
}

/* The source without quoted words: a source that starts inside a
 * quotation ("… the final say," Osman-aga, who herds camels) starts after
 * its closing mark; one made only of quoted words is none. */
static void source_outside_quotes(const ctx *c, uint32_t *sb, uint32_t *se) {
  uint32_t b = *sb;
  for (uint32_t t = *sb; t < *se; t++)
    if (c->qid[t] != HD_NONE || is_open_mark(c, t) || is_close_mark(c, t)) b = t + 1;
  while (b < *se && c->a->tokens[b].kind == HD_TOK_PUNCT) b++;
  if (b >= *se) *sb = *se = 0;
  else *sb = b;
}

/* "seems", "appeared", "is likely": a verb that raises its subject ("It
 * seems that ...") reports no one's statement. */
static int raising_verb(const ctx *c, uint32_t kb, uint32_t ke) {
  for (uint32_t t = kb; t < ke; t++) {
    char buf[48];
    size_t n = is_word(c, t) ? lower(c, t, buf) : 0;
    if ((n >= 4 && !memcmp(buf, "seem", 4)) || (n >= 6 && !memcmp(buf, "appear", 6))) return 1;
  }
  return 0;
}

/* "A nurse at the hospital, who asked not to be named, said ...": the
 * source the tagger gave the main verb is the relative pronoun; once its
 * clause has closed (a comma between "who" and the cue), the speaker is
 * the noun phrase before ", who". */
static void relative_antecedent(const ctx *c, uint32_t kb, uint32_t *sb, uint32_t *se) {
  uint32_t w = *sb;
  /* "A procurement lawyer who has advised other cities on ferry tenders
   * said": a source inside a relative clause (no punctuation back to its
   * "who") is the noun phrase the clause describes */
  if (*se > *sb && !relative_word(c, w)) {
    uint32_t r = *sb;
    while (r > c->sent_begin && is_word(c, r - 1) && !relative_word(c, r - 1) &&
           *sb - r < 12)
      r--;
    if (r > c->sent_begin + 1 && is_word(c, r - 1) && relative_word(c, r - 1) &&
        is_word(c, r - 2)) {
      uint32_t b = np_left(c, r - 2, c->sent_begin);
      if (b != HD_NONE && b <= r - 2 && speaker_like(c, b, r - 1)) {
        *sb = b;
        *se = r - 1;
      }
    }
    return;
  }
  /* "two council members who voted against the contract said": a source
   * that opens with a relative word right after a noun phrase (no comma)
   * takes that noun phrase in: the relative clause restricts it */
  if (*se >= w + 1 && w > c->sent_begin && relative_word(c, w) && np_token(c, w - 1) && is_word(c, w - 1) &&
      !in_list(c, w - 1, HD_WL_PREP)) {
    uint32_t b = np_left(c, w - 1, c->sent_begin);
    if (b != HD_NONE && b < w && (tok_eq(c, w, "who") || speaker_like(c, b, w))) { /* "who": a person */
      *sb = b;
      uint32_t e = *se;
      while (e < kb && e < w + 12 && is_word(c, e)) e++;
      if (e == kb) *se = kb; /* the clause runs unpunctuated up to the cue: all of it */
    }
    return;
  }
  if (*se != w + 1 || w < 2 || !relative_word(c, w) || !is_char(c, w - 1, ',')) return;
  int closed = 0;
  for (uint32_t t = w + 1; t < kb; t++) closed |= is_char(c, t, ',');
  if (!closed) return;
  uint32_t b = np_left(c, w - 2, c->sent_begin);
  if (b == HD_NONE || b > w - 2) return;
  *sb = b;
  *se = w - 1;
}

/* "According to the port authority, ships were diverted": a content the
 * tagger starts right after "according to" holds the source up to its
 * first comma; *cb moves past that comma. 1 when it did. */
static int according_source(const ctx *c, uint32_t kb, uint32_t ke, uint32_t *cb, uint32_t ce) {
  if (ke != kb + 2 || !tok_eq(c, kb, "according") || *cb != ke) return 0;
  for (uint32_t t = *cb + 1; t + 1 < ce && t < *cb + 16; t++) {
    if (c->qid[t] != HD_NONE) return 0;
    if (is_char(c, t, ',')) {
      *cb = t + 1;
      return 1;
    }
  }
  return 0;
}

/* "A city official who was not authorised to speak publicly said": with
 * no source found, an unpunctuated relative clause that runs up to the
 * cue belongs to the noun phrase before its "who": that phrase and its
 * clause are the source. */
static void relative_subject(const ctx *c, uint32_t kb, uint32_t *sb, uint32_t *se) {
  uint32_t r = kb;
  while (r > c->sent_begin && is_word(c, r - 1) && !relative_word(c, r - 1) && kb - r < 12) r--;
  if (r < c->sent_begin + 2 || !tok_eq(c, r - 1, "who") || !is_word(c, r - 2) || !np_token(c, r - 2)) return;
  uint32_t b = np_left(c, r - 2, c->sent_begin);
  if (b == HD_NONE || b > r - 2) return;
  *sb = b;
  *se = kb;
}

/* Is the source's head [sb, se) a thing described in lower case ("tests",
 * "the review", "documents"): no person or organisation mention, no role,
 * organisation, pronoun or determiner head, nothing proper before it? */
static int thing_source(const ctx *c, uint32_t sb, uint32_t se) {
  if (sb >= se) return 0;
  se = source_core_end(c, sb, se);
  if (se <= sb) return 0;
  uint32_t head = se - 1;
  /* a capital that only opens the sentence ("Tests found") names nothing */
  if (!is_word(c, head) || (is_upper(c, head) && head != c->sent_begin) || relative_word(c, head)) return 0;
  if (mention_in(c, sb, se, HD_ENT_PER) || mention_in(c, sb, se, HD_ENT_ORG)) return 0;
  if (in_list(c, head, HD_WL_ROLE) || in_list(c, head, HD_WL_ORG_HEAD) || in_list(c, head, HD_WL_DETERMINER) ||
      in_list(c, head, HD_WL_PRON_SUBJ) || in_list(c, head, HD_WL_PRON_OBJ) || core_has_role(c, sb, se))
    return 0;
  for (uint32_t t = sb; t < head; t++)
    if ((is_upper(c, t) && t != c->sent_begin && !in_list(c, t, HD_WL_DETERMINER)) || tok_eq(c, t, "'s") ||
        tok_eq(c, t, "\xe2\x80\x99s"))
      return 0;
  return 1;
}

/* Does cue [kb, ke) report evidence ("found", "shows", "indicate":
 * data/lexicons/attrib_evidence_cues.txt) with no verb of saying of the
 * hand lists beside it? */
static int evidence_cue(const ctx *c, uint32_t kb, uint32_t ke) {
  int ev = 0;
  for (uint32_t t = kb; t < ke; t++) {
    if (!is_word(c, t)) continue;
    const hd_token *w = &c->a->tokens[t];
    if (hd_lex_has_lower(HD_LEX_ATTRIB_EVIDENCE_CUES, hd_tok_ptr(c->a, w), hd_tok_len(w))) ev = 1;
    else if (hand_cue(c, t, t + 1)) return 0;
  }
  return ev;
}

/* An infinitive content ("to salvage the truce") after a belief or
 * intention verb of the hand lists ("hopes", "wants") and no verb of
 * saying ("urged", "vowed"): an aim, not a statement. */
static int aim_only(const ctx *c, uint32_t kb, uint32_t ke, uint32_t cb, uint32_t ce) {
  uint32_t first = cb;
  while (first < ce && !is_word(c, first)) first++;
  if (first >= ce || !tok_eq(c, first, "to") || !infinitive(c, first, ce)) return 0;
  int aim = 0;
  for (uint32_t t = kb; t < ke; t++) {
    int cls = tok_cue_class(c, t);
    if (cls & (HD_CUE_LEARNED | HD_CUE_WEAK)) continue;
    if (cls & HD_CUE_SPEECH) return 0;
    if (cls & HD_CUE_BELIEF) aim = 1;
  }
  return aim;
}

/* A cue negated by "cannot" / "can't" / "could not" / "couldn't" before
 * an open question ("how many", "whether", "what"). */
static int cannot_cue(const ctx *c, uint32_t kb, uint32_t cb, uint32_t ce) {
  uint32_t first = cb;
  while (first < ce && !is_word(c, first)) first++;
  if (first >= ce || !clause_opener(c, first) || tok_eq(c, first, "that")) return 0;
  for (uint32_t t = kb > c->sent_begin + 2 ? kb - 2 : c->sent_begin; t < cb; t++)
    if (tok_eq(c, t, "cannot") || tok_eq(c, t, "couldn't") || tok_eq(c, t, "can't") ||
        ((tok_eq(c, t, "could") || tok_eq(c, t, "can") || tok_eq(c, t, "ca")) && t + 1 < cb &&
         (tok_eq(c, t + 1, "not") || tok_eq(c, t + 1, "n't"))))
      return 1;
  return 0;
}

/* A lower-case finite verb or -ing/-ed form ("is", "spearheading"). */
static int verb_like(const ctx *c, uint32_t t) {
  if (!is_word(c, t) || is_upper(c, t)) return 0;
  const hd_token *w = &c->a->tokens[t];
  const char *p = hd_tok_ptr(c->a, w);
  size_t n = hd_tok_len(w);
  if (hd_lex_has_lower(HD_LEX_ATTRIB_FINITE_VERBS, p, n)) return 1;
  return n > 4 && ((p[n - 3] == 'i' && p[n - 2] == 'n' && p[n - 1] == 'g') || (p[n - 2] == 'e' && p[n - 1] == 'd'));
}

/* A cue right after a relative "that" or "which" that follows a noun
 * ("a process that seeks"): [*sb, *se) becomes that noun phrase; 1 when
 * it did. */
static int relative_cue_subject(const ctx *c, uint32_t kb, uint32_t *sb, uint32_t *se) {
  if (kb < c->sent_begin + 2 || !(tok_eq(c, kb - 1, "that") || tok_eq(c, kb - 1, "which"))) return 0;
  if (!is_word(c, kb - 2) || !np_token(c, kb - 2) || is_upper(c, kb - 2) || in_list(c, kb - 2, HD_WL_PREP))
    return 0;
  uint32_t b = kb - 2; /* back over nouns and modifiers, through one determiner, never over a verb */
  while (b > c->sent_begin && !in_list(c, b, HD_WL_DETERMINER) && is_word(c, b - 1) && np_token(c, b - 1) &&
         !in_list(c, b - 1, HD_WL_AUX_ADV) && !in_list(c, b - 1, HD_WL_PREP) && !verb_like(c, b - 1) && kb - b < 8)
    b--;
  *sb = b;
  *se = kb - 1;
  return 1;
}

/* Is token v a verb of telling ("say", "specify", "comment") in lower case? */
static int telling_verb(const ctx *c, uint32_t v) {
  return is_word(c, v) && !is_upper(c, v) &&
         (hand_cue(c, v, v + 1) || tok_eq(c, v, "specify") || tok_eq(c, v, "elaborate") || tok_eq(c, v, "discuss") ||
          tok_eq(c, v, "identify") || tok_eq(c, v, "disclose") || tok_eq(c, v, "comment"));
}

/* A refusal to speak: a cue that declines or refuses ("declined",
 * "refused", "would not") followed by a verb of telling, at the start of
 * the content ("to say where ...", "specify any other details") or inside
 * the cue itself (cue "declined to say", content "where ..."): nothing is
 * stated. */
static int refusal(const ctx *c, uint32_t kb, uint32_t ke, uint32_t cb, uint32_t ce) {
  uint32_t refuse = ke;
  for (uint32_t t = kb; t < ke && refuse == ke; t++)
    if (tok_eq(c, t, "declined") || tok_eq(c, t, "declines") || tok_eq(c, t, "refused") || tok_eq(c, t, "refuses") ||
        tok_eq(c, t, "not") || tok_eq(c, t, "n't"))
      refuse = t;
  if (refuse == ke) return 0;
  /* in the cue: a refusal verb, or "not" before an open question
   * ("would not say where ..."; "did not say that ..." still reports) */
  int declines = !tok_eq(c, refuse, "not") && !tok_eq(c, refuse, "n't");
  int question = cb < ce && (tok_eq(c, cb, "where") || tok_eq(c, cb, "how") || tok_eq(c, cb, "whether") ||
                             tok_eq(c, cb, "what") || tok_eq(c, cb, "who") || tok_eq(c, cb, "why") ||
                             tok_eq(c, cb, "when") || tok_eq(c, cb, "which") || tok_eq(c, cb, "if"));
  for (uint32_t t = refuse + 1; t < ke; t++)
    if (telling_verb(c, t) && (declines || question)) return 1;
  uint32_t v = cb < ce && tok_eq(c, cb, "to") ? cb + 1 : cb;
  return v < ce && telling_verb(c, v);
}

/* The number of word tokens in [b, e). */
static uint32_t words_between(const ctx *c, uint32_t b, uint32_t e) {
  uint32_t n = 0;
  for (uint32_t t = b; t < e; t++) n += is_word(c, t);
  return n;
}

/* Too little after the cue to state anything: an elliptical clause of a
 * subject pronoun and one verb ("BlueWake says it did", "I think she
 * must"), or up to three words that are no clause, open with a
 * determiner or quantifier and name nothing ("rejected the accusation",
 * "has said little in public", "defended the remark"). */
static int bare_content(const ctx *c, uint32_t kb, uint32_t ke, uint32_t cb, uint32_t ce) {
  uint32_t first = cb;
  while (first < ce && !is_word(c, first)) first++;
  uint32_t n = words_between(c, cb, ce);
  if (first >= ce) return 1;
  if (n == 2 && in_list(c, first, HD_WL_PRON_SUBJ)) return 1;
  if (n == 1 && (clause_opener(c, first) || relative_word(c, first) || in_list(c, first, HD_WL_PRON_SUBJ) ||
                 in_list(c, first, HD_WL_PRON_OBJ)))
    return 1; /* "said which", "told him" */
  if (n > 3 || clausal_content(c, kb, ke, cb, ce)) return 0;
  if (!in_list(c, first, HD_WL_DETERMINER) && !tok_eq(c, first, "little") && !tok_eq(c, first, "much") &&
      !tok_eq(c, first, "nothing") && !tok_eq(c, first, "something") && !tok_eq(c, first, "anything"))
    return 0;
  for (uint32_t t = first + 1; t < ce; t++)
    if (is_upper(c, t) || c->qid[t] != HD_NONE) return 0;
  return 1;
}

/* An adverbial clause ("as they often do", "because the vote was
 * close", data/lexicons/attrib_adverbial_openers.txt) says when or why,
 * never what: "The Jays answered, as ..." reports nothing. */
static int adverbial_content(const ctx *c, uint32_t cb, uint32_t ce) {
  uint32_t first = cb;
  while (first < ce && !is_word(c, first)) first++;
  return first < ce && adverbial_opener(c, first);
}

/* "Consumers can expect higher bills": a belief verb (of the hand list,
 * no verb of saying in the cue) under a modal, with a plain object, is a
 * forecast of what happens to its subject, not a belief anyone holds. */
static int modal(const ctx *c, uint32_t t) {
  static const char *const modals[] = {"can", "could", "may", "might", "will", "would", "should", "must"};
  for (size_t m = 0; m < sizeof modals / sizeof *modals; m++)
    if (tok_eq(c, t, modals[m])) return 1;
  return 0;
}

static int modal_belief(const ctx *c, uint32_t kb, uint32_t ke, uint32_t cb, uint32_t ce) {
  int has_modal = kb > 0 && modal(c, kb - 1), belief = 0;
  for (uint32_t t = kb; t < ke; t++) {
    int cls = tok_cue_class(c, t);
    if (cls & HD_CUE_SPEECH) return 0;
    belief |= (cls & HD_CUE_BELIEF) != 0;
    has_modal |= modal(c, t);
  }
  if (!has_modal || !belief || cb < ke) return 0;
  for (uint32_t t = cb + 1; t + 1 < ce; t++) /* "..., as supplies are tight": an adverbial clause is no object */
    if (is_char(c, t, ',') && adverbial_content(c, t + 1, ce)) ce = t;
  return !clausal_content(c, kb, ke, cb, ce);
}

/* "A judge sentenced the former mayor to five years, the harshest term
 * ...": a cue that is not a verb of saying or belief whatever follows
 * (strong_cue) reports only a content that follows it at once (after
 * "that", a colon, time words); its own object between them says it is
 * an act. */
static int object_between(const ctx *c, uint32_t kb, uint32_t ke, uint32_t cb) {
  if (cb <= ke || strong_cue(c, kb, ke) || tok_eq(c, cb, "that") || tok_eq(c, cb - 1, "that")) return 0;
  uint32_t words = 0;
  for (uint32_t t = ke; t < cb; t++)
    if (is_word(c, t) && !tok_eq(c, t, "that") && !in_list(c, t, HD_WL_TIME) && !in_list(c, t, HD_WL_PRON_OBJ))
      words++;
  return words >= 2;
}

/* A source cut inside a name ("Mobile" of "T-Mobile", "Forces" of
 * "Israel Defense Forces") covers the whole name: the NER mention it
 * falls in, the hyphen-joined word, the run of capitalised words it
 * belongs to (a sentence's first word only inside a mention); trailing
 * time words leave it ("T-Mobile today said"). Never past the cue kb. */
static int joined_hyphen(const ctx *c, uint32_t h) {
  const hd_token *t = c->a->tokens;
  return (t[h].kind == HD_TOK_DASH || is_char(c, h, '-')) && !(t[h].flags & HD_TF_SPACE_BEFORE) &&
         !(t[h + 1].flags & HD_TF_SPACE_BEFORE);
}

static void whole_name_source(const ctx *c, uint32_t kb, uint32_t *sb, uint32_t *se) {
  if (*se <= *sb) return;
  const hd_article *a = c->a;
  size_t lo = 0, hi = a->n_mentions;
  while (lo < hi) { /* first mention ending after sb */
    size_t mid = (lo + hi) / 2;
    if (a->mentions[mid].tok_end <= *sb) lo = mid + 1;
    else hi = mid;
  }
  for (size_t m = lo; m < a->n_mentions && a->mentions[m].tok_begin < *se; m++) {
    const hd_mention *x = &a->mentions[m];
    if (x->tok_begin < *sb && x->tok_begin >= c->sent_begin) *sb = x->tok_begin;
    if (x->tok_end > *se && x->tok_end <= kb) *se = x->tok_end;
  }
  for (;;) {
    uint32_t b = *sb;
    if (b >= c->sent_begin + 2 && is_word(c, b - 2) && joined_hyphen(c, b - 1))
      b -= 2; /* "T-" + "Mobile" */
    else if (b > c->sent_begin + 1 && is_upper(c, b) && is_word(c, b - 1) && is_upper(c, b - 1) &&
             !in_list(c, b - 1, HD_WL_TIME) && c->qid[b - 1] == HD_NONE && !tok_cue_class(c, b - 1))
      b -= 1; /* "Defense Forces" after "Israel" */
    if (b == *sb) break;
    *sb = b;
  }
  while (*se + 2 <= kb && is_word(c, *se + 1) && joined_hyphen(c, *se)) *se += 2;
  while (*se > *sb + 1 && in_list(c, *se - 1, HD_WL_TIME) && is_word(c, *se - 1) && !is_upper(c, *se - 1)) (*se)--;
}

/* Is sentence [sb, se) a headline in title case: at least four words,
 * and of the words of four or more letters at most one in lower case? */
static int title_case(const ctx *c, uint32_t sb, uint32_t se) {
  uint32_t words = 0, lower_long = 0;
  for (uint32_t t = sb; t < se; t++) {
    if (!is_word(c, t)) continue;
    words++;
    if (!is_upper(c, t) && hd_tok_len(&c->a->tokens[t]) >= 4) lower_long++;
  }
  return words >= 4 && lower_long <= 1;
}

/* A capitalised hand-list verb of saying or belief inside a title-case
 * sentence (repair_headline). */
static int headline_cue(const ctx *c, uint32_t k) {
  return k > c->sent_begin && is_upper(c, k) && hand_cue(c, k, k + 1) && title_case(c, c->sent_begin, c->sent_end);
}

/* Do at most 6 tokens, none quoted or ending a sentence, lie between
 * byte `end` (a content's end) and token `b` of the same sentence? */
static int short_gap(const ctx *c, uint32_t end, uint32_t b) {
  uint32_t n = 0;
  for (uint32_t t = b; t-- > 0 && c->a->tokens[t].start >= end;) {
    if (++n > 6 || c->qid[t] != HD_NONE || is_end_punct(c, t) || (c->a->tokens[t].flags & HD_TF_SENT_START)) return 0;
  }
  return 1;
}

/* "the Herald quoted witness Mara Quist as saying", "The Herald quoted
 * Mara Quist, a neighbour, as saying that ...": the person between
 * "quoted" and "as saying/telling/writing" around the cue [kb, ke), in
 * the cue's sentence, speaks (not the outlet that quotes them); NULL when
 * the frame is not there. */
static const hd_mention *quoted_as_saying(const ctx *c, uint32_t kb, uint32_t ke) {
  uint32_t lo = kb > c->sent_begin + 12 ? kb - 12 : c->sent_begin, hi = ke + 12 < c->sent_end ? ke + 12 : c->sent_end;
  uint32_t quoted = HD_NONE;
  for (uint32_t t = lo; t < hi; t++) {
    if (tok_eq(c, t, "quoted")) quoted = t;
    if (quoted == HD_NONE || t + 1 >= hi || !tok_eq(c, t, "as")) continue;
    if (!tok_eq(c, t + 1, "saying") && !tok_eq(c, t + 1, "telling") && !tok_eq(c, t + 1, "writing")) continue;
    if (t + 1 < kb || quoted >= ke) return NULL; /* the frame is not this cue's */
    return first_person_in(c, quoted + 1, t);
  }
  return NULL;
}

/* Are the words of content [cb, ce) only time words, numbers, "the" and
 * prepositions ("Monday", "on Monday", "last week"; not "that last year")? A time phrase
 * states nothing: "the Coast Ledger reported on Monday". */
static int time_content(const ctx *c, uint32_t cb, uint32_t ce) {
  int time = 0;
  for (uint32_t t = cb; t < ce; t++) {
    if (c->a->tokens[t].kind == HD_TOK_NUM) continue;
    if (!is_word(c, t)) continue;
    if (in_list(c, t, HD_WL_TIME) && !in_list(c, t, HD_WL_DETERMINER) && !in_list(c, t, HD_WL_CLAUSE)) time = 1;
    else if (!tok_eq(c, t, "the") && !in_list(c, t, HD_WL_PREP)) return 0;
  }
  return time;
}

/* "Two workers were hurt, police said, according to the Tribune": a
 * content that ends with its own ", SOURCE CUE" (a noun phrase and a
 * verb of saying of the hand lists, outside quotations) reports the
 * inner speaker; the outer cue only relays it. Returns the comma that
 * opens the inner frame and sets [*nb, *ne) to its source and *v to its
 * verb, or HD_NONE. */
static uint32_t inner_frame(const ctx *c, uint32_t cb, uint32_t ce, uint32_t *nb, uint32_t *ne, uint32_t *v) {
  uint32_t e = ce;
  while (e > cb && !is_word(c, e - 1)) e--;
  if (e < cb + 4 || c->qid[e - 1] != HD_NONE || !hand_cue(c, e - 1, e)) return HD_NONE;
  uint32_t b = np_left(c, e - 2, cb);
  if (b == HD_NONE || b < cb + 2 || !is_char(c, b - 1, ',')) return HD_NONE;
  for (uint32_t t = b; t < e - 1; t++)
    if (c->qid[t] != HD_NONE || (is_word(c, t) && tok_cue_class(c, t) && !is_upper(c, t))) return HD_NONE;
  *nb = b;
  *ne = e - 1;
  *v = e - 1;
  return b - 1;
}

/* "Steven Marsh, lead writer and executive producer says": a source of
 * lower-case role words after "and" or a comma, inside an apposition to
 * a person named at the start of the sentence, is that whole phrase. The
 * new start, or sb. */
static uint32_t apposition_head(const ctx *c, uint32_t sb, uint32_t se) {
  if (se <= sb || !is_word(c, sb) || is_upper(c, sb) || sb < c->sent_begin + 3) return sb;
  if (!(tok_eq(c, sb - 1, "and") || is_char(c, sb - 1, ','))) return sb;
  for (uint32_t t = sb - 1, n = 0; t > c->sent_begin && n < 8; t--, n++) {
    if (is_char(c, t, ',') && t != sb - 1) {
      const hd_mention *m = mention_in(c, c->sent_begin, t, HD_ENT_PER);
      return m && m->tok_end == t && m->tok_begin == c->sent_begin ? m->tok_begin : sb;
    }
    if (tok_eq(c, t, "and") || is_char(c, t, ',')) continue;
    if (!is_word(c, t) || is_upper(c, t) || tok_cue_class(c, t) || in_list(c, t, HD_WL_CLAUSE)) return sb;
  }
  return sb;
}

/* The opening mark of the first quotation that opens a sentence after
 * content [cb, ce)'s first one, when the content before it holds no
 * quotation mark ("Fans booed the coach. “It was a bad day,” the coach
 * said": the quotation is the content, not the sentence before); or cb. */
static uint32_t quotation_start(const ctx *c, uint32_t cb, uint32_t ce) {
  for (uint32_t t = cb; t < ce; t++) {
    if (c->qid[t] != HD_NONE) {
      if (t == cb || !is_open_mark(c, t)) return cb;
      uint32_t s = t;
      while (s > cb && !is_word(c, s - 1) && c->qid[s - 1] == HD_NONE && !is_end_punct(c, s - 1)) s--;
      return c->a->tokens[s].flags & HD_TF_SENT_START || (s > 0 && is_end_punct(c, s - 1)) ? t : cb;
    }
  }
  return cb;
}

/* "Her biography appears in the exhibition", "She appeared at the gala":
 * seem and appear report a view before an infinitive, a clause or an
 * adjective ("appeared to concede", "seems that", "seem confident"), not
 * before a preposition, a determiner or nothing. Is the cue [kb, ke) such
 * a verb so placed? */
static int raising_alone(const ctx *c, uint32_t kb, uint32_t ke) {
  for (uint32_t t = kb; t < ke; t++) {
    if (!raising_verb(c, t, t + 1)) continue;
    uint32_t n = t + 1;
    while (n < c->a->n_tokens && n < ke + 1 && is_word(c, n) && lower_adverb(c, n)) n++;
    if (n >= c->a->n_tokens || !is_word(c, n)) return 1;
    if (tok_eq(c, n, "to") || tok_eq(c, n, "that") || tok_eq(c, n, "as") || tok_eq(c, n, "like")) return 0;
    if (in_list(c, n, HD_WL_PREP) || in_list(c, n, HD_WL_DETERMINER)) return 1; /* "appears in the exhibition" */
    /* "appeared dressed in scrubs": a participle with no clause or
     * infinitive after it ("seemed convinced that", "seemed determined to") */
    const hd_token *w = &c->a->tokens[n];
    size_t wl = hd_tok_len(w);
    if (wl > 4 && !is_upper(c, n) && !memcmp(hd_tok_ptr(c->a, w) + wl - 2, "ed", 2))
      return !(n + 1 < c->a->n_tokens && (tok_eq(c, n + 1, "that") || tok_eq(c, n + 1, "to")));
    return 0;
  }
  return 0;
}

/* Do tokens [b, e) open with a subordinating conjunction ("chanted
 * “...” as they tried to ...": after a content that opens with its
 * quotation, the time of the chant, not its words)? */
static int subordinate_after(const ctx *c, uint32_t b, uint32_t e) {
  if (b < e && is_char(c, b, ',')) b++;
  return b < e && subordinator(c, b);
}

/* Do tokens [b, e) open with a noun phrase and a verb of saying of the
 * hand lists ("witnesses reported, before ...")? */
static int starts_report(const ctx *c, uint32_t b, uint32_t e) {
  while (b < e && !is_word(c, b)) b++;
  uint32_t n = b < e ? np_right(c, b, e) : b;
  return n > b && n < e && c->qid[n] == HD_NONE && hand_cue(c, n, n + 1);
}

/* A content after its cue that runs over a second report ("chanted
 * “City Hall / same old story,” witnesses reported, before ..."): the
 * end of the quotation that a noun phrase and a verb of saying of the
 * hand lists follow (after an optional comma), or ce. */
static uint32_t quotation_before_frame(const ctx *c, uint32_t cb, uint32_t ce) {
  for (uint32_t t = cb; t + 2 < ce; t++) {
    if (c->qid[t] == HD_NONE || !is_close_mark(c, t)) continue;
    if (starts_report(c, t + 1, ce) || (is_open_mark(c, cb) && subordinate_after(c, t + 1, ce))) return t + 1;
  }
  return ce;
}

/* Is token i a finite verb: of the list, or a lower-case word of five or
 * more letters ending in -ed ("discounted")? */
static int finite_verb(const ctx *c, uint32_t i) {
  const hd_token *w = &c->a->tokens[i];
  const char *p = hd_tok_ptr(c->a, w);
  size_t n = hd_tok_len(w);
  if (hd_lex_has_lower(HD_LEX_ATTRIB_FINITE_VERBS, p, n)) return 1;
  return n > 4 && p[n - 2] == 'e' && p[n - 1] == 'd' && !memchr(p, '-', n);
}

/* Is the content [cb, ce) a noun phrase holding a term in quotation marks
 * rather than a quotation ("The so-called “river tax”", "Adam “The Wall”
 * Brenner")? Each quotation in it holds at most four words, no finite
 * verb and no sentence punctuation, and has a word right before its
 * opening mark (no comma or colon: it is part of the phrase); the words
 * outside the marks hold no finite verb or clause opener. */
static int term_content(const ctx *c, uint32_t cb, uint32_t ce) {
  int terms = 0;
  for (uint32_t t = cb; t < ce; t++) {
    if (c->qid[t] == HD_NONE) {
      if (is_word(c, t) && (clause_opener(c, t) || (!is_upper(c, t) && finite_verb(c, t)))) return 0;
      continue;
    }
    if (!is_open_mark(c, t) || t == 0 || !is_word(c, t - 1)) return 0;
    uint32_t qc = c->qs[c->qid[t]].close, words = 0;
    for (uint32_t u = t + 1; u < qc; u++) {
      if (is_char(c, u, '.') || is_char(c, u, '!') || is_char(c, u, '?') || is_char(c, u, ',')) return 0;
      if (is_word(c, u) && !is_upper(c, u) && finite_verb(c, u)) return 0;
      words += is_word(c, u);
    }
    if (words == 0 || words > 4 || qc >= ce) return 0;
    terms++;
    t = qc;
  }
  return terms > 0;
}

/* "called the storm “the worst in fifty years” and then left ...",
 * "described it as “a gift” before ...": a quotation that is the
 * predicate of a naming verb's object ends the statement. The content
 * [cb, ce) after its cue holds, before its first quotation, at most six
 * words with no finite verb or clause opener (an object, "X as"); the
 * quotation holds no finite verb (a name or a description, not a clause);
 * right after its closing mark (and a comma) comes "then", a subordinator
 * ("before", "while"), or "and"/"but" before "then", a subject pronoun or
 * a finite verb: the subject's next act. Returns the token after the
 * closing mark, or ce. */
static uint32_t naming_quotation_end(const ctx *c, uint32_t cb, uint32_t ce) {
  uint32_t qo = cb, words = 0;
  while (qo < ce && c->qid[qo] == HD_NONE) {
    if (is_word(c, qo) && (clause_opener(c, qo) || (!is_upper(c, qo) && finite_verb(c, qo)))) return ce;
    words += is_word(c, qo);
    qo++;
  }
  if (qo >= ce || words == 0 || words > 6 || !is_open_mark(c, qo)) return ce;
  uint32_t qc = c->qs[c->qid[qo]].close;
  if (qc + 2 >= ce) return ce;
  for (uint32_t t = qo + 1; t < qc; t++)
    if (is_word(c, t) && !is_upper(c, t) && finite_verb(c, t)) return ce;
  uint32_t n = qc + 1;
  if (is_char(c, n, ',')) n++;
  if (n + 1 >= ce) return ce;
  if (tok_eq(c, n, "then") || subordinator(c, n)) return qc + 1;
  if (!tok_eq(c, n, "and") && !tok_eq(c, n, "but")) return ce;
  /* "and a “grave threat”": a second predicate of the same naming, kept;
   * "and then left", "and she opened", "and referred to": the next act */
  uint32_t v = n + 1;
  if (!is_word(c, v) || is_upper(c, v)) return ce;
  return tok_eq(c, v, "then") || in_list(c, v, HD_WL_PRON_SUBJ) || finite_verb(c, v) ? qc + 1 : ce;
}

/* Do tokens [b, e) open with a relative word right after a comma
 * (", which foresees ...", ", who runs ...")? */
static int relative_aside(const ctx *c, uint32_t b, uint32_t e) {
  while (b < e && !is_word(c, b)) b++;
  if (b >= e || b == 0 || !is_char(c, b - 1, ',')) return 0;
  return relative_word(c, b) || tok_eq(c, b, "whose") || tok_eq(c, b, "whom");
}

/* "At one time, Owen said, crews were pumping water ...": a report set as
 * a parenthetical after a short fronted prepositional phrase reports the
 * clause after it, not the phrase alone.  A record whose content is just
 * such a phrase opening its sentence, followed by ", SOURCE CUE," and at
 * least three unquoted words to the sentence end, takes that clause as
 * its content.  O(tokens of the sentence) per record. */
static void fronted_adverbial(ctx *c, hd_quote *q) {
  const hd_article *a = c->a;
  if (q->type != HD_Q_INDIRECT || hd_span_is_none(q->content) || hd_span_is_none(q->cue) ||
      hd_span_is_none(q->source) || q->content.end > q->source.start || q->source.end > q->cue.start)
    return;
  uint32_t cb = token_at_byte(c, q->content.start), ce = token_at_byte(c, q->content.end - 1) + 1;
  uint32_t k = token_at_byte(c, q->cue.end - 1) + 1; /* the token after the cue */
  if (ce >= a->n_tokens || k >= a->n_tokens || !in_list(c, cb, HD_WL_PREP) || ce - cb > 5) return;
  if (!is_char(c, ce, ',') || !is_char(c, k, ',')) return;
  size_t lo = 0, hi = a->n_sentences; /* the sentence holding the content */
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (a->sentences[mid].tok_end <= cb) lo = mid + 1;
    else hi = mid;
  }
  if (lo >= a->n_sentences || a->sentences[lo].tok_begin != cb || a->sentences[lo].tok_end <= k) return;
  uint32_t end = a->sentences[lo].tok_end, words = 0;
  while (end > k + 1 && !is_word(c, end - 1)) end--;
  for (uint32_t t = k + 1; t < end; t++) {
    if (c->qid[t] != HD_NONE) return;
    words += is_word(c, t);
  }
  if (words < 3) return;
  q->content = tok_span(c, k + 1, end);
}

/* "The agency quoted the minister as saying (that) ...": the agency only
 * relays; the person speaks. When cue [*kb, *ke) holds "quoted" and, after
 * a noun phrase outside quotations in the same sentence, "as" and
 * saying/telling/writing follow, the source becomes that noun phrase
 * (without a trailing comma), the cue "as saying", and a content that
 * began before the frame's end starts after it (after a colon too). Not
 * for a passive ("X was quoted by the daily as saying": X speaks).
 * Returns 1 when it rewrote the spans. */
static int quoted_person_frame(const ctx *c, uint32_t *kb, uint32_t *ke, uint32_t *cb, uint32_t ce, uint32_t *sb,
                               uint32_t *se) {
  uint32_t k = HD_NONE;
  for (uint32_t t = *kb; t < *ke && k == HD_NONE; t++)
    if (tok_eq(c, t, "quoted")) k = t;
  if (k == HD_NONE || *cb < k || k + 1 >= c->sent_end) return 0; /* a content before the frame: not this shape */
  /* "X was quoted by the daily as saying": a passive, X speaks already */
  if (tok_eq(c, k + 1, "by") || (k > 0 && be_form(c, k - 1))) return 0;
  uint32_t lim = k + 2 + MAX_NP < c->sent_end ? k + 2 + MAX_NP : c->sent_end;
  for (uint32_t t = k + 2; t + 1 < lim; t++) {
    if (c->qid[t] != HD_NONE) return 0;
    if (!tok_eq(c, t, "as")) continue;
    if (!tok_eq(c, t + 1, "saying") && !tok_eq(c, t + 1, "telling") && !tok_eq(c, t + 1, "writing")) return 0;
    uint32_t after = t + 2, e = t;
    if (after < ce && is_char(c, after, ':')) after++;
    while (e > k + 1 && is_char(c, e - 1, ',')) e--;
    if (ce <= after || words_between(c, k + 1, e) == 0) return 0;
    *sb = k + 1;
    *se = e;
    *kb = t;
    *ke = t + 2;
    if (*cb < after) *cb = after;
    return 1;
  }
  return 0;
}

/* Is token t a past participle that can open a passive adjunct ("Asked",
 * "Pressed", "Told"): an -ed form other than "said", or "told"? */
static int opening_participle(const ctx *c, uint32_t t) {
  const hd_token *w = &c->a->tokens[t];
  const char *p = hd_tok_ptr(c->a, w);
  size_t n = hd_tok_len(w);
  if (tok_eq(c, t, "told")) return 1;
  return n > 4 && p[n - 2] == 'e' && p[n - 1] == 'd' && !tok_eq(c, t, "said");
}

/* Tokens t and t + 1: two words of one sentence, at most a space apart,
 * outside quotations. */
static int adjacent_words(const ctx *c, uint32_t t, const uint32_t *sent) {
  const hd_token *x = &c->a->tokens[t], *y = &c->a->tokens[t + 1];
  return sent[t] == sent[t + 1] && y->start <= x->end + 1 && is_word(c, t) && is_word(c, t + 1) &&
         c->qid[t] == HD_NONE && c->qid[t + 1] == HD_NONE;
}

/* Where PolNeAR puts a cue's edge between token t and the word after it
 * (hd_cue_edge): +1 the word is the cue's, -1 it is not, 0 unsure. */
static int cue_edge(const ctx *c, uint32_t t) {
  return hd_cue_edge(c->tk.low + c->tk.off[t], c->tk.low + c->tk.off[t + 1]);
}

/* A transcript quoted paragraph by paragraph ("\"WALLACE: Let's start
 * ..."): the turn's label and its colon lie inside the same quotation, and
 * the label is the speaker all the same (source_outside_quotes would
 * drop it). */
static int quoted_turn(const ctx *c, const tagged_span *cue, uint32_t sb) {
  return cue->e == cue->b + 1 && is_char(c, cue->b, ':') && c->qid[cue->b] != HD_NONE && c->qid[sb] == c->qid[cue->b];
}

/* The end of the clause subject starting at ss, before `limit`: a name,
 * pronoun or mention (subject_end, clause_subject), else a common noun
 * phrase up to its verb ("The union [has kept] ..."); ss when none. */
static uint32_t subject_np_end(const ctx *c, uint32_t ss, uint32_t limit) {
  uint32_t s2 = subject_end(c, ss, limit);
  clause_subject(c, &ss, &s2, limit);
  if (s2 > ss) return s2;
  s2 = np_right(c, ss, limit); /* a common noun phrase: "The union" */
  for (uint32_t t = ss + 1; t < s2; t++)
    if (in_list(c, t, HD_WL_AUX_ADV) || (!is_upper(c, t) && finite_verb(c, t))) return t;
  return s2;
}

/* "She [repeatedly] says", "The union kept quiet, [privately] telling
 * ...": a source the tagger gave as one lower-case adverb right before
 * the cue is the cue's, as PolNeAR marks it ("repeatedly says"). The
 * speaker is then the noun phrase the fallbacks find, or for a participle
 * after a comma its clause's subject; with neither, nothing changes.
 * Returns 1 with the cue's start and the source moved. */
static int adverb_source(const ctx *c, uint32_t *kb, uint32_t ke, uint32_t cb, uint32_t ce, uint32_t *sb, uint32_t *se) {
  uint32_t a = *sb;
  if (!is_word(c, a) || !(lower_adverb(c, a) || (!is_upper(c, a) && in_list(c, a, HD_WL_AUX_ADV)))) return 0;
  uint32_t nb = 0, ne = 0;
  fallback_source(c, a, ke, cb, ce, &nb, &ne);
  if (ne <= nb && a > c->sent_begin + 1 && is_char(c, a - 1, ',') && is_participle(c, ke - 1)) {
    nb = clause_start(c, c->sent_begin, a - 1);
    ne = subject_np_end(c, nb, a - 1);
  }
  if (ne <= nb) return 0;
  *kb = a;
  *sb = nb, *se = ne;
  return 1;
}

static void emit_tagged(ctx *c, tagged_spans *sp, size_t k, const uint32_t *para_of, const rule_records *rr) {
  tagged_span *con = &sp->v[k];
  size_t ki = link_cue(c, sp, k);
  hd_quote q;
  memset(&q, 0, sizeof q);
  q.confidence = 1.0f;
  q.content = tok_span(c, con->b, con->e);
  q.type = content_type(c, con->b, con->e);
  q.cue = q.source = hd_span_none();
  if (ki == HD_NONE || sp->v[ki].rec != HD_NONE) { /* a continuation of the record its cue made, or of the last */
    set_sentence(c, con->sb, para_of);
    const hd_quote *h = ki != HD_NONE && sp->v[ki].rec < c->a->n_quotes ? &c->a->quotes[sp->v[ki].rec] : NULL;
    /* an unquoted clause with no cue and no source of its own continues a
     * statement only inside the sentence of that statement's cue (a
     * content the cue splits: "Passengers, he said, should ..."); in
     * another sentence it has no speaker to take */
    if (q.type == HD_Q_INDIRECT && (ki == HD_NONE || sp->v[ki].sb != con->sb)) return;
    if (q.type == HD_Q_INDIRECT && !clausal_content(c, sp->v[ki].b, sp->v[ki].e, con->b, con->e)) return;
    if (h && !hd_span_is_none(h->source) && q.content.start < h->source.end && h->source.start < q.content.end)
      return; /* the statement's own source read as more content */
    if (!h && (!c->last.valid || c->cur_para - c->last.para > CONT_PARAS)) return;
    if (q.type != HD_Q_INDIRECT && term_content(c, con->b, con->e)) return; /* a nickname in marks: no quotation */
    /* "“...,” witnesses reported, before ...": a second report, not more content */
    if (h && q.type == HD_Q_INDIRECT && h->type != HD_Q_INDIRECT && h->content.end <= q.content.start) {
      for (uint32_t t = token_at_byte(c, h->content.end); t < con->b + 2 && t < con->e; t++)
        if (is_word(c, t) && c->qid[t] == HD_NONE && hand_cue(c, t, t + 1) &&
            !(c->a->tokens[t].start >= h->cue.start && c->a->tokens[t].end <= h->cue.end))
          return;
    }
    if (h && q.type == HD_Q_INDIRECT && short_gap(c, h->content.end, con->b) &&
        !(h->cue.start >= h->content.end && h->cue.start < q.content.start) &&
        !(h->source.start >= h->content.end && h->source.start < q.content.start)) { /* not over its own cue or source */
      c->a->quotes[sp->v[ki].rec].content.end = q.content.end; /* "told [by local officials] that ...": one content */
      return;
    }
    q.speaker = h ? h->speaker : c->last.identity;
    q.speaker_kind = h ? h->speaker_kind : c->last.kind;
    if (!h && c->ranker) { /* a cue-less quotation: whose, the ranker says */
      uint32_t r = ranked_speaker(c, HD_SPQ_CONTINUATION, 0, con->b, q.content, NULL, q.speaker);
      if (r != HD_NONE && r != q.speaker) {
        q.speaker = r;
        q.speaker_kind = identity_type(c, r) == HD_ENT_ORG ? HD_SPK_ORGANIZATION : HD_SPK_NAMED;
      }
    }
    HD_VEC_PUSH(c->a->quotes, c->a->n_quotes, c->a->cap_quotes, q);
    c->key[0] = 0;
    c->agree = agreement(c, rr, con->b, con->e, 0, 0);
    trace(c, HD_FRAME_CONTINUATION);
    return;
  }
  tagged_span *cue = &sp->v[ki];
  /* "“... the long trip. ¶ “I guess we ... I feel like ...”": a cue inside
   * a quotation continued over paragraphs is the quoted speaker's own
   * words, no report of its own (a transcript's "NAME:" turns quoted
   * paragraph by paragraph keep theirs: the colon is no word) */
  if (c->contq && c->contq[cue->b] && is_word(c, cue->b)) return;
  size_t si = link_source(sp, ki);
  uint32_t sb = si != HD_NONE ? sp->v[si].b : 0, se = si != HD_NONE ? sp->v[si].e : 0;
  if (si != HD_NONE && words_between(c, sb, se) == 0) /* "'There was smoke,' said ...": a mark names no one */
    si = HD_NONE, sb = se = 0;
  /* "According to Sgt. Olsen, a 41-[year-old man ... was driving]": a
   * content never starts inside a hyphenated word; it takes the word and
   * its article, and the source ends before them */
  if (con->b >= cue->e && con->b >= c->sent_begin + 2 && joined_hyphen(c, con->b - 1) && is_word(c, con->b - 2)) {
    uint32_t b = con->b - 2;
    while (b >= c->sent_begin + 2 && joined_hyphen(c, b - 1) && is_word(c, b - 2)) b -= 2;
    if (b > c->sent_begin && (tok_eq(c, b - 1, "a") || tok_eq(c, b - 1, "an") || tok_eq(c, b - 1, "the"))) b--;
    con->b = b;
    q.content = tok_span(c, con->b, con->e);
    if (si != HD_NONE && se > b && sb < b) se = b;
    else if (si != HD_NONE && sb >= b) si = HD_NONE, sb = se = 0;
  }
  set_sentence(c, cue->sb, para_of);
  if (q.type != HD_Q_DIRECT && con->b < cue->b) { /* "X, police said, according to the Tribune": the police's */
    uint32_t nb, ne, v, comma = inner_frame(c, con->b, con->e, &nb, &ne, &v);
    if (comma != HD_NONE) {
      con->e = comma;
      q.content = tok_span(c, con->b, con->e);
      q.type = content_type(c, con->b, con->e);
      cue->b = v;
      cue->e = v + 1;
      si = 0, sb = nb, se = ne;
    }
  }
  if (q.type == HD_Q_PARTIAL && con->b >= cue->e) { /* "chanted “...,” witnesses reported, before ...": the quotation */
    uint32_t qe = quotation_before_frame(c, con->b, con->e);
    if (qe == con->e) qe = naming_quotation_end(c, con->b, con->e); /* "called X “...” and then left" */
    if (qe != con->e) {
      con->e = qe;
      q.content = tok_span(c, con->b, con->e);
      q.type = content_type(c, con->b, con->e);
    }
  }
  if (q.type != HD_Q_INDIRECT && cue->sb > con->sb) { /* the quotation, not the sentence before it */
    uint32_t qb = quotation_start(c, con->b, con->e);
    if (qb != con->b) {
      con->b = qb;
      q.content = tok_span(c, con->b, con->e);
      q.type = content_type(c, con->b, con->e);
    }
  }
  /* "The so-called “river tax” ..., and the council expects": a term in
   * marks before its cue is no quotation */
  if (q.type != HD_Q_INDIRECT && con->e <= cue->b && term_content(c, con->b, con->e)) return;
  if (si != HD_NONE && time_only(c, sb, se)) si = HD_NONE, sb = se = 0; /* "Comey in June sharply criticized" */
  /* a source never opens with a preposition or a lower-case cue word
   * ("despite", "from", "said in the Oval Office"): the fallbacks below
   * look for the speaker instead */
  if (si != HD_NONE && is_word(c, sb) && !is_upper(c, sb) && (in_list(c, sb, HD_WL_PREP) || tok_cue_class(c, sb)))
    si = HD_NONE, sb = se = 0;
  if (si != HD_NONE && se == sb + 1 && se == cue->b && adverb_source(c, &cue->b, cue->e, con->b, con->e, &sb, &se))
    si = 0;
  /* "Several said": a capitalised word the tagger put at the head of the
   * cue, with no source found, is the source */
  if (si == HD_NONE && cue->b + 1 < cue->e && is_upper(c, cue->b) && !tok_cue_class(c, cue->b) &&
      !in_list(c, cue->b, HD_WL_AUX_ADV) && !tok_eq(c, cue->b, "according") && tok_cue_class(c, cue->b + 1)) {
    sb = cue->b;
    se = ++cue->b;
    si = 0; /* found */
  }
  /* a cue in the sentence after its content ("“…,” Trump said.") must be a
   * verb of saying or belief: "Tom Hale went on to play for Boston" does
   * not report the sentence before */
  if (q.type == HD_Q_INDIRECT && cue->sb > con->se && !strong_cue(c, cue->b, cue->e)) return;
  /* "He defended his budget, which foresees cuts ..., and said ...": a
   * relative clause set off by a comma before the cue describes a noun;
   * it is not what the cue reports (what follows the cue is, when the
   * tagger marked it) */
  if (q.type == HD_Q_INDIRECT && con->e <= cue->b && relative_aside(c, con->b, con->e)) return;
  /* "Fans booed the coach. “It was a bad day,” the coach said": a cue
   * whose own sentence holds its content before it reports that, not the
   * sentence before */
  if (q.type == HD_Q_INDIRECT && cue->sb > con->se)
    for (size_t j = k + 1; j < sp->n && sp->v[j].b < cue->b; j++)
      if (sp->v[j].kind == HD_SL_B_CON && sp->v[j].sb == cue->sb) return;
  uint32_t cb = con->b;
  if (si == HD_NONE && according_source(c, cue->b, cue->e, &cb, con->e)) sb = cue->e, se = cb - 1;
  /* "..., according to the Tribune": what follows "according to" is its
   * source, never its content */
  if (q.type == HD_Q_INDIRECT && tok_eq(c, cue->b, "according") && cb == con->b && con->b >= cue->e &&
      (con->b == cue->e || tok_eq(c, con->b, "to")))
    return;
  if (si == HD_NONE && se <= sb) fallback_source(c, cue->b, cue->e, con->b, con->e, &sb, &se);
  if (se <= sb) relative_subject(c, cue->b, &sb, &se);
  if (se > sb && !quoted_turn(c, cue, sb)) source_outside_quotes(c, &sb, &se);
  for (uint32_t t = sb + 1; t + 1 < se; t++) /* a dateline: "WASHINGTON (Capital Wire) - Meridia" */
    if (c->a->tokens[t].kind == HD_TOK_DASH && is_char(c, t - 1, ')')) sb = t + 1;
  /* "members who [opposed the merger said]": a source ending in a
   * relative word takes the clause the tagger put in the cue; the cue is
   * its last verb of saying or belief */
  if (se > sb && se == cue->b && relative_word(c, se - 1))
    for (uint32_t t = cue->e; t-- > cue->b + 1;)
      if (tok_cue_class(c, t) & (HD_CUE_SPEECH | HD_CUE_BELIEF)) {
        se = cue->b = t;
        break;
      }
  relative_antecedent(c, cue->b, &sb, &se);
  while (se > sb + 1 && is_word(c, se - 1) &&
         ((in_list(c, se - 1, HD_WL_CLAUSE) && !tok_eq(c, se - 1, "who")) || in_list(c, se - 1, HD_WL_AUX_ADV) ||
          tok_eq(c, se - 1, "cannot") || tok_eq(c, se - 1, "not")))
    se--; /* "the Washington Post that": the source ends before the clause word */
  if (se == sb + 1 && (tok_eq(c, sb, "the") || tok_eq(c, sb, "a") || tok_eq(c, sb, "an") || tok_eq(c, sb, "there")))
    sb = se = 0; /* an article or "There" alone names no one */
  if (q.type == HD_Q_INDIRECT && se == sb + 1 && relative_word(c, sb) &&
      !clausal_content(c, cue->b, cue->e, cb, con->e))
    return; /* "Okoro, who questioned the chief executive last month, said": an act inside a relative clause */
  /* "which"/"that" is never the source: "court records, which show ..."
   * is the records'; with no antecedent, no source. ("who" stays: PolNeAR
   * marks it as the source and the speaker step reads the person before
   * it; taking the antecedent there cost dev source exact 0.664 -> 0.660) */
  if (se == sb + 1 && (tok_eq(c, sb, "which") || tok_eq(c, sb, "that"))) {
    uint32_t b = sb >= c->sent_begin + 2 && is_char(c, sb - 1, ',') && np_token(c, sb - 2)
                     ? np_left(c, sb - 2, c->sent_begin) : HD_NONE;
    if (b != HD_NONE && b <= sb - 2) se = sb - 1, sb = b;
    else sb = se = 0;
  }
  on_platform_source(c, &sb, se);
  whole_name_source(c, cue->b, &sb, &se);
  sb = apposition_head(c, sb, se);
  /* "who pointedly", "which has strongly", "it further": adverbs and
   * auxiliaries at a source's end are the cue's; "Mr. Burman (": an
   * opening bracket neither */
  while (se > sb + 1 && ((is_word(c, se - 1) && !is_upper(c, se - 1) &&
                          (lower_adverb(c, se - 1) || in_list(c, se - 1, HD_WL_AUX_ADV))) ||
                         is_char(c, se - 1, '(')))
    se--;
  /* "Mara Lind discounted [rumors]": a verb right after the name, before
   * the cue, is the cue's (the source is the name) */
  if (se > sb + 1 && se == cue->b && is_word(c, se - 1) && !is_upper(c, se - 1) && c->tk.ment[se - 2] != 0xff &&
      c->qid[se - 1] == HD_NONE && finite_verb(c, se - 1))
    cue->b = --se;
  /* "many new social programs she": a source ending in he/she/they is that
   * pronoun (the words before it belong to the clause before) */
  if (se > sb + 1 && (tok_eq(c, se - 1, "he") || tok_eq(c, se - 1, "she") || tok_eq(c, se - 1, "they")) &&
      is_word(c, se - 2) && !tok_eq(c, se - 2, "and") && !tok_eq(c, se - 2, "or"))
    sb = se - 1;
  /* "Mr. Kamin, who", "there are some economists who": PolNeAR marks the
   * relative pronoun alone, the speaker step reads the person before it */
  if (se > sb + 1 && tok_eq(c, se - 1, "who")) sb = se - 1;
  /* "Mr. Grassley and [Mr. Leahy]", "RT and [its defenders]": a source after
   * "and" takes the conjunct before it when that opens the sentence */
  if (se > sb && sb >= c->sent_begin + 2 && tok_eq(c, sb - 1, "and") && np_token(c, sb - 2)) {
    uint32_t b = np_left(c, sb - 2, c->sent_begin), t = c->sent_begin;
    while (b != HD_NONE && t < b && (is_char(c, t, ',') || in_list(c, t, HD_WL_CLAUSE) || tok_eq(c, t, "both") ||
                                     sentence_adverb(c, t)))
      t++;
    if (b != HD_NONE && t == b && !in_list(c, b, HD_WL_TIME) && c->qid[b] == HD_NONE) sb = b;
  }
  /* "Scott Pruitt, the Republican attorney general of Oklahoma, one of the
   * states suing the EPA,": a second aside after a name's apposition
   * describes the apposition, not the speaker */
  if (se > sb + 4 && is_char(c, se - 1, ',') && mention_in(c, sb, sb + 4, HD_ENT_PER)) {
    uint32_t commas[3], nc = 0;
    for (uint32_t t = sb; t < se && nc < 3; t++)
      if (is_char(c, t, ',')) commas[nc++] = t;
    uint32_t words = 0;
    for (uint32_t t = nc == 3 ? commas[1] + 1 : se; t < commas[2] && nc == 3; t++) words += is_word(c, t);
    /* not a place's state ("of Springfield, Va.,") */
    if (nc == 3 && commas[2] == se - 1 && commas[1] > commas[0] + 1 && words >= 2) se = commas[1] + 1;
  }
  /* "Caddell, said": a comma after a source with no apposition is not its own */
  if (se > sb + 1 && is_char(c, se - 1, ',')) {
    uint32_t t = sb;
    while (t < se - 1 && !is_char(c, t, ',') && !is_char(c, t, '(') && c->a->tokens[t].kind != HD_TOK_DASH) t++;
    if (t == se - 1) se--;
  }
  /* "Three board members ...": a source starts at its determiner or number */
  while (se > sb && sb > c->sent_begin && is_word(c, sb - 1) && c->qid[sb - 1] == HD_NONE &&
         in_list(c, sb - 1, HD_WL_DETERMINER) && !in_list(c, sb - 1, HD_WL_CLAUSE) && !in_list(c, sb, HD_WL_DETERMINER) &&
         !in_list(c, sb, HD_WL_PRON_SUBJ) && np_token(c, sb))
    sb--;
  /* "Their first chants were about the coach": a possessive alone before
   * a noun cue is its owner, and the noun reports something only with a
   * clause ("his claim that ...", "her promise to ...") */
  if (q.type == HD_Q_INDIRECT && se == sb + 1 && possessive_pronoun(c, sb)) {
    uint32_t f = con->b;
    while (f < con->e && !is_word(c, f)) f++;
    if (f >= con->e || !(clause_opener(c, f) || (tok_eq(c, f, "to") && infinitive(c, f, con->e)))) return;
  }
  /* "the Service ... to determine whether": an infinitive is no report;
   * "It seems that ...": no one holds the belief */
  if (q.type == HD_Q_INDIRECT && tok_eq(c, cue->b, "to")) return;
  if (se == sb + 1 && (tok_eq(c, sb, "it") || tok_eq(c, sb, "there")) && raising_verb(c, cue->b, cue->e)) return;
  if (q.type == HD_Q_INDIRECT && cb + 2 < con->e && tok_eq(c, cb, "not") && tok_eq(c, cb + 1, "to") && tok_eq(c, cb + 2, "be"))
    return; /* "who asked not to be named": the source's anonymity, no statement */
  /* "seems to agree with Putin that ...": the hearer or object after a
   * cue ending in a preposition belongs to the cue; the content is the
   * that-clause */
  if (q.type != HD_Q_DIRECT && cb == cue->e && cue->e > cue->b && in_list(c, cue->e - 1, HD_WL_PREP))
    for (uint32_t t = cb + 1; t < con->e && t < cb + 6 && np_token(c, t - 1); t++)
      if (tok_eq(c, t, "that") && t + 2 < con->e) {
        if (q.type == HD_Q_INDIRECT) cue->e = t;
        cb = t;
        break;
      }
  if (cb != con->b) {
    con->b = cb;
    q.content = tok_span(c, cb, con->e);
  }
  cue_key(c, cue->b, cue->e);
  if (q.type == HD_Q_INDIRECT && !reporting_cue(c, cue->b, cue->e, con->b)) return;
  if (q.type != HD_Q_DIRECT && gated_cue(c, cue->b, cue->e)) return;
  if (q.type != HD_Q_DIRECT && frame_gated(c, cue->b, cue->e, con->b, con->e)) return;
  /* "pests known as “leaf hoppers”", "a town known as Little Rome": a
   * name given, no one's statement */
  for (uint32_t t = cue->b; t < cue->e; t++)
    if (tok_eq(c, t, "known") && t + 1 < c->a->n_tokens && tok_eq(c, t + 1, "as")) return;
  /* "looked out his window and saw ...": a cue ending in a verb's particle
   * that is no learned two-word cue ("pointed out" is) and holds no verb
   * of saying of the hand lists is a phrasal verb of another sense */
  if (q.type != HD_Q_DIRECT && cue->e >= cue->b + 2 && particle(c, cue->e - 1) && !hand_cue(c, cue->b, cue->e) &&
      !(is_word(c, cue->e - 2) && hd_cue_bigram(c->tk.low + c->tk.off[cue->e - 2], c->tk.low + c->tk.off[cue->e - 1])))
    return;
  /* "expressed worry for the fishermen", "voiced support for the plan": a
   * noun of attitude and its topic after the cue, no clause, state no
   * content */
  if (q.type == HD_Q_INDIRECT && con->b >= cue->e && attitude_topic(c, con->b, con->e) &&
      !clausal_content(c, cue->b, cue->e, con->b, con->e))
    return;
  /* "The rocket blasted off from the coast": a particle after the verb
   * is the verb's, and a content that opens with it states nothing */
  if (q.type == HD_Q_INDIRECT && con->b == cue->e && particle(c, con->b) &&
      !clausal_content(c, cue->b, cue->e, con->b, con->e))
    return;
  /* "The Jays answered, as they often do, ...": an adverbial clause; a
   * lone wh-word or relative ("which it says") states nothing */
  if (q.type == HD_Q_INDIRECT && con->b >= cue->e && adverbial_content(c, con->b, con->e)) return;
  if (q.type == HD_Q_INDIRECT && words_between(c, con->b, con->e) == 1 && con->e <= cue->b) {
    uint32_t f = con->b;
    while (f < con->e && !is_word(c, f)) f++;
    if (f < con->e && (clause_opener(c, f) || relative_word(c, f))) return;
  }
  /* an unquoted statement needs someone who makes it: with no source
   * found ("No single blow appeared to cause serious damage", "Support
   * for NATO ...", "urging on the runners as they passed"), no record
   * (dev: content P 0.928 -> 0.933, F1 0.756 -> 0.755, speaker accuracy
   * 0.916 -> 0.920, records without speaker 9.0% -> 8.1%) */
  if (q.type == HD_Q_INDIRECT && se <= sb) return;
  /* "According to police, ..." reports its own sentence only */
  if (tok_eq(c, cue->b, "according") && (cue->sb < con->sb || cue->sb > con->se)) return;
  if (q.type == HD_Q_INDIRECT && object_between(c, cue->b, cue->e, con->b)) return;
  if (q.type == HD_Q_INDIRECT && modal_belief(c, cue->b, cue->e, con->b, con->e)) return;
  /* "BlueWake says it did", "rejected the accusation", "has said little
   * in public": too little after the cue to state anything */
  if (q.type == HD_Q_INDIRECT && con->b >= cue->e && bare_content(c, cue->b, cue->e, con->b, con->e))
    return;
  /* "Kerry hopes to salvage the truce", "a process that seeks to stop":
   * an aim, not a statement; a verb of saying takes one ("urged Congress
   * to act", "vowed to fight") */
  if (q.type == HD_Q_INDIRECT && aim_only(c, cue->b, cue->e, con->b, con->e)) return;
  /* "a process that seeks to stop ...": the subject of a cue right after
   * a relative "that"/"which" is the noun phrase the clause describes;
   * a thing with no verb of saying is no speaker */
  if (q.type == HD_Q_INDIRECT && relative_cue_subject(c, cue->b, &sb, &se) &&
      !hand_cue(c, cue->b, cue->e) && thing_source(c, sb, se))
    return;
  /* "cannot agree on how many ...", "could not say whether ...": no one
   * states anything */
  if (q.type == HD_Q_INDIRECT && con->b >= cue->e && cannot_cue(c, cue->b, con->b, con->e)) return;
  /* "tests found that ...": a thing is no speaker; only a verb of saying
   * or belief of the hand lists gives it a voice ("the report said") */
  if (q.type == HD_Q_INDIRECT && evidence_cue(c, cue->b, cue->e) && thing_source(c, sb, se)) return;
  /* a plain object ("approved the plan", "wrote a letter") is no
   * statement unless the cue takes one in train; a hand-list cue after
   * its content takes any ("The museum, Mr. Bush said, ..."), and so does
   * a headline's ("Reyes Warns Farmers of Dry Summer") */
  if (q.type == HD_Q_INDIRECT && !(strong_cue(c, cue->b, cue->e) && np_cue(c, cue->b, cue->e)) &&
      !(con->e <= cue->b && hand_cue(c, cue->b, cue->e)) && !headline_cue(c, cue->b) &&
      !clausal_content(c, cue->b, cue->e, con->b, con->e))
    return;
  if (passive_cue(c, cue->b, cue->e, con->b) && (q.type == HD_Q_INDIRECT || !quoted_as(c, cue->b, cue->e))) return;
  if (raising_alone(c, cue->b, cue->e)) return;
  /* the cue is the verb: "said Saturday", "confirmed on Sunday" end at the
   * verb; a particle the verb selects stays ("called on", cue_edge) */
  while (cue->e > cue->b + 1 && in_list(c, cue->e - 1, HD_WL_TIME) &&
         !(is_word(c, cue->e - 2) && cue_edge(c, cue->e - 2) > 0))
    cue->e--;
  if (q.type == HD_Q_INDIRECT && con->b + 1 < con->e && tok_eq(c, con->b, "to") && tok_eq(c, con->b + 1, "comment"))
    return; /* "declined to comment on the case": a refusal states nothing */ /* "Clinton aimed to hit high notes" */
  if (q.type == HD_Q_INDIRECT && time_content(c, con->b, con->e)) return; /* "reported on Monday" */
  if (q.type == HD_Q_INDIRECT && refusal(c, cue->b, cue->e, con->b, con->e))
    return; /* "He declined to say where she is", "would not specify any details" */
  /* "You remember the old mill", "you can see why": the reader addressed,
   * no one's statement */
  if (q.type == HD_Q_INDIRECT && se == sb + 1 && tok_eq(c, sb, "you") && c->qid[sb] == HD_NONE) return;
  if (quoted_person_frame(c, &cue->b, &cue->e, &con->b, con->e, &sb, &se)) {
    q.content = tok_span(c, con->b, con->e);
    q.type = content_type(c, con->b, con->e);
  }
  q.cue = tok_span(c, cue->b, cue->e);
  q.source = tok_span(c, sb, se);
  classify_source(c, &q, sb, se);
  const hd_mention *quoted = quoted_as_saying(c, cue->b, cue->e);
  if (quoted && quoted->identity != HD_NONE) {
    q.speaker = quoted->identity;
    q.speaker_kind = HD_SPK_NAMED;
  }
  /* "Asked whether the port would close, Mayor Pole said: ...": a past
   * participle opening the sentence, with the name after its content, is
   * a passive adjunct; the one named was asked, and reports in the record
   * of the sentence's own verb */
  if (q.type == HD_Q_INDIRECT && cue->b == c->sent_begin && cue->e == cue->b + 1 && sb >= con->e &&
      opening_participle(c, cue->b))
    return;
  cue->rec = (uint32_t)c->a->n_quotes;
  HD_VEC_PUSH(c->a->quotes, c->a->n_quotes, c->a->cap_quotes, q);
  c->agree = agreement(c, rr, con->b, con->e, cue->b, cue->e);
  trace(c, con->b >= cue->e ? HD_FRAME_FORWARD : HD_FRAME_TRAILING);
  remember(c, &q);
}

static void relabel(uint8_t *lab, uint32_t b, uint32_t e, uint8_t first) {
  for (uint32_t t = b; t < e; t++) lab[t] = t == b ? first : (uint8_t)(first + 1);
}

/* Post-posed sources ("…, said prison spokesman Al Quintero."; "“…,”
 * said Fauzi, an official of the agency."): a one-word speech cue right
 * after a comma or a closing quotation mark, followed by a short name
 * phrase (a person or organisation mention in its first four tokens) that
 * runs to the end of the sentence, is the inverted frame: the name phrase
 * is the source and the clause before the comma (the quotation, or the
 * sentence up to the comma) the content. The tagger saw few of these
 * (PolNeAR is mostly "X said") and tends to read the name phrase as the
 * content and the clause before as the source; its labels are turned
 * around. */
#define INVERTED_MAX_SOURCE 20
/* Is [b, e) a name phrase, not a clause: optional role or title words
 * ("prison spokesman"), a person or organisation mention starting in its
 * first four tokens (possessives joining mentions: "NBC's Dante Chinni"),
 * then the end, an apposition (a comma) or an affiliation ("of the
 * agency")? "Clinton reached out to ..." and "Mr. Obama's remarks" are
 * not. */
static const hd_mention *mention_starting(const ctx *c, uint32_t t) {
  for (size_t k = 0; k < c->a->n_mentions && c->a->mentions[k].tok_begin <= t; k++) {
    const hd_mention *x = &c->a->mentions[k];
    if (x->tok_begin == t && (x->type == HD_ENT_PER || x->type == HD_ENT_ORG)) return x;
  }
  return NULL;
}

static int name_phrase(const ctx *c, uint32_t b, uint32_t e) {
  uint32_t m = b;
  while (m < e && m < b + 4 && !mention_starting(c, m)) m++;
  const hd_mention *x = m < e ? mention_starting(c, m) : NULL;
  if (!x || x->tok_end > e) return 0;
  /* role words may precede the name ("prison spokesman", "terminal manager"), not a
   * preposition, determiner or verb ("reached out to X") */
  if (m > b && !in_list(c, m - 1, HD_WL_ROLE) && !in_list(c, m - 1, HD_WL_TITLE) && !is_upper(c, m - 1) &&
      (in_list(c, m - 1, HD_WL_PREP) || in_list(c, m - 1, HD_WL_DETERMINER) || tok_cue_class(c, m - 1) ||
       lower_adverb(c, m - 1)))
    return 0;
  for (uint32_t t = b; t < m; t++)
    if (!is_word(c, t) || in_list(c, t, HD_WL_AUX_ADV) || in_list(c, t, HD_WL_CLAUSE)) return 0;
  uint32_t cur = x->tok_end;
  while (cur + 1 < e && (tok_eq(c, cur, "'s") || tok_eq(c, cur, "\xe2\x80\x99s")) && mention_starting(c, cur + 1) &&
         mention_starting(c, cur + 1)->tok_end <= e)
    cur = mention_starting(c, cur + 1)->tok_end;
  return cur == e || is_char(c, cur, ',') || tok_eq(c, cur, "of") || tok_eq(c, cur, "at") || tok_eq(c, cur, "from") ||
         tok_eq(c, cur, "for") || tok_eq(c, cur, "with");
}

static void repair_inverted(ctx *c, uint8_t *lab, const uint32_t *sent) {
  const hd_article *a = c->a;
  uint32_t n = (uint32_t)a->n_tokens;
  for (uint32_t k = 1; k + 1 < n; k++) {
    int after_quote = is_close_mark(c, k - 1) && c->qid[k - 1] != HD_NONE;
    /* the tagger's cue with the name phrase as its content, or (after a
     * quotation) "said NAME" swallowed into the quotation's content */
    int cue_then_content = lab[k] == HD_SL_B_CUE && lab[k + 1] == HD_SL_B_CON;
    int inside_content = after_quote && lab[k] == HD_SL_I_CON && lab[k + 1] == HD_SL_I_CON;
    if (!cue_then_content && !inside_content) continue;
    if (!(tok_cue_class(c, k) & HD_CUE_SPEECH) || (tok_cue_class(c, k) & HD_CUE_WEAK)) continue;
    if (!after_quote && !is_char(c, k - 1, ',')) continue;
    uint32_t s = sent[k], se = a->sentences[s].tok_end, ce = k + 2;
    while (ce < se && lab[ce] == HD_SL_I_CON) ce++;
    uint32_t last = se;
    while (last > k + 1 && a->tokens[last - 1].kind == HD_TOK_PUNCT) last--; /* the sentence's final stop */
    if (ce > last) ce = last;
    if (ce < last || ce <= k + 1 || ce - (k + 1) > INVERTED_MAX_SOURCE || !name_phrase(c, k + 1, ce)) continue;
    uint32_t cb, cend;
    if (after_quote) {
      cb = c->qs[c->qid[k - 1]].open;
      cend = k;
    } else {
      cb = a->sentences[s].tok_begin;
      cend = k - 1;
    }
    if (cb >= cend) continue;
    relabel(lab, k + 1, ce, HD_SL_B_SRC);
    relabel(lab, cb, cend, HD_SL_B_CON);
    lab[k] = HD_SL_B_CUE;
    for (uint32_t t = ce; t < se && (lab[t] == HD_SL_I_CON || lab[t] == HD_SL_I_SRC); t++) lab[t] = HD_SL_O;
  }
}

/* "Jackson was on probation for a drunken driving arrest, he said.":
 * a content run of the tagger that ends with ", PRONOUN SPEECH-VERB" and
 * the sentence's stop swallowed its own source and cue; they are given
 * back (the pronoun SOURCE, the verb CUE, the content up to the comma). */
static void repair_tail_cue(ctx *c, uint8_t *lab, const uint32_t *sent) {
  const hd_article *a = c->a;
  uint32_t n = (uint32_t)a->n_tokens;
  for (uint32_t k = 2; k + 1 < n; k++) {
    if (lab[k] != HD_SL_I_CON || lab[k + 1] != HD_SL_I_CON || !is_char(c, k - 1, ',')) continue;
    if (lab[k - 1] != HD_SL_I_CON && lab[k - 1] != HD_SL_B_CON) continue;
    if (!in_list(c, k, HD_WL_PRON_SUBJ) || relative_word(c, k)) continue;
    if (!(tok_cue_class(c, k + 1) & HD_CUE_SPEECH) || (tok_cue_class(c, k + 1) & HD_CUE_WEAK)) continue;
    uint32_t se = a->sentences[sent[k]].tok_end, last = se;
    while (last > k + 2 && a->tokens[last - 1].kind == HD_TOK_PUNCT) last--;
    if (last != k + 2) continue; /* ", he said" must end the sentence */
    lab[k - 1] = HD_SL_O;
    lab[k] = HD_SL_B_SRC;
    lab[k + 1] = HD_SL_B_CUE;
    for (uint32_t t = k + 2; t < se && lab[t] == HD_SL_I_CON; t++) lab[t] = HD_SL_O;
  }
}

/* A cue nested in a statement ("He said his supplier had promised a
 * delivery by Friday"; "... she would wait for July before deciding
 * whether to plant"): a CUE run that starts right where a CONTENT run
 * ends, that content following an earlier cue of the same sentence with
 * no SOURCE between them, is part of the outer statement; the cue and
 * the content after it become content, so the outer statement is kept
 * whole instead of being cut to "his supplier" plus an inner record. */
static int content_label(uint8_t l) { return l == HD_SL_B_CON || l == HD_SL_I_CON; }

static void fold_nested_cues(const ctx *c, uint8_t *lab, const uint32_t *sent, uint32_t n) {
  uint32_t outer_cue_sent = HD_NONE, con_sent = HD_NONE;
  int source_since = 0, relative = 0; /* relative: the last source was "who" (the outer cue is in a relative clause) */
  for (uint32_t t = 0; t < n; t++) {
    uint8_t l = lab[t];
    if (t > 0 && sent[t] != sent[t - 1]) outer_cue_sent = con_sent = HD_NONE, source_since = relative = 0;
    if (l == HD_SL_B_SRC) source_since = 1, relative = relative_word(c, t);
    if (l == HD_SL_B_CUE) {
      /* right after the content, or after one comma that closes an aside
       * ("the finding, if confirmed, showed that"); not a participle
       * ("..., adding that": a second report of the same source) */
      int after = t > 0 && content_label(lab[t - 1]);
      if (!after && t > 1 && is_char(c, t - 1, ',') && content_label(lab[t - 2])) {
        const hd_token *w = &c->a->tokens[t];
        size_t wn = hd_tok_len(w);
        after = !(wn > 4 && !memcmp(hd_tok_ptr(c->a, w) + wn - 3, "ing", 3));
      }
      int nested = after && con_sent == sent[t] && outer_cue_sent == sent[t] && !source_since &&
                   !(relative && !content_label(lab[t - 1]));
      if (nested) {
        uint32_t u = t;
        if (!content_label(lab[t - 1])) lab[t - 1] = HD_SL_I_CON;
        while (u < n && sent[u] == sent[t] && lab[u] != HD_SL_O && lab[u] != HD_SL_B_SRC && lab[u] != HD_SL_I_SRC &&
               !(u > t && lab[u] == HD_SL_B_CUE))
          lab[u++] = HD_SL_I_CON;
        t = u - 1;
        continue;
      }
      outer_cue_sent = sent[t];
      con_sent = HD_NONE;
      source_since = 0;
    }
    if (l == HD_SL_B_CON && outer_cue_sent == sent[t]) con_sent = sent[t];
  }
}

/* A second report joined to a first ("The ministry initially reported
 * ten deaths, but an activist later said at least forty ..."; "..., while
 * the mayor told reporters that ..."): inside an unquoted CONTENT run, a
 * comma and a contrast conjunction (but, while, whereas, although,
 * though, yet), "but" or "whereas" alone, or a semicolon, followed by a noun phrase of its own,
 * optional auxiliaries or adverbs and a finite verb of saying or belief of
 * the hand lists, open a new clause with its own subject and speech verb:
 * the first content ends before the comma, the noun phrase becomes a
 * SOURCE, the verb a CUE and the rest of the run its CONTENT. A report
 * joined by "and" is left alone: "said prices rose and analysts expect
 * ..." is as often one statement reporting another. */
#define SECOND_REPORT_ADVERBS 3
static int contrast_joiner(const ctx *c, uint32_t j) {
  const hd_token *w = &c->a->tokens[j];
  return is_word(c, j) && hd_lex_has_lower(HD_LEX_ATTRIB_CONTRAST_JOINERS, hd_tok_ptr(c->a, w), hd_tok_len(w));
}

static uint32_t second_report_cue(const ctx *c, uint32_t k, uint32_t lim, uint32_t *subj_end) {
  if (k >= lim || !is_word(c, k) || relative_word(c, k)) return HD_NONE;
  uint32_t se = np_right(c, k, lim);
  if (se <= k || se >= lim) return HD_NONE;
  /* a subject: it opens with a capital, a determiner, a subject or
   * possessive pronoun or a number, or holds a name ("leading Republican
   * X"); no verb inside ("..., but will not resign amid calls") */
  if (!(is_upper(c, k) || in_list(c, k, HD_WL_DETERMINER) || in_list(c, k, HD_WL_PRON_SUBJ) ||
        possessive_pronoun(c, k) || c->a->tokens[k].kind == HD_TOK_NUM || mention_in(c, k, se, -1)))
    return HD_NONE;
  for (uint32_t t = k; t < se; t++)
    if (c->qid[t] != HD_NONE || (is_word(c, t) && !is_upper(c, t) && (in_list(c, t, HD_WL_AUX_ADV) || finite_verb(c, t))))
      return HD_NONE;
  uint32_t v = se, adv = 0;
  while (v < lim && adv < SECOND_REPORT_ADVERBS && is_word(c, v) &&
         (in_list(c, v, HD_WL_AUX_ADV) || lower_adverb(c, v)) && !tok_cue_class(c, v)) {
    if (be_form(c, v)) return HD_NONE; /* a passive: "could not be confirmed", "were told" */
    v++, adv++;
  }
  if (v >= lim || c->qid[v] != HD_NONE || is_upper(c, v)) return HD_NONE;
  int cls = tok_cue_class(c, v);
  if (!(cls & (HD_CUE_SPEECH | HD_CUE_BELIEF)) || (cls & (HD_CUE_LEARNED | HD_CUE_WEAK))) return HD_NONE;
  const hd_token *w = &c->a->tokens[v];
  size_t wn = hd_tok_len(w);
  if (wn > 4 && !memcmp(hd_tok_ptr(c->a, w) + wn - 3, "ing", 3)) return HD_NONE; /* a participle: "..., but officials saying" */
  if (words_between(c, v + 1, lim) < 3) return HD_NONE; /* "..., but she did not say": nothing reported */
  *subj_end = se;
  return v;
}

static void split_second_report(const ctx *c, uint8_t *lab, const uint32_t *sent, uint32_t n) {
  for (uint32_t j = 2; j + 2 < n; j++) {
    if (lab[j] != HD_SL_I_CON || c->qid[j] != HD_NONE || sent[j] != sent[j - 1]) continue;
    uint32_t k;
    if (is_char(c, j, ';')) k = j + 1;
    else if (is_char(c, j, ',') && contrast_joiner(c, j + 1) && lab[j + 1] == HD_SL_I_CON) k = j + 2;
    else if (tok_eq(c, j, "but") || tok_eq(c, j, "whereas")) k = j + 1; /* "... criteria but the firm said" */
    else continue;
    uint32_t lim = k;
    while (lim < n && lab[lim] == HD_SL_I_CON && sent[lim] == sent[j]) lim++;
    uint32_t subj_end, v = second_report_cue(c, k, lim, &subj_end);
    if (v == HD_NONE) continue;
    uint32_t end = lim;
    while (end < n && lab[end] == HD_SL_I_CON) end++; /* the content may run on past the sentence */
    for (uint32_t t = j; t < k; t++) lab[t] = HD_SL_O;
    relabel(lab, k, subj_end, HD_SL_B_SRC);
    relabel(lab, subj_end, v + 1, HD_SL_B_CUE);
    relabel(lab, v + 1, end, HD_SL_B_CON);
    j = v;
  }
}

/* A quotation nested in a statement goes to its inner speaker ("Officer
 * Lee said the driver told him, “I never saw the light,” ..."): a
 * CONTENT run of a noun phrase (after an optional "that") and a verb of
 * saying of the hand lists (with an optional object pronoun), followed by
 * a comma or colon and a quoted CONTENT run, becomes SOURCE and CUE, so
 * the quotation links to the inner verb and its subject. */
static void inner_quote_speaker(const ctx *c, uint8_t *lab, const uint32_t *sent, uint32_t n) {
  for (uint32_t b = 0; b < n; b++) {
    if (lab[b] != HD_SL_B_CON) continue;
    uint32_t e = b + 1;
    while (e < n && lab[e] == HD_SL_I_CON) e++;
    uint32_t q = e, v = e - 1, ce = e;
    if (q < n && lab[q] == HD_SL_O && is_word(c, q) && in_list(c, q, HD_WL_PRON_OBJ)) ce = ++q; /* "told him" */
    if (q < n && lab[q] == HD_SL_O && (is_char(c, q, ',') || is_char(c, q, ':'))) q++;
    if (v > b && ce == e && in_list(c, v, HD_WL_PRON_OBJ)) v--;
    if (q >= n || sent[q] != sent[b] || lab[q] != HD_SL_B_CON || !is_open_mark(c, q) || v <= b) continue;
    int cls = tok_cue_class(c, v);
    if (!(cls & HD_CUE_SPEECH) || (cls & (HD_CUE_LEARNED | HD_CUE_WEAK)) || c->qid[v] != HD_NONE) continue;
    uint32_t nb = b + (tok_eq(c, b, "that") ? 1 : 0);
    if (nb >= v || np_left(c, v - 1, nb) != nb) continue;
    for (uint32_t t = nb; t < v; t++) {
      if (c->qid[t] != HD_NONE || (is_word(c, t) && !is_upper(c, t) && tok_cue_class(c, t))) goto next;
    }
    if (nb > b) lab[b] = HD_SL_O;
    relabel(lab, nb, v, HD_SL_B_SRC);
    relabel(lab, v, ce, HD_SL_B_CUE);
  next:
    b = e - 1;
  }
}

/* Replaces the rules' records (already in a->quotes, the tagger's
 * features) by the records the span tagger's spans link into. */
/* A transcript turn: a paragraph that opens (after an optional quotation
 * mark) with a speaker label in capitals and a colon ("PENCE: Well,
 * look, ...", "JAKE TAPPER: ..."); the colon's end, or HD_NONE. */
#define TURN_MAX_NAME 3
static uint32_t turn_colon(const ctx *c, uint32_t tb, uint32_t te) {
  uint32_t t = tb;
  if (t < te && is_open_mark(c, t)) t++;
  uint32_t n = 0;
  for (; t < te && is_word(c, t) && n < TURN_MAX_NAME; t++, n++) {
    const hd_token *w = &c->a->tokens[t];
    const char *p = hd_tok_ptr(c->a, w);
    size_t len = hd_tok_len(w), letters = 0;
    for (size_t i = 0; i < len; i++) {
      if (p[i] >= 'a' && p[i] <= 'z') return HD_NONE;
      letters += p[i] >= 'A' && p[i] <= 'Z';
    }
    if (letters < 2) return HD_NONE;
  }
  if (n == 0 || t + 3 >= te || !is_char(c, t, ':')) return HD_NONE;
  if (mention_in(c, t - n, t, HD_ENT_LOC)) return HD_NONE; /* a dateline, "WASHINGTON:" */
  return t;
}

/* Transcripts: when at least three paragraphs of the article are turns
 * (one or two are more likely a dateline or section headings), each turn's label
 * is the source, its colon the cue and the rest of the paragraph the
 * content, whatever labels the tagger gave. */
static void repair_transcript(ctx *c, uint8_t *lab) {
  const hd_article *a = c->a;
  uint32_t turns = 0;
  for (int pass = 0; pass < 2; pass++)
    for (size_t p = 0; p < a->n_paragraphs; p++) {
      uint32_t sb, se, tb, te;
      if (!hd_paragraph_range(a, p, &sb, &se, &tb, &te)) continue;
      uint32_t colon = turn_colon(c, tb, te);
      if (colon == HD_NONE) continue;
      if (pass == 0) {
        turns++;
        continue;
      }
      if (turns < 3) return;
      uint32_t nb = is_open_mark(c, tb) ? tb + 1 : tb, ce = te;
      while (ce > colon + 1 && (is_double_mark(c, ce - 1) || is_close_mark(c, ce - 1))) ce--;
      if (ce <= colon + 1) continue;
      for (uint32_t t = tb; t < te; t++) lab[t] = HD_SL_O;
      relabel(lab, nb, colon, HD_SL_B_SRC);
      lab[colon] = HD_SL_B_CUE;
      relabel(lab, colon + 1, ce, HD_SL_B_CON);
    }
}

/* A credit line after a quotation ("“...” ― Mara Quell", "\"...\" -
 * Ilse Varga, Northfield.", "... -Councillor Ann Brody, writing ..."):
 * letters pages, vox pops, fact-check lists and epigraphs name the speaker
 * after a dash instead of a verb. A closing mark of a paired quotation
 * followed by a dash (in its paragraph, or opening the next one) and one
 * to CREDIT_MAX_NAME capitalised words (a name, titles included), which
 * end at a comma, a full stop, a bracket, a quotation mark or the
 * paragraph's end, make a record whatever labels the tagger gave, when
 * the quotation is a sentence of its own (it opens its sentence or
 * follows another credit): the quotation its content, the dash its cue,
 * the words its source, as PolNeAR marks them (train: 22 gold cues that
 * are a mark, 16 missed before; this finds 6 more on train, all right).
 * The dash opens the next sentence, so link_cue takes a one-mark cue right
 * at a content's end first. */
#define CREDIT_MAX_NAME 5

static int dash_token(const ctx *c, uint32_t t) {
  static const char *const dashes[] = {"-", "--", "\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x80\x95"};
  uint8_t k = c->a->tokens[t].kind;
  if (k == HD_TOK_WORD || k == HD_TOK_NUM) return 0;
  for (size_t i = 0; i < sizeof dashes / sizeof *dashes; i++)
    if (tok_eq(c, t, dashes[i])) return 1;
  return 0;
}

static uint32_t credit_name_end(const ctx *c, uint32_t b, uint32_t pe) {
  uint32_t t = b;
  while (t < pe && t < b + CREDIT_MAX_NAME && is_word(c, t) && is_upper(c, t)) {
    t++;
    if (t < pe && is_char(c, t, '.') && hd_tok_len(&c->a->tokens[t - 1]) == 1) t++; /* an initial: "Edwin G. Monroy" */
  }
  if (t == b) return HD_NONE;
  if (t == pe || is_char(c, t, ',') || is_char(c, t, '.') || is_char(c, t, '(') || is_open_mark(c, t) ||
      is_double_mark(c, t))
    return t;
  return HD_NONE;
}

/* Does a credit ("― NAME") end right before token t? */
static int after_credit(const ctx *c, uint32_t t) {
  uint32_t b = t;
  while (b > 0 && t - b < CREDIT_MAX_NAME + 2 && (is_word(c, b - 1) ? is_upper(c, b - 1) : is_char(c, b - 1, '.'))) b--;
  return b < t && b > 0 && dash_token(c, b - 1) && credit_name_end(c, b, t) == t;
}

/* Where a credit after the mark ending token k of paragraph p (tokens
 * [tb, te)) must end: its paragraph's end, or the next paragraph's when
 * the mark ends this one and the credit is a line of its own; HD_NONE
 * when the next paragraph does not follow at once. */
static uint32_t credit_bound(const hd_article *a, size_t p, uint32_t k, uint32_t te) {
  uint32_t sb, se, nb, ne;
  if (k + 1 < te) return te;
  if (p + 1 < a->n_paragraphs && hd_paragraph_range(a, p + 1, &sb, &se, &nb, &ne) && nb == te) return ne;
  return HD_NONE;
}

static void repair_dash_credit(ctx *c, uint8_t *lab, const uint32_t *sent) {
  const hd_article *a = c->a;
  uint32_t sb, se, tb, te;
  for (size_t p = 0; p < a->n_paragraphs; p++) {
    if (!hd_paragraph_range(a, p, &sb, &se, &tb, &te)) continue;
    for (uint32_t k = tb + 1; k < te && k + 2 < a->n_tokens; k++) {
      if (c->qid[k] == HD_NONE || !is_close_mark(c, k) || !dash_token(c, k + 1)) continue;
      uint32_t end = credit_bound(a, p, k, te);
      if (end == HD_NONE) continue;
      uint32_t open = c->qs[c->qid[k]].open, ne = credit_name_end(c, k + 2, end);
      /* a quoted sentence (opening its sentence, or right after another
       * credit: "“A.” ― NAME “B.” ― NAME"), not a phrase quoted inside one
       * ("called him “my friend.” - NAME") */
      if (ne == HD_NONE || open + 1 >= k || (a->sentences[sent[open]].tok_begin != open && !after_credit(c, open)))
        continue;
      relabel(lab, open, k + 1, HD_SL_B_CON);
      lab[k + 1] = HD_SL_B_CUE;
      relabel(lab, k + 2, ne, HD_SL_B_SRC);
      if (ne < end && (lab[ne] == HD_SL_I_CON || lab[ne] == HD_SL_I_SRC || lab[ne] == HD_SL_I_CUE)) lab[ne] = HD_SL_O;
    }
  }
}

/* Headlines in title case ("Clinton Urges Britain to Remain in European
 * Union", "Trump Could Address Clean Energy, Lindsey Graham Says"): a
 * capitalised verb of saying or belief of the hand lists, not the first
 * word, with a short name phrase before it (no comma) and the rest after
 * it, or at the end after ", NAME": source, cue and content, whatever
 * labels the tagger gave. */
#define HEADLINE_MAX_SOURCE 6
static void repair_headline(ctx *c, uint8_t *lab) {
  const hd_article *a = c->a;
  for (size_t s = 0; s < a->n_sentences; s++) {
    uint32_t sb = a->sentences[s].tok_begin, se = a->sentences[s].tok_end;
    if (se > a->n_tokens) se = (uint32_t)a->n_tokens;
    while (se > sb && (a->tokens[se - 1].kind == HD_TOK_PUNCT)) se--;
    if (se <= sb + 3 || !title_case(c, sb, se)) continue;
    for (uint32_t k = sb + 1; k < se; k++) {
      int cls = tok_cue_class(c, k);
      if (!is_upper(c, k) || !(cls & (HD_CUE_SPEECH | HD_CUE_BELIEF)) || (cls & (HD_CUE_LEARNED | HD_CUE_WEAK)))
        continue;
      uint32_t comma = HD_NONE;
      for (uint32_t t = sb; t < k; t++)
        if (!is_word(c, t) && !np_token(c, t)) comma = t;
      if (c->qid[k] != HD_NONE) break;
      if (k + 1 == se && comma != HD_NONE && is_char(c, comma, ',') && k - comma - 1 <= 5 && comma > sb + 1 &&
          k > comma + 1) { /* "..., Lindsey Graham Says" */
        for (uint32_t t = sb; t < se; t++) lab[t] = HD_SL_O;
        relabel(lab, sb, comma, HD_SL_B_CON);
        relabel(lab, comma + 1, k, HD_SL_B_SRC);
        lab[k] = HD_SL_B_CUE;
      } else if (comma == HD_NONE && k - sb <= HEADLINE_MAX_SOURCE && se - k >= 3) { /* "Clinton Urges Britain ..." */
        for (uint32_t t = sb; t < se; t++) lab[t] = HD_SL_O;
        relabel(lab, sb, k, HD_SL_B_SRC);
        lab[k] = HD_SL_B_CUE;
        relabel(lab, k + 1, se, HD_SL_B_CON);
      }
      break;
    }
  }
}

/* A speaker named in an apposition before a cue that addresses a medium
 * ("“The wards are full,” Omar Haddad, a doctor at the city hospital,
 * told AFP."): the tagger reads the name and its apposition as more
 * content and the medium after the cue as the source. A one-word cue of
 * saying of the hand lists right after a comma, with no content after it
 * in its sentence, whose CONTENT run before it ends in ", NAME-PHRASE,"
 * (a person or organisation mention opening a name phrase, then an
 * apposition) after a closing quotation mark or a comma, takes the name
 * phrase as its SOURCE; the content ends before the comma, and what
 * follows the cue (the hearer: "told AFP", "told reporters") is no source,
 * as "AGENCY quoted PERSON as saying" gives PERSON. */
#define MEDIUM_MAX_SOURCE 20
static void repair_medium_source(ctx *c, uint8_t *lab, const uint32_t *sent, uint32_t n) {
  for (uint32_t k = 3; k < n; k++) {
    if (lab[k] != HD_SL_B_CUE || (k + 1 < n && lab[k + 1] == HD_SL_I_CUE) || !is_char(c, k - 1, ',') ||
        !content_label(lab[k - 2]) || c->qid[k] != HD_NONE)
      continue;
    int cls = tok_cue_class(c, k);
    if (!(cls & HD_CUE_SPEECH) || (cls & (HD_CUE_LEARNED | HD_CUE_WEAK))) continue;
    uint32_t se = k + 1;
    while (se < n && sent[se] == sent[k] && !content_label(lab[se])) se++;
    if (se < n && sent[se] == sent[k]) continue; /* "told AFP that ...": the content follows */
    uint32_t lo = k > MEDIUM_MAX_SOURCE + 2 ? k - MEDIUM_MAX_SOURCE - 2 : 1, p = HD_NONE;
    for (uint32_t t = k - 2; t > lo && content_label(lab[t]) && sent[t] == sent[k]; t--) {
      int mark = is_close_mark(c, t) && c->qid[t] != HD_NONE, comma = is_char(c, t, ',') && c->qid[t] == HD_NONE;
      if ((mark || comma) && content_label(lab[t - 1]) && t + 2 < k - 1 && mention_starting(c, t + 1) &&
          name_phrase(c, t + 1, k - 1)) {
        p = t;
        break;
      }
    }
    if (p == HD_NONE) continue;
    uint32_t f = p;
    while (f > 0 && content_label(lab[f - 1]) && sent[f - 1] == sent[k]) f--;
    while (f < p && !is_word(c, f)) f++;
    if (in_list(c, f, HD_WL_PREP)) continue; /* "In his filing, Redstone, who ..., said": an adverbial, no content */
    if (!is_close_mark(c, p)) lab[p] = HD_SL_O; /* the quotation keeps its mark */
    relabel(lab, p + 1, k - 1, HD_SL_B_SRC);
    lab[k - 1] = HD_SL_O;
    for (uint32_t t = k + 1; t < se; t++) lab[t] = HD_SL_O;
  }
}

/* "In fact, according to the union, the owners had planned ...": a
 * sentence adverb or short opener before ", according to X," is no
 * content; the clause after X is. A CUE "according" (with "to") right
 * after a comma, whose sentence opens with at most FRONTED_MAX_WORDS
 * words before that comma with no finite verb, and whose source noun
 * phrase ends at the next comma with at least three words after it in
 * the sentence: the opener becomes O, the noun phrase the SOURCE, the
 * rest of the sentence the CONTENT, whatever labels the tagger gave. */
#define FRONTED_MAX_WORDS 3
static void repair_fronted_according(ctx *c, uint8_t *lab, const uint32_t *sent, uint32_t n) {
  for (uint32_t k = 2; k + 3 < n; k++) {
    if (!tok_eq(c, k, "according") || !tok_eq(c, k + 1, "to") || !is_char(c, k - 1, ',') || c->qid[k] != HD_NONE)
      continue;
    const hd_sentence *s = &c->a->sentences[sent[k]];
    uint32_t sb = s->tok_begin, se = s->tok_end;
    if (words_between(c, sb, k - 1) > FRONTED_MAX_WORDS || words_between(c, sb, k - 1) == 0) continue;
    /* an adverbial opener, not the clause's subject ("The documents,
     * according to X, would ..."): a preposition, a sentence adverb or an
     * -ly adverb first */
    uint32_t f = sb;
    while (f < k - 1 && !is_word(c, f)) f++;
    if (!(in_list(c, f, HD_WL_PREP) || sentence_adverb(c, f) || lower_adverb(c, f) ||
          (is_upper(c, f) && hd_tok_len(&c->a->tokens[f]) > 4 && !memcmp(c->a->text + c->a->tokens[f].end - 2, "ly", 2))))
      continue;
    int verb = 0;
    for (uint32_t t = sb; t < k - 1; t++) verb |= c->qid[t] != HD_NONE || (is_word(c, t) && !is_upper(c, t) && finite_verb(c, t));
    if (verb) continue;
    uint32_t comma = k + 2;
    while (comma < se && !is_char(c, comma, ',') && c->qid[comma] == HD_NONE) comma++;
    uint32_t last = se;
    while (last > comma + 1 && c->a->tokens[last - 1].kind == HD_TOK_PUNCT) last--;
    if (comma >= se || comma == k + 2 || !is_char(c, comma, ',') || words_between(c, comma + 1, last) < 3) continue;
    /* "according to Mara Lind, a spokeswoman, the firm ...": an
     * apposition (an article or role word, no verb, up to a second comma)
     * is the source's */
    uint32_t c2 = comma + 1;
    if (c2 < last && (tok_eq(c, c2, "a") || tok_eq(c, c2, "an") || tok_eq(c, c2, "the") || in_list(c, c2, HD_WL_ROLE))) {
      while (c2 < last && c2 < comma + 9 && !is_char(c, c2, ',') && !(is_word(c, c2) && !is_upper(c, c2) && finite_verb(c, c2))) c2++;
      if (c2 < last && is_char(c, c2, ',') && words_between(c, c2 + 1, last) >= 3) comma = c2;
    }
    for (uint32_t t = sb; t < se; t++) lab[t] = HD_SL_O;
    relabel(lab, k, k + 2, HD_SL_B_CUE);
    relabel(lab, k + 2, comma, HD_SL_B_SRC);
    relabel(lab, comma + 1, last, HD_SL_B_CON);
  }
}

/* A cue's right edge as PolNeAR draws it (learned from train,
 * data/lexicons/attrib_cue_edges.txt): a verb keeps the particle or
 * preposition it selects ("called for", "called on", "focused on"), and
 * a closed-class word that opens an adjunct ("said in", "wrote on") is
 * left out. The tagger sees single tokens and their neighbours and splits
 * such pairs both ways; the table settles each pair seen at least 5 times
 * by the side PolNeAR puts it on 80% of the time or more (hd_cue_edge).
 * A word taken into the cue is O or the first word of a content of two or
 * more words (that content then starts one word later); a word left out
 * becomes O. Train: 52 cue edges made right, 5 made wrong. */
static void repair_cue_edges(const ctx *c, uint8_t *lab, const uint32_t *sent, uint32_t n) {
  for (uint32_t b = 0; b < n; b++) {
    if (lab[b] != HD_SL_B_CUE) continue;
    uint32_t e = b + 1;
    while (e < n && lab[e] == HD_SL_I_CUE) e++;
    if (e < n && adjacent_words(c, e - 1, sent) && cue_edge(c, e - 1) > 0) {
      if (lab[e] == HD_SL_O) {
        lab[e] = HD_SL_I_CUE;
      } else if (lab[e] == HD_SL_B_CON && e + 1 < n && lab[e + 1] == HD_SL_I_CON && sent[e + 1] == sent[e]) {
        lab[e] = HD_SL_I_CUE;
        lab[e + 1] = HD_SL_B_CON;
      }
    } else if (e >= b + 2 && adjacent_words(c, e - 2, sent) && cue_edge(c, e - 2) < 0) {
      lab[e - 1] = HD_SL_O;
    }
    b = e - 1;
  }
}

static void span_pass(ctx *c, const hd_span_model *sm) {
  hd_article *a = c->a;
  size_t nt = a->n_tokens;
  uint8_t *inq = hd_xmalloc(nt), *lab = hd_xcalloc(nt, 1);
  for (size_t i = 0; i < nt; i++) inq[i] = c->qid[i] != HD_NONE;
  hd_span_input x;
  hd_span_hints h = {&c->tk, c->mscore, c->knows};
  hd_span_input_init_ex(&x, a, c->model, inq, &h);
  uint32_t *para_of = hd_xcalloc(a->n_sentences + 1, sizeof *para_of);
  for (size_t p = 0; p < a->n_paragraphs; p++) {
    uint32_t sb, se, tb, te;
    if (!hd_paragraph_range(a, p, &sb, &se, &tb, &te)) continue;
    for (uint32_t s = sb; s < se; s++) para_of[s] = (uint32_t)p;
    if (hd_span_worth_tagging(&x, tb, te)) hd_span_tag(sm, &x, tb, te, lab + tb);
  }
  repair_inverted(c, lab, x.sent);
  repair_tail_cue(c, lab, x.sent);
  repair_transcript(c, lab);
  repair_headline(c, lab);
  repair_dash_credit(c, lab, x.sent);
  fold_nested_cues(c, lab, x.sent, (uint32_t)nt);
  split_second_report(c, lab, x.sent, (uint32_t)nt);
  inner_quote_speaker(c, lab, x.sent, (uint32_t)nt);
  repair_medium_source(c, lab, x.sent, (uint32_t)nt);
  repair_fronted_according(c, lab, x.sent, (uint32_t)nt);
  repair_cue_edges(c, lab, x.sent, (uint32_t)nt);
  tagged_spans sp = {0};
  collect_spans(lab, x.sent, nt, &sp);
  rule_records rr = {hd_xmalloc((a->n_quotes + 1) * sizeof *a->quotes), a->n_quotes};
  if (a->n_quotes) memcpy(rr.v, a->quotes, a->n_quotes * sizeof *a->quotes);
  a->n_quotes = 0;
  c->ntr = 0;
  memset(&c->last, 0, sizeof c->last);
  memset(&c->last_quoted, 0, sizeof c->last_quoted);
  memset(&c->last_person, 0, sizeof c->last_person);
  memset(c->spoke, 0, (a->n_identities + 1) * sizeof *c->spoke);
  c->contq = hd_xcalloc(nt ? nt : 1, 1);
  pair_quotations_ex(c, c->contq);
  for (size_t k = 0; k < sp.n; k++)
    if (sp.v[k].kind == HD_SL_B_CON) emit_tagged(c, &sp, k, para_of, &rr);
  hd_free(c->contq);
  c->contq = NULL;
  for (size_t i = 0; i < a->n_quotes; i++) fronted_adverbial(c, &a->quotes[i]);
  hd_free(rr.v);
  hd_free(sp.v);
  hd_free(para_of);
  hd_span_input_free(&x);
  hd_free(inq);
  hd_free(lab);
}

/* One record per statement, partial spans, confidence, threshold
 * (statements.c). */
static void finish(ctx *c, const hd_cue_model *conf_model, float min_conf) {
  hd_quotation_span *qs = hd_xmalloc((c->nq ? c->nq : 1) * sizeof *qs);
  for (size_t i = 0; i < c->nq; i++) {
    qs[i].start = c->a->tokens[c->qs[i].open].start;
    qs[i].end = c->a->tokens[c->qs[i].close].end;
  }
  hd_statements_finish(c->a, c->traces, &c->ntr, qs, c->nq, conf_model, min_conf);
  hd_free(qs);
}

static void quote_mask(const hd_article *a, uint8_t *inq) {
  ctx c;
  ctx_init(&c, (hd_article *)a, 0, NULL, 0);
  for (size_t i = 0; i < a->n_tokens; i++) inq[i] = c.qid[i] != HD_NONE;
  ctx_free(&c);
}

static void speaker_inputs(const hd_article *a, uint8_t *inq, int8_t *gender) {
  ctx c;
  ctx_init(&c, (hd_article *)a, 0, NULL, 0);
  for (size_t i = 0; i < a->n_tokens; i++) inq[i] = c.qid[i] != HD_NONE;
  if (a->n_identities) memcpy(gender, c.gender, a->n_identities);
  ctx_free(&c);
}

void hd_attrib_speaker_inputs(const hd_article *a, uint8_t *inq, int8_t *gender) {
  hd_article *w = (hd_article *)a; /* only its arena changes, for scratch */
  HD_IN_ARENA(w, speaker_inputs(a, inq, gender));
}

void hd_attrib_quote_mask(const hd_article *a, uint8_t *inq) {
  hd_article *w = (hd_article *)a; /* only its arena changes, for scratch */
  HD_IN_ARENA(w, quote_mask(a, inq));
}

/* ---- a person the tagger typed otherwise ----
 * "Faith Commons, director of the shelter, said": a name of two or three
 * capitalised words opening with a given name
 * (data/lexicons/given_name_gender.txt), not ending in an organisation
 * designator ("Inc", "Group"), set off by a comma and followed within four
 * words, before any other punctuation, by a lower-case title or role word
 * ("director", "spokeswoman", "lawyer"; not a modifier such as "former")
 * is a person for this stage, whatever NER typed, so "she said" after it
 * can go to her. The stage sees such mentions and their identities as
 * persons and gives the article its own types back when it is done: the
 * entity layers other stages and the store read stay NER's. */
static int word_lower_at(const hd_article *a, uint32_t t, char *buf) {
  const hd_token *x = &a->tokens[t];
  return x->kind == HD_TOK_WORD && hd_word_lower(hd_tok_ptr(a, x), hd_tok_len(x), buf, 32) > 0;
}

static int apposed_person(const hd_article *a, const hd_mention *m) {
  uint32_t n = m->tok_end - m->tok_begin;
  if (m->type == HD_ENT_PER || n < 2 || n > 3 || m->tok_end + 2 >= a->n_tokens) return 0;
  for (uint32_t t = m->tok_begin; t < m->tok_end; t++) {
    const hd_token *x = &a->tokens[t];
    if (x->kind != HD_TOK_WORD || !(a->text[x->start] >= 'A' && a->text[x->start] <= 'Z')) return 0;
  }
  const hd_token *first = &a->tokens[m->tok_begin], *last = &a->tokens[m->tok_end - 1];
  if (!hd_lex_has(HD_LEX_GIVEN_NAME_GENDER, hd_tok_ptr(a, first), hd_tok_len(first)) ||
      hd_lex_has_lower(HD_LEX_RESOLVE_ORG_DESIGNATORS, hd_tok_ptr(a, last), hd_tok_len(last)))
    return 0;
  const hd_token *comma = &a->tokens[m->tok_end];
  if (comma->kind != HD_TOK_PUNCT || hd_tok_len(comma) != 1 || a->text[comma->start] != ',') return 0;
  static const char *const MODIFIERS[] = {"former", "state", "foreign", "special", "vice", "prime", "defense", "deputy"};
  for (uint32_t t = m->tok_end + 1; t < a->n_tokens && t <= m->tok_end + 4; t++) {
    const hd_token *x = &a->tokens[t];
    if (x->kind == HD_TOK_APOS) continue; /* "the shelter's director" */
    char buf[32];
    if (x->kind != HD_TOK_WORD) return 0;
    if (!word_lower_at(a, t, buf) || a->text[x->start] < 'a' || a->text[x->start] > 'z') continue;
    if (!hd_in_wordlist(HD_WL_TITLE, buf) && !hd_in_wordlist(HD_WL_ROLE, buf)) continue;
    for (size_t i = 0; i < sizeof MODIFIERS / sizeof *MODIFIERS; i++)
      if (!strcmp(buf, MODIFIERS[i])) return 0;
    return 1;
  }
  return 0;
}

/* Types such mentions and their identities as persons; returns the
 * article's own mention types then identity types (arena), or NULL when
 * nothing changed. */
static uint8_t *persons_view(hd_article *a) {
  uint8_t *orig = NULL;
  for (size_t m = 0; m < a->n_mentions; m++) {
    hd_mention *x = &a->mentions[m];
    if (!apposed_person(a, x)) continue;
    if (!orig) {
      orig = hd_xmalloc(a->n_mentions + a->n_identities + 1);
      for (size_t i = 0; i < a->n_mentions; i++) orig[i] = a->mentions[i].type;
      for (size_t i = 0; i < a->n_identities; i++) orig[a->n_mentions + i] = a->identities[i].type;
    }
    x->type = HD_ENT_PER;
    if (x->identity < a->n_identities) a->identities[x->identity].type = HD_ENT_PER;
  }
  if (orig) /* every mention of a person's identity is the person's */
    for (size_t m = 0; m < a->n_mentions; m++)
      if (a->mentions[m].identity < a->n_identities && a->identities[a->mentions[m].identity].type == HD_ENT_PER)
        a->mentions[m].type = HD_ENT_PER;
  return orig;
}

static void restore_types(hd_article *a, uint8_t *orig) {
  if (!orig) return;
  for (size_t i = 0; i < a->n_mentions; i++) a->mentions[i].type = orig[i];
  for (size_t i = 0; i < a->n_identities; i++) a->identities[i].type = orig[a->n_mentions + i];
  hd_free(orig);
}

/* Fills a->quotes; returns the traces (in the arena) and their count,
 * and, when asks is non-NULL, the cue tagger's decision points (arena). */
static hd_quote_trace *attribute_article(hd_article *a, int filter, const hd_cue_model *model,
                                         size_t *n_traces, hd_cue_ask **asks, size_t *nasks) {
  *n_traces = 0;
  if (!a || a->n_tokens == 0) return NULL;
  uint8_t *types = persons_view(a);
  ctx c;
  ctx_init(&c, a, filter, model, 1);
  c.observe_asks = asks != NULL;
  for (size_t p = 0; p < a->n_paragraphs; p++) {
    c.cur_para = (uint32_t)p;
    const hd_paragraph *par = &a->paragraphs[p];
    for (uint32_t s = par->sent_begin; s < par->sent_end && s < a->n_sentences; s++)
      attribute_sentence(&c, &a->sentences[s]);
  }
  const hd_span_model *sm = model ? hd_cue_model_span(model) : NULL;
  float min_conf = model ? hd_cue_model_min_confidence(model) : 0.0f;
  /* with a span tagger, the rules' records are only its features: no
   * confidence for them (the statement step still makes them one per
   * statement) */
  finish(&c, sm ? NULL : model, min_conf);
  if (sm) {
    span_pass(&c, sm);
    finish(&c, model, min_conf);
  }
  hd_quote_trace *traces = c.traces;
  *n_traces = c.ntr;
  c.traces = NULL;
  if (asks) {
    *asks = c.asks;
    *nasks = c.nasks;
    c.asks = NULL;
  }
  ctx_free(&c);
  restore_types(a, types);
  /* the learned record filter (record_filter.h), on the article as the stage leaves it */
  if (hd_cue_model_has_conf(model)) hd_record_filter_apply(a, traces, n_traces, model, min_conf);
  return traces;
}

/* A heap copy (malloc) of n items of size sz, or NULL. */
static void *heap_copy(const void *p, size_t n, size_t sz) {
  void *q = p && n ? malloc(n * sz) : NULL;
  if (q) memcpy(q, p, n * sz);
  return q;
}

/* The traces and asks are copied to the heap (malloc) for the caller to
 * free(), since the stage's own memory lives in the article's arena. */
void hd_attribute_ex(hd_article *a, int filter, const hd_cue_model *model, hd_quote_trace **traces) {
  hd_attribute_traced(a, filter, model, traces, NULL, NULL);
}

void hd_attribute_traced(hd_article *a, int filter, const hd_cue_model *model, hd_quote_trace **traces,
                         hd_cue_ask **asks, size_t *nasks) {
  if (traces) *traces = NULL;
  if (asks) *asks = NULL;
  if (nasks) *nasks = 0;
  if (!a) return;
  hd_quote_trace *tr = NULL;
  hd_cue_ask *as = NULL;
  size_t n = 0, na = 0;
  HD_IN_ARENA(a, tr = attribute_article(a, filter, model, &n, asks ? &as : NULL, &na));
  if (traces) *traces = heap_copy(tr, n, sizeof *tr);
  if (asks) {
    *asks = heap_copy(as, na, sizeof *as);
    if (nasks) *nasks = *asks ? na : 0;
  }
}
