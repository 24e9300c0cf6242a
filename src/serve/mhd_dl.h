/*
 * mhd_dl.h: libmicrohttpd, opened when `herald serve` starts instead of at
 * every process start. Linked, it makes the loader map and relocate it and
 * GnuTLS with its dependencies (nettle, gmp, p11-kit, tasn1, idn2) in every
 * `herald` process, search and annotate included (together with libpq,
 * store/pq_dl.h, about 3 ms of a 5.4 ms process start). The MHD_* names
 * server.c and routes.c use become calls through a table hd_mhd_load fills
 * once with dlopen/dlsym; types and constants still come from the header.
 *
 * Thread-safety: hd_mhd_load runs the load once (pthread_once); the table
 * is read-only afterwards. The library stays open for the process's life.
 */
#ifndef HD_SERVE_MHD_DL_H
#define HD_SERVE_MHD_DL_H

#include <microhttpd.h>

#include "herald.h"

#define HD_MHD_FUNCS(X)                                                                                   \
  X(MHD_add_response_header) X(MHD_create_response_from_buffer)                                         \
  X(MHD_create_response_from_buffer_with_free_callback) X(MHD_destroy_response)                          \
  X(MHD_get_connection_values_n) X(MHD_get_daemon_info) X(MHD_lookup_connection_value)                  \
  X(MHD_lookup_connection_value_n) X(MHD_queue_response) X(MHD_start_daemon) X(MHD_stop_daemon)

typedef struct {
#define HD_MHD_FIELD(f) __typeof__(f) *f;
  HD_MHD_FUNCS(HD_MHD_FIELD)
#undef HD_MHD_FIELD
} hd_mhd_api;

extern hd_mhd_api hd_mhd;

/* Opens libmicrohttpd (libmicrohttpd.so.12) once and fills hd_mhd. 0, or
 * -1 with err naming what is missing. */
int hd_mhd_load(hd_err *err);

#ifndef HD_MHD_DL_IMPL
#define MHD_add_response_header hd_mhd.MHD_add_response_header
#define MHD_create_response_from_buffer hd_mhd.MHD_create_response_from_buffer
#define MHD_create_response_from_buffer_with_free_callback hd_mhd.MHD_create_response_from_buffer_with_free_callback
#define MHD_destroy_response hd_mhd.MHD_destroy_response
#define MHD_get_connection_values_n hd_mhd.MHD_get_connection_values_n
#define MHD_get_daemon_info hd_mhd.MHD_get_daemon_info
#define MHD_lookup_connection_value hd_mhd.MHD_lookup_connection_value
#define MHD_lookup_connection_value_n hd_mhd.MHD_lookup_connection_value_n
#define MHD_queue_response hd_mhd.MHD_queue_response
#define MHD_start_daemon hd_mhd.MHD_start_daemon
#define MHD_stop_daemon hd_mhd.MHD_stop_daemon
#endif

#endif
