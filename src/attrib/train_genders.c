/*
 * train_genders.c: hd_train_genders_argv (herald/train.h; `herald train
 * genders -o models/genders-en.txt PATH...`): learns the first-name gender
 * table (name_gender.h) from unlabelled text: Reuters-21578 SGML (<BODY>),
 * JSON Lines ("text" members) and plain text files; directories are read
 * recursively in sorted order, so the output is the same bytes each run.
 *
 * Two passes over the text, both O(total bytes):
 *  1. Word counts: how often each word is written capitalised away from a
 *     sentence start and how often in lower case. A "name-like" word is
 *     capitalised (Xxxx, 2-15 letters), seen capitalised at least twice
 *     and in lower case at most 5% as often, and no title ("Senator").
 *  2. Votes: a person mention is a name-like word followed directly by a
 *     capitalised word ("Alan Thornhill"). In a sentence with exactly one
 *     such mention, its first name gets one vote from each of: a Mr/Mrs/
 *     Ms/Miss right before it; the first he/his/him or she/her/hers after
 *     it in the same sentence or the next, when no other name-like word
 *     comes between (another person the pronoun may refer to).
 * A name is kept with at least --min-votes votes of which at least
 * --min-share agree. Rows: XXH3-64 of the lower-case name (hex), he votes,
 * she votes, sorted by hash; no name or text is written.
 * Memory: two hd_maps over the distinct words (owned here, freed at the end).
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrib/cues.h"
#include "attrib/name_gender.h"
#include "herald/eval.h"
#include "herald/train.h"
#include "util/file.h"
#include "util/map.h"

typedef struct {
  hd_map words; /* lower-case word -> (capitalised count << 32) | lower-case count */
  hd_map votes; /* lower-case first name -> (he votes << 32) | she votes */
  int pass;     /* 1: word counts, 2: votes */
  size_t docs;
} gtrain;

typedef struct {
  const char *p;
  uint32_t n;
  uint8_t cap;     /* starts with an upper-case letter */
  uint8_t end;     /* a sentence ends after this word */
  uint8_t initial; /* the first word of its sentence */
  uint8_t quoted;  /* inside a quotation ("...", “...”) */
} gword;

static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Abbreviations whose full stop ends no sentence. */
static int abbreviation(const char *w, size_t n) {
  static const char *const ab[] = {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "lt", "sen", "rep", "gov", "col",
                                   "capt", "sgt", "prof", "inc", "corp", "co", "ltd", "no", "vs", "u", "rev", "maj"};
  char low[8];
  if (n == 1) return 1; /* an initial: "J." */
  if (n >= sizeof low) return 0;
  for (size_t i = 0; i < n; i++) low[i] = (char)(w[i] | 0x20);
  for (size_t i = 0; i < sizeof ab / sizeof *ab; i++)
    if (strlen(ab[i]) == n && !memcmp(ab[i], low, n)) return 1;
  return 0;
}

/* The words of text[0, len) (ASCII letters, inner apostrophes and hyphens),
 * with sentence ends after . ! ? (not after an abbreviation) and at blank
 * lines. Returns the count; *out is hd_xmalloc'd by the caller's size. */
static size_t split_words(const char *t, size_t len, gword *w) {
  size_t n = 0;
  int start = 1, quoted = 0;
  for (size_t i = 0; i < len;) {
    if (is_alpha((unsigned char)t[i])) {
      size_t b = i;
      while (i < len && (is_alpha((unsigned char)t[i]) ||
                         ((t[i] == '\'' || t[i] == '-') && i + 1 < len && is_alpha((unsigned char)t[i + 1]))))
        i++;
      w[n] = (gword){t + b, (uint32_t)(i - b), (uint8_t)(t[b] >= 'A' && t[b] <= 'Z'), 0, (uint8_t)start, (uint8_t)quoted};
      start = 0;
      if (i < len && (t[i] == '.' || t[i] == '!' || t[i] == '?') && !(t[i] == '.' && abbreviation(t + b, i - b)))
        w[n].end = 1, start = 1;
      n++;
      continue;
    }
    if ((t[i] == '!' || t[i] == '?' || (t[i] == '.' && (i == 0 || !is_alpha((unsigned char)t[i - 1])))) && n)
      w[n - 1].end = 1, start = 1;
    if (t[i] == '"') quoted = !quoted;
    if ((t[i] == '\'' || t[i] == '`') && i + 1 < len && t[i + 1] == t[i]) quoted = t[i] == '`' ? 1 : !quoted, i++; /* '' `` */
    if ((unsigned char)t[i] == 0xE2 && i + 2 < len && (unsigned char)t[i + 1] == 0x80) {
      if ((unsigned char)t[i + 2] == 0x9C) quoted = 1; /* “ */
      if ((unsigned char)t[i + 2] == 0x9D) quoted = 0; /* ” */
    }
    if (t[i] == '\n' && i + 1 < len && (t[i + 1] == '\n' || (t[i + 1] == '\r' && i + 2 < len && t[i + 2] == '\n'))) {
      if (n) w[n - 1].end = 1, start = 1;
      quoted = 0; /* a paragraph ends every quotation */
    }
    i++;
  }
  return n;
}

static uint64_t *word_slot(hd_map *m, const gword *w) {
  char low[32];
  if (w->n >= sizeof low) return NULL;
  for (uint32_t i = 0; i < w->n; i++) low[i] = (char)(w->p[i] >= 'A' && w->p[i] <= 'Z' ? w->p[i] + 32 : w->p[i]);
  return hd_map_put(m, low, w->n, NULL);
}

static const uint64_t *word_get(const hd_map *m, const gword *w) {
  char low[32];
  if (w->n >= sizeof low) return NULL;
  for (uint32_t i = 0; i < w->n; i++) low[i] = (char)(w->p[i] >= 'A' && w->p[i] <= 'Z' ? w->p[i] + 32 : w->p[i]);
  return hd_map_get(m, low, w->n);
}

/* Mr, Mrs, Ms, Miss: +1 male, -1 female, 0 none. */
static int title_word(const gword *t) {
  char low[8];
  if (t->n > 4 || !t->cap) return 0;
  for (uint32_t k = 0; k < t->n; k++) low[k] = (char)(t->p[k] | 0x20);
  low[t->n] = 0;
  return !strcmp(low, "mr") ? 1 : (!strcmp(low, "mrs") || !strcmp(low, "ms") || !strcmp(low, "miss")) ? -1 : 0;
}

/* Capitalised as a name is: Xxxx, letters only, 2-15 bytes. */
static int name_shape(const gword *w) {
  if (!w->cap || w->n < 2 || w->n > 15 || title_word(w)) return 0;
  for (uint32_t i = 1; i < w->n; i++)
    if (!(w->p[i] >= 'a' && w->p[i] <= 'z')) return 0;
  return 1;
}

static int name_like(const gtrain *g, const gword *w) {
  if (!name_shape(w)) return 0;
  const uint64_t *v = word_get(&g->words, w);
  if (!v) return 0;
  uint64_t capn = *v >> 32, lown = *v & 0xFFFFFFFFu;
  if (capn < 2 || lown * 20 > capn) return 0;
  char low[32];
  return hd_word_lower(w->p, w->n, low, sizeof low) && !hd_in_wordlist(HD_WL_TITLE, low);
}

/* +1 he/his/him, -1 she/her/hers, 0 otherwise. */
static int pronoun(const gword *w) {
  char low[8];
  if (w->n > 4) return 0;
  for (uint32_t i = 0; i < w->n; i++) low[i] = (char)(w->p[i] | 0x20);
  low[w->n] = 0;
  if (!strcmp(low, "he") || !strcmp(low, "his") || !strcmp(low, "him")) return 1;
  if (!strcmp(low, "she") || !strcmp(low, "her") || !strcmp(low, "hers")) return -1;
  return 0;
}

static int title_before(const gword *w, size_t i) { return i ? title_word(&w[i - 1]) : 0; }

static int same_word(const gword *a, const gword *b) { return a->n == b->n && !memcmp(a->p, b->p, a->n); }

/* The first he/she word after the mention at m, in its sentence or the
 * next (w[m + 2, to)), before any name-like word other than the mention's
 * own two (another person: the pronoun may be theirs); 0 if none. */
static int first_pronoun(const gtrain *g, const gword *w, size_t m, size_t to) {
  for (size_t k = m + 2; k < to; k++) {
    if (w[k].quoted) return 0; /* "..., he said" after a quotation: the speaker's pronoun */
    int p = pronoun(&w[k]);
    if (p) return p;
    if (name_like(g, &w[k]) && !same_word(&w[k], &w[m]) && !same_word(&w[k], &w[m + 1])) return 0;
  }
  return 0;
}

/* Is the surname w[i + 1] of the mention at i written alone elsewhere in
 * the text ("Alan Thornhill ... Thornhill said")? What holds for a person
 * and seldom for "United States" or "European Union". */
static int surname_alone(const gword *w, size_t n, size_t i) {
  const gword *s = &w[i + 1];
  for (size_t k = 0; k < n; k++) {
    if (k == i + 1 || w[k].n != s->n || memcmp(w[k].p, s->p, s->n)) continue;
    if (k && w[k - 1].n == w[i].n && !memcmp(w[k - 1].p, w[i].p, w[i].n)) continue; /* the full name again */
    if (!w[k].end && k + 1 < n && w[k + 1].cap) continue;                          /* inside a longer name */
    return 1;
  }
  return 0;
}

/* Is the mention at m the sentence's subject, as far as words tell: at
 * most eight words before it in its sentence (from b), none a name-like
 * word or a pronoun ("beating rival Alan Thornhill in his ..." is not)? */
static int subject_position(const gtrain *g, const gword *w, size_t b, size_t m) {
  if (m - b > 8) return 0;
  for (size_t k = b; k < m; k++)
    if (pronoun(&w[k]) || name_like(g, &w[k]) || w[k].quoted) return 0;
  return 1;
}

static void vote(gtrain *g, const gword *name, int v) {
  uint64_t *s = word_slot(&g->votes, name);
  if (s) *s += v > 0 ? (1ull << 32) : 1;
}

static void add_text(gtrain *g, const char *t, size_t len) {
  gword *w = malloc((len / 2 + 2) * sizeof *w);
  if (!w) return;
  size_t n = split_words(t, len, w);
  g->docs++;
  if (g->pass == 1) {
    for (size_t i = 0; i < n; i++) {
      uint64_t *s = w[i].initial ? NULL : word_slot(&g->words, &w[i]);
      if (s) *s += w[i].cap ? (1ull << 32) : 1;
    }
    free(w);
    return;
  }
  for (size_t b = 0; b < n;) {
    size_t e = b;
    while (e < n && !w[e].end) e++;
    if (e < n) e++; /* the sentence is w[b, e) */
    size_t mention = n;
    int several = 0;
    for (size_t i = b; i + 1 < e; i++)
      if (name_like(g, &w[i]) && w[i + 1].cap && w[i + 1].p == w[i].p + w[i].n + 1 && !w[i].quoted) {
        if (mention != n) several = 1;
        mention = i;
        i++;
      }
    if (mention != n && !several && subject_position(g, w, b, mention) && surname_alone(w, n, mention)) {
      int v = title_before(w, mention);
      if (v) vote(g, &w[mention], v);
      size_t ne = e;
      while (ne < n && !w[ne].end) ne++;
      if (ne < n) ne++;
      if ((v = first_pronoun(g, w, mention, ne))) vote(g, &w[mention], v);
    }
    b = e;
  }
  free(w);
}

static void add_sgml(gtrain *g, char *doc) {
  for (char *p = doc; (p = strstr(p, "<BODY>")) != NULL;) {
    p += 6;
    char *e = strstr(p, "</BODY>");
    if (!e) break;
    add_text(g, p, hd_sgml_decode(p, p, e));
    p = e + 7;
  }
}

static void add_jsonl(gtrain *g, char *buf) {
  for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
    cJSON *j = cJSON_Parse(line);
    if (!j) continue;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "text");
    if (cJSON_IsString(v)) add_text(g, v->valuestring, strlen(v->valuestring));
    cJSON_Delete(j);
  }
}

static int ends_with(const char *s, const char *suf) {
  size_t n = strlen(s), m = strlen(suf);
  return n >= m && strcmp(s + n - m, suf) == 0;
}

/* One file (hd_walk_sorted's visit): unreadable files are skipped. */
static int add_file(void *ctx, const char *path) {
  gtrain *g = ctx;
  size_t len;
  char *buf = hd_read_file(path, &len);
  if (!buf) return 0;
  if (ends_with(path, ".sgm")) add_sgml(g, buf);
  else if (ends_with(path, ".jsonl")) add_jsonl(g, buf);
  else if (ends_with(path, ".txt")) add_text(g, buf, len);
  free(buf);
  return 0;
}

typedef struct {
  uint64_t key;
  uint32_t he, she;
} grow;

static int by_key(const void *a, const void *b) {
  uint64_t x = ((const grow *)a)->key, y = ((const grow *)b)->key;
  return x < y ? -1 : x > y;
}

static void usage(FILE *f) {
  fputs("usage: herald train genders [-o models/genders-en.txt] [--min-votes N] [--min-share X] PATH...\n"
        "  learns which first names he/his/him or she/her/hers refer back to in unlabelled text\n"
        "  (Reuters-21578 *.sgm, *.jsonl \"text\", plain *.txt; directories read in sorted order)\n"
        "  -o FILE         the table to write (default models/genders-en.txt)\n"
        "  --min-votes N   keep names with at least N votes (default 2)\n"
        "  --min-share X   of which at least this share agree (default 0.8)\n",
        f);
}

int hd_train_genders_argv(int argc, char **argv) {
  const char *out = "models/genders-en.txt";
  long min_votes = 2;
  double min_share = 0.8;
  int first = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) return usage(stdout), HD_RUN_OK;
    if (!strcmp(argv[i], "-o") && i + 1 < argc) out = argv[++i];
    else if (!strcmp(argv[i], "--min-votes") && i + 1 < argc) min_votes = atol(argv[++i]);
    else if (!strcmp(argv[i], "--min-share") && i + 1 < argc) min_share = atof(argv[++i]);
    else if (argv[i][0] == '-') return usage(stderr), HD_RUN_USAGE;
    else if (!first) first = i;
  }
  if (!first || min_votes < 1 || min_share <= 0.5 || min_share > 1) return usage(stderr), HD_RUN_USAGE;
  gtrain g = {0};
  hd_map_init(&g.words);
  hd_map_init(&g.votes);
  for (g.pass = 1; g.pass <= 2; g.pass++) {
    g.docs = 0;
    for (int i = first; i < argc; i++)
      if (argv[i][0] != '-' && !(i > 1 && argv[i - 1][0] == '-'))
        hd_walk_sorted(argv[i], add_file, &g, "herald train genders");
  }
  grow *rows = malloc((hd_map_size(&g.votes) + 1) * sizeof *rows);
  size_t n = 0, he = 0, she = 0;
  for (size_t s = 0; rows && s < g.votes.cap; s++) {
    if (!g.votes.slots[s].used) continue;
    uint64_t v = g.votes.slots[s].value;
    uint32_t m = (uint32_t)(v >> 32), f = (uint32_t)v;
    if (m + f < (uint64_t)min_votes || (m > f ? m : f) < min_share * (m + f)) continue;
    rows[n++] = (grow){hd_name_gender_key(g.votes.keys.ptr + g.votes.slots[s].key_off, g.votes.slots[s].key_len), m, f};
    if (m > f) he++;
    else she++;
  }
  int rc = HD_RUN_FAILED;
  FILE *fp = rows ? fopen(out, "w") : NULL;
  if (fp) {
    qsort(rows, n, sizeof *rows, by_key);
    fprintf(fp, "%s\n# herald train genders --min-votes %ld --min-share %.2f: %zu first names (%zu he, %zu she) from %zu texts;\n"
                "# XXH3-64 of the lower-case first name (hex), he/his/him votes, she/her/hers votes\n",
            HD_GENDERS_MAGIC, min_votes, min_share, n, he, she, g.docs);
    for (size_t i = 0; i < n; i++) fprintf(fp, "%016llx\t%u\t%u\n", (unsigned long long)rows[i].key, rows[i].he, rows[i].she);
    rc = fclose(fp) == 0 ? HD_RUN_OK : HD_RUN_FAILED;
  }
  if (rc) fprintf(stderr, "herald train genders: cannot write %s\n", out);
  else fprintf(stderr, "herald train genders: %zu names (%zu he, %zu she) from %zu texts -> %s\n", n, he, she, g.docs, out);
  free(rows);
  hd_map_free(&g.words);
  hd_map_free(&g.votes);
  return rc;
}
