/*
 * clean.c: the clean stage: a->raw -> a->text, a->removed[], and the
 * article's metadata (title, section, kind, byline, outlet).
 *
 * How: the input is cut into blocks (runs of non-blank lines, i.e.
 * paragraphs; single lines when the text separates paragraphs by single
 * newlines). Hand-written scanners classify blocks by shape and by small
 * hint lists (data/lexicons/clean_*.txt): a masthead (fused with its slogan or not)
 * and section labels before the headline, bylines and timestamps near it,
 * photo captions with credits, ad lines, bare URLs, promo and
 * related-links blocks, wire credits, author promos at the end. A second scanner removes placeholders inside
 * lines ({ad}, [[ad]], <!-- -->, %%x%%, stray HTML tags) and exotic
 * whitespace at line ends. Every removal is recorded as a byte range of
 * raw with a static reason; `text` is raw minus those ranges, so each
 * paragraph keeps its "\n\n" separator. The headline is kept in `text`
 * (it is content, and keeping it leaves plain articles byte-identical);
 * it is also copied to a->title. See docs/clean.md.
 *
 * Metadata given in the input (meta title/source/author) wins over
 * inference.
 *
 * Ownership: a->text, a->removed, a->title/section/byline/outlet are
 * allocated here and owned by the article (freed by
 * hd_article_reset_layers). Reasons are static strings.
 *
 * Complexity: O(n) in the input size. Each line is scanned a bounded
 * number of times; shape tests look at most at a fixed number of bytes
 * per block (blocks longer than the caps are body text); inline scanners
 * use bounded look-ahead, and the one unbounded search ("-->") is cached
 * so that it moves forward only. Sorting the removals is O(r log r) in
 * their number r <= number of lines + placeholders.
 */
#include "text/clean.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util/lexicon.h"
#include "util/buf.h"

/* ---- caps (bytes) beyond which a block is body text, not debris ---- */
enum {
  HEAD_BLOCKS = 8,       /* blocks examined before the first body block */
  MASTHEAD_MAX = 120,    /* a masthead line */
  SECTION_MAX = 40,      /* a section label */
  HEADLINE_MAX = 300,    /* a headline block */
  BYLINE_MAX = 160,      /* a "By ..." line */
  CAPTION_MAX = 500,     /* a photo caption */
  PROMO_MAX = 300,       /* promo / author-promo lines */
  RELATED_HEADER_MAX = 80,
  RELATED_ITEM_MAX = 200, /* a headline in a related-links list */
  TRAIL_ITEM_MAX = 150,  /* a headline in a trailing list without header */
  BODY_MIN = 300         /* a block this long ends the head zone */
};

typedef struct {
  uint32_t s, e;      /* start of first line; end of last line (before '\n') */
  uint32_t lines;
  const char *reason; /* removed whole, or NULL (kept) */
} block;

typedef struct {
  hd_article *a;
  const char *raw;
  size_t n;
  block *b;
  size_t nb, capb;
  hd_removed *inl; /* removals inside kept blocks */
  size_t ninl, capinl;
  char *title, *section, *byline, *outlet;
  int opinion_cue;
  int line_mode; /* paragraphs separated by single newlines */
  const char *comment_close; /* cached next "-->" (forward-only search) */
  size_t comment_from;
} cleaner;

/* ------------------------------------------------------------------ */
/* Characters                                                          */

static int is_ascii_upper(int c) { return c >= 'A' && c <= 'Z'; }
static int is_ascii_lower(int c) { return c >= 'a' && c <= 'z'; }
static int is_ascii_alpha(int c) { return is_ascii_upper(c) || is_ascii_lower(c); }
static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int lower(int c) { return is_ascii_upper(c) ? c + 32 : c; }

/* Byte length of a whitespace character at p (ASCII blanks, NBSP, the
 * U+2000 block spaces, zero-width space, narrow NBSP, ideographic space,
 * BOM), or 0. */
static size_t space_len(const char *p, const char *end) {
  const unsigned char *u = (const unsigned char *)p;
  size_t left = (size_t)(end - p);
  if (!left) return 0;
  if (u[0] == ' ' || u[0] == '\t' || u[0] == '\f' || u[0] == '\v') return 1;
  if (left >= 2 && u[0] == 0xC2 && u[1] == 0xA0) return 2;
  if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] <= 0x8B || u[2] == 0xAF)) return 3;
  if (left >= 3 && u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F) return 3;
  if (left >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) return 3;
  if (left >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) return 3;
  return 0;
}

/* The code point at p (or -1), and its length in *len. */
static int32_t cp_at(const char *p, const char *end, size_t *len) {
  utf8proc_int32_t cp = -1;
  utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)p, end - p, &cp);
  *len = k > 0 ? (size_t)k : 1;
  return k > 0 ? cp : -1;
}

static int starts_upper(const char *p, const char *end) {
  if (p >= end) return 0;
  if ((unsigned char)*p < 0x80) return is_ascii_upper((unsigned char)*p);
  size_t k;
  int32_t cp = cp_at(p, end, &k);
  return cp > 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

static int starts_lower(const char *p, const char *end) {
  if (p >= end) return 0;
  if ((unsigned char)*p < 0x80) return is_ascii_lower((unsigned char)*p);
  size_t k;
  int32_t cp = cp_at(p, end, &k);
  return cp > 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* An apostrophe (' or ’) at p; returns its length or 0. */
static size_t apos_len(const char *p, const char *end) {
  if (p < end && *p == '\'') return 1;
  if (end - p >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
      (unsigned char)p[2] == 0x99)
    return 3;
  return 0;
}

/* ------------------------------------------------------------------ */
/* Slices                                                              */

static hd_slice sl(const char *p, size_t n) { return (hd_slice){p, n}; }

static hd_slice trim(hd_slice s) {
  const char *p = s.ptr, *e = s.ptr + s.len;
  size_t k;
  while (p < e && ((k = space_len(p, e)) || *p == '\n')) p += k ? k : 1;
  while (e > p) {
    if (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n') { e--; continue; }
    if (e - p >= 2 && (unsigned char)e[-2] == 0xC2 && (unsigned char)e[-1] == 0xA0) { e -= 2; continue; }
    if (e - p >= 3 && space_len(e - 3, e) == 3) { e -= 3; continue; }
    break;
  }
  return sl(p, (size_t)(e - p));
}

static int starts_ci(hd_slice s, const char *pre) {
  size_t m = strlen(pre);
  if (m > s.len) return 0;
  for (size_t i = 0; i < m; i++)
    if (lower((unsigned char)s.ptr[i]) != lower((unsigned char)pre[i])) return 0;
  return 1;
}

static int contains(hd_slice s, const char *needle) {
  size_t m = strlen(needle);
  return m <= s.len && memmem(s.ptr, s.len, needle, m) != NULL;
}

static int contains_ci(hd_slice s, const char *needle) {
  size_t m = strlen(needle);
  for (size_t i = 0; i + m <= s.len; i++)
    if (starts_ci(sl(s.ptr + i, s.len - i), needle)) return 1;
  return 0;
}

/* Does `needle` occur in s as whole words (ASCII case-insensitive)? */
static int contains_word_ci(hd_slice s, const char *needle) {
  size_t m = strlen(needle);
  for (size_t i = 0; i + m <= s.len; i++) {
    if (i && is_ascii_alpha((unsigned char)s.ptr[i - 1])) continue;
    if (i + m < s.len && is_ascii_alpha((unsigned char)s.ptr[i + m])) continue;
    if (starts_ci(sl(s.ptr + i, s.len - i), needle)) return 1;
  }
  return 0;
}

static int last_char(hd_slice s) { return s.len ? (unsigned char)s.ptr[s.len - 1] : 0; }

/* Does the slice end with a closing quote or sentence punctuation? */
static int ends_sentence(hd_slice s) {
  int c = last_char(s);
  if (c == '.' || c == '!' || c == '?' || c == '"' || c == ')') return 1;
  if (s.len >= 3 && (unsigned char)s.ptr[s.len - 3] == 0xE2 && (unsigned char)s.ptr[s.len - 2] == 0x80) {
    unsigned char d = (unsigned char)s.ptr[s.len - 1];
    return d == 0x9D || d == 0x99 || d == 0xA6; /* ” ’ … */
  }
  return 0;
}

/* Iterates words (split on whitespace). Returns 0 at the end. */
static int next_word(hd_slice *rest, hd_slice *w) {
  const char *p = rest->ptr, *e = rest->ptr + rest->len;
  size_t k;
  while (p < e && ((k = space_len(p, e)) || *p == '\n')) p += k ? k : 1;
  if (p >= e) return 0;
  const char *q = p;
  while (q < e && !space_len(q, e) && *q != '\n') q++;
  *w = sl(p, (size_t)(q - p));
  *rest = sl(q, (size_t)(e - q));
  return 1;
}

static size_t count_words(hd_slice s, size_t cap) {
  hd_slice w;
  size_t n = 0;
  while (n <= cap && next_word(&s, &w)) n++;
  return n;
}

static char *dup_slice(hd_slice s) { return hd_xstrndup(s.ptr, s.len); }

/* Strips trailing characters in `chars` (ASCII). */
static hd_slice rstrip(hd_slice s, const char *chars) {
  while (s.len && strchr(chars, s.ptr[s.len - 1])) s.len--;
  return trim(s);
}

/* ------------------------------------------------------------------ */
/* Word shapes                                                         */

/* A capitalised word, an initial ("F."), or a name particle. */
static int name_word(hd_slice w) {
  if (!w.len || w.len > 30) return 0;
  if (hd_lex_find_ci(HD_LEX_CLEAN_NAME_PARTICLES, w.ptr, w.len)) return 1;
  if (!starts_upper(w.ptr, w.ptr + w.len)) return 0;
  for (size_t i = 0; i < w.len; i++) {
    unsigned char c = (unsigned char)w.ptr[i];
    if (c < 0x80 && !is_ascii_alpha(c) && c != '.' && c != '-' && c != '\'') return 0;
  }
  return 1;
}

/* A person's name (or two joined by "and"): 1-6 name words, the first
 * and last capitalised. */
static int name_shaped(hd_slice s) {
  s = trim(s);
  if (!s.len || s.len > 60) return 0;
  hd_slice rest = s, w, last = {0};
  size_t n = 0;
  while (next_word(&rest, &w)) {
    if (!name_word(w) || ++n > 6) return 0;
    if (n == 1 && !starts_upper(w.ptr, w.ptr + w.len)) return 0;
    last = w;
  }
  return n >= 1 && starts_upper(last.ptr, last.ptr + last.len);
}

/* Title Case words ("of", "the", "and", "&" allowed inside). */
static size_t title_case_words(hd_slice s) {
  hd_slice w;
  size_t n = 0;
  while (next_word(&s, &w)) {
    n++;
    if (starts_upper(w.ptr, w.ptr + w.len) || is_digit((unsigned char)w.ptr[0])) continue;
    if (n > 1 && (hd_lex_find_ci(HD_LEX_CLEAN_TITLE_JOINERS, w.ptr, w.len)))
      continue;
    return 0;
  }
  return n;
}

static hd_slice last_word(hd_slice s) {
  hd_slice w = {0}, x;
  while (next_word(&s, &x)) w = x;
  return w;
}

/* ------------------------------------------------------------------ */
/* Blocks                                                              */

static int blank_line(const char *p, const char *e) {
  size_t k;
  while (p < e) {
    if (!(k = space_len(p, e))) return 0;
    p += k;
  }
  return 1;
}

/* Does the text separate paragraphs by single newlines? Yes when it has
 * no blank line but has a line too long to be hard-wrapped text. */
static int single_newline_paragraphs(const cleaner *c) {
  size_t i = 0, longest = 0, lines = 0;
  while (i <= c->n) {
    const char *nl = i < c->n ? memchr(c->raw + i, '\n', c->n - i) : NULL;
    size_t le = nl ? (size_t)(nl - c->raw) : c->n;
    if (blank_line(c->raw + i, c->raw + le)) {
      if (lines && nl) return 0; /* a blank line inside the text */
    } else {
      lines++;
      if (le - i > longest) longest = le - i;
    }
    if (!nl) break;
    i = le + 1;
  }
  return lines > 1 && longest > 120;
}

/* Blocks are runs of non-blank lines, or single lines when the text
 * separates its paragraphs with single newlines. */
static void build_blocks(cleaner *c) {
  size_t i = 0;
  int open = 0, line_mode = c->line_mode = single_newline_paragraphs(c);
  block cur = {0};
  while (i <= c->n) {
    const char *nl = i < c->n ? memchr(c->raw + i, '\n', c->n - i) : NULL;
    size_t le = nl ? (size_t)(nl - c->raw) : c->n;
    if (line_mode && open) {
      HD_VEC_PUSH(c->b, c->nb, c->capb, cur);
      open = 0;
    }
    if (blank_line(c->raw + i, c->raw + le)) {
      if (open) HD_VEC_PUSH(c->b, c->nb, c->capb, cur);
      open = 0;
    } else if (!open) {
      cur = (block){(uint32_t)i, (uint32_t)le, 1, NULL};
      open = 1;
    } else {
      cur.e = (uint32_t)le;
      cur.lines++;
    }
    if (!nl) break;
    i = le + 1;
  }
  if (open) HD_VEC_PUSH(c->b, c->nb, c->capb, cur);
}

static hd_slice block_text(const cleaner *c, size_t i) {
  return trim(sl(c->raw + c->b[i].s, c->b[i].e - c->b[i].s));
}

static size_t block_len(const cleaner *c, size_t i) { return c->b[i].e - c->b[i].s; }

/* Index of the next kept block after i, or nb. */
static size_t next_kept(const cleaner *c, size_t i) {
  for (size_t j = i + 1; j < c->nb; j++)
    if (!c->b[j].reason) return j;
  return c->nb;
}

static void set_once(char **slot, hd_slice s) {
  if (!*slot && s.len) *slot = dup_slice(s);
}

/* ------------------------------------------------------------------ */
/* Block rules (each returns a reason or NULL)                         */

/* "ADVERTISEMENT", "- Advertisement -", "Story continues below advertisement". */
static const char *ad_line(hd_slice s) {
  if (s.len > 60) return NULL;
  while (s.len && !is_ascii_alpha((unsigned char)s.ptr[0])) s.ptr++, s.len--;
  while (s.len && !is_ascii_alpha((unsigned char)s.ptr[s.len - 1])) s.len--;
  if (!s.len) return NULL;
  if (hd_lex_find_ci(HD_LEX_CLEAN_AD_LINES, s.ptr, s.len)) return "advertisement";
  if (hd_lex_find_ci(HD_LEX_CLEAN_PROMO_LINES, s.ptr, s.len)) return "promo";
  return NULL;
}

static const char *promo_line(hd_slice s, int lines) {
  if (s.len > PROMO_MAX || lines > 2) return NULL;
  const char *op = hd_lex_prefix_ci(HD_LEX_CLEAN_PROMO_OPENERS, s.ptr, s.len);
  if (!op) return NULL;
  if (!strcmp(op, "Copyright") || !strcmp(op, "(c) Copyright")) {
    for (size_t i = 0; i < s.len; i++)
      if (is_digit((unsigned char)s.ptr[i])) return "promo";
    return contains_ci(s, "rights reserved") ? "promo" : NULL;
  }
  return "promo";
}

static const char *disclaimer_line(hd_slice s) {
  if (s.len > PROMO_MAX) return NULL;
  return hd_lex_prefix_ci(HD_LEX_CLEAN_DISCLAIMERS, s.ptr, s.len) ? "disclaimer" : NULL;
}

/* Looks like the name of a photo agency / credited outlet. */
static int credit_like(hd_slice s) {
  s = rstrip(trim(s), ".");
  if (!s.len || s.len > 80) return 0;
  if (hd_lex_prefix_ci(HD_LEX_CLEAN_CREDIT_WORDS, s.ptr, s.len)) return 1;
  if (contains(s, "Getty") || contains(s, "Images") || contains(s, " via ") || contains(s, "Photo") ||
      contains(s, "Pool") || contains(s, "Handout"))
    return 1;
  hd_slice lw = last_word(s);
  return starts_upper(s.ptr, s.ptr + s.len) && hd_lex_find_ci(HD_LEX_CLEAN_OUTLET_WORDS, lw.ptr, lw.len);
}

/* "NAME/AGENCY", "AP Photo/NAME", "Photo: NAME/AGENCY". */
static int credit_pair(hd_slice s) {
  const char *slash = NULL;
  for (size_t i = 0; i < s.len; i++)
    if (s.ptr[i] == '/') slash = s.ptr + i;
  if (!slash) return 0;
  hd_slice left = trim(sl(s.ptr, (size_t)(slash - s.ptr)));
  hd_slice right = trim(sl(slash + 1, (size_t)(s.ptr + s.len - slash - 1)));
  if (!left.len || !right.len || !starts_upper(right.ptr, right.ptr + right.len)) return 0;
  const char *colon = memchr(left.ptr, ':', left.len);
  if (colon) left = trim(sl(colon + 1, (size_t)(left.ptr + left.len - colon - 1)));
  if (starts_ci(left, "Photo by ")) left = trim(sl(left.ptr + 9, left.len - 9));
  if (credit_like(right) && (name_shaped(left) || credit_like(left))) return 1;
  return credit_like(left) && name_shaped(right);
}

/* The content of a parenthesis closing the slice, or an empty slice. */
static hd_slice final_paren(hd_slice s) {
  if (last_char(s) != ')') return sl(NULL, 0);
  size_t lim = s.len > 160 ? s.len - 160 : 0;
  for (size_t i = s.len - 1; i-- > lim;) {
    if (s.ptr[i] == ')') break;
    if (s.ptr[i] == '(') return sl(s.ptr + i + 1, s.len - i - 2);
  }
  return sl(NULL, 0);
}

static int credit_paren(hd_slice in) {
  in = trim(in);
  if (!in.len) return 0;
  if (starts_ci(in, "photo") || starts_ci(in, "image") || starts_ci(in, "credit") ||
      starts_ci(in, "courtesy") || starts_ci(in, "file photo") || starts_ci(in, "AP Photo") ||
      starts_ci(in, "picture"))
    return 1;
  if (contains(in, "Getty") || contains(in, "Shutterstock") || contains(in, "Alamy") ||
      contains(in, "Handout") || contains(in, "iStock"))
    return 1;
  return credit_pair(in);
}

/* A photo caption: opens with "Photo:"/"Credit:"..., or ends with a
 * credit in parentheses or a bare "Name/Agency". */
static const char *caption_block(hd_slice s, int lines) {
  if (s.len > CAPTION_MAX || lines > 3) return NULL;
  if (hd_lex_prefix_ci(HD_LEX_CLEAN_CAPTION_OPENERS, s.ptr, s.len)) return "caption";
  hd_slice in = final_paren(s);
  if (in.ptr) return credit_paren(in) ? "caption" : NULL;
  /* bare credit after the last sentence: "... on Monday. Jane Doe/Reuters" */
  hd_slice tail = rstrip(s, ".");
  size_t lim = tail.len > 80 ? tail.len - 80 : 0;
  for (size_t i = tail.len; i-- > lim;) {
    if (tail.ptr[i] != '/') continue;
    size_t st = i, words = 0;
    while (st > 0 && words < 5) { /* back over up to 4 words */
      st--;
      if (tail.ptr[st] == ' ' && ++words == 4) break;
      if (tail.ptr[st] == '.' || tail.ptr[st] == ',' || tail.ptr[st] == ')') { st++; break; }
    }
    hd_slice cand = trim(sl(tail.ptr + st, tail.len - st));
    /* drop a leading sentence-ending remnant like "month." */
    return credit_pair(cand) && count_words(cand, 10) <= 8 ? "caption" : NULL;
  }
  return NULL;
}

static const char *outlet_name(const cleaner *c, hd_slice s, int strict);

/* A person's name, not an outlet's ("Follow Capital Wire on Twitter"). */
static int person_name(const cleaner *c, hd_slice s) {
  return name_shaped(s) && !outlet_name(c, s, 1);
}

/* "Read more from NAME's archive ...", "Follow NAME on Twitter",
 * "Contact NAME at ...", "... follow him on Twitter". Sets *name. */
static const char *author_promo(const cleaner *c, hd_slice s, int lines, hd_slice *name) {
  *name = sl(NULL, 0);
  if (s.len > PROMO_MAX || lines > 2) return NULL;
  if (starts_ci(s, "Read more from ")) {
    hd_slice r = sl(s.ptr + 15, s.len - 15);
    for (size_t i = 0; i < r.len; i++) {
      size_t k = apos_len(r.ptr + i, r.ptr + r.len);
      if (k && i + k < r.len && r.ptr[i + k] == 's') {
        hd_slice nm = sl(r.ptr, i);
        if (person_name(c, nm)) { *name = nm; return "author-promo"; }
        break;
      }
    }
    hd_slice nm = rstrip(r, ".:");
    if (person_name(c, nm)) { *name = nm; return "author-promo"; }
    if (contains_ci(s, "archive") || contains_ci(s, "follow ")) return "author-promo";
    return NULL;
  }
  int social = 0;
  size_t n_social;
  const char *const *social_names = hd_lex_in_order(HD_LEX_CLEAN_SOCIAL, &n_social);
  for (size_t i = 0; i < n_social; i++)
    if (strlen(social_names[i]) > 1 && contains(s, social_names[i])) social = 1;
  if (memchr(s.ptr, '@', s.len)) social = 1;
  if ((starts_ci(s, "Follow ") || starts_ci(s, "You can follow ")) && social) {
    hd_slice r = starts_ci(s, "Follow ") ? sl(s.ptr + 7, s.len - 7) : sl(s.ptr + 15, s.len - 15);
    const char *on = memmem(r.ptr, r.len, " on ", 4);
    if (on && person_name(c, sl(r.ptr, (size_t)(on - r.ptr)))) *name = sl(r.ptr, (size_t)(on - r.ptr));
    return "author-promo";
  }
  if (social && (contains_ci(s, "follow him on") || contains_ci(s, "follow her on") ||
                 contains_ci(s, "follow them on")))
    return "author-promo";
  if ((starts_ci(s, "Contact ") || starts_ci(s, "Reach ") || starts_ci(s, "Email ")) &&
      memchr(s.ptr, '@', s.len) && s.len < 160)
    return "author-promo";
  return NULL;
}

/* "NAME is a columnist for ..." (checked only near the end). */
static const char *bio_line(hd_slice s, int lines, hd_slice *name, int *opinion) {
  *name = sl(NULL, 0);
  if (s.len > PROMO_MAX || lines > 2) return NULL;
  size_t n_copula;
  const char *const *copulas = hd_lex_in_order(HD_LEX_CLEAN_BIO_COPULAS, &n_copula);
  for (size_t k = 0; k < n_copula; k++) {
    const char *p = memmem(s.ptr, s.len > 80 ? 80 : s.len, copulas[k], strlen(copulas[k]));
    if (!p) continue;
    hd_slice nm = sl(s.ptr, (size_t)(p - s.ptr));
    if (!name_shaped(nm) || hd_lex_find_ci(HD_LEX_CLEAN_NOT_NAMES, nm.ptr, nm.len) || starts_ci(nm, "The ")) return NULL;
    hd_slice rest = sl(p, (size_t)(s.ptr + s.len - p));
    /* the role comes within the first words: "is a senior correspondent" */
    hd_slice head = rest, w, scan = rest;
    for (size_t nw = 0; nw < 7 && next_word(&scan, &w); nw++) head.len = (size_t)(w.ptr + w.len - rest.ptr);
    int bio = 0;
    size_t n_bio;
    const char *const *bio_words = hd_lex_in_order(HD_LEX_CLEAN_BIO_WORDS, &n_bio);
    for (size_t i = 0; i < n_bio; i++)
      if (contains_word_ci(head, bio_words[i])) bio = 1;
    if (k == 3) bio = starts_ci(head, " writes about ") || starts_ci(head, " writes a column");
    if (!bio) return NULL;
    *name = nm;
    if (contains_ci(head, "columnist") || contains_ci(head, "contributing") ||
        contains_ci(head, "opinion") || contains_ci(head, "op-ed") || contains_ci(head, "column"))
      *opinion = 1;
    return "author-promo";
  }
  return NULL;
}

/* A related-links header: "Read more on this topic:", "Related", "More from X:". */
static int related_header(hd_slice s, int lines) {
  if (lines > 1 || s.len > RELATED_HEADER_MAX) return 0;
  const char *h = hd_lex_prefix_ci(HD_LEX_CLEAN_RELATED_HEADERS, s.ptr, s.len);
  if (!h) return 0;
  hd_slice rest = trim(sl(s.ptr + strlen(h), s.len - strlen(h)));
  if (!rest.len) return 1;
  if (rest.len == 1 && (rest.ptr[0] == ':' || rest.ptr[0] == '.')) return 1;
  return last_char(s) == ':' && s.len <= 60 && !memchr(s.ptr, '.', s.len - 1);
}

/* "Related: Some headline", "READ MORE: Some headline". */
static int related_inline(hd_slice s, int lines) {
  if (lines > 2 || s.len > RELATED_ITEM_MAX) return 0;
  const char *h = hd_lex_prefix_ci(HD_LEX_CLEAN_RELATED_HEADERS, s.ptr, s.len);
  if (!h) return 0;
  size_t m = strlen(h);
  return m < s.len && (s.ptr[m] == ':' || (s.ptr[m] == ' ' && m + 1 < s.len && s.ptr[m + 1] == '|'));
}

static int month_word(hd_slice w);

static int weekday_word(hd_slice w) {
  return hd_lex_find_ci(HD_LEX_CLEAN_DAY_WORDS, w.ptr, w.len) != NULL;
}

/* "By NAME", "By NAME and NAME, Reuters", "Written by NAME | Outlet". */
static int byline_line(hd_slice s, hd_slice *name) {
  if (s.len > BYLINE_MAX) return 0;
  size_t skip = starts_ci(s, "By ") ? 3 : starts_ci(s, "Written by ") ? 11 : starts_ci(s, "Words by ") ? 9 : 0;
  if (!skip) return 0;
  hd_slice r = trim(sl(s.ptr + skip, s.len - skip));
  size_t cut = r.len;
  for (size_t i = 0; i < r.len; i++) {
    char ch = r.ptr[i];
    if (ch == ',' || ch == '|' || ch == ';' || ch == '(' ||
        (ch == ' ' && i + 1 < r.len && (r.ptr[i + 1] == '-' || (unsigned char)r.ptr[i + 1] == 0xE2))) {
      cut = i;
      break;
    }
  }
  hd_slice nm = trim(sl(r.ptr, cut));
  if (!name_shaped(nm) || r.len - cut > 60) return 0;
  hd_slice scan = nm, w;
  while (next_word(&scan, &w))
    if (month_word(w) || weekday_word(w)) return 0; /* "By Saturday, ..." */
  *name = nm;
  return 1;
}

static int month_word(hd_slice w) {
  return hd_lex_find_ci(HD_LEX_CLEAN_MONTH_WORDS, w.ptr, w.len) != NULL;
}

/* "Updated 4:05 p.m. EST, March 3, 2016", "Nov. 22, 2016 at 9:30 a.m. ET". */
static int timestamp_line(hd_slice s) {
  if (s.len > 120) return 0;
  int digits = 0, month = 0;
  for (size_t i = 0; i < s.len; i++) digits += is_digit((unsigned char)s.ptr[i]);
  if (!digits) return 0;
  if (hd_lex_prefix_ci(HD_LEX_CLEAN_TIMESTAMP_OPENERS, s.ptr, s.len)) return 1;
  hd_slice rest = s, w;
  while (next_word(&rest, &w)) {
    hd_slice core = rstrip(w, ",");
    if (!core.len) continue;
    if (month_word(core)) { month = 1; continue; }
    int d = 0;
    for (size_t i = 0; i < core.len; i++) d |= is_digit((unsigned char)core.ptr[i]);
    if (d || hd_lex_find_ci(HD_LEX_CLEAN_TIMESTAMP_FILLER, core.ptr, core.len)) continue;
    return 0;
  }
  return month;
}

/* ---- masthead ---- */

/* Is `s` an outlet name? Known (or the input's source), or shaped like
 * one: Title Case, ending in an outlet word, or "The X Y". */
static const char *outlet_name(const cleaner *c, hd_slice s, int strict) {
  s = trim(s);
  if (!s.len || s.len > 60) return NULL;
  const char *known = hd_lex_find_ci(HD_LEX_CLEAN_OUTLETS, s.ptr, s.len);
  if (known) return known;
  const char *src = c->a->meta[HD_META_SOURCE];
  if (src && strlen(src) == s.len && !strncasecmp(src, s.ptr, s.len)) return src;
  size_t n = title_case_words(s);
  if (n < 1 || n > 6) return NULL;
  hd_slice lw = last_word(s);
  int the = starts_ci(s, "The ");
  if (hd_lex_find_ci(HD_LEX_CLEAN_OUTLET_WORDS, lw.ptr, lw.len) && (n >= 2 || !strict)) return "";
  if (!strict && the && n >= 3) return "";
  return NULL;
}

static const char *known_section(hd_slice s);

/* Masthead line: a known outlet alone, "Outlet | slogan", or an outlet
 * fused with its slogan ("The Daily PlanetTruth First"). */
static int masthead(cleaner *c, hd_slice s, int lines, size_t following) {
  if (lines > 1 || s.len > MASTHEAD_MAX || ends_sentence(s) || following < 1) return 0;
  if (!hd_lex_find_ci(HD_LEX_CLEAN_OUTLETS, s.ptr, s.len) && known_section(s)) return 0; /* "World News" */
  const char *o = outlet_name(c, s, 1);
  if (o && (*o || (following >= 2 && (starts_ci(s, "The ") || count_words(s, 4) <= 3)))) {
    set_once(&c->outlet, *o ? sl(o, strlen(o)) : s);
    return 1;
  }
  size_t n_sep;
  const char *const *seps = hd_lex_in_order(HD_LEX_CLEAN_TITLE_OUTLET_SEPARATORS, &n_sep);
  for (size_t k = 0; k < n_sep; k++) {
    const char *p = memmem(s.ptr, s.len, seps[k], strlen(seps[k]));
    if (!p) continue;
    hd_slice left = sl(s.ptr, (size_t)(p - s.ptr));
    hd_slice right = trim(sl(p + strlen(seps[k]), (size_t)(s.ptr + s.len - p - strlen(seps[k]))));
    if (known_section(left)) continue; /* "Breaking News - headline" */
    o = outlet_name(c, left, 1);
    if (o && count_words(right, 12) <= (*o ? 10u : 6u)) {
      set_once(&c->outlet, *o ? sl(o, strlen(o)) : trim(left));
      return 1;
    }
  }
  /* fusion: lower-case letter directly followed by an upper-case one */
  for (size_t k = 2; k + 1 < s.len; k++) {
    if (!is_ascii_upper((unsigned char)s.ptr[k]) || !is_ascii_lower((unsigned char)s.ptr[k - 1]) ||
        !is_ascii_lower((unsigned char)s.ptr[k - 2]))
      continue;
    hd_slice left = sl(s.ptr, k), right = sl(s.ptr + k, s.len - k);
    size_t rw = count_words(right, 14);
    if (rw < 2 || rw > 12) continue;
    o = outlet_name(c, left, 0);
    if (!o) continue;
    set_once(&c->outlet, *o ? sl(o, strlen(o)) : left);
    return 1;
  }
  return 0;
}

/* ---- section labels ---- */

static const char *known_section(hd_slice s) {
  s = rstrip(s, ":|");
  return hd_lex_find_ci(HD_LEX_CLEAN_SECTIONS, s.ptr, s.len);
}

/* A section line: a known label, a breadcrumb of labels ("World > Europe"),
 * or (shape) 1-3 Title Case words right before a headline. Sets *label. */
static int section_line(hd_slice s, int lines, int before_headline, hd_slice *label) {
  if (lines > 1 || s.len > SECTION_MAX * 2) return 0;
  const char *k = known_section(s);
  if (k) { *label = sl(k, strlen(k)); return 1; }
  /* breadcrumb */
  size_t n_sep;
  const char *const *seps = hd_lex_in_order(HD_LEX_CLEAN_BREADCRUMB_SEPARATORS, &n_sep);
  for (size_t i = 0; i < n_sep; i++) {
    const char *p = memmem(s.ptr, s.len, seps[i], strlen(seps[i]));
    if (!p) continue;
    hd_slice first = trim(sl(s.ptr, (size_t)(p - s.ptr)));
    k = known_section(first);
    if (k && count_words(s, 8) <= 7 && !ends_sentence(s)) { *label = sl(k, strlen(k)); return 1; }
  }
  if (!before_headline || s.len > SECTION_MAX) return 0;
  for (size_t i = 0; i < s.len; i++) {
    unsigned char ch = (unsigned char)s.ptr[i];
    if (ch < 0x80 && !is_ascii_alpha(ch) && ch != ' ' && ch != '&' && ch != '-') return 0;
  }
  size_t n = title_case_words(s);
  if (n < 1 || n > 3) return 0;
  hd_slice scan = s, w;
  while (next_word(&scan, &w))
    if (hd_lex_find_ci(HD_LEX_CLEAN_FUNCTION_WORDS, w.ptr, w.len)) return 0; /* "Death for X", "THE WHITE HOUSE" */
  *label = s;
  return 1;
}

/* "Opinion Inside the race ...", "Analysis: Why ...", "Opinion | The ...".
 * Returns the number of bytes of label (and separator) to strip. */
static size_t fused_section(hd_slice s, hd_slice *label) {
  const char *k = hd_lex_prefix_ci(HD_LEX_CLEAN_SECTIONS, s.ptr, s.len);
  if (!k) return 0;
  size_t m = strlen(k);
  hd_slice rest = sl(s.ptr + m, s.len - m);
  /* explicit separator after any known label */
  size_t sep = 0;
  if (rest.len > 2 && rest.ptr[0] == ':' && rest.ptr[1] == ' ') sep = 2;
  else if (rest.len > 3 && rest.ptr[0] == ' ' && (rest.ptr[1] == '|' || rest.ptr[1] == '-') && rest.ptr[2] == ' ') sep = 3;
  else if (rest.len > 5 && !memcmp(rest.ptr, " \xE2\x80\x94 ", 5)) sep = 5;
  else if (rest.len > 5 && !memcmp(rest.ptr, " \xE2\x80\x93 ", 5)) sep = 5;
  if (sep) {
    hd_slice r = trim(sl(rest.ptr + sep, rest.len - sep));
    if (count_words(r, 3) < 2) return 0;
    *label = sl(k, m);
    return (size_t)(r.ptr - s.ptr);
  }
  /* fused by a plain space: only labels that never start a headline */
  if (!hd_lex_find_ci(HD_LEX_CLEAN_FUSABLE_SECTIONS, k, m)) return 0;
  if (rest.len < 2 || rest.ptr[0] != ' ') return 0;
  hd_slice r = trim(rest);
  if (!starts_upper(r.ptr, r.ptr + r.len) && !(r.len && (r.ptr[0] == '"' || (unsigned char)r.ptr[0] == 0xE2)))
    return 0;
  if (count_words(r, 4) < 3) return 0;
  /* "Opinion Research Corp", "Analysis And Technology Inc": a continuation
   * without a lower-case word is a name, not a sentence-case headline */
  int lower_word = 0;
  hd_slice rest2 = r, w;
  while (!lower_word && next_word(&rest2, &w)) lower_word = starts_lower(w.ptr, w.ptr + w.len);
  if (!lower_word) return 0;
  *label = sl(k, m);
  return (size_t)(r.ptr - s.ptr);
}

/* ---- headline ---- */

static int headline_shaped(hd_slice s, int lines) {
  if (lines > 3 || s.len > HEADLINE_MAX || s.len < 3) return 0;
  size_t w = count_words(s, 41);
  return w >= 1 && w <= 40 && last_char(s) != ':';
}

/* The headline text: lines joined by a space, a lone final period dropped. */
static char *headline_text(hd_slice s) {
  hd_buf b;
  hd_buf_init(&b, 0);
  hd_slice rest = s, w;
  while (next_word(&rest, &w)) {
    if (b.len) hd_buf_putc(&b, ' ');
    hd_buf_put(&b, w.ptr, w.len);
  }
  if (b.len >= 2 && b.ptr[b.len - 1] == '.' && is_ascii_lower((unsigned char)b.ptr[b.len - 2])) {
    /* keep abbreviations such as "U.S." (a period two letters back) */
    size_t i = b.len - 2;
    while (i > 0 && is_ascii_alpha((unsigned char)b.ptr[i])) i--;
    if (b.ptr[i] != '.') b.ptr[--b.len] = 0;
  }
  return hd_buf_take(&b, NULL);
}

/* ------------------------------------------------------------------ */
/* Passes                                                              */

static void add_inline(cleaner *c, size_t s, size_t e, const char *reason) {
  if (e <= s) return;
  hd_removed r = {(uint32_t)s, (uint32_t)e, reason};
  HD_VEC_PUSH(c->inl, c->ninl, c->capinl, r);
}

/* Wire credit lines: "(Reporting by A in X; Editing by B)". Returns the
 * offset of the opener in s (0 or the '(' of a closing parenthesis), or
 * -1; sets *name to the reporters. */
static long wire_credit(hd_slice s, hd_slice *name) {
  *name = sl(NULL, 0);
  long at = -1;
  if (hd_lex_prefix_ci(HD_LEX_CLEAN_CREDIT_OPENERS, s.ptr + (s.len && s.ptr[0] == '(') , s.len - (s.len && s.ptr[0] == '(')) && s.len <= 400)
    at = 0;
  else if (last_char(rstrip(s, ".")) == ')') {
    hd_slice t = rstrip(s, ".");
    size_t lim = t.len > 400 ? t.len - 400 : 0;
    for (size_t i = t.len - 1; i-- > lim;) {
      if (t.ptr[i] == ')') break;
      if (t.ptr[i] != '(') continue;
      if (hd_lex_prefix_ci(HD_LEX_CLEAN_CREDIT_OPENERS, t.ptr + i + 1, t.len - i - 1)) at = (long)i;
      break;
    }
  }
  if (at < 0) return -1;
  hd_slice r = sl(s.ptr + at, s.len - (size_t)at);
  const char *by = NULL;
  if (starts_ci(sl(r.ptr + (r.ptr[0] == '('), r.len), "Reporting by ")) by = r.ptr + (r.ptr[0] == '(') + 13;
  else if (starts_ci(sl(r.ptr + (r.ptr[0] == '('), r.len), "Writing by ")) by = r.ptr + (r.ptr[0] == '(') + 11;
  if (by) {
    size_t n = 0, left = (size_t)(r.ptr + r.len - by);
    while (n < left && by[n] != ';' && by[n] != ',' && by[n] != ')' && by[n] != '.' &&
           !(n + 4 <= left && !memcmp(by + n, " in ", 4)))
      n++;
    if (name_shaped(sl(by, n))) *name = trim(sl(by, n));
  }
  return at;
}

/* A line that is only a URL (also as a tokeniser leaves it: "http: / / www. x. com / a"). */
static const char *url_line(hd_slice s, int lines) {
  if (lines > 1 || s.len > 500) return NULL;
  if (starts_ci(s, "http: / / ") || starts_ci(s, "https: / / ")) return "url";
  if (!starts_ci(s, "http://") && !starts_ci(s, "https://") && !starts_ci(s, "www.")) return NULL;
  for (size_t i = 0; i < s.len; i++)
    if (space_len(s.ptr + i, s.ptr + s.len)) return NULL;
  return "url";
}

/* Rules that apply anywhere in the article. */
static void global_pass(cleaner *c) {
  for (size_t i = 0; i < c->nb; i++) {
    block *b = &c->b[i];
    hd_slice s = block_text(c, i), name;
    if (block_len(c, i) > CAPTION_MAX + 64) { /* body text: only a closing wire credit */
      long at = wire_credit(s, &name);
      if (at > 0) {
        size_t st = (size_t)(s.ptr - c->raw) + (size_t)at;
        while (st > b->s && c->raw[st - 1] == ' ') st--;
        add_inline(c, st, (size_t)(s.ptr - c->raw) + s.len, "credits");
        if (name.len) set_once(&c->byline, name);
      }
      continue;
    }
    const char *r = url_line(s, (int)b->lines);
    if (!r) r = ad_line(s);
    if (!r) r = disclaimer_line(s);
    if (r && !strcmp(r, "disclaimer")) c->opinion_cue = 1;
    if (!r) r = author_promo(c, s, (int)b->lines, &name);
    if (r && !strcmp(r, "author-promo") && name.len) set_once(&c->byline, name);
    if (!r) r = promo_line(s, (int)b->lines);
    if (!r) r = caption_block(s, (int)b->lines);
    if (!r && related_header(s, (int)b->lines)) {
      r = "related";
      /* the list of headline lines after the header */
      size_t j = i + 1;
      while (j < c->nb && block_len(c, j) <= RELATED_ITEM_MAX && c->b[j].lines <= 2) c->b[j++].reason = "related";
      /* a header with no list after it, inside the body, is a subheading */
      if (j == i + 1 && j < c->nb) r = NULL;
      b->reason = r;
      i = j - 1;
      continue;
    }
    if (!r && related_inline(s, (int)b->lines)) r = "related";
    if (!r) {
      long at = wire_credit(s, &name);
      if (at == 0) r = "credits";
      else if (at > 0) { /* closing a paragraph: take the space before it too */
        size_t st = (size_t)(s.ptr - c->raw) + (size_t)at;
        while (st > b->s && c->raw[st - 1] == ' ') st--;
        add_inline(c, st, (size_t)(s.ptr - c->raw) + s.len, "credits");
      }
      if (at >= 0 && name.len) set_once(&c->byline, name);
    }
    b->reason = r;
  }
}

/* A headline glued to the first paragraph (no blank line between). */
static void first_line_title(cleaner *c, size_t i) {
  const char *p = c->raw + c->b[i].s;
  const char *nl = memchr(p, '\n', c->b[i].e - c->b[i].s);
  if (!nl) return;
  hd_slice s = trim(sl(p, (size_t)(nl - p)));
  /* the next line must be a long paragraph, not hard-wrapped text */
  const char *nl2 = memchr(nl + 1, '\n', (size_t)(c->raw + c->b[i].e - nl - 1));
  size_t next_len = (size_t)((nl2 ? nl2 : c->raw + c->b[i].e) - nl - 1);
  if (next_len < 100 || next_len < 2 * s.len) return;
  if (s.len <= 200 && count_words(s, 30) >= 2 && !c->title) c->title = headline_text(s);
}

/* Masthead, section, headline, byline and timestamp before the body. */
static void head_pass(cleaner *c) {
  int seen_headline = 0, seen_masthead = 0;
  size_t examined = 0;
  for (size_t i = 0; i < c->nb && examined < HEAD_BLOCKS; i++) {
    block *b = &c->b[i];
    if (b->reason) continue;
    examined++;
    if (block_len(c, i) >= BODY_MIN || b->lines > 3) {
      if (!seen_headline && b->lines > 1) first_line_title(c, i);
      break;
    }
    hd_slice s = block_text(c, i), name, label;
    size_t after = 0; /* kept blocks after this one (bounded) */
    for (size_t j = next_kept(c, i); j < c->nb && after < 3; j = next_kept(c, j)) after++;
    if (!seen_headline && !seen_masthead && examined <= 2 && masthead(c, s, (int)b->lines, after)) {
      b->reason = "masthead";
      seen_masthead = 1;
      continue;
    }
    if (byline_line(s, &name)) { set_once(&c->byline, name); b->reason = "byline"; continue; }
    if (timestamp_line(s)) { b->reason = "timestamp"; continue; }
    if (seen_headline) continue;
    size_t nk = next_kept(c, i);
    /* a label found by shape alone opens the page (or follows its
     * masthead) and is not used when every line is its own block */
    int before_headline = !c->line_mode && examined <= 1 + (size_t)seen_masthead && after >= 2 &&
                          nk < c->nb && headline_shaped(block_text(c, nk), (int)c->b[nk].lines);
    if (section_line(s, (int)b->lines, before_headline, &label)) {
      set_once(&c->section, label);
      b->reason = "section";
      continue;
    }
    if (!headline_shaped(s, (int)b->lines) || after < 1) break;
    size_t cut = fused_section(s, &label);
    if (cut) {
      set_once(&c->section, label);
      size_t st = (size_t)(s.ptr - c->raw);
      add_inline(c, st, st + cut, "section");
      s = sl(s.ptr + cut, s.len - cut);
    }
    if (!c->title) c->title = headline_text(s);
    seen_headline = 1;
  }
}

/* A headline in a list: short, >= 4 words with a lower-case one, no
 * sentence punctuation at the end, no bullet. */
static int headline_item(hd_slice s) {
  int last = last_char(s), first_ch = s.len ? (unsigned char)s.ptr[0] : 0;
  if (s.len > TRAIL_ITEM_MAX || ends_sentence(s) || count_words(s, 4) < 4) return 0;
  if (!(is_ascii_alpha(last) || is_digit(last) || last >= 0x80) || first_ch == '-' || first_ch == '*') return 0;
  hd_slice rest = s, w;
  while (next_word(&rest, &w))
    if (starts_lower(w.ptr, w.ptr + w.len)) return 1;
  return 0;
}

/* The number of headline lines making up block i (all its lines must
 * be headlines), or 0. */
static size_t headline_list_items(const cleaner *c, size_t i) {
  if (c->b[i].lines > 8 || block_len(c, i) > 8 * TRAIL_ITEM_MAX) return 0;
  size_t items = 0;
  for (size_t ls = c->b[i].s; ls <= c->b[i].e;) {
    const char *nl = memchr(c->raw + ls, '\n', c->b[i].e - ls);
    size_t le = nl ? (size_t)(nl - c->raw) : c->b[i].e;
    if (!headline_item(trim(sl(c->raw + ls, le - ls)))) return 0;
    items++;
    ls = le + 1;
  }
  return items;
}

/* Author bios and trailing headline lists at the end. */
static void trailer_pass(cleaner *c) {
  size_t seen = 0;
  for (size_t i = c->nb; i-- > 0 && seen < 3;) {
    if (c->b[i].reason) continue;
    seen++;
    hd_slice name;
    int opinion = 0;
    int first_kept = 1; /* a bio closes an article: something must precede it */
    for (size_t j = 0; j < i && first_kept; j++) first_kept = c->b[j].reason != NULL;
    if (!first_kept && bio_line(block_text(c, i), (int)c->b[i].lines, &name, &opinion)) {
      c->b[i].reason = "author-promo";
      set_once(&c->byline, name);
      if (opinion) c->opinion_cue = 1;
    }
  }
  /* a run of >= 3 short headline-like lines closing the article */
  size_t run = 0, first = c->nb;
  for (size_t i = c->nb; i-- > 0;) {
    if (c->b[i].reason) continue;
    size_t items = headline_list_items(c, i);
    if (!items) break;
    run += items;
    first = i;
  }
  if (run < 3) return;
  size_t body = 0, sentences = 0; /* a real body must precede the list */
  for (size_t i = 0; i < first; i++)
    if (!c->b[i].reason) {
      body += block_len(c, i);
      sentences += ends_sentence(block_text(c, i));
    }
  if (body < BODY_MIN || sentences < 2) return;
  for (size_t i = first; i < c->nb; i++)
    if (!c->b[i].reason) c->b[i].reason = "related";
}

/* ---- inline placeholders ---- */

static int word_char(int ch) { return is_ascii_alpha(ch) || is_digit(ch) || ch == '_' || ch == '-' || ch == ':' || ch == '.'; }

/* {word}, {{word}}: returns the length, or 0. */
static size_t brace_placeholder(const char *p, const char *e) {
  size_t k = 0;
  while (p + k < e && p[k] == '{' && k < 3) k++;
  size_t i = k, letters = 0;
  while (p + i < e && i - k < 40 && word_char((unsigned char)p[i])) letters += is_ascii_alpha((unsigned char)p[i]), i++;
  if (!letters) return 0;
  for (size_t j = 0; j < k; j++, i++)
    if (p + i >= e || p[i] != '}') return 0;
  return i;
}

/* [[anything short]], [ad], [advertisement], [ad_slot_3]. */
static size_t bracket_placeholder(const char *p, const char *e) {
  int dbl = e - p >= 2 && p[1] == '[';
  size_t i = dbl ? 2 : 1, st = i;
  int under = 0;
  while (p + i < e && i - st < 40 && (word_char((unsigned char)p[i]) || p[i] == ' ')) under |= p[i] == '_', i++;
  if (i == st || p + i >= e || p[i] != ']') return 0;
  if (dbl) return e - p > (long)(i + 1) && p[i + 1] == ']' ? i + 2 : 0;
  hd_slice inner = trim(sl(p + st, i - st));
  if (under || hd_lex_find_ci(HD_LEX_CLEAN_AD_WORDS, inner.ptr, inner.len)) return i + 1;
  return 0;
}

/* %%word%% or %UPPER_WORD%. */
static size_t percent_placeholder(const char *p, const char *e) {
  size_t k = e - p >= 2 && p[1] == '%' ? 2 : 1, i = k;
  while (p + i < e && i - k < 40 &&
         (k == 2 ? word_char((unsigned char)p[i]) : (is_ascii_upper((unsigned char)p[i]) || p[i] == '_')))
    i++;
  if (i - k < 2) return 0;
  for (size_t j = 0; j < k; j++, i++)
    if (p + i >= e || p[i] != '%') return 0;
  return i;
}

/* <!-- ... --> within the line, or a known HTML tag <div ...>, </p>. */
static size_t angle_placeholder(cleaner *c, const char *p, const char *e, const char **reason) {
  *reason = "markup";
  if (e - p >= 4 && !memcmp(p, "<!--", 4)) {
    size_t from = (size_t)(p - c->raw);
    if (!c->comment_close || from >= c->comment_from) {
      if (!c->comment_close || c->comment_close < p) {
        c->comment_close = memmem(p + 4, (size_t)(c->raw + c->n - p - 4), "-->", 3);
        if (!c->comment_close) c->comment_close = c->raw + c->n + 1; /* none anywhere */
      }
      c->comment_from = from;
    }
    if (c->comment_close > c->raw + c->n || c->comment_close + 3 > e) return 0;
    *reason = "placeholder";
    return (size_t)(c->comment_close + 3 - p);
  }
  /* tags are lower case; "<ABC>" and "<Acme Corp>" are tickers and names */
  size_t i = 1;
  if (p + i < e && p[i] == '/') i++;
  size_t st = i;
  while (p + i < e && i - st < 12 && (is_ascii_lower((unsigned char)p[i]) || is_digit((unsigned char)p[i]))) i++;
  if (i == st || !hd_lex_find_ci(HD_LEX_CLEAN_HTML_TAGS, p + st, i - st)) return 0;
  if (p + i < e && p[i] != '>' && p[i] != ' ' && p[i] != '/') return 0;
  size_t name_end = i;
  int attrs = 0;
  for (size_t lim = i + 300; p + i < e && i < lim; i++) {
    if (p[i] == '<') return 0;
    if (p[i] == '=') attrs = 1;
    if (p[i] != '>') continue;
    /* <p>, </p>, <br/>, <br />, <a href="..."> */
    return i == name_end || attrs || p[i - 1] == '/' ? i + 1 : 0;
  }
  return 0;
}

/* Scans one line of a kept block for placeholders and trailing exotic
 * whitespace; returns the number of bytes of content it removed. */
static size_t scan_line(cleaner *c, size_t ls, size_t le) {
  const char *p = c->raw + ls, *e = c->raw + le;
  size_t removed = 0;
  for (const char *q = p; q < e; q++) {
    char ch = *q;
    if (ch == 'A' && (q == p || q[-1] == ' ') && e - q >= 13 && !memcmp(q, "ADVERTISEMENT", 13) &&
        (q + 13 == e || q[13] == ' ')) {
      /* the ad marker run into a paragraph: "... vote. ADVERTISEMENT The ..." */
      size_t st = (size_t)(q - c->raw), end = st + 13;
      if (end < le && c->raw[end] == ' ') end++;
      else if (q > p) st--;
      add_inline(c, st, end, "advertisement");
      removed += end - st;
      q = c->raw + end - 1;
      continue;
    }
    if (ch != '{' && ch != '[' && ch != '<' && ch != '%') continue;
    const char *reason = "placeholder";
    size_t k = ch == '{' ? brace_placeholder(q, e)
               : ch == '[' ? bracket_placeholder(q, e)
               : ch == '%' ? percent_placeholder(q, e)
                           : angle_placeholder(c, q, e, &reason);
    if (!k) continue;
    size_t end = (size_t)(q - c->raw) + k;
    /* "a {ad} b": take one neighbouring space so no double space is left */
    if ((q == p || q[-1] == ' ') && end < le && c->raw[end] == ' ') end++;
    add_inline(c, (size_t)(q - c->raw), end, reason);
    removed += end - (size_t)(q - c->raw);
    q = c->raw + end - 1;
  }
  /* trailing whitespace that contains a non-ASCII space (NBSP etc.) */
  const char *t = e;
  int exotic = 0;
  while (t > p) {
    if (t[-1] == ' ' || t[-1] == '\t') { t--; continue; }
    if (t - p >= 2 && space_len(t - 2, e) == 2) { t -= 2; exotic = 1; continue; }
    if (t - p >= 3 && space_len(t - 3, e) == 3) { t -= 3; exotic = 1; continue; }
    break;
  }
  if (exotic && t > p) add_inline(c, (size_t)(t - c->raw), le, "whitespace");
  if (exotic && t > p) removed += (size_t)(e - t);
  return removed;
}

static void inline_pass(cleaner *c) {
  if (c->n >= 3 && !memcmp(c->raw, "\xEF\xBB\xBF", 3) && c->nb && !c->b[0].reason && c->b[0].s == 0)
    add_inline(c, 0, 3, "whitespace");
  for (size_t i = 0; i < c->nb; i++) {
    block *b = &c->b[i];
    if (b->reason) continue;
    size_t before = c->ninl, content = 0, removed = 0;
    for (size_t ls = b->s; ls <= b->e;) {
      const char *nl = memchr(c->raw + ls, '\n', b->e - ls);
      size_t le = nl ? (size_t)(nl - c->raw) : b->e;
      content += le - ls;
      removed += scan_line(c, ls, le);
      ls = le + 1;
    }
    /* a block that held only placeholders goes whole */
    if (c->ninl > before) {
      int only = 1;
      size_t pos = b->s, r = before;
      for (; pos < b->e && only;) {
        if (r < c->ninl && c->inl[r].start <= pos) { pos = c->inl[r].end > pos ? c->inl[r].end : pos + 1; r++; continue; }
        size_t k = space_len(c->raw + pos, c->raw + b->e);
        if (k) pos += k;
        else if (c->raw[pos] == '\n') pos++;
        else only = 0;
      }
      if (only) {
        b->reason = c->inl[before].reason;
        c->ninl = before;
      }
    }
    (void)content;
    (void)removed;
  }
}

/* ---- assembling ---- */

static int cmp_removed(const void *x, const void *y) {
  const hd_removed *a = x, *b = y;
  return a->start < b->start ? -1 : a->start > b->start;
}

static void push_removed(hd_article *a, size_t s, size_t e, const char *reason) {
  if (e <= s) return;
  hd_removed r = {(uint32_t)s, (uint32_t)e, reason};
  HD_VEC_PUSH(a->removed, a->n_removed, a->cap_removed, r);
}

/* Whole-block removals take their separator with them: a block's range
 * runs to the start of the next block; blocks after the last kept one
 * also take the separator before them. */
static void collect_block_ranges(cleaner *c) {
  size_t last_kept = c->nb;
  for (size_t i = 0; i < c->nb; i++)
    if (!c->b[i].reason) last_kept = i;
  for (size_t i = 0; i < c->nb; i++) {
    block *b = &c->b[i];
    if (!b->reason) continue;
    size_t s = i == 0 ? 0 : b->s;
    size_t e = i + 1 < c->nb ? c->b[i + 1].s : c->n;
    if (last_kept < c->nb && i > last_kept) {
      if (i == last_kept + 1) s = c->b[last_kept].e;
    }
    push_removed(c->a, s, e, b->reason);
  }
  for (size_t i = 0; i < c->ninl; i++) push_removed(c->a, c->inl[i].start, c->inl[i].end, c->inl[i].reason);
  if (c->a->n_removed > 1) qsort(c->a->removed, c->a->n_removed, sizeof *c->a->removed, cmp_removed);
  /* drop overlaps (defensive: inline ranges lie inside kept blocks) */
  size_t w = 0;
  uint32_t end = 0;
  for (size_t i = 0; i < c->a->n_removed; i++) {
    if (w && c->a->removed[i].start < end) continue;
    c->a->removed[w++] = c->a->removed[i];
    end = c->a->removed[i].end;
  }
  c->a->n_removed = w;
}

static void build_text(cleaner *c) {
  hd_buf t;
  hd_buf_init(&t, 0);
  hd_buf_grow(&t, c->n + 1);
  size_t pos = 0;
  for (size_t i = 0; i < c->a->n_removed; i++) {
    hd_removed *r = &c->a->removed[i];
    hd_buf_put(&t, c->raw + pos, r->start - pos);
    pos = r->end;
  }
  hd_buf_put(&t, c->raw + pos, c->n - pos);
  c->a->text = hd_buf_take(&t, &c->a->text_len);
}

static void set_metadata(cleaner *c) {
  hd_article *a = c->a;
  a->title = a->meta[HD_META_TITLE] ? hd_xstrdup(a->meta[HD_META_TITLE]) : c->title;
  if (a->meta[HD_META_TITLE]) hd_free(c->title);
  a->outlet = a->meta[HD_META_SOURCE] ? hd_xstrdup(a->meta[HD_META_SOURCE]) : c->outlet;
  if (a->meta[HD_META_SOURCE]) hd_free(c->outlet);
  a->section = c->section;
  a->byline = a->meta[HD_META_AUTHOR] ? hd_xstrdup(a->meta[HD_META_AUTHOR]) : c->byline;
  if (a->meta[HD_META_AUTHOR]) hd_free(c->byline);
  a->kind = HD_KIND_NEWS;
  const char *sec = a->section;
  hd_slice t = a->title ? sl(a->title, strlen(a->title)) : sl("", 0);
  hd_slice lbl;
  if (!sec && fused_section(t, &lbl)) sec = lbl.ptr ? hd_lex_find_ci(HD_LEX_CLEAN_SECTIONS, lbl.ptr, lbl.len) : NULL;
  if (sec && hd_lex_find_ci(HD_LEX_CLEAN_OPINION_SECTIONS, sec, strlen(sec))) a->kind = HD_KIND_OPINION;
  else if (sec && hd_lex_find_ci(HD_LEX_CLEAN_ANALYSIS_SECTIONS, sec, strlen(sec))) a->kind = HD_KIND_ANALYSIS;
  else if (c->opinion_cue) a->kind = HD_KIND_OPINION;
}

static void clean_article(hd_article *a) {
  cleaner c = {0};
  c.a = a;
  c.raw = a->raw ? a->raw : "";
  c.n = a->raw ? a->raw_len : 0;
  build_blocks(&c);
  global_pass(&c);
  head_pass(&c);
  trailer_pass(&c);
  inline_pass(&c);
  collect_block_ranges(&c);
  build_text(&c);
  set_metadata(&c);
  hd_free(c.b);
  hd_free(c.inl);
}

void hd_clean(hd_article *a) { HD_IN_ARENA(a, clean_article(a)); }
