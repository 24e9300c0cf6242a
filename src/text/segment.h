/* segment.h: the segment stage: cleaned text -> paragraphs, sentences, tokens. */
#ifndef HD_SEGMENT_H
#define HD_SEGMENT_H
#include "text/article.h"
void hd_segment(hd_article *a);
#endif
