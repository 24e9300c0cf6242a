/*
 * term_chunks.c: encoding of the clusterer's per-term state in chunks
 * (see term_chunks.h). O(bytes).
 */
#include "store/term_chunks.h"

#include <string.h>

void hd_term_chunk_put(hd_buf *b, uint32_t df, const uint32_t *post, uint32_t n_post) {
  uint32_t head[2] = {df, n_post};
  hd_buf_put(b, head, sizeof head);
  if (n_post) hd_buf_put(b, post, (size_t)n_post * sizeof *post);
}

int hd_term_chunk_next(const void *chunk, size_t len, size_t *pos, uint32_t *df, const void **post, uint32_t *n_post) {
  if (*pos == len) return 0;
  uint32_t head[2];
  if (!chunk || len - *pos < sizeof head) return -1;
  const char *p = (const char *)chunk + *pos;
  memcpy(head, p, sizeof head);
  size_t body = (size_t)head[1] * sizeof(uint32_t);
  if (len - *pos - sizeof head < body) return -1;
  *df = head[0];
  *n_post = head[1];
  *post = p + sizeof head;
  *pos += sizeof head + body;
  return 1;
}
