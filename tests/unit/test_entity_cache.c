/* test_entity_cache.c: the store's key -> entities row cache: lookups
 * after the table grows, dirty rows flushed once each in id order, a
 * failed flush keeps the unwritten rows dirty, clear, UTF-8 counting. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "corpus/entity_cache.h"

typedef struct {
  int64_t ids[16];
  int n, fail_at;
} seen;

static int record(void *ctx, const hd_entity_row *r) {
  seen *s = ctx;
  if (s->n == s->fail_at) return -1;
  s->ids[s->n++] = r->id;
  return 0;
}

int main(void) {
  hd_entity_cache *c = hd_entity_cache_new();
  char key[32];
  for (int i = 0; i < 5000; i++) { /* past the initial 1024 slots */
    snprintf(key, sizeof key, "per:k%d", i);
    hd_entity_cache_put(c, key, 1000 - i, "N", i, 1);
  }
  CHECK(hd_entity_cache_count(c) == 5000);
  int found = 0;
  for (int i = 0; i < 5000; i++) {
    snprintf(key, sizeof key, "per:k%d", i);
    hd_entity_row *r = hd_entity_cache_get(c, key);
    found += r && r->id == 1000 - i && r->mentions == i;
  }
  CHECK(found == 5000);
  CHECK(hd_entity_cache_get(c, "per:absent") == NULL);

  /* three rows touched (one twice): flushed once each, by id */
  int64_t want[] = {1000 - 7, 1000 - 3, 1000 - 1};
  const char *keys[] = {"per:k3", "per:k7", "per:k1", "per:k3"};
  for (int i = 0; i < 4; i++) hd_entity_cache_touch(c, hd_entity_cache_get(c, keys[i]));
  seen s = {.fail_at = -1};
  CHECK(hd_entity_cache_flush(c, record, &s) == 0);
  CHECK(s.n == 3);
  for (int i = 0; i < 3 && i < s.n; i++) CHECK(s.ids[i] == want[i]);
  seen again = {.fail_at = -1};
  CHECK(hd_entity_cache_flush(c, record, &again) == 0 && again.n == 0);

  /* a failing write stops the flush; the rest stay dirty for the next one */
  for (int i = 0; i < 3; i++) hd_entity_cache_touch(c, hd_entity_cache_get(c, keys[i]));
  seen fail = {.fail_at = 1};
  CHECK(hd_entity_cache_flush(c, record, &fail) == -1 && fail.n == 1);
  seen rest = {.fail_at = -1};
  CHECK(hd_entity_cache_flush(c, record, &rest) == 0 && rest.n == 1 && rest.ids[0] == want[2]);

  hd_entity_row *r = hd_entity_cache_get(c, "per:k9");
  hd_entity_row_set_name(r, "Zoë Ångström", hd_utf8_chars("Zoë Ångström"));
  CHECK_STR(hd_entity_cache_get(c, "per:k9")->name, "Zoë Ångström");
  CHECK(hd_entity_cache_get(c, "per:k9")->name_chars == 12);
  CHECK(hd_utf8_chars("") == 0);

  hd_entity_cache_clear(c);
  CHECK(hd_entity_cache_count(c) == 0 && hd_entity_cache_get(c, "per:k1") == NULL);
  CHECK(hd_entity_cache_put(c, "per:k1", 5, "N", 0, 0)->id == 5);
  hd_entity_cache_free(c);
  return check_done();
}
