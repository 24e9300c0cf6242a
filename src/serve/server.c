/*
 * server.c: the HTTP side of `herald serve` on libmicrohttpd.
 *
 * One daemon with a fixed pool of worker threads (options.threads), each
 * running its own event loop; a request is answered start to end by the
 * thread that read it. Limits: open connections (MHD_OPTION_CONNECTION_LIMIT),
 * idle connections dropped after 30 s, request header bytes
 * (MHD_OPTION_CONNECTION_MEMORY_LIMIT), the URI length (checked as soon as
 * the request line is read, answered with JSON 414), GET and HEAD only,
 * and a time limit on each request's queries (see serve_store).
 * Every response carries a Content-Security-Policy that allows no inline
 * script or style and nothing from another origin, and
 * X-Content-Type-Options: nosniff.
 *
 * The store: a pool of read-only handles, one per worker thread at most,
 * opened on first use and checked out for one request at a time.
 * Ownership: hd_server owns the daemon, the pool and copies of options.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "herald_serve.h"
#include "serve/mhd_dl.h" /* libmicrohttpd, loaded when the server starts */
#include "serve/cache.h"
#include "serve/serve.h"
#include "serve/store_pool.h"

#define SERVE_MAX_URI 4096              /* bytes in the request target */
#define SERVE_HEADER_MEMORY (64 * 1024) /* libmicrohttpd's per-connection buffer */

static const char CSP[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
    " form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

struct serve_ctx {
  char *db, *token;
  int query_ms;
  serve_pool pool;
  serve_cache *cache; /* NULL: off */
};

struct hd_server {
  struct MHD_Daemon *daemon;
  serve_ctx ctx;
  int port, loopback;
};

void hd_serve_defaults(hd_serve_options *o) {
  memset(o, 0, sizeof *o);
  o->db = "herald.db";
  o->host = "127.0.0.1";
  o->port = 8080;
  o->threads = 4;
  o->max_connections = 256;
  o->query_ms = 2000;
  o->cache_mb = 64;
}

/* ---- the store ---- */

int serve_query_ms(const serve_req *r) { return r->ctx->query_ms; }

hd_store *serve_store(serve_req *r) {
  if (r->store) return serve_handle_store(r->store);
  hd_err err = {0};
  r->store = serve_pool_get(&r->ctx->pool, r->ctx->query_ms, &err);
  if (!r->store) {
    serve_error(r, 503, "the store cannot be opened: %s", err.msg);
    return NULL;
  }
  return serve_handle_store(r->store);
}

/* ---- requests ---- */

/* Markers libmicrohttpd hands back as the request's context. */
static char URI_OK, URI_TOO_LONG;

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c) {
  (void)cls, (void)c;
  return strlen(uri) > SERVE_MAX_URI ? &URI_TOO_LONG : &URI_OK;
}

/* Constant-time comparison of the Authorization header with the token. */
static int authorized(struct MHD_Connection *c, const char *token) {
  if (!token) return 1;
  const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
  if (!h || strncmp(h, "Bearer ", 7)) return 0;
  h += 7;
  size_t n = strlen(token), m = strlen(h);
  unsigned diff = (unsigned)(n ^ m);
  for (size_t i = 0; i < n; i++) diff |= (unsigned char)token[i] ^ (unsigned char)(i < m ? h[i] : 0);
  return diff == 0;
}

/* ---- the answer cache ---- */

/* Appends "\1key\2value" for each query parameter; a NUL inside makes the request uncacheable. */
static enum MHD_Result key_part(void *cls, enum MHD_ValueKind kind, const char *k, size_t kn, const char *v, size_t vn) {
  (void)kind;
  hd_buf *b = cls;
  if (strlen(k) != kn || (v && strlen(v) != vn)) {
    b->toobig = 1;
    return MHD_NO;
  }
  hd_buf_putc(b, '\1');
  hd_buf_put(b, k, kn);
  hd_buf_putc(b, '\2');
  if (v) hd_buf_put(b, v, vn);
  return MHD_YES;
}

/* The cache key of a request (path and parameters in order), or NULL. */
static char *cache_key(struct MHD_Connection *c, const char *url) {
  if (!strncmp(url, "/assets/", 8)) return NULL; /* served from the binary anyway */
  hd_buf b;
  hd_buf_init(&b, 0);
  hd_buf_puts(&b, url);
  MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, key_part, &b);
  if (b.toobig) {
    hd_buf_free(&b);
    return NULL;
  }
  return hd_buf_take(&b, NULL);
}

/* Routes the request, through the cache when there is one. */
static void answer(serve_req *r) {
  serve_cache *cache = r->ctx->cache;
  char *key = cache ? cache_key(r->conn, r->path) : NULL;
  if (!key) {
    serve_route(r);
    return;
  }
  uint64_t stamp = serve_cache_stamp(cache); /* before the query: never newer than the answer */
  if (serve_cache_get(cache, key, stamp, &r->body, &r->type)) r->cache = "hit";
  else {
    serve_route(r);
    r->cache = "miss";
    if (r->status == 200 && !r->static_body) serve_cache_put(cache, key, stamp, r->body.ptr, r->body.len, r->type);
  }
  free(key);
}

static void add_headers(struct MHD_Response *resp, const serve_req *r) {
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type);
  MHD_add_response_header(resp, "Content-Security-Policy", CSP);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  char cache[64];
  if (r->cache_secs > 0) snprintf(cache, sizeof cache, "public, max-age=%d", r->cache_secs);
  else snprintf(cache, sizeof cache, "no-store");
  MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, cache);
  if (r->cache) MHD_add_response_header(resp, "X-Herald-Cache", r->cache);
  if (r->status == 401) MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
  if (r->status == 405) MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
}

static enum MHD_Result send_response(struct MHD_Connection *c, serve_req *r) {
  struct MHD_Response *resp;
  if (r->static_body) {
    resp = MHD_create_response_from_buffer(r->static_len, (void *)r->static_body, MHD_RESPMEM_PERSISTENT);
    hd_buf_free(&r->body);
  } else {
    size_t len = 0;
    char *body = hd_buf_take(&r->body, &len);
    resp = MHD_create_response_from_buffer_with_free_callback(len, body, free);
    if (!resp) free(body);
  }
  if (!resp) return MHD_NO;
  add_headers(resp, r);
  enum MHD_Result ok = MHD_queue_response(c, (unsigned)r->status, resp);
  MHD_destroy_response(resp);
  return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **state) {
  (void)version, (void)upload, (void)upload_size;
  serve_ctx *ctx = cls;
  serve_req r = {0};
  r.conn = c;
  r.ctx = ctx;
  r.path = url;
  r.is_api = !strncmp(url, "/api/", 5) || !strcmp(url, "/api");
  r.status = 200;
  r.type = "text/html; charset=utf-8";
  hd_buf_init(&r.body, 0);
  if (*state == &URI_TOO_LONG) serve_error(&r, 414, "the request URI is longer than %d bytes", SERVE_MAX_URI);
  else if (strcmp(method, "GET") && strcmp(method, "HEAD")) serve_error(&r, 405, "only GET and HEAD are served");
  else if (!authorized(c, ctx->token)) {
    r.is_api = 1;
    serve_error(&r, 401, "a valid Authorization: Bearer token is required");
  } else if (strlen(url) > SERVE_MAX_PATH) serve_error(&r, 414, "the path is longer than %d bytes", SERVE_MAX_PATH);
  else answer(&r);
  if (r.store) serve_pool_put(&ctx->pool, r.store);
  *upload_size = 0; /* a request body is never read */
  return send_response(c, &r);
}

/* ---- the daemon ---- */

/* Resolves `host` (numeric, or a name such as "localhost") and `port`. */
static int resolve(const char *host, int port, struct sockaddr_storage *sa, hd_err *err) {
  struct addrinfo hints = {0}, *res = NULL;
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  char ps[16];
  snprintf(ps, sizeof ps, "%d", port);
  int rc = getaddrinfo(host, ps, &hints, &res);
  if (rc || !res) {
    hd_err_set(err, HD_ERR_USAGE, "", 0, "cannot resolve host '%s': %s", host, gai_strerror(rc));
    return -1;
  }
  memcpy(sa, res->ai_addr, res->ai_addrlen);
  freeaddrinfo(res);
  return 0;
}

static int is_loopback(const struct sockaddr_storage *sa) {
  if (sa->ss_family == AF_INET)
    return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
  if (sa->ss_family == AF_INET6) {
    const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
    if (IN6_IS_ADDR_LOOPBACK(a)) return 1;
    return IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127;
  }
  return 0;
}

static void free_ctx(serve_ctx *ctx) {
  serve_pool_free(&ctx->pool);
  serve_cache_free(ctx->cache);
  free(ctx->db);
  free(ctx->token);
}

hd_server *hd_serve_start(const hd_serve_options *opt, hd_err *err) {
  hd_serve_options o = *opt;
  if (o.threads < 1) o.threads = 1;
  if (o.max_connections < o.threads) o.max_connections = o.threads;
  if (o.port < 0 || o.port > 65535) {
    hd_err_set(err, HD_ERR_USAGE, "", 0, "port %d is not a TCP port", o.port);
    return NULL;
  }
  struct sockaddr_storage sa;
  if (resolve(o.host ? o.host : "127.0.0.1", o.port, &sa, err) || hd_mhd_load(err)) return NULL;
  hd_server *s = hd_xcalloc(1, sizeof *s);
  s->ctx.db = hd_xstrdup(o.db ? o.db : "herald.db");
  s->ctx.token = o.token ? hd_xstrdup(o.token) : NULL;
  s->ctx.query_ms = o.query_ms;
  s->loopback = is_loopback(&sa);
  /* open one handle now, so that a missing or foreign file fails at start */
  if (serve_pool_init(&s->ctx.pool, s->ctx.db, o.threads, err)) {
    free_ctx(&s->ctx);
    free(s);
    return NULL;
  }
  if (o.cache_mb > 0) s->ctx.cache = serve_cache_new(s->ctx.db, (size_t)o.cache_mb << 20);
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_AUTO;
  if (sa.ss_family == AF_INET6) flags |= MHD_USE_IPv6;
  s->daemon = MHD_start_daemon(
      flags, (uint16_t)o.port, NULL, NULL, on_request, &s->ctx, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
      MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o.threads, MHD_OPTION_CONNECTION_LIMIT, (unsigned)o.max_connections,
      MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVE_HEADER_MEMORY,
      MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL, MHD_OPTION_END);
  if (!s->daemon) {
    hd_err_set(err, HD_ERR_IO, "", 0, "cannot listen on %s port %d (in use, or not an address of this machine)",
               o.host ? o.host : "127.0.0.1", o.port);
    free_ctx(&s->ctx);
    free(s);
    return NULL;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
  s->port = info ? info->port : o.port;
  return s;
}

int hd_serve_port(const hd_server *s) { return s->port; }
int hd_serve_is_loopback(const hd_server *s) { return s->loopback; }

void hd_serve_stop(hd_server *s) {
  if (!s) return;
  MHD_stop_daemon(s->daemon);
  free_ctx(&s->ctx);
  free(s);
}
