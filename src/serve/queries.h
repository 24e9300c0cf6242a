/*
 * queries.h: the query steps shared by the JSON endpoints (api.c) and the
 * pages (pages.c): read and check the request's parameters, run one query
 * of herald/store.h on the request's store handle, fill the caller's
 * result (freed by the caller with the matching hd_*_free, also after a
 * failure). Each returns 0 on success, -1 after answering an error;
 * q_search returns 1 when `q` is absent and not required.
 */
#ifndef HD_SERVE_QUERIES_H
#define HD_SERVE_QUERIES_H

#include "herald.h"
#include "serve/serve.h"

int q_search(serve_req *r, hd_search_result *res, int require_q);
/* `limit`: the default when the request gives none (0: the library's). */
int q_stories(serve_req *r, hd_stories_result *res, int limit);
int q_story(serve_req *r, const char *seg, hd_story_result *res);
int q_entity(serve_req *r, const char *name, hd_entity_result *res);
int q_quotes(serve_req *r, const char *speaker, int limit, int offset, hd_quotes_result *res);
int q_article(serve_req *r, const char *seg, hd_stored_article *res);

#endif
