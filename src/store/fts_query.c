/*
 * fts_query.c: what a person types, as an FTS5 query (see fts_query.h).
 *
 * Two steps. lex() cuts the query into items: operands (a quoted phrase,
 * a bare word, a prefix word*, a NEAR(...) group, each with an optional
 * column filter), the operators AND / OR / NOT, and parentheses (only
 * when they balance). check() then reads the items as a grammar would
 * (operand (op operand)*), reporting what does not fit, and emit()
 * writes the expression, joining adjacent operands with AND where FTS5
 * has no implicit AND (next to a parenthesis).
 */
#include "store/fts_query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"

typedef enum { IT_OPERAND, IT_AND, IT_OR, IT_NOT, IT_LP, IT_RP } item_kind;

typedef struct {
  item_kind kind;
  char *fts; /* the operand's FTS5 text (malloc'd), NULL for the others */
} item;

typedef struct {
  item *v;
  size_t n, cap;
} items;

static void items_free(items *it) {
  for (size_t i = 0; i < it->n; i++) free(it->v[i].fts);
  free(it->v);
}

static void push(items *it, item_kind k, char *fts) {
  item x = {k, fts};
  HD_VEC_PUSH(it->v, it->n, it->cap, x);
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
/* Characters that end a bare word. */
static int is_break(char c, int parens) { return !c || is_space(c) || c == '"' || (parens && (c == '(' || c == ')')); }

/* Writes s[0..n) as an FTS5 string: "..." with " doubled. */
static void put_string(hd_buf *b, const char *s, size_t n) {
  hd_buf_putc(b, '"');
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '"') hd_buf_putc(b, '"');
    hd_buf_putc(b, s[i]);
  }
  hd_buf_putc(b, '"');
}

/* "title:" or "text:" at the start of a word: the length of the filter
 * including the colon, else 0. */
static size_t column_filter(const char *w, size_t n) {
  static const char *const COLS[] = {"title:", "text:"};
  for (int i = 0; i < 2; i++) {
    size_t k = strlen(COLS[i]);
    if (n >= k && !strncasecmp(w, COLS[i], k)) return k;
  }
  return 0;
}

/* A bare word: an operator, or an operand (prefix*, column filter). */
static void lex_word(items *it, const char *w, size_t n, const char **pending_col) {
  if (n == 3 && !memcmp(w, "AND", 3)) return push(it, IT_AND, NULL);
  if (n == 2 && !memcmp(w, "OR", 2)) return push(it, IT_OR, NULL);
  if (n == 3 && !memcmp(w, "NOT", 3)) return push(it, IT_NOT, NULL);
  hd_buf b;
  hd_buf_init(&b, 0);
  size_t col = column_filter(w, n);
  if (col && *pending_col) {
    free((char *)*pending_col);
    *pending_col = NULL;
  }
  if (col) {
    hd_buf_put(&b, w, col - 1);
    hd_buf_puts(&b, " : ");
    w += col, n -= col;
    if (!n) { /* "title: oil": the filter applies to the next operand */
      *pending_col = hd_buf_take(&b, NULL);
      return;
    }
  } else if (*pending_col) {
    hd_buf_puts(&b, *pending_col);
    free((char *)*pending_col);
    *pending_col = NULL;
  }
  int prefix = n > 1 && w[n - 1] == '*';
  while (n > 1 && w[n - 1] == '*') n--;
  put_string(&b, w, n);
  if (prefix) hd_buf_putc(&b, '*');
  push(it, IT_OPERAND, hd_buf_take(&b, NULL));
}

/* A quoted phrase (its column filter, if one is pending). */
static void lex_phrase(items *it, const char *s, size_t n, int prefix, const char **pending_col) {
  hd_buf b;
  hd_buf_init(&b, 0);
  if (*pending_col) {
    hd_buf_puts(&b, *pending_col);
    free((char *)*pending_col);
    *pending_col = NULL;
  }
  put_string(&b, s, n);
  if (prefix) hd_buf_putc(&b, '*');
  push(it, IT_OPERAND, hd_buf_take(&b, NULL));
}

/* NEAR(a b "c d", N) starting at p (after "NEAR("); returns the position
 * after its ')' or NULL if it is not well formed (then it is words). */
static const char *lex_near(items *it, const char *p) {
  hd_buf b;
  hd_buf_init(&b, 0);
  hd_buf_puts(&b, "NEAR(");
  int phrases = 0;
  for (;;) {
    while (is_space(*p)) p++;
    if (*p == ')' || *p == ',') break;
    if (!*p || *p == '(') goto bad;
    const char *w = p;
    if (*p == '"') {
      const char *end = strchr(p + 1, '"');
      if (!end) goto bad;
      if (phrases++) hd_buf_putc(&b, ' ');
      put_string(&b, p + 1, (size_t)(end - p - 1));
      p = end + 1;
      continue;
    }
    while (*p && !is_space(*p) && *p != ')' && *p != ',' && *p != '"' && *p != '(') p++;
    if (phrases++) hd_buf_putc(&b, ' ');
    put_string(&b, w, (size_t)(p - w));
  }
  if (*p == ',') {
    p++;
    while (is_space(*p)) p++;
    const char *d = p;
    while (*p >= '0' && *p <= '9') p++;
    if (p == d || p - d > 6) goto bad;
    hd_buf_puts(&b, ", ");
    hd_buf_put(&b, d, (size_t)(p - d));
    while (is_space(*p)) p++;
  }
  if (*p != ')' || phrases < 1) goto bad;
  hd_buf_putc(&b, ')');
  push(it, IT_OPERAND, hd_buf_take(&b, NULL));
  return p + 1;
bad:
  hd_buf_free(&b);
  return NULL;
}

/* 1 if the parentheses of q balance (each ')' closes an open '(', and
 * quoted phrases are skipped), else 0: then they are punctuation. */
static int parens_balance(const char *q, size_t pairable) {
  int depth = 0;
  size_t seen = 0;
  int in_quote = 0;
  for (const char *p = q; *p; p++) {
    if (*p == '"') {
      seen++;
      if (in_quote) in_quote = 0;
      else if (seen <= pairable) in_quote = 1;
    } else if (!in_quote && *p == '(') depth++;
    else if (!in_quote && *p == ')' && --depth < 0) return 0;
  }
  return depth == 0;
}

static void lex(const char *q, items *it) {
  size_t quotes = 0;
  for (const char *p = q; *p; p++) quotes += *p == '"';
  /* an odd count leaves the last double quote without a partner */
  size_t pairable = quotes - quotes % 2, seen = 0;
  int parens = parens_balance(q, pairable);
  const char *pending_col = NULL;
  for (const char *p = q; *p;) {
    if (is_space(*p)) {
      p++;
    } else if (*p == '"') {
      seen++;
      if (seen > pairable) { /* unpaired: punctuation */
        p++;
        continue;
      }
      const char *end = strchr(p + 1, '"');
      seen++;
      int prefix = end[1] == '*';
      lex_phrase(it, p + 1, (size_t)(end - p - 1), prefix, &pending_col);
      p = end + 1 + prefix;
    } else if (parens && *p == '(') {
      push(it, IT_LP, NULL);
      p++;
    } else if (parens && *p == ')') {
      push(it, IT_RP, NULL);
      p++;
    } else {
      const char *w = p;
      if (!strncmp(p, "NEAR(", 5)) {
        const char *after = lex_near(it, p + 5);
        if (after) {
          for (; p < after; p++) seen += *p == '"';
          continue;
        }
      }
      while (!is_break(*p, parens)) p++;
      lex_word(it, w, (size_t)(p - w), &pending_col);
    }
  }
  free((char *)pending_col); /* "title:" with nothing after it */
}

static const char *op_name(item_kind k) { return k == IT_AND ? "AND" : k == IT_OR ? "OR" : "NOT"; }
static int is_op(item_kind k) { return k == IT_AND || k == IT_OR || k == IT_NOT; }
/* Items that can end an operand (a phrase or a closing parenthesis). */
static int ends_operand(item_kind k) { return k == IT_OPERAND || k == IT_RP; }

/* Reads the items as operand (op operand)*: 0, or -1 with err filled. */
static int check(const items *it, hd_err *err) {
  int operands = 0;
  for (size_t i = 0; i < it->n; i++) {
    item_kind k = it->v[i].kind, prev = i ? it->v[i - 1].kind : IT_LP;
    item_kind next = i + 1 < it->n ? it->v[i + 1].kind : IT_RP;
    operands += k == IT_OPERAND;
    if (is_op(k) && !(k == IT_NOT && prev == IT_AND) && !ends_operand(prev)) {
      hd_err_set(err, HD_ERR_USAGE, NULL, 0, "%s needs a word before it, as in \"oil %s gas\"%s (to search for the word, write \"%s\")",
                 op_name(k), op_name(k), k == IT_NOT ? ", which finds oil without gas" : "", op_name(k));
      return -1;
    }
    if (is_op(k) && (next == IT_RP || is_op(next)) && !(k == IT_AND && next == IT_NOT)) {
      hd_err_set(err, HD_ERR_USAGE, NULL, 0, "%s needs a word after it, as in \"oil %s gas\" (to search for the word, write \"%s\")",
                 op_name(k), op_name(k), op_name(k));
      return -1;
    }
    if (k == IT_LP && next == IT_RP) {
      hd_err_set(err, HD_ERR_USAGE, NULL, 0, "%s", "empty parentheses: put words inside them, or leave them out");
      return -1;
    }
  }
  if (!operands) {
    hd_err_set(err, HD_ERR_USAGE, NULL, 0, "%s", "nothing to search for: give at least one word");
    return -1;
  }
  return 0;
}

/* Writes the items as one FTS5 expression. */
static char *emit(const items *it) {
  hd_buf b;
  hd_buf_init(&b, 0);
  for (size_t i = 0; i < it->n; i++) {
    item_kind k = it->v[i].kind, prev = i ? it->v[i - 1].kind : IT_OR;
    if (k == IT_AND && i + 1 < it->n && it->v[i + 1].kind == IT_NOT) continue; /* AND NOT = NOT */
    /* FTS5 joins phrases by juxtaposition, not a parenthesis and a phrase */
    int join = ends_operand(prev) && (k == IT_OPERAND || k == IT_LP) && (prev == IT_RP || k == IT_LP);
    if (b.len) hd_buf_puts(&b, join ? " AND " : " ");
    if (k == IT_OPERAND) hd_buf_puts(&b, it->v[i].fts);
    else if (k == IT_LP) hd_buf_putc(&b, '(');
    else if (k == IT_RP) hd_buf_putc(&b, ')');
    else hd_buf_puts(&b, op_name(k));
  }
  return hd_buf_take(&b, NULL);
}

char *hd_fts_query(const char *q, hd_err *err) {
  items it = {0};
  lex(q ? q : "", &it);
  char *r = check(&it, err) ? NULL : emit(&it);
  items_free(&it);
  return r;
}

void hd_fts_explain(const char *q, const char *fts, const char *fts5_msg, hd_err *err) {
  (void)fts;
  hd_err_set(err, HD_ERR_USAGE, NULL, 0,
             "cannot search for '%.200s' (%s): put words in double quotes to search for them as typed", q,
             fts5_msg);
}
