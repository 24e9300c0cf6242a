/*
 * output_conll.c: an annotated article in CoNLL column format: one token
 * per line, `TOKEN<TAB>TAG` with IOB2 entity tags (B-PER, I-ORG, O ...),
 * a blank line after each sentence, and `-DOCSTART-` before each article,
 * as CoNLL-2003 lays it out. Tokens containing white space cannot occur
 * (the segmenter never makes them). Complexity: O(tokens + mentions).
 */
#include <stdlib.h>

#include "text/article.h"
#include "util/buf.h"

const char *hd_ent_type_name(int t);

char *hd_article_conll(const hd_article *a, size_t *len) {
  hd_buf b;
  hd_buf_init(&b, 0);
  hd_buf_grow(&b, a->n_tokens * 12 + 64);
  hd_buf_puts(&b, "-DOCSTART-\tO\n\n");
  size_t m = 0; /* mentions are in token order */
  for (size_t si = 0; si < a->n_sentences; si++) {
    const hd_sentence *s = &a->sentences[si];
    for (uint32_t k = s->tok_begin; k < s->tok_end; k++) {
      const hd_token *t = &a->tokens[k];
      while (m < a->n_mentions && a->mentions[m].tok_end <= k) m++;
      hd_buf_put(&b, hd_tok_ptr(a, t), hd_tok_len(t));
      hd_buf_putc(&b, '\t');
      if (m < a->n_mentions && a->mentions[m].tok_begin <= k) {
        hd_buf_puts(&b, a->mentions[m].tok_begin == k ? "B-" : "I-");
        hd_buf_puts(&b, hd_ent_type_name(a->mentions[m].type));
      } else {
        hd_buf_putc(&b, 'O');
      }
      hd_buf_putc(&b, '\n');
    }
    hd_buf_putc(&b, '\n');
  }
  return hd_buf_take(&b, len);
}
