/*
 * routes.c: which handler answers which path, the checks every request
 * parameter goes through, and error answers.
 *
 * Paths are matched against a fixed table (exact paths and prefixes
 * followed by one segment); anything else is 404. Assets are looked up
 * by name among the compiled-in files only, so no path can reach the
 * file system. Parameters: valid UTF-8, no NUL, at most SERVE_MAX_PARAM
 * bytes; integers in range; dates real YYYY-MM-DD days. Errors under
 * /api/ are JSON {"error": "..."}; pages get the same message in HTML.
 * Complexity: O(routes + parameter bytes).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "serve/mhd_dl.h" /* libmicrohttpd, loaded when the server starts */
#include "serve/assets.h"
#include "serve/handlers.h"
#include "serve/serve.h"
#include "util/json.h"

typedef struct {
  const char *path;
  int prefix; /* 1: path is a prefix followed by one segment (the rest) */
  void (*run)(serve_req *r, const char *rest);
} route;

static void serve_asset(serve_req *r, const char *name);

static const route ROUTES[] = {
    {"/api", 0, api_index},             {"/api/", 0, api_index},
    {"/api/search", 0, api_search},     {"/api/stories", 0, api_stories},   {"/api/stories/", 1, api_story},
    {"/api/entities", 0, api_entities}, {"/api/quotes", 0, api_quotes},     {"/api/articles/", 1, api_article},
    {"/", 0, page_home},                {"/search", 0, page_search},        {"/stories/", 1, page_story},
    {"/entities/", 1, page_entity},     {"/articles/", 1, page_article},    {"/assets/", 1, serve_asset},
};

void serve_route(serve_req *r) {
  for (size_t i = 0; i < sizeof ROUTES / sizeof *ROUTES; i++) {
    const route *rt = &ROUTES[i];
    size_t n = strlen(rt->path);
    if (!rt->prefix && !strcmp(r->path, rt->path)) {
      rt->run(r, "");
      return;
    }
    if (rt->prefix && !strncmp(r->path, rt->path, n) && r->path[n] && !strchr(r->path + n, '/')) {
      rt->run(r, r->path + n);
      return;
    }
  }
  if (!strcmp(r->path, "/favicon.ico")) {
    serve_asset(r, "favicon.svg");
    return;
  }
  serve_error(r, 404, "no such path");
}

/* ---- assets ---- */

static const char *content_type(const char *name) {
  const char *dot = strrchr(name, '.');
  if (!dot) return "application/octet-stream";
  if (!strcmp(dot, ".css")) return "text/css; charset=utf-8";
  if (!strcmp(dot, ".js")) return "text/javascript; charset=utf-8";
  if (!strcmp(dot, ".svg")) return "image/svg+xml";
  if (!strcmp(dot, ".html")) return "text/html; charset=utf-8";
  return "application/octet-stream";
}

static void serve_asset(serve_req *r, const char *name) {
  const hd_asset *a = hd_asset_find(name);
  /* templates are parts of pages, not pages */
  if (!a || strstr(name, ".html")) {
    serve_error(r, 404, "no such asset");
    return;
  }
  r->type = content_type(name);
  r->static_body = a->data;
  r->static_len = a->len;
  r->cache_secs = 3600;
}

/* ---- errors ---- */

/* Replaces each byte that does not start a whole UTF-8 character by '?'. */
static void utf8_clean(char *s) {
  size_t n = strlen(s), i = 0;
  while (i < n) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) s[i++] = '?';
    else i += (size_t)k;
  }
}

void serve_error(serve_req *r, int status, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  utf8_clean(msg); /* a message may quote what was typed, cut at its size */
  r->status = status;
  r->static_body = NULL;
  r->cache_secs = 0;
  hd_buf_clear(&r->body);
  if (r->is_api) {
    r->type = "application/json; charset=utf-8";
    hd_buf_puts(&r->body, "{\"error\":");
    hd_json_cstr(&r->body, msg);
    hd_buf_puts(&r->body, "}\n");
  } else {
    r->type = "text/html; charset=utf-8";
    page_error(r, msg);
  }
}

/* ---- parameters ---- */

static int valid_utf8(const char *s, size_t n) {
  const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
  size_t i = 0;
  while (i < n) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0 || cp == 0) return 0;
    i += (size_t)k;
  }
  return 1;
}

int serve_param(serve_req *r, const char *name, const char **out) {
  const char *v = NULL;
  size_t n = 0;
  *out = NULL;
  if (MHD_lookup_connection_value_n(r->conn, MHD_GET_ARGUMENT_KIND, name, strlen(name), &v, &n) != MHD_YES || !v)
    return 0;
  if (n > SERVE_MAX_PARAM) {
    serve_error(r, 400, "parameter '%s' is longer than %d bytes", name, SERVE_MAX_PARAM);
    return -1;
  }
  if (strlen(v) != n || !valid_utf8(v, n)) {
    serve_error(r, 400, "parameter '%s' is not valid UTF-8 text", name);
    return -1;
  }
  *out = v;
  return 0;
}

int serve_check_text(serve_req *r, const char *what, const char *s) {
  size_t n = strlen(s);
  if (n > SERVE_MAX_PARAM) {
    serve_error(r, 400, "%s is longer than %d bytes", what, SERVE_MAX_PARAM);
    return -1;
  }
  if (!valid_utf8(s, n)) {
    serve_error(r, 400, "%s is not valid UTF-8 text", what);
    return -1;
  }
  return 0;
}

/* Parses a decimal in [min, max]; 0 ok. */
static int parse_long(const char *s, long min, long max, long *out) {
  if (!*s || strlen(s) > 18) return -1;
  long v = 0;
  for (const char *p = s; *p; p++) {
    if (*p < '0' || *p > '9') return -1;
    v = v * 10 + (*p - '0');
  }
  if (v < min || v > max) return -1;
  *out = v;
  return 0;
}

int serve_param_int(serve_req *r, const char *name, long def, long min, long max, long *out) {
  const char *v;
  if (serve_param(r, name, &v)) return -1;
  *out = def;
  if (!v || !*v) return 0;
  if (parse_long(v, min, max, out)) {
    serve_error(r, 400, "parameter '%s' must be a whole number from %ld to %ld", name, min, max);
    return -1;
  }
  return 0;
}

int serve_path_id(serve_req *r, const char *seg, const char *what, long long *out) {
  long v;
  if (parse_long(seg, 1, 999999999999999999L, &v)) {
    serve_error(r, 400, "%s id must be a positive whole number", what);
    return -1;
  }
  *out = v;
  return 0;
}
