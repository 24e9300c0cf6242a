/*
 * resolve.c: the resolve stage: mentions -> identities within an article,
 * and canonical keys that join identities across articles.
 *
 * How:
 *  1. Each mention's name is reduced to folded words (hd_canonical_key's
 *     rules: diacritics and case folded, titles, initials, possessives
 *     and "al-" dropped, transliteration variants folded).
 *  2. Persons named with two or more words form groups by key; a
 *     one-word person mention joins the group whose surname (else given
 *     name) it is, preferring the one named most often in full (ties: the
 *     most recent); a given name with a suffix ("Donald Jr.") is its own
 *     person, never the father; other types group by their whole key,
 *     and a one-word organisation joins the organisation whose last word
 *     it is ("the Post"), or whose first word it is when that organisation
 *     is the only one of the article starting with it, its name has two or
 *     three words and ends in a designator ("Meridia" of "Meridia
 *     Pharmaceuticals", "NBC" of "NBC News"; hd_org_short_name), and the
 *     word is no institution's head noun ("House" of "House Freedom
 *     Caucus" stays).
 *  3. Aliases stated in the text join groups: "X, or Y", "X (also known
 *     as Y)", "X, formerly Y", "(and formerly the Y)", "X (Y)".
 *  4. Each group becomes an hd_identity: key from its fullest name, name
 *     = that surface form, aliases = its other surface forms, titles =
 *     the titles of its mentions (a person's title, when the tagger gave
 *     none, is the run of title words before the name), cut after its
 *     last preposition other than "of" ("former President", not "Justice
 *     Department under former President"); modifiers alone ("former")
 *     are no title.
 *
 * Memory: a per-article scratch array of name parts and four small hash
 * tables (freed before return); identities own their strings (freed
 * with the article). Complexity: O(m) expected for m mentions (hash
 * lookups), O(length) per key.
 */
#include "attrib/resolve.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "attrib/cues.h"
#include "util/buf.h"
#include "util/lexicon.h"
#include "util/map.h"

#define MAX_WORDS 8
#define WORD_CAP 32

typedef struct {
  char w[MAX_WORDS][WORD_CAP]; /* folded words, titles and initials gone */
  int n;
  char suffix[8]; /* jr, sr, ii, iii, iv */
} name_parts;

/* ---- folding ---- */

/* Transliteration-insensitive form of one lower-case ASCII word: y->i,
 * ph->f, ou->u, doubled letters collapsed, non-alphanumerics dropped. */
static void fold_word(const char *in, char *out, size_t cap) {
  size_t o = 0;
  for (size_t i = 0; in[i] && o + 1 < cap; i++) {
    char ch = in[i];
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) continue;
    if (ch == 'y') ch = 'i';
    if (ch == 'h' && o > 0 && out[o - 1] == 'p') { out[o - 1] = 'f'; continue; }
    if (ch == 'u' && o > 0 && out[o - 1] == 'o') { out[o - 1] = 'u'; continue; }
    if (o > 0 && out[o - 1] == ch) continue;
    out[o++] = ch;
  }
  out[o] = 0;
}

static int is_title_word(const char *w) {
  char dotted[WORD_CAP + 1];
  if (hd_in_wordlist(HD_WL_TITLE, w)) return 1;
  size_t n = strlen(w);
  if (n + 2 > sizeof dotted) return 0;
  memcpy(dotted, w, n);
  dotted[n] = '.';
  dotted[n + 1] = 0;
  return hd_in_wordlist(HD_WL_TITLE, dotted);
}

int hd_name_is_suffix(const char *w) {
  return !strcmp(w, "jr") || !strcmp(w, "sr") || !strcmp(w, "ii") || !strcmp(w, "iii") || !strcmp(w, "iv");
}

/* ---- organisations' short names ---- */

/* The designator list (data/lexicons/resolve_org_designators.txt) and the
 * organisation head nouns (attrib_org_head.txt: "house", "senate",
 * "office"), folded once, by whichever thread asks first. */
#define MAX_ORG_WORDS 256
static char org_designators[MAX_ORG_WORDS][WORD_CAP], org_heads[MAX_ORG_WORDS][WORD_CAP];
static size_t n_designators, n_heads;
static pthread_once_t org_words_once = PTHREAD_ONCE_INIT;

static void fold_list(hd_lex_id id, char (*out)[WORD_CAP], size_t *n) {
  size_t k;
  const char *const *w = hd_lex_sorted(id, &k);
  *n = k < MAX_ORG_WORDS ? k : MAX_ORG_WORDS;
  for (size_t i = 0; i < *n; i++) fold_word(w[i], out[i], WORD_CAP);
}

static void fold_org_words(void) {
  fold_list(HD_LEX_RESOLVE_ORG_DESIGNATORS, org_designators, &n_designators);
  fold_list(HD_LEX_ATTRIB_ORG_HEAD, org_heads, &n_heads);
}

static int in_folded(char (*v)[WORD_CAP], size_t n, const char *w) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(v[i], w)) return 1;
  return 0;
}

int hd_org_short_name(const char *word, const char *first, const char *last, int n_words) {
  pthread_once(&org_words_once, fold_org_words);
  return n_words >= 2 && n_words <= 3 && !strcmp(word, first) && in_folded(org_designators, n_designators, last) &&
         !in_folded(org_heads, n_heads, word);
}

/* Lower-cased, mark-stripped, lumped copy of a name (malloc'd). */
static char *normalise(const char *name, size_t len) {
  int ascii = 1;
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)name[i] >= 0x80) { ascii = 0; break; }
  if (ascii) {
    char *s = hd_xmalloc(len + 1);
    for (size_t i = 0; i < len; i++) s[i] = (name[i] >= 'A' && name[i] <= 'Z') ? (char)(name[i] + 32) : name[i];
    s[len] = 0;
    return s;
  }
  utf8proc_uint8_t *out = NULL;
  utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)name, (utf8proc_ssize_t)len, &out,
                                    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD |
                                        UTF8PROC_LUMP);
  if (r < 0 || !out) return hd_xstrndup(name, len);
  return (char *)out;
}

/* Splits a name into folded words by the rules in resolve.h. */
static void name_split(const char *name, size_t len, int type, name_parts *p) {
  memset(p, 0, sizeof *p);
  char local[256];
  char *s = local;
  int ascii = len < sizeof local;
  for (size_t i = 0; ascii && i < len; i++) ascii = (unsigned char)name[i] < 0x80;
  if (ascii) { /* the common case, without allocating */
    for (size_t i = 0; i < len; i++) local[i] = (name[i] >= 'A' && name[i] <= 'Z') ? (char)(name[i] + 32) : name[i];
    local[len] = 0;
  } else {
    s = normalise(name, len);
  }
  char raw[MAX_WORDS * 2][WORD_CAP];
  int nraw = 0;
  for (char *q = s; *q && nraw < MAX_WORDS * 2;) {
    while (*q == ' ' || *q == '-' || *q == '\t' || *q == '\n') q++;
    if (!*q) break;
    size_t k = 0;
    while (*q && *q != ' ' && *q != '-' && *q != '\t' && *q != '\n') {
      if (k + 1 < WORD_CAP) raw[nraw][k++] = *q;
      q++;
    }
    raw[nraw][k] = 0;
    /* possessive: kerry's, kerry' */
    if (k >= 2 && raw[nraw][k - 2] == '\'' && raw[nraw][k - 1] == 's') raw[nraw][k - 2] = 0;
    else if (k >= 1 && raw[nraw][k - 1] == '\'') raw[nraw][k - 1] = 0;
    nraw++;
  }
  if (s != local) hd_free(s);
  for (int i = 0; i < nraw; i++) {
    char *w = raw[i];
    char bare[WORD_CAP];
    size_t b = 0;
    for (size_t j = 0; w[j]; j++)
      if (w[j] != '.' && w[j] != '\'') bare[b++] = w[j];
    bare[b] = 0;
    if (!b) continue;
    int last = i + 1 == nraw;
    if (p->n == 0 && (!strcmp(bare, "the") || !strcmp(bare, "a"))) continue;
    if ((!strcmp(bare, "al") || !strcmp(bare, "el")) && !last) continue; /* al-Assad */
    if (type == HD_ENT_PER) {
      if (hd_name_is_suffix(bare) && p->n > 0) { memcpy(p->suffix, bare, strlen(bare) + 1); continue; }
      if (p->n == 0 && is_title_word(w)) continue;   /* leading titles */
      if (b == 1 && !last && nraw > 1) continue;      /* initials: John F. Kerry */
      if (!strcmp(bare, "of") && p->n == 0) continue; /* Secretary of State */
    }
    if (p->n < MAX_WORDS) fold_word(bare, p->w[p->n++], WORD_CAP);
    if (!p->w[p->n - 1][0]) p->n--;
  }
  /* a person's leading title run may have left "state" etc.: drop words
   * before the name that are titles (Secretary of State John Kerry) */
  if (type == HD_ENT_PER && p->n > 2) {
    int k = 0;
    while (k < p->n - 2 && is_title_word(p->w[k])) k++;
    if (k) {
      memmove(p->w, p->w + k, (size_t)(p->n - k) * sizeof p->w[0]);
      p->n -= k;
    }
  }
}

static char *key_of(const name_parts *p, int type) {
  if (p->n == 0) return NULL;
  hd_buf b;
  hd_buf_init(&b, 256);
  for (const char *t = hd_ent_type_name(type); *t; t++) /* "per", "org", ... */
    hd_buf_putc(&b, (char)(*t >= 'A' && *t <= 'Z' ? *t - 'A' + 'a' : *t));
  hd_buf_putc(&b, ':');
  if (type == HD_ENT_PER) {
    hd_buf_puts(&b, p->w[p->n - 1]);
    if (p->n > 1) {
      hd_buf_putc(&b, '_');
      hd_buf_puts(&b, p->w[0]);
    }
    if (p->suffix[0]) {
      hd_buf_putc(&b, '_');
      hd_buf_puts(&b, p->suffix);
    }
  } else {
    for (int i = 0; i < p->n; i++) {
      if (i) hd_buf_putc(&b, '_');
      hd_buf_puts(&b, p->w[i]);
    }
  }
  return hd_buf_take(&b, NULL);
}

char *hd_canonical_key(const char *name, size_t len, int type) {
  if (!name) return NULL;
  name_parts p;
  name_split(name, len, type, &p);
  return key_of(&p, type);
}

/* ---- grouping ---- */

typedef struct {
  name_parts parts;
  uint32_t group;
} mention_info;

typedef struct {
  uint32_t best;   /* mention with the fullest name */
  uint32_t first;  /* the mention that opened the group */
  uint32_t n_full; /* mentions by full name (salience) */
  uint8_t type;
  uint32_t merged; /* union-find parent (a group index) */
} group;

/* A string -> group multimap, so grouping stays linear in the number of
 * mentions: the one hash map (util/map.h) holds each key's latest entry,
 * entries chain to the key's earlier ones (newest first). */
typedef struct {
  uint32_t group, next; /* next: the key's previous entry + 1, 0 = none */
} hentry;

typedef struct {
  hd_map heads; /* key -> its latest entry + 1 */
  hentry *e;
  size_t ne, cape;
} htab;

static void htab_init(htab *t) {
  hd_map_init(&t->heads);
  t->e = NULL;
  t->ne = t->cape = 0;
}

static void htab_free(htab *t) {
  hd_map_free(&t->heads);
  hd_free(t->e);
}

static void htab_add(htab *t, const char *key, uint32_t group) {
  uint64_t *head = hd_map_put(&t->heads, key, strlen(key), NULL);
  hentry e = {group, (uint32_t)*head};
  HD_VEC_PUSH(t->e, t->ne, t->cape, e);
  *head = t->ne;
}

/* Iterates the groups stored under `key`: pass *it = 0 first; returns
 * HD_NONE when done. */
static uint32_t htab_next(const htab *t, const char *key, uint32_t *it) {
  uint32_t i;
  if (*it) i = t->e[*it - 1].next;
  else {
    const uint64_t *head = hd_map_get(&t->heads, key, strlen(key));
    i = head ? (uint32_t)*head : 0;
  }
  *it = i;
  return i ? t->e[i - 1].group : HD_NONE;
}

enum { T_FULL, T_SURNAME, T_GIVEN, T_ORG_LAST, T_ORG_FIRST, T_COUNT };

typedef struct {
  hd_article *a;
  mention_info *mi;
  group *g;
  size_t ng, capg;
  htab t[T_COUNT];
} rctx;

static uint32_t find(rctx *r, uint32_t x) {
  while (r->g[x].merged != x) x = r->g[x].merged = r->g[r->g[x].merged].merged;
  return x;
}

static uint32_t new_group(rctx *r, uint32_t m) {
  group g = {m, m, 0, r->a->mentions[m].type, (uint32_t)r->ng};
  HD_VEC_PUSH(r->g, r->ng, r->capg, g);
  return (uint32_t)(r->ng - 1);
}

/* The grouping key: a person's surname, given name and suffix (the
 * canonical key's parts), else every word; prefixed by the type. */
static size_t put_word(char *out, size_t o, size_t cap, const char *w) {
  size_t n = strlen(w);
  if (o + n + 1 >= cap) n = o + 1 < cap ? cap - o - 1 : 0;
  memcpy(out + o, w, n);
  return o + n;
}

static void group_key(const name_parts *p, int type, char *out, size_t cap) {
  size_t o = 0;
  out[o++] = (char)('0' + type);
  out[o++] = '|';
  o = put_word(out, o, cap, p->suffix);
  out[o++] = '|';
  if (type == HD_ENT_PER && p->n >= 2) {
    o = put_word(out, o, cap, p->w[p->n - 1]);
    out[o++] = ' ';
    o = put_word(out, o, cap, p->w[0]);
  } else {
    for (int i = 0; i < p->n && o + 1 < cap; i++) {
      if (i) out[o++] = ' ';
      o = put_word(out, o, cap, p->w[i]);
    }
  }
  out[o < cap ? o : cap - 1] = 0;
}

/* Registers a new group's names in the lookup tables. */
static void index_group(rctx *r, uint32_t k) {
  const name_parts *p = &r->mi[r->g[k].first].parts;
  if (r->g[k].type == HD_ENT_PER && p->n >= 2 && !p->suffix[0]) { /* Jr. only by full name */
    htab_add(&r->t[T_SURNAME], p->w[p->n - 1], k);
    htab_add(&r->t[T_GIVEN], p->w[0], k);
  }
  if (r->g[k].type == HD_ENT_ORG && p->n >= 2) {
    htab_add(&r->t[T_ORG_LAST], p->w[p->n - 1], k);
    htab_add(&r->t[T_ORG_FIRST], p->w[0], k);
  }
}

static void group_full_names(rctx *r) {
  char key[MAX_WORDS * WORD_CAP + 32];
  for (size_t m = 0; m < r->a->n_mentions; m++) {
    const hd_mention *x = &r->a->mentions[m];
    mention_info *mi = &r->mi[m];
    mi->group = HD_NONE;
    if (mi->parts.n == 0) continue;
    if (x->type == HD_ENT_PER && mi->parts.n < 2) continue; /* one-word persons wait */
    group_key(&mi->parts, x->type, key, sizeof key);
    uint32_t it = 0;
    mi->group = htab_next(&r->t[T_FULL], key, &it);
    if (mi->group == HD_NONE) {
      mi->group = new_group(r, (uint32_t)m);
      htab_add(&r->t[T_FULL], key, mi->group);
      index_group(r, mi->group);
    }
    group *g = &r->g[mi->group];
    g->n_full++;
    if (x->end - x->start > r->a->mentions[g->best].end - r->a->mentions[g->best].start) g->best = (uint32_t)m;
  }
}

/* Among the groups under `word` in table t: the latest opened before
 * `pos`, else the first opened after it (else the lowest-numbered, when
 * `nearest` is 0). */
static uint32_t pick_group(const rctx *r, int t, const char *word, uint32_t pos, int nearest) {
  uint32_t it = 0, before = HD_NONE, after = HD_NONE, k;
  while ((k = htab_next(&r->t[t], word, &it)) != HD_NONE) {
    uint32_t at = r->a->mentions[r->g[k].first].start;
    if (!nearest) {
      if (before == HD_NONE || k < before) before = k;
    } else if (at < pos) {
      if (before == HD_NONE || at > r->a->mentions[r->g[before].first].start) before = k;
    } else if (after == HD_NONE || at < r->a->mentions[r->g[after].first].start) {
      after = k;
    }
  }
  return before != HD_NONE ? before : after;
}

/* The one group under `word` in table t, or HD_NONE (none, or several). */
static uint32_t only_group(const rctx *r, int t, const char *word) {
  uint32_t it = 0, k = htab_next(&r->t[t], word, &it);
  return k != HD_NONE && htab_next(&r->t[t], word, &it) == HD_NONE ? k : HD_NONE;
}

/* The full-name person with surname `word` named most often in the
 * article (ties: the nearest before pos, else the first after it), so a
 * bare "Clinton" in a report about Hillary Clinton that names Bill
 * Clinton once in between is hers. */
static uint32_t pick_salient(const rctx *r, const char *word, uint32_t pos) {
  uint32_t it = 0, k, best = HD_NONE;
  uint32_t nearest = pick_group(r, T_SURNAME, word, pos, 1);
  while ((k = htab_next(&r->t[T_SURNAME], word, &it)) != HD_NONE)
    if (best == HD_NONE || r->g[k].n_full > r->g[best].n_full) best = k;
  if (best != HD_NONE && nearest != HD_NONE && r->g[nearest].n_full == r->g[best].n_full) return nearest;
  return best;
}

/* A one-word non-person that names a grouped person or organisation:
 * "Trump’s plan" tagged MISC, "the Post" after "the Washington Post",
 * "Meridia" beside "Meridia Pharmaceuticals" (an organisation's first
 * word, when it names only one organisation of the article). */
static void regroup_one_word(rctx *r, size_t m) {
  mention_info *mi = &r->mi[m];
  hd_mention *x = &r->a->mentions[m];
  const char *w = mi->parts.w[0];
  uint32_t k = x->type == HD_ENT_ORG ? pick_group(r, T_ORG_LAST, w, x->start, 0) : HD_NONE;
  if (k == HD_NONE && x->type == HD_ENT_ORG && (k = only_group(r, T_ORG_FIRST, w)) != HD_NONE) {
    const name_parts *full = &r->mi[r->g[k].first].parts;
    if (!hd_org_short_name(w, full->w[0], full->w[full->n - 1], full->n)) k = HD_NONE;
  }
  if (k == HD_NONE && x->tok_end - x->tok_begin == 1) {
    k = pick_group(r, T_SURNAME, w, x->start, 0);
    if (k != HD_NONE) x->type = HD_ENT_PER;
  }
  if (k != HD_NONE) mi->group = k;
}

/* One-word person mention: the group with that surname (else given
 * name), the most recent before it, else the first after it. */
static void group_short_names(rctx *r) {
  char key[MAX_WORDS * WORD_CAP + 32];
  for (size_t m = 0; m < r->a->n_mentions; m++) {
    mention_info *mi = &r->mi[m];
    if (mi->parts.n != 1) continue;
    if (mi->group != HD_NONE) {
      regroup_one_word(r, m);
      continue;
    }
    const char *w = mi->parts.w[0];
    uint32_t pos = r->a->mentions[m].start;
    /* "Donald Jr.": a given name with a suffix is its own person, never
     * the father named by surname or given name */
    uint32_t pick = mi->parts.suffix[0] ? HD_NONE : pick_salient(r, w, pos);
    if (pick == HD_NONE && !mi->parts.suffix[0]) pick = pick_group(r, T_GIVEN, w, pos, 1);
    if (pick == HD_NONE) { /* a new one-word person, or an earlier one */
      group_key(&mi->parts, HD_ENT_PER, key, sizeof key);
      uint32_t it = 0;
      pick = htab_next(&r->t[T_FULL], key, &it);
      if (pick == HD_NONE) {
        pick = new_group(r, (uint32_t)m);
        htab_add(&r->t[T_FULL], key, pick);
      }
    }
    mi->group = pick;
  }
}

/* ---- aliases stated in the text ---- */

/* Does the text between two mentions state an alias? 1 for "also known
 * as", "formerly", "a.k.a." (brackets, commas and "and the" around), 2
 * for a bare ", or", 0 for none. */
static int alias_link(const char *s, size_t n) {
  char buf[64];
  size_t k = 0;
  if (n > 40) return 0;
  for (size_t i = 0; i < n && k + 1 < sizeof buf; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if (c == '(' || c == ')' || c == ',' || c == '"') c = ' ';
    if (c == ' ' && (k == 0 || buf[k - 1] == ' ')) continue;
    buf[k++] = c;
  }
  while (k && buf[k - 1] == ' ') k--;
  buf[k] = 0;
  if (!strcmp(buf, "or") || !strcmp(buf, "or the")) return 2;
  return hd_lex_has_str(HD_LEX_RESOLVE_ALIAS_LINKS, buf);
}

static void link_aliases(rctx *r) {
  const hd_article *a = r->a;
  for (size_t m = 0; m + 1 < a->n_mentions; m++) {
    const hd_mention *x = &a->mentions[m], *y = &a->mentions[m + 1];
    if (y->start < x->end || r->mi[m].group == HD_NONE || r->mi[m + 1].group == HD_NONE) continue;
    if ((x->type == HD_ENT_PER) != (y->type == HD_ENT_PER)) continue;
    int link = alias_link(a->text + x->end, y->start - x->end);
    if (!link && y->start - x->end == 2 && !memcmp(a->text + x->end, " (", 2) && y->end < a->text_len &&
        a->text[y->end] == ')' && x->type == y->type && x->type != HD_ENT_LOC)
      link = 1; /* "Islamic State in Iraq and Syria (ISIS)" */
    if (!link) continue;
    /* ", or" also ends lists ("Iran, Iraq, or Syria"): not for places,
     * and not when a list comma precedes X */
    if (link == 2 && (x->type == HD_ENT_LOC || y->type == HD_ENT_LOC || x->type != y->type ||
                      (x->start >= 2 && a->text[x->start - 2] == ','))) continue;
    uint32_t gx = find(r, r->mi[m].group), gy = find(r, r->mi[m + 1].group);
    if (gx != gy) r->g[gy].merged = gx;
  }
}

/* ---- titles ---- */

/* Fills a person mention's missing title from title words before it. */
static void infer_title(hd_article *a, hd_mention *m) {
  if (!hd_span_is_none(m->title) || m->type != HD_ENT_PER || m->tok_begin == 0) return;
  uint32_t i = m->tok_begin, first = HD_NONE;
  while (i > 0 && m->tok_begin - i < 6) {
    const hd_token *t = &a->tokens[i - 1];
    char buf[32];
    if (t->kind != HD_TOK_WORD || !hd_word_lower(a->text + t->start, t->end - t->start, buf, sizeof buf)) break;
    if (is_title_word(buf)) first = i - 1;
    else if (strcmp(buf, "of")) break;
    i--;
  }
  if (first == HD_NONE) return;
  m->title = (hd_span){a->tokens[first].start, a->tokens[m->tok_begin - 1].end};
}

/* A name right after a title word is a person's, whatever the tagger
 * said ("dictator Bashar al-Assad"). */
static void retype_titled(hd_article *a, hd_mention *m) {
  if (m->type == HD_ENT_PER || m->tok_begin == 0 || m->tok_end - m->tok_begin > 4) return;
  const hd_token *t = &a->tokens[m->tok_begin - 1];
  char buf[32];
  if (t->kind != HD_TOK_WORD || !hd_word_lower(a->text + t->start, t->end - t->start, buf, sizeof buf)) return;
  if (!is_title_word(buf) || !strcmp(buf, "state") || !strcmp(buf, "foreign") || !strcmp(buf, "former") ||
      !strcmp(buf, "special") || !strcmp(buf, "vice") || !strcmp(buf, "prime") || !strcmp(buf, "defense"))
    return;
  m->type = HD_ENT_PER;
}

/* ---- identities ---- */

#define MAX_FORMS 32 /* aliases or titles kept per identity (bounds the work) */

static void add_unique(char ***v, size_t *n, size_t *cap, const char *s, size_t len, const char *name) {
  if (!len || *n >= MAX_FORMS || (strlen(name) == len && !memcmp(name, s, len))) return;
  for (size_t i = 0; i < *n; i++)
    if (strlen((*v)[i]) == len && !memcmp((*v)[i], s, len)) return;
  char *copy = hd_xstrndup(s, len);
  HD_VEC_PUSH(*v, *n, *cap, copy);
}

/* Surface text of a mention without a trailing possessive. */
static size_t surface_len(const hd_article *a, const hd_mention *m) {
  size_t n = m->end - m->start;
  const char *s = a->text + m->start;
  if (n > 4 && !memcmp(s + n - 4, "\xE2\x80\x99s", 4)) n -= 4;
  else if (n > 2 && s[n - 2] == '\'' && s[n - 1] == 's') n -= 2;
  return n;
}

/* The title text of a mention without the name itself: a title span
 * that encloses its mention ("Rep. Tulsi Gabbard (D-Hawaii)") gives the
 * part before the name, else the part after it. */
static hd_span title_words(const hd_article *a, const hd_mention *m) {
  hd_span t = m->title;
  if (hd_span_is_none(t) || t.end <= m->start || t.start >= m->end) return t;
  hd_span before = {t.start, m->start}, after = {m->end, t.end};
  hd_span pick = before.end > before.start ? before : after;
  while (pick.start < pick.end && strchr(" ,(", a->text[pick.start])) pick.start++;
  while (pick.end > pick.start && strchr(" ,)", a->text[pick.end - 1])) pick.end--;
  return pick.end > pick.start ? pick : hd_span_none();
}

/* A title starts after its last preposition other than "of" ("Justice
 * Department under former President" -> "former President"); one made
 * only of modifiers ("former", "then", "acting") is none. */
static int title_modifier(const char *w) {
  return !strcmp(w, "former") || !strcmp(w, "then") || !strcmp(w, "acting") || !strcmp(w, "ex") || !strcmp(w, "late");
}

static hd_span clean_title(const hd_article *a, hd_span t) {
  if (hd_span_is_none(t)) return t;
  uint32_t start = t.start;
  int head = 0;
  for (uint32_t b = t.start; b < t.end;) {
    while (b < t.end && strchr(" \t\n,", a->text[b])) b++;
    uint32_t e = b;
    while (e < t.end && !strchr(" \t\n,", a->text[e])) e++;
    if (e == b) break;
    char buf[32];
    if (hd_word_lower(a->text + b, e - b, buf, sizeof buf) && strcmp(buf, "of") && hd_in_wordlist(HD_WL_PREP, buf)) {
      start = e;
      head = 0;
    } else if (!title_modifier(buf)) head = 1;
    b = e;
  }
  while (start < t.end && strchr(" \t\n,", a->text[start])) start++;
  if (!head || start >= t.end) return hd_span_none();
  return (hd_span){start, t.end};
}

static void build_identities(rctx *r) {
  hd_article *a = r->a;
  uint32_t *ident_of = hd_xmalloc((r->ng ? r->ng : 1) * sizeof *ident_of);
  for (size_t k = 0; k < r->ng; k++) ident_of[k] = HD_NONE;
  /* the fullest name of a merged group: its longest best mention */
  for (size_t k = 0; k < r->ng; k++) {
    uint32_t root = find(r, (uint32_t)k);
    const hd_mention *mb = &a->mentions[r->g[k].best], *rb = &a->mentions[r->g[root].best];
    if (root != k && r->mi[r->g[k].best].parts.n > r->mi[r->g[root].best].parts.n && mb->type == rb->type)
      r->g[root].best = r->g[k].best;
  }
  for (size_t m = 0; m < a->n_mentions; m++) {
    hd_mention *x = &a->mentions[m];
    x->identity = HD_NONE;
    if (r->mi[m].group == HD_NONE) continue;
    uint32_t root = find(r, r->mi[m].group);
    if (ident_of[root] == HD_NONE) {
      const hd_mention *best = &a->mentions[r->g[root].best];
      hd_identity id = {0};
      id.type = best->type;
      id.key = key_of(&r->mi[r->g[root].best].parts, best->type);
      id.name = hd_xstrndup(a->text + best->start, surface_len(a, best));
      ident_of[root] = (uint32_t)a->n_identities;
      HD_VEC_PUSH(a->identities, a->n_identities, a->cap_identities, id);
    }
    x->identity = ident_of[root];
    hd_identity *id = &a->identities[x->identity];
    add_unique(&id->aliases, &id->n_aliases, &id->cap_aliases, a->text + x->start, surface_len(a, x), id->name);
    hd_span t = clean_title(a, title_words(a, x));
    if (!hd_span_is_none(t))
      add_unique(&id->titles, &id->n_titles, &id->cap_titles, a->text + t.start, t.end - t.start, "");
  }
  hd_free(ident_of);
}

static void resolve_article(hd_article *a) {
  if (!a || a->n_mentions == 0) return;
  rctx r = {0};
  r.a = a;
  r.mi = hd_xmalloc(a->n_mentions * sizeof *r.mi);
  for (size_t m = 0; m < a->n_mentions; m++) {
    hd_mention *x = &a->mentions[m];
    retype_titled(a, x);
    infer_title(a, x);
    name_split(a->text + x->start, x->end - x->start, x->type, &r.mi[m].parts);
  }
  for (int t = 0; t < T_COUNT; t++) htab_init(&r.t[t]);
  group_full_names(&r);
  group_short_names(&r);
  link_aliases(&r);
  build_identities(&r);
  for (int t = 0; t < T_COUNT; t++) htab_free(&r.t[t]);
  hd_free(r.g);
  hd_free(r.mi);
}

void hd_resolve(hd_article *a) {
  if (a) HD_IN_ARENA(a, resolve_article(a));
}

int hd_title_has_word(const char *title, const char *w, size_t n) {
  for (const char *p = title; *p;) {
    while (*p == ' ') p++;
    const char *e = p;
    while (*e && *e != ' ') e++;
    if ((size_t)(e - p) == n && !strncasecmp(p, w, n)) return 1;
    p = e;
  }
  return 0;
}
