/*
 * results.h: the string pool behind a query result (the `priv` member of
 * every hd_*_result in herald/store.h). Strings copied in live until the
 * pool is freed, with the result. Blocks of 8 KB (or one block for a
 * longer string); O(1) amortised per byte copied.
 *
 * Ownership: hd_pool_new/hd_pool_free pair; returned strings are owned by
 * the pool. Allocation failure aborts, as elsewhere in herald (hd_xmalloc).
 */
#ifndef HD_STORE_RESULTS_H
#define HD_STORE_RESULTS_H

#include <stddef.h>

typedef struct hd_pool hd_pool;

hd_pool *hd_pool_new(void);
void hd_pool_free(hd_pool *p);
/* Copies s (NULL stays NULL) and NUL-terminates it. */
const char *hd_pool_strdup(hd_pool *p, const char *s);
const char *hd_pool_strndup(hd_pool *p, const char *s, size_t n);

#endif
