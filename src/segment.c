/* segment.c: SKELETON placeholder, replaced next. */
#include "segment.h"
void hd_segment(hd_article *a) { (void)a; }
