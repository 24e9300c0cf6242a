/*
 * story_model.c: the learned join decision (see story_model.h): load,
 * save, score, fit. The file is text:
 *   herald-stories 1
 *   # any comment lines
 *   threshold P
 *   bias B
 *   feature NAME MEAN SCALE WEIGHT     (one per feature, in enum order)
 * Numbers are printed with %.17g so that a saved model reloads exactly.
 */
#include "corpus/story_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>
#include <xxhash.h>

#include "pipeline.h"
#include "util/buf.h"
#include "util/file.h"

const char *const HD_SM_NAMES[HD_SM_FEATURES] = {
    "ct", "ce", "title", "bi", "rare", "num", "has_num", "month", "has_month",
    "logn", "gap", "dt", "dated", "ct_logn", "has_ents", "top",
    "margin", "ct_rel", "ce_gap", "title_gap", "coh", "fit", "multi",
    "logn_margin", "logn_fit", "logn_ce_gap", "echo", "logn_echo"};

#define MAGIC "herald-stories 1"

static void bg_clear(hd_story_model *m);

void hd_story_model_free(hd_story_model *m) {
  if (!m) return;
  bg_clear(m);
  free(m);
}

double hd_story_model_prob(const hd_story_model *m, const double *x) {
  double z = m->bias;
  for (int i = 0; i < HD_SM_FEATURES; i++) z += m->w[i] * (x[i] - m->mean[i]) / m->scale[i];
  return 1 / (1 + exp(-z));
}

/* Parses one number from *p (advancing it); 0 if none or not finite. */
static int number(char **p, double *v) {
  char *end;
  *v = strtod(*p, &end);
  if (end == *p || !isfinite(*v)) return 0;
  *p = end;
  return 1;
}

static int rest_blank(const char *p) {
  while (*p == ' ' || *p == '\t' || *p == '\r') p++;
  return *p == 0;
}

/* One line of the body; returns NULL or why it is wrong. `seen` counts
 * the features read so far. */
static const char *parse_line(hd_story_model *m, char *line, int *seen, int *have) {
  double v;
  if (!strncmp(line, "threshold ", 10)) {
    char *p = line + 10;
    if (!number(&p, &v) || !rest_blank(p) || !(v >= 0 && v <= 1)) return "bad threshold";
    m->threshold = v;
    *have |= 1;
  } else if (!strncmp(line, "bias ", 5)) {
    char *p = line + 5;
    if (!number(&p, &v) || !rest_blank(p) || fabs(v) > 1e6) return "bad bias";
    m->bias = v;
    *have |= 2;
  } else if (!strncmp(line, "feature ", 8)) {
    if (*seen >= HD_SM_FEATURES) return "too many features";
    const char *name = HD_SM_NAMES[*seen];
    size_t nl = strlen(name);
    char *p = line + 8;
    if (strncmp(p, name, nl) || p[nl] != ' ') return "feature names differ from this build's (retrain with `herald train stories`)";
    p += nl;
    double mean, scale, w;
    if (!number(&p, &mean) || !number(&p, &scale) || !number(&p, &w) || !rest_blank(p)) return "bad feature line";
    if (!(scale > 0) || fabs(mean) > 1e6 || scale > 1e6 || fabs(w) > 1e6) return "feature value out of range";
    m->mean[*seen] = mean;
    m->scale[*seen] = scale;
    m->w[*seen] = w;
    ++*seen;
  } else if (!strncmp(line, "background ", 11) || !strncmp(line, "df ", 3)) {
    return NULL; /* the background: read by hd_story_model_set_background */
  } else if (line[0] != '#' && !rest_blank(line)) {
    return "unknown line";
  }
  return NULL;
}

hd_story_model *hd_story_model_load(const char *path, hd_err *err) {
  size_t len = 0;
  char *f = hd_read_file(path, &len);
  if (!f) {
    hd_err_set(err, HD_ERR_MODEL, path, 0, "cannot open story model (train one with `herald train stories`)");
    return NULL;
  }
  hd_story_model *m = hd_xcalloc(1, sizeof *m);
  const char *why = NULL;
  long lineno = 0;
  int seen = 0, have = 0;
  if (strlen(f) != len) why = "not a text file";
  char *p = f;
  while (!why && p < f + len) {
    char *nl = strchr(p, '\n');
    if (nl) *nl = 0;
    lineno++;
    if (lineno == 1) {
      if (strcmp(p, MAGIC) && !(strncmp(p, MAGIC, strlen(MAGIC)) == 0 && rest_blank(p + strlen(MAGIC))))
        why = "not a herald story model";
    } else {
      why = parse_line(m, p, &seen, &have);
    }
    if (!nl) break;
    p = nl + 1;
  }
  if (!why && lineno == 0) why = "empty file";
  if (!why) { /* the background lines (a second pass: the first cut the lines at their ends) */
    for (char *q = f; q < f + len; q++)
      if (!*q) *q = '\n';
    why = hd_story_model_set_background(m, f, len, NULL, &lineno) ? "bad background line" : NULL;
  }
  if (!why && (seen != HD_SM_FEATURES || have != 3)) {
    why = "incomplete story model (features, bias or threshold missing)";
    lineno = 0;
  }
  free(f);
  if (why) {
    hd_err_set(err, HD_ERR_MODEL, path, lineno, "%s", why);
    hd_story_model_free(m);
    return NULL;
  }
  return m;
}

uint64_t hd_story_model_term_hash(const char *s, size_t n) {
  uint64_t h = XXH3_64bits(s, n);
  return h ? h : 1; /* 0 marks an empty slot */
}

/* Exactly 16 lower-case hex digits, not zero: a term hash. */
static int parse_term_hash(const char *p, size_t n, uint64_t *h) {
  if (n != 16) return -1;
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++) {
    int d = p[i] >= '0' && p[i] <= '9' ? p[i] - '0' : p[i] >= 'a' && p[i] <= 'f' ? p[i] - 'a' + 10 : -1;
    if (d < 0) return -1;
    v = v << 4 | (uint64_t)d;
  }
  *h = v;
  return v ? 0 : -1;
}

uint32_t hd_story_model_bg_df(const hd_story_model *m, const char *term, size_t n) {
  if (!m || !m->bg_n) return 0;
  uint64_t h = hd_story_model_term_hash(term, n);
  for (size_t i = (size_t)h & m->bg_mask; m->bg_hash[i]; i = (i + 1) & m->bg_mask)
    if (m->bg_hash[i] == h) return m->bg_df[i];
  return 0;
}

static void bg_put(hd_story_model *m, uint64_t h, uint32_t df) {
  size_t i = (size_t)h & m->bg_mask;
  while (m->bg_hash[i] && m->bg_hash[i] != h) i = (i + 1) & m->bg_mask;
  if (!m->bg_hash[i]) m->bg_n++;
  m->bg_hash[i] = h;
  m->bg_df[i] = df;
}

static void bg_clear(hd_story_model *m) {
  free(m->bg_hash);
  free(m->bg_df);
  free(m->bg_text);
  m->bg_hash = NULL;
  m->bg_df = NULL;
  m->bg_text = NULL;
  m->bg_docs = m->bg_mask = m->bg_n = m->bg_len = 0;
}

int hd_story_model_set_background(hd_story_model *m, const char *text, size_t len, const char **why, long *lineno) {
  bg_clear(m);
  size_t lines = 0;
  for (size_t i = 0; i < len; i++) lines += text[i] == '\n';
  size_t cap = 16;
  while (cap < 2 * (lines + 1)) cap *= 2;
  m->bg_hash = hd_xcalloc(cap, sizeof *m->bg_hash);
  m->bg_df = hd_xcalloc(cap, sizeof *m->bg_df);
  m->bg_mask = cap - 1;
  hd_buf keep;
  hd_buf_init(&keep, 0);
  const char *p = text, *end = text + len;
  long no = 0;
  const char *bad = NULL;
  while (!bad && p < end) {
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    no++;
    char *e;
    if (n > 11 && !strncmp(p, "background ", 11)) {
      unsigned long long d = strtoull(p + 11, &e, 10);
      if (e != p + n || d == 0 || d > (1ull << 40)) bad = "bad background line";
      else m->bg_docs = d;
      hd_buf_put(&keep, p, n);
      hd_buf_putc(&keep, '\n');
    } else if (n > 3 && !strncmp(p, "df ", 3)) {
      unsigned long v = strtoul(p + 3, &e, 10);
      uint64_t h;
      if (e == p + 3 || *e != ' ' || e + 1 >= p + n || v == 0 || v > UINT32_MAX ||
          parse_term_hash(e + 1, (size_t)(p + n - e - 1), &h))
        bad = "bad df line";
      else bg_put(m, h, (uint32_t)v);
      hd_buf_put(&keep, p, n);
      hd_buf_putc(&keep, '\n');
    }
    p += n + 1;
  }
  if (!bad && m->bg_n && !m->bg_docs) bad = "df lines without a background line";
  if (bad) {
    if (why) *why = bad;
    if (lineno) *lineno = no;
    hd_buf_free(&keep);
    bg_clear(m);
    return -1;
  }
  m->bg_len = keep.len;
  m->bg_text = keep.len ? hd_xstrndup(keep.ptr, keep.len) : NULL;
  hd_buf_free(&keep);
  return 0;
}

hd_story_model *hd_story_model_open(const char *path, int *missing, hd_err *err) {
  char buf[4096];
  *missing = 0;
  if (path) return hd_story_model_load(path, err);
  path = hd_model_path("stories-en.txt", buf, sizeof buf);
  if (access(path, R_OK) != 0) {
    *missing = 1;
    return NULL;
  }
  return hd_story_model_load(path, err);
}

int hd_story_model_save(const hd_story_model *m, const char *path, const char *comment) {
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fprintf(f, "%s\n", MAGIC);
  if (comment) fprintf(f, "# %s\n", comment);
  fprintf(f, "threshold %.17g\nbias %.17g\n", m->threshold, m->bias);
  for (int i = 0; i < HD_SM_FEATURES; i++)
    fprintf(f, "feature %s %.17g %.17g %.17g\n", HD_SM_NAMES[i], m->mean[i], m->scale[i], m->w[i]);
  if (m->bg_len) fwrite(m->bg_text, 1, m->bg_len, f);
  return fclose(f) == 0 ? 0 : -1;
}

/* Solves A x = b (k x k, symmetric positive definite after the ridge)
 * by Gaussian elimination with partial pivoting; A and b are clobbered. */
static int solve(double *a, double *b, int k) {
  for (int c = 0; c < k; c++) {
    int piv = c;
    for (int r = c + 1; r < k; r++)
      if (fabs(a[r * k + c]) > fabs(a[piv * k + c])) piv = r;
    if (fabs(a[piv * k + c]) < 1e-12) return -1;
    if (piv != c) {
      for (int j = 0; j < k; j++) {
        double t = a[c * k + j];
        a[c * k + j] = a[piv * k + j];
        a[piv * k + j] = t;
      }
      double t = b[c];
      b[c] = b[piv];
      b[piv] = t;
    }
    for (int r = c + 1; r < k; r++) {
      double f = a[r * k + c] / a[c * k + c];
      for (int j = c; j < k; j++) a[r * k + j] -= f * a[c * k + j];
      b[r] -= f * b[c];
    }
  }
  for (int c = k - 1; c >= 0; c--) {
    for (int j = c + 1; j < k; j++) b[c] -= a[c * k + j] * b[j];
    b[c] /= a[c * k + c];
  }
  return 0;
}

/* Means and standard deviations of the columns (scale 1 for a constant). */
static void standardise(hd_story_model *m, const double *x, const double *wt, size_t n) {
  double tw = 0;
  for (size_t r = 0; r < n; r++) tw += wt ? wt[r] : 1;
  for (int i = 0; i < HD_SM_FEATURES; i++) {
    double s = 0, ss = 0;
    for (size_t r = 0; r < n; r++) s += (wt ? wt[r] : 1) * x[r * HD_SM_FEATURES + i];
    double mean = s / tw;
    for (size_t r = 0; r < n; r++) {
      double d = x[r * HD_SM_FEATURES + i] - mean;
      ss += (wt ? wt[r] : 1) * d * d;
    }
    double sd = sqrt(ss / tw);
    m->mean[i] = mean;
    m->scale[i] = sd > 1e-9 ? sd : 1;
  }
}

int hd_story_model_fit(hd_story_model *m, const double *x, const uint8_t *y, const double *weight, size_t n,
                       double l2) {
  enum { K = HD_SM_FEATURES + 1 };
  if (n == 0) return -1;
  memset(m, 0, sizeof *m);
  m->threshold = 0.5;
  standardise(m, x, weight, n);
  double beta[K] = {0}, z[K];
  for (int it = 0; it < 30; it++) {
    double h[K * K] = {0}, g[K] = {0};
    for (size_t r = 0; r < n; r++) {
      z[0] = 1;
      for (int i = 0; i < HD_SM_FEATURES; i++) z[i + 1] = (x[r * HD_SM_FEATURES + i] - m->mean[i]) / m->scale[i];
      double s = 0;
      for (int i = 0; i < K; i++) s += beta[i] * z[i];
      double p = 1 / (1 + exp(-s)), w = weight ? weight[r] : 1;
      double d = w * p * (1 - p);
      for (int i = 0; i < K; i++) {
        g[i] += w * (p - (double)y[r]) * z[i];
        for (int j = 0; j <= i; j++) h[i * K + j] += d * z[i] * z[j];
      }
    }
    for (int i = 0; i < K; i++) {
      for (int j = 0; j < i; j++) h[j * K + i] = h[i * K + j];
      if (i) { /* no penalty on the bias */
        h[i * K + i] += l2 * (double)n;
        g[i] += l2 * (double)n * beta[i];
      }
      h[i * K + i] += 1e-9;
    }
    if (solve(h, g, K) != 0) return -1;
    double step = 0;
    for (int i = 0; i < K; i++) beta[i] -= g[i], step += fabs(g[i]);
    if (step < 1e-10) break;
  }
  m->bias = beta[0];
  for (int i = 0; i < HD_SM_FEATURES; i++) m->w[i] = beta[i + 1];
  return 0;
}
