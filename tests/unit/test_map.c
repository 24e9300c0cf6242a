/*
 * test_map.c: the one hash map (util/map.h): inserts report whether the
 * key was new, values survive growth, keys are compared as bytes (NULs
 * and prefixes included), the empty key is a key, and the stored key is
 * given back; plus the one UTF-8 decoder (util/utf8.h).
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "util/map.h"
#include "util/utf8.h"

static void map_basics(void) {
  hd_map m;
  hd_map_init(&m);
  CHECK(hd_map_get(&m, "a", 1) == NULL);
  int added = 0;
  *hd_map_put(&m, "said", 4, &added) = 7;
  CHECK(added == 1);
  CHECK(*hd_map_put(&m, "said", 4, &added) == 7 && added == 0);
  CHECK(hd_map_get(&m, "sai", 3) == NULL);   /* a prefix is another key */
  CHECK(hd_map_get(&m, "said!", 5) == NULL); /* so is a longer one */
  *hd_map_put(&m, "a\0b", 3, NULL) = 1;
  *hd_map_put(&m, "a\0c", 3, NULL) = 2;
  CHECK(*hd_map_get(&m, "a\0b", 3) == 1 && *hd_map_get(&m, "a\0c", 3) == 2);
  *hd_map_put(&m, "", 0, &added) = 9;
  CHECK(added == 1 && *hd_map_get(&m, "", 0) == 9);
  size_t n;
  const char *k = hd_map_key(&m, hd_map_get(&m, "said", 4), &n);
  CHECK(n == 4 && !memcmp(k, "said", 4));
  CHECK(hd_map_size(&m) == 4);
  hd_map_free(&m);
  CHECK(hd_map_size(&m) == 0 && hd_map_get(&m, "said", 4) == NULL);
}

static void map_grows(void) {
  hd_map m;
  hd_map_init(&m);
  char key[32];
  for (int i = 0; i < 20000; i++) {
    int len = snprintf(key, sizeof key, "key-%d", i);
    *hd_map_put(&m, key, (size_t)len, NULL) = (uint64_t)i * 3;
  }
  int ok = hd_map_size(&m) == 20000;
  for (int i = 0; i < 20000 && ok; i++) {
    int len = snprintf(key, sizeof key, "key-%d", i);
    const uint64_t *v = hd_map_get(&m, key, (size_t)len);
    ok = v && *v == (uint64_t)i * 3;
  }
  CHECK(ok);
  CHECK(hd_map_get(&m, "key-20000", 9) == NULL);
  hd_map_free(&m);
}

static void utf8_decoder(void) {
  size_t len;
  CHECK(hd_utf8_decode("A", 1, &len, -1) == 'A' && len == 1);
  CHECK(hd_utf8_decode("\xE2\x80\x99s", 4, &len, -1) == 0x2019 && len == 3);
  CHECK(hd_utf8_decode("\xE2\x80", 2, &len, -1) == -1 && len == 1);      /* cut */
  CHECK(hd_utf8_decode("\xC0\xAF", 2, &len, 0xFFFD) == 0xFFFD && len == 1); /* overlong */
  CHECK(hd_utf8_decode("\xED\xA0\x80", 3, &len, -1) == -1);                 /* surrogate */
  CHECK(hd_utf8_seq("\xF0\x9F\x98\x80", 4) == 4 && hd_utf8_seq("\xFF", 1) == 0);
}

int main(void) {
  map_basics();
  map_grows();
  utf8_decoder();
  return check_done();
}
