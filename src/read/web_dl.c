/*
 * web_dl.c: opens libxml2, uchardet and brotli on first use and fills the
 * call table of read/web_dl.h (why: see there). Complexity: one dlopen
 * and one dlsym per function, once per process and library.
 */
#define HD_WEB_DL_IMPL
#include "read/web_dl.h"

#include <pthread.h>
#include <stdio.h>

#include "util/dl.h"

hd_web_api hd_web;

static pthread_once_t xml_once = PTHREAD_ONCE_INIT, chardet_once = PTHREAD_ONCE_INIT,
                      brotli_once = PTHREAD_ONCE_INIT;
static int xml_ok, chardet_ok, brotli_ok;

/* dlopen(soname), then dlsym of each name into its slot; 1 when all are there,
 * else 0 with the reason on stderr. */
static int load(const char *soname, const char *what, const char *const *names, void **const *slots, size_t n) {
  char why[200] = "";
  void *lib = hd_dl_open(soname, what, why, sizeof why);
  for (size_t i = 0; lib && i < n; i++)
    if (hd_dl_sym(lib, soname, names[i], slots[i], why, sizeof why)) lib = NULL;
  if (!lib) fprintf(stderr, "herald: %s\n", why);
  return lib != NULL;
}

#define HD_NAME(f) #f,
#define HD_SLOT(f) (void **)&hd_web.f,

static void load_xml(void) {
  const char *const names[] = {HD_XML_FUNCS(HD_NAME) "xmlFree"};
  void **const slots[] = {HD_XML_FUNCS(HD_SLOT)(void **) & hd_web.xml_free};
  xml_ok = load("libxml2.so.2", "the HTML parser library (libxml2)", names, slots, sizeof names / sizeof *names);
}

static void load_chardet(void) {
  const char *const names[] = {HD_CHARDET_FUNCS(HD_NAME)};
  void **const slots[] = {HD_CHARDET_FUNCS(HD_SLOT)};
  chardet_ok = load("libuchardet.so.0", "the charset detector (uchardet)", names, slots, sizeof names / sizeof *names);
}

static void load_brotli(void) {
  const char *const names[] = {HD_BROTLI_FUNCS(HD_NAME)};
  void **const slots[] = {HD_BROTLI_FUNCS(HD_SLOT)};
  brotli_ok = load("libbrotlidec.so.1", "the brotli decoder", names, slots, sizeof names / sizeof *names);
}

int hd_xml_load(void) {
  pthread_once(&xml_once, load_xml);
  return xml_ok ? 0 : -1;
}

int hd_chardet_load(void) {
  pthread_once(&chardet_once, load_chardet);
  return chardet_ok ? 0 : -1;
}

int hd_brotli_load(void) {
  pthread_once(&brotli_once, load_brotli);
  return brotli_ok ? 0 : -1;
}
