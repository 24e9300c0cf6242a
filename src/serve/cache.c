/*
 * cache.c: answers kept in memory between requests (see cache.h).
 *
 * A direct-mapped table of CACHE_SLOTS entries keyed by the request (its
 * path and decoded parameters in order), each holding one 200 answer's
 * bytes. The whole table is emptied when the store's stamp changes: the
 * size, modification time and inode of the store file and of its
 * write-ahead log, read before the query runs, so an answer computed from
 * a newer snapshot than its stamp is only thrown away early, never served
 * stale. Bytes held are capped (oldest slots by a clock hand go first).
 * One mutex guards the table; a hit copies the body out under it.
 * Complexity: O(key + body) per lookup or insert.
 */
#include "serve/cache.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CACHE_SLOTS 4096

typedef struct {
  char *key;
  char *body;
  size_t len;
  const char *type; /* a static string */
} slot;

struct serve_cache {
  pthread_mutex_t mu;
  char *db, *wal;
  uint64_t stamp;
  size_t bytes, max_bytes, max_entry, hand;
  slot slots[CACHE_SLOTS];
};

static uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdULL;
}

static uint64_t file_stamp(uint64_t h, const char *path) {
  struct stat st;
  if (stat(path, &st)) return mix(h, 1);
  h = mix(h, (uint64_t)st.st_size);
  h = mix(h, (uint64_t)st.st_ino);
  h = mix(h, (uint64_t)st.st_mtim.tv_sec);
  return mix(h, (uint64_t)st.st_mtim.tv_nsec);
}

uint64_t serve_cache_stamp(const serve_cache *c) { return file_stamp(file_stamp(7, c->db), c->wal); }

serve_cache *serve_cache_new(const char *db_path, size_t max_bytes) {
  struct stat st;
  if (!max_bytes || stat(db_path, &st) || !S_ISREG(st.st_mode)) return NULL; /* not a plain file: no stamp */
  serve_cache *c = hd_xcalloc(1, sizeof *c);
  pthread_mutex_init(&c->mu, NULL);
  c->db = hd_xstrdup(db_path);
  size_t n = strlen(db_path);
  c->wal = hd_xmalloc(n + 5);
  memcpy(c->wal, db_path, n);
  memcpy(c->wal + n, "-wal", 5);
  c->max_bytes = max_bytes;
  c->max_entry = max_bytes / 16 < (1u << 20) ? max_bytes / 16 : (1u << 20);
  return c;
}

static void drop(serve_cache *c, slot *s) {
  if (!s->key) return;
  c->bytes -= s->len + strlen(s->key);
  free(s->key);
  free(s->body);
  memset(s, 0, sizeof *s);
}

static void clear(serve_cache *c) {
  for (size_t i = 0; i < CACHE_SLOTS; i++) drop(c, &c->slots[i]);
}

void serve_cache_free(serve_cache *c) {
  if (!c) return;
  clear(c);
  pthread_mutex_destroy(&c->mu);
  free(c->db);
  free(c->wal);
  free(c);
}

static size_t slot_of(const char *key) {
  uint64_t h = 1469598103934665603ULL; /* FNV-1a */
  for (const unsigned char *p = (const unsigned char *)key; *p; p++) h = (h ^ *p) * 1099511628211ULL;
  return (size_t)(h % CACHE_SLOTS);
}

/* Empties the table if the store changed since it was filled. Locked. */
static void check_stamp(serve_cache *c, uint64_t stamp) {
  if (stamp == c->stamp) return;
  clear(c);
  c->stamp = stamp;
}

int serve_cache_get(serve_cache *c, const char *key, uint64_t stamp, hd_buf *body, const char **type) {
  int hit = 0;
  pthread_mutex_lock(&c->mu);
  check_stamp(c, stamp);
  slot *s = &c->slots[slot_of(key)];
  if (s->key && !strcmp(s->key, key)) {
    hd_buf_clear(body);
    hd_buf_put(body, s->body, s->len);
    *type = s->type;
    hit = 1;
  }
  pthread_mutex_unlock(&c->mu);
  return hit;
}

void serve_cache_put(serve_cache *c, const char *key, uint64_t stamp, const char *body, size_t len, const char *type) {
  size_t need = len + strlen(key);
  if (len > c->max_entry || need > c->max_bytes) return;
  pthread_mutex_lock(&c->mu);
  if (stamp != c->stamp) { /* computed against another version of the store */
    pthread_mutex_unlock(&c->mu);
    return;
  }
  slot *s = &c->slots[slot_of(key)];
  drop(c, s);
  while (c->bytes + need > c->max_bytes) { /* make room: the clock hand frees older slots */
    drop(c, &c->slots[c->hand]);
    c->hand = (c->hand + 1) % CACHE_SLOTS;
  }
  s->key = hd_xstrdup(key);
  s->body = hd_xmalloc(len ? len : 1);
  memcpy(s->body, body, len);
  s->len = len;
  s->type = type;
  c->bytes += need;
  pthread_mutex_unlock(&c->mu);
}
