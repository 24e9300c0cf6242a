/*
 * cmd_ingest.c: `herald ingest [--db FILE] PATH...`: runs the per-article
 * pipeline on every article read and stores it with the corpus-wide
 * stages (near-duplicates, stories, identities) in a SQLite file or PostgreSQL
 * (include/herald/store.h). Re-running skips stored articles, so an interrupted
 * ingest is completed by running the same command again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "progress.h"
#include "herald/pmap.h"
#include "herald/timeline.h"

#include <sqlite3.h>
#include <unistd.h>
#include <zlib.h>

typedef struct {
  hd_pipeline *pipe;
  hd_store *store;
  hd_pmap *pmap; /* annotates on -j threads; stores on its sink thread, in input order */
  hd_progress progress;
  long read;
  _Atomic long failed; /* counted by the reading and the storing thread */
  _Atomic int fatal;   /* set by the storing thread, read by the reading one */
  const char *skip_quality; /* --skip-quality: comma-separated flags */
  long quality_skipped;
  int ahead; /* -j 2 and more: the corpus step's per-article part runs on the annotating threads */
} ingest_ctx;

static const char *const QUALITY_FLAGS[] = {"paywall", "teaser", "consent", "truncated", "listing", "error_page", NULL};

/* Does the comma-separated list have the flag (a whole item)? */
static int list_has(const char *list, const char *flag, size_t n) {
  for (const char *p = list; p && *p;) {
    size_t k = strcspn(p, ",");
    if (k == n && !strncmp(p, flag, n)) return 1;
    p += k + (p[k] == ',');
  }
  return 0;
}

/* An article whose quality flags include one given to --skip-quality. */
static int skipped_for_quality(const ingest_ctx *c, const hd_article *a) {
  const char *q = hd_article_meta(a, HD_META_QUALITY);
  if (!c->skip_quality || !q) return 0;
  for (const char *p = q; *p;) {
    size_t k = strcspn(p, ",");
    if (list_has(c->skip_quality, p, k)) return 1;
    p += k + (p[k] == ',');
  }
  return 0;
}

/* Every item of --skip-quality is a known flag. */
static int valid_quality_list(const char *list) {
  for (const char *p = list; *p;) {
    size_t k = strcspn(p, ",");
    int known = 0;
    for (const char *const *f = QUALITY_FLAGS; *f && !known; f++) known = strlen(*f) == k && !strncmp(*f, p, k);
    if (!known) return 0;
    p += k + (p[k] == ',');
  }
  return *list != 0;
}

/* One article in flight. Articles are stored by one thread (the map's
 * sink thread with -j 2 and more, else this one), in input order, so the
 * store is the same for every -j. The reading thread asks hd_store_has
 * meanwhile (thread-safe) and annotating threads hd_store_prepare. */
typedef struct {
  hd_article *a;
  int stored; /* already in the store when read: not annotated */
  int rc;
  hd_err err;
  char *line; /* --annotated: the JSON line, parsed on the worker */
  size_t line_len;
  const char *path;
  long lineno;
} ingest_job;

static void ingest_work(void *vctx, void *vjob) {
  ingest_ctx *c = vctx;
  ingest_job *j = vjob;
  if (j->line) {
    j->a = hd_article_from_json(j->line, j->line_len, j->path, j->lineno, &j->err);
    j->rc = j->a ? 0 : -1;
    free(j->line);
    j->line = NULL;
  } else if (!j->stored) j->rc = hd_annotate(c->pipe, j->a, &j->err);
  /* off the writer's thread (with -j 1 the same thread: the store does it) */
  if (c->ahead && j->rc == 0 && j->a && !j->stored) hd_store_prepare(c->store, j->a);
}

static void ingest_sink(void *vctx, void *vjob) {
  ingest_ctx *c = vctx;
  ingest_job *j = vjob;
  hd_err err = {0};
  if (c->fatal) {
    /* a database error stopped the run: counted (read, not stored) */
  } else if (j->stored) {
    /* counts the skip; a failure here is the store's writer thread's,
     * found now (an earlier article's write) */
    if (hd_store_add(c->store, j->a, &err) < 0) {
      cli_report(&err);
      c->failed++;
      c->fatal = 1;
    }
  } else if (j->rc != 0) {
    cli_report(&j->err);
    c->failed++;
  } else {
    hd_article *a = j->a;
    j->a = NULL; /* the store's now: freed once its rows are written (maybe on its writer thread) */
    if (hd_store_add_take(c->store, a, &err) < 0) {
      cli_report(&err);
      c->failed++;
      c->fatal = 1;
    }
  }
  if (j->a) hd_article_free(j->a);
  free(j);
}

/* One failed record: its message, counted. */
static void report_failed(ingest_ctx *c, hd_code code, const char *file, long line, const char *msg) {
  hd_err e = {0};
  hd_err_set(&e, code, file, line, "%s", msg);
  cli_report(&e);
  c->failed++;
}

/* A job for the record at file:line, or NULL with the failure reported. */
static ingest_job *new_job(ingest_ctx *c, const char *file, long line) {
  ingest_job *j = calloc(1, sizeof *j);
  if (!j) report_failed(c, HD_ERR_NOMEM, file, line, "out of memory");
  return j;
}

/* --annotated: every line of path (- for stdin, gzip or not) is one
 * article of herald annotate output; parsing happens on the workers. */
#define ANNOTATED_MAX_LINE ((size_t)1 << 28)
static void read_annotated(ingest_ctx *c, const char *path) {
  gzFile f = strcmp(path, "-") ? gzopen(path, "rb") : gzdopen(dup(0), "rb");
  hd_err e = {0};
  if (!f) {
    hd_err_set(&e, HD_ERR_IO, path, 0, "cannot open");
    cli_report(&e);
    c->failed++;
    return;
  }
  const char *name = strcmp(path, "-") ? path : "<stdin>";
  size_t cap = 1 << 16;
  char *buf = malloc(cap);
  long lineno = 0;
  for (int more = 1; more && buf;) {
    size_t len = 0;
    int too_long = 0;
    for (;;) { /* one whole line; past the cap, the rest of it is skipped */
      if (!gzgets(f, buf + len, (int)(cap - len > (1u << 30) ? (1u << 30) : cap - len))) { more = 0; break; }
      len += strlen(buf + len);
      if (len && buf[len - 1] == '\n') break;
      if (cap - len >= 2) continue;
      char *bigger = cap < ANNOTATED_MAX_LINE ? realloc(buf, cap * 2) : NULL;
      if (bigger) buf = bigger, cap *= 2;
      else too_long = 1, len = 0; /* keep reading to the line's end */
    }
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r' || buf[len - 1] == ' ')) len--;
    if (!len && !too_long) {
      lineno += more;
      continue;
    }
    lineno++;
    c->read++;
    hd_progress_tick(&c->progress, len);
    if (c->fatal) continue; /* counted (read, not stored), not processed */
    ingest_job *j = too_long ? NULL : new_job(c, name, lineno);
    if (j && !(j->line = malloc(len + 1))) free(j), j = NULL;
    if (!j) {
      if (too_long) report_failed(c, HD_ERR_NOMEM, name, lineno, "line longer than 256 MiB");
      else report_failed(c, HD_ERR_NOMEM, name, lineno, "out of memory");
      continue;
    }
    memcpy(j->line, buf, len);
    j->line[len] = 0;
    j->line_len = len;
    j->path = name;
    j->lineno = lineno;
    hd_pmap_push(c->pmap, j);
  }
  int zerr = 0;
  const char *msg = gzerror(f, &zerr);
  if (zerr < 0 && zerr != Z_BUF_ERROR) {
    hd_err_set(&e, HD_ERR_INPUT, name, lineno, "cannot read on: %s", msg);
    cli_report(&e);
    c->failed++;
  }
  free(buf);
  gzclose(f);
}

static void on_article(void *vctx, hd_article *a) {
  ingest_ctx *c = vctx;
  c->read++;
  hd_progress_tick(&c->progress, hd_article_input_bytes(a));
  if (c->fatal) { /* counted (read, not stored), not processed */
    hd_article_free(a);
    return;
  }
  if (skipped_for_quality(c, a)) {
    c->quality_skipped++;
    hd_article_free(a);
    return;
  }
  ingest_job *j = new_job(c, hd_article_meta(a, HD_META_INPUT_PATH), hd_article_input_line(a));
  if (!j) {
    hd_article_free(a);
    return;
  }
  j->a = a;
  /* skip stored articles before paying for annotation */
  j->stored = hd_store_has(c->store, a);
  hd_pmap_push(c->pmap, j);
}

static void on_error(void *vctx, const hd_err *e) {
  ingest_ctx *c = vctx;
  hd_pmap_drain(c->pmap); /* earlier articles' messages come first */
  c->read++;
  c->failed++;
  cli_report(e);
}

/* The corpus-wide step probes large tables at random all the time (term
 * dictionary, posting lists, story vectors, the SQLite page cache), and
 * with 4 KiB pages most probes also miss the TLB: glibc's malloc asks for
 * transparent huge pages on its heap when GLIBC_TUNABLES has
 * glibc.malloc.hugetlb=1, which cut the step's CPU time by 15-25%
 * (Reuters-21578, --annotated -j 1: user 9.6 -> 7.5 s, sys 1.2 -> 1.8 s).
 * Tunables are read at process start only, so ingest runs itself again
 * with it set, once, before it reads anything; the environment marks the
 * second run, and any failure just goes on without. Not under valgrind
 * (its tool would not follow the exec). Linux with glibc only. */
static void rerun_with_huge_pages(int argc, char **argv) {
#if defined(__linux__) && defined(__GLIBC__)
  const char *t = getenv("GLIBC_TUNABLES"), *pre = getenv("LD_PRELOAD");
  if ((t && strstr(t, "glibc.malloc.hugetlb")) || (pre && strstr(pre, "vgpreload"))) return;
  char mode[64] = "";
  FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
  if (!f) return;
  if (!fgets(mode, sizeof mode, f)) mode[0] = 0;
  fclose(f);
  if (!strstr(mode, "[madvise]") && !strstr(mode, "[always]")) return;
  char value[4096];
  int n = snprintf(value, sizeof value, "%s%sglibc.malloc.hugetlb=1", t ? t : "", t && *t ? ":" : "");
  if (n < 0 || (size_t)n >= sizeof value) return;
  char **args = calloc((size_t)argc + 2, sizeof *args);
  if (!args) return;
  args[0] = "herald";
  for (int i = 0; i < argc; i++) args[i + 1] = argv[i];
  if (setenv("GLIBC_TUNABLES", value, 1) == 0) execv("/proc/self/exe", args);
  /* still here: the exec failed; go on as we are */
  free(args);
#else
  (void)argc;
  (void)argv;
#endif
}

static void help(FILE *f) {
  fputs("usage: herald ingest [OPTIONS] PATH...\n"
        "Annotates articles (plain text, JSON Lines, HTML or WARC files, gzip or not;\n"
        "directories; - for stdin)\n"
        "and stores them with near-duplicate links, stories and identities in a\n"
        "SQLite file or a PostgreSQL database (schema: docs/FORMAT.md). Stored\n"
        "articles are skipped, so\n"
        "re-running an interrupted ingest completes it.\n\n"
        "  --db FILE|URI      the store: a SQLite file (default herald.db) or a\n"
        "                     postgresql://... URI (several ingests may share one)\n"
        "  --model FILE       NER model (default models/ner-en.bin)\n"
        "  --no-ner           skip entity tagging\n"
        "  --no-quotes        skip attribution\n"
        "  --batch N          articles per transaction (default 4000; a crash loses at most one)\n"
        "  --story-model FILE the learned join decision for undated articles (default\n"
        "                     models/stories-en.txt, `herald train stories`; `hand`: the hand score)\n"
        "  --dup-threshold X  least estimated Jaccard for a near-duplicate (default 0.5)\n"
        "  --story-threshold X least score to join a story (default 0.12)\n"
        "  --max-bytes N      largest record accepted (default 67108864)\n"
        "  --max-memory N     most memory one article's annotation may use (default 1G;\n"
        "                     K, M, G suffixes); an article past it fails, the rest go on\n"
        "  -j, --jobs N       annotate on N threads (default: the online cores); one\n"
        "                     writer stores in input order, so the store is the same for every N\n"
        "  --skip-quality F   do not store pages with these quality flags (comma-separated:\n"
        "                     paywall,teaser,consent,truncated,listing,error_page)\n"
        "  --annotated        the input is `herald annotate --for-ingest` output (JSON Lines,\n"
        "                     gzip or not): the per-article stages are skipped (scripts/herald-dask)\n"
        "  -q, --quiet        no progress bar or summary\n",
        f);
}

int cmd_ingest(int argc, char **argv) {
  rerun_with_huge_pages(argc, argv);
  hd_tl_init();
  /* Before SQLite starts (no other thread yet): no memory statistics, so
   * no global mutex around each of SQLite's allocations (the writer makes
   * several per row). Nothing in ingest reads sqlite3_memory_used. */
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  ingest_ctx c = {0};
  hd_options opt = {0};
  hd_reader r = {0};
  hd_read_stats stats = {0};
  hd_store_write_options so;
  hd_store_write_defaults(&so);
  const char *db = "herald.db";
  int quiet = 0, npaths = 0, jobs = hd_online_cores(), annotated = 0;
  char **paths = calloc((size_t)argc + 1, sizeof *paths);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (cli_is(a, "--help") || cli_is(a, "-h")) { help(stdout); free(paths); return EXIT_OK; }
    else if (cli_is(a, "--no-ner")) opt.no_ner = 1;
    else if (cli_is(a, "--no-quotes")) opt.no_quotes = 1;
    else if (cli_is(a, "--annotated")) annotated = 1;
    else if (cli_is(a, "-q") || cli_is(a, "--quiet")) quiet = 1;
    else if (cli_is(a, "--db") || cli_is(a, "--model") || cli_is(a, "--max-bytes") || cli_is(a, "--max-memory") || cli_is(a, "--batch") ||
             cli_is(a, "--dup-threshold") || cli_is(a, "--story-threshold") || cli_is(a, "-j") || cli_is(a, "--jobs") ||
             cli_is(a, "--skip-quality") || cli_is(a, "--story-model")) {
      const char *v = cli_value(argc, argv, &i);
      if (!v) { free(paths); return EXIT_USAGE; }
      if (cli_is(a, "--skip-quality")) {
        if (!valid_quality_list(v)) {
          fprintf(stderr, "herald ingest: --skip-quality takes flags from paywall,teaser,consent,truncated,listing,error_page, not %s\n", v);
          free(paths);
          return EXIT_USAGE;
        }
        c.skip_quality = v;
      } else if (cli_is(a, "-j") || cli_is(a, "--jobs")) {
        if (cli_parse_jobs("ingest", v, &jobs) != 0) { free(paths); return EXIT_USAGE; }
      } else if (cli_is(a, "--db")) db = v;
      else if (cli_is(a, "--model")) opt.ner_model = v;
      else if (cli_is(a, "--batch")) so.batch = atoi(v);
      else if (cli_is(a, "--dup-threshold")) so.dup_threshold = atof(v);
      else if (cli_is(a, "--story-threshold")) so.story_threshold = atof(v);
      else if (cli_is(a, "--story-model")) so.story_model = v;
      else if (cli_is(a, "--max-memory")) {
        if (cli_bytes(v, &opt.max_article_memory) != 0 || !opt.max_article_memory) {
          fprintf(stderr, "herald ingest: --max-memory takes a byte count (e.g. 512M), not %s\n", v);
          free(paths);
          return EXIT_USAGE;
        }
      }
      else r.max_record = strtoull(v, NULL, 10);
    } else if (a[0] == '-' && a[1]) {
      fprintf(stderr, "herald ingest: unknown option %s\n", a);
      help(stderr);
      free(paths);
      return EXIT_USAGE;
    } else paths[npaths++] = argv[i];
  }
  if (npaths == 0) {
    help(stderr);
    free(paths);
    return EXIT_USAGE;
  }
  hd_err err = {0};
  if (annotated) opt.no_ner = 1; /* the input is annotated: no model is read (0.18 G instructions) */
  hd_tl_mark t = HD_TL_START();
  c.pipe = hd_pipeline_new(&opt, &err);
  HD_TL_SPAN("pipeline-new", t);
  if (!c.pipe) {
    cli_report(&err);
    free(paths);
    return EXIT_USAGE;
  }
  /* -j 2 and more: the corpus step and the database writes on two threads */
  so.writer_thread = jobs > 1;
  t = HD_TL_START();
  c.store = hd_store_open_with(db, HD_STORE_READ_WRITE, &so, &err);
  HD_TL_SPAN("store-open", t);
  if (!c.store) {
    cli_report(&err);
    hd_pipeline_free(c.pipe);
    free(paths);
    return err.code == HD_ERR_USAGE ? EXIT_USAGE : EXIT_SOME_FAILED; /* usage: another ingest holds it */
  }
  unsigned long long total = 0;
  for (int i = 0; i < npaths; i++) total += hd_path_bytes(paths[i]);
  hd_progress_init(&c.progress, total);
  if (quiet) c.progress.enabled = 0;
  c.ahead = jobs > 1;
  c.pmap = hd_pmap_new_sinking(jobs, 0, ingest_work, ingest_sink, &c);
  if (!c.pmap) {
    fprintf(stderr, "herald ingest: cannot start %d threads\n", jobs);
    hd_store_close(c.store, NULL);
    hd_pipeline_free(c.pipe);
    free(paths);
    return EXIT_SOME_FAILED;
  }
  r.on_article = on_article;
  r.on_error = on_error;
  r.stats = &stats;
  r.ctx = &c;
  double t0 = hd_now();
  t = HD_TL_START();
  /* after a store failure the rest is still read, to count what was not stored */
  for (int i = 0; i < npaths; i++) {
    if (annotated) read_annotated(&c, paths[i]);
    else hd_read_path(&r, paths[i]);
  }
  HD_TL_SPAN("read", t);
  t = HD_TL_START();
  hd_pmap_free(c.pmap); /* stores every article still in flight */
  HD_TL_SPAN("drain", t);
  hd_progress_done(&c.progress);
  if (!c.fatal && hd_store_commit(c.store, &err) != 0) {
    cli_report(&err);
    c.fatal = 1;
  }
  hd_store_stats st;
  hd_store_get_stats(c.store, &st); /* after the last commit: a rolled-back batch is not counted stored */
  t = HD_TL_START();
  if (hd_store_close(c.store, &err) != 0 && !c.fatal) {
    cli_report(&err);
    c.fatal = 1;
  }
  HD_TL_SPAN("close", t);
  /* every article read is stored, already stored, or failed */
  long failed = c.read - st.stored - st.skipped - c.quality_skipped;
  if (failed < c.failed) failed = c.failed;
  double dt = hd_now() - t0;
  if (c.fatal)
    fprintf(stderr,
            "herald ingest: the store failed; %ld articles were not stored (%ld rolled back with the open "
            "batch); re-run the same command once the cause is fixed\n",
            failed, st.rolled_back);
  char skips[256];
  hd_read_stats_format(&stats, skips, sizeof skips);
  if (c.quality_skipped) {
    size_t l = strlen(skips);
    snprintf(skips + l, sizeof skips - l, "%s%ld for quality (--skip-quality %s)", l ? ", " : "", c.quality_skipped,
             c.skip_quality);
  }
  if (!quiet && *skips) fprintf(stderr, "herald ingest: skipped: %s\n", skips);
  if (!quiet)
    fprintf(stderr,
            "herald ingest: %ld read, %ld stored, %ld already stored, %ld failed; %ld near-duplicates, "
            "%ld new stories, %ld merges; %.1f s (%.0f articles/s)\n",
            c.read, st.stored, st.skipped, failed, st.duplicates, st.stories_opened, st.merges, dt,
            dt > 0 ? c.read / dt : 0);
  hd_pipeline_free(c.pipe);
  free(paths);
  return failed ? EXIT_SOME_FAILED : EXIT_OK;
}
