/*
 * members.h: the bytes of a gzip file, inflated member by member, that
 * resumes after a damaged member (see members.c). Crawl archives are
 * written as one gzip member per WARC record, so a damaged member costs
 * one record, not the rest of the file.
 */
#ifndef HD_MEMBERS_H
#define HD_MEMBERS_H
#include <stddef.h>
#include <stdio.h>

typedef struct hd_members hd_members;

/* Opens path for reading; NULL (errno set) when it cannot be opened. The
 * caller frees the reader with hd_members_close. */
hd_members *hd_members_open(const char *path);
void hd_members_close(hd_members *m);
/* Reads a stream that cannot seek (standard input, a pipe) from f, whose
 * first npre bytes (at most 16) were already read into pre. A damaged
 * member is skipped by rescanning the bytes of it still in the input
 * buffer (the last 32 KiB), so reading resumes at the next member there
 * too. The reader owns f from now on (hd_members_close closes it). */
hd_members *hd_members_stream(FILE *f, const void *pre, size_t npre);

/* Reads up to n inflated bytes of one member. Returns fewer at the end of
 * a member (a read never spans two), 0 at the end of the file, and fewer
 * (or 0) at a break: a damaged or truncated member, or bytes that are
 * not gzip between members. After a break, hd_members_break tells where
 * and why; the next read goes on with the next intact member. */
size_t hd_members_read(hd_members *m, void *buf, size_t n);

/* 1 if the last short read was a break (then *offset is the compressed
 * offset where the damaged member, or the junk, starts and *why says what
 * went wrong; the flag is cleared), 0 otherwise. */
int hd_members_break(hd_members *m, long long *offset, const char **why);

/* Sets the break flag again (after hd_members_break took it), so that
 * the next hd_members_break reports it before any more bytes are read. */
void hd_members_rearm(hd_members *m, long long offset, const char *why);

/* The compressed offset of the member the last read came from. */
long long hd_members_offset(const hd_members *m);
#endif
