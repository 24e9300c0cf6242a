/*
 * assets.h: the web page's files compiled into the binary by
 * tools/embed_assets.c (CMake runs it over src/serve/assets/). Only these
 * names are ever served under /assets/: no path reaches the file system.
 * Ownership: static, read-only, NUL-terminated after `len` bytes.
 */
#ifndef HD_SERVE_ASSETS_H
#define HD_SERVE_ASSETS_H

#include <stddef.h>

typedef struct {
  const char *name; /* base name, e.g. "style.css" */
  const unsigned char *data;
  size_t len;
} hd_asset;

extern const hd_asset hd_assets[];
extern const size_t hd_n_assets;

/* The asset of that exact name, or NULL. O(assets). */
const hd_asset *hd_asset_find(const char *name);
/* The asset's bytes as a C string (templates); "" if missing. */
const char *hd_asset_text(const char *name);

#endif
