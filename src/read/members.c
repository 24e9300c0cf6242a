/*
 * members.c: a gzip file read member by member (see members.h). zlib's
 * inflate decodes one member at a time; at a member's end the next must
 * start with the gzip magic. A member that fails to inflate (bad data, bad
 * CRC, cut short) is a break: reading goes back to one byte past that
 * member's start and scans for the next gzip magic (1f 8b 08), so bytes a
 * damaged member's inflate ran into are read again as the next member.
 * A stream that cannot seek (a pipe) keeps the current member's first
 * 32 KiB in its input buffer instead, and rescans from there.
 * Complexity: O(compressed bytes) plus one rescan of a damaged member;
 * memory: one 64 KiB input buffer and zlib's state.
 * Ownership: the reader owns its FILE and zlib state; hd_members_close
 * frees both.
 */
#define _FILE_OFFSET_BITS 64
#define _DEFAULT_SOURCE
#include "read/members.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct hd_members {
  FILE *f;
  z_stream z;
  unsigned char in[65536];
  long long in_off; /* file offset of in[0] */
  long long member_off;
  int in_member, eof;
  int seekable; /* 0: a pipe; a damaged member is rescanned in the buffer */
  int broken;
  long long break_off;
  const char *why;
};

static long long pos(const hd_members *m) {
  return m->in_off + (long long)(m->z.next_in - m->in);
}

/* Keeps the unread input (and, on a pipe, the current member's start when
 * it is recent), appends what the file has next. */
static size_t refill(hd_members *m) {
  if (m->eof) return 0;
  long long cur = pos(m), from = cur;
  if (!m->seekable && m->in_member && m->member_off >= m->in_off &&
      cur - m->member_off + (long long)m->z.avail_in < (long long)sizeof m->in / 2)
    from = m->member_off; /* a pipe cannot seek back to it */
  size_t back = (size_t)(cur - from), keep = back + m->z.avail_in;
  memmove(m->in, m->in + (from - m->in_off), keep);
  size_t k = fread(m->in + keep, 1, sizeof m->in - keep, m->f);
  if (k == 0) m->eof = 1;
  m->in_off = from;
  m->z.next_in = m->in + back;
  m->z.avail_in = (uInt)(keep - back + k);
  return k;
}

static int at_magic(const hd_members *m) {
  const unsigned char *p = m->z.next_in;
  return m->z.avail_in >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8;
}

/* Drops input up to the next gzip magic (or the end of the file). */
static void skip_to_magic(hd_members *m) {
  for (;;) {
    if (m->z.avail_in < 3 && !m->eof && refill(m)) continue;
    const unsigned char *p = m->z.next_in;
    size_t n = m->z.avail_in, i = 0;
    for (; i + 3 <= n; i++)
      if (p[i] == 0x1f && p[i + 1] == 0x8b && p[i + 2] == 8) break;
    if (i + 3 <= n) {
      m->z.next_in += i;
      m->z.avail_in -= (uInt)i;
      return;
    }
    size_t drop = n >= 2 && !m->eof ? n - 2 : n;
    m->z.next_in += drop;
    m->z.avail_in -= (uInt)drop;
    if (m->eof || !refill(m)) {
      m->z.next_in += m->z.avail_in;
      m->z.avail_in = 0;
      return;
    }
  }
}

static void seek_to(hd_members *m, long long off) {
  m->z.next_in = m->in;
  m->z.avail_in = 0;
  m->in_off = off;
  m->eof = fseeko(m->f, (off_t)off, SEEK_SET) != 0;
}

static void set_break(hd_members *m, long long off, const char *why) {
  m->broken = 1;
  m->break_off = off;
  m->why = why;
}

static hd_members *members_new(FILE *f, int seekable) {
  if (!f) return NULL;
  hd_members *m = calloc(1, sizeof *m);
  if (!m || inflateInit2(&m->z, 16 + MAX_WBITS) != Z_OK) {
    free(m);
    fclose(f);
    return NULL;
  }
  m->f = f;
  m->seekable = seekable;
  m->z.next_in = m->in;
  return m;
}

hd_members *hd_members_open(const char *path) {
  return members_new(fopen(path, "rb"), 1);
}

hd_members *hd_members_stream(FILE *f, const void *pre, size_t npre) {
  hd_members *m = members_new(f, 0);
  if (!m) return NULL;
  if (npre > 16) npre = 16;
  memcpy(m->in, pre, npre);
  m->z.avail_in = (uInt)npre;
  return m;
}

/* After a damaged member: on to the next gzip magic after its start. */
static void resync(hd_members *m) {
  long long at = m->member_off + 1;
  if (m->seekable) seek_to(m, at);
  else if (at >= m->in_off && at <= pos(m)) { /* its bytes are still in the buffer */
    unsigned char *p = m->in + (at - m->in_off);
    m->z.avail_in += (uInt)(m->z.next_in - p);
    m->z.next_in = p;
  }
  skip_to_magic(m);
}

void hd_members_close(hd_members *m) {
  if (!m) return;
  inflateEnd(&m->z);
  fclose(m->f);
  free(m);
}

/* Starts the next member; 0 at the end of the file, -1 at junk. */
static int start_member(hd_members *m) {
  if (m->z.avail_in < 3 && !m->eof) refill(m);
  if (m->z.avail_in == 0) return 0;
  if (!at_magic(m)) {
    long long start = pos(m);
    skip_to_magic(m);
    set_break(m, start, "bytes that are not gzip, skipped");
    return -1;
  }
  inflateReset(&m->z);
  m->member_off = pos(m);
  m->in_member = 1;
  return 1;
}

size_t hd_members_read(hd_members *m, void *buf, size_t n) {
  m->z.next_out = buf;
  m->z.avail_out = (uInt)(n > (1u << 30) ? (1u << 30) : n);
  uInt want = m->z.avail_out;
  while (m->z.avail_out > 0) {
    if (!m->in_member && start_member(m) <= 0) break;
    if (m->z.avail_in == 0 && !refill(m)) {
      set_break(m, m->member_off, "truncated gzip member");
      m->in_member = 0;
      break;
    }
    int rc = inflate(&m->z, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      m->in_member = 0;
      if (m->z.avail_out < want) break; /* one read never spans two members */
      continue;
    }
    if (rc == Z_OK || (rc == Z_BUF_ERROR && m->z.avail_in == 0)) continue;
    set_break(m, m->member_off, m->z.msg ? m->z.msg : "damaged data");
    m->in_member = 0;
    resync(m);
    break;
  }
  return (size_t)(want - m->z.avail_out);
}

int hd_members_break(hd_members *m, long long *offset, const char **why) {
  if (!m->broken) return 0;
  m->broken = 0;
  *offset = m->break_off;
  *why = m->why;
  return 1;
}

void hd_members_rearm(hd_members *m, long long offset, const char *why) {
  set_break(m, offset, why);
}

long long hd_members_offset(const hd_members *m) {
  return m->member_off;
}
