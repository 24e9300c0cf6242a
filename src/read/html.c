/*
 * html.c: the HTML side of the read stage: an HTML page -> article text
 * (paragraphs separated by blank lines) and metadata.
 *
 * libxml2's HTML parser (recovering, no network) builds the tree. The
 * article body is the element that holds the most paragraph text: each
 * <p> credits its length to its parent in full and to its grandparent in
 * half (the Readability heuristic); an <article> or an itemprop=articleBody
 * element wins when it holds at least half of the best score. From that
 * element, block elements (p, h2-h6, li, blockquote, pre) become
 * paragraphs; script, style, nav, header, footer, aside, form, figure and
 * their kin are never read. Metadata comes from <meta> (og:title,
 * og:site_name, article:published_time, author), <link rel=canonical>,
 * then <h1> and <title>.
 * Ownership: hd_html_extract returns a malloc'd text; the caller frees it
 * and hd_html_meta_free frees the metadata strings.
 * Complexity: O(n) for the parse plus two walks of the tree; libxml2
 * caps tree depth (256 without HTML_PARSE_HUGE), so deep nesting is safe.
 */
#include "read/html.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"

static int name_is(const xmlNode *n, const char *name) {
  return n->type == XML_ELEMENT_NODE && n->name && strcasecmp((const char *)n->name, name) == 0;
}

static int name_in(const xmlNode *n, const char *const *names) {
  for (; *names; names++)
    if (name_is(n, *names)) return 1;
  return 0;
}

static const char *const SKIPPED[] = {"script", "style", "noscript", "nav", "header", "footer",
                                      "aside", "form", "iframe", "svg", "button", "figure",
                                      "figcaption", "template", "select", "menu", NULL};
static const char *const BLOCKS[] = {"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", NULL};

static char *attr(const xmlNode *n, const char *name) {
  xmlChar *v = xmlGetProp((xmlNode *)n, (const xmlChar *)name);
  if (!v) return NULL;
  char *s = hd_xstrdup((const char *)v);
  xmlFree(v);
  return s;
}

/* Appends the text under n with white space folded to single spaces. */
static void fold_text(const xmlNode *n, hd_buf *b, int depth) {
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      for (const char *p = (const char *)c->content; p && *p; p++) {
        int space = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == '\f';
        if (space) {
          if (b->len && b->ptr[b->len - 1] != ' ') hd_buf_putc(b, ' ');
        } else {
          hd_buf_putc(b, *p);
        }
      }
    } else if (c->type == XML_ELEMENT_NODE && !name_in(c, SKIPPED) && depth < 512) {
      if (name_is(c, "br") && b->len && b->ptr[b->len - 1] != ' ') hd_buf_putc(b, ' ');
      fold_text(c, b, depth + 1);
    }
  }
}

static size_t text_len(const xmlNode *n) {
  hd_buf b;
  hd_buf_init(&b, 0);
  fold_text(n, &b, 0);
  size_t len = b.len;
  hd_buf_free(&b);
  return len;
}

/* ---- choosing the body element ------------------------------------ */
/* Scores live in each node's _private field (libxml2 leaves it to the
 * application), so crediting is O(1) and the whole choice O(nodes). */

static void credit(xmlNode *node, size_t amount) {
  if (node) node->_private = (void *)((uintptr_t)node->_private + amount);
}

static void score_tree(xmlNode *n, int depth) {
  for (xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || name_in(c, SKIPPED) || depth > 512) continue;
    if (name_is(c, "p") || name_is(c, "pre")) {
      size_t len = text_len(c);
      credit(c->parent, len);
      if (c->parent) credit(c->parent->parent, len / 2);
    } else {
      score_tree(c, depth + 1);
    }
  }
}

static int is_article_elem(const xmlNode *n) {
  if (name_is(n, "article")) return 1;
  char *ip = attr(n, "itemprop");
  int yes = ip && strcasecmp(ip, "articleBody") == 0;
  free(ip);
  return yes;
}

typedef struct {
  const xmlNode *best, *article;
  size_t best_score, article_score;
} choice;

/* Post-order walk: returns the subtree's summed score, noting the best
 * single element and the best <article>/articleBody subtree. */
static size_t choose(const xmlNode *n, choice *ch, int depth) {
  size_t own = (size_t)(uintptr_t)n->_private, sum = own;
  if (own > ch->best_score) ch->best_score = own, ch->best = n;
  for (const xmlNode *c = n->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && depth < 512) sum += choose(c, ch, depth + 1);
  if (is_article_elem(n) && sum > ch->article_score) ch->article_score = sum, ch->article = n;
  return sum;
}

static const xmlNode *body_element(xmlNode *root) {
  score_tree(root, 0);
  choice ch = {0};
  choose(root, &ch, 0);
  const xmlNode *best = ch.best;
  if (ch.article && ch.article_score * 2 >= ch.best_score) best = ch.article;
  return best ? best : root;
}

/* ---- text and metadata --------------------------------------------- */

static void emit_blocks(const xmlNode *n, hd_buf *out, int depth) {
  for (const xmlNode *c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || name_in(c, SKIPPED) || depth > 512) continue;
    if (name_in(c, BLOCKS)) {
      hd_buf para;
      hd_buf_init(&para, 0);
      fold_text(c, &para, 0);
      size_t s = 0, e = para.len;
      while (s < e && para.ptr[s] == ' ') s++;
      while (e > s && para.ptr[e - 1] == ' ') e--;
      if (e > s) {
        if (out->len) hd_buf_puts(out, "\n\n");
        hd_buf_put(out, para.ptr + s, e - s);
      }
      hd_buf_free(&para);
    } else {
      emit_blocks(c, out, depth + 1);
    }
  }
}

int hd_looks_html(const char *p, size_t n) {
  size_t i = 0;
  while (i < n && (p[i] == ' ' || p[i] == '\n' || p[i] == '\r' || p[i] == '\t' || (unsigned char)p[i] >= 0xEF)) i++;
  if (i >= n || p[i] != '<') return 0;
  static const char *const OPENERS[] = {"<!doctype html", "<html", "<head", "<body", "<!--", "<meta", "<article", NULL};
  for (const char *const *o = OPENERS; *o; o++) {
    size_t l = strlen(*o);
    if (i + l <= n && strncasecmp(p + i, *o, l) == 0) return 1;
  }
  return 0;
}

char *hd_html_extract(const char *html, size_t n, const char *url_hint, hd_html_meta *meta) {
  memset(meta, 0, sizeof *meta);
  htmlDocPtr doc = htmlReadMemory(html, (int)(n > 0x7fffffff ? 0x7fffffff : n), NULL, "UTF-8",
                                  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                      HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC);
  if (!doc) return NULL;
  xmlNode *root = xmlDocGetRootElement(doc);
  hd_buf out;
  hd_buf_init(&out, 0);
  if (root) {
    hd_html_read_meta(root, url_hint, meta);
    emit_blocks(body_element(root), &out, 0);
  }
  xmlFreeDoc(doc);
  if (!meta->title) meta->title = meta->h1 ? hd_xstrdup(meta->h1) : meta->page_title ? hd_xstrdup(meta->page_title) : NULL;
  return hd_buf_take(&out, NULL);
}

void hd_html_meta_free(hd_html_meta *m) {
  free(m->title);
  free(m->site);
  free(m->date);
  free(m->author);
  free(m->url);
  free(m->date_source);
  free(m->language);
  free(m->h1);
  free(m->page_title);
  memset(m, 0, sizeof *m);
}
