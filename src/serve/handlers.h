/*
 * handlers.h: the request handlers of `herald serve`, one per route
 * (routes.c holds the table). `rest` is the path segment after a prefix
 * route ("12" for /stories/12), "" for exact routes. Each fills r's
 * response (or calls serve_error).
 */
#ifndef HD_SERVE_HANDLERS_H
#define HD_SERVE_HANDLERS_H

#include "serve/serve.h"

/* api.c: JSON */
void api_index(serve_req *r, const char *rest);
void api_search(serve_req *r, const char *rest);
void api_stories(serve_req *r, const char *rest);
void api_story(serve_req *r, const char *rest);
void api_entities(serve_req *r, const char *rest);
void api_quotes(serve_req *r, const char *rest);
void api_article(serve_req *r, const char *rest);

/* pages.c: HTML */
void page_home(serve_req *r, const char *rest);
void page_search(serve_req *r, const char *rest);
void page_story(serve_req *r, const char *rest);
void page_entity(serve_req *r, const char *rest);
void page_article(serve_req *r, const char *rest);
void page_error(serve_req *r, const char *msg);

#endif
