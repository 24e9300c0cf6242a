/*
 * dl.h: opening a shared library on first use (dlopen/dlsym) for the
 * libraries only some verbs need (libpq: store/pq_dl.h; libmicrohttpd:
 * serve/mhd_dl.h), with a message that names what is missing.
 *
 * Thread-safety: callers run these once, under pthread_once. Ownership: an
 * opened library stays open for the life of the process.
 */
#ifndef HD_UTIL_DL_H
#define HD_UTIL_DL_H

#include <stddef.h>

/* dlopen(soname); NULL with why[cap] saying "cannot load WHAT SONAME (...)". */
void *hd_dl_open(const char *soname, const char *what, char *why, size_t cap);
/* Stores dlsym(lib, name) at *slot (the address of a function pointer,
 * cast to void **: the POSIX idiom). 0, or -1 with why[cap] filled. */
int hd_dl_sym(void *lib, const char *soname, const char *name, void **slot, char *why, size_t cap);

#endif
