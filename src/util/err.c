/* err.c: errors as values (hd_err), cf. yyjson_read_err. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "herald.h"

void hd_err_set(hd_err *err, hd_code code, const char *file, long line,
                const char *fmt, ...) {
  if (!err) return;
  err->code = code;
  snprintf(err->file, sizeof err->file, "%s", file ? file : "");
  err->line = line;
  err->stage = NULL;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  va_end(ap);
}

const char *hd_code_str(hd_code code) {
  switch (code) {
    case HD_OK: return "ok";
    case HD_ERR_IO: return "i/o error";
    case HD_ERR_INPUT: return "bad input";
    case HD_ERR_MODEL: return "model error";
    case HD_ERR_NOMEM: return "out of memory";
    case HD_ERR_DB: return "database error";
    case HD_ERR_USAGE: return "usage error";
    case HD_ERR_NOT_FOUND: return "not found";
    case HD_ERR_TIMEOUT: return "time limit";
  }
  return "unknown error";
}
