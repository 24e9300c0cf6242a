/*
 * pq_dl.c: opens libpq on first use and fills the call table of
 * store/pq_dl.h (why: see there). Complexity: one dlopen and one dlsym per
 * function, once per process.
 */
#define HD_PQ_DL_IMPL
#include "store/pq_dl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

hd_pq_api hd_pq;

static pthread_once_t pq_once = PTHREAD_ONCE_INIT;
static char pq_missing[160]; /* "" when the load succeeded */

static void load_pq(void) {
  void *lib = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char *why = dlerror();
    snprintf(pq_missing, sizeof pq_missing, "cannot load the PostgreSQL client library libpq.so.5 (%s)",
             why ? why : "not found");
    return;
  }
#define HD_PQ_SYM(f)                                                                      \
  *(void **)(&hd_pq.f) = dlsym(lib, #f);                                                  \
  if (!hd_pq.f) {                                                                         \
    snprintf(pq_missing, sizeof pq_missing, "libpq.so.5 has no %s: too old a libpq", #f); \
    return;                                                                               \
  }
  HD_PQ_FUNCS(HD_PQ_SYM)
#undef HD_PQ_SYM
}

int hd_pq_load(const char *uri, hd_err *err) {
  pthread_once(&pq_once, load_pq);
  if (!pq_missing[0]) return 0;
  hd_err_set(err, HD_ERR_DB, uri, 0, "%s", pq_missing);
  return -1;
}
