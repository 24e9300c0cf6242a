/*
 * meta.c: an HTML page's metadata (see html.h): title, outlet, date (with
 * the method that found it), byline, canonical URL and language.
 *
 * One walk of the tree collects candidates; the best of each kind wins:
 *  - date: JSON-LD datePublished/dateCreated (cJSON parses each
 *    <script type=application/ld+json>, @graph included), then
 *    article:published_time and its kin in <meta>, then <time datetime>
 *    (or an itemprop=datePublished element), then a date in the URL
 *    (/2024/03/15/, 2024-03-15), then a visible dateline (a short element
 *    whose class or id names a date), then a short element whose text
 *    holds a date (the first after the <h1>, else the first), then
 *    article:modified_time / og:updated_time, then a date in the title.
 *    Each is normalised to ISO 8601 (YYYY-MM-DD, with THH:MM[:SS] and the
 *    zone when given) and its method is recorded: json-ld, meta, time
 *    (also RDFa property= and hAtom title=), url, dateline, text,
 *    modified, title.
 *  - byline: JSON-LD author names, <meta name=author>, itemprop=author,
 *    rel=author, article:author; a URL is never a byline: an author URL
 *    becomes the name its last path segment spells (/author/jane-doe ->
 *    Jane Doe) or nothing.
 *  - outlet: og:site_name, then JSON-LD publisher, then the host name.
 *  - language: <html lang>, Content-Language, og:locale, JSON-LD inLanguage.
 * Complexity: O(nodes + bytes of JSON-LD). Ownership: every string in
 * hd_html_meta is malloc'd and freed by hd_html_meta_free.
 */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "read/html.h"
#include "read/web_dl.h"
#include "util/buf.h"
#include "util/lexicon.h"

/* ---- dates ----------------------------------------------------------- */
/* Month names by language, January to December: data/lexicons/date_months_*.txt. */
static const hd_lex_id MONTHS[] = {HD_LEX_DATE_MONTHS_EN, HD_LEX_DATE_MONTHS_DE, HD_LEX_DATE_MONTHS_FR,
                                   HD_LEX_DATE_MONTHS_ES};

/* A month name (or its first three letters, with an optional '.') at p:
 * 1-12, and its length in *len; 0 if none. */
static int month_at(const char *p, size_t *len) {
  size_t n = 0;
  while (p[n] && (isalpha((unsigned char)p[n]) || ((unsigned char)p[n] >= 0x80))) n++;
  if (n < 3) return 0;
  for (size_t l = 0; l < sizeof MONTHS / sizeof *MONTHS; l++) {
    size_t count;
    const char *const *names = hd_lex_in_order(MONTHS[l], &count);
    for (int m = 0; m < 12 && (size_t)m < count; m++) {
      size_t ml = strlen(names[m]);
      if ((n == ml && !strncasecmp(p, names[m], n)) ||
          (n == 3 && !strncasecmp(p, names[m], 3)) || (n == 4 && !strncasecmp(p, "sept", 4) && m == 8)) {
        *len = n + (p[n] == '.');
        return m + 1;
      }
    }
  }
  if (!strncasecmp(p, "maerz", 5) && n == 5) return *len = 5, 3;
  return 0;
}

static int digits(const char *p, int n, int *v) {
  int x = 0;
  for (int i = 0; i < n; i++) {
    if (!isdigit((unsigned char)p[i])) return 0;
    x = x * 10 + (p[i] - '0');
  }
  if (isdigit((unsigned char)p[n])) return 0;
  *v = x;
  return 1;
}

static int valid_ymd(int y, int m, int d) {
  static const int DAYS[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return y >= 1990 && y <= 2040 && m >= 1 && m <= 12 && d >= 1 && d <= DAYS[m - 1];
}

/* HH:MM[:SS][.fff][Z|+HH[:]MM] at p appended as THH:MM:SS[zone]. */
static void time_part(const char *p, char *out, size_t cap) {
  while (*p == ' ' || *p == 'T' || *p == ',') p++;
  int hh, mm, ss = 0;
  if (!(isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) && p[2] == ':' && digits(p, 2, &hh) &&
        digits(p + 3, 2, &mm)) || hh > 23 || mm > 59)
    return;
  p += 5;
  if (*p == ':' && digits(p + 1, 2, &ss)) p += 3;
  if (*p == '.') for (p++; isdigit((unsigned char)*p); p++) {}
  char zone[16] = "";
  int zh, zm = 0;
  if (*p == 'Z') snprintf(zone, sizeof zone, "Z");
  else if ((*p == '+' || *p == '-') && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
           (zh = (p[1] - '0') * 10 + (p[2] - '0')) <= 14) { /* +01, +01:00, +0100 */
    const char *q = p + 3;
    if (*q == ':') q++;
    if (isdigit((unsigned char)q[0]) && isdigit((unsigned char)q[1])) zm = (q[0] - '0') * 10 + (q[1] - '0');
    snprintf(zone, sizeof zone, "%c%02d:%02d", *p, zh, zm % 60);
  } else if (!strncmp(p, " GMT", 4) || !strncmp(p, " UTC", 4)) snprintf(zone, sizeof zone, "Z");
  size_t len = strlen(out);
  snprintf(out + len, cap - len, "T%02d:%02d:%02d%s", hh, mm, ss % 60, zone);
}

/* Normalises a date written in one of the usual ways to ISO 8601 in out
 * (cap >= 32); 1 on success. Accepts ISO dates and date-times, YYYY/MM/DD,
 * DD.MM.YYYY, MM/DD/YYYY, "15 March 2024", "March 15, 2024", "15. März
 * 2024", RFC 2822 ("Fri, 15 Mar 2024 10:00:00 GMT"), anywhere in a short
 * string. */
int hd_date_normalise(const char *s, char *out, size_t cap) {
  for (const char *p = s; *p; p++) {
    if (p > s && isalnum((unsigned char)p[-1])) continue;
    int y, m, d;
    /* YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD */
    if (digits(p, 4, &y) && (p[4] == '-' || p[4] == '/' || p[4] == '.') && isdigit((unsigned char)p[5])) {
      const char *q = p + 5;
      int ml = isdigit((unsigned char)q[0]) && isdigit((unsigned char)q[1]) ? 2 : 1;
      if (digits(q, ml, &m) && q[ml] == p[4]) {
        const char *r = q + ml + 1;
        int dl = isdigit((unsigned char)r[0]) && isdigit((unsigned char)r[1]) ? 2 : 1;
        if (digits(r, dl, &d) && valid_ymd(y, m, d)) {
          snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
          time_part(r + dl, out, cap);
          return 1;
        }
      }
    }
    /* DD.MM.YYYY, MM/DD/YYYY (DD/MM/YYYY when the first is over 12) */
    if (isdigit((unsigned char)p[0])) {
      int a, b, al = isdigit((unsigned char)p[1]) ? 2 : 1;
      char sep = p[al];
      if ((sep == '.' || sep == '/' || sep == '-') && digits(p, al, &a)) {
        const char *q = p + al + 1;
        int bl = isdigit((unsigned char)q[0]) && isdigit((unsigned char)q[1]) ? 2 : 1; /* q[1] only inside the string */
        if (digits(q, bl, &b) && q[bl] == sep && digits(q + bl + 1, 4, &y)) {
          d = a, m = b;
          if (sep == '/' && a <= 12) m = a, d = b;
          if (sep == '-' && b > 12 && a <= 12) m = a, d = b;
          if (valid_ymd(y, m, d)) {
            snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
            time_part(q + bl + 5, out, cap);
            return 1;
          }
        }
      }
    }
    /* 15 March 2024, 15. März 2024, Fri, 15 Mar 2024 10:00 */
    size_t ml;
    if (isdigit((unsigned char)p[0])) {
      int dl = isdigit((unsigned char)p[1]) ? 2 : 1;
      const char *q = p + dl;
      if (digits(p, dl, &d)) {
        if (*q == '.') q++;
        if (!strncmp(q, "th", 2) || !strncmp(q, "st", 2) || !strncmp(q, "nd", 2) || !strncmp(q, "rd", 2)) q += 2;
        while (*q == ' ' || *q == '-') q++;
        if ((m = month_at(q, &ml))) {
          q += ml;
          while (*q == ' ' || *q == ',' || *q == '-') q++;
          if (digits(q, 4, &y) && valid_ymd(y, m, d)) {
            snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
            time_part(q + 4, out, cap);
            return 1;
          }
        }
      }
    }
    /* March 15, 2024 */
    if ((m = month_at(p, &ml))) {
      const char *q = p + ml;
      while (*q == ' ') q++;
      int dl = isdigit((unsigned char)q[0]) && isdigit((unsigned char)q[1]) ? 2 : 1; /* q[1] only inside the string */
      if (digits(q, dl, &d)) {
        q += dl;
        if (!strncmp(q, "th", 2) || !strncmp(q, "st", 2) || !strncmp(q, "nd", 2) || !strncmp(q, "rd", 2)) q += 2;
        while (*q == ' ' || *q == ',') q++;
        if (digits(q, 4, &y) && valid_ymd(y, m, d)) {
          snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
          time_part(q + 4, out, cap);
          return 1;
        }
      }
    }
  }
  return 0;
}

/* A date in a URL's path: /2024/03/15/, /2024-03-15, _20240315_. */
static int url_date(const char *url, char *out, size_t cap) {
  const char *p = strstr(url, "://");
  p = p ? strchr(p + 3, '/') : url;
  for (; p && *p; p++) {
    if (!(p[0] == '/' || p[0] == '-' || p[0] == '_')) continue;
    int y, m, d;
    const char *q = p + 1;
    if (digits(q, 4, &y) && (q[4] == '/' || q[4] == '-') && digits(q + 5, 2, &m) && q[7] == q[4] &&
        digits(q + 8, 2, &d) && valid_ymd(y, m, d)) {
      snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
      return 1;
    }
    if (digits(q, 8, &y) && (q[8] == '/' || q[8] == '-' || q[8] == '_' || q[8] == '.')) {
      d = y % 100, m = y / 100 % 100, y /= 10000;
      if (valid_ymd(y, m, d)) {
        snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
        return 1;
      }
    }
  }
  return 0;
}

/* " 31.10.23 ", "23.09.22 11:38": DD.MM.YY and nothing else but a time. */
static int short_year_date(const char *s, char *out, size_t cap) {
  while (*s == ' ') s++;
  if (!isdigit((unsigned char)s[0])) return 0;
  int d, m, y;
  int dl = isdigit((unsigned char)s[1]) ? 2 : 1;
  if (!digits(s, dl, &d) || s[dl] != '.' || !digits(s + dl + 1, 2, &m) || s[dl + 3] != '.' || !digits(s + dl + 4, 2, &y))
    return 0;
  const char *q = s + dl + 6;
  if (isdigit((unsigned char)*q)) return 0;
  for (const char *r = q; *r; r++)
    if (!isdigit((unsigned char)*r) && *r != ':' && *r != ' ' && *r != 'h' && *r != '|') return 0;
  y += y < 70 ? 2000 : 1900;
  if (!valid_ymd(y, m, d)) return 0;
  snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
  return 1;
}

/* ---- candidates ------------------------------------------------------ */
enum { D_JSONLD, D_META, D_TIME, D_URL, D_DATELINE, D_TEXT_AFTER_H1, D_TEXT, D_MODIFIED, D_TITLE, D_KINDS };
static const char *const DATE_SOURCES[D_KINDS] = {"json-ld", "meta",     "time", "url",     "dateline",
                                                  "text",    "text",     "modified", "title"};

typedef struct {
  char date[D_KINDS][40];
  char *site_og, *site_ld, *lang;
  hd_buf authors; /* names, ", "-separated, in order of trust */
  int author_rank; /* the rank of what authors holds (lower is better) */
  int seen_h1;     /* the walk has passed the page's first <h1> */
  char alt_date[40]; /* a date in the path of a <link rel=alternate|amphtml|shortlink> */
} cands;

static char *attr(const xmlNode *n, const char *name) {
  xmlChar *v = xmlGetProp((xmlNode *)n, (const xmlChar *)name);
  if (!v) return NULL;
  char *s = hd_xstrdup((const char *)v);
  xmlFree(v);
  return s;
}

static int name_is(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && n->name && !strcasecmp((const char *)n->name, name);
}

static void take_date(cands *c, int kind, const char *s) {
  if (!s || c->date[kind][0]) return;
  char iso[40];
  if (hd_date_normalise(s, iso, sizeof iso)) snprintf(c->date[kind], sizeof c->date[kind], "%s", iso);
}

static void set_once(char **slot, char *value) {
  if (!*slot && value && *value) *slot = value;
  else free(value);
}

/* "By Jane Doe" -> "Jane Doe"; a URL -> the name in its last path
 * segment, or NULL. Returns a malloc'd name or NULL. */
static char *author_name(const char *s) {
  while (*s && isspace((unsigned char)*s)) s++;
  if (!strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8) || !strncasecmp(s, "www.", 4)) {
    const char *end = s + strlen(s);
    while (end > s && (end[-1] == '/' || end[-1] == ' ')) end--;
    const char *seg = end;
    while (seg > s && seg[-1] != '/') seg--;
    const char *host = strstr(s, "://");
    host = host ? host + 3 : s;
    if (seg <= host + 1 || strchr(seg, '?') || strchr(seg, '=')) return NULL; /* no path, or a query */
    hd_buf b;
    hd_buf_init(&b, 0);
    int words = 1, up = 1;
    for (const char *p = seg; p < end; p++) {
      unsigned char ch = (unsigned char)*p;
      if (ch == '-' || ch == '_' || ch == '.' || ch == '+') {
        if (b.len && b.ptr[b.len - 1] != ' ') hd_buf_putc(&b, ' '), words++;
        up = 1;
      } else if (isalpha(ch) || ch >= 0x80) {
        hd_buf_putc(&b, (char)(up && ch < 0x80 ? toupper(ch) : ch));
        up = 0;
      } else {
        hd_buf_free(&b);
        return NULL; /* digits, %-escapes: an id, not a name */
      }
    }
    if (words < 2 || words > 4) {
      hd_buf_free(&b);
      return NULL;
    }
    return hd_buf_take(&b, NULL);
  }
  size_t n_by; /* data/lexicons/meta_byline_prefixes.txt */
  const char *const *by = hd_lex_in_order(HD_LEX_META_BYLINE_PREFIXES, &n_by);
  for (size_t b = 0; b < n_by; b++)
    if (!strncasecmp(s, by[b], strlen(by[b]))) s += strlen(by[b]);
  size_t n = strlen(s);
  while (n && (isspace((unsigned char)s[n - 1]) || s[n - 1] == ',' || s[n - 1] == '|')) n--;
  if (n < 2 || n > 100 || memchr(s, '@', n) || memchr(s, '/', n) || memchr(s, '{', n) || strstr(s, "www."))
    return NULL;
  char *r = hd_xstrndup(s, n);
  for (char *p = r; *p; p++)
    if (*p == '\n' || *p == '\t' || *p == '\r') *p = ' ';
  return r;
}

/* Adds a name at trust rank `rank` (a better rank replaces worse names). */
static void add_author(cands *c, int rank, const char *raw) {
  if (!raw) return;
  char *name = author_name(raw);
  if (!name) return;
  if (rank < c->author_rank) {
    hd_buf_clear(&c->authors);
    c->author_rank = rank;
  }
  if (rank == c->author_rank && !strstr(c->authors.ptr ? c->authors.ptr : "", name)) {
    if (c->authors.len) hd_buf_puts(&c->authors, ", ");
    hd_buf_puts(&c->authors, name);
  }
  free(name);
}

/* ---- JSON-LD --------------------------------------------------------- */
static void ld_authors(cands *c, const cJSON *a, int depth) {
  if (!a || depth > 4) return;
  if (cJSON_IsString(a)) add_author(c, 0, a->valuestring);
  else if (cJSON_IsArray(a)) {
    for (const cJSON *x = a->child; x; x = x->next) ld_authors(c, x, depth + 1);
  } else if (cJSON_IsObject(a)) {
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(a, "@type");
    if (cJSON_IsString(t) && !strcmp(t->valuestring, "Organization")) return; /* not a person */
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(a, "name");
    if (cJSON_IsString(n)) add_author(c, 0, n->valuestring);
  }
}

static int ld_is_page(const cJSON *o) {
  const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "@type");
  const char *s = cJSON_IsString(t) ? t->valuestring : cJSON_IsArray(t) && cJSON_IsString(t->child) ? t->child->valuestring : "";
  return strstr(s, "Article") || strstr(s, "Posting") || strstr(s, "WebPage") || strstr(s, "Report") ||
         strstr(s, "Story") || !strcmp(s, "CreativeWork");
}

static void ld_walk(cands *c, const cJSON *o, int depth) {
  if (!o || depth > 8) return;
  if (cJSON_IsArray(o)) {
    for (const cJSON *x = o->child; x; x = x->next) ld_walk(c, x, depth + 1);
    return;
  }
  if (!cJSON_IsObject(o)) return;
  ld_walk(c, cJSON_GetObjectItemCaseSensitive(o, "@graph"), depth + 1);
  if (!ld_is_page(o)) return;
  const cJSON *v;
  if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(o, "datePublished"))) take_date(c, D_JSONLD, v->valuestring);
  if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(o, "dateCreated"))) take_date(c, D_JSONLD, v->valuestring);
  ld_authors(c, cJSON_GetObjectItemCaseSensitive(o, "author"), 0);
  ld_authors(c, cJSON_GetObjectItemCaseSensitive(o, "creator"), 0);
  const cJSON *pub = cJSON_GetObjectItemCaseSensitive(o, "publisher");
  if (cJSON_IsObject(pub) && cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(pub, "name")))
    set_once(&c->site_ld, hd_xstrdup(v->valuestring));
  if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(o, "inLanguage"))) set_once(&c->lang, hd_xstrdup(v->valuestring));
}

static void read_ld(cands *c, const xmlNode *script) {
  xmlChar *text = xmlNodeGetContent((xmlNode *)script);
  if (!text) return;
  cJSON *j = cJSON_Parse((const char *)text);
  ld_walk(c, j, 0);
  cJSON_Delete(j);
  xmlFree(text);
}

/* ---- the walk -------------------------------------------------------- */
static int key_in(const char *key, hd_lex_id keys) { return hd_lex_find_ci(keys, key, strlen(key)) != NULL; }

/* The keys, class names and byline words are data/lexicons/meta_*.txt. */

/* Folded text of a short element (at most cap bytes), for datelines and
 * bylines. */
static void short_text(const xmlNode *n, hd_buf *b, size_t cap, int depth) {
  for (const xmlNode *c = n->children; c && b->len < cap && depth < 16; c = c->next) {
    if (c->type == XML_TEXT_NODE && c->content) {
      for (const char *p = (const char *)c->content; *p && b->len < cap; p++) {
        if (isspace((unsigned char)*p)) {
          if (b->len && b->ptr[b->len - 1] != ' ') hd_buf_putc(b, ' ');
        } else hd_buf_putc(b, *p);
      }
    } else if (c->type == XML_ELEMENT_NODE && !name_is(c, "script") && !name_is(c, "style")) {
      short_text(c, b, cap, depth + 1);
    }
  }
}

static int class_names(const xmlNode *n, hd_lex_id list) {
  size_t n_words;
  const char *const *words = hd_lex_in_order(list, &n_words);
  /* the attribute values in the tree, read in place: this runs for every
   * element, several times */
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    if (!a->name || !a->children || a->children->type != XML_TEXT_NODE || !a->children->content) continue;
    if (strcmp((const char *)a->name, "class") && strcmp((const char *)a->name, "id")) continue;
    const char *v = (const char *)a->children->content;
    for (size_t w = 0; w < n_words; w++)
      if (strcasestr(v, words[w])) return 1;
  }
  return 0;
}

static int rel_author(const xmlNode *e) {
  char *rel = attr(e, "rel");
  int yes = rel && !strcasecmp(rel, "author");
  free(rel);
  return yes;
}

/* A date in the attributes of an element that names it so: RDFa
 * property / itemprop in meta_date_keys.txt with content=, and an empty element of
 * class published/updated/date with title= or datetime= (hAtom). */
static void date_attributes(const xmlNode *e, cands *c, const char *ip) {
  if (c->date[D_TIME][0]) return;
  char *prop = attr(e, "property");
  const char *key = prop ? prop : ip;
  if (key && key_in(key, HD_LEX_META_DATE_KEYS)) {
    char *content = attr(e, "content");
    if (!content) content = attr(e, "datetime");
    take_date(c, D_TIME, content);
    free(content);
  }
  free(prop);
  if (!e->children && class_names(e, HD_LEX_META_HATOM_CLASSES)) {
    char *t = attr(e, "title");
    if (!t) t = attr(e, "datetime");
    take_date(c, D_TIME, t);
    free(t);
  }
}

/* A short element whose text is a date (with at most a few words beside
 * it, 60 bytes in all: "Stand: 05. Februar 2020", "Posted on March 3,
 * 2021 by ..."), as a
 * dateline without a class that names it: the first after the page's
 * <h1>, else the first on the page. DD.MM.YY is read only when the text
 * is nothing but the date (and a time). */
/* Does a text node directly under e hold a digit? (A cheap test before
 * reading an element's text for a date.) */
static int own_text_has_digit(const xmlNode *e) {
  for (const xmlNode *t = e->children; t; t = t->next)
    if (t->type == XML_TEXT_NODE && t->content && strpbrk((const char *)t->content, "0123456789")) return 1;
  return 0;
}

static void visible_date(const xmlNode *e, cands *c) {
  int kind = c->seen_h1 ? D_TEXT_AFTER_H1 : D_TEXT;
  if (c->date[kind][0]) return;
  hd_buf b;
  hd_buf_init(&b, 0);
  short_text(e, &b, 100, 0);
  if (b.len >= 6 && b.len <= 60) {
    char iso[40];
    if (hd_date_normalise(b.ptr, iso, sizeof iso) || short_year_date(b.ptr, iso, sizeof iso))
      snprintf(c->date[kind], sizeof c->date[kind], "%s", iso);
  }
  hd_buf_free(&b);
}

static void walk(const xmlNode *n, cands *c, hd_html_meta *m, int depth) {
  for (const xmlNode *e = n->children; e; e = e->next) {
    if (e->type != XML_ELEMENT_NODE || depth > 256) continue;
    char *ip = attr(e, "itemprop");
    if (name_is(e, "meta")) {
      char *key = attr(e, "property");
      if (!key) key = attr(e, "name");
      if (!key && ip) key = hd_xstrdup(ip);
      char *content = attr(e, "content");
      char *equiv = attr(e, "http-equiv");
      if (key && content) {
        if (!strcasecmp(key, "og:title")) set_once(&m->title, hd_xstrdup(content));
        else if (!strcasecmp(key, "og:site_name")) set_once(&c->site_og, hd_xstrdup(content));
        else if (key_in(key, HD_LEX_META_DATE_KEYS)) take_date(c, D_META, content);
        else if (key_in(key, HD_LEX_META_MODIFIED_KEYS)) take_date(c, D_MODIFIED, content);
        else if (!strcasecmp(key, "twitter:title")) take_date(c, D_TITLE, content);
        else if (key_in(key, HD_LEX_META_AUTHOR_KEYS)) add_author(c, 1, content);
        else if (!strcasecmp(key, "article:author")) add_author(c, 2, content);
        else if (!strcasecmp(key, "og:url")) set_once(&m->url, hd_xstrdup(content));
        else if (!strcasecmp(key, "og:locale")) set_once(&c->lang, hd_xstrdup(content));
      }
      if (equiv && content && !strcasecmp(equiv, "content-language")) set_once(&c->lang, hd_xstrdup(content));
      free(key), free(content), free(equiv);
    } else if (name_is(e, "link")) {
      char *rel = attr(e, "rel");
      if (rel && !strcasecmp(rel, "canonical")) set_once(&m->url, attr(e, "href"));
      else if (rel && !c->alt_date[0] && (!strcasecmp(rel, "alternate") || !strcasecmp(rel, "amphtml") ||
                                          !strcasecmp(rel, "shortlink"))) {
        /* the page's other forms (AMP, other languages, its comments
         * feed) often carry the date in their path */
        char *href = attr(e, "href");
        if (href) url_date(href, c->alt_date, sizeof c->alt_date);
        free(href);
      }
      free(rel);
    } else if (name_is(e, "script")) {
      char *type = attr(e, "type");
      if (type && !strcasecmp(type, "application/ld+json")) read_ld(c, e);
      free(type);
    } else if (name_is(e, "h1") || name_is(e, "title")) {
      hd_buf b;
      hd_buf_init(&b, 0);
      short_text(e, &b, 1000, 0);
      set_once(name_is(e, "h1") ? &m->h1 : &m->page_title, b.len ? hd_buf_take(&b, NULL) : NULL);
      hd_buf_free(&b);
    } else if (name_is(e, "html")) {
      set_once(&c->lang, attr(e, "lang"));
    }
    if (!name_is(e, "meta")) date_attributes(e, c, ip);
    if (name_is(e, "time") || (ip && !strcasecmp(ip, "datePublished"))) {
      char *dt = attr(e, "datetime");
      if (!dt) dt = attr(e, "content");
      take_date(c, D_TIME, dt);
      free(dt);
    }
    if ((ip && !strcasecmp(ip, "author")) || (name_is(e, "a") && rel_author(e))) {
      hd_buf b;
      hd_buf_init(&b, 0);
      short_text(e, &b, 120, 0);
      if (b.len < 100) add_author(c, 3, b.ptr);
      hd_buf_free(&b);
    } else if (!c->authors.len && !name_is(e, "body") && !name_is(e, "html") && class_names(e, HD_LEX_META_AUTHOR_CLASSES) &&
               !class_names(e, HD_LEX_META_COMMENT_CLASSES)) {
      hd_buf b;
      hd_buf_init(&b, 0);
      short_text(e, &b, 120, 0);
      if (b.len && b.len < 60) add_author(c, 4, b.ptr);
      hd_buf_free(&b);
    }
    if (!c->date[D_DATELINE][0] && !name_is(e, "body") && !name_is(e, "html") && class_names(e, HD_LEX_META_DATE_CLASSES) &&
        !class_names(e, HD_LEX_META_COMMENT_CLASSES)) {
      hd_buf b;
      hd_buf_init(&b, 0);
      short_text(e, &b, 200, 0);
      if (b.len && b.len < 120) take_date(c, D_DATELINE, b.ptr);
      hd_buf_free(&b);
    }
    if (name_is(e, "title") || name_is(e, "h1")) {
      hd_buf b;
      hd_buf_init(&b, 0);
      short_text(e, &b, 300, 0);
      if (name_is(e, "title")) take_date(c, D_TITLE, b.ptr ? b.ptr : "");
      else c->seen_h1 = 1;
      hd_buf_free(&b);
    } else if (!c->date[D_TEXT_AFTER_H1][0] && own_text_has_digit(e) && !name_is(e, "body") && !name_is(e, "html") &&
               !name_is(e, "a") && !name_is(e, "head") && !name_is(e, "script") && !name_is(e, "style") &&
               !name_is(e, "option") && !class_names(e, HD_LEX_META_COMMENT_CLASSES)) {
      visible_date(e, c);
    }
    free(ip);
    walk(e, c, m, depth + 1);
  }
}

/* "de-DE", "en_US" -> "de", "en"; NULL unless it looks like a language. */
static char *language_code(const char *s) {
  if (!s) return NULL;
  while (isspace((unsigned char)*s)) s++;
  size_t n = 0;
  while (isalpha((unsigned char)s[n])) n++;
  if (n < 2 || n > 3 || (s[n] && s[n] != '-' && s[n] != '_' && !isspace((unsigned char)s[n]) && s[n] != ','))
    return NULL;
  char *r = hd_xstrndup(s, n);
  for (char *p = r; *p; p++) *p = (char)tolower((unsigned char)*p);
  return r;
}

/* The host of a URL without "www." (the outlet when nothing names it). */
static char *host_of(const char *url) {
  const char *p = url ? strstr(url, "://") : NULL;
  if (!p) return NULL;
  p += 3;
  if (!strncasecmp(p, "www.", 4)) p += 4;
  size_t n = strcspn(p, "/:?#");
  return n ? hd_xstrndup(p, n) : NULL;
}

void hd_html_read_meta(const xmlNode *root, const char *url_hint, hd_html_meta *m) {
  cands c;
  memset(&c, 0, sizeof c);
  hd_buf_init(&c.authors, 0);
  c.author_rank = 99;
  const xmlNode fake = {.children = (xmlNode *)root};
  walk(&fake, &c, m, 0);
  const char *url = m->url ? m->url : url_hint;
  if (url) url_date(url, c.date[D_URL], sizeof c.date[D_URL]);
  if (!c.date[D_URL][0] && c.alt_date[0]) snprintf(c.date[D_URL], sizeof c.date[D_URL], "%s", c.alt_date);
  for (int k = 0; k < D_KINDS; k++)
    if (c.date[k][0]) {
      m->date = hd_xstrdup(c.date[k]);
      m->date_source = hd_xstrdup(DATE_SOURCES[k]);
      break;
    }
  if (c.authors.len) m->author = hd_buf_take(&c.authors, NULL);
  hd_buf_free(&c.authors);
  m->site = c.site_og ? c.site_og : c.site_ld ? c.site_ld : host_of(url);
  if (c.site_og && c.site_ld) free(c.site_ld);
  m->language = language_code(c.lang);
  free(c.lang);
}
