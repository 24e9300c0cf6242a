/*
 * titles.c: attaches role phrases to person mentions (hd_mention.title).
 *
 * Three general patterns, tried in this order, within the sentence:
 *   1. a role before the name: "Secretary of State John Kerry", "Russian
 *      Foreign Minister Sergey Lavrov", "United Nations special envoy
 *      Staffan de Mistura", "Rep. Tulsi Gabbard"; with a party affiliation
 *      right after the name, "Rep. Tulsi Gabbard (D-Hawaii)", the title
 *      span runs from the role to the closing parenthesis;
 *   2. an appositive after the name: "Sergey Lavrov, Russia's foreign
 *      minister,";
 *   3. an affiliation alone: "Tulsi Gabbard (D-Hawaii)".
 * A role phrase is a run of role heads (a hand-written list below:
 * president, minister, envoy, Sen., ...), role modifiers (foreign, deputy,
 * former, special, of, ...) and words of non-person entity mentions
 * ("United Nations", "Russian"), and must contain a head. Mentions that
 * only cover an absorbed affiliation ("D-Hawaii") are removed, and a
 * mention that starts with a personal title ("Rep. Tulsi Gabbard") loses
 * the title and becomes a person, as does one right after it ("Dr. Oz").
 *
 * Ownership: works in place on a->mentions. Complexity: O(tokens +
 * mentions * phrase length * list size).
 */
#include "ner/titles.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/lexicon.h"

/* The lists are data/lexicons/title_{heads,modifiers,person_titles}.txt,
 * compared without regard to ASCII case (util/lexicon.h). */

typedef struct {
  const hd_article *a;
  const int32_t *mention_of; /* token -> mention index or -1 */
  uint32_t sb, se;           /* the sentence's token range */
} ctx;

static int tok_is(const ctx *c, uint32_t i, const char *s) {
  const hd_token *t = &c->a->tokens[i];
  return hd_tok_len(t) == strlen(s) && strncasecmp(hd_tok_ptr(c->a, t), s, hd_tok_len(t)) == 0;
}

static int is_head(const ctx *c, uint32_t i) {
  const hd_token *t = &c->a->tokens[i];
  return hd_lex_has_lower(HD_LEX_TITLE_HEADS, hd_tok_ptr(c->a, t), hd_tok_len(t));
}

static int is_connector(const ctx *c, uint32_t i) {
  return tok_is(c, i, "of") || tok_is(c, i, "for") || tok_is(c, i, "the") || tok_is(c, i, "'s") ||
         tok_is(c, i, "\xe2\x80\x99s");
}

/* A word that may sit inside a role phrase. */
static int is_role_word(const ctx *c, uint32_t i) {
  const hd_token *t = &c->a->tokens[i];
  int32_t m = c->mention_of[i];
  if (m >= 0) return c->a->mentions[m].type != HD_ENT_PER;
  return is_head(c, i) || hd_lex_has_lower(HD_LEX_TITLE_MODIFIERS, hd_tok_ptr(c->a, t), hd_tok_len(t));
}

/* Role phrase ending right before token b; returns its first token or b. */
static uint32_t role_before(const ctx *c, uint32_t b) {
  uint32_t start = b;
  int head = 0;
  for (uint32_t j = b; j > c->sb;) {
    j--;
    if (!is_role_word(c, j)) break;
    if (is_head(c, j)) head = 1;
    if (!is_connector(c, j)) start = j; /* phrases neither start nor end with "of" */
    else if (j == b - 1) break;
  }
  /* a phrase does not open with "under" or "of" ("... under President") */
  while (start < b && (is_connector(c, start) || tok_is(c, start, "under"))) start++;
  return head && start < b ? start : b;
}

/* "(D-Hawaii)", "(I-Vt.)": one to three capitals, a hyphen, a capital,
 * perhaps a final period. Returns the index of ")" or 0. */
static uint32_t affiliation_after(const ctx *c, uint32_t e) {
  if (e + 2 >= c->se || !tok_is(c, e, "(")) return 0;
  uint32_t close = tok_is(c, e + 2, ".") ? e + 3 : e + 2;
  if (close >= c->se || !tok_is(c, close, ")")) return 0;
  const hd_token *t = &c->a->tokens[e + 1];
  const char *s = hd_tok_ptr(c->a, t);
  size_t n = hd_tok_len(t), k = 0;
  while (k < n && k < 3 && s[k] >= 'A' && s[k] <= 'Z') k++;
  if (k == 0 || k + 1 >= n || s[k] != '-' || !(s[k + 1] >= 'A' && s[k + 1] <= 'Z')) return 0;
  return close;
}

/* ", [the|a] role phrase ," after the name; returns [first, last] or 0. */
static int appositive_after(const ctx *c, uint32_t e, uint32_t *first, uint32_t *last) {
  if (e + 1 >= c->se || !tok_is(c, e, ",")) return 0;
  uint32_t j = e + 1;
  if (tok_is(c, j, "the") || tok_is(c, j, "a") || tok_is(c, j, "an")) j++;
  uint32_t s = j, end = 0;
  int head = 0;
  for (; j < c->se && is_role_word(c, j); j++)
    if (is_head(c, j)) head = 1, end = j;
    else if (head && !is_connector(c, j)) end = j;
  if (!head || j == s) return 0;
  if (j < c->se && !tok_is(c, j, ",") && !tok_is(c, j, ".") && !tok_is(c, j, ";") &&
      !tok_is(c, j, ")"))
    return 0;
  *first = s;
  *last = end;
  return 1;
}

static void drop_mention(hd_article *a, size_t k, int32_t *mention_of) {
  hd_mention *m = &a->mentions[k];
  for (uint32_t i = m->tok_begin; i < m->tok_end; i++) mention_of[i] = -1;
  m->tok_end = m->tok_begin; /* marked; compacted at the end */
}

static void attach(hd_article *a, size_t k, ctx *c, int32_t *mention_of) {
  hd_mention *m = &a->mentions[k];
  uint32_t b = m->tok_begin, e = m->tok_end;
  uint32_t rb = role_before(c, b), close = affiliation_after(c, e);
  if (close) { /* the affiliation is absorbed: no entity of its own */
    int32_t am = mention_of[e + 1];
    if (am >= 0) drop_mention(a, (size_t)am, mention_of);
  }
  const hd_token *T = a->tokens;
  if (rb < b) {
    m->title.start = T[rb].start;
    m->title.end = close ? T[close].end : T[b - 1].end;
    return;
  }
  uint32_t f, l;
  if (appositive_after(c, e, &f, &l)) {
    m->title = (hd_span){T[f].start, T[l].end};
    return;
  }
  if (close) m->title = (hd_span){T[e + 1].start, T[close - 1].end};
}

static int person_title(const hd_article *a, uint32_t i) {
  const hd_token *t = &a->tokens[i];
  return hd_lex_has_lower(HD_LEX_TITLE_PERSON_TITLES, hd_tok_ptr(a, t), hd_tok_len(t));
}

static int role_token(const hd_article *a, uint32_t i, int *head) {
  const hd_token *t = &a->tokens[i];
  const char *s = hd_tok_ptr(a, t);
  size_t n = hd_tok_len(t);
  if (hd_lex_has_lower(HD_LEX_TITLE_HEADS, s, n)) return *head = 1;
  return hd_lex_has_lower(HD_LEX_TITLE_MODIFIERS, s, n);
}

/* A person mention that opens with a role phrase ("Councillor Edith
 * Marsh", "Foreign Minister Sergey Lavrov" tagged as one name): returns
 * the first token of the name, or b when the opening is no role phrase
 * (it needs a role head, must not open with a connector such as "of", and
 * leaves at least one capitalised token). */
static uint32_t past_role_phrase(const hd_article *a, const hd_mention *m) {
  uint32_t b = m->tok_begin, j = b;
  int head = 0;
  const hd_token *t = &a->tokens[b];
  if (!(t->flags & HD_TF_UPPER_INITIAL)) return b;
  while (j + 1 < m->tok_end && role_token(a, j, &head)) j++;
  return head && j > b && (a->tokens[j].flags & HD_TF_UPPER_INITIAL) ? j : b;
}

/* "Rep. Tulsi Gabbard" tagged as one mention: the title leaves the
 * mention, which becomes a person (the title attaches below); so does a
 * role phrase opening a person mention ("Councillor Edith Marsh"); a
 * mention right after a personal title ("Dr. Oz", "Mr. Lynch") is a
 * person. */
static void split_leading_titles(hd_article *a) {
  for (size_t k = 0; k < a->n_mentions; k++) {
    hd_mention *m = &a->mentions[k];
    uint32_t b = m->tok_begin;
    while (b + 1 < m->tok_end && person_title(a, b)) b++;
    if (b == m->tok_begin && m->type == HD_ENT_PER) b = past_role_phrase(a, m);
    if (b == m->tok_begin) { /* "Dr. Oz" with "Oz" tagged ORG */
      if (b > 0 && person_title(a, b - 1) && !(a->tokens[b].flags & HD_TF_SENT_START))
        m->type = HD_ENT_PER;
      continue;
    }
    if (!(a->tokens[b].flags & HD_TF_UPPER_INITIAL)) continue;
    m->tok_begin = b;
    m->start = a->tokens[b].start;
    m->type = HD_ENT_PER;
  }
}

void hd_titles_attach(hd_article *a) {
  if (!a->n_mentions) return;
  split_leading_titles(a);
  int32_t *mention_of = hd_xmalloc(a->n_tokens * sizeof *mention_of);
  for (size_t i = 0; i < a->n_tokens; i++) mention_of[i] = -1;
  for (size_t k = 0; k < a->n_mentions; k++)
    for (uint32_t i = a->mentions[k].tok_begin; i < a->mentions[k].tok_end; i++)
      mention_of[i] = (int32_t)k;
  ctx c = {a, mention_of, 0, 0};
  size_t s = 0;
  for (size_t k = 0; k < a->n_mentions; k++) {
    hd_mention *m = &a->mentions[k];
    if (m->type != HD_ENT_PER || m->tok_end <= m->tok_begin) continue;
    while (s < a->n_sentences && a->sentences[s].tok_end <= m->tok_begin) s++;
    if (s < a->n_sentences && a->sentences[s].tok_begin <= m->tok_begin) {
      c.sb = a->sentences[s].tok_begin;
      c.se = a->sentences[s].tok_end;
    } else {
      c.sb = m->tok_begin;
      c.se = m->tok_end;
    }
    attach(a, k, &c, mention_of);
  }
  size_t o = 0; /* compact dropped mentions */
  for (size_t k = 0; k < a->n_mentions; k++)
    if (a->mentions[k].tok_end > a->mentions[k].tok_begin) a->mentions[o++] = a->mentions[k];
  a->n_mentions = o;
  hd_free(mention_of);
}
