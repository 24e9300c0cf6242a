/*
 * row_batch.c: multi-row INSERTs for the SQLite writer (row_batch.h).
 * Complexity: O(1) amortised per value; a statement per distinct row
 * count, prepared when first needed (in practice a full batch and the
 * remainders met at commits).
 * Ownership: the batch owns its cells, text copies and statements.
 */
#include "store/row_batch.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

enum { CELL_NULL, CELL_INT, CELL_TEXT, CELL_REAL };

typedef struct {
  int kind;
  int64_t i;     /* CELL_INT */
  double d;      /* CELL_REAL */
  size_t off, n; /* CELL_TEXT: bytes in text */
} cell;

struct hd_row_batch {
  sqlite3 *db;
  char *head, *tail;
  int ncols;
  int rows;   /* complete rows held */
  int filled; /* cells given, this row included */
  cell cells[HD_ROW_BATCH * 16];
  hd_buf text;
  sqlite3_stmt *st[HD_ROW_BATCH + 1]; /* by row count */
  const char *failed;                 /* SQL of the last failure */
};

hd_row_batch *hd_row_batch_new(sqlite3 *db, const char *head, int ncols, const char *tail) {
  if (ncols < 1 || ncols > 16) return NULL;
  hd_row_batch *b = hd_xcalloc(1, sizeof *b);
  b->db = db;
  b->head = hd_xstrdup(head);
  b->tail = hd_xstrdup(tail ? tail : "");
  b->ncols = ncols;
  hd_buf_init(&b->text, 0);
  return b;
}

void hd_row_batch_free(hd_row_batch *b) {
  if (!b) return;
  for (int i = 0; i <= HD_ROW_BATCH; i++) sqlite3_finalize(b->st[i]);
  hd_buf_free(&b->text);
  free(b->head);
  free(b->tail);
  free(b);
}

static cell *next_cell(hd_row_batch *b) { return &b->cells[b->filled++]; }

void hd_row_batch_int(hd_row_batch *b, int64_t v) {
  cell *c = next_cell(b);
  c->kind = CELL_INT;
  c->i = v;
}

void hd_row_batch_double(hd_row_batch *b, double v) {
  cell *c = next_cell(b);
  c->kind = CELL_REAL;
  c->d = v;
}

void hd_row_batch_null(hd_row_batch *b) { next_cell(b)->kind = CELL_NULL; }

void hd_row_batch_text(hd_row_batch *b, const char *text, size_t len) {
  if (!text) {
    hd_row_batch_null(b);
    return;
  }
  cell *c = next_cell(b);
  c->kind = CELL_TEXT;
  c->off = b->text.len;
  c->n = len;
  hd_buf_put(&b->text, text, len);
}

/* The statement for n rows: "HEAD VALUES(?,..),(?,..) TAIL". */
static sqlite3_stmt *statement(hd_row_batch *b, int n) {
  if (b->st[n]) return b->st[n];
  hd_buf sql;
  hd_buf_init(&sql, 0);
  hd_buf_puts(&sql, b->head);
  hd_buf_puts(&sql, " VALUES");
  for (int r = 0; r < n; r++) {
    hd_buf_puts(&sql, r ? ",(" : "(");
    for (int c = 0; c < b->ncols; c++) hd_buf_puts(&sql, c ? ",?" : "?");
    hd_buf_putc(&sql, ')');
  }
  hd_buf_putc(&sql, ' ');
  hd_buf_puts(&sql, b->tail);
  hd_buf_putc(&sql, 0);
  if (sqlite3_prepare_v3(b->db, sql.ptr, -1, SQLITE_PREPARE_PERSISTENT, &b->st[n], NULL) != SQLITE_OK) {
    b->st[n] = NULL;
    b->failed = b->head;
  }
  hd_buf_free(&sql);
  return b->st[n];
}

int hd_row_batch_flush(hd_row_batch *b) {
  if (b->rows == 0) return SQLITE_OK;
  sqlite3_stmt *st = statement(b, b->rows);
  if (!st) {
    hd_row_batch_clear(b);
    return SQLITE_ERROR;
  }
  int nv = b->rows * b->ncols;
  for (int i = 0; i < nv; i++) {
    const cell *c = &b->cells[i];
    if (c->kind == CELL_INT) sqlite3_bind_int64(st, i + 1, c->i);
    else if (c->kind == CELL_REAL) sqlite3_bind_double(st, i + 1, c->d);
    else if (c->kind == CELL_TEXT) /* an empty text stays '' (not NULL) */
      sqlite3_bind_text(st, i + 1, c->n ? b->text.ptr + c->off : "", (int)c->n, SQLITE_STATIC);
    else sqlite3_bind_null(st, i + 1);
  }
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  hd_row_batch_clear(b);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) return SQLITE_OK;
  b->failed = sqlite3_sql(st);
  return rc;
}

int hd_row_batch_end_row(hd_row_batch *b) {
  b->rows++;
  return b->rows == HD_ROW_BATCH ? hd_row_batch_flush(b) : SQLITE_OK;
}

void hd_row_batch_clear(hd_row_batch *b) {
  b->rows = b->filled = 0;
  hd_buf_clear(&b->text);
}

const char *hd_row_batch_sql(const hd_row_batch *b) { return b->failed ? b->failed : b->head; }
