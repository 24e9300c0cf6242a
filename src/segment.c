/*
 * segment.c: TEMPORARY development segmenter on branch `attrib` (so the
 * attribution stage can be built and measured before main's segment.c
 * lands). Main's version replaces this file wholesale on merge.
 * Paragraphs at newlines, sentences at . ! ? before a capital/quote,
 * tokens by character class. Complexity: O(n).
 */
#include "segment.h"

#include <ctype.h>
#include <string.h>

#include "util/buf.h"

static int utf8_len(unsigned char c) {
  return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static int is_word_byte(const char *s, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c >= 0x80) {
    /* curly quotes and dashes are not letters */
    if (c == 0xE2) return 0;
    if (c == 0xC2 && ((unsigned char)s[i + 1] == 0xAB || (unsigned char)s[i + 1] == 0xBB)) return 0;
    return 1;
  }
  return isalnum(c);
}

static void push_tok(hd_article *a, uint32_t s, uint32_t e, uint8_t kind) {
  hd_token t = {s, e, kind, 0};
  if (s > 0 && isspace((unsigned char)a->text[s - 1])) t.flags |= HD_TF_SPACE_BEFORE;
  unsigned char c = (unsigned char)a->text[s];
  if (isupper(c)) t.flags |= HD_TF_UPPER_INITIAL;
  int any = 0, allup = 1;
  for (uint32_t i = s; i < e; i++) {
    unsigned char d = (unsigned char)a->text[i];
    if (isdigit(d)) t.flags |= HD_TF_HAS_DIGIT;
    if (isalpha(d)) { any = 1; if (!isupper(d)) allup = 0; }
  }
  if (any && allup) t.flags |= HD_TF_ALL_UPPER;
  HD_VEC_PUSH(a->tokens, a->n_tokens, a->cap_tokens, t);
}

static uint8_t quote_kind(const char *s, size_t i, size_t n, size_t k) {
  unsigned char c1 = (unsigned char)s[i];
  if (c1 == 0xE2 && k == 3) {
    unsigned char c3 = (unsigned char)s[i + 2];
    if (c3 == 0x9C || c3 == 0x98) return HD_TOK_QUOTE_OPEN;
    if (c3 == 0x9D) return HD_TOK_QUOTE_CLOSE;
    if (c3 == 0x99) return (i > 0 && is_word_byte(s, i - 1)) ? HD_TOK_APOS : HD_TOK_QUOTE_CLOSE;
  }
  if (c1 == 0xC2) return (unsigned char)s[i + 1] == 0xAB ? HD_TOK_QUOTE_OPEN : HD_TOK_QUOTE_CLOSE;
  /* straight quote: opens after space/start/open bracket */
  int before_space = i == 0 || isspace((unsigned char)s[i - 1]) || strchr("([{", s[i - 1]);
  int after_space = i + 1 >= n || isspace((unsigned char)s[i + 1]) || strchr(".,;:!?)", s[i + 1]);
  if (c1 == '\'' && i > 0 && is_word_byte(s, i - 1)) return HD_TOK_APOS;
  if (before_space && !after_space) return HD_TOK_QUOTE_OPEN;
  return HD_TOK_QUOTE_CLOSE;
}

static void tokenize(hd_article *a) {
  const char *s = a->text;
  size_t n = a->text_len, i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    if (isspace(c)) { i++; continue; }
    size_t k = (size_t)utf8_len(c);
    if (i + k > n) k = n - i;
    int is_quote = c == '"' || c == '\'' || (c == 0xE2 && k == 3 && (unsigned char)s[i + 1] == 0x80 &&
                                              (unsigned char)s[i + 2] >= 0x98 && (unsigned char)s[i + 2] <= 0x9D) ||
                   (c == 0xC2 && ((unsigned char)s[i + 1] == 0xAB || (unsigned char)s[i + 1] == 0xBB));
    if (is_quote) {
      push_tok(a, (uint32_t)i, (uint32_t)(i + k), quote_kind(s, i, n, k));
      i += k;
      continue;
    }
    if (c == 0xE2 && k == 3 && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] >= 0x90 &&
        (unsigned char)s[i + 2] <= 0x95) {
      push_tok(a, (uint32_t)i, (uint32_t)(i + k), HD_TOK_DASH);
      i += k;
      continue;
    }
    if (is_word_byte(s, i)) {
      size_t j = i;
      int digits = 1;
      while (j < n) {
        if (is_word_byte(s, j)) {
          if (isalpha((unsigned char)s[j]) || (unsigned char)s[j] >= 0x80) digits = 0;
          j += (size_t)utf8_len((unsigned char)s[j]);
        } else if ((s[j] == '.' || s[j] == '-' || s[j] == '&' || s[j] == ',' || s[j] == ':' || s[j] == '/') &&
                   j + 1 < n && is_word_byte(s, j + 1) &&
                   (s[j] == '.' || s[j] == '-' || s[j] == '&' || digits)) {
          j++;
        } else if (s[j] == '.' && j - i == 1 && isupper((unsigned char)s[i])) {
          j++; /* initial: "F." */
          break;
        } else {
          break;
        }
      }
      if (j > n) j = n;
      /* abbreviations: Mr. Mrs. Dr. Sen. Rep. Gov. St. Jr. U.S. */
      if (j < n && s[j] == '.') {
        static const char *const ABBR[] = {"Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "St", "Jr", "Gen", "Lt",
                                           "Col", "Sgt", "Rev", "Prof", "Sr", "Inc", "Co", "Corp", "Ltd", "vs", "No", NULL};
        for (int q = 0; ABBR[q]; q++)
          if (strlen(ABBR[q]) == j - i && !memcmp(ABBR[q], s + i, j - i)) { j++; break; }
        if (j - i >= 3 && s[j - 2] != '.' && memchr(s + i, '.', j - i) && s[j] == '.') j++;
      }
      push_tok(a, (uint32_t)i, (uint32_t)j, digits ? HD_TOK_NUM : HD_TOK_WORD);
      i = j;
      continue;
    }
    uint8_t kind = HD_TOK_PUNCT;
    if (c == '-') kind = HD_TOK_DASH;
    else if (strchr("$%&@#", c) || c >= 0x80) kind = HD_TOK_SYMBOL;
    push_tok(a, (uint32_t)i, (uint32_t)(i + k), kind);
    i += k;
  }
}

static int ends_sentence(const hd_article *a, size_t t) {
  const hd_token *tk = &a->tokens[t];
  char c = a->text[tk->start];
  if (tk->kind != HD_TOK_PUNCT || !(c == '.' || c == '!' || c == '?')) return 0;
  size_t u = t + 1;
  while (u < a->n_tokens && (a->tokens[u].kind == HD_TOK_QUOTE_CLOSE || a->tokens[u].kind == HD_TOK_PUNCT) &&
         !(a->tokens[u].flags & HD_TF_SPACE_BEFORE))
    u++;
  if (u >= a->n_tokens) return 1;
  const hd_token *nx = &a->tokens[u];
  return (nx->flags & HD_TF_SPACE_BEFORE) &&
         ((nx->flags & HD_TF_UPPER_INITIAL) || nx->kind == HD_TOK_QUOTE_OPEN || nx->kind == HD_TOK_NUM);
}

void hd_segment(hd_article *a) {
  tokenize(a);
  const char *s = a->text;
  size_t t = 0;
  while (t < a->n_tokens) {
    /* paragraph: tokens up to a newline */
    size_t p_begin = t;
    size_t p_end = t + 1;
    while (p_end < a->n_tokens && !memchr(s + a->tokens[p_end - 1].end, '\n',
                                          a->tokens[p_end].start - a->tokens[p_end - 1].end))
      p_end++;
    hd_paragraph para = {a->tokens[p_begin].start, a->tokens[p_end - 1].end, (uint32_t)a->n_sentences, 0};
    a->tokens[p_begin].flags |= HD_TF_PARA_START;
    size_t sb = p_begin;
    for (size_t u = p_begin; u < p_end; u++) {
      int end = u + 1 == p_end || ends_sentence(a, u);
      if (!end) continue;
      size_t ue = u + 1;
      while (ue < p_end && (a->tokens[ue].kind == HD_TOK_QUOTE_CLOSE || a->tokens[ue].kind == HD_TOK_PUNCT) &&
             !(a->tokens[ue].flags & HD_TF_SPACE_BEFORE))
        ue++;
      hd_sentence se = {a->tokens[sb].start, a->tokens[ue - 1].end, (uint32_t)sb, (uint32_t)ue};
      a->tokens[sb].flags |= HD_TF_SENT_START;
      HD_VEC_PUSH(a->sentences, a->n_sentences, a->cap_sentences, se);
      sb = ue;
      u = ue - 1;
    }
    para.sent_end = (uint32_t)a->n_sentences;
    HD_VEC_PUSH(a->paragraphs, a->n_paragraphs, a->cap_paragraphs, para);
    t = p_end;
  }
}
