/* table.c: large weight tables on huge pages (see table.h). */
#include "util/table.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#define HUGE_PAGE ((size_t)2 << 20)
#define HUGE_MIN ((size_t)1 << 20) /* smaller tables stay on ordinary pages */

void *hd_table_alloc(size_t n) {
  void *p = NULL;
  if (n >= HUGE_MIN && n <= SIZE_MAX - HUGE_PAGE) {
    size_t size = (n + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1); /* whole huge pages */
    if (posix_memalign(&p, HUGE_PAGE, size) != 0) p = NULL;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (p) (void)madvise(p, size, MADV_HUGEPAGE); /* advice: refused or ignored, ordinary pages */
#endif
    if (p) memset(p, 0, size); /* touched after the advice, so the pages come in huge */
  } else {
    p = calloc(n ? n : 1, 1);
  }
  if (!p) {
    fputs("herald: out of memory\n", stderr);
    abort();
  }
  return p;
}

void hd_table_free(void *p) { free(p); }
