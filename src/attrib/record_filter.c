/*
 * record_filter.c: the learned record filter (record_filter.h): its
 * features, scoring, the model file and the step that applies it at the
 * end of the attribution stage.
 *
 * Features (every one a template over general properties of a record;
 * none names a word of the labelled data, though the cue word and the
 * content's first word are values of two templates, learned like any
 * other weight):
 *  - the record's type, frame and speaker kind, whether the speaker
 *    resolved to an identity, the NER type of the source;
 *  - the cue's head word (auxiliaries and -ly adverbs skipped): its class
 *    in the cue lists (hand speech or belief list, learned table, weak,
 *    none, punctuation), the frame it stands in (cue_gate.h: that-clause,
 *    to-infinitive, quotation, bare clause, object pronoun, preposition,
 *    noun phrase, end), and the smoothed share of its lemma's PolNeAR
 *    train occurrences that are cues, overall and in that frame (the cue
 *    gate's counts, bucketed); its suffix (-ing, -ed, -s), capitalisation
 *    away from a sentence start, a determiner or possessive before it (a
 *    noun used as cue: "his announcement"), the number of cue tokens;
 *  - voice: a form of "be" right before the cue's head (passive: the
 *    subject is the addressee or topic, "was told", "were asked");
 *  - what follows the cue (a complement word, "to", a quotation mark, a
 *    colon, a comma, an object pronoun, a preposition, a determiner, a
 *    capitalised word);
 *  - the content: its first word's class and form, whether it holds a
 *    finite verb (data/lexicons/attrib_finite_verbs.txt), the first
 *    preposition before any finite verb ("X as Y", "X for Y", "X of Y":
 *    the cue's object taken as content), its length, what follows its
 *    end (sentence end, comma, a word: cut mid-sentence), whether it
 *    comes before the cue, partial quotations, continued pieces;
 *  - the source: its length, the case of its first letter, whether it is
 *    a pronoun or ends in a possessive; for a pronoun, how many persons
 *    the text named in its sentence and the one before (the wrong one of
 *    two people just named);
 *  - the line: no final punctuation, mostly title-case words, a colon
 *    among the first words ("Label: clause"), words in capitals, the
 *    article's first sentence;
 *  - the stage's confidence (bucketed, and by type) and the span tagger's
 *    agreement with the rules (the trace).
 * Each feature is the XXH32 of "name=value" masked to HD_RF_BITS bits.
 */
#include "attrib/record_filter.h"

#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "attrib/cue_gate.h"
#include "attrib/cue_model.h"
#include "attrib/cues.h"
#include "pipeline.h"
#include "util/buf.h"
#include "util/lexicon.h"

/* ---- features ---- */

typedef struct {
  uint32_t *out;
  size_t n;
  const char *cls; /* the cue's class, once known */
} fbuf;

static void add(fbuf *b, const char *name, const char *v) {
  char buf[96];
  int n = snprintf(buf, sizeof buf, "%s=%s", name, v);
  if (n < 0) return;
  if ((size_t)n >= sizeof buf) n = (int)sizeof buf - 1;
  if (b->n < HD_RF_MAX_FEATS) b->out[b->n++] = XXH32(buf, (size_t)n, 0x7f11) & (HD_RF_SIZE - 1);
}

static void add2(fbuf *b, const char *name, const char *v1, const char *v2) {
  char v[64];
  snprintf(v, sizeof v, "%s|%s", v1, v2);
  add(b, name, v);
}

static int has(hd_span s) { return !hd_span_is_none(s) && s.end > s.start; }

/* How many tokens have their end (by_end) or their start + 1 at or before
 * byte `at`: the first token ending after `at` (by_end), or one past the
 * last token starting before `at`. Binary search. */
static uint32_t tokens_upto(const hd_article *a, uint32_t at, int by_end) {
  size_t lo = 0, hi = a->n_tokens;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    uint32_t key = by_end ? a->tokens[mid].end : a->tokens[mid].start + 1;
    if (key <= at) lo = mid + 1;
    else hi = mid;
  }
  return (uint32_t)lo;
}
static uint32_t tok_at(const hd_article *a, uint32_t at) { return tokens_upto(a, at, 1); }
static uint32_t tok_end(const hd_article *a, uint32_t end) { return tokens_upto(a, end, 0); }

/* The sentence holding token t. */
static size_t sent_of(const hd_article *a, uint32_t t) {
  size_t lo = 0, hi = a->n_sentences;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (a->sentences[mid].tok_end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo < a->n_sentences ? lo : (a->n_sentences ? a->n_sentences - 1 : 0);
}

static int is_word(const hd_article *a, uint32_t t) { return t < a->n_tokens && a->tokens[t].kind == HD_TOK_WORD; }

/* Token t lower-cased into buf (32 bytes); "" when it is no word or too long. */
static const char *low(const hd_article *a, uint32_t t, char *buf) {
  buf[0] = 0;
  if (!is_word(a, t) || !hd_word_lower(hd_tok_ptr(a, &a->tokens[t]), hd_tok_len(&a->tokens[t]), buf, 32)) buf[0] = 0;
  return buf;
}

static int upper_initial(const hd_article *a, uint32_t t) {
  return t < a->n_tokens && (a->tokens[t].flags & HD_TF_UPPER_INITIAL);
}

static int in_list(const hd_article *a, uint32_t t, hd_wordlist l) {
  char w[32];
  return *low(a, t, w) && hd_in_wordlist(l, w);
}

/* hd_be_word, plus "am" and a clitic "'s" (the filter's voice feature). */
static int be_form(const char *w) { return hd_be_word(w) || !strcmp(w, "am") || !strcmp(w, "'s"); }

static const char *bucket_n(long n) {
  return n <= 0 ? "0" : n == 1 ? "1" : n == 2 ? "2" : n <= 4 ? "4" : n <= 8 ? "8" : n <= 16 ? "16" : n <= 32 ? "32" : "64";
}

static const char *bucket_rate(double r) {
  return r < 0 ? "-" : r < 0.1 ? "0" : r < 0.25 ? "1" : r < 0.5 ? "2" : r < 0.75 ? "3" : "4";
}

static const char *bucket_conf(double c) {
  return c < 0.5 ? "0" : c < 0.7 ? "1" : c < 0.8 ? "2" : c < 0.9 ? "3" : c < 0.95 ? "4" : c < 0.98 ? "5" : "6";
}

/* The cue's head: its first word that is no auxiliary or -ly adverb
 * ("has repeatedly argued" -> argued), else its first token. */
static uint32_t cue_head(const hd_article *a, uint32_t kb, uint32_t ke) {
  for (uint32_t t = kb; t < ke; t++) {
    char w[32];
    if (!*low(a, t, w)) continue;
    size_t n = strlen(w);
    if (hd_in_wordlist(HD_WL_AUX_ADV, w) || be_form(w) || (n > 4 && !strcmp(w + n - 2, "ly"))) continue;
    return t;
  }
  return kb;
}

static const char *cue_class(const hd_article *a, uint32_t h) {
  char w[32];
  if (!*low(a, h, w)) return h < a->n_tokens && a->tokens[h].kind == HD_TOK_WORD ? "long" : "punct";
  int c = HD_CUE_VALUE_CLASS(hd_cue_value(w));
  if (!c) return "none";
  if (c & HD_CUE_WEAK) return "weak";
  if (c & HD_CUE_LEARNED) return "learned";
  return c & HD_CUE_SPEECH ? "speech" : "belief";
}

const char *hd_record_filter_cue_class(const hd_article *a, size_t qi) {
  const hd_quote *q = &a->quotes[qi];
  if (!has(q->cue)) return "nocue";
  uint32_t kb = tok_at(a, q->cue.start), ke = tok_end(a, q->cue.end);
  return kb < ke ? cue_class(a, cue_head(a, kb, ke)) : "nocue";
}

static const char *const FRAMES[HD_GATE_FRAMES] = {"that", "to", "tosay", "quote", "clause", "obj", "prep", "np", "end"};

/* The cue word's class, frame and PolNeAR counts (the cue gate's). */
static void cue_features(fbuf *b, const hd_article *a, const hd_quote *q, const hd_quote_trace *t,
                         const hd_cue_model *m) {
  if (!has(q->cue)) {
    add(b, "nocue", q->type == HD_Q_INDIRECT ? "i" : "q");
    return;
  }
  uint32_t kb = tok_at(a, q->cue.start), ke = tok_end(a, q->cue.end);
  if (kb >= ke) return;
  uint32_t h = cue_head(a, kb, ke);
  const char *cls = cue_class(a, h);
  b->cls = cls;
  int f = is_word(a, h) ? hd_cue_frame(a, h) : HD_GATE_END;
  const char *fr = (f >= 0 && f < HD_GATE_FRAMES) ? FRAMES[f] : "end";
  add(b, "cc", cls);
  add(b, "cf", fr);
  add2(b, "ccf", cls, fr);
  add(b, "ck", t ? t->key : "");
  add2(b, "ckf", t ? t->key : "", fr);
  add(b, "cn", bucket_n((long)(ke - kb)));
  char w[32];
  low(a, h, w);
  size_t n = strlen(w);
  add(b, "cm", n > 4 && !strcmp(w + n - 3, "ing") ? "ing" : n > 3 && !strcmp(w + n - 2, "ed") ? "ed"
               : n > 3 && w[n - 1] == 's' ? "s" : "-");
  if (upper_initial(a, h) && !(a->tokens[h].flags & HD_TF_SENT_START)) add(b, "cup", "1");
  if (h > 0 && (in_list(a, h - 1, HD_WL_DETERMINER) || a->tokens[h - 1].kind == HD_TOK_APOS ||
                (is_word(a, h - 1) && hd_lex_has_lower(HD_LEX_ATTRIB_PRON_OBJ, hd_tok_ptr(a, &a->tokens[h - 1]),
                                                       hd_tok_len(&a->tokens[h - 1])) &&
                 !in_list(a, h - 1, HD_WL_PRON_SUBJ))))
    add(b, "cdet", "1");
  /* voice: a form of "be" right before the head (adverbs between) */
  for (uint32_t k = h; k-- > (kb > 3 ? kb - 3 : 0);) {
    if (!*low(a, k, w)) break;
    if (be_form(w)) {
      add(b, "pass", cls);
      break;
    }
    size_t wn = strlen(w);
    if (!(wn > 4 && !strcmp(w + wn - 2, "ly")) && !hd_in_wordlist(HD_WL_AUX_ADV, w)) break;
  }
  const hd_cue_gate *g = m ? hd_cue_model_gate(m) : NULL;
  const hd_cue_gate_row *r = g && *low(a, h, w) ? hd_cue_gate_find(g, hd_cue_word_key(w, strlen(w))) : NULL;
  double rate = r ? r->cues / (r->seen + 2.0) : -1;
  double frate = r && f >= 0 && f < HD_GATE_FRAMES && r->fseen[f] >= 5 ? r->fcues[f] / (r->fseen[f] + 2.0) : -1;
  add(b, "gr", bucket_rate(rate));
  add(b, "gfr", bucket_rate(frate));
  add2(b, "grf", bucket_rate(rate), fr);
  /* what follows the cue */
  uint32_t x = ke;
  const char *nx = "end";
  if (x < a->n_tokens && sent_of(a, x) == sent_of(a, ke - 1)) {
    const hd_token *tk = &a->tokens[x];
    if (tk->kind == HD_TOK_QUOTE_OPEN) nx = "quote";
    else if (tk->kind == HD_TOK_PUNCT) nx = a->text[tk->start] == ':' ? "colon" : a->text[tk->start] == ',' ? "comma" : "punct";
    else if (!*low(a, x, w)) nx = "other";
    else if (!strcmp(w, "that") || !strcmp(w, "whether") || !strcmp(w, "if")) nx = "comp";
    else if (!strcmp(w, "to")) nx = "to";
    else if (hd_in_wordlist(HD_WL_PRON_SUBJ, w)) nx = "pron";
    else if (hd_in_wordlist(HD_WL_PRON_OBJ, w)) nx = "pobj";
    else if (hd_in_wordlist(HD_WL_PREP, w) || !strcmp(w, "as")) {
      nx = "prep";
      add(b, "cnxw", w);
    } else if (hd_in_wordlist(HD_WL_DETERMINER, w)) nx = "det";
    else if (upper_initial(a, x)) nx = "cap";
    else nx = "low";
  }
  add(b, "cnx", nx);
  add2(b, "ccnx", cls, nx);
}

/* The content's shape. */
static void content_features(fbuf *b, const hd_article *a, const hd_quote *q) {
  uint32_t cb = tok_at(a, q->content.start), ce = tok_end(a, q->content.end);
  if (cb >= ce) return;
  char w[32];
  const char *c0 = "other";
  const hd_token *f = &a->tokens[cb];
  if (f->kind == HD_TOK_QUOTE_OPEN) c0 = "quote";
  else if (*low(a, cb, w)) {
    if (!strcmp(w, "that") || !strcmp(w, "whether") || !strcmp(w, "if")) c0 = "comp";
    else if (!strcmp(w, "to")) c0 = "to";
    else if (hd_in_wordlist(HD_WL_PRON_SUBJ, w)) c0 = "pron";
    else if (hd_in_wordlist(HD_WL_DETERMINER, w) || hd_in_wordlist(HD_WL_PRON_OBJ, w)) c0 = "det";
    else if (hd_in_wordlist(HD_WL_PREP, w)) c0 = "prep";
    else if (upper_initial(a, cb)) c0 = "cap";
    else c0 = "low";
    add(b, "c0w", w);
  } else if (f->kind == HD_TOK_NUM) c0 = "num";
  add(b, "c0", c0);
  add2(b, "c0t", c0, hd_quote_type_name(q->type));
  int fin = 0, inq = 0, prep = 0;
  long words = 0;
  for (uint32_t t = cb; t < ce; t++) {
    const hd_token *tk = &a->tokens[t];
    if (tk->kind == HD_TOK_QUOTE_OPEN) inq = 1;
    else if (tk->kind == HD_TOK_QUOTE_CLOSE) inq = 0;
    if (tk->kind != HD_TOK_WORD) continue;
    words++;
    if (!*low(a, t, w)) continue;
    /* the first preposition before any finite verb: "X as Y", "X for Y" */
    if (!fin && !prep && t > cb && t < cb + 8 && (!strcmp(w, "as") || hd_in_wordlist(HD_WL_PREP, w))) {
      add(b, "cprep", w);
      add2(b, "cprepc", w, c0);
      prep = 1;
    }
    if (!inq && hd_lex_has(HD_LEX_ATTRIB_FINITE_VERBS, w, strlen(w))) fin = 1;
  }
  add(b, "fin", fin ? "1" : "0");
  add2(b, "finc", fin ? "1" : "0", c0);
  add(b, "cl", bucket_n(words));
  add2(b, "clt", bucket_n(words), hd_quote_type_name(q->type));
  const char *end = "eot";
  if (ce < a->n_tokens) {
    const hd_token *tk = &a->tokens[ce];
    if (tk->kind == HD_TOK_PUNCT && strchr(".?!", a->text[tk->start])) end = "stop";
    else if (tk->kind == HD_TOK_QUOTE_CLOSE) end = "close";
    else if (tk->kind == HD_TOK_PUNCT && a->text[tk->start] == ',') end = "comma";
    else if (tk->kind == HD_TOK_WORD) end = (tk->flags & HD_TF_SENT_START) ? "sent" : "word";
    else end = "other";
  }
  if (q->type == HD_Q_INDIRECT && ce > cb && a->tokens[ce - 1].kind == HD_TOK_PUNCT && strchr(".?!", a->text[a->tokens[ce - 1].start]))
    end = "stop";
  add(b, "cend", end);
  if (has(q->cue)) add(b, "cpos", q->content.start < q->cue.start ? "before" : "after");
  add(b, "np", bucket_n(q->n_partial));
  if (q->n_more) add(b, "more", "1");
}

/* The NER type of the first mention overlapping span s, or "-". */
static const char *mention_type(const hd_article *a, hd_span s) {
  size_t lo = 0, hi = a->n_mentions;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (a->mentions[mid].end <= s.start) lo = mid + 1;
    else hi = mid;
  }
  for (size_t m = lo; m < a->n_mentions && a->mentions[m].start < s.end; m++)
    if (a->mentions[m].end > s.start && a->mentions[m].type < HD_ENT_COUNT) return hd_ent_type_name(a->mentions[m].type);
  return "-";
}

/* Distinct person identities named in token range [b, e). */
static long persons_in(const hd_article *a, uint32_t b, uint32_t e) {
  uint32_t seen[4];
  long n = 0;
  for (size_t m = 0; m < a->n_mentions && a->mentions[m].tok_begin < e; m++) {
    const hd_mention *x = &a->mentions[m];
    if (x->tok_begin < b || x->type != HD_ENT_PER) continue;
    int dup = 0;
    for (long k = 0; k < n && k < 4; k++) dup |= seen[k] == x->identity;
    if (dup) continue;
    if (n < 4) seen[n] = x->identity;
    n++;
  }
  return n;
}

static void source_features(fbuf *b, const hd_article *a, const hd_quote *q) {
  static const char *const KINDS[] = {"named", "anon", "org", "pron", "unknown"};
  const char *kind = KINDS[q->speaker_kind <= HD_SPK_UNKNOWN ? q->speaker_kind : HD_SPK_UNKNOWN];
  add(b, "sk", kind);
  add2(b, "sid", q->speaker != HD_NONE ? "1" : "0", kind);
  if (!has(q->source)) {
    add(b, "nosrc", hd_quote_type_name(q->type));
    return;
  }
  uint32_t sb = tok_at(a, q->source.start), se = tok_end(a, q->source.end);
  if (sb >= se) return;
  const char *mt = mention_type(a, q->source);
  add(b, "sm", mt);
  add2(b, "smk", mt, kind);
  add2(b, "smc", mt, b->cls ? b->cls : "-");
  long words = 0;
  for (uint32_t t = sb; t < se; t++) words += a->tokens[t].kind == HD_TOK_WORD;
  add(b, "sl", bucket_n(words));
  unsigned char c0 = (unsigned char)a->text[q->source.start];
  add(b, "sc", isupper(c0) ? "U" : islower(c0) ? "l" : "o");
  if (a->tokens[se - 1].kind == HD_TOK_APOS || (se >= 2 && a->tokens[se - 2].kind == HD_TOK_APOS)) add(b, "sposs", "1");
  if (in_list(a, sb, HD_WL_PRON_SUBJ) && se - sb == 1 && a->n_sentences) {
    size_t s = sent_of(a, sb);
    uint32_t from = a->sentences[s > 0 ? s - 1 : s].tok_begin;
    long n = persons_in(a, from, sb);
    add(b, "amb", n >= 3 ? "3" : n == 2 ? "2" : n == 1 ? "1" : "0");
  }
}

/* The shape of the line holding the cue (else the content). */
static void line_features(fbuf *b, const hd_article *a, const hd_quote *q) {
  uint32_t at = tok_at(a, has(q->cue) ? q->cue.start : q->content.start);
  if (at >= a->n_tokens || !a->n_sentences) return;
  size_t s = sent_of(a, at);
  const hd_sentence *st = &a->sentences[s];
  uint32_t sb = st->tok_begin, se = st->tok_end < a->n_tokens ? st->tok_end : (uint32_t)a->n_tokens;
  if (sb >= se) return;
  const hd_token *last = &a->tokens[se - 1];
  int ends = (last->kind == HD_TOK_PUNCT && strchr(".?!:", a->text[last->start])) || last->kind == HD_TOK_QUOTE_CLOSE;
  if (!ends) add(b, "noend", "1");
  long long_words = 0, titled = 0, caps = 0;
  for (uint32_t t = sb; t < se; t++) {
    const hd_token *tk = &a->tokens[t];
    if (tk->kind != HD_TOK_WORD || hd_tok_len(tk) < 4) continue;
    long_words++;
    titled += (tk->flags & HD_TF_UPPER_INITIAL) != 0;
    caps += (tk->flags & HD_TF_ALL_UPPER) != 0;
  }
  if (long_words >= 3 && titled * 10 >= long_words * 6) add(b, "title", "1");
  if (caps >= 2) add(b, "caps", "1");
  for (uint32_t t = sb; t < se && t < sb + 5; t++)
    if (a->tokens[t].kind == HD_TOK_PUNCT && a->text[a->tokens[t].start] == ':' && t + 1 < se) {
      add(b, "lab", "1");
      break;
    }
  if (s == 0) add(b, "first", "1");
}

size_t hd_record_filter_features(const hd_article *a, size_t qi, const hd_quote_trace *t, const hd_cue_model *m,
                                 uint32_t *out) {
  fbuf b = {out, 0, NULL};
  const hd_quote *q = &a->quotes[qi];
  add(&b, "bias", "");
  add(&b, "ty", hd_quote_type_name(q->type));
  char fr[8];
  snprintf(fr, sizeof fr, "%d", t ? t->frame : -1);
  add(&b, "fr", fr);
  cue_features(&b, a, q, t, m);
  content_features(&b, a, q);
  source_features(&b, a, q);
  line_features(&b, a, q);
  add(&b, "conf", bucket_conf(q->confidence));
  add2(&b, "conft", bucket_conf(q->confidence), hd_quote_type_name(q->type));
  if (t && t->agree) {
    char ag[8];
    snprintf(ag, sizeof ag, "%d", t->agree);
    add(&b, "ag", ag);
  }
  return b.n;
}

/* ---- the model ---- */

double hd_record_filter_prob(const hd_record_filter *f, const uint32_t *feats, size_t n) {
  double s = 0;
  for (size_t i = 0; i < n; i++) s += f->w[feats[i] & (HD_RF_SIZE - 1)];
  return 1.0 / (1.0 + exp(-s));
}

int hd_record_filter_save(const hd_record_filter *f, const char *path) {
  FILE *fp = fopen(path, "w");
  if (!fp) return -1;
  fprintf(fp, "%s\n", HD_RF_MAGIC);
  fprintf(fp, "# The learned record filter of the attribution stage (src/attrib/record_filter.c): hashed\n"
              "# feature buckets and logistic-regression weights, no text. Written by\n"
              "# `herald train record-filter` (README, Models); do not edit by hand.\n");
  fprintf(fp, "threshold\t%.4f\n", f->threshold);
  for (uint32_t i = 0; i < HD_RF_SIZE; i++)
    if (f->w[i] != 0.0f) fprintf(fp, "%u\t%.6f\n", i, f->w[i]);
  return fclose(fp) == 0 ? 0 : -1;
}

static hd_record_filter *model;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_int disabled;

void hd_record_filter_disable(void) { atomic_store(&disabled, 1); }

/* Reads the model; a missing file is no filter, a malformed one is
 * refused with a message naming the file and line. */
static void load(void) {
  char buf[4096], line[256];
  const char *path = hd_model_path("record-filter-en.txt", buf, sizeof buf);
  FILE *fp = fopen(path, "r");
  if (!fp) return;
  hd_record_filter *f = calloc(1, sizeof *f); /* process-lifetime model: plain calloc, no arena */
  size_t no = 0;
  int ok = f != NULL, thr = 0;
  while (ok && fgets(line, sizeof line, fp)) {
    no++;
    unsigned idx;
    float w;
    if (no == 1) ok = !strncmp(line, HD_RF_MAGIC, strlen(HD_RF_MAGIC));
    else if (line[0] == '#' || line[0] == '\n') continue;
    else if (!strncmp(line, "threshold\t", 10)) thr = sscanf(line + 10, "%f", &f->threshold) == 1 && f->threshold >= 0 && f->threshold <= 1;
    else ok = sscanf(line, "%u\t%f", &idx, &w) == 2 && idx < HD_RF_SIZE && isfinite(w) && (f->w[idx] = w, 1);
  }
  fclose(fp);
  if (ok && thr) {
    model = f;
    return;
  }
  fprintf(stderr, "herald: %s:%zu: not a record filter model; records are not filtered\n", path, no);
  free(f);
}

const hd_record_filter *hd_record_filter_default(void) {
  if (atomic_load(&disabled)) return NULL;
  const char *env = getenv("HERALD_RECORD_FILTER"); /* "off": the stage's records before the filter */
  if (env && !strcmp(env, "off")) return NULL;
  pthread_once(&once, load);
  return model;
}

/* Does [b, e) end a sentence (its last non-space byte, or the next one, is
 * ". ? !")? */
static int finished(const char *t, size_t len, uint32_t b, uint32_t e) {
  uint32_t k = e;
  while (k > b && (t[k - 1] == ' ' || t[k - 1] == '\n')) k--;
  if (k > b && strchr(".?!", t[k - 1])) return 1;
  return e < len && strchr(".?!", t[e]) && t[e];
}

int hd_record_filter_droppable(const hd_article *a, size_t qi) {
  const hd_quote *q = &a->quotes[qi];
  if (q->type != HD_Q_INDIRECT) return 0;
  if (has(q->cue) && q->cue.end - q->cue.start == 1 && a->text[q->cue.start] == ':' &&
      finished(a->text, a->text_len, q->content.start, q->content.end))
    return 0;
  return 1;
}

void hd_record_filter_apply(hd_article *a, hd_quote_trace *tr, size_t *ntr, const hd_cue_model *m, float min_conf) {
  const hd_record_filter *f = hd_record_filter_default();
  if (!f || !a->n_quotes) return;
  uint32_t feats[HD_RF_MAX_FEATS];
  size_t k = 0;
  for (size_t i = 0; i < a->n_quotes; i++) {
    int traced = tr && ntr && i < *ntr;
    double p = hd_record_filter_prob(f, feats, hd_record_filter_features(a, i, traced ? &tr[i] : NULL, m, feats));
    if (p < f->threshold && hd_record_filter_droppable(a, i)) continue;
    hd_quote q = a->quotes[i];
    if (p < q.confidence) q.confidence = (float)p;
    if (q.confidence < min_conf) continue;
    if (traced) tr[k] = tr[i];
    a->quotes[k++] = q;
  }
  a->n_quotes = k;
  if (tr && ntr) *ntr = k;
}
