/*
 * pq_dl.h: libpq, opened at the first PostgreSQL connection instead of at
 * every process start. Linking libpq makes the loader map and relocate it
 * and its dependencies (OpenSSL, Kerberos, LDAP, SASL) in every `herald`
 * process, about 3 ms of the 5.4 ms a `herald --version` took (measured
 * with perf stat), paid by every `herald search` on a SQLite store that
 * never touches PostgreSQL. Here the PQ* names the PostgreSQL files use
 * (through store/pg_util.h, their only door to libpq) become calls through
 * a table that hd_pq_load fills once with dlopen/dlsym.
 *
 * Thread-safety: hd_pq_load runs the load once (pthread_once); the table
 * is read-only afterwards. Ownership: the library stays open for the life
 * of the process.
 */
#ifndef HD_STORE_PQ_DL_H
#define HD_STORE_PQ_DL_H

#include <libpq-fe.h>

#include "herald.h"

/* Every libpq function herald calls; add one here and below to use it. */
#define HD_PQ_FUNCS(X)                                                                                      \
  X(PQclear) X(PQconnectdbParams) X(PQerrorMessage) X(PQexec) X(PQexecParams) X(PQexecPrepared)             \
  X(PQfinish) X(PQfreemem) X(PQgetResult) X(PQgetisnull) X(PQgetlength) X(PQgetvalue) X(PQntuples)         \
  X(PQparameterStatus) X(PQprepare)                                                                        \
  X(PQputCopyData) X(PQputCopyEnd) X(PQresultErrorField) X(PQresultErrorMessage) X(PQresultStatus)          \
  X(PQsendQueryParams) X(PQsetClientEncoding) X(PQsetNoticeProcessor) X(PQsetSingleRowMode) X(PQstatus)    \
  X(PQtransactionStatus) X(PQunescapeBytea)

typedef struct {
#define HD_PQ_FIELD(f) __typeof__(f) *f;
  HD_PQ_FUNCS(HD_PQ_FIELD)
#undef HD_PQ_FIELD
} hd_pq_api;

extern hd_pq_api hd_pq;

/* Opens libpq (libpq.so.5) once and fills hd_pq. 0, or -1 with err naming
 * what is missing (`uri` names the store in the message). */
int hd_pq_load(const char *uri, hd_err *err);

#ifndef HD_PQ_DL_IMPL
#define PQclear hd_pq.PQclear
#define PQconnectdbParams hd_pq.PQconnectdbParams
#define PQerrorMessage hd_pq.PQerrorMessage
#define PQexec hd_pq.PQexec
#define PQexecParams hd_pq.PQexecParams
#define PQexecPrepared hd_pq.PQexecPrepared
#define PQfinish hd_pq.PQfinish
#define PQfreemem hd_pq.PQfreemem
#define PQgetResult hd_pq.PQgetResult
#define PQgetisnull hd_pq.PQgetisnull
#define PQgetlength hd_pq.PQgetlength
#define PQgetvalue hd_pq.PQgetvalue
#define PQntuples hd_pq.PQntuples
#define PQparameterStatus hd_pq.PQparameterStatus
#define PQprepare hd_pq.PQprepare
#define PQputCopyData hd_pq.PQputCopyData
#define PQputCopyEnd hd_pq.PQputCopyEnd
#define PQresultErrorField hd_pq.PQresultErrorField
#define PQresultErrorMessage hd_pq.PQresultErrorMessage
#define PQresultStatus hd_pq.PQresultStatus
#define PQsendQueryParams hd_pq.PQsendQueryParams
#define PQsetClientEncoding hd_pq.PQsetClientEncoding
#define PQsetNoticeProcessor hd_pq.PQsetNoticeProcessor
#define PQsetSingleRowMode hd_pq.PQsetSingleRowMode
#define PQstatus hd_pq.PQstatus
#define PQtransactionStatus hd_pq.PQtransactionStatus
#define PQunescapeBytea hd_pq.PQunescapeBytea
#endif

#endif
