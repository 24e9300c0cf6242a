/*
 * fuzz_ingest.c: libFuzzer target for `herald ingest`: the articles read
 * from the input (the first byte picks the reader, fuzz_input.h) are
 * annotated (no NER) and stored in a fresh SQLite store in a temporary
 * directory, committed in batches of 1 + (sel / 28) % 4; the store is then
 * closed, reopened (rebuilding the clusterer and LSH index from the file)
 * and the same articles added again, which must all be skipped (abort
 * otherwise). Each input gets its own store, so a crash replays alone.
 */
#include "fuzz_input.h"

#include "herald.h"
#include "store/store.h"
#include "text/article.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct {
  hd_pipeline *pipe;
  hd_ingest *store;
  long added, skipped, failed;
} ingest_ctx;

static void on_article(void *vctx, hd_article *a) {
  ingest_ctx *c = vctx;
  hd_err err = {0};
  if (hd_annotate(c->pipe, a, &err) == 0) {
    int rc = hd_ingest_add(c->store, a, &err);
    if (rc == 0) c->added++;
    else if (rc == 1) c->skipped++;
    else c->failed++;
  }
  hd_article_free(a);
}

static char dir[256];

static void remove_dir(void) { rmdir(dir); } /* empty once each input's store is removed */

static const char *dir_name(void) {
  if (!*dir) {
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/herald-fuzz-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(dir)) { perror("mkdtemp"); abort(); }
    atexit(remove_dir);
  }
  return dir;
}

static void remove_store(const char *db) {
  static const char *const SUFFIX[] = {"", "-wal", "-shm", "-journal", ".lock"};
  char p[512];
  for (size_t i = 0; i < sizeof SUFFIX / sizeof *SUFFIX; i++) {
    snprintf(p, sizeof p, "%s%s", db, SUFFIX[i]);
    unlink(p);
  }
}

static long ingest(ingest_ctx *c, const char *db, const char *path, int batch, long *skipped) {
  hd_store_options so;
  hd_store_defaults(&so);
  so.batch = batch;
  hd_err err = {0};
  c->store = hd_ingest_open(db, &so, &err);
  if (!c->store) { fprintf(stderr, "fuzz: cannot open the store: %s\n", err.msg); abort(); }
  c->added = c->skipped = c->failed = 0;
  hd_reader r = {0};
  r.max_record = 1 << 20;
  r.on_article = on_article;
  r.on_error = fuzz_ignore_error;
  r.ctx = c;
  hd_read_path(&r, path);
  if (hd_ingest_close(c->store, &err) != 0) { fprintf(stderr, "fuzz: close failed: %s\n", err.msg); abort(); }
  *skipped = c->skipped;
  return c->added;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  static ingest_ctx c;
  if (!c.pipe) {
    hd_options o = {0};
    o.no_ner = 1;
    c.pipe = hd_pipeline_new(&o, NULL);
  }
  const char *path = fuzz_file(data, size);
  char db[512];
  snprintf(db, sizeof db, "%s/store.db", dir_name());
  remove_store(db);
  int batch = 1 + (data[0] / 28) % 4;
  long skipped, skipped2;
  long added = ingest(&c, db, path, batch, &skipped);
  long again = ingest(&c, db, path, batch, &skipped2);
  if (again != 0 || skipped2 != added + skipped) {
    fprintf(stderr, "fuzz: re-ingest stored %ld again (first pass stored %ld, skipped %ld)\n", again, added,
            skipped);
    abort();
  }
  if (getenv("FUZZ_VERBOSE")) fprintf(stderr, "fuzz_ingest: %ld stored, %ld skipped\n", added, skipped);
  remove_store(db);
  return 0;
}
