/* resolve.c: SKELETON. Replaced by the resolution stage. */
#include "resolve.h"

void hd_resolve(hd_article *a) { (void)a; }
