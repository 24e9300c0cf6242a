/*
 * ner_conventions.c: retypes gold entities by a conventions file (see
 * ner_conventions.h). Complexity: O(words x rules); a handful of rules.
 */
#include "ner/ner_conventions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

typedef struct {
  char *words[8];
  int n, from, to;
} rule;

static int type_of(const char *s) {
  return hd_ent_type_of(s, strlen(s));
}

/* Parses "PHRASE\tFROM\tTO"; 0 ok, -1 malformed. */
static int parse_rule(char *line, rule *r) {
  char *from = strchr(line, '\t');
  char *to = from ? strchr(from + 1, '\t') : NULL;
  if (!to) return -1;
  *from++ = 0;
  *to++ = 0;
  to[strcspn(to, "\r\n")] = 0;
  r->from = type_of(from);
  r->to = type_of(to);
  r->n = 0;
  for (char *w = strtok(line, " "); w && r->n < 8; w = strtok(NULL, " ")) r->words[r->n++] = hd_xstrdup(w);
  return r->from < 0 || r->to < 0 || r->n == 0 ? -1 : 0;
}

/* Does the gold entity starting at i match r exactly? */
static int matches(const hd_conll *c, size_t i, const rule *r) {
  int first = c->gold[i];
  if (hd_ner_label_type(first) != r->from) return 0;
  int pos = hd_ner_label_pos(first);
  if (pos != HD_NER_B && pos != HD_NER_U) return 0;
  if ((pos == HD_NER_U) != (r->n == 1) || i + (size_t)r->n > c->n_words) return 0;
  for (int k = 0; k < r->n; k++) {
    const hd_ner_word *w = &c->words[i + (size_t)k];
    if (w->len != strlen(r->words[k]) || memcmp(w->s, r->words[k], w->len)) return 0;
  }
  int last = c->gold[i + (size_t)r->n - 1];
  return r->n == 1 || hd_ner_label_pos(last) == HD_NER_L;
}

static long apply(hd_conll *c, const rule *rules, size_t n) {
  long changed = 0;
  for (size_t i = 0; i < c->n_words; i++)
    for (size_t k = 0; k < n; k++) {
      if (!matches(c, i, &rules[k])) continue;
      for (int j = 0; j < rules[k].n; j++) {
        int l = c->gold[i + (size_t)j];
        c->gold[i + (size_t)j] = (uint8_t)hd_ner_label(rules[k].to, hd_ner_label_pos(l));
      }
      changed++;
      break;
    }
  return changed;
}

long hd_ner_apply_conventions(hd_conll *c, const char *path, hd_err *err) {
  FILE *f = fopen(path, "r");
  if (!f) {
    hd_err_set(err, HD_ERR_IO, path, 0, "cannot read conventions file");
    return -1;
  }
  rule *rules = NULL;
  size_t n = 0, cap = 0;
  char line[512];
  long lineno = 0, changed = -1;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    if (line[0] == '#' || line[0] == '\n') continue;
    rule r = {0};
    if (parse_rule(line, &r) != 0) {
      hd_err_set(err, HD_ERR_INPUT, path, lineno, "expected PHRASE<TAB>FROM<TAB>TO with types PER ORG LOC MISC");
      for (int k = 0; k < r.n; k++) hd_free(r.words[k]);
      goto done;
    }
    HD_VEC_PUSH(rules, n, cap, r);
  }
  changed = apply(c, rules, n);
done:
  fclose(f);
  for (size_t i = 0; i < n; i++)
    for (int k = 0; k < rules[i].n; k++) hd_free(rules[i].words[k]);
  hd_free(rules);
  return changed;
}
