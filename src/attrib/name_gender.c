/*
 * name_gender.c: the first-name gender table (name_gender.h): loads
 * models/genders-en.txt once (lines "HASH16HEX<TAB>HE<TAB>SHE" after the
 * magic line and comments, sorted by hash) into one sorted array the
 * process owns until exit; lookups are binary searches, O(log n).
 */
#include "attrib/name_gender.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "pipeline.h"

typedef struct {
  uint64_t key;
  uint32_t he, she;
} gender_row;

static gender_row *rows;
static size_t n_rows;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_int disabled;

void hd_name_gender_disable(void) { atomic_store(&disabled, 1); }

uint64_t hd_name_gender_key(const char *name, size_t n) {
  char low[32];
  if (!n || n >= sizeof low) return 0;
  for (size_t i = 0; i < n; i++) low[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
  return XXH3_64bits(low, n);
}

/* Reads the table; a missing or malformed file leaves it empty (with a
 * message naming the file and line for a malformed one). */
static void load(void) {
  char buf[4096], line[256];
  const char *path = hd_model_path("genders-en.txt", buf, sizeof buf);
  FILE *f = fopen(path, "r");
  if (!f) return;
  size_t cap = 0, no = 0;
  while (fgets(line, sizeof line, f)) {
    no++;
    if (no == 1) {
      if (strncmp(line, HD_GENDERS_MAGIC, strlen(HD_GENDERS_MAGIC)) != 0) {
        fprintf(stderr, "herald: %s: not a gender table (no \"%s\" line)\n", path, HD_GENDERS_MAGIC);
        break;
      }
      continue;
    }
    if (line[0] == '#' || line[0] == '\n') continue;
    unsigned long long key;
    unsigned he, she;
    if (sscanf(line, "%16llx\t%u\t%u", &key, &he, &she) != 3 || (n_rows && key <= rows[n_rows - 1].key)) {
      fprintf(stderr, "herald: %s:%zu: bad or unsorted row; gender table ignored\n", path, no);
      n_rows = 0;
      break;
    }
    if (n_rows == cap) {
      cap = cap ? 2 * cap : 1024;
      gender_row *r = realloc(rows, cap * sizeof *rows); /* process-lifetime table: plain malloc, no arena */
      if (!r) {
        n_rows = 0;
        break;
      }
      rows = r;
    }
    rows[n_rows++] = (gender_row){(uint64_t)key, he, she};
  }
  fclose(f);
}

int hd_name_gender(const char *name, size_t n) {
  if (atomic_load(&disabled)) return 0;
  pthread_once(&once, load);
  uint64_t key = hd_name_gender_key(name, n);
  if (!key) return 0;
  size_t lo = 0, hi = n_rows;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (rows[mid].key < key) lo = mid + 1;
    else hi = mid;
  }
  if (lo == n_rows || rows[lo].key != key) return 0;
  return rows[lo].he > rows[lo].she ? 1 : rows[lo].she > rows[lo].he ? -1 : 0;
}
