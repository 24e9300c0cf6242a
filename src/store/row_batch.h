/*
 * row_batch.h: rows of one SQLite INSERT gathered and written up to
 * HD_ROW_BATCH at a time, as one multi-row `INSERT ... VALUES (...),(...)`.
 *
 * Why: a one-row INSERT pays for its statement (step, halt, reset, bind,
 * a fresh table cursor that seeks from the root) as much as for the row.
 * One statement of 32 rows keeps its cursors open, so rows that append
 * (rowid order, an index on a growing key) take SQLite's append path.
 * The rows reach the table in the order they were added, so rowids and
 * upserts come out exactly as with one statement per row.
 *
 * The values are copied when added (the caller's strings may go away);
 * a failure is reported by the add that fills the batch or by flush, and
 * fails the writer's batch like any write error (store.c rolls it back).
 * Ownership: the batch owns its statements (prepared lazily, one per row
 * count met) and its copies; the connection is borrowed.
 * Complexity: O(1) amortised per value; memory O(HD_ROW_BATCH x columns).
 */
#ifndef HD_STORE_ROW_BATCH_H
#define HD_STORE_ROW_BATCH_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#define HD_ROW_BATCH 32

typedef struct hd_row_batch hd_row_batch;

/* head: "INSERT INTO t(a, b)" (ncols columns); tail: what follows the
 * VALUES list ("" or an ON CONFLICT clause). */
hd_row_batch *hd_row_batch_new(sqlite3 *db, const char *head, int ncols, const char *tail);
void hd_row_batch_free(hd_row_batch *b);

/* The next column of the current row. text NULL is SQL NULL. */
void hd_row_batch_int(hd_row_batch *b, int64_t v);
void hd_row_batch_text(hd_row_batch *b, const char *text, size_t len);
void hd_row_batch_double(hd_row_batch *b, double v);
void hd_row_batch_null(hd_row_batch *b);

/* Ends the current row (every column given); writes the batch when full.
 * Returns a SQLite result code: SQLITE_OK or the failing step's. */
int hd_row_batch_end_row(hd_row_batch *b);

/* Writes the rows held. Returns SQLITE_OK or the failing code. */
int hd_row_batch_flush(hd_row_batch *b);

/* Drops the rows held (the transaction was rolled back). */
void hd_row_batch_clear(hd_row_batch *b);

/* The text of the last statement that failed, for messages. */
const char *hd_row_batch_sql(const hd_row_batch *b);

#endif
