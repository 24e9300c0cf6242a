/*
 * dl.c: dlopen/dlsym with messages that name the missing library or
 * function (see dl.h).
 */
#include "util/dl.h"

#include <dlfcn.h>
#include <stdio.h>

void *hd_dl_open(const char *soname, const char *what, char *why, size_t cap) {
  void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
  if (!lib) {
    const char *e = dlerror();
    snprintf(why, cap, "cannot load %s %s (%s)", what, soname, e ? e : "not found");
  }
  return lib;
}

int hd_dl_sym(void *lib, const char *soname, const char *name, void **slot, char *why, size_t cap) {
  *slot = dlsym(lib, name);
  if (*slot) return 0;
  snprintf(why, cap, "%s has no %s: too old a version", soname, name);
  return -1;
}
