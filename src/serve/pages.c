/*
 * pages.c: the HTML pages of `herald serve`, rendered on the server from
 * the same query results as the JSON API (queries.h), inside the
 * compiled-in layout template (assets/layout.html). Every page works
 * without JavaScript; links are plain paths anyone can share.
 *   /               the largest and the latest stories, a search box
 *   /search?q=      hits with highlighted snippets, filters, paging
 *   /stories/ID     timeline chart, articles by date (copies folded),
 *                   who said what by speaker
 *   /entities/NAME  aliases, titles, counts, quotes over time,
 *                   co-occurring entities, latest quotations
 *   /articles/ID    the cleaned text with mentions and quotations
 *                   highlighted, the removed debris on demand
 * Every value from the store or the request goes through html.c's
 * escapers; hrefs are built from ids or url_part()-encoded names, and an
 * article's own URL is a link only when it is http(s).
 * Complexity: linear in the result's size (the article's highlighter is
 * O(segments x marks), marks capped). Memory: one hd_buf per page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/assets.h"
#include "serve/handlers.h"
#include "serve/queries.h"
#include "serve/serve.h"
#include "serve/svg.h"

/* ---- what the store may or may not know ---- */

/* The quotations of a story that the attribution stage gave to an
 * anonymous source ("officials said"): the story result's `unnamed` list,
 * which the store keeps (no article is read). */
typedef struct {
  long long article;
  char *content;
} anon_quote;

typedef struct {
  anon_quote *v;
  size_t n, cap;
} anon_list;

static void find_anonymous(const hd_story_result *s, anon_list *out) {
  for (size_t i = 0; i < s->n_unnamed; i++)
    for (size_t j = 0; j < s->unnamed[i].n_quotes; j++) {
      const hd_story_quote *q = &s->unnamed[i].quotes[j];
      if (q->content) HD_VEC_PUSH(out->v, out->n, out->cap, ((anon_quote){(long long)q->article, hd_xstrdup(q->content)}));
    }
}

static void anon_free(anon_list *l) {
  for (size_t i = 0; i < l->n; i++) free(l->v[i].content);
  free(l->v);
}

/* A speaker whose quotations were all given to an anonymous source. */
static int speaker_is_anonymous(const hd_story_speaker *sp, const anon_list *anon) {
  if (sp->entity != HD_NO_ID || !sp->n_quotes) return 0;
  for (size_t j = 0; j < sp->n_quotes; j++) {
    size_t k = 0;
    while (k < anon->n && !(anon->v[k].article == (long long)sp->quotes[j].article && sp->quotes[j].content &&
                            !strcmp(anon->v[k].content, sp->quotes[j].content)))
      k++;
    if (k == anon->n) return 0;
  }
  return 1;
}

/* The removed piece's own text, when the store kept it. */
static void serve_removed_text(hd_buf *b, const hd_stored_removed *d) {
  (void)b, (void)d;
}

/* ---- the layout ---- */

/* Wraps `body` in the layout and makes it the response. */
static void page_send(serve_req *r, const char *title, const char *q, const char *page, hd_buf *body) {
  hd_buf t, qe;
  hd_buf_init(&t, 0);
  hd_buf_init(&qe, 0);
  html_text(&t, title);
  html_attr(&qe, q ? q : "");
  const char *kv[] = {"title", t.ptr ? t.ptr : "", "q", qe.ptr ? qe.ptr : "", "page", page,
                      "body", body->ptr ? body->ptr : "", "version", HERALD_VERSION, NULL};
  hd_buf_clear(&r->body);
  html_template(&r->body, hd_asset_text("layout.html"), kv);
  r->type = "text/html; charset=utf-8";
  hd_buf_free(&t);
  hd_buf_free(&qe);
  hd_buf_free(body);
}

void page_error(serve_req *r, const char *msg) {
  hd_buf b;
  hd_buf_init(&b, 0);
  const char *what = r->status == 404 ? "Not found" : r->status == 400 ? "That request cannot be answered" : "Something went wrong";
  hd_buf_printf(&b, "<h1>%s</h1><p class=\"error-box\">", what);
  html_text(&b, msg);
  hd_buf_puts(&b, "</p><p><a href=\"/\">Back to the stories</a></p>");
  page_send(r, what, NULL, "error", &b);
}

/* ---- small pieces ---- */

static const char *or_dash(const char *s) { return s && *s ? s : "\xE2\x80\x94"; }

static void entity_href(hd_buf *b, const char *name) {
  hd_buf_puts(b, "/entities/");
  url_part(b, name);
}

/* <a href="/entities/NAME">NAME</a> */
static void entity_link(hd_buf *b, const char *name) {
  hd_buf_puts(b, "<a href=\"");
  entity_href(b, name);
  hd_buf_puts(b, "\">");
  html_text(b, name);
  hd_buf_puts(b, "</a>");
}

/* A story label "Ents, Ents: terms" with the entities set apart. */
static void story_label(hd_buf *b, const char *label, long long id) {
  if (!label || !*label) {
    hd_buf_printf(b, "<span class=\"label-ents\">Story %lld</span>", id);
    return;
  }
  const char *colon = strstr(label, ": ");
  hd_buf_puts(b, "<span class=\"label-ents\">");
  html_textn(b, label, colon ? (size_t)(colon - label) : strlen(label));
  hd_buf_puts(b, "</span>");
  if (colon) {
    hd_buf_puts(b, "<span class=\"label-terms\">: ");
    html_text(b, colon + 2);
    hd_buf_puts(b, "</span>");
  }
}

/* A story's name: its headline (the central title) when it has one,
 * else its label. */
static void story_name(hd_buf *b, const hd_story_row *s) {
  if (s->headline && *s->headline) html_text(b, s->headline);
  else story_label(b, s->label, (long long)s->id);
}

/* Under a headline, the label's entities and terms as the story's keys. */
static void story_keys(hd_buf *b, const hd_story_row *s) {
  if (!s->headline || !*s->headline || !s->label || !*s->label) return;
  hd_buf_puts(b, "<p class=\"story-keys\">");
  story_label(b, s->label, (long long)s->id);
  hd_buf_puts(b, "</p>");
}

/* "<b>3</b> outlets", or "outlets unknown" when no article names one. */
static void outlet_count(hd_buf *b, int64_t n) {
  if (n) hd_buf_printf(b, "<span><b>%lld</b> outlet%s</span>", (long long)n, n == 1 ? "" : "s");
  else hd_buf_puts(b, "<span>outlets unknown</span>");
}

static void date_range(hd_buf *b, const char *first, const char *last) {
  html_text(b, or_dash(first));
  if (last && first && strcmp(first, last)) {
    hd_buf_puts(b, " \xE2\x80\x93 ");
    html_text(b, last);
  }
}

static void story_card(hd_buf *b, const hd_story_row *s) {
  hd_buf_printf(b, "<li class=\"card\"><h3><a href=\"/stories/%lld\">", (long long)s->id);
  story_name(b, s);
  hd_buf_puts(b, "</a></h3>");
  story_keys(b, s);
  hd_buf_printf(b, "<div class=\"stats\"><span><b>%lld</b> article%s</span>", (long long)s->articles,
                s->articles == 1 ? "" : "s");
  outlet_count(b, s->outlets);
  hd_buf_puts(b, "<span>");
  date_range(b, s->first, s->last);
  hd_buf_puts(b, "</span></div></li>");
}

/* ---- / ---- */

static int by_last_desc(const void *a, const void *b) {
  const hd_story_row *x = *(const hd_story_row *const *)a, *y = *(const hd_story_row *const *)b;
  int c = strcmp(y->last ? y->last : "", x->last ? x->last : "");
  return c ? c : (x->id < y->id) - (x->id > y->id);
}

void page_home(serve_req *r, const char *rest) {
  (void)rest;
  hd_stories_result res = {0};
  if (q_stories(r, &res, SERVE_MAX_LIMIT)) {
    hd_stories_result_free(&res);
    return;
  }
  hd_buf b;
  hd_buf_init(&b, 0);
  if (!res.n) {
    hd_buf_puts(&b, "<h1>No stories yet</h1><p class=\"notice\">This store has no stories. Add articles with "
                    "<code>herald ingest --db FILE PATH</code>; this page shows them as they arrive.</p>");
  } else {
    const hd_story_row **latest = hd_xcalloc(res.n, sizeof *latest);
    for (size_t i = 0; i < res.n; i++) latest[i] = &res.rows[i];
    qsort(latest, res.n, sizeof *latest, by_last_desc);
    hd_buf_puts(&b, "<h2>Latest stories</h2><ul class=\"cards\" id=\"latest\">");
    for (size_t i = 0; i < res.n && i < 6; i++) story_card(&b, latest[i]);
    hd_buf_puts(&b, "</ul><h2>Largest stories</h2><ul class=\"cards\" id=\"largest\">");
    for (size_t i = 0; i < res.n && i < 24; i++) story_card(&b, &res.rows[i]);
    hd_buf_puts(&b, "</ul>");
    free(latest);
  }
  hd_stories_result_free(&res);
  page_send(r, "Stories", NULL, "home", &b);
}

/* ---- /search ---- */

/* A snippet whose matches are in [brackets]: brackets become <mark>. */
static void snippet_html(hd_buf *b, const char *s) {
  int open = 0;
  for (const char *p = s ? s : ""; *p; p++) {
    if (*p == '[' && !open) hd_buf_puts(b, "<mark>"), open = 1;
    else if (*p == ']' && open) hd_buf_puts(b, "</mark>"), open = 0;
    else html_textn(b, p, 1);
  }
  if (open) hd_buf_puts(b, "</mark>");
}

/* name=value& for each search parameter given (URL-encoded), offset last. */
static void search_query_string(serve_req *r, hd_buf *b, long offset) {
  static const char *const names[] = {"q", "outlet", "since", "until", "entity", "limit", NULL};
  for (int i = 0; names[i]; i++) {
    const char *v;
    if (serve_param(r, names[i], &v) || !v || !*v) continue;
    hd_buf_printf(b, "%s=", names[i]);
    url_part(b, v);
    hd_buf_puts(b, "&amp;");
  }
  hd_buf_printf(b, "offset=%ld", offset);
}

static void filter_input(serve_req *r, hd_buf *b, const char *name, const char *label, const char *hint) {
  const char *v = NULL;
  serve_param(r, name, &v);
  hd_buf_printf(b, "<label>%s<input name=\"%s\" value=\"", label, name);
  html_attr(b, v ? v : "");
  hd_buf_printf(b, "\" placeholder=\"%s\" maxlength=\"1000\"></label>", hint);
}

static void search_filters(serve_req *r, hd_buf *b, const char *q) {
  hd_buf_puts(b, "<form class=\"filters\" action=\"/search\" method=\"get\"><label>Words<input name=\"q\" value=\"");
  html_attr(b, q ? q : "");
  hd_buf_puts(b, "\" maxlength=\"1000\"></label>");
  filter_input(r, b, "outlet", "Outlet", "any outlet");
  filter_input(r, b, "since", "From", "YYYY-MM-DD");
  filter_input(r, b, "until", "To", "YYYY-MM-DD");
  filter_input(r, b, "entity", "Mentions", "a person or organisation");
  hd_buf_puts(b, "<button type=\"submit\">Filter</button></form>");
}

void page_search(serve_req *r, const char *rest) {
  (void)rest;
  hd_search_result res = {0};
  const char *q = NULL;
  long offset, limit;
  if (serve_param(r, "q", &q) || serve_param_int(r, "offset", 0, 0, SERVE_MAX_OFFSET, &offset) ||
      serve_param_int(r, "limit", 20, 1, SERVE_MAX_LIMIT, &limit))
    return;
  int rc = q_search(r, &res, 0);
  if (rc < 0) {
    hd_search_result_free(&res);
    return;
  }
  hd_buf b;
  hd_buf_init(&b, 0);
  if (rc > 0) {
    hd_buf_puts(&b, "<h1>Search</h1>");
    search_filters(r, &b, NULL);
    hd_buf_puts(&b, "<p class=\"muted\">Type words, a \"quoted phrase\", or combine with AND, OR, NOT. "
                    "Press <kbd>/</kbd> anywhere to search.</p>");
    page_send(r, "Search", NULL, "search", &b);
    return;
  }
  hd_buf_puts(&b, "<h1>Results for \xE2\x80\x9C");
  html_text(&b, q);
  hd_buf_puts(&b, "\xE2\x80\x9D</h1>");
  search_filters(r, &b, q);
  if (!res.n) hd_buf_puts(&b, offset ? "<p class=\"notice\">No more matches.</p>" : "<p class=\"notice\">No article matches.</p>");
  else {
    hd_buf_printf(&b, "<p class=\"muted\">Matches %ld\xE2\x80\x93%ld, best first.</p><ol class=\"hits\" id=\"hits\">", offset + 1,
                  offset + (long)res.n);
    for (size_t i = 0; i < res.n; i++) {
      const hd_search_hit *h = &res.hits[i];
      hd_buf_printf(&b, "<li class=\"hit\"><h3><a href=\"/articles/%lld\">", (long long)h->id);
      html_text(&b, h->title && *h->title ? h->title : "(untitled)");
      hd_buf_puts(&b, "</a></h3><div class=\"meta\"><span>");
      html_text(&b, or_dash(h->date));
      hd_buf_puts(&b, "</span><span class=\"outlet\">");
      html_text(&b, or_dash(h->outlet));
      hd_buf_puts(&b, "</span>");
      if (h->story != HD_NO_ID) hd_buf_printf(&b, "<a class=\"story-link\" href=\"/stories/%lld\">story&nbsp;%lld</a>", (long long)h->story, (long long)h->story);
      hd_buf_puts(&b, "</div><p class=\"snippet\">");
      snippet_html(&b, h->snippet);
      hd_buf_puts(&b, "</p></li>");
    }
    hd_buf_puts(&b, "</ol>");
  }
  hd_buf_puts(&b, "<nav class=\"pager\"><span>");
  if (offset > 0) {
    hd_buf_puts(&b, "<a rel=\"prev\" href=\"/search?");
    search_query_string(r, &b, offset > limit ? offset - limit : 0);
    hd_buf_puts(&b, "\">\xE2\x86\x90 Previous</a>");
  }
  hd_buf_puts(&b, "</span><span>");
  if ((long)res.n == limit && offset + limit <= SERVE_MAX_OFFSET) {
    hd_buf_puts(&b, "<a rel=\"next\" href=\"/search?");
    search_query_string(r, &b, offset + limit);
    hd_buf_puts(&b, "\">Next \xE2\x86\x92</a>");
  }
  hd_buf_puts(&b, "</span></nav>");
  hd_search_result_free(&res);
  hd_buf t;
  hd_buf_init(&t, 0);
  hd_buf_printf(&t, "Search: %s", q);
  page_send(r, t.ptr, q, "search", &b);
  hd_buf_free(&t);
}

/* ---- /stories/ID ---- */

static void story_chart(hd_buf *b, const hd_story_result *s) {
  size_t n = 0;
  for (size_t i = 0; i < s->n_timeline; i++) n += 1 + s->timeline[i].n_copies;
  svg_point *pts = hd_xcalloc(n + 1, sizeof *pts);
  size_t k = 0;
  for (size_t i = 0; i < s->n_timeline; i++) {
    const hd_story_entry *e = &s->timeline[i];
    pts[k++] = (svg_point){e->date, e->outlet};
    for (size_t j = 0; j < e->n_copies; j++) pts[k++] = (svg_point){e->copies[j].date, e->copies[j].outlet};
  }
  svg_time_chart(b, "timeline", "Articles per day, by outlet", pts, k);
  free(pts);
}

static void story_articles(hd_buf *b, const hd_story_result *s) {
  hd_buf_puts(b, "<h2>Articles by date</h2><ol class=\"timeline\" id=\"articles\">");
  for (size_t i = 0; i < s->n_timeline; i++) {
    const hd_story_entry *e = &s->timeline[i];
    hd_buf_puts(b, "<li><span class=\"date\">");
    html_text(b, or_dash(e->date));
    hd_buf_puts(b, "</span><span><span class=\"outlet\">");
    html_text(b, or_dash(e->outlet));
    hd_buf_printf(b, "</span><br><a href=\"/articles/%lld\">", (long long)e->id);
    html_text(b, e->title && *e->title ? e->title : "(untitled)");
    hd_buf_puts(b, "</a></span>");
    if (e->n_copies) {
      hd_buf_printf(b, "<details class=\"copies\"><summary>%zu near-cop%s</summary><ul>", e->n_copies, e->n_copies == 1 ? "y" : "ies");
      for (size_t j = 0; j < e->n_copies; j++) {
        const hd_story_copy *c = &e->copies[j];
        hd_buf_printf(b, "<li><a href=\"/articles/%lld\">", (long long)c->id);
        html_text(b, or_dash(c->outlet));
        hd_buf_puts(b, ", ");
        html_text(b, or_dash(c->date));
        hd_buf_printf(b, "</a> (similarity %.2f)</li>", c->similarity);
      }
      hd_buf_puts(b, "</ul></details>");
    }
    hd_buf_puts(b, "</li>");
  }
  hd_buf_puts(b, "</ol>");
}

/* One quotation; `trail` (or NULL) is the summary of its trail across
 * outlets. */
static void quote_item(hd_buf *b, const char *type, const char *content, const char *outlet, const char *date, long long article,
                       const char *trail) {
  hd_buf_printf(b, "<li><blockquote class=\"q-text %s\">", type && !strcmp(type, "indirect") ? "indirect" : "direct");
  html_text(b, content);
  hd_buf_puts(b, "</blockquote><div class=\"q-foot\">");
  if (type) {
    hd_buf_puts(b, "<span class=\"badge\">");
    html_text(b, type);
    hd_buf_puts(b, "</span> ");
  }
  hd_buf_printf(b, "<a href=\"/articles/%lld\">", article);
  html_text(b, or_dash(outlet));
  hd_buf_puts(b, ", ");
  html_text(b, or_dash(date));
  hd_buf_puts(b, "</a>");
  if (trail) {
    hd_buf_puts(b, " <span class=\"muted trail\">");
    html_text(b, trail);
    hd_buf_puts(b, "</span>");
  }
  hd_buf_puts(b, "</div></li>");
}

/* Named speakers with the most quotations first, then unidentified ones. */
static int by_weight(const void *a, const void *b) {
  const hd_story_speaker *x = *(const hd_story_speaker *const *)a, *y = *(const hd_story_speaker *const *)b;
  int nx = x->entity == HD_NO_ID, ny = y->entity == HD_NO_ID;
  if (nx != ny) return nx - ny;
  if (x->n_quotes != y->n_quotes) return x->n_quotes < y->n_quotes ? 1 : -1;
  return strcmp(x->speaker ? x->speaker : "", y->speaker ? y->speaker : "");
}

static void story_speakers(hd_buf *b, const hd_story_result *s, const anon_list *anon) {
  hd_buf_puts(b, "<h2>Who said what</h2>");
  if (!s->n_speakers) {
    hd_buf_puts(b, "<p class=\"muted\">No quotations were found in this story.</p>");
    return;
  }
  const hd_story_speaker **order = hd_xcalloc(s->n_speakers, sizeof *order);
  for (size_t i = 0; i < s->n_speakers; i++) order[i] = &s->speakers[i];
  qsort(order, s->n_speakers, sizeof *order, by_weight);
  hd_buf_puts(b, "<div class=\"speakers\" id=\"speakers\">");
  for (size_t i = 0; i < s->n_speakers; i++) {
    const hd_story_speaker *sp = order[i];
    hd_buf_puts(b, "<section class=\"group speaker\"><h3>");
    if (sp->entity != HD_NO_ID) entity_link(b, sp->speaker);
    else html_text(b, sp->speaker);
    if (speaker_is_anonymous(sp, anon)) hd_buf_puts(b, " <span class=\"badge anonymous\">anonymous source</span>");
    else if (sp->entity == HD_NO_ID) hd_buf_puts(b, " <span class=\"badge\">not identified</span>");
    hd_buf_printf(b, " <span class=\"muted\">%zu quotation%s</span></h3><ul class=\"quotes\">", sp->n_quotes, sp->n_quotes == 1 ? "" : "s");
    for (size_t j = 0; j < sp->n_quotes; j++) {
      const hd_story_quote *q = &sp->quotes[j];
      quote_item(b, q->type, q->content, q->outlet, q->date, (long long)q->article, q->trail);
    }
    hd_buf_puts(b, "</ul></section>");
  }
  hd_buf_puts(b, "</div>");
  free(order);
}

void page_story(serve_req *r, const char *rest) {
  hd_story_result s = {0};
  if (q_story(r, rest, &s)) {
    hd_story_result_free(&s);
    return;
  }
  hd_buf b;
  hd_buf_init(&b, 0);
  hd_buf_puts(&b, "<p class=\"muted\"><a href=\"/\">Stories</a> \xE2\x80\xBA story ");
  hd_buf_printf(&b, "%lld</p><h1 class=\"story-label\">", (long long)s.story.id);
  story_name(&b, &s.story);
  hd_buf_puts(&b, "</h1>");
  story_keys(&b, &s.story);
  hd_buf_printf(&b, "<div class=\"stats\"><span><b>%lld</b> articles</span>", (long long)s.story.articles);
  outlet_count(&b, s.story.outlets);
  hd_buf_puts(&b, "<span>");
  date_range(&b, s.story.first, s.story.last);
  hd_buf_puts(&b, "</span></div>");
  if (s.n_related) {
    hd_buf_puts(&b, "<p class=\"related\">Same thread: ");
    for (size_t i = 0; i < s.n_related; i++) {
      hd_buf_printf(&b, "<a href=\"/stories/%lld\">", (long long)s.related[i].id);
      story_label(&b, s.related[i].label, (long long)s.related[i].id);
      hd_buf_puts(&b, "</a>");
    }
    hd_buf_puts(&b, "</p>");
  }
  story_chart(&b, &s);
  story_articles(&b, &s);
  anon_list anon = {0};
  find_anonymous(&s, &anon);
  story_speakers(&b, &s, &anon);
  anon_free(&anon);
  hd_buf t;
  hd_buf_init(&t, 0);
  if (s.story.headline) hd_buf_puts(&t, s.story.headline);
  else if (s.story.label) hd_buf_puts(&t, s.story.label);
  else hd_buf_printf(&t, "Story %lld", (long long)s.story.id);
  hd_story_result_free(&s);
  page_send(r, t.ptr, NULL, "story", &b);
  hd_buf_free(&t);
}

/* ---- /entities/NAME ---- */

static void name_chips(hd_buf *b, const char *heading, const hd_name_count *v, size_t n) {
  hd_buf_printf(b, "<h2>%s</h2>", heading);
  if (!n) {
    hd_buf_puts(b, "<p class=\"muted\">None recorded.</p>");
    return;
  }
  hd_buf_puts(b, "<ul class=\"chips\">");
  for (size_t i = 0; i < n; i++) {
    hd_buf_puts(b, "<li>");
    html_text(b, v[i].text);
    hd_buf_printf(b, "<span class=\"n\">%lld</span></li>", (long long)v[i].count);
  }
  hd_buf_puts(b, "</ul>");
}

/* Bar colours by entity type, and their key. */
static const char *type_class(const char *type) {
  if (!type) return "t-MISC";
  return !strcmp(type, "PER") ? "t-PER" : !strcmp(type, "ORG") ? "t-ORG" : !strcmp(type, "LOC") ? "t-LOC" : "t-MISC";
}

static const char TYPE_KEY[] =
    "<ul class=\"legend type-key\"><li><span class=\"sw t-PER\"></span>person</li><li><span class=\"sw t-ORG\"></span>organisation</li>"
    "<li><span class=\"sw t-LOC\"></span>place</li><li><span class=\"sw t-MISC\"></span>other</li></ul>";

static void entity_charts(serve_req *r, hd_buf *b, const hd_entity_result *e) {
  /* quotes over time: the entity's quotations (bounded), by outlet */
  hd_quotes_result qr = {0};
  if (q_quotes(r, e->key ? e->key : e->name, SERVE_CHART_QUOTES, 0, &qr) == 0) {
    svg_point *pts = hd_xcalloc(qr.n + 1, sizeof *pts);
    for (size_t i = 0; i < qr.n; i++) pts[i] = (svg_point){qr.rows[i].date, qr.rows[i].outlet};
    svg_time_chart(b, "quotes-over-time", qr.n == SERVE_CHART_QUOTES ? "Quotations over time (latest 1,000)" : "Quotations over time",
                   pts, qr.n);
    free(pts);
  }
  hd_quotes_result_free(&qr);
  hd_buf *hrefs = hd_xcalloc(e->n_cooccurring + 1, sizeof *hrefs);
  svg_bar *bars = hd_xcalloc(e->n_cooccurring + 1, sizeof *bars);
  for (size_t i = 0; i < e->n_cooccurring; i++) {
    hd_buf_init(&hrefs[i], 0);
    entity_href(&hrefs[i], e->cooccurring[i].name ? e->cooccurring[i].name : "");
    bars[i] = (svg_bar){e->cooccurring[i].name, (long long)e->cooccurring[i].articles, hrefs[i].ptr, type_class(e->cooccurring[i].type)};
  }
  svg_bar_chart(b, "cooccurring", "Often in the same articles (number of articles)", bars, e->n_cooccurring, TYPE_KEY);
  for (size_t i = 0; i < e->n_cooccurring; i++) hd_buf_free(&hrefs[i]);
  free(hrefs);
  free(bars);
}

void page_entity(serve_req *r, const char *rest) {
  if (serve_check_text(r, "the name", rest)) return;
  hd_entity_result e = {0};
  if (q_entity(r, rest, &e)) {
    hd_entity_result_free(&e);
    return;
  }
  hd_buf b;
  hd_buf_init(&b, 0);
  hd_buf_puts(&b, "<h1 class=\"entity-name\">");
  html_text(&b, e.name);
  hd_buf_puts(&b, " <span class=\"badge ");
  html_attr(&b, e.type ? e.type : "");
  hd_buf_puts(&b, "\">");
  html_text(&b, e.type);
  hd_buf_printf(&b, "</span></h1><div class=\"stats\"><span><b>%lld</b> mentions</span><span>in <b>%lld</b> articles</span></div>",
                (long long)e.mentions, (long long)e.articles);
  entity_charts(r, &b, &e);
  if (r->status != 200) { /* a chart's query failed and answered */
    hd_buf_free(&b);
    hd_entity_result_free(&e);
    return;
  }
  hd_buf_puts(&b, "<div class=\"two\"><div>");
  name_chips(&b, "Also written as", e.aliases, e.n_aliases);
  hd_buf_puts(&b, "</div><div>");
  name_chips(&b, "Titles", e.titles, e.n_titles);
  hd_buf_puts(&b, "</div></div><h2>Latest quotations</h2>");
  if (!e.n_quotes) hd_buf_puts(&b, "<p class=\"muted\">No quotations attributed.</p>");
  else {
    hd_buf_puts(&b, "<ul class=\"quotes group\" id=\"entity-quotes\">");
    for (size_t i = 0; i < e.n_quotes; i++)
      quote_item(&b, NULL, e.quotes[i].content, e.quotes[i].outlet, e.quotes[i].date, (long long)e.quotes[i].article, NULL);
    hd_buf_puts(&b, "</ul>");
  }
  hd_buf t;
  hd_buf_init(&t, 0);
  hd_buf_puts(&t, e.name ? e.name : rest);
  hd_entity_result_free(&e);
  page_send(r, t.ptr, NULL, "entity", &b);
  hd_buf_free(&t);
}

/* ---- /articles/ID ---- */

typedef struct {
  size_t start, end;
  const char *cls; /* "ent PER", "q-content", "q-cue", "q-source" */
  long long quote; /* quote id for the anchor of its content, else -1 */
  const char *tip; /* title attribute, or NULL */
} mark;

#define MAX_MARKS 4096

static int on_boundary(const char *t, size_t len, size_t i) { return i == len || (t[i] & 0xC0) != 0x80; }

static void add_mark(mark *m, size_t *n, const hd_stored_article *a, int64_t s, int64_t e, const char *cls, long long q,
                     const char *tip) {
  if (*n >= MAX_MARKS || s < 0 || e <= s || (size_t)e > a->text_len) return;
  if (!on_boundary(a->text, a->text_len, (size_t)s) || !on_boundary(a->text, a->text_len, (size_t)e)) return;
  m[(*n)++] = (mark){(size_t)s, (size_t)e, cls, q, tip};
}

/* The occurrence of `needle` nearest to [cs, ce) outside it, within 400 bytes; -1 if none. */
static long nearest(const hd_stored_article *a, const char *needle, size_t cs, size_t ce, size_t avoid_s, size_t avoid_e) {
  size_t n = needle ? strlen(needle) : 0;
  if (!n) return -1;
  size_t lo = cs > 400 ? cs - 400 : 0, hi = ce + 400 < a->text_len ? ce + 400 : a->text_len;
  long best = -1;
  size_t best_d = (size_t)-1;
  for (const char *p = a->text + lo; p + n <= a->text + hi; p++) {
    p = memmem(p, (size_t)(a->text + hi - p), needle, n);
    if (!p) break;
    size_t s = (size_t)(p - a->text), e = s + n;
    if (s < ce && e > cs) continue;            /* inside the content */
    if (s < avoid_e && e > avoid_s) continue; /* over the cue */
    size_t d = e <= cs ? cs - e : s - ce;
    if (d < best_d) best_d = d, best = (long)s;
  }
  return best;
}

static int by_pos(const void *a, const void *b) {
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return (x > y) - (x < y);
}

/* The text with its marks: one <span> per run of equal marks (no nesting to break). */
static void highlighted_text(hd_buf *b, const hd_stored_article *a, const mark *m, size_t n) {
  size_t *cut = hd_xcalloc(2 * n + 2, sizeof *cut), k = 0;
  cut[k++] = 0;
  cut[k++] = a->text_len;
  for (size_t i = 0; i < n; i++) cut[k++] = m[i].start, cut[k++] = m[i].end;
  qsort(cut, k, sizeof *cut, by_pos);
  char *anchored = hd_xcalloc(n + 1, 1);
  hd_buf_puts(b, "<div class=\"article-text\" id=\"text\">");
  for (size_t c = 0; c + 1 < k; c++) {
    size_t s = cut[c], e = cut[c + 1];
    if (s == e) continue;
    int any = 0;
    const char *tip = NULL;
    for (size_t i = 0; i < n; i++) {
      if (m[i].start > s || m[i].end < e) continue;
      hd_buf_puts(b, any ? " " : "<span class=\"");
      hd_buf_puts(b, m[i].cls);
      if (m[i].tip) tip = m[i].tip;
      any = 1;
    }
    if (any) {
      hd_buf_putc(b, '"');
      for (size_t i = 0; i < n; i++)
        if (m[i].quote >= 0 && m[i].start == s && !anchored[i]) {
          hd_buf_printf(b, " id=\"q-%lld\"", m[i].quote);
          anchored[i] = 1;
          break;
        }
      if (tip) {
        hd_buf_puts(b, " title=\"");
        html_attr(b, tip);
        hd_buf_putc(b, '"');
      }
      hd_buf_putc(b, '>');
    }
    html_textn(b, a->text + s, e - s);
    if (any) hd_buf_puts(b, "</span>");
  }
  hd_buf_puts(b, "</div>");
  free(anchored);
  free(cut);
}

static void article_meta(hd_buf *b, const hd_stored_article *a) {
  hd_buf_puts(b, "<div class=\"meta\">");
  if (a->outlet) {
    hd_buf_puts(b, "<span class=\"outlet\">");
    html_text(b, a->outlet);
    hd_buf_puts(b, "</span>");
  }
  const char *const fields[] = {a->date, a->byline, a->kind, a->section};
  for (int i = 0; i < 4; i++)
    if (fields[i] && *fields[i]) {
      hd_buf_puts(b, "<span>");
      html_text(b, fields[i]);
      hd_buf_puts(b, "</span>");
    }
  if (a->story != HD_NO_ID) hd_buf_printf(b, "<a href=\"/stories/%lld\">story&nbsp;%lld</a>", (long long)a->story, (long long)a->story);
  if (url_is_web(a->url)) {
    hd_buf_puts(b, "<a rel=\"noopener noreferrer nofollow\" href=\"");
    html_attr(b, a->url);
    hd_buf_puts(b, "\">original</a>");
  } else if (a->url && *a->url) {
    hd_buf_puts(b, "<span class=\"url\">");
    html_text(b, a->url);
    hd_buf_puts(b, "</span>");
  }
  hd_buf_puts(b, "</div>");
  if (a->dup_of != HD_NO_ID)
    hd_buf_printf(b, "<p class=\"notice\">A near-copy of <a href=\"/articles/%lld\">article %lld</a> (similarity %.2f).</p>",
                  (long long)a->dup_of, (long long)a->dup_of, a->dup_sim);
}

static void article_quotes(hd_buf *b, const hd_stored_article *a) {
  hd_buf_printf(b, "<h2>Quotations (%zu)</h2>", a->n_quotes);
  if (!a->n_quotes) {
    hd_buf_puts(b, "<p class=\"muted\">None found.</p>");
    return;
  }
  hd_buf_puts(b, "<ul class=\"quotes group\" id=\"article-quotes\">");
  for (size_t i = 0; i < a->n_quotes; i++) {
    const hd_stored_quote *q = &a->quotes[i];
    hd_buf_puts(b, "<li><div class=\"q-head\"><b class=\"who\">");
    if (q->speaker_id != HD_NO_ID && q->speaker) entity_link(b, q->speaker);
    else html_text(b, q->speaker ? q->speaker : q->source ? q->source : "(unknown)");
    hd_buf_puts(b, "</b>");
    if (q->cue) {
      hd_buf_puts(b, "<span class=\"q-cue\">");
      html_text(b, q->cue);
      hd_buf_puts(b, "</span>");
    }
    if (q->speaker_kind && !strcmp(q->speaker_kind, "anonymous")) hd_buf_puts(b, "<span class=\"badge anonymous\">anonymous source</span>");
    hd_buf_puts(b, "<span class=\"badge\">");
    html_text(b, q->type);
    hd_buf_printf(b, "</span><a class=\"jump\" href=\"#q-%lld\">in the text \xE2\x86\x91</a></div><blockquote class=\"q-text %s\">",
                  (long long)q->id, q->type && !strcmp(q->type, "indirect") ? "indirect" : "direct");
    html_text(b, q->content);
    hd_buf_puts(b, "</blockquote></li>");
  }
  hd_buf_puts(b, "</ul>");
}

static void article_removed(hd_buf *b, const hd_stored_article *a) {
  if (!a->n_removed) return;
  hd_buf_printf(b, "<details class=\"removed\" id=\"removed\"><summary>Removed debris (%zu pieces)</summary><ul>", a->n_removed);
  for (size_t i = 0; i < a->n_removed; i++) {
    const hd_stored_removed *d = &a->removed[i];
    hd_buf_puts(b, "<li><span class=\"badge\">");
    html_text(b, d->reason);
    hd_buf_printf(b, "</span> bytes %lld\xE2\x80\x93%lld", (long long)d->start, (long long)d->end);
    serve_removed_text(b, d);
    hd_buf_puts(b, "</li>");
  }
  hd_buf_puts(b, "</ul></details>");
}

static const char KEY[] =
    "<ul class=\"key\" aria-label=\"highlight key\"><li><span class=\"ent PER\">person</span></li>"
    "<li><span class=\"ent ORG\">organisation</span></li><li><span class=\"ent LOC\">place</span></li>"
    "<li><span class=\"ent MISC\">other name</span></li><li><span class=\"q-source\">speaker</span></li>"
    "<li><span class=\"q-cue\">cue</span></li><li><span class=\"q-content\">what was said</span></li></ul>";

void page_article(serve_req *r, const char *rest) {
  hd_stored_article a = {0};
  if (q_article(r, rest, &a)) {
    hd_stored_article_free(&a);
    return;
  }
  mark *m = hd_xcalloc(MAX_MARKS, sizeof *m);
  size_t n = 0;
  for (size_t i = 0; i < a.n_mentions; i++) {
    const hd_stored_mention *x = &a.mentions[i];
    const char *cls = !x->type ? "ent" : !strcmp(x->type, "PER") ? "ent PER" : !strcmp(x->type, "ORG") ? "ent ORG"
                                        : !strcmp(x->type, "LOC") ? "ent LOC" : "ent MISC";
    add_mark(m, &n, &a, x->start, x->end, cls, -1, x->title ? x->title : NULL);
  }
  for (size_t i = 0; i < a.n_quotes; i++) {
    const hd_stored_quote *q = &a.quotes[i];
    if (q->content_start < 0 || q->content_end > (int64_t)a.text_len || q->content_start >= q->content_end) continue;
    size_t cs = (size_t)q->content_start, ce = (size_t)q->content_end;
    add_mark(m, &n, &a, q->content_start, q->content_end, "q-content", (long long)q->id, NULL);
    long cue = nearest(&a, q->cue, cs, ce, 0, 0);
    size_t cue_e = cue >= 0 ? (size_t)cue + strlen(q->cue) : 0;
    if (cue >= 0) add_mark(m, &n, &a, cue, (int64_t)cue_e, "q-cue", -1, NULL);
    long src = nearest(&a, q->source, cs, ce, cue >= 0 ? (size_t)cue : 0, cue_e);
    if (src >= 0) add_mark(m, &n, &a, src, src + (long)strlen(q->source), "q-source", -1, NULL);
  }
  hd_buf b;
  hd_buf_init(&b, 0);
  hd_buf_puts(&b, "<article><h1 class=\"article-title\">");
  html_text(&b, a.title && *a.title ? a.title : "(untitled)");
  hd_buf_puts(&b, "</h1>");
  article_meta(&b, &a);
  hd_buf_puts(&b, KEY);
  highlighted_text(&b, &a, m, n);
  article_quotes(&b, &a);
  article_removed(&b, &a);
  hd_buf_puts(&b, "</article>");
  free(m);
  hd_buf t;
  hd_buf_init(&t, 0);
  hd_buf_puts(&t, a.title && *a.title ? a.title : "Article");
  hd_stored_article_free(&a);
  page_send(r, t.ptr, NULL, "article", &b);
  hd_buf_free(&t);
}
