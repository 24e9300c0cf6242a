/*
 * statements.c: the last step of the attribution stage (attrib.c calls
 * hd_statements_finish once per article, after every sentence).
 *
 * 1. One record per statement. The frames can propose two records whose
 *    contents overlap: a nested attribution ("X said that A, though she
 *    acknowledged B": B's record inside A's), the same statement reached
 *    from two cues, a quotation continued after its record already took
 *    it. PolNeAR gives every token to at most one attribution, so:
 *    - a record nested in another goes: when its cue lies outside the
 *      outer content (a partial quote inside an indirect one) it is the
 *      same statement, and its quotation becomes one of the outer record's
 *      `partial` spans; when its cue lies inside (an attribution reported
 *      inside another, "X said that A, though she acknowledged B"),
 *      PolNeAR keeps the outer one (on dev, dropping the inner record
 *      gave content precision 0.916 against 0.863 for cutting the outer
 *      content before it and 0.911 for dropping the outer one);
 *    - a cue-less continuation overlapping a record goes;
 *    - crossing contents: the later record starts after the earlier one
 *      ends, or, when its cue lies inside the earlier content, the earlier
 *      one ends before it.
 * 2. Partial spans: the paired quotations inside a content that is not
 *    itself one quotation (at most HD_QUOTE_MAX_PARTIAL).
 * 3. Confidence: a logistic regression over hashed features of the record
 *    (frame, cue word, cue word in that frame, type, speaker kind, whether
 *    the speaker resolved, the source's mention type, length and first and
 *    last words, the content's length and first word, paragraph position,
 *    the learned frame filter's verdict), trained by `herald train quotes`
 *    on PolNeAR train with label "the content is a gold content"
 *    (one-to-one). A cue word PolNeAR rarely marks as speech, writing,
 *    belief or intention gets low weight in every frame, so it does not
 *    make a record on its own. Records below the threshold (the model's,
 *    chosen on dev for content precision, or --min-confidence) are
 *    dropped with the continuations that follow them.
 *
 * Complexity: O(q log q + overlapping pairs) for the overlaps (sort and
 * sweep), O(q log quotations + quotations inside contents) for partial
 * spans, O(q + identities) for continuation heads; features O(log
 * tokens) per record.
 * Memory: scratch arrays per record (drop flags, order, heads) and one
 * per identity, freed before return; records are
 * compacted in place in a->quotes (owned by the article).
 */
#include "attrib/statements.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

#include "attrib/cue_model.h"
#include "util/buf.h"
#include "util/lexicon.h"

static int overlaps(hd_span x, hd_span y) { return x.start < y.end && y.start < x.end; }
static int inside(hd_span in, hd_span out) { return in.start >= out.start && in.end <= out.end; }
static int is_cont(const hd_quote *q) { return hd_span_is_none(q->cue) && hd_span_is_none(q->source); }
static int has_span(hd_span s) { return !hd_span_is_none(s) && s.end > s.start; }

static int has_word_char(const char *t, uint32_t b, uint32_t e) {
  for (uint32_t i = b; i < e; i++)
    if (isalnum((unsigned char)t[i]) || ((unsigned char)t[i] >= 0xC0)) return 1;
  return 0;
}

/* Words that join a clause to the one before it; dropped from the end of
 * an outer content cut before a nested attribution
 * (data/lexicons/attrib_joiners.txt). */
static int ends_with_joiner(const char *t, uint32_t b, uint32_t e, uint32_t *word_start) {
  uint32_t k = e;
  while (k > b && isalpha((unsigned char)t[k - 1])) k--;
  if (k == e || e - k > 9 || (k > b && !isspace((unsigned char)t[k - 1]) && t[k - 1] != ',')) return 0;
  if (!hd_lex_has_lower(HD_LEX_ATTRIB_JOINERS, t + k, e - k)) return 0;
  *word_start = k;
  return 1;
}

/* The end of a content cut at byte `cut`: trailing spaces, punctuation
 * (not closing quotation marks) and joining words go. */
static uint32_t cut_end(const char *t, uint32_t b, uint32_t cut) {
  uint32_t e = cut;
  for (int round = 0; round < 3; round++) {
    while (e > b && (isspace((unsigned char)t[e - 1]) || strchr(",;:-(", t[e - 1]))) e--;
    while (e >= b + 3 && !memcmp(t + e - 3, "\xE2\x80\x94", 3)) e -= 3; /* em dash */
    uint32_t w;
    if (!ends_with_joiner(t, b, e, &w)) break;
    e = w;
  }
  return e;
}

/* Start of a content moved past byte `from`: spaces and punctuation skip. */
static uint32_t skip_start(const char *t, uint32_t from, uint32_t e) {
  while (from < e && (isspace((unsigned char)t[from]) || strchr(",;:-)", t[from]))) from++;
  return from;
}

/* Where the inner attribution starts inside the outer content. */
static uint32_t inner_start(const hd_quote *in, hd_span outer) {
  uint32_t s = in->content.start;
  if (has_span(in->cue) && in->cue.start < s) s = in->cue.start;
  if (has_span(in->source) && inside(in->source, outer) && in->source.start < s) s = in->source.start;
  return s;
}

static void add_partial(hd_quote *q, hd_span s) {
  for (uint8_t k = 0; k < q->n_partial; k++)
    if (overlaps(q->partial[k], s)) return;
  if (q->n_partial < HD_QUOTE_MAX_PARTIAL) q->partial[q->n_partial++] = s;
}

/* Outer record o ends before its nested attribution i; 1 if o survives. */
static int cut_before(const hd_article *a, hd_quote *o, const hd_quote *i) {
  uint32_t s = inner_start(i, o->content);
  if (s <= o->content.start) return 0;
  uint32_t e = cut_end(a->text, o->content.start, s);
  if (e <= o->content.start || !has_word_char(a->text, o->content.start, e)) return 0;
  o->content.end = e;
  return 1;
}

/* Resolves one overlapping pair; returns the record to drop, or -1. */
static long resolve_pair(const hd_article *a, size_t i, size_t j) {
  hd_quote *x = &a->quotes[i], *y = &a->quotes[j];
  if (is_cont(y)) return (long)j;
  if (is_cont(x)) return (long)i;
  int y_in_x = inside(y->content, x->content), x_in_y = inside(x->content, y->content);
  if (y_in_x || x_in_y) {
    hd_quote *o = y_in_x ? x : y, *in = y_in_x ? y : x;
    if (in->type != HD_Q_INDIRECT) add_partial(o, in->content);
    return (long)(y_in_x ? j : i);
  }
  size_t ei = x->content.start <= y->content.start ? i : j, li = ei == i ? j : i;
  hd_quote *e = &a->quotes[ei], *l = &a->quotes[li];
  if (has_span(l->cue) && inside(l->cue, e->content)) return cut_before(a, e, l) ? -1 : (long)ei;
  uint32_t s = skip_start(a->text, e->content.end, l->content.end);
  if (!has_word_char(a->text, s, l->content.end)) return (long)li;
  l->content.start = s;
  return -1;
}

/* Overlapping pairs by sort and sweep: records ordered by content start;
 * each one meets only the records starting inside its content, so the
 * cost is O(q log q + pairs that overlap), not O(q^2). Resolving a pair
 * only shrinks contents, so no pair appears that the sweep did not list;
 * pairs are resolved in record order (i, then j), as a double loop would. */
typedef struct {
  uint32_t i, j;
} rec_pair;

static _Thread_local const hd_quote *tl_sort_base; /* qsort has no context argument */

static int cmp_by_start(const void *x, const void *y) {
  const hd_quote *q = tl_sort_base;
  uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
  if (q[a].content.start != q[b].content.start) return q[a].content.start < q[b].content.start ? -1 : 1;
  return a < b ? -1 : a > b;
}

static int cmp_pair(const void *x, const void *y) {
  const rec_pair *a = x, *b = y;
  if (a->i != b->i) return a->i < b->i ? -1 : 1;
  return a->j < b->j ? -1 : a->j > b->j;
}

static void resolve_overlaps(const hd_article *a, uint8_t *drop) {
  size_t n = a->n_quotes, np = 0, cap = 0;
  uint32_t *ord = hd_xmalloc((n ? n : 1) * sizeof *ord);
  for (size_t k = 0; k < n; k++) ord[k] = (uint32_t)k;
  tl_sort_base = a->quotes;
  qsort(ord, n, sizeof *ord, cmp_by_start);
  rec_pair *pairs = NULL;
  for (size_t k = 0; k < n; k++) {
    const hd_quote *x = &a->quotes[ord[k]];
    for (size_t m = k + 1; m < n && a->quotes[ord[m]].content.start < x->content.end; m++) {
      if (!overlaps(x->content, a->quotes[ord[m]].content)) continue;
      rec_pair p = {ord[k] < ord[m] ? ord[k] : ord[m], ord[k] < ord[m] ? ord[m] : ord[k]};
      HD_VEC_PUSH(pairs, np, cap, p);
    }
  }
  if (np) qsort(pairs, np, sizeof *pairs, cmp_pair);
  for (size_t k = 0; k < np; k++) {
    size_t i = pairs[k].i, j = pairs[k].j;
    if (drop[i] || drop[j] || !overlaps(a->quotes[i].content, a->quotes[j].content)) continue;
    long d = resolve_pair(a, i, j);
    if (d >= 0) drop[d] = 1;
    else if (overlaps(a->quotes[i].content, a->quotes[j].content)) drop[j] = 1; /* a cut that left both */
  }
  hd_free(pairs);
  hd_free(ord);
}

/* Type and partial spans from the quotations inside the content; qs is
 * in text order (the stage pairs marks left to right), so the quotations
 * inside start at or after the content: a binary search finds the first. */
static void fill_partials(hd_quote *q, const hd_quotation_span *qs, size_t nq) {
  int whole = 0, any = 0;
  size_t lo = 0, hi = nq;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (qs[mid].start < q->content.start) lo = mid + 1;
    else hi = mid;
  }
  for (size_t k = lo; k < nq && qs[k].start < q->content.end; k++) {
    hd_span s = {qs[k].start, qs[k].end};
    if (!inside(s, q->content)) continue;
    any = 1;
    if (s.start == q->content.start && s.end == q->content.end) whole = 1;
    else if (q->type != HD_Q_DIRECT) add_partial(q, s);
  }
  if (q->type == HD_Q_DIRECT && !whole && !any) q->type = HD_Q_INDIRECT;
  else if (q->type == HD_Q_INDIRECT && any) q->type = HD_Q_PARTIAL;
  else if (q->type == HD_Q_PARTIAL && !any && !q->n_partial) q->type = HD_Q_INDIRECT;
  if (q->type == HD_Q_DIRECT) q->n_partial = 0;
}

/* head[i] = hd_statement_head(a, i) for every record, in one pass: the
 * last record with a cue or source per (speaker, kind). */
static void statement_heads(const hd_article *a, size_t *head) {
  size_t slots = (a->n_identities + 1) * 8;
  size_t *last = hd_xmalloc(slots * sizeof *last);
  for (size_t k = 0; k < slots; k++) last[k] = SIZE_MAX;
  for (size_t i = 0; i < a->n_quotes; i++) {
    const hd_quote *q = &a->quotes[i];
    size_t spk = q->speaker < a->n_identities ? q->speaker : a->n_identities;
    size_t slot = spk * 8 + (q->speaker_kind & 7);
    if (!is_cont(q) || (q->speaker != HD_NONE && q->speaker >= a->n_identities)) {
      head[i] = i;
      if (!is_cont(q)) last[slot] = i;
    } else head[i] = last[slot] != SIZE_MAX ? last[slot] : i;
  }
  hd_free(last);
}

size_t hd_statement_head(const hd_article *a, size_t qi) {
  const hd_quote *q = &a->quotes[qi];
  if (!is_cont(q)) return qi;
  for (size_t k = qi; k-- > 0;) {
    const hd_quote *p = &a->quotes[k];
    if (!is_cont(p) && p->speaker == q->speaker && p->speaker_kind == q->speaker_kind) return k;
  }
  return qi;
}

/* ---- confidence features ---- */

/* Copies s, cut to max bytes, to out; returns the bytes copied (no NUL
 * written). */
static size_t put_cut(char *out, const char *s, size_t max) {
  size_t l = 0;
  while (l < max && s[l]) {
    out[l] = s[l];
    l++;
  }
  return l;
}

/* XXH32 of "name=v1|v2" (each part cut to 40 bytes), without printf. */
static uint32_t feat(const char *name, const char *v1, const char *v2) {
  char buf[128];
  size_t n = put_cut(buf, name, 40);
  buf[n++] = '=';
  n += put_cut(buf + n, v1, 40);
  buf[n++] = '|';
  n += v2 ? put_cut(buf + n, v2, 40) : 0;
  return XXH32(buf, n, 0x5eed);
}

/* v in decimal into num (24 bytes), NUL-terminated, as "%ld" writes it. */
static void put_long(char *num, long v) {
  size_t n = 0, k = 0;
  unsigned long u = v < 0 ? (unsigned long)(-v) : (unsigned long)v;
  char rev[24];
  do rev[n++] = (char)('0' + u % 10); while ((u /= 10) && n < sizeof rev);
  if (v < 0) num[k++] = '-';
  while (n) num[k++] = rev[--n];
  num[k] = 0;
}

static uint32_t feat_i(const char *name, long v, const char *v2) {
  char num[24];
  put_long(num, v);
  return feat(name, num, v2);
}

/* The lower-cased first (last = 0) or last word of [b, e), ASCII letters
 * and digits, at most 23 bytes. */
static void edge_word(const char *t, uint32_t b, uint32_t e, int last, char *out) {
  uint32_t s = b, f;
  if (last) {
    f = e;
    while (f > b && !isalnum((unsigned char)t[f - 1])) f--;
    s = f;
    while (s > b && isalnum((unsigned char)t[s - 1])) s--;
  } else {
    while (s < e && !isalnum((unsigned char)t[s])) s++;
    f = s;
    while (f < e && isalnum((unsigned char)t[f])) f++;
  }
  size_t n = f - s < 23 ? f - s : 23;
  for (size_t k = 0; k < n; k++) out[k] = (char)tolower((unsigned char)t[s + k]);
  out[n] = 0;
}

static long words_in(const char *t, uint32_t b, uint32_t e) {
  long n = 0;
  int in = 0;
  for (uint32_t i = b; i < e; i++) {
    char c = t[i];
    int w = !(c == ' ' || (c >= '\t' && c <= '\r')); /* isspace in the C locale herald runs in */
    if (w && !in) n++;
    in = w;
  }
  return n;
}

static long bucket(long n) { return n <= 3 ? n : n <= 5 ? 5 : n <= 9 ? 9 : n <= 17 ? 17 : n <= 33 ? 33 : 99; }

static long paragraph_of(const hd_article *a, uint32_t byte) {
  size_t lo = 0, hi = a->n_paragraphs;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (a->paragraphs[mid].end <= byte) lo = mid + 1;
    else hi = mid;
  }
  return (long)lo;
}

/* The NER type of the first mention overlapping the source (mentions are
 * in text order and do not overlap: a binary search). */
static const char *source_mention(const hd_article *a, hd_span s) {
  if (!has_span(s)) return "none";
  size_t lo = 0, hi = a->n_mentions;
  while (lo < hi) { /* first mention ending after the source starts */
    size_t mid = (lo + hi) / 2;
    if (a->mentions[mid].end <= s.start) lo = mid + 1;
    else hi = mid;
  }
  for (size_t m = lo; m < a->n_mentions && a->mentions[m].start < s.end; m++)
    if (overlaps((hd_span){a->mentions[m].start, a->mentions[m].end}, s) && a->mentions[m].type < HD_ENT_COUNT)
      return hd_ent_type_name(a->mentions[m].type);
  return "-";
}

uint32_t hd_statement_bias_feature(void) { return feat("bias", "", NULL); }

size_t hd_statement_features(const hd_article *a, size_t qi, const hd_quote_trace *t, uint32_t *out) {
  /* feature strings of the confidence model (hashed into its weights): not
   * the output names, and kept as they are so that the model stays valid */
  static const char *const KINDS[] = {"named", "anon", "org", "pron", "unknown"};
  const hd_quote *q = &a->quotes[qi];
  char frame[24], key[48], w[24];
  put_long(frame, t ? t->frame : HD_FRAME_COUNT);
  key[put_cut(key, t ? t->key : "", sizeof key - 1)] = 0;
  const char *type = hd_quote_type_name(q->type);
  const char *kind = KINDS[q->speaker_kind <= HD_SPK_UNKNOWN ? q->speaker_kind : HD_SPK_UNKNOWN];
  size_t n = 0;
  out[n++] = feat("bias", "", NULL);
  out[n++] = feat("f", frame, NULL);
  out[n++] = feat("k", key, NULL);
  out[n++] = feat("kf", key, frame);
  out[n++] = feat("t", type, NULL);
  out[n++] = feat("tf", type, frame);
  out[n++] = feat("sk", kind, NULL);
  out[n++] = feat("kk", key, kind);
  out[n++] = feat("sid", q->speaker != HD_NONE ? "1" : "0", kind);
  const char *sm = source_mention(a, q->source);
  out[n++] = feat("sm", sm, NULL);
  out[n++] = feat("smf", sm, frame);
  out[n++] = feat_i("ff", t && t->key[0] ? hd_frame_filter(t->key, t->frame) : -1, NULL);
  long cw = words_in(a->text, q->content.start, q->content.end);
  out[n++] = feat_i("cl", bucket(cw), NULL);
  out[n++] = feat_i("clt", bucket(cw), type);
  edge_word(a->text, q->content.start, q->content.end, 0, w);
  out[n++] = feat("c0", w, NULL);
  out[n++] = feat("c0k", w, key);
  out[n++] = feat_i("np", q->n_partial, NULL);
  if (has_span(q->source)) {
    out[n++] = feat_i("sl", bucket(words_in(a->text, q->source.start, q->source.end)), NULL);
    edge_word(a->text, q->source.start, q->source.end, 0, w);
    out[n++] = feat("s0", w, NULL);
    edge_word(a->text, q->source.start, q->source.end, 1, w);
    out[n++] = feat("sh", w, NULL);
    out[n++] = feat("shk", w, key);
    unsigned char c0 = (unsigned char)a->text[q->source.start];
    out[n++] = feat("sc", isupper(c0) ? "U" : islower(c0) ? "l" : "o", NULL);
    if (has_span(q->cue)) out[n++] = feat("spos", q->source.start < q->cue.start ? "before" : "after", frame);
  } else out[n++] = feat("nosrc", frame, NULL);
  if (has_span(q->cue)) out[n++] = feat("cpos", q->content.start < q->cue.start ? "before" : "after", frame);
  long p = paragraph_of(a, q->content.start);
  out[n++] = feat_i("p", p < 3 ? p : p < 6 ? 5 : 9, NULL);
  if (t && t->agree) {
    out[n++] = feat_i("ag", t->agree, NULL);
    out[n++] = feat_i("agf", t->agree, frame);
    out[n++] = feat_i("agt", t->agree, type);
    out[n++] = feat_i("agk", t->agree, key);
  }
  return n;
}

/* One statement, one record: a cue-less, source-less continuation ("A,"
 * he said. "B.") becomes a content piece of the record it continues (its
 * `more` spans, in text order); one with no record to continue goes (it
 * has no cue, no source and no speaker it can justify). When the record
 * already holds HD_QUOTE_MAX_MORE pieces the continuation is dropped. */
static void fold_continuations(hd_article *a, hd_quote_trace *tr) {
  size_t n = a->n_quotes;
  if (!n) return;
  size_t *head = hd_xmalloc(n * sizeof *head), *moved = hd_xmalloc(n * sizeof *moved);
  statement_heads(a, head);
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    hd_quote q = a->quotes[i];
    if (is_cont(&q)) {
      if (head[i] == i) continue;
      hd_quote *h = &a->quotes[moved[head[i]]]; /* the head came earlier: already in place */
      if (h->n_more < HD_QUOTE_MAX_MORE && q.content.start >= h->content.end &&
          has_word_char(a->text, q.content.start, q.content.end)) { /* a lone quotation mark is no piece */
        h->more[h->n_more++] = q.content;
        /* "Passengers, he said, “should not notice”": a quoted piece of an
         * indirect statement makes it partial */
        if (h->type == HD_Q_INDIRECT && q.type != HD_Q_INDIRECT) h->type = HD_Q_PARTIAL;
        if (h->type == HD_Q_PARTIAL && q.type == HD_Q_DIRECT) add_partial(h, q.content);
      }
      continue;
    }
    moved[i] = m;
    a->quotes[m] = q;
    if (tr) tr[m] = tr[i];
    m++;
  }
  a->n_quotes = m;
  hd_free(head);
  hd_free(moved);
}

/* ---- the step ---- */

void hd_statements_finish(hd_article *a, hd_quote_trace *tr, size_t *ntr, const hd_quotation_span *qs,
                          size_t nq, const hd_cue_model *model, float min_conf) {
  size_t n = a->n_quotes;
  if (!n) return;
  uint8_t *drop = hd_xcalloc(n, 1);
  resolve_overlaps(a, drop);
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (drop[i]) continue;
    a->quotes[k] = a->quotes[i];
    if (tr) tr[k] = tr[i];
    k++;
  }
  a->n_quotes = k;
  for (size_t i = 0; i < k; i++) fill_partials(&a->quotes[i], qs, nq);
  if (hd_cue_model_has_conf(model)) {
    uint32_t f[HD_CONF_MAX_FEATS];
    size_t *head = hd_xmalloc((k ? k : 1) * sizeof *head);
    statement_heads(a, head);
    for (size_t i = 0; i < k; i++) {
      size_t h = head[i];
      if (h != i) a->quotes[i].confidence = a->quotes[h].confidence;
      else a->quotes[i].confidence = hd_cue_conf_score(model, f, hd_statement_features(a, i, tr ? &tr[i] : NULL, f));
    }
    hd_free(head);
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
      if (a->quotes[i].confidence < min_conf) continue;
      a->quotes[m] = a->quotes[i];
      if (tr) tr[m] = tr[i];
      m++;
    }
    a->n_quotes = m;
  }
  fold_continuations(a, tr);
  if (tr && ntr) *ntr = a->n_quotes;
  hd_free(drop);
}
