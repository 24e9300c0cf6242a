/*
 * fts_ahead.h: an article's full-text tokens computed ahead, on an
 * annotating thread, and handed to the writer's FTS5 table.
 *
 * The store's FTS5 index (articles_fts, tokenize='porter unicode61
 * remove_diacritics 2') tokenises each stored article's title and text on
 * the one writer thread: about half of the FTS5 insert's cost, a tenth of
 * the sink thread's. hd_fts_tokens_of runs that very tokenizer (FTS5's
 * own, from SQLite) on an annotating thread and records its output;
 * hd_fts_ahead_install puts a tokenizer named "porter" on the writer's
 * connection that replays the recorded tokens when FTS5 asks it to
 * tokenise a document whose bytes are the recorded ones, and otherwise
 * runs the real porter tokenizer. So the index is byte for byte the same
 * (the same tokenizer on the same bytes), whichever path ran; readers use
 * SQLite's own tokenizer, as before.
 *
 * Ownership: the tokens live in memory from the caller's allocator (the
 * article's arena); the writer borrows them while it inserts the row.
 * Thread-safety: hd_fts_tokens_of is thread-safe (one tokenizer instance
 * per thread, freed when the thread exits).
 * Complexity: O(bytes) to record; O(tokens) to replay.
 */
#ifndef HD_STORE_FTS_AHEAD_H
#define HD_STORE_FTS_AHEAD_H

#include <sqlite3.h>
#include <stddef.h>

typedef struct hd_fts_tokens hd_fts_tokens;

/* The tokens of title (NULL: none) and text, as the store's FTS5 table
 * makes them, in memory from alloc(ud, n); NULL when that fails or the
 * tokenizer is not available (the writer then tokenises itself). */
hd_fts_tokens *hd_fts_tokens_of(const char *title, size_t title_len, const char *text, size_t text_len,
                                void *(*alloc)(void *ud, size_t n), void *ud);

/* On the writer's connection, before the FTS5 table is first used: its
 * "porter" tokenizer replays *current's tokens (when not NULL) for a
 * document with the same bytes. *current must outlive the connection.
 * Returns SQLITE_OK or an SQLite error code. */
int hd_fts_ahead_install(sqlite3 *db, const hd_fts_tokens *const *current);

#endif
