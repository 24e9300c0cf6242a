/*
 * quality.c: page-quality flags (see quality.h). Each flag is decided from
 * evidence in the page, never from a site's name:
 *  - paywall: JSON-LD isAccessibleForFree false, or an element whose class
 *    or id names a paywall (paywall, regwall, piano, premium-content,
 *    subscriber-only, plus-content, ...).
 *  - teaser: the page holds only the opening: a paywall and a body under
 *    1,500 characters, or a body under 1,000 characters whose last
 *    paragraph ends in an ellipsis or a "read more" link.
 *  - consent: a cookie or consent wall is most of the page: text under
 *    elements whose class or id names cookie/consent/gdpr/cmp is at least
 *    40% of the page's text, or the body itself is mostly about cookies.
 *  - truncated: the page's bytes stop before </body> and </html> and the
 *    body stops in the middle of a sentence.
 *  - listing: an index page: at least 6 headings that are links, or 4
 *    <article> elements, and no long paragraph (300+ characters) in the body.
 *  - error_page: a title or body that says 404 / not found / error, with a
 *    body under 600 characters.
 * Complexity: O(nodes + bytes). Ownership: the returned string is the
 * caller's.
 */
#include "read/quality.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "read/web_dl.h"
#include "util/buf.h"
#include "util/lexicon.h"

typedef struct {
  size_t text, consent_text, headings_linked, articles;
  int paywall_class, not_free;
} facts;

static int name_is(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && n->name && !strcasecmp((const char *)n->name, name);
}

static size_t text_below(const xmlNode *n, int depth) {
  size_t k = 0;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE && c->content) {
      for (const char *p = (const char *)c->content; *p; p++) k += !isspace((unsigned char)*p);
    } else if (c->type == XML_ELEMENT_NODE && depth < 256 && !name_is(c, "script") && !name_is(c, "style")) {
      k += text_below(c, depth + 1);
    }
  }
  return k;
}

static int has_link(const xmlNode *n, int depth) {
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && (name_is(c, "a") || (depth < 8 && has_link(c, depth + 1)))) return 1;
  return 0;
}

/* class and id, lower case, into buf */
static const char *names_of(const xmlNode *n, char *buf, size_t cap) {
  size_t len = 0;
  buf[0] = 0;
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    if (!a->name || !a->children || !a->children->content) continue;
    if (strcmp((const char *)a->name, "class") && strcmp((const char *)a->name, "id")) continue;
    for (const char *p = (const char *)a->children->content; *p && len + 2 < cap; p++)
      buf[len++] = (char)tolower((unsigned char)*p);
    if (len + 2 >= cap) { buf[len] = 0; break; }
    buf[len++] = ' ';
    buf[len] = 0;
  }
  return buf;
}

/* isAccessibleForFree: false (or "False") anywhere in the JSON-LD. */
static int not_free(const cJSON *j, int depth) {
  if (!j || depth > 16) return 0;
  for (const cJSON *c = j->child; c; c = c->next) {
    if (c->string && !strcmp(c->string, "isAccessibleForFree") &&
        (cJSON_IsFalse(c) || (cJSON_IsString(c) && !strcasecmp(c->valuestring, "false"))))
      return 1;
    if ((cJSON_IsObject(c) || cJSON_IsArray(c)) && not_free(c, depth + 1)) return 1;
  }
  return 0;
}

static void ld_free_flag(facts *f, const xmlNode *script) {
  xmlChar *t = xmlNodeGetContent((xmlNode *)script);
  if (!t) return;
  if (strstr((const char *)t, "isAccessibleForFree")) {
    cJSON *j = cJSON_Parse((const char *)t);
    if (not_free(j, 0)) f->not_free = 1;
    cJSON_Delete(j);
  }
  xmlFree(t);
}

static void walk(const xmlNode *n, facts *f, int in_consent, int depth) {
  size_t n_paywall, n_consent; /* data/lexicons/quality_{paywall,consent}.txt */
  const char *const *paywall_words = hd_lex_in_order(HD_LEX_QUALITY_PAYWALL, &n_paywall);
  const char *const *consent_words = hd_lex_in_order(HD_LEX_QUALITY_CONSENT, &n_consent);
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (depth > 256) break;
    if (c->type == XML_TEXT_NODE && c->content) {
      size_t k = 0;
      for (const char *p = (const char *)c->content; *p; p++) k += !isspace((unsigned char)*p);
      f->text += k;
      if (in_consent) f->consent_text += k;
      continue;
    }
    if (c->type != XML_ELEMENT_NODE || name_is(c, "style") || name_is(c, "noscript")) continue;
    if (name_is(c, "script")) {
      xmlChar *type = xmlGetProp((xmlNode *)c, (const xmlChar *)"type");
      if (type && !strcasecmp((const char *)type, "application/ld+json")) ld_free_flag(f, c);
      xmlFree(type);
      continue;
    }
    char buf[512];
    const char *names = names_of(c, buf, sizeof buf);
    int consent = in_consent;
    if (*names && !name_is(c, "body") && !name_is(c, "html")) { /* not a page-wide state class */
      int pw = 0, cs = 0;
      for (size_t w = 0; w < n_paywall && !pw; w++) pw = strstr(names, paywall_words[w]) != NULL;
      for (size_t w = 0; w < n_consent && !cs; w++) cs = strstr(names, consent_words[w]) != NULL;
      if (pw || cs) {
        size_t t = text_below(c, 0);
        if (pw && t >= 40) f->paywall_class = 1; /* an empty slot is not a wall */
        if (cs && t <= 5000) consent = 1;         /* a wall is short */
      }
    }
    if ((name_is(c, "h2") || name_is(c, "h3") || name_is(c, "h4")) && has_link(c, 0)) f->headings_linked++;
    if (name_is(c, "article")) f->articles++;
    walk(c, f, consent, depth + 1);
  }
}

static int contains_ci(const char *hay, const char *needle) {
  return hay && strcasestr(hay, needle) != NULL;
}

/* The last paragraph of the body, and the longest paragraph's length. */
static const char *last_paragraph(const char *text, size_t *longest) {
  const char *last = text, *p = text;
  *longest = 0;
  while (*p) {
    const char *e = strstr(p, "\n\n");
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len > *longest) *longest = len;
    last = p;
    if (!e) break;
    p = e + 2;
  }
  return last;
}

static int ends_sentence(const char *s) {
  size_t n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1])) n--;
  if (!n) return 1;
  unsigned char c = (unsigned char)s[n - 1];
  if (strchr(".!?:;\")']*", c)) return 1;
  /* ” ’ » … and other closing marks end in a UTF-8 continuation byte */
  return c >= 0x80;
}

static int ends_in_ellipsis_or_more(const char *last) {
  size_t n = strlen(last);
  while (n && isspace((unsigned char)last[n - 1])) n--;
  if (n >= 3 && (!strncmp(last + n - 3, "...", 3) || !strncmp(last + n - 3, "\xE2\x80\xA6", 3))) return 1;
  size_t n_more; /* data/lexicons/quality_read_more.txt */
  const char *const *more = hd_lex_in_order(HD_LEX_QUALITY_READ_MORE, &n_more);
  for (size_t m = 0; m < n_more; m++)
    if (n < 200 && contains_ci(last, more[m])) return 1;
  return 0;
}

static int cut_off(const char *html, size_t n) {
  size_t from = n > 2048 ? n - 2048 : 0;
  hd_buf tail;
  hd_buf_init(&tail, 0);
  hd_buf_put(&tail, html + from, n - from);
  int closed = tail.ptr && (strcasestr(tail.ptr, "</html") || strcasestr(tail.ptr, "</body"));
  hd_buf_free(&tail);
  return !closed;
}

char *hd_html_quality(const hd_quality_input *in) {
  facts f = {0};
  walk(in->root, &f, 0, 0);
  const char *text = in->text ? in->text : "";
  size_t len = strlen(text), longest;
  const char *last = last_paragraph(text, &longest);
  int paywall = f.not_free || f.paywall_class;
  int teaser = (paywall && len < 1500) || (len < 1000 && len > 0 && ends_in_ellipsis_or_more(last));
  int cookie_body = len < 800 && contains_ci(text, "cookie") && (contains_ci(text, "accept") ||
                    contains_ci(text, "consent") || contains_ci(text, "zustimm") || contains_ci(text, "akzeptier"));
  int consent = (f.text && f.consent_text * 10 >= f.text * 4) || cookie_body;
  int truncated = cut_off(in->html, in->html_len) && !ends_sentence(text);
  int listing = (f.headings_linked >= 6 || f.articles >= 4) && longest < 300;
  const char *title = in->title ? in->title : "";
  int error_page = len < 600 && (contains_ci(title, "404") || contains_ci(title, "not found") ||
                                 contains_ci(title, "nicht gefunden") || contains_ci(text, "page not found") ||
                                 contains_ci(text, "seite nicht gefunden") || contains_ci(title, "error"));
  hd_buf b;
  hd_buf_init(&b, 0);
  const struct { int on; const char *name; } FLAGS[] = {{paywall, "paywall"},   {teaser, "teaser"},
                                                        {consent, "consent"},   {truncated, "truncated"},
                                                        {listing, "listing"},   {error_page, "error_page"}};
  for (size_t i = 0; i < sizeof FLAGS / sizeof *FLAGS; i++)
    if (FLAGS[i].on) {
      if (b.len) hd_buf_putc(&b, ',');
      hd_buf_puts(&b, FLAGS[i].name);
    }
  if (!b.len) {
    hd_buf_free(&b);
    return NULL;
  }
  return hd_buf_take(&b, NULL);
}
