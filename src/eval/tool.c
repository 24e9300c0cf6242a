/* tool.c: the error line of the evaluations and trainers (tool.h). */
#include "eval/tool.h"

#include <stdio.h>

void hd_tool_report(const hd_err *e) {
  char stage[48] = "";
  if (e->stage) snprintf(stage, sizeof stage, "%s stage: ", e->stage);
  if (e->file[0] && e->line > 0) fprintf(stderr, "herald: %s:%ld: %s%s\n", e->file, e->line, stage, e->msg);
  else if (e->file[0]) fprintf(stderr, "herald: %s: %s%s\n", e->file, stage, e->msg);
  else fprintf(stderr, "herald: %s%s\n", stage, e->msg);
}
