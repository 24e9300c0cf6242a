/* ner_features.c: token features for the NER tagger (see ner_features.h). */
#include "ner/ner_features.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

#include "util/buf.h"

enum { /* token flags */
  F_CAP = 1,       /* first letter upper case */
  F_ALLUP = 2,     /* all letters upper case, >= 2 letters */
  F_LOWER = 4,     /* first letter lower case */
  F_SENT0 = 8,     /* first token of its sentence */
  F_CAPSSENT = 16, /* inside an all-capitals sentence (headline) */
  F_LETTER = 32,   /* has a letter */
  F_HYPHMOD = 64,  /* "al-Qaeda-linked", "U.S.-based": capitalised, then -lowercase */
  F_TITLESENT = 128 /* inside a title-case headline ("Trump Was Mocking Clinton") */
};

struct hd_ner_tokinfo {
  uint64_t h_low, h_exact, h_shape;
  uint64_t h_pre[4], h_suf[4];
  uint64_t h_part;  /* lower case of the part after the last inner hyphen, or 0 */
  uint32_t cluster; /* path | depth << 24, or 0 */
  uint32_t part_cluster; /* cluster of that part ("al-Assad" -> "Assad") */
  uint32_t ent;     /* index into the document table */
  uint8_t casing;   /* 0 unknown, else 1 + 8 * share of capitalised uses */
  uint8_t flags;
  uint8_t gaz[HD_NER_MAXGAZ]; /* 0, or 1 + B/I/L/U within a match */
};

struct hd_ner_docent {
  uint64_t h;       /* h_low; 0 = empty */
  uint8_t cap_mid;  /* seen capitalised inside a mixed-case sentence */
  uint8_t lower;    /* seen starting with a lower-case letter */
  uint8_t long_mask;/* types of multi-token entities it was part of */
  uint8_t last;     /* 1 + the label it got last time, or 0 */
  uint8_t per_surname; /* was the last word of a multi-word person */
  uint16_t hist_o;  /* how often it was left outside any entity */
  uint16_t hist[4]; /* how often each type was predicted for it */
};

/* Feature templates. */
enum {
  T_BIAS = 1, T_W0, T_WM1, T_WP1, T_WM2, T_WP2, T_EXACT, T_PRE, T_SUF, T_SHAPE, T_SHAPEM1,
  T_SHAPEP1, T_SHAPE_M10, T_SHAPE_0P1, T_BI_M10, T_BI_0P1, T_SENT0, T_CL, T_CLM1, T_CLP1,
  T_GAZ, T_GAZM1, T_GAZP1, T_GAZCAP, T_DOC_CAPMID, T_DOC_LOWONLY, T_DOC_ALSOLOW, T_HIST,
  T_HISTLONG, T_CAPSSENT, T_W0_SHM1, T_CLM2, T_CLP2, T_WM1_CL0, T_PART, T_PARTCL, T_CASING, T_RETIRED1, T_RETIRED2 /* keep later ids (hashes) stable */, T_HISTLAST, T_HISTM1, T_HISTP1, T_TITLESENT,
  T_P2_MAJ, T_P2_SHARE, T_P2_LONG, T_P2_M1, T_P2_P1
};

static inline uint64_t mix(uint64_t t, uint64_t v) {
  uint64_t x = v ^ (t * 0x9E3779B97F4A7C15ull);
  x ^= x >> 31;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 29;
  x *= 0x94d049bb133111ebull;
  x ^= x >> 32;
  return x;
}

size_t hd_ner_norm(const char *s, size_t n, char *out, size_t cap, int fold_digits) {
  size_t o = 0;
  for (size_t i = 0; i < n && o < cap; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80) {
      unsigned char d = (unsigned char)s[i + 2];
      if (d == 0x98 || d == 0x99) { out[o++] = '\''; i += 2; continue; }
      if (d == 0x9C || d == 0x9D) { out[o++] = '"'; i += 2; continue; }
      if (d == 0x93 || d == 0x94) { out[o++] = '-'; i += 2; continue; }
    }
    if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
    else if (fold_digits && c >= '0' && c <= '9') c = '0';
    out[o++] = (char)c;
  }
  return o;
}

/* Quote folding only (exact form). */
static size_t fold_quotes(const char *s, size_t n, char *out, size_t cap) {
  size_t o = 0;
  for (size_t i = 0; i < n && o < cap; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80) {
      unsigned char d = (unsigned char)s[i + 2];
      if (d == 0x98 || d == 0x99) { out[o++] = '\''; i += 2; continue; }
      if (d == 0x9C || d == 0x9D) { out[o++] = '"'; i += 2; continue; }
    }
    out[o++] = (char)c;
  }
  return o;
}

/* Shape class of the character at s[*i] (advances *i). */
static char shape_class(const char *s, size_t n, size_t *i) {
  unsigned char c = (unsigned char)s[*i];
  if (c < 0x80) {
    (*i)++;
    if (c >= 'A' && c <= 'Z') return 'X';
    if (c >= 'a' && c <= 'z') return 'x';
    if (c >= '0' && c <= '9') return 'd';
    return (char)c;
  }
  utf8proc_int32_t cp;
  utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + *i, (utf8proc_ssize_t)(n - *i), &cp);
  if (k <= 0) { (*i)++; return 'u'; }
  *i += (size_t)k;
  utf8proc_category_t cat = utf8proc_category(cp);
  if (cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT) return 'X';
  if (cat == UTF8PROC_CATEGORY_LL || cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_LM) return 'x';
  if (cp == 0x2019 || cp == 0x2018) return '\'';
  if (cp == 0x201C || cp == 0x201D) return '"';
  if (cp == 0x2013 || cp == 0x2014) return '-';
  return 'u';
}

/* Shape ("Xxx", "XX", "dd-dd") and case flags of a word. */
static uint64_t word_shape(const char *s, size_t n, uint8_t *flags) {
  char sh[16];
  size_t m = 0, i = 0;
  int letters = 0, upper = 0, first_letter = 0;
  while (i < n) {
    char c = shape_class(s, n, &i);
    if (c == 'X' || c == 'x') {
      letters++;
      if (c == 'X') upper++;
      if (!first_letter) first_letter = c;
    }
    if (m >= 2 && sh[m - 1] == c && sh[m - 2] == c) continue;
    if (m < sizeof sh) sh[m++] = c;
  }
  uint8_t f = 0;
  if (letters) f |= F_LETTER;
  if (first_letter == 'X') f |= F_CAP;
  if (first_letter == 'x') f |= F_LOWER;
  if (letters >= 2 && upper == letters) f |= F_ALLUP;
  *flags = f;
  return XXH3_64bits(sh, m);
}

void hd_ner_state_init(hd_ner_state *st, const hd_ner_lexicons *lex, uint32_t feat_bits) {
  memset(st, 0, sizeof *st);
  st->lex = lex;
  st->feat_bits = feat_bits;
}

void hd_ner_state_free(hd_ner_state *st) {
  hd_free(st->tok);
  hd_free(st->flags);
  hd_free(st->h_low);
  hd_free(st->table);
  memset(st, 0, sizeof *st);
}

/* The full token information of token i (in the current window). */
#define TOK(st, i) (&(st)->tok[(i) - (st)->win_base])

static size_t probe(const hd_ner_docent *table, size_t cap, uint64_t h) {
  size_t mask = cap - 1, i = (size_t)h & mask;
  while (table[i].h && table[i].h != h) i = (i + 1) & mask;
  return i;
}

/* Doubles the word table (entries keep their statistics). */
static void grow_table(hd_ner_state *st) {
  size_t cap = st->cap_table * 2;
  hd_ner_docent *t = hd_xcalloc(cap, sizeof *t);
  for (size_t i = 0; i < st->cap_table; i++)
    if (st->table[i].h) t[probe(t, cap, st->table[i].h)] = st->table[i];
  hd_free(st->table);
  st->table = t;
  st->cap_table = cap;
}

/* The slot of word hash h, inserted if new (the table grows at half full). */
static uint32_t table_slot(hd_ner_state *st, uint64_t h) {
  if (!h) h = 1;
  if ((st->n_table + 1) * 2 > st->cap_table) grow_table(st);
  size_t i = probe(st->table, st->cap_table, h);
  if (!st->table[i].h) {
    st->table[i].h = h;
    st->n_table++;
  }
  return (uint32_t)i;
}

/* The slot of a word hash already in the table. */
static uint32_t table_find(const hd_ner_state *st, uint64_t h) {
  return (uint32_t)probe(st->table, st->cap_table, h ? h : 1);
}

static uint32_t lookup_cluster(const hd_ner_lexicons *lx, const char *s, size_t n, uint64_t h,
                               uint8_t flags) {
  if (!lx->clusters.n) return 0;
  const uint32_t *v = hd_lex_get_h(&lx->clusters, s, n, h ? h : hd_lex_hash(s, n));
  if (v) return *v;
  char buf[64];
  if (n > sizeof buf) return 0;
  if (flags & F_ALLUP) { /* HEADLINE -> Headline */
    memcpy(buf, s, n);
    for (size_t i = 1; i < n; i++)
      if (buf[i] >= 'A' && buf[i] <= 'Z') buf[i] = (char)(buf[i] + 32);
    v = hd_lex_get(&lx->clusters, buf, n);
    if (v) return *v;
  }
  if (flags & F_CAP) { /* Sentence-initial "The" -> "the" */
    size_t m = hd_ner_norm(s, n, buf, sizeof buf, 0);
    v = hd_lex_get(&lx->clusters, buf, m);
    if (v) return *v;
  }
  return 0;
}

/* Longest gazetteer matches starting at each token of [b, e). */
static void match_gazetteers(hd_ner_state *st, uint32_t b, uint32_t e) {
  const hd_ner_lexicons *lx = st->lex;
  if (!lx->gaz.n) return;
  uint32_t covered[HD_NER_MAXGAZ] = {0};
  char key[256];
  for (uint32_t i = b; i < e; i++) {
    size_t klen = 0;
    uint32_t best_len[HD_NER_MAXGAZ] = {0};
    for (uint32_t j = i; j < e && j < i + 8; j++) {
      const hd_ner_word *w = &st->doc->words[j];
      if (klen + w->len + 1 >= sizeof key) break;
      if (j > i) key[klen++] = ' ';
      klen += hd_ner_norm(w->s, w->len, key + klen, sizeof key - klen, 1);
      const uint32_t *v = j == i && w->len <= 64 ? hd_lex_get_h(&lx->gaz, key, klen, TOK(st, i)->h_low)
                                                 : hd_lex_get(&lx->gaz, key, klen);
      if (!v) break;
      uint32_t mask = *v & ~HD_GAZ_PREFIX;
      for (uint32_t l = 0; mask && l < lx->n_gaz_lists; l++)
        if (mask & (1u << l)) best_len[l] = j - i + 1;
      if (!(*v & HD_GAZ_PREFIX)) break;
    }
    for (uint32_t l = 0; l < lx->n_gaz_lists; l++) {
      uint32_t len = best_len[l];
      if (!len || i < covered[l]) continue;
      for (uint32_t k = 0; k < len; k++) {
        int pos = len == 1 ? HD_NER_U : k == 0 ? HD_NER_B : k == len - 1 ? HD_NER_L : HD_NER_I;
        TOK(st, i + k)->gaz[l] = (uint8_t)(1 + pos);
      }
      covered[l] = i + len;
    }
  }
}

static void prepare_token(hd_ner_state *st, uint32_t i) {
  const hd_ner_word *w = &st->doc->words[i];
  hd_ner_tokinfo *t = TOK(st, i);
  char low[64], ex[64];
  size_t n = w->len > 64 ? 64 : w->len;
  size_t ln = hd_ner_norm(w->s, n, low, sizeof low, 1);
  size_t en = fold_quotes(w->s, n, ex, sizeof ex);
  memset(t, 0, sizeof *t);
  t->h_low = XXH3_64bits(low, ln);
  t->h_exact = XXH3_64bits(ex, en);
  t->h_shape = word_shape(w->s, n, &t->flags);
  for (size_t k = 0; k < 4; k++) {
    size_t m = k + 1 < ln ? k + 1 : ln;
    t->h_pre[k] = XXH3_64bits(low, m) + k;
    t->h_suf[k] = XXH3_64bits(low + ln - m, m) + k;
  }
  t->cluster = lookup_cluster(st->lex, ex, en, t->h_exact, t->flags);
  if (st->lex->casing.n && (t->flags & F_CAP)) {
    const uint32_t *v = hd_lex_get_h(&st->lex->casing, low, ln, t->h_low);
    t->casing = v ? (uint8_t)*v : 0;
  }
  const char *dash = en > 2 ? memchr(ex + 1, '-', en - 2) : NULL;
  if (dash) { /* "al-Assad", "Assad-friendly", "Soviet-era" */
    const char *last = dash;
    while ((dash = memchr(last + 1, '-', (size_t)(ex + en - last - 1))) != NULL) last = dash;
    size_t pn = (size_t)(ex + en - last - 1), pl = 0;
    if (pn) {
      char part[64];
      pl = hd_ner_norm(last + 1, pn, part, sizeof part, 1);
      t->h_part = XXH3_64bits(part, pl) | 1;
      uint8_t pf;
      word_shape(last + 1, pn, &pf);
      if ((pf & F_LOWER) && !(pf & F_CAP) && (t->flags & F_CAP) && pn >= 3) t->flags |= F_HYPHMOD;
      t->part_cluster = lookup_cluster(st->lex, last + 1, pn, 0, pf);
    }
  }
}

/* A sentence is a headline when most of its words are in capitals (case
 * features are then marked unreliable), or when every longer word is
 * capitalised ("Trump Was Mocking Clinton Camp": flagged apart, since
 * CoNLL has few such lines to learn from). */
static void mark_caps_sentence(hd_ner_state *st, uint32_t b, uint32_t e) {
  uint32_t words = 0, caps = 0, longw = 0, long_cap = 0;
  for (uint32_t i = b; i < e; i++) {
    uint8_t f = TOK(st, i)->flags;
    if (!(f & F_LETTER)) continue;
    words++;
    if ((f & F_ALLUP) || (st->doc->words[i].len == 1 && (f & F_CAP))) caps++;
    if (st->doc->words[i].len >= 4 && (f & (F_CAP | F_LOWER))) {
      longw++;
      if (f & F_CAP) long_cap++;
    }
  }
  int all_caps = words >= 2 && caps * 10 >= words * 8;
  int title_case = longw >= 4 && long_cap == longw;
  uint8_t flag = all_caps ? F_CAPSSENT : title_case ? F_TITLESENT : 0;
  for (uint32_t i = b; flag && i < e; i++) TOK(st, i)->flags |= flag;
  TOK(st, b)->flags |= F_SENT0;
}

/* Truecasing: in a headline, a word that unlabelled news mostly writes in
 * lower case ("Hit", "WAS") is seen as its lower-case form. */
static void truecase_headline_word(hd_ner_state *st, uint32_t i) {
  hd_ner_tokinfo *t = TOK(st, i);
  if (!(t->flags & (F_CAPSSENT | F_TITLESENT)) || !t->casing || t->casing > 3) return;
  const hd_ner_word *w = &st->doc->words[i];
  char low[64];
  size_t ln = hd_ner_norm(w->s, w->len > 64 ? 64 : w->len, low, sizeof low, 0);
  uint8_t f;
  t->h_exact = XXH3_64bits(low, ln);
  t->h_shape = word_shape(low, ln, &f);
  t->flags = (uint8_t)((t->flags & ~(F_CAP | F_ALLUP | F_LOWER | F_LETTER)) | f);
  t->cluster = lookup_cluster(st->lex, low, ln, t->h_exact, f);
}

/* Fills the window with the full information of sentence s's tokens;
 * their word-table slots are inserted (`insert`, the document pass) or
 * looked up (the table is complete). */
static void prepare_sentence(hd_ner_state *st, uint32_t s, int insert) {
  const hd_ner_doc *doc = st->doc;
  uint32_t b = doc->sent_begin[s], e = doc->sent_begin[s + 1];
  if (!st->resident) {
    if (e - b > st->cap_tok) {
      hd_free(st->tok);
      st->cap_tok = (size_t)(e - b) + 64;
      st->tok = hd_xmalloc(st->cap_tok * sizeof *st->tok);
    }
    st->win_base = b;
  }
  st->win_sent = s;
  st->win_valid = 0;
  for (uint32_t i = b; i < e; i++) prepare_token(st, i);
  if (b < e) {
    mark_caps_sentence(st, b, e);
    for (uint32_t i = b; i < e; i++) truecase_headline_word(st, i);
    match_gazetteers(st, b, e);
  }
  for (uint32_t i = b; i < e; i++) {
    hd_ner_tokinfo *t = TOK(st, i);
    t->ent = insert ? table_slot(st, t->h_low) : table_find(st, t->h_low);
  }
  st->win_valid = !insert; /* inserting may move earlier slots */
}

/* The window holds sentence s, with final slots. */
static void ensure_window(hd_ner_state *st, uint32_t s) {
  if (st->resident) return;
  if (!st->win_valid || st->win_sent != s) prepare_sentence(st, s, 0);
}

void hd_ner_prepare_doc(hd_ner_state *st, const hd_ner_doc *doc) {
  st->doc = doc;
  st->win_valid = 0;
  st->resident = doc->n_words <= HD_NER_RESIDENT;
  st->win_base = 0;
  if (st->resident && doc->n_words > st->cap_tok) {
    hd_free(st->tok);
    st->cap_tok = doc->n_words + 64;
    st->tok = hd_xmalloc(st->cap_tok * sizeof *st->tok);
  }
  if (doc->n_words > st->cap_doc) {
    hd_free(st->flags);
    hd_free(st->h_low);
    st->cap_doc = doc->n_words + 64;
    st->flags = hd_xmalloc(st->cap_doc);
    st->h_low = hd_xmalloc(st->cap_doc * sizeof *st->h_low);
  }
  memset(st->flags, 0, doc->n_words);
  memset(st->h_low, 0, doc->n_words * sizeof *st->h_low);
  if (!st->cap_table) {
    st->cap_table = 64;
    st->table = hd_xcalloc(st->cap_table, sizeof *st->table);
  } else {
    memset(st->table, 0, st->cap_table * sizeof *st->table);
  }
  st->n_table = 0;
  for (uint32_t s = 0; s < doc->n_sents; s++) {
    uint32_t b = doc->sent_begin[s], e = doc->sent_begin[s + 1];
    if (b >= e) continue;
    prepare_sentence(st, s, 1);
    for (uint32_t i = b; i < e; i++) {
      hd_ner_tokinfo *t = TOK(st, i);
      st->flags[i] = t->flags;
      st->h_low[i] = t->h_low;
    }
  }
  /* the document's statistics, in token order (slots found by hash) */
  for (uint32_t i = 0; i < doc->n_words; i++) {
    hd_ner_docent *d = &st->table[table_find(st, st->h_low[i])];
    uint8_t f = st->flags[i];
    if ((f & F_CAP) && !(f & (F_SENT0 | F_CAPSSENT | F_TITLESENT | F_ALLUP))) d->cap_mid = 1;
    if (f & F_LOWER) d->lower = 1;
  }
  st->win_valid = 0;
  if (st->resident) /* final slots: the table may have grown since */
    for (uint32_t i = 0; i < doc->n_words; i++) TOK(st, i)->ent = table_find(st, st->h_low[i]);
}

#define EMIT(tid, v)                                                    \
  do {                                                                  \
    if (k < HD_NER_MAXF) f[k++] = (uint32_t)(mix((tid), (v)) & mask);   \
  } while (0)

static const uint64_t H_BOS = 0x1234567u, H_EOS = 0x7654321u;

static inline uint64_t cl_prefix(uint32_t c, uint32_t len) {
  uint32_t depth = c >> 24, path = c & 0xFFFFFFu;
  if (len > depth) len = depth;
  return ((uint64_t)len << 32) | (path >> (depth - len));
}

/* The type most often predicted for a word so far: 0..3, 4 = outside,
 * 5 = not seen. */
static uint64_t hist_type(const hd_ner_docent *d) {
  int best = -1;
  uint32_t n = 0;
  for (int ty = 0; ty < 4; ty++)
    if (d->hist[ty] > n) n = d->hist[ty], best = ty;
  return best >= 0 ? (uint64_t)best : d->hist_o ? 4 : 5;
}

/* Second pass: how the first pass typed the other capitalised
 * occurrences of the word in the whole document (the token's own first
 * label left out), majority and shares (two-stage prediction
 * aggregation, Ratinov & Roth 2009). */
static uint32_t second_pass_features(const hd_ner_state *st, uint32_t i, const hd_ner_docent *d,
                                     uint32_t *f, uint32_t k, uint32_t mask) {
  uint32_t c[5] = {d->hist[0], d->hist[1], d->hist[2], d->hist[3], d->hist_o};
  int own = hd_ner_label_type(st->pass1[i]);
  uint32_t *self = &c[own >= 0 ? own : 4];
  if (*self) (*self)--;
  uint32_t total = c[0] + c[1] + c[2] + c[3] + c[4];
  if (!total) {
    EMIT(T_P2_MAJ, 9);
    return k;
  }
  uint32_t best = 0;
  for (uint32_t ty = 1; ty < 5; ty++)
    if (c[ty] > c[best]) best = ty;
  EMIT(T_P2_MAJ, best);
  for (uint32_t ty = 0; ty < 5; ty++)
    if (c[ty]) EMIT(T_P2_SHARE, ty * 8 + (c[ty] * 4 + total - 1) / total);
  if (d->long_mask) EMIT(T_P2_LONG, d->long_mask);
  return k;
}

/* The features of token i that depend on its sentence only (words,
 * affixes, shapes, clusters, gazetteers): the same in both passes. */
static uint32_t sentence_features(const hd_ner_state *st, const hd_ner_tokinfo *T, uint32_t b,
                                  uint32_t e, uint32_t i, uint32_t *f, uint32_t mask) {
  uint32_t k = 0;
  const hd_ner_tokinfo *t = &T[i - b];
  const hd_ner_tokinfo *pm1 = i > b ? &T[i - b - 1] : NULL, *pp1 = i + 1 < e ? &T[i - b + 1] : NULL;
  uint64_t wm1 = pm1 ? pm1->h_low : H_BOS, wp1 = pp1 ? pp1->h_low : H_EOS;
  uint64_t wm2 = i > b + 1 ? T[i - b - 2].h_low : H_BOS, wp2 = i + 2 < e ? T[i - b + 2].h_low : H_EOS;
  uint64_t sm1 = pm1 ? pm1->h_shape : H_BOS, sp1 = pp1 ? pp1->h_shape : H_EOS;
  uint8_t fl = t->flags;
  int caps = (fl & F_CAPSSENT) != 0;
  EMIT(T_BIAS, 0);
  EMIT(T_W0, t->h_low);
  EMIT(T_WM1, wm1);
  EMIT(T_WP1, wp1);
  EMIT(T_WM2, wm2);
  EMIT(T_WP2, wp2);
  if (!caps) EMIT(T_EXACT, t->h_exact);
  for (int a = 0; a < 4; a++) {
    EMIT(T_PRE, t->h_pre[a]);
    EMIT(T_SUF, t->h_suf[a]);
  }
  EMIT(T_SHAPE, t->h_shape + (uint64_t)caps);
  EMIT(T_SHAPEM1, sm1 + (uint64_t)caps);
  EMIT(T_SHAPEP1, sp1 + (uint64_t)caps);
  EMIT(T_SHAPE_M10, sm1 * 31 + t->h_shape + (uint64_t)caps);
  EMIT(T_SHAPE_0P1, t->h_shape * 31 + sp1 + (uint64_t)caps);
  EMIT(T_BI_M10, wm1 * 31 + t->h_low);
  EMIT(T_BI_0P1, t->h_low * 31 + wp1);
  EMIT(T_W0_SHM1, t->h_low * 17 + sm1);
  if (fl & F_SENT0) EMIT(T_SENT0, t->h_shape);
  if (fl & F_CAP) /* how often unlabelled news capitalises this word */
    EMIT(T_CASING, (uint64_t)t->casing * 4 + (uint64_t)((fl & F_SENT0) ? 1 : 0) +
                       (uint64_t)(caps ? 2 : 0));
  if (caps) EMIT(T_CAPSSENT, t->h_low);
  if (fl & F_TITLESENT) EMIT(T_TITLESENT, t->h_shape);
  if (t->cluster) {
    static const uint32_t lens[] = {4, 6, 10, 24}; /* 24: the whole path */
    uint32_t depth = t->cluster >> 24;
    for (int a = 0; a < 4; a++) {
      if (a == 3 && depth <= 10) break; /* the same as the 10-bit prefix */
      EMIT(T_CL + (uint64_t)a * 1000, cl_prefix(t->cluster, lens[a]));
    }
    EMIT(T_WM1_CL0, wm1 * 7 + cl_prefix(t->cluster, 24));
  } else {
    EMIT(T_CL, 0);
  }
  uint32_t cm1 = pm1 ? pm1->cluster : 1, cp1 = pp1 ? pp1->cluster : 1;
  EMIT(T_CLM1, cl_prefix(cm1, 6));
  EMIT(T_CLM1 + 1000, cl_prefix(cm1, 24));
  EMIT(T_CLP1, cl_prefix(cp1, 6));
  EMIT(T_CLP1 + 1000, cl_prefix(cp1, 24));
  if (t->h_part) {
    EMIT(T_PART, t->h_part);
    EMIT(T_PARTCL, cl_prefix(t->part_cluster, 6));
    EMIT(T_PARTCL + 1000, cl_prefix(t->part_cluster, 24));
  }
  EMIT(T_CLM2, cl_prefix(i > b + 1 ? T[i - b - 2].cluster : 1, 10));
  EMIT(T_CLP2, cl_prefix(i + 2 < e ? T[i - b + 2].cluster : 1, 10));
  for (uint32_t l = 0; l < st->lex->n_gaz_lists; l++) {
    if (t->gaz[l]) {
      EMIT(T_GAZ, l * 8u + t->gaz[l]);
      EMIT(T_GAZCAP, l * 8u + (uint64_t)(fl & (F_CAP | F_ALLUP)));
    }
    if (pm1 && pm1->gaz[l]) EMIT(T_GAZM1, l);
    if (pp1 && pp1->gaz[l]) EMIT(T_GAZP1, l);
  }
  return k;
}

uint32_t hd_ner_features(hd_ner_state *st, uint32_t s, uint32_t *feats, uint8_t *nf) {
  const hd_ner_doc *doc = st->doc;
  uint32_t b = doc->sent_begin[s], e = doc->sent_begin[s + 1];
  uint32_t mask = (1u << st->feat_bits) - 1;
  ensure_window(st, s);
  const hd_ner_tokinfo *T = TOK(st, b); /* T[i - b]: token i */
  for (uint32_t i = b; i < e; i++) {
    uint32_t *f = feats + (size_t)(i - b) * HD_NER_MAXF;
    const hd_ner_tokinfo *t = &T[i - b];
    const hd_ner_tokinfo *pm1 = i > b ? &T[i - b - 1] : NULL, *pp1 = i + 1 < e ? &T[i - b + 1] : NULL;
    uint8_t fl = t->flags;
    uint32_t k = st->doc_only ? 0 : sentence_features(st, T, b, e, i, f, mask);
    if (st->n_static) st->n_static[i - b] = (uint8_t)k;
    const hd_ner_docent *d = &st->table[t->ent];
    if (fl & F_CAP) {
      if (fl & (F_SENT0 | F_CAPSSENT | F_TITLESENT | F_ALLUP)) {
        uint64_t where = fl & (F_SENT0 | F_CAPSSENT | F_TITLESENT);
        if (d->cap_mid) EMIT(T_DOC_CAPMID, where);
        else if (d->lower) EMIT(T_DOC_LOWONLY, where);
      }
      if (d->lower) EMIT(T_DOC_ALSOLOW, 0);
      if (st->pass1) k = second_pass_features(st, i, d, f, k, mask);
      else {
        int best = -1;
        uint32_t bestn = 0;
        for (int ty = 0; ty < 4; ty++)
          if (d->hist[ty] > bestn) { bestn = d->hist[ty]; best = ty; }
        if (best >= 0) EMIT(T_HIST, (uint64_t)best);
        else if (d->hist_o) EMIT(T_HIST, 99);
        if (d->long_mask) EMIT(T_HISTLONG, d->long_mask);
        if (d->last) EMIT(T_HISTLAST, d->last);
      }
    }
    uint64_t hm1 = st->pass1 ? T_P2_M1 : T_HISTM1, hp1 = st->pass1 ? T_P2_P1 : T_HISTP1;
    if (pm1 && (pm1->flags & F_CAP)) EMIT(hm1, hist_type(&st->table[pm1->ent]));
    if (pp1 && (pp1->flags & F_CAP)) EMIT(hp1, hist_type(&st->table[pp1->ent]));
    nf[i - b] = (uint8_t)k;
  }
  return e - b;
}

typedef struct {
  uint64_t key;   /* hash of the mention's lower-cased words */
  uint32_t start, len;
  uint8_t type;
} mention_ref;

static int by_key(const void *a, const void *b) {
  const mention_ref *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return x->start < y->start ? -1 : x->start > y->start;
}

/* One type per name per document: mentions with the same words take the
 * type most of them got when it is a clear majority (more than twice any
 * other type); otherwise each keeps its own (CoNLL has "Japan" the country
 * and "Japan" the team in one report). */
static void one_type_per_name(hd_ner_state *st, uint8_t *labels) {
  uint32_t n = st->doc->n_words, nm = 0, start = 0;
  mention_ref *m = hd_xmalloc(((size_t)n + 1) * sizeof *m);
  for (uint32_t i = 0; i < n; i++) {
    int l = labels[i], pos = hd_ner_label_pos(l);
    if (pos == HD_NER_B || pos == HD_NER_U) start = i;
    if (pos != HD_NER_L && pos != HD_NER_U) continue;
    uint64_t key = 0x51ed27;
    for (uint32_t j = start; j <= i; j++) key = mix(key, st->h_low[j]);
    m[nm++] = (mention_ref){key, start, i - start + 1, (uint8_t)hd_ner_label_type(l)};
  }
  qsort(m, nm, sizeof *m, by_key);
  for (uint32_t a = 0, z; a < nm; a = z) {
    uint32_t cnt[4] = {0};
    for (z = a; z < nm && m[z].key == m[a].key; z++) cnt[m[z].type]++;
    uint32_t best = 0, second = 0;
    for (uint32_t ty = 1; ty < 4; ty++)
      if (cnt[ty] > cnt[best]) best = ty;
    for (uint32_t ty = 0; ty < 4; ty++)
      if (ty != best && cnt[ty] > second) second = cnt[ty];
    if (cnt[best] < 2 * second + 1) continue; /* a clear majority only */
    for (uint32_t q = a; q < z; q++)
      for (uint32_t j = 0; j < m[q].len; j++) {
        int pos = hd_ner_label_pos(labels[m[q].start + j]);
        labels[m[q].start + j] = (uint8_t)hd_ner_label((int)best, pos);
      }
  }
  hd_free(m);
}

void hd_ner_doc_consistency(hd_ner_state *st, uint8_t *labels) {
  const hd_ner_doc *doc = st->doc;
  one_type_per_name(st, labels);
  for (uint32_t i = 0; i + 1 < doc->n_words; i++) { /* "al-Qaeda-linked Jabhat ..." */
    int l = labels[i], ty = hd_ner_label_type(l);
    if (hd_ner_label_pos(l) != HD_NER_B || !(st->flags[i] & F_HYPHMOD)) continue;
    labels[i] = (uint8_t)hd_ner_label(3, HD_NER_U); /* a modifier of its own, MISC */
    int next = hd_ner_label_pos(labels[i + 1]);
    labels[i + 1] = (uint8_t)hd_ner_label(ty, next == HD_NER_L ? HD_NER_U : HD_NER_B);
  }
  for (uint32_t i = 0; i < doc->n_words; i++) {
    int l = labels[i];
    if (hd_ner_label_pos(l) != HD_NER_U || hd_ner_label_type(l) == 0) continue;
    if (!(st->flags[i] & F_CAP) || !st->table[table_find(st, st->h_low[i])].per_surname) continue;
    labels[i] = (uint8_t)hd_ner_label(0, HD_NER_U);
  }
}

int hd_ner_sentence_tier(const hd_ner_state *st, uint32_t s) {
  uint32_t b = st->doc->sent_begin[s], e = st->doc->sent_begin[s + 1];
  if (s == 0 || (b < e && (st->flags[b] & (F_CAPSSENT | F_TITLESENT))))
    return 2; /* headlines, and the first sentence: in news, the title line */
  for (uint32_t i = b + 2; i < e; i++)
    if ((st->flags[i] & F_CAP) && (st->flags[i - 1] & F_CAP)) return 0;
  return 1;
}

void hd_ner_doc_record(hd_ner_state *st, uint32_t s, const uint8_t *labels) {
  uint32_t b = st->doc->sent_begin[s], e = st->doc->sent_begin[s + 1];
  uint32_t start = 0;
  ensure_window(st, s);
  for (uint32_t i = b; i < e; i++) {
    int l = labels[i - b], pos = hd_ner_label_pos(l), ty = hd_ner_label_type(l);
    if (st->flags[i] & F_CAP) {
      hd_ner_docent *d = &st->table[TOK(st, i)->ent];
      d->last = (uint8_t)(1 + l);
      if (l == 0 && d->hist_o < 60000) d->hist_o++;
    }
    if (pos == HD_NER_B || pos == HD_NER_U) start = i;
    if (pos != HD_NER_L && pos != HD_NER_U) continue;
    for (uint32_t j = start; j <= i; j++) {
      if (!(st->flags[j] & F_CAP)) continue;
      hd_ner_docent *d = &st->table[TOK(st, j)->ent];
      if (d->hist[ty] < 60000) d->hist[ty]++;
      if (i > start) d->long_mask |= (uint8_t)(1u << ty);
      if (i > start && j == i && ty == 0) d->per_surname = 1;
    }
  }
}

/* ---- lexicons ---- */

void hd_ner_lexicons_init(hd_ner_lexicons *lx) {
  memset(lx, 0, sizeof *lx);
  hd_lex_init(&lx->clusters);
  hd_lex_init(&lx->gaz);
  hd_lex_init(&lx->casing);
}

void hd_ner_lexicons_free(hd_ner_lexicons *lx) {
  hd_lex_free(&lx->clusters);
  hd_lex_free(&lx->gaz);
  hd_lex_free(&lx->casing);
}

void hd_ner_gaz_add(hd_ner_lexicons *lx, const char *phrase, size_t n, uint32_t list) {
  char key[256];
  size_t m = hd_ner_norm(phrase, n, key, sizeof key, 1);
  if (m == 0 || m >= sizeof key) return;
  for (size_t i = 0; i < m; i++)
    if (key[i] == ' ') *hd_lex_put(&lx->gaz, key, i) |= HD_GAZ_PREFIX;
  *hd_lex_put(&lx->gaz, key, m) |= 1u << list;
}

/* Casing statistics from the cluster file's counts: for each lower-cased
 * form, the share of its occurrences written with a capital. */
static void add_casing(hd_lex *cap, hd_lex *total, const char *w, size_t n, uint32_t count) {
  char low[256];
  size_t m = hd_ner_norm(w, n, low, sizeof low, 1);
  *hd_lex_put(total, low, m) += count;
  if (w[0] >= 'A' && w[0] <= 'Z') *hd_lex_put(cap, low, m) += count;
}

static void finish_casing(hd_ner_lexicons *lx, const hd_lex *cap, const hd_lex *total) {
  for (size_t i = 0; i < total->n_slots; i++) {
    const hd_lex_slot *s = &total->slots[i];
    if (s->key_off == UINT32_MAX || s->value < 3) continue;
    const char *k = total->pool + s->key_off;
    const uint32_t *c = hd_lex_get(cap, k, s->key_len);
    uint32_t share = (uint32_t)((c ? *c : 0) * 8.0 / s->value + 0.5);
    *hd_lex_put(&lx->casing, k, s->key_len) = 1 + share;
  }
}

static int load_clusters(hd_ner_lexicons *lx, const char *path) {
  FILE *fp = fopen(path, "r");
  if (!fp) return -1;
  char line[512];
  hd_lex cap, total;
  hd_lex_init(&cap);
  hd_lex_init(&total);
  while (fgets(line, sizeof line, fp)) {
    if (line[0] == '#') continue;
    char *tab = strchr(line, '\t');
    if (!tab) continue;
    char *tab2 = strchr(tab + 1, '\t');
    if (tab2 && tab > line && (size_t)(tab - line) < 200)
      add_casing(&cap, &total, line, (size_t)(tab - line), (uint32_t)strtoul(tab2 + 1, NULL, 10));
    size_t depth = 0;
    uint32_t path_bits = 0;
    for (char *p = tab + 1; (*p == '0' || *p == '1') && depth < 24; p++, depth++)
      path_bits = path_bits << 1 | (uint32_t)(*p - '0'); /* deeper bits are dropped */
    if (depth == 0) continue;
    *hd_lex_put(&lx->clusters, line, (size_t)(tab - line)) = path_bits | (uint32_t)depth << 24;
  }
  fclose(fp);
  finish_casing(lx, &cap, &total);
  hd_lex_free(&cap);
  hd_lex_free(&total);
  return 0;
}

static int load_gazetteer(hd_ner_lexicons *lx, const char *path, uint32_t list) {
  FILE *fp = fopen(path, "r");
  if (!fp) return -1;
  char line[512];
  while (fgets(line, sizeof line, fp)) {
    if (line[0] == '#') continue;
    size_t n = strcspn(line, "\r\n");
    if (n) hd_ner_gaz_add(lx, line, n, list);
  }
  fclose(fp);
  return 0;
}

/* The gazetteer lists, in feature order (a model records their names). */
static const char *const GAZ_LISTS[] = {"countries", "subdivisions", "cities", "demonyms",
                                        "languages", "titles", "organizations",
                                        "currencies"};

int hd_ner_lexicons_load_dir(hd_ner_lexicons *lx, const char *data_dir) {
  char path[4096];
  int rc = 0;
  snprintf(path, sizeof path, "%s/clusters.txt", data_dir);
  if (load_clusters(lx, path) != 0) {
    fprintf(stderr, "herald: no word clusters at %s\n", path);
    rc = -1;
  }
  size_t n = sizeof GAZ_LISTS / sizeof *GAZ_LISTS;
  for (size_t l = 0; l < n; l++) {
    snprintf(lx->gaz_names[l], sizeof lx->gaz_names[l], "%s", GAZ_LISTS[l]);
    snprintf(path, sizeof path, "%s/gazetteers/%s.txt", data_dir, GAZ_LISTS[l]);
    if (load_gazetteer(lx, path, (uint32_t)l) != 0) fprintf(stderr, "herald: no gazetteer %s\n", path);
  }
  lx->n_gaz_lists = (uint32_t)n;
  return rc;
}
