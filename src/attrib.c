/* attrib.c: SKELETON. Replaced by the attribution stage. */
#include "attrib.h"

void hd_attribute(hd_article *a) { (void)a; }
