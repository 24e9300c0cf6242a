/*
 * segment.c: cleaned text -> paragraphs, sentences and tokens, as byte
 * spans over a->text.
 *
 * Paragraphs: blocks separated by blank lines; in a text with no blank
 * line, a single newline ends a paragraph unless the next line continues
 * the sentence (starts in lower case), as wrapped wire copy does.
 * Tokens: words (with inner hyphens, periods of acronyms like U.S., and
 * known abbreviations' final period), numbers (with inner , . : / -),
 * clitics split off as in the Penn/CoNLL convention (Kerry ’s, do n’t),
 * quote marks classified as opening or closing, apostrophes, dashes and
 * other punctuation; a word glued to the next by extraction
 * ("ChaffetzGov.", "saidTrump") is split (fused_split). ASCII goes through a byte table; other code points
 * through utf8proc's categories.
 * Sentences: a heading in capitals that opens a paragraph and runs into
 * its first sentence is a sentence of its own; sentences end at . ! ? (and
 * the closing quotes and brackets after them) when what follows can start
 * a sentence; never after a title
 * abbreviation (Rep., Sen., Mr.) or an initial (John F. Kerry); after an
 * abbreviation that can also end a sentence (Jr., Inc., U.S.) only when a
 * typical sentence opener follows. A sentence is cut at MAX_SENT_TOKENS
 * so that no input makes later stages superlinear.
 * Complexity: O(n) in the text length; memory O(tokens).
 */
#include "text/segment.h"

#include <pthread.h>
#include <string.h>
#include <utf8proc.h>

#include "util/buf.h"
#include "util/lexicon.h"
#include "util/utf8.h"

#define MAX_SENT_TOKENS 400

/* ---- character classes ------------------------------------------- */

enum { C_SPACE, C_NL, C_ALPHA, C_DIGIT, C_PUNCT, C_OTHER };

/* ASCII classes, filled once by ascii_table_init. */
static unsigned char ASCII_CLASS[128];
/* ASCII case bits: 1 upper, 2 lower, 4 digit. */
static unsigned char CASE_BITS[128];

static void fill_ascii_tables(void) {
  for (int c = 0; c < 128; c++) {
    int k = C_PUNCT;
    if (c == '\n') k = C_NL;
    else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') k = C_SPACE;
    else if ((c | 32) >= 'a' && (c | 32) <= 'z') k = C_ALPHA;
    else if (c >= '0' && c <= '9') k = C_DIGIT;
    ASCII_CLASS[c] = (unsigned char)k;
    CASE_BITS[c] = (unsigned char)(c >= 'A' && c <= 'Z' ? 1 : c >= 'a' && c <= 'z' ? 2 : c >= '0' && c <= '9' ? 4 : 0);
  }
}

static void ascii_table_init(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, fill_ascii_tables);
}

static int cp_class_slow(utf8proc_int32_t cp) {
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
      return C_ALPHA;
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return C_DIGIT;
    case UTF8PROC_CATEGORY_ZS:
      return C_SPACE;
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
      return C_NL;
    default:
      return C_PUNCT;
  }
}

static inline int cp_class(utf8proc_int32_t cp) {
  return cp < 0x80 ? ASCII_CLASS[cp] : cp_class_slow(cp);
}

/* Decodes the code point at p[i] (text is valid UTF-8); sets *len. */
static inline utf8proc_int32_t cp_at(const char *p, size_t n, size_t i, size_t *len) {
  return hd_utf8_decode(p + i, n - i, len, 0xFFFD);
}

static int class_at(const char *p, size_t n, size_t i) {
  size_t l;
  return i < n ? cp_class(cp_at(p, n, i, &l)) : C_NL;
}

static int is_upper_cp(utf8proc_int32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  utf8proc_category_t c = utf8proc_category(cp);
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static int is_lower_cp(utf8proc_int32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z';
  return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* ---- quote marks, apostrophes, dashes ----------------------------- */

enum { Q_NONE, Q_OPEN, Q_CLOSE, Q_EITHER, Q_APOS_OR_CLOSE };

static int quote_mark(utf8proc_int32_t cp) {
  switch (cp) {
    case 0x201C: case 0x201E: case 0x00AB: case 0x2039: case 0x201F: return Q_OPEN; /* “ „ « ‹ ‟ */
    case 0x2018: case 0x201A: return Q_OPEN;                                     /* ‘ ‚ */
    case 0x201D: case 0x00BB: case 0x203A: return Q_CLOSE;                        /* ” » › */
    case '"': return Q_EITHER;
    case '\'': case 0x2019: return Q_APOS_OR_CLOSE; /* ' ’ */
  }
  return Q_NONE;
}

static int is_dash(utf8proc_int32_t cp) {
  return cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 ||
         cp == 0x2014 || cp == 0x2015 || cp == 0x2212;
}

/* ---- abbreviations ------------------------------------------------ */

/* The abbreviation and sentence-opener lists are data/lexicons/segment_*.txt
 * (util/lexicon.h): title abbreviations never end a sentence, end
 * abbreviations may, and after one of those a sentence opener splits. */

/* ---- tokenizer ---------------------------------------------------- */

typedef struct {
  const char *p;
  size_t n;
  hd_article *a;
} scanner;

/* ---- token flags -------------------------------------------------- */

/* Any script: code points through utf8proc. */
static void set_case_flags_slow(const hd_article *a, hd_token *t) {
  const char *p = a->text;
  size_t n = t->end, i = t->start, len;
  int letters = 0, upper = 0, first = 1;
  while (i < n) {
    utf8proc_int32_t cp = cp_at(p, n, i, &len);
    int cls = cp_class(cp);
    if (cls == C_DIGIT) t->flags |= HD_TF_HAS_DIGIT;
    if (is_upper_cp(cp)) {
      upper++;
      letters++;
      if (first) t->flags |= HD_TF_UPPER_INITIAL;
    } else if (is_lower_cp(cp)) {
      letters++;
    }
    if (cls == C_ALPHA) first = 0;
    i += len;
  }
  if (letters && upper == letters) t->flags |= HD_TF_ALL_UPPER;
}

static void set_case_flags(const hd_article *a, hd_token *t) {
  const unsigned char *p = (const unsigned char *)a->text;
  unsigned any = 0, upper = 0, letters = 0, first = 0;
  for (uint32_t i = t->start; i < t->end; i++) {
    if (p[i] >= 0x80) {
      set_case_flags_slow(a, t);
      return;
    }
    unsigned b = CASE_BITS[p[i]];
    if (!first) first = b & 3;
    any |= b;
    upper += b & 1;
    letters += (b | b >> 1) & 1;
  }
  if (first & 1) t->flags |= HD_TF_UPPER_INITIAL;
  if (any & 4) t->flags |= HD_TF_HAS_DIGIT;
  if (letters && upper == letters) t->flags |= HD_TF_ALL_UPPER;
}

static void push_token(hd_article *a, size_t s, size_t e, int kind, int space_before) {
  hd_token t = {(uint32_t)s, (uint32_t)e, (uint8_t)kind, 0};
  if (space_before) t.flags |= HD_TF_SPACE_BEFORE;
  if (kind == HD_TOK_WORD || kind == HD_TOK_NUM) set_case_flags(a, &t);
  HD_VEC_PUSH(a->tokens, a->n_tokens, a->cap_tokens, t);
}

/* Is the clitic starting at apostrophe i one to split off (’s ’re n’t)? */
static size_t clitic_len(const char *p, size_t n, size_t i, size_t alen) {
  size_t j = i + alen, n_clitics;
  if (j >= n || !strchr("sSrRlLvVdDmM", p[j])) return 0;
  const char *const *clitics = hd_lex_in_order(HD_LEX_SEGMENT_CLITICS, &n_clitics);
  for (size_t c = 0; c < n_clitics; c++) {
    size_t k = strlen(clitics[c]);
    if (j + k <= n && memcmp(p + j, clitics[c], k) == 0 && class_at(p, n, j + k) != C_ALPHA) return alen + k;
  }
  return 0;
}

/* Scans a word from i; returns its end. Handles inner apostrophes,
 * hyphens, periods of acronyms (U.S.) and a known abbreviation's period. */
static size_t scan_word(const char *p, size_t n, size_t i, size_t *clitic_at) {
  size_t start = i, len;
  *clitic_at = 0;
  for (;;) {
    while (i < n) {
      unsigned char b = (unsigned char)p[i];
      if (b < 0x80) { /* ASCII fast path */
        if (!(CASE_BITS[b] & 7)) break; /* not a letter or digit */
        i++;
        continue;
      }
      int c = cp_class(cp_at(p, n, i, &len));
      if (c != C_ALPHA && c != C_DIGIT) break;
      i += len;
    }
    if (i >= n) return i;
    /* bytes that never continue a word end it at once */
    unsigned char stop = (unsigned char)p[i];
    if (stop == ' ' || stop == '\n' || stop == ',' || stop == ';' || stop == ':' || stop == ')' || stop == '?' ||
        stop == '!')
      return i;
    utf8proc_int32_t cp = cp_at(p, n, i, &len);
    int next = class_at(p, n, i + len);
    if (quote_mark(cp) == Q_APOS_OR_CLOSE && next == C_ALPHA) {
      size_t cl = clitic_len(p, n, i, len);
      if (cl) {
        /* n’t: split before the n */
        if ((cl == len + 1 && (p[i + len] == 't' || p[i + len] == 'T')) && i > start && (p[i - 1] == 'n' || p[i - 1] == 'N')) {
          *clitic_at = i - 1;
          return i + cl;
        }
        *clitic_at = i;
        return i + cl;
      }
      if (i + len + 1 < n && (p[i + len] == 't' || p[i + len] == 'T') && i > start && (p[i - 1] == 'n' || p[i - 1] == 'N') && class_at(p, n, i + len + 1) != C_ALPHA) {
        *clitic_at = i - 1;
        return i + len + 1;
      }
      i += len; /* O’Brien, rock’n’roll */
      continue;
    }
    if ((is_dash(cp) && cp != 0x2014 && cp != 0x2013 && (next == C_ALPHA || next == C_DIGIT)) ||
        (cp == '&' && next == C_ALPHA && i - start <= 2)) {
      i += len; /* cease-fire, al-Assad, D-Hawaii, AT&T */
      continue;
    }
    if (cp == '.' && next == C_ALPHA && i + 2 < n && (p[i + 2] == '.' || class_at(p, n, i + 2) != C_ALPHA)) {
      i += 1; /* U.S., e.g.: single letters between periods */
      continue;
    }
    break;
  }
  return i;
}

/* Fused words: extraction sometimes glues the end of one element to the
 * start of the next ("Jason ChaffetzGov. Gary Herbert", "he saidTrump",
 * "in OhioThe"). A word [s,e) is split at its first ASCII lower-to-upper
 * change k when
 *   - everything before k is lower case (3+ letters) and the rest is a
 *     capitalised word ("saidTrump"; "iPhone", "eBay" have shorter heads), or
 *   - 3+ lower-case letters precede k and the rest is a title abbreviation
 *     written with its period ("ChaffetzGov."), or a sentence opener of 3+
 *     letters ("OhioThe", "ObamaHowever"; not "LinkedIn", "MoveOn").
 * CamelCase names (YouTube, WikiLeaks, HuffPost, McDonald, DeSantis) match
 * none of these. Handles and hashtags (@realDonaldTrump) are left whole.
 * Returns k, or 0 for no split. */
static size_t fused_split(const char *p, size_t s, size_t e, size_t n) {
  if (s > 0 && (p[s - 1] == '@' || p[s - 1] == '#')) return 0;
#define CB(i) ((unsigned char)p[i] < 128 ? CASE_BITS[(unsigned char)p[i]] : 0) /* 0 past ASCII */
  size_t k = s + 1;
  while (k < e && (CB(k) & 3) && !((CB(k) & 1) && (CB(k - 1) & 2))) k++;
  if (k >= e || !(CB(k) & 1)) return 0; /* no change, or a non-ASCII letter first */
  size_t lower_run = 0;
  while (k - lower_run > s && (CB(k - lower_run - 1) & 2)) lower_run++;
  for (size_t j = k + 1; j < e; j++)
    if (!(CB(j) & 2)) return 0; /* the rest must be Xxxx */
#undef CB
  size_t tl = e - k;
  if (lower_run == k - s) return lower_run >= 3 && tl >= 2 ? k : 0;
  if (lower_run < 3) return 0;
  if (e < n && p[e] == '.' && hd_lex_has(HD_LEX_SEGMENT_TITLE_ABBREV, p + k, tl)) return k;
  if (tl >= 3 && !hd_lex_has(HD_LEX_SEGMENT_FUSED_KEPT_TAILS, p + k, tl) && hd_lex_has(HD_LEX_SEGMENT_OPENERS, p + k, tl))
    return k;
  return 0;
}

/* After a word [s,e): should a following '.' stay in the token? */
static int keeps_period(const char *p, size_t s, size_t e, size_t n) {
  if (e >= n || p[e] != '.') return 0;
  size_t wl = e - s;
  if (memchr(p + s, '.', wl)) return 1;                                 /* U.S. */
  if (wl == 1 && p[s] >= 'A' && p[s] <= 'Z') return 1;                 /* initial F. */
  if (hd_lex_has(HD_LEX_SEGMENT_TITLE_ABBREV, p + s, wl) || hd_lex_has(HD_LEX_SEGMENT_END_ABBREV, p + s, wl)) return 1;
  return 0;
}

static size_t scan_number(const char *p, size_t n, size_t i) {
  size_t len;
  for (;;) {
    while (i < n && cp_class(cp_at(p, n, i, &len)) == C_DIGIT) i += len;
    if (i + 1 < n && (p[i] == ',' || p[i] == '.' || p[i] == ':' || p[i] == '/' || p[i] == '-') &&
        p[i + 1] >= '0' && p[i + 1] <= '9') {
      i++;
      continue;
    }
    /* 1990s, 20th, 3D: letters glued to the number */
    while (i < n && cp_class(cp_at(p, n, i, &len)) == C_ALPHA) i += len;
    return i;
  }
}

static size_t scan_url(const char *p, size_t n, size_t i) {
  while (i < n && (unsigned char)p[i] > ' ') i++;
  while (i > 0 && strchr(".,;:!?)\"'", p[i - 1])) i--;
  return i;
}

static int url_at(const char *p, size_t n, size_t i) {
  if (p[i] != 'h' && p[i] != 'w') return 0;
  return (i + 8 < n && (!memcmp(p + i, "http://", 7) || !memcmp(p + i, "https://", 8))) ||
         (i + 4 < n && !memcmp(p + i, "www.", 4) && class_at(p, n, i + 4) == C_ALPHA);
}

/* Classifies a quote or apostrophe at i from its neighbours. */
static int classify_quote(const char *p, size_t n, size_t i, size_t len, int q, int prev_class) {
  int next = class_at(p, n, i + len);
  int before_space = prev_class == C_SPACE || prev_class == C_NL || i == 0;
  int after_space = next == C_SPACE || next == C_NL;
  if (q == Q_OPEN) return HD_TOK_QUOTE_OPEN;
  if (q == Q_CLOSE) return HD_TOK_QUOTE_CLOSE;
  if (q == Q_APOS_OR_CLOSE) {
    if (prev_class == C_ALPHA && !after_space && next != C_PUNCT) return HD_TOK_APOS;
    if (before_space && !after_space) return HD_TOK_QUOTE_OPEN; /* 'scare quotes' */
    if (prev_class == C_ALPHA && i > 0 && (p[i - 1] == 's' || p[i - 1] == 'S') && after_space)
      return HD_TOK_APOS; /* officials’ */
    return HD_TOK_QUOTE_CLOSE;
  }
  /* straight double quote */
  if (before_space) return after_space ? HD_TOK_OTHER : HD_TOK_QUOTE_OPEN;
  if (after_space || next == C_PUNCT || next == C_NL) return HD_TOK_QUOTE_CLOSE;
  return prev_class == C_PUNCT ? HD_TOK_QUOTE_OPEN : HD_TOK_QUOTE_CLOSE;
}

static void tokenize(hd_article *a) {
  const char *p = a->text;
  size_t n = a->text_len, i = 0, len;
  int prev_class = C_NL;
  while (i < n) {
    if (p[i] == ' ' || p[i] == '\n') {
      prev_class = C_SPACE;
      i++;
      continue;
    }
    utf8proc_int32_t cp = cp_at(p, n, i, &len);
    int c = cp_class(cp);
    int space_before = prev_class == C_SPACE || prev_class == C_NL;
    if (c == C_SPACE || c == C_NL) {
      prev_class = c;
      i += len;
      continue;
    }
    size_t s = i, e, clitic = 0;
    int kind;
    if (url_at(p, n, i)) {
      e = scan_url(p, n, i);
      kind = HD_TOK_WORD;
    } else if (c == C_ALPHA) {
      e = scan_word(p, n, i, &clitic);
      size_t fused = fused_split(p, s, clitic ? clitic : e, n);
      if (fused) e = fused, clitic = 0; /* the rest is scanned as the next word */
      else if (!clitic && keeps_period(p, s, e, n)) e++;
      kind = HD_TOK_WORD;
    } else if (c == C_DIGIT) {
      e = scan_number(p, n, i);
      kind = HD_TOK_NUM;
    } else {
      int q = quote_mark(cp);
      e = i + len;
      if (q) kind = classify_quote(p, n, i, len, q, prev_class);
      else if (is_dash(cp)) kind = HD_TOK_DASH;
      else if (cp < 0x80 && strchr(".,;:!?()[]{}", (int)cp)) {
        kind = HD_TOK_PUNCT;
        if (cp == '.') while (e < n && p[e] == '.') e++; /* ... */
      } else if (cp == 0x2026) kind = HD_TOK_PUNCT; /* … */
      else kind = HD_TOK_SYMBOL;
    }
    if (clitic) {
      push_token(a, s, clitic, kind, space_before);
      push_token(a, clitic, e, HD_TOK_WORD, 0);
    } else {
      push_token(a, s, e, kind, space_before);
    }
    prev_class = (kind == HD_TOK_WORD || kind == HD_TOK_NUM) ? C_ALPHA : C_PUNCT;
    i = e;
  }
}

/* ---- paragraphs --------------------------------------------------- */

static int has_blank_line(const char *p, size_t n) {
  for (const char *q = p; (q = memchr(q, '\n', (size_t)(p + n - q))) != NULL; q++) {
    const char *r = q + 1;
    while (r < p + n && (*r == ' ' || *r == '\t' || *r == '\r')) r++;
    if (r < p + n && *r == '\n') return 1;
  }
  return 0;
}

/* Where does the paragraph that starts at or after `i` end? Sets *next. */
static size_t paragraph_end(const char *p, size_t n, size_t i, int blank_mode, size_t *next) {
  while (i < n) {
    const char *nl = memchr(p + i, '\n', n - i);
    if (!nl) break;
    size_t j = (size_t)(nl - p) + 1, k = j;
    while (k < n && (p[k] == ' ' || p[k] == '\t' || p[k] == '\r')) k++;
    int blank = k >= n || p[k] == '\n';
    int indent = k - j >= 2;
    size_t l;
    int breaks = blank || (indent && blank_mode) || (!blank_mode && (indent || !is_lower_cp(cp_at(p, n, k, &l))));
    if (breaks) {
      *next = j;
      return (size_t)(nl - p);
    }
    i = j;
  }
  *next = n;
  return n;
}

static void trim(const char *p, size_t *s, size_t *e) {
  while (*s < *e && (p[*s] == ' ' || p[*s] == '\t' || p[*s] == '\n' || p[*s] == '\r')) (*s)++;
  while (*e > *s && (p[*e - 1] == ' ' || p[*e - 1] == '\t' || p[*e - 1] == '\n' || p[*e - 1] == '\r')) (*e)--;
  /* trailing no-break spaces (U+00A0) are whitespace too */
  while (*e >= *s + 2 && (unsigned char)p[*e - 2] == 0xC2 && (unsigned char)p[*e - 1] == 0xA0) {
    *e -= 2;
    while (*e > *s && (p[*e - 1] == ' ' || p[*e - 1] == '\t')) (*e)--;
  }
}

static void split_paragraphs(hd_article *a) {
  const char *p = a->text;
  size_t n = a->text_len, i = 0;
  int blank_mode = has_blank_line(p, n);
  while (i < n) {
    size_t next, e = paragraph_end(p, n, i, blank_mode, &next), s = i;
    trim(p, &s, &e);
    if (e > s) {
      hd_paragraph para = {(uint32_t)s, (uint32_t)e, 0, 0};
      HD_VEC_PUSH(a->paragraphs, a->n_paragraphs, a->cap_paragraphs, para);
    }
    i = next;
  }
}

/* ---- sentences ---------------------------------------------------- */

static int tok_is(const hd_article *a, const hd_token *t, const char *s) {
  size_t l = strlen(s);
  return hd_tok_len(t) == l && memcmp(hd_tok_ptr(a, t), s, l) == 0;
}

/* Can token t open a sentence? */
static int can_open(const hd_article *a, const hd_token *t) {
  if (t->kind == HD_TOK_QUOTE_OPEN || t->kind == HD_TOK_NUM) return 1;
  if (t->kind == HD_TOK_PUNCT) return tok_is(a, t, "(") || tok_is(a, t, "[");
  if (t->kind == HD_TOK_DASH || t->kind == HD_TOK_SYMBOL) return 1;
  return (t->flags & HD_TF_UPPER_INITIAL) != 0;
}

/* Does the token at k end a sentence, given the token after the
 * closers (next)? k is a word with a kept period or a . ! ? token. */
static int ends_sentence(const hd_article *a, const hd_token *k, const hd_token *next) {
  const char *s = hd_tok_ptr(a, k);
  size_t l = hd_tok_len(k);
  if (!can_open(a, next)) return 0;
  if (k->kind == HD_TOK_PUNCT) return s[0] == '.' || s[0] == '!' || s[0] == '?';
  if (k->kind != HD_TOK_WORD || s[l - 1] != '.') return 0;
  /* a word that kept its period: an abbreviation, acronym or initial */
  if (l == 2) return 0; /* initial */
  if (hd_lex_has(HD_LEX_SEGMENT_TITLE_ABBREV, s, l - 1)) return 0;
  const char *ns = hd_tok_ptr(a, next);
  size_t nl = hd_tok_len(next);
  return next->kind == HD_TOK_QUOTE_OPEN || hd_lex_has(HD_LEX_SEGMENT_OPENERS, ns, nl);
}

static int is_closer(const hd_article *a, const hd_token *t) {
  return t->kind == HD_TOK_QUOTE_CLOSE || tok_is(a, t, ")") || tok_is(a, t, "]") ||
         (t->kind == HD_TOK_OTHER && !(t->flags & HD_TF_SPACE_BEFORE));
}

static void push_sentence(hd_article *a, size_t tb, size_t te) {
  if (te <= tb) return;
  hd_sentence s = {a->tokens[tb].start, a->tokens[te - 1].end, (uint32_t)tb, (uint32_t)te};
  HD_VEC_PUSH(a->sentences, a->n_sentences, a->cap_sentences, s);
  a->tokens[tb].flags |= HD_TF_SENT_START;
}

/* Splits tokens [tb, te) of one paragraph into sentences. */
/* A heading in capitals run into its paragraph's first sentence ("THE MANY
 * CAVEATS Plenty of people ...", "CONGRESS HAS INVESTIGATED HIM — Oz's
 * advice ..."): three or more words in capitals (10+ letters in all; commas,
 * quotes and clitics may come between) at the paragraph start, then a word
 * in ordinary capitalisation, possibly after a dash. Returns the end of the
 * heading (after the dash), or tb when there is none; the heading becomes a
 * sentence of its own, so later stages see it as a headline. */
static size_t caps_heading_end(const hd_article *a, size_t tb, size_t te) {
  size_t k = tb, words = 0, letters = 0;
  for (; k < te; k++) {
    const hd_token *t = &a->tokens[k];
    if (t->kind == HD_TOK_WORD && (t->flags & HD_TF_ALL_UPPER)) {
      words++;
      letters += hd_tok_len(t);
    } else if (!(t->kind == HD_TOK_QUOTE_OPEN || t->kind == HD_TOK_QUOTE_CLOSE || t->kind == HD_TOK_APOS ||
                 tok_is(a, t, ","))) {
      break;
    }
  }
  if (words < 3 || letters < 10 || k >= te) return tb;
  size_t end = k;
  if (a->tokens[k].kind == HD_TOK_DASH) k++;
  if (k >= te) return tb;
  const hd_token *next = &a->tokens[k];
  if (next->kind != HD_TOK_WORD || !(next->flags & HD_TF_UPPER_INITIAL) || (next->flags & HD_TF_ALL_UPPER)) return tb;
  return k > end ? k : end;
}

static void split_sentences(hd_article *a, size_t tb, size_t te) {
  size_t start = tb, heading = caps_heading_end(a, tb, te);
  if (heading > tb) {
    push_sentence(a, tb, heading);
    start = heading;
  }
  for (size_t k = start; k < te; k++) {
    const hd_token *t = &a->tokens[k];
    int cand = (t->kind == HD_TOK_PUNCT || t->kind == HD_TOK_WORD) && a->text[t->end - 1] != ',' &&
               (a->text[t->end - 1] == '.' || a->text[t->end - 1] == '!' || a->text[t->end - 1] == '?');
    size_t j = k + 1;
    if (cand) {
      while (j < te && is_closer(a, &a->tokens[j])) j++;
      if (j < te && ends_sentence(a, t, &a->tokens[j])) {
        push_sentence(a, start, j);
        start = j;
        k = j - 1;
        continue;
      }
    }
    if (k + 1 - start >= MAX_SENT_TOKENS) {
      push_sentence(a, start, k + 1);
      start = k + 1;
    }
  }
  push_sentence(a, start, te);
}

static void assign_sentences(hd_article *a) {
  size_t k = 0;
  for (size_t pi = 0; pi < a->n_paragraphs; pi++) {
    hd_paragraph *para = &a->paragraphs[pi];
    while (k < a->n_tokens && a->tokens[k].start < para->start) k++;
    size_t tb = k;
    while (k < a->n_tokens && a->tokens[k].end <= para->end) k++;
    para->sent_begin = (uint32_t)a->n_sentences;
    if (k > tb) a->tokens[tb].flags |= HD_TF_PARA_START;
    split_sentences(a, tb, k);
    para->sent_end = (uint32_t)a->n_sentences;
  }
}

static void segment_article(hd_article *a) {
  if (!a->text) return;
  ascii_table_init();
  split_paragraphs(a);
  a->tokens = hd_vec_grow(a->tokens, &a->cap_tokens, a->text_len / 5 + 16, sizeof *a->tokens);
  tokenize(a);
  assign_sentences(a);
}

void hd_segment(hd_article *a) { HD_IN_ARENA(a, segment_article(a)); }
