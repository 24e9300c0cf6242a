/*
 * mhd_dl.c: opens libmicrohttpd when the server starts and fills the call
 * table of serve/mhd_dl.h (why: see there). One dlopen and one dlsym per
 * function, once per process.
 */
#define HD_MHD_DL_IMPL
#include "serve/mhd_dl.h"

#include <pthread.h>

#include "util/dl.h"

hd_mhd_api hd_mhd;

static pthread_once_t mhd_once = PTHREAD_ONCE_INIT;
static char mhd_missing[160]; /* "" when the load succeeded */

static void load_mhd(void) {
  void *lib = hd_dl_open("libmicrohttpd.so.12", "the HTTP server library", mhd_missing, sizeof mhd_missing);
#define HD_MHD_SYM(f) \
  if (lib && hd_dl_sym(lib, "libmicrohttpd.so.12", #f, (void **)&hd_mhd.f, mhd_missing, sizeof mhd_missing)) lib = NULL;
  HD_MHD_FUNCS(HD_MHD_SYM)
#undef HD_MHD_SYM
}

int hd_mhd_load(hd_err *err) {
  pthread_once(&mhd_once, load_mhd);
  if (!mhd_missing[0]) return 0;
  hd_err_set(err, HD_ERR_IO, "", 0, "%s", mhd_missing);
  return -1;
}
