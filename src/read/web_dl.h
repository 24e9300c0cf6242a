/*
 * web_dl.h: libxml2, uchardet and brotli, opened on first use instead of
 * at every process start. Linked, they made the loader map and relocate
 * libxml2 with ICU (libicuuc, 30 MB of libicudata), liblzma, uchardet with
 * libstdc++ and brotli in every `herald` process: 3.4M of the 4.9M
 * instructions an empty program linked like herald ran before main()
 * (callgrind), ~1-2.6 ms of task-clock, paid by every `herald search`,
 * which never reads HTML. Here the names the readers use (html.c, meta.c,
 * quality.c, blocks.c, charset.c, http.c include this header instead of
 * the libraries') become calls through tables that hd_xml_load,
 * hd_chardet_load and hd_brotli_load fill once with dlopen/dlsym
 * (store/pq_dl.h does the same for libpq).
 *
 * Who loads: html.c before it parses (every xml* call runs on a tree that
 * parse made), charset.c before it detects, http.c before it decompresses.
 * A library that cannot be loaded (not installed) is said once on stderr
 * and its step fails as if its input were unreadable.
 *
 * Thread-safety: each load runs once (pthread_once); the tables are
 * read-only afterwards. Ownership: the libraries stay open for the life
 * of the process.
 */
#ifndef HD_READ_WEB_DL_H
#define HD_READ_WEB_DL_H

#include <brotli/decode.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <uchardet.h>

/* Every function herald calls from each library; add one here and below to use it. */
#define HD_XML_FUNCS(X) X(htmlReadMemory) X(xmlDocGetRootElement) X(xmlFreeDoc) X(xmlGetProp) X(xmlNodeGetContent)
#define HD_CHARDET_FUNCS(X) \
  X(uchardet_new) X(uchardet_delete) X(uchardet_handle_data) X(uchardet_data_end) X(uchardet_get_charset)
#define HD_BROTLI_FUNCS(X) \
  X(BrotliDecoderCreateInstance) X(BrotliDecoderDecompressStream) X(BrotliDecoderDestroyInstance)

typedef struct {
#define HD_WEB_FIELD(f) __typeof__(f) *f;
  HD_XML_FUNCS(HD_WEB_FIELD)
  HD_CHARDET_FUNCS(HD_WEB_FIELD)
  HD_BROTLI_FUNCS(HD_WEB_FIELD)
#undef HD_WEB_FIELD
  xmlFreeFunc *xml_free; /* libxml2's xmlFree is a variable (its deallocator) */
} hd_web_api;

extern hd_web_api hd_web;

/* Each opens its library once and fills its part of hd_web: 0, or -1
 * (the reason printed once on stderr). */
int hd_xml_load(void);
int hd_chardet_load(void);
int hd_brotli_load(void);

#ifndef HD_WEB_DL_IMPL
#define htmlReadMemory hd_web.htmlReadMemory
#define xmlDocGetRootElement hd_web.xmlDocGetRootElement
#define xmlFreeDoc hd_web.xmlFreeDoc
#define xmlGetProp hd_web.xmlGetProp
#define xmlNodeGetContent hd_web.xmlNodeGetContent
#undef xmlFree
#define xmlFree (*hd_web.xml_free)
#define uchardet_new hd_web.uchardet_new
#define uchardet_delete hd_web.uchardet_delete
#define uchardet_handle_data hd_web.uchardet_handle_data
#define uchardet_data_end hd_web.uchardet_data_end
#define uchardet_get_charset hd_web.uchardet_get_charset
#define BrotliDecoderCreateInstance hd_web.BrotliDecoderCreateInstance
#define BrotliDecoderDecompressStream hd_web.BrotliDecoderDecompressStream
#define BrotliDecoderDestroyInstance hd_web.BrotliDecoderDestroyInstance
#endif

#endif
