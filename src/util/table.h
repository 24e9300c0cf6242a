/*
 * table.h: memory for a model's large weight tables, the ones looked up at
 * random for every token (the span tagger's rows, the cue tagger's
 * weights). Such a table of a megabyte or more is placed on 2 MB
 * boundaries and advised to the kernel as transparent huge pages
 * (madvise MADV_HUGEPAGE, Linux; elsewhere, or when the kernel says no,
 * ordinary pages): one TLB entry then covers what took 256, and the
 * random look-ups, which the NER stage's tables push out of the TLB
 * between articles, stop paying a page walk each (a costly one in a
 * virtual machine). Contents and results do not change.
 *
 * Ownership: hd_table_alloc returns zeroed heap memory (never an arena's,
 * whatever the current scope) that the caller releases with
 * hd_table_free. Aborts when the heap refuses, as hd_xmalloc does outside
 * a scope.
 */
#ifndef HD_TABLE_H
#define HD_TABLE_H

#include <stddef.h>

void *hd_table_alloc(size_t n);
void hd_table_free(void *p);

#endif
