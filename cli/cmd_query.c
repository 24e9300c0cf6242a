/*
 * cmd_query.c: the query verbs over a store written by `herald ingest`:
 *   herald search QUERY     full-text search (BM25, title weighted 5x), snippets, filters
 *   herald stories          stories, largest and latest first
 *   herald story ID         timeline (copies folded) and who said what
 *   herald quotes --speaker NAME
 *   herald entity NAME      aliases, titles, counts, co-occurring, quotes
 *   herald article ID       one stored article with its mentions and quotes (JSON)
 * Each takes --db FILE|URI (default herald.db; postgresql://... for
 * PostgreSQL) and --json. The verbs are thin:
 * options → the public query API (herald/store.h, which checks every value
 * and opens the store read-only) → text, or the library's JSON.
 * Exit: 0 ok, 1 store error or nothing found, 2 usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct {
  const char *db, *arg, *outlet, *since, *until, *entity, *speaker;
  int json, limit, offset, window;
} query_opts;

static const char *verb; /* for messages: "search", "story", ... */

static int usage_error(const hd_err *err) {
  fprintf(stderr, "herald %s: %s\n", verb, err->msg);
  return EXIT_USAGE;
}

/* Reads one option's value into o; -1 (message printed) if it is bad. */
static int option(const char *a, const char *v, query_opts *o) {
  hd_err err = {0};
  int64_t n;
  if (cli_is(a, "--db")) o->db = v;
  else if (cli_is(a, "--outlet")) o->outlet = v;
  else if (cli_is(a, "--entity")) o->entity = v;
  else if (cli_is(a, "--speaker")) o->speaker = v;
  else if (cli_is(a, "--since") || cli_is(a, "--until")) {
    if (hd_query_parse_date(v, NULL, &err)) return usage_error(&err), -1;
    *(cli_is(a, "--since") ? &o->since : &o->until) = v;
  } else if (cli_is(a, "--limit")) {
    if (hd_query_parse_limit(v, &o->limit, &err)) return usage_error(&err), -1;
  } else if (cli_is(a, "--offset")) {
    if (hd_query_parse_offset(v, &o->offset, &err)) return usage_error(&err), -1;
  } else if (cli_is(a, "--window")) {
    if (hd_query_parse_id(v, &n, &err) || n > 1000000) {
      fprintf(stderr, "herald %s: bad window '%s': a whole number (0 = no limit)\n", verb, v);
      return -1;
    }
    o->window = n ? (int)n : -1;
  }
  return 0;
}

/* Parses the options shared by the verbs: 0 ok, 1 --help shown, -1 usage error. */
static int parse(int argc, char **argv, query_opts *o, const char *usage) {
  static const char *const VALUED[] = {"--db",     "--outlet", "--since", "--until", "--entity",
                                       "--speaker", "--limit", "--offset", "--window", NULL};
  memset(o, 0, sizeof *o);
  o->db = "herald.db";
  verb = argv[0];
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int valued = 0;
    for (int k = 0; VALUED[k]; k++) valued |= cli_is(a, VALUED[k]);
    if (cli_is(a, "--help") || cli_is(a, "-h")) {
      fputs(usage, stdout);
      return 1;
    } else if (cli_is(a, "--json")) o->json = 1;
    else if (valued) {
      const char *v = cli_value(argc, argv, &i);
      if (!v || option(a, v, o)) return -1;
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "herald %s: unknown option %s\n", argv[0], a);
      fputs(usage, stderr);
      return -1;
    } else if (!o->arg) o->arg = a;
    else {
      fprintf(stderr, "herald %s: one argument expected\n", argv[0]);
      fputs(usage, stderr);
      return -1;
    }
  }
  return 0;
}

/* The verb's status for a failed query: usage (2) or store/not found (1). */
static int query_failed(const hd_err *err) {
  if (err->code == HD_ERR_USAGE) return usage_error(err);
  if (err->code == HD_ERR_NOT_FOUND) fprintf(stderr, "herald %s: %s\n", verb, err->msg);
  else cli_report(err);
  return EXIT_SOME_FAILED;
}

static hd_store *open_store(const query_opts *o) {
  hd_err err = {0};
  hd_store *s = hd_store_open(o->db, HD_STORE_READ_ONLY, &err);
  if (!s) cli_report(&err);
  return s;
}

/* Prints a library JSON string and a newline, and frees it. */
static int print_json(char *json) {
  fputs(json, stdout);
  putchar('\n');
  free(json);
  return EXIT_OK;
}

static const char *or_dash(const char *s) { return s && *s ? s : "-"; }

/* Runs the verb's options check (with need_arg, the verb's argument must be
 * there; with id, it is a stored id, parsed into *id), then opens the store:
 * NULL with *rc set when the verb is over (help shown, usage error, store
 * error). */
static hd_store *begin(int argc, char **argv, query_opts *o, const char *usage, int need_arg, int64_t *id, int *rc) {
  int p = parse(argc, argv, o, usage);
  *rc = p > 0 ? EXIT_OK : EXIT_USAGE;
  if (p) return NULL;
  if ((need_arg || id) && !o->arg) {
    fputs(usage, stderr);
    return NULL;
  }
  hd_err err = {0};
  if (id && hd_query_parse_id(o->arg, id, &err)) {
    *rc = usage_error(&err);
    return NULL;
  }
  hd_store *s = open_store(o);
  *rc = EXIT_SOME_FAILED;
  return s;
}

/* ---- search ---- */

int cmd_search(int argc, char **argv) {
  static const char usage[] =
      "usage: herald search QUERY [--db FILE] [--outlet NAME] [--since DATE] [--until DATE]\n"
      "                           [--entity NAME] [--limit N] [--offset N] [--window N] [--json]\n"
      "Full-text search ranked by BM25 with the title weighted 5x; prints id, date,\n"
      "outlet, title and a snippet. Words are searched as typed (U.S., O'Brien, AT&T);\n"
      "\"phrases\", AND/OR/NOT, (groups), prefix* and NEAR(a b) work as in SQLite FTS5.\n"
      "At most 32 words. Dates: YYYY-MM-DD, YYYY-MM, YYYY or DD-MON-YYYY.\n"
      "--db postgresql://...: PostgreSQL's websearch syntax (words, \"phrases\", OR,\n"
      "-word), ranked by ts_rank_cd.\n"
      "Without filters, a query matching more than --window articles (default 1000;\n"
      "0 = no limit) is ranked among the most recently stored matches (bounded cost).\n";
  query_opts o;
  int rc;
  hd_store *s = begin(argc, argv, &o, usage, 1, NULL, &rc);
  if (!s) return rc;
  hd_search_query q = {o.arg, o.outlet, o.since, o.until, o.entity, o.limit, o.offset, o.window};
  hd_search_result r;
  hd_err err = {0};
  if (hd_store_search(s, &q, &r, &err)) rc = query_failed(&err);
  else if (o.json) rc = print_json(hd_search_json(&r, NULL));
  else {
    for (size_t i = 0; i < r.n; i++) {
      const hd_search_hit *h = &r.hits[i];
      printf("%lld  %s  %s  %s  (story %lld)\n    %s\n", (long long)h->id, or_dash(h->date), or_dash(h->outlet),
             or_dash(h->title), (long long)h->story, or_dash(h->snippet));
    }
    if (!r.n) printf("no matches\n");
    rc = EXIT_OK;
  }
  hd_search_result_free(&r);
  hd_store_close(s, NULL);
  return rc;
}

/* ---- stories ---- */

int cmd_stories(int argc, char **argv) {
  static const char usage[] =
      "usage: herald stories [--db FILE] [--since DATE] [--limit N] [--offset N] [--json]\n"
      "Lists stories, largest and latest first: id, articles, outlets, first and last\n"
      "date, headline (the story's central title; its label of top entities and\n"
      "terms when no article has a title).\n";
  query_opts o;
  int rc;
  hd_store *s = begin(argc, argv, &o, usage, 0, NULL, &rc);
  if (!s) return rc;
  hd_stories_query q = {o.since, o.limit, o.offset};
  hd_stories_result r;
  hd_err err = {0};
  if (hd_store_stories(s, &q, &r, &err)) rc = query_failed(&err);
  else if (o.json) rc = print_json(hd_stories_json(&r, NULL));
  else {
    for (size_t i = 0; i < r.n; i++) {
      const hd_story_row *st = &r.rows[i];
      if (!i) printf("%6s %8s %7s  %-10s  %-10s  %s\n", "id", "articles", "outlets", "first", "last", "headline");
      char outlets[24] = "-"; /* no article names its outlet */
      if (st->outlets) snprintf(outlets, sizeof outlets, "%lld", (long long)st->outlets);
      printf("%6lld %8lld %7s  %-10s  %-10s  %s\n", (long long)st->id, (long long)st->articles,
             outlets, or_dash(st->first), or_dash(st->last), or_dash(st->headline ? st->headline : st->label));
    }
    if (!r.n) printf("no stories\n");
    rc = EXIT_OK;
  }
  hd_stories_result_free(&r);
  hd_store_close(s, NULL);
  return rc;
}

/* ---- story ---- */

/* Unnamed sources: how much of the story rests on them, then each source
 * with the outlets and dates that quote it. */
static void print_unnamed(const hd_story_result *r) {
  if (!r->n_unnamed) return;
  size_t nq = 0, na = 0;
  for (size_t i = 0; i < r->n_unnamed; i++) nq += r->unnamed[i].n_quotes;
  int64_t *seen = malloc(nq * sizeof *seen); /* the distinct articles quoting them */
  for (size_t i = 0; i < r->n_unnamed && seen; i++)
    for (size_t k = 0; k < r->unnamed[i].n_quotes; k++) {
      int64_t a = r->unnamed[i].quotes[k].article;
      size_t j = 0;
      while (j < na && seen[j] != a) j++;
      if (j == na) seen[na++] = a;
    }
  free(seen);
  printf("\nunnamed sources: %zu quote%s in %zu of %lld articles\n", nq, nq == 1 ? "" : "s", na,
         (long long)r->story.articles);
  for (size_t i = 0; i < r->n_unnamed; i++) {
    const hd_story_speaker *sp = &r->unnamed[i];
    printf("  %s\n", sp->speaker);
    for (size_t k = 0; k < sp->n_quotes; k++)
      printf("    %s %s: %s\n", or_dash(sp->quotes[k].date), or_dash(sp->quotes[k].outlet),
             or_dash(sp->quotes[k].content));
  }
}

static void print_story(const hd_story_result *r) {
  const hd_story_row *st = &r->story;
  printf("story %lld: %s\n", (long long)st->id, or_dash(st->headline ? st->headline : st->label));
  size_t ne;
  const char *terms;
  hd_story_label_parts(st->label, &ne, &terms);
  if (ne) printf("key entities: %.*s\n", (int)ne, st->label);
  if (*terms && st->headline) printf("key terms: %s\n", terms);
  if (st->outlets) printf("%lld articles, %lld outlets, %s .. %s\n", (long long)st->articles, (long long)st->outlets,
                         or_dash(st->first), or_dash(st->last));
  else printf("%lld articles, outlets unknown, %s .. %s\n", (long long)st->articles, or_dash(st->first), or_dash(st->last));
  for (size_t i = 0; i < r->n_related; i++)
    printf("%s story %lld (%s)", i ? "," : "same thread:", (long long)r->related[i].id, or_dash(r->related[i].label));
  if (r->n_related) putchar('\n');
  printf("\ntimeline\n");
  for (size_t i = 0; i < r->n_timeline; i++) {
    const hd_story_entry *e = &r->timeline[i];
    printf("  %-10s  %-20s  %s  [%lld]\n", or_dash(e->date), or_dash(e->outlet), or_dash(e->title), (long long)e->id);
    for (size_t k = 0; k < e->n_copies; k++) {
      const hd_story_copy *c = &e->copies[k];
      printf("      = copy: %-10s  %-20s  similarity %.2f  [%lld]\n", or_dash(c->date), or_dash(c->outlet),
             c->similarity == c->similarity ? c->similarity : 0.0, (long long)c->id);
    }
  }
  if (r->n_lineage) printf("\nwire lineage\n");
  for (size_t i = 0; i < r->n_lineage; i++) {
    const hd_story_lineage *l = &r->lineage[i];
    printf("  %s %s [%lld]: %lld of %lld paragraphs from %s [%lld], %lld changed, %lld added, %lld cut\n", or_dash(l->date),
           or_dash(l->outlet), (long long)l->article, (long long)l->from_source, (long long)l->paragraphs,
           or_dash(l->source_outlet), (long long)l->source, (long long)l->changed, (long long)l->added,
           (long long)l->cut);
  }
  printf("\nwho said what\n");
  for (size_t i = 0; i < r->n_speakers; i++) {
    const hd_story_speaker *sp = &r->speakers[i];
    printf("  %s\n", sp->speaker);
    for (size_t k = 0; k < sp->n_quotes; k++) {
      const hd_story_quote *q = &sp->quotes[k];
      printf("    %s %s: %s\n", or_dash(q->date), or_dash(q->outlet), or_dash(q->content));
      /* the trail once per group: at its first quote in this story */
      int shown = 0;
      for (size_t j = 0; j < k && q->trail && !shown; j++) shown = sp->quotes[j].trail == q->trail;
      if (q->trail && !shown) printf("      trail (quote %lld): %s\n", (long long)q->quote, q->trail);
    }
  }
  if (!r->n_speakers) printf("  (no quotations)\n");
  print_unnamed(r);
}

int cmd_story(int argc, char **argv) {
  static const char usage[] =
      "usage: herald story ID [--db FILE] [--json]\n"
      "One story: its articles by date (near-duplicate copies folded under the\n"
      "original), then who said what, grouped by speaker.\n";
  query_opts o;
  int64_t id;
  int rc;
  hd_store *s = begin(argc, argv, &o, usage, 1, &id, &rc);
  if (!s) return rc;
  hd_err err = {0};
  hd_story_result r;
  if (hd_store_story(s, id, &r, &err)) rc = query_failed(&err);
  else if (o.json) rc = print_json(hd_story_json(&r, NULL));
  else {
    print_story(&r);
    rc = EXIT_OK;
  }
  hd_story_result_free(&r);
  hd_store_close(s, NULL);
  return rc;
}

/* ---- quotes ---- */

int cmd_quotes(int argc, char **argv) {
  static const char usage[] =
      "usage: herald quotes --speaker NAME [--db FILE] [--limit N] [--offset N] [--json]\n"
      "Every attribution of a speaker, latest first (100 unless --limit): matched by\n"
      "entity name, alias or key, or the quoted source text; failing those, by part of\n"
      "a name or source. A quote other articles print too shows its trail's summary\n"
      "(`herald trail ID` for the whole trail; the id is in --json).\n";
  query_opts o;
  int rc = parse(argc, argv, &o, usage);
  if (rc) return rc > 0 ? EXIT_OK : EXIT_USAGE;
  if (!o.speaker) o.speaker = o.arg;
  if (!o.speaker) { fputs(usage, stderr); return EXIT_USAGE; }
  hd_store *s = open_store(&o);
  if (!s) return EXIT_SOME_FAILED;
  hd_quotes_query q = {o.speaker, o.limit, o.offset};
  hd_quotes_result r;
  hd_err err = {0};
  if (hd_store_quotes(s, &q, &r, &err)) rc = query_failed(&err);
  else if (o.json) rc = print_json(hd_quotes_json(&r, NULL));
  else {
    for (size_t i = 0; i < r.n; i++) {
      const hd_quote_row *qr = &r.rows[i];
      printf("%s  %s  %s (%s): %s\n", or_dash(qr->date), or_dash(qr->outlet), or_dash(qr->speaker), or_dash(qr->type),
             or_dash(qr->content));
      if (qr->trail) printf("    trail: %s\n", qr->trail); /* linked quotes: `herald trail ID` */
    }
    if (!r.n) printf("no quotations by %s\n", o.speaker);
    rc = EXIT_OK;
  }
  hd_quotes_result_free(&r);
  hd_store_close(s, NULL);
  return rc;
}

/* ---- entity ---- */

static void print_entity(const hd_entity_result *r) {
  printf("%s (%s, %s): %lld mentions in %lld articles\n", or_dash(r->name), or_dash(r->type), or_dash(r->key),
         (long long)r->mentions, (long long)r->articles);
  printf("aliases\n");
  for (size_t i = 0; i < r->n_aliases; i++) printf("  %s  %lld\n", or_dash(r->aliases[i].text), (long long)r->aliases[i].count);
  if (!r->n_aliases) printf("  (none)\n");
  printf("titles\n");
  for (size_t i = 0; i < r->n_titles; i++) printf("  %s  %lld\n", or_dash(r->titles[i].text), (long long)r->titles[i].count);
  if (!r->n_titles) printf("  (none)\n");
  printf("co-occurring entities\n");
  for (size_t i = 0; i < r->n_cooccurring; i++) {
    const hd_entity_ref *e = &r->cooccurring[i];
    printf("  %s  %s  %lld  %lld\n", or_dash(e->name), or_dash(e->type), (long long)e->articles, (long long)e->id);
  }
  if (!r->n_cooccurring) printf("  (none)\n");
  if (r->n_candidates) {
    printf("the name also names\n");
    for (size_t i = 0; i < r->n_candidates; i++) {
      const hd_entity_ref *e = &r->candidates[i];
      printf("  %s  %s  %lld articles  %lld\n", or_dash(e->name), or_dash(e->type), (long long)e->articles, (long long)e->id);
    }
  }
  printf("latest quotations\n");
  for (size_t i = 0; i < r->n_quotes; i++) {
    const hd_entity_quote *q = &r->quotes[i];
    printf("  %s  %s  %s  %lld\n", or_dash(q->date), or_dash(q->outlet), or_dash(q->content), (long long)q->article);
  }
  if (!r->n_quotes) printf("  (none)\n");
}

int cmd_entity(int argc, char **argv) {
  static const char usage[] =
      "usage: herald entity NAME [--db FILE] [--limit N] [--json]\n"
      "An identity across the store (matched by name, alias or key; else by part of\n"
      "the name): aliases, titles, mention and article counts, co-occurring\n"
      "entities and the latest quotations.\n";
  query_opts o;
  int rc;
  hd_store *s = begin(argc, argv, &o, usage, 1, NULL, &rc);
  if (!s) return rc;
  hd_entity_query q = {o.arg, o.limit};
  hd_entity_result r;
  hd_err err = {0};
  if (hd_store_entity(s, &q, &r, &err)) rc = query_failed(&err);
  else if (o.json) rc = print_json(hd_entity_json(&r, NULL));
  else {
    print_entity(&r);
    rc = EXIT_OK;
  }
  hd_entity_result_free(&r);
  hd_store_close(s, NULL);
  return rc;
}

/* ---- quote trail ---- */

int cmd_trail(int argc, char **argv) {
  static const char usage[] =
      "usage: herald trail QUOTE_ID [--db FILE]\n"
      "The trail of a quote across outlets as JSON: who printed it first, every\n"
      "repeat with the same words, and the variants whose words differ (the words\n"
      "added and removed: a possible misquote). Quote ids are in `herald quotes\n"
      "--json` (\"id\") and `herald article ID`.\n";
  query_opts o;
  int64_t id;
  int rc;
  hd_store *s = begin(argc, argv, &o, usage, 1, &id, &rc);
  if (!s) return rc;
  hd_err err = {0};
  char *json = hd_store_quote_trail(s, id, &err);
  if (!json) rc = query_failed(&err);
  else {
    fputs(json, stdout);
    free(json);
    rc = EXIT_OK;
  }
  hd_store_close(s, NULL);
  return rc;
}

/* ---- article ---- */

int cmd_article(int argc, char **argv) {
  static const char usage[] =
      "usage: herald article ID [--db FILE]\n"
      "One stored article as JSON: metadata, cleaned text, entity mentions and\n"
      "quotations with byte offsets into the text.\n";
  query_opts o;
  int64_t id;
  int rc;
  hd_store *s = begin(argc, argv, &o, usage, 1, &id, &rc);
  if (!s) return rc;
  hd_err err = {0};
  hd_stored_article r;
  if (hd_store_article(s, id, &r, &err)) rc = query_failed(&err);
  else rc = print_json(hd_stored_article_json(&r, NULL));
  hd_stored_article_free(&r);
  hd_store_close(s, NULL);
  return rc;
}
