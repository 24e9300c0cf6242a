/*
 * pq_dl.c: opens libpq on first use and fills the call table of
 * store/pq_dl.h (why: see there). Complexity: one dlopen and one dlsym per
 * function, once per process.
 */
#define HD_PQ_DL_IMPL
#include "store/pq_dl.h"

#include <pthread.h>

#include "util/dl.h"

hd_pq_api hd_pq;

static pthread_once_t pq_once = PTHREAD_ONCE_INIT;
static char pq_missing[160]; /* "" when the load succeeded */

static void load_pq(void) {
  void *lib = hd_dl_open("libpq.so.5", "the PostgreSQL client library", pq_missing, sizeof pq_missing);
#define HD_PQ_SYM(f) \
  if (lib && hd_dl_sym(lib, "libpq.so.5", #f, (void **)&hd_pq.f, pq_missing, sizeof pq_missing)) lib = NULL;
  HD_PQ_FUNCS(HD_PQ_SYM)
#undef HD_PQ_SYM
}

int hd_pq_load(const char *uri, hd_err *err) {
  pthread_once(&pq_once, load_pq);
  if (!pq_missing[0]) return 0;
  hd_err_set(err, HD_ERR_DB, uri, 0, "%s", pq_missing);
  return -1;
}
