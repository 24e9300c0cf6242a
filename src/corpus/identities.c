/*
 * identities.c: one identity per person across the store.
 *
 * Within an article, resolve.c already groups a person's mentions and
 * gives the group a canonical key (`per:SURNAME_GIVEN[_SUFFIX]`, middle
 * initials dropped, spelling folded). Across articles the store joins
 * rows by that key, which leaves one person split when an article names
 * him by surname only ("per:trump"), when the tagger typed the surname as
 * something else ("misc:trump", "loc:trump"), or when an outlet writes a
 * formal or familiar form ("Joseph R. Biden Jr." next to "Joe Biden").
 * This step, run when an ingest closes, folds such entities into one:
 *
 * 1. A one-word entity of any type whose word is the surname of full-name
 *    persons joins the most mentioned of them ("dominant") when it has at
 *    least twice the mentions of the next one with that surname (so
 *    "Clinton" does not join when Hillary and Bill are about as frequent)
 *    and, for a non-person entity, when the persons of that surname have
 *    at least as many mentions as it has ("Washington" the place stays).
 * 2. A full-name person whose given name is a different written form of a
 *    dominant person's with the same surname (a nickname or the formal
 *    name, table below: "Joseph R. Biden Jr." and "Joe Biden") joins that
 *    person when it has at most half its mentions. The same given name
 *    with Jr./Sr./II/III is another person (Donald Trump Jr.) and stays
 *    apart.
 * 3. Every person's display name becomes its most frequent full form (the
 *    alias, names included, of two or more words seen in most articles), so
 *    a misspelling from one article does not name the person.
 * 4. One name, one identity, whatever type the tagger gave each article's
 *    mention ("Twitter" as ORG in some articles and LOC in others, "US"
 *    ORG beside "U.S." LOC): entities whose keys differ only in their type
 *    join the most mentioned of them when it has more mentions than each
 *    other one. A surname-only person takes part only when no full-name
 *    person has that surname (rule 1 decides those).
 * 5. "Department of Justice" and "Justice Department" (a name "H of X"
 *    written "X H"): the less mentioned joins the other.
 * 6. An acronym, a one-word name written in capitals ("U.S.", "FBI"),
 *    joins the multi-word name whose word initials spell it ("United
 *    States"; "of", "the", "and", "for" skipped) when that name is the
 *    only one with those initials or has twice the mentions of the next;
 *    the less mentioned of the two joins the other.
 *    Rules 4-6 consider entities other than full-name persons, work on the
 *    identities left after the earlier rules (mentions summed), and every
 *    join points at the final identity.
 * 7. A one-word name with a generational suffix, of any type ("Trump Jr."
 *    typed ORG, "Donald Jr.", "Don Jr."), joins the full-name person with
 *    that suffix whose surname is the word, or whose given name is a form
 *    of it, when that person is the only such one or has twice the mentions
 *    of the next. It never joins the person without the suffix.
 * 8. A one-word organisation ("org:meridia": an article that names the
 *    company only by its short name) joins the multi-word organisation
 *    it is the short name of (hd_org_short_name: its first word, a name
 *    of two or three words ending in a designator, "Meridia
 *    Pharmaceuticals"; resolve.c already folds the two where one article
 *    names both) when that organisation is the only such one starting
 *    with the word or has twice the mentions of the next. Two companies
 *    sharing a first word, neither dominant, leave the short name alone.
 *
 * Joining moves mentions, article links (counts added), aliases and titles
 * (counts added) and quote speakers to the kept entity and deletes the
 * other; a later ingest that meets the old key recreates it and the next
 * close joins it again. Complexity: O(E log E) over the entities plus the
 * row moves (indexed by entity) and one pass over the aliases.
 * Memory: the entities' keys, name shapes and counts, freed before return.
 */
#include "corpus/identities.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attrib/resolve.h"
#include "util/buf.h"
#include "util/lexicon.h"

/* ---- given names ---- */

/* Familiar form -> formal form (data/lexicons/given_name_nicknames.txt);
 * both are folded like keys at look-up. */
#define MAX_NICKNAMES 256
/* The folded form of one given name, as hd_canonical_key folds it. */
static void fold_given(const char *w, char *out, size_t cap) {
  char *k = hd_canonical_key(w, strlen(w), HD_ENT_PER);
  const char *p = k && !strncmp(k, "per:", 4) ? k + 4 : w;
  snprintf(out, cap, "%s", p);
  hd_free(k);
}

static char nick_table[MAX_NICKNAMES][2][24];
static size_t n_nick;
static pthread_once_t nick_once = PTHREAD_ONCE_INIT;

/* Folded once, by whichever thread asks first (pthread_once: no race). */
static void fold_nicknames(void) {
  size_t n;
  const hd_lex_row *rows = hd_lex_rows(HD_LEX_GIVEN_NAME_NICKNAMES, &n);
  n_nick = n < MAX_NICKNAMES ? n : MAX_NICKNAMES;
  for (size_t i = 0; i < n_nick; i++)
    for (int j = 0; j < 2; j++) fold_given(rows[i].col[j], nick_table[i][j], sizeof nick_table[i][j]);
}

const char *hd_given_name_root(const char *folded) {
  static char (*const table)[2][24] = nick_table;
  pthread_once(&nick_once, fold_nicknames);
  for (size_t i = 0; i < n_nick; i++)
    if (!strcmp(folded, table[i][0])) return table[i][1];
  return folded;
}

/* ---- entities ---- */

typedef struct {
  int64_t id, mentions;
  char type[8];
  char surname[48], given[48], suffix[8]; /* from the key; given empty for one word */
  int one_word;
  int suffixed_word; /* one word + a generational suffix: "trump_jr", "donald_jr" */
  int full_person; /* a person with a given name */
  int surname_taken; /* one-word: some full-name person has this surname */
  char body[128];   /* the key after "type:" ("united_states") */
  char acronym[8];  /* a one-word name in capitals, lower-cased letters ("U.S." -> "us") */
  char initials[8]; /* a multi-word name's word initials ("United States" -> "us") */
  int64_t total;    /* mentions, with those of the entities joined into it */
  int64_t into;     /* joined into this id, or 0 */
} ent;

static void set_name_shape(ent *e, const char *name);

/* A name other than a person's: "loc:word" or "org:word_word...". */
static int parse_other_key(const char *body, ent *e) {
  e->one_word = !strchr(body, '_');
  if (e->one_word) {
    if (strlen(body) >= sizeof e->surname) return 0;
    memcpy(e->surname, body, strlen(body) + 1);
  }
  return 1;
}

/* "word_jr" (one word and a generational suffix, any type): the word goes
 * to e->given, since it may be a surname ("Trump Jr.") or a given name
 * ("Donald Jr."); rule 7 tries both. */
static int parse_suffixed_word(const char *body, ent *e) {
  const char *u = strchr(body, '_');
  if (!u || strchr(u + 1, '_') || !hd_name_is_suffix(u + 1)) return 0;
  size_t len = (size_t)(u - body);
  if (len == 0 || len >= sizeof e->given) return 0;
  memcpy(e->given, body, len);
  e->given[len] = 0;
  memcpy(e->suffix, u + 1, strlen(u + 1) + 1);
  e->suffixed_word = 1;
  return 1;
}

/* Splits "per:surname_given[_suffix]" / "loc:word" / "org:word_word...";
 * 0 for other shapes. */
static int parse_key(const char *key, ent *e) {
  const char *c = strchr(key, ':');
  if (!c || (size_t)(c - key) >= sizeof e->type) return 0;
  memcpy(e->type, key, (size_t)(c - key));
  e->type[c - key] = 0;
  if (!c[1] || strlen(c + 1) >= sizeof e->body) return 0;
  memcpy(e->body, c + 1, strlen(c + 1) + 1);
  if (parse_suffixed_word(e->body, e)) return 1;
  if (strcmp(e->type, "per")) return parse_other_key(e->body, e);
  char parts[4][48];
  int n = 0;
  const char *p = c + 1;
  while (*p && n < 4) {
    const char *u = strchr(p, '_');
    size_t len = u ? (size_t)(u - p) : strlen(p);
    if (len == 0 || len >= sizeof parts[0]) return 0;
    memcpy(parts[n], p, len);
    parts[n++][len] = 0;
    p = u ? u + 1 : p + len;
  }
  if (*p || n == 0) return 0;
  snprintf(e->surname, sizeof e->surname, "%s", parts[0]);
  e->one_word = n == 1;
  if (n == 1) return 1;
  if (n > 3) return 0;
  e->full_person = 1;
  snprintf(e->given, sizeof e->given, "%s", parts[1]);
  if (n == 3) {
    if (!hd_name_is_suffix(parts[2])) return 0;
    memcpy(e->suffix, parts[2], strlen(parts[2]) + 1); /* at most "iii" */
  }
  return 1;
}

static int cmp_surname(const void *x, const void *y) {
  const ent *a = x, *b = y;
  int r = strcmp(a->surname, b->surname);
  if (r) return r;
  return a->mentions > b->mentions ? -1 : a->mentions < b->mentions ? 1 : (a->id > b->id) - (a->id < b->id);
}

static int load(sqlite3 *db, ent **out, size_t *n) {
  sqlite3_stmt *st;
  if (sqlite3_prepare_v2(db, "SELECT id, key, mentions, name FROM entities", -1, &st, NULL) != SQLITE_OK) return -1;
  size_t cap = 0;
  *out = NULL;
  *n = 0;
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    ent e;
    memset(&e, 0, sizeof e);
    const char *key = (const char *)sqlite3_column_text(st, 1);
    if (!key || !parse_key(key, &e)) continue;
    e.id = sqlite3_column_int64(st, 0);
    e.mentions = sqlite3_column_int64(st, 2);
    set_name_shape(&e, (const char *)sqlite3_column_text(st, 3));
    HD_VEC_PUSH(*out, *n, cap, e);
  }
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

/* The dominant full-name person (no suffix) of the run [b, e) of one
 * surname, sorted by mentions: the first, when it has at least twice the
 * mentions of the next; NULL otherwise. Sets *persons to their total. */
static ent *dominant(ent *v, size_t b, size_t e, int64_t *persons) {
  ent *top = NULL, *second = NULL;
  *persons = 0;
  for (size_t i = b; i < e; i++) {
    if (strcmp(v[i].type, "per")) continue;
    *persons += v[i].mentions;
    if (v[i].one_word || v[i].suffix[0]) continue;
    if (!top) top = &v[i];
    else if (!second) second = &v[i];
  }
  if (!top || (second && top->mentions < 2 * second->mentions)) return NULL;
  return top;
}

static int given_fits(const char *a, const char *b) {
  return !strcmp(a, b) || !strcmp(hd_given_name_root(a), hd_given_name_root(b));
}

/* Rules 1 and 2 over one surname's run. */
static void plan_run(ent *v, size_t b, size_t e) {
  int64_t persons;
  int full = 0;
  for (size_t i = b; i < e; i++) full |= v[i].full_person;
  for (size_t i = b; i < e; i++) v[i].surname_taken = full && v[i].one_word;
  ent *top = dominant(v, b, e, &persons);
  if (!top) return;
  for (size_t i = b; i < e; i++) {
    ent *x = &v[i];
    if (x == top) continue;
    if (x->one_word) {
      if (!strcmp(x->type, "per") || persons >= x->mentions) x->into = top->id;
    } else if (!strcmp(x->type, "per") && x->mentions * 2 <= top->mentions && strcmp(x->given, top->given) &&
               given_fits(x->given, top->given)) {
      x->into = top->id; /* "Joseph R. Biden Jr." beside "Joe Biden"; never "Donald Trump Jr." */
    }
  }
}

/* ---- rule 7: "Trump Jr.", "Donald Jr." ---- */

static int names_suffixed(const ent *person, const ent *w) {
  if (!person->full_person || strcmp(person->suffix, w->suffix)) return 0;
  return !strcmp(person->surname, w->given) || given_fits(person->given, w->given);
}

/* v: every entity; joins each suffixed word to its one fitting person.
 * O(W x P) for W suffixed words and P persons with a suffix (both few). */
static void plan_suffixed(ent *v, size_t n) {
  ent **persons = hd_xcalloc(n + 1, sizeof *persons);
  size_t np = 0;
  for (size_t i = 0; i < n; i++)
    if (v[i].full_person && v[i].suffix[0] && !v[i].into) persons[np++] = &v[i];
  for (size_t i = 0; np && i < n; i++) {
    ent *w = &v[i], *top = NULL, *second = NULL;
    if (!w->suffixed_word) continue;
    for (size_t j = 0; j < np; j++) {
      ent *p = persons[j];
      if (!names_suffixed(p, w)) continue;
      if (!top || p->mentions > top->mentions) second = top, top = p;
      else if (!second || p->mentions > second->mentions) second = p;
    }
    if (top && (!second || top->mentions >= 2 * second->mentions)) w->into = top->id;
  }
  free(persons);
}

/* ---- rules 4-6: names other than full-name persons ---- */

static int is_minor_word(const char *w, size_t n) {
  return hd_lex_has_lower(HD_LEX_RESOLVE_INITIALS_SKIP, w, n);
}

/* The acronym of a one-word name in capitals ("U.S." -> "us", "FBI" ->
 * "fbi"; 2-6 letters), or the word initials of a multi-word name. */
static void set_name_shape(ent *e, const char *name) {
  if (!name || e->full_person) return;
  if (e->one_word) {
    size_t k = 0;
    for (const char *p = name; *p; p++) {
      if (*p == '.') continue;
      if (*p < 'A' || *p > 'Z' || k + 1 >= sizeof e->acronym) return;
      e->acronym[k++] = (char)(*p - 'A' + 'a');
    }
    if (k >= 2) e->acronym[k] = 0;
    else e->acronym[0] = 0;
    return;
  }
  size_t k = 0;
  for (const char *p = name; *p;) {
    while (*p == ' ' || *p == '-') p++;
    const char *w = p;
    while (*p && *p != ' ' && *p != '-') p++;
    if (p == w || is_minor_word(w, (size_t)(p - w))) continue;
    char c = *w >= 'a' && *w <= 'z' ? (char)(*w - 'a' + 'A') : *w;
    if (c < 'A' || c > 'Z' || k + 1 >= sizeof e->initials) { k = 0; break; }
    e->initials[k++] = (char)(c - 'A' + 'a');
  }
  e->initials[k >= 2 ? k : 0] = 0;
}

/* Entities by id, for following joins to the final identity. */
typedef struct {
  ent **by_id;
  size_t n;
} ent_index;

static int cmp_id(const void *x, const void *y) {
  const ent *a = *(ent *const *)x, *b = *(ent *const *)y;
  return (a->id > b->id) - (a->id < b->id);
}

static ent *find_id(const ent_index *ix, int64_t id) {
  size_t lo = 0, hi = ix->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (ix->by_id[mid]->id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo < ix->n && ix->by_id[lo]->id == id ? ix->by_id[lo] : NULL;
}

static ent *root_of(const ent_index *ix, ent *e) {
  for (int hops = 0; e && e->into && hops < 64; hops++) {
    ent *next = find_id(ix, e->into);
    if (!next) break;
    e = next;
  }
  return e;
}

/* Joins the identities of a and b: the less mentioned into the other
 * (ties: into `prefer`, which is a or b). */
static void join_roots(const ent_index *ix, ent *a, ent *b, const ent *prefer) {
  a = root_of(ix, a);
  b = root_of(ix, b);
  if (!a || !b || a == b) return;
  ent *keep = a->total > b->total || (a->total == b->total && prefer == a) ? a : b;
  ent *gone = keep == a ? b : a;
  gone->into = keep->id;
  keep->total += gone->total;
}

/* Takes part in rules 4-6: not a full-name person, and not a surname that
 * rule 1 leaves to the full-name persons who bear it. */
static int joinable_name(const ent *e) {
  if (e->full_person) return 0;
  return strcmp(e->type, "per") || !e->surname_taken;
}

static int cmp_body(const void *x, const void *y) {
  const ent *a = *(ent *const *)x, *b = *(ent *const *)y;
  int r = strcmp(a->body, b->body);
  if (r) return r;
  return a->total > b->total ? -1 : a->total < b->total ? 1 : (a->id > b->id) - (a->id < b->id);
}

/* Rule 4: keys that differ only in type. `v` holds the joinable
 * identities sorted by cmp_body. */
static void join_same_name(const ent_index *ix, ent **v, size_t n) {
  for (size_t b = 0, e; b < n; b = e) {
    for (e = b + 1; e < n && !strcmp(v[e]->body, v[b]->body); e++) {}
    if (e - b < 2 || v[b]->total <= v[b + 1]->total) continue;
    for (size_t i = b + 1; i < e; i++) join_roots(ix, v[b], v[i], v[b]);
  }
}

typedef int (*ent_key_cmp)(const ent *e, const char *key);

/* The first of v[0, n) (sorted so that cmp orders them against any key)
 * that matches key, or NULL. *dominant (when asked) says whether it is
 * the only match or has at least twice the mentions of the next. */
static ent *first_match(ent **v, size_t n, const char *key, ent_key_cmp cmp, int *dominant) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cmp(v[mid], key) < 0) lo = mid + 1;
    else hi = mid;
  }
  if (lo == n || cmp(v[lo], key)) return NULL;
  if (dominant) *dominant = lo + 1 == n || cmp(v[lo + 1], key) || v[lo]->total >= 2 * v[lo + 1]->total;
  return v[lo];
}

static int body_cmp(const ent *e, const char *body) { return strcmp(e->body, body); }
static int initials_cmp(const ent *e, const char *acronym) { return strcmp(e->initials, acronym); }

static ent *find_body(ent **v, size_t n, const char *body) { return first_match(v, n, body, body_cmp, NULL); }

/* Rule 5: "h_of_x..." and "x..._h" (v sorted by cmp_body). */
static void join_of_reordered(const ent_index *ix, ent **v, size_t n) {
  for (size_t i = 0; i < n; i++) {
    const char *body = v[i]->body, *u = strchr(body, '_');
    if (v[i]->one_word || !u || strncmp(u, "_of_", 4) || !u[4]) continue;
    char other[sizeof v[i]->body];
    int len = snprintf(other, sizeof other, "%s_%.*s", u + 4, (int)(u - body), body);
    if (len <= 0 || (size_t)len >= sizeof other) continue;
    ent *o = find_body(v, n, other);
    if (o && o != v[i]) join_roots(ix, v[i], o, v[i]);
  }
}

static int cmp_initials(const void *x, const void *y) {
  const ent *a = *(ent *const *)x, *b = *(ent *const *)y;
  int r = strcmp(a->initials, b->initials);
  if (r) return r;
  return a->total > b->total ? -1 : a->total < b->total ? 1 : (a->id > b->id) - (a->id < b->id);
}

/* Rule 6: an acronym joins the dominant multi-word name it abbreviates.
 * `longs` holds the multi-word names with initials, sorted by
 * cmp_initials. */
static void join_acronyms(const ent_index *ix, ent **v, size_t n, ent **longs, size_t nl) {
  for (size_t i = 0; i < n; i++) {
    int dominant = 0;
    ent *l = v[i]->acronym[0] ? first_match(longs, nl, v[i]->acronym, initials_cmp, &dominant) : NULL;
    if (l && dominant) join_roots(ix, l, v[i], l);
  }
}

/* The first word of a multi-word organisation ("meridia" of
 * "meridia_farmaceuticals") compared with a one-word body. */
static int first_word_of(const ent *e, const char *word) {
  size_t n = strcspn(e->body, "_");
  int r = strncmp(e->body, word, n);
  return r ? r : (word[n] ? -1 : 0);
}

static int cmp_first_word(const void *x, const void *y) {
  const ent *a = *(ent *const *)x, *b = *(ent *const *)y;
  size_t na = strcspn(a->body, "_"), nb = strcspn(b->body, "_");
  int r = strncmp(a->body, b->body, na < nb ? na : nb);
  if (!r && na != nb) r = na < nb ? -1 : 1;
  if (r) return r;
  return a->total > b->total ? -1 : a->total < b->total ? 1 : (a->id > b->id) - (a->id < b->id);
}

/* Could a multi-word organisation body have a short name
 * (hd_org_short_name with its own first word)? */
static int may_have_short_name(const char *body) {
  char first[48];
  size_t n = strcspn(body, "_");
  if (n >= sizeof first) return 0;
  memcpy(first, body, n);
  first[n] = 0;
  int words = 1;
  for (const char *p = body; *p; p++) words += *p == '_';
  return hd_org_short_name(first, first, strrchr(body, '_') + 1, words);
}

/* Rule 8: a one-word organisation joins the dominant multi-word
 * organisation it begins. `orgs` holds the multi-word organisations,
 * sorted by cmp_first_word. */
static void join_org_short_names(const ent_index *ix, ent **v, size_t n, ent **orgs, size_t no) {
  for (size_t i = 0; i < n; i++) {
    if (!v[i]->one_word || strcmp(v[i]->type, "org") || v[i]->into) continue;
    int dominant = 0;
    ent *o = first_match(orgs, no, v[i]->body, first_word_of, &dominant);
    if (o && dominant) join_roots(ix, o, v[i], o);
  }
}

/* Rules 4-6 and 8 over the identities rules 1-2 left (v: all entities). */
static void plan_names(ent *v, size_t n) {
  ent_index ix = {hd_xcalloc(n + 1, sizeof *ix.by_id), n};
  ent **names = hd_xcalloc(n + 1, sizeof *names), **longs = hd_xcalloc(n + 1, sizeof *longs);
  size_t nn = 0, nl = 0;
  for (size_t i = 0; i < n; i++) {
    ix.by_id[i] = &v[i];
    v[i].total = v[i].mentions;
  }
  qsort(ix.by_id, n, sizeof *ix.by_id, cmp_id);
  for (size_t i = 0; i < n; i++) /* rule 1-2 joins add up */
    if (v[i].into) {
      ent *r = root_of(&ix, &v[i]);
      if (r && r != &v[i]) r->total += v[i].mentions;
    }
  for (size_t i = 0; i < n; i++)
    if (!v[i].into && joinable_name(&v[i])) names[nn++] = &v[i];
  if (nn) qsort(names, nn, sizeof *names, cmp_body);
  join_same_name(&ix, names, nn);
  join_of_reordered(&ix, names, nn);
  for (size_t i = 0; i < nn; i++)
    if (names[i]->initials[0] && strcmp(names[i]->type, "per")) longs[nl++] = names[i];
  if (nl) qsort(longs, nl, sizeof *longs, cmp_initials);
  join_acronyms(&ix, names, nn, longs, nl);
  nl = 0;
  for (size_t i = 0; i < nn; i++)
    if (!names[i]->one_word && !strcmp(names[i]->type, "org") && !names[i]->suffixed_word &&
        may_have_short_name(names[i]->body))
      longs[nl++] = names[i];
  if (nl) qsort(longs, nl, sizeof *longs, cmp_first_word);
  join_org_short_names(&ix, names, nn, longs, nl);
  for (size_t i = 0; i < n; i++) /* every join names the final identity */
    if (v[i].into) v[i].into = root_of(&ix, &v[i])->id;
  free(ix.by_id);
  free(names);
  free(longs);
}

/* ---- moving rows ---- */

/* Per joined entity, through the indexes on entity_id (mentions has none:
 * they move in one pass, move_mentions). */
static const char *const MOVES[] = {
    "UPDATE quotes SET speaker_id = ?2 WHERE speaker_id = ?1",
    "INSERT INTO article_entities(article_id, entity_id, mentions) SELECT article_id, ?2, mentions"
    " FROM article_entities WHERE entity_id = ?1 AND true"
    " ON CONFLICT(article_id, entity_id) DO UPDATE SET mentions = mentions + excluded.mentions",
    "DELETE FROM article_entities WHERE entity_id = ?1",
    "INSERT INTO aliases(entity_id, alias, count) SELECT ?2, alias, count FROM aliases WHERE entity_id = ?1 AND true"
    " ON CONFLICT(entity_id, alias) DO UPDATE SET count = count + excluded.count",
    "DELETE FROM aliases WHERE entity_id = ?1",
    "INSERT INTO titles(entity_id, title, count) SELECT ?2, title, count FROM titles WHERE entity_id = ?1 AND true"
    " ON CONFLICT(entity_id, title) DO UPDATE SET count = count + excluded.count",
    "DELETE FROM titles WHERE entity_id = ?1",
    "UPDATE entities SET mentions = mentions + (SELECT mentions FROM entities WHERE id = ?1),"
    " articles = (SELECT count(*) FROM article_entities WHERE entity_id = ?2) WHERE id = ?2",
    "DELETE FROM entities WHERE id = ?1",
};
#define N_MOVES (sizeof MOVES / sizeof *MOVES)

/* Every joined entity's mentions in one UPDATE (one per entity scanned
 * the whole table each time: quadratic, and half of a Reuters ingest),
 * reaching them, when fewer than 1 in 20 entities join, through the
 * articles that name the joined entities (article_entities has a row for
 * every article and entity of a mention; mentions has no entity index), so
 * a close that joins a few costs their mentions, not a pass over every
 * mention in the store. */
static int move_mentions(sqlite3 *db, const ent *v, size_t n) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_exec(db, "CREATE TEMP TABLE IF NOT EXISTS joined_ids(from_id INTEGER PRIMARY KEY, to_id INTEGER);"
                            "DELETE FROM joined_ids", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
  if (!rc && sqlite3_prepare_v2(db, "INSERT INTO joined_ids VALUES(?1, ?2)", -1, &st, NULL) != SQLITE_OK) rc = -1;
  for (size_t i = 0; i < n && !rc; i++) {
    if (!v[i].into) continue;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, v[i].id);
    sqlite3_bind_int64(st, 2, v[i].into);
    if (sqlite3_step(st) != SQLITE_DONE) rc = -1;
  }
  sqlite3_finalize(st);
  size_t nj = 0;
  for (size_t i = 0; i < n; i++) nj += v[i].into != 0;
  /* few joins: through their articles; many (a first ingest): one scan */
  const char *sql = nj * 20 < n ? "UPDATE mentions SET entity_id = (SELECT to_id FROM joined_ids WHERE from_id = entity_id)"
                                  " WHERE article_id IN (SELECT a.article_id FROM joined_ids j"
                                  " CROSS JOIN article_entities a ON a.entity_id = j.from_id)"
                                  " AND entity_id IN (SELECT from_id FROM joined_ids)"
                                : "UPDATE mentions SET entity_id = (SELECT to_id FROM joined_ids WHERE from_id = entity_id)"
                                  " WHERE entity_id IN (SELECT from_id FROM joined_ids)";
  if (!rc) rc = sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
  return rc;
}

/* MOVES for every joined entity at once, through temp.joined_ids (each
 * statement once, not once per entity: 9 statements per joined entity
 * were 120 M instructions of a 3,000-article close): the same rows,
 * since every target is a root (never itself moved), so the moves
 * commute: counts are summed, ids replaced. The targets' mention totals
 * are summed here (from the rows as loaded), their article counts taken
 * after the moves, as the last per-entity statement would. */
static const char MOVES_ALL_SQL[] =
    "UPDATE quotes SET speaker_id = (SELECT to_id FROM joined_ids WHERE from_id = speaker_id)"
    " WHERE speaker_id IN (SELECT from_id FROM joined_ids);"
    "INSERT INTO article_entities(article_id, entity_id, mentions) SELECT a.article_id, j.to_id, a.mentions"
    " FROM joined_ids j CROSS JOIN article_entities a ON a.entity_id = j.from_id WHERE true"
    " ON CONFLICT(article_id, entity_id) DO UPDATE SET mentions = mentions + excluded.mentions;"
    "DELETE FROM article_entities WHERE entity_id IN (SELECT from_id FROM joined_ids);"
    "INSERT INTO aliases(entity_id, alias, count) SELECT j.to_id, a.alias, a.count"
    " FROM joined_ids j CROSS JOIN aliases a ON a.entity_id = j.from_id WHERE true"
    " ON CONFLICT(entity_id, alias) DO UPDATE SET count = count + excluded.count;"
    "DELETE FROM aliases WHERE entity_id IN (SELECT from_id FROM joined_ids);"
    "INSERT INTO titles(entity_id, title, count) SELECT j.to_id, t.title, t.count"
    " FROM joined_ids j CROSS JOIN titles t ON t.entity_id = j.from_id WHERE true"
    " ON CONFLICT(entity_id, title) DO UPDATE SET count = count + excluded.count;"
    "DELETE FROM titles WHERE entity_id IN (SELECT from_id FROM joined_ids);";

static int cmp_i64(const void *x, const void *y) {
  int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
  return (a > b) - (a < b);
}

static int by_into(const void *x, const void *y) {
  const ent *a = *(const ent *const *)x, *b = *(const ent *const *)y;
  return (a->into > b->into) - (a->into < b->into);
}

/* Whether every target of a join is a root (the plan makes them so). */
static int targets_are_roots(const ent *v, size_t n) {
  int64_t *src = hd_xmalloc((n + 1) * sizeof *src);
  size_t ns = 0;
  for (size_t i = 0; i < n; i++)
    if (v[i].into) src[ns++] = v[i].id;
  qsort(src, ns, sizeof *src, cmp_i64);
  int ok = 1;
  for (size_t i = 0; i < n && ok; i++)
    if (v[i].into && bsearch(&v[i].into, src, ns, sizeof *src, cmp_i64)) ok = 0;
  free(src);
  return ok;
}

static int move_all_at_once(sqlite3 *db, const ent *v, size_t n, long *joined) {
  int rc = sqlite3_exec(db, MOVES_ALL_SQL, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
  const ent **src = hd_xmalloc((n + 1) * sizeof *src);
  size_t ns = 0;
  for (size_t i = 0; i < n; i++)
    if (v[i].into) src[ns++] = &v[i];
  qsort(src, ns, sizeof *src, by_into);
  sqlite3_stmt *st = NULL;
  if (!rc && sqlite3_prepare_v2(db, "UPDATE entities SET mentions = mentions + ?2,"
                                    " articles = (SELECT count(*) FROM article_entities WHERE entity_id = ?1) WHERE id = ?1",
                                -1, &st, NULL) != SQLITE_OK)
    rc = -1;
  for (size_t b = 0, e; b < ns && !rc; b = e) {
    int64_t sum = 0;
    for (e = b; e < ns && src[e]->into == src[b]->into; e++) sum += src[e]->mentions;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, src[b]->into);
    sqlite3_bind_int64(st, 2, sum);
    if (sqlite3_step(st) != SQLITE_DONE) rc = -1;
  }
  sqlite3_finalize(st);
  free(src);
  if (!rc) rc = sqlite3_exec(db, "DELETE FROM entities WHERE id IN (SELECT from_id FROM joined_ids)", NULL, NULL, NULL) ==
                        SQLITE_OK ? 0 : -1;
  if (!rc && joined) *joined += (long)ns;
  return rc;
}

static int move_all(sqlite3 *db, const ent *v, size_t n, long *joined) {
  sqlite3_stmt *st[N_MOVES] = {0};
  int rc = move_mentions(db, v, n);
  if (!rc && targets_are_roots(v, n)) {
    rc = move_all_at_once(db, v, n, joined);
    if (!rc) rc = sqlite3_exec(db, "DROP TABLE joined_ids", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
    return rc;
  }
  if (!rc) rc = sqlite3_exec(db, "DROP TABLE joined_ids", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
  for (size_t k = 0; k < N_MOVES && !rc; k++)
    if (sqlite3_prepare_v2(db, MOVES[k], -1, &st[k], NULL) != SQLITE_OK) rc = -1;
  for (size_t i = 0; i < n && !rc; i++) {
    if (!v[i].into) continue;
    for (size_t k = 0; k < N_MOVES && !rc; k++) {
      sqlite3_reset(st[k]);
      sqlite3_bind_int64(st[k], 1, v[i].id);
      sqlite3_bind_int64(st[k], 2, v[i].into);
      if (sqlite3_step(st[k]) != SQLITE_DONE) rc = -1;
    }
    if (!rc && joined) (*joined)++;
  }
  for (size_t k = 0; k < N_MOVES; k++) sqlite3_finalize(st[k]);
  return rc;
}

/* Rule 3: the display name of every person is its most frequent alias of
 * two or more words (ties: the longer, then the first in byte order); an
 * organisation's or place's name in capitals becomes its most frequent
 * mixed-case spelling (a dateline's "GENEVA" gives way to the same name
 * as the text writes it, "Geneva", most frequent first). ONLY: the
 * entities it looks at. */
#define NAME_PER_SQL_OF(ONLY)                                                                                     \
  "UPDATE entities SET name = (SELECT alias FROM aliases a WHERE a.entity_id = entities.id"                         \
  " AND instr(trim(alias), ' ') > 0 ORDER BY count DESC, length(alias) DESC, alias LIMIT 1)"                       \
  " WHERE " ONLY "type = 'PER' AND EXISTS (SELECT 1 FROM aliases a WHERE a.entity_id = entities.id"                \
  " AND instr(trim(alias), ' ') > 0);"
#define NAME_SQL_OF(ONLY) NAME_PER_SQL_OF(ONLY) NAME_CAPS_SQL_OF(ONLY)
#define NAME_CAPS_SQL_OF(ONLY)                                                                                    \
  "UPDATE entities SET name = (SELECT alias FROM aliases a WHERE a.entity_id = entities.id"                         \
  " AND alias != upper(alias) AND upper(alias) = upper(entities.name) ORDER BY count DESC, alias LIMIT 1)"          \
  " WHERE " ONLY "type != 'PER' AND name = upper(name) AND EXISTS (SELECT 1 FROM aliases a"                        \
  " WHERE a.entity_id = entities.id AND alias != upper(alias) AND upper(alias) = upper(entities.name))"
static const char NAME_CAPS_SQL[] = NAME_CAPS_SQL_OF("");
static const char NAME_RENAMED_SQL[] = NAME_SQL_OF("id IN (SELECT id FROM temp.renamed) AND ") "; DROP TABLE temp.renamed";

/* Rule 3 costs a look-up in the aliases for every entity, and rewrites
 * every person's row, so at each close over the whole store (195 M
 * instructions on a 19,000-article store). A name reads only the entity's
 * aliases (and, for the capitals rule, its name), and both rules give the
 * same name when run again on it, so only an entity whose aliases changed
 * since the last close can change: one named by an article stored since
 * then (every stored article's entities are written with their aliases
 * and an article_entities row; articles are only added, with rising ids),
 * or one that a join gave another's aliases. meta.names_articles is the
 * last article of the last close, written with the names in one
 * transaction, so a run killed before its close leaves its articles to
 * the next close. Absent (a store from before, a first close): every
 * entity. */
static int64_t names_mark(sqlite3 *db) {
  sqlite3_stmt *st = NULL;
  int64_t mark = -1;
  if (sqlite3_prepare_v2(db, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'names_articles'", -1, &st, NULL) ==
          SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    mark = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return mark;
}

/* temp.renamed: the entities whose names rule 3 looks at (above) */
static int mark_renamed(sqlite3 *db, const ent *v, size_t n, int64_t mark) {
  sqlite3_stmt *st = NULL;
  int rc = sqlite3_exec(db, "CREATE TEMP TABLE IF NOT EXISTS renamed(id INTEGER PRIMARY KEY); DELETE FROM renamed",
                        NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
  if (!rc && sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO renamed SELECT entity_id FROM article_entities"
                                    " WHERE article_id > ?1", -1, &st, NULL) != SQLITE_OK) rc = -1;
  if (!rc) sqlite3_bind_int64(st, 1, mark);
  if (!rc && sqlite3_step(st) != SQLITE_DONE) rc = -1;
  sqlite3_finalize(st);
  st = NULL;
  if (!rc && sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO renamed VALUES(?1)", -1, &st, NULL) != SQLITE_OK) rc = -1;
  for (size_t i = 0; i < n && !rc; i++) {
    if (!v[i].into) continue;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, v[i].into);
    if (sqlite3_step(st) != SQLITE_DONE) rc = -1;
  }
  sqlite3_finalize(st);
  return rc;
}

static const char NAME_MARK_SQL[] =
    "INSERT OR REPLACE INTO meta(key, value) SELECT 'names_articles', coalesce(max(id), 0) FROM articles";

/* ---- rule 3 for every person at once ----
 * NAME_PER_SQL_OF("") as one pass over the persons' aliases in key order
 * (entity, alias), the choice made here, instead of a sorted look-up per
 * person (100 M instructions on a 3,000-article store's first close).
 * The same choice: aliases with a space once trimmed of spaces (instr
 * of trim), the highest count, then the most characters (SQLite's
 * length: bytes that do not continue a UTF-8 sequence), then the first
 * in byte order (BINARY); written where it differs from the name. */

static int inner_space(const char *a, size_t n) {
  size_t b = 0, e = n;
  while (b < e && a[b] == ' ') b++;
  while (e > b && a[e - 1] == ' ') e--;
  return b < e && memchr(a + b, ' ', e - b) != NULL;
}

static int64_t sql_chars(const char *a, size_t n) {
  int64_t k = 0;
  for (size_t i = 0; i < n; i++) k += ((unsigned char)a[i] & 0xc0) != 0x80;
  return k;
}

/* BINARY collation: memcmp, then the shorter first */
static int binary_cmp(const char *a, size_t na, const char *b, size_t nb) {
  int c = memcmp(a, b, na < nb ? na : nb);
  return c ? c : (na > nb) - (na < nb);
}

typedef struct {
  int64_t id, count, chars;
  hd_buf name, best; /* the entity's name now; the best alias so far (len 0: none yet) */
  int has_name, has_best;
} person_pick;

static int write_pick(sqlite3_stmt *up, const person_pick *p) {
  if (!p->has_best || (p->has_name && !binary_cmp(p->name.ptr, p->name.len, p->best.ptr, p->best.len))) return 0;
  sqlite3_reset(up);
  sqlite3_bind_text(up, 1, p->best.ptr ? p->best.ptr : "", (int)p->best.len, SQLITE_STATIC);
  sqlite3_bind_int64(up, 2, p->id);
  return sqlite3_step(up) == SQLITE_DONE ? 0 : -1;
}

static int name_persons(sqlite3 *db) {
  sqlite3_stmt *st = NULL, *up = NULL;
  int rc = sqlite3_prepare_v2(db,
                              "SELECT e.id, e.name, a.alias, a.count FROM entities e CROSS JOIN aliases a"
                              " ON a.entity_id = e.id WHERE e.type = 'PER' ORDER BY e.id",
                              -1, &st, NULL) == SQLITE_OK &&
                   sqlite3_prepare_v2(db, "UPDATE entities SET name = ?1 WHERE id = ?2", -1, &up, NULL) == SQLITE_OK
               ? 0
               : -1;
  person_pick p = {.id = -1};
  hd_buf_init(&p.name, 0);
  hd_buf_init(&p.best, 0);
  int step = SQLITE_DONE;
  while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    if (id != p.id) {
      rc = write_pick(up, &p);
      p.id = id;
      p.has_best = 0;
      hd_buf_clear(&p.name);
      p.has_name = sqlite3_column_type(st, 1) != SQLITE_NULL;
      if (p.has_name) hd_buf_put(&p.name, sqlite3_column_text(st, 1), (size_t)sqlite3_column_bytes(st, 1));
    }
    const char *a = (const char *)sqlite3_column_text(st, 2);
    size_t n = (size_t)sqlite3_column_bytes(st, 2);
    if (!a || !inner_space(a, n)) continue;
    int64_t count = sqlite3_column_int64(st, 3), chars = sql_chars(a, n);
    int better = !p.has_best || count > p.count || (count == p.count && chars > p.chars) ||
                 (count == p.count && chars == p.chars && binary_cmp(a, n, p.best.ptr, p.best.len) < 0);
    if (!better) continue;
    hd_buf_clear(&p.best);
    hd_buf_put(&p.best, a, n);
    p.has_best = 1;
    p.count = count;
    p.chars = chars;
  }
  if (!rc && step != SQLITE_DONE) rc = -1;
  if (!rc) rc = write_pick(up, &p);
  hd_buf_free(&p.name);
  hd_buf_free(&p.best);
  sqlite3_finalize(st);
  sqlite3_finalize(up);
  return rc;
}

/* NAME_SQL on every entity (mark < 0) or on temp.renamed's */
static int name_all(sqlite3 *db, const ent *v, size_t n, int64_t mark) {
  if (mark < 0) return name_persons(db) || sqlite3_exec(db, NAME_CAPS_SQL, NULL, NULL, NULL) != SQLITE_OK ? -1 : 0;
  if (mark_renamed(db, v, n, mark)) return -1;
  return sqlite3_exec(db, NAME_RENAMED_SQL, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static void plan_all(ent *v, size_t n) {
  if (n) qsort(v, n, sizeof *v, cmp_surname);
  for (size_t b = 0, e; b < n; b = e) {
    for (e = b + 1; e < n && !strcmp(v[e].surname, v[b].surname); e++) {}
    if (v[b].surname[0]) plan_run(v, b, e);
  }
  plan_suffixed(v, n);
  plan_names(v, n);
}

size_t hd_identities_plan(size_t n, const int64_t *ids, const char *const *keys, const char *const *names,
                          const int64_t *mentions, int64_t (**pairs)[2]) {
  ent *v = hd_xcalloc(n + 1, sizeof *v);
  size_t m = 0, k = 0;
  for (size_t i = 0; i < n; i++) {
    if (!keys[i] || !parse_key(keys[i], &v[m])) {
      memset(&v[m], 0, sizeof v[m]);
      continue;
    }
    v[m].id = ids[i];
    v[m].mentions = mentions[i];
    set_name_shape(&v[m++], names ? names[i] : NULL);
  }
  plan_all(v, m);
  *pairs = hd_xcalloc(m + 1, sizeof **pairs);
  for (size_t i = 0; i < m; i++)
    if (v[i].into) (*pairs)[k][0] = v[i].id, (*pairs)[k++][1] = v[i].into;
  free(v);
  return k;
}

int hd_identities_join(sqlite3 *db, const char *path, long *joined, hd_err *err) {
  ent *v = NULL;
  size_t n = 0;
  long nj = 0;
  int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
  if (!rc) rc = load(db, &v, &n);
  if (!rc) {
    plan_all(v, n);
    rc = move_all(db, v, n, &nj);
  }
  if (!rc) rc = name_all(db, v, n, names_mark(db));
  if (!rc) rc = sqlite3_exec(db, NAME_MARK_SQL, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
  if (!rc) rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
  if (rc) {
    hd_err_set(err, HD_ERR_DB, path, 0, "joining identities: %s", sqlite3_errmsg(db));
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    nj = 0;
  }
  if (joined) *joined = nj;
  free(v);
  return rc;
}
