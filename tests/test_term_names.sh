#!/usr/bin/env bash
# The clustering terms' names in a SQLite store (docs/FORMAT.md): 256 to
# a cluster_names row, read as one row per term through the cluster_terms
# view. Checks: the view gives dense ids and every term once; the rows are
# the same whether the names were written in one batch, in many small
# batches or over two runs; a store written before the names moved (a
# cluster_terms table) is moved into cluster_names when an ingest opens
# it, and continuing it gives the store an up-to-date one gives.
set -u
H=${1:?usage: test_term_names.sh HERALD}
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3 shell"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
. "$(dirname "$0")/lib/store_rows.sh"
rows() { store_rows_sqlite "$1"; }

python3 tests/gen_articles.py 300 5 >"$T/all.jsonl"
head -120 "$T/all.jsonl" >"$T/a.jsonl"; tail -n +121 "$T/all.jsonl" >"$T/b.jsonl"

"$H" ingest -q --db "$T/one.db" corpus "$T/all.jsonl"
"$H" ingest -q --batch 7 --db "$T/small.db" corpus "$T/all.jsonl"
"$H" ingest -q --db "$T/two.db" corpus "$T/a.jsonl" && "$H" ingest -q --db "$T/two.db" "$T/b.jsonl"
n=$(sqlite3 "$T/one.db" "SELECT count(*) FROM cluster_terms")
ok "terms stored" '[ "$n" -gt 256 ]'
ok "ids dense, each once" '[ "$(sqlite3 "$T/one.db" "SELECT count(DISTINCT id), min(id), max(id) FROM cluster_terms")" = "$n|0|$((n - 1))" ]'
ok "256 names a row" '[ "$(sqlite3 "$T/one.db" "SELECT count(*) FROM cluster_names")" = $(( (n + 255) / 256 )) ]'
ok "no term without a name" '[ "$(sqlite3 "$T/one.db" "SELECT count(*) FROM cluster_terms WHERE term IS NULL OR term = \"\"")" = 0 ]'
sqlite3 "$T/one.db" "SELECT terms FROM cluster_names ORDER BY id" >"$T/one.names"
sqlite3 "$T/small.db" "SELECT terms FROM cluster_names ORDER BY id" >"$T/small.names"
ok "small batches: the same names, byte for byte" 'cmp -s "$T/one.names" "$T/small.names"'

# an older store: its names in a cluster_terms table, no cluster_names
"$H" ingest -q --db "$T/old.db" corpus "$T/a.jsonl"
sqlite3 "$T/old.db" "CREATE TABLE t AS SELECT id, term, surface FROM cluster_terms; DROP VIEW cluster_terms;
  DROP TABLE cluster_names; CREATE TABLE cluster_terms(id INTEGER PRIMARY KEY, term TEXT NOT NULL, surface TEXT);
  INSERT INTO cluster_terms SELECT * FROM t ORDER BY id; DROP TABLE t;"
ok "old layout made" '[ "$(sqlite3 "$T/old.db" "SELECT type FROM sqlite_master WHERE name = \"cluster_terms\"")" = table ]'
"$H" ingest -q --db "$T/old.db" "$T/b.jsonl"; rc=$?
ok "an older store continues" '[ $rc = 0 ]'
ok "its table became the view" '[ "$(sqlite3 "$T/old.db" "SELECT type FROM sqlite_master WHERE name = \"cluster_terms\"")" = view ]'
rows "$T/two.db" >"$T/two.rows"; rows "$T/old.db" >"$T/old.rows"
ok "and gives the store of an up-to-date one" 'cmp -s "$T/two.rows" "$T/old.rows"'

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
