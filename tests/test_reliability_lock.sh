#!/usr/bin/env bash
# Reliability regression (issue "No input crashes herald or loses data",
# item 10): two ingests into one store at once. Before the writer lock they
# interleaved batches ("UNIQUE constraint failed: cluster_terms.id", or exit
# 0 with meta.cluster_docs short of the articles stored). Now the second
# ingest exits 2 with a clear message while the first holds the store, and
# the first completes consistently. The first ingest reads a FIFO, so it
# holds the store for exactly as long as the test wants.
set -u
H=${1:?usage: test_reliability_lock.sh HERALD}
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3 shell"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
T=$(mktemp -d)
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
q() { sqlite3 "$1" "$2"; }

python3 "$(dirname "$0")/gen_articles.py" 1200 21 >"$T/a.jsonl"
python3 "$(dirname "$0")/gen_articles.py" 1200 22 >"$T/b.jsonl"
mkfifo "$T/fifo"
exec 3<>"$T/fifo"               # a writer, so the reader's open does not block
"$H" ingest -q --no-ner --batch 100 --db "$T/s.db" - <"$T/fifo" 2>"$T/err1" 3>&- &
first=$!
trap 'kill $first 2>/dev/null; rm -rf "$T"' EXIT
for _ in $(seq 1 500); do [ -e "$T/s.db-wal" ] && break; sleep 0.01; done
ok "first ingest has opened the store" '[ -e "$T/s.db-wal" ]'

"$H" ingest -q --no-ner --batch 100 --db "$T/s.db" "$T/b.jsonl" 2>"$T/err2"; rc=$?
ok "second ingest exits 2" '[ $rc -eq 2 ]'
ok "second ingest says why" 'grep -q "another herald ingest is writing to this store" "$T/err2"'
ok "first ingest still running" 'kill -0 $first 2>/dev/null'

cat "$T/a.jsonl" >&3
exec 3>&-
wait $first; rc=$?
ok "first ingest exit 0" '[ $rc -eq 0 ]'
n=$(q "$T/s.db" "select count(*) from articles")
ok "first ingest stored its articles" '[ "$n" -gt 1000 ]'
ok "cluster state matches articles" '[ "$(q "$T/s.db" "select value from meta where key = '"'"'cluster_docs'"'"'")" = "$n" ]'
ok "stories match articles" '[ "$(q "$T/s.db" "select sum(articles) from stories where merged_into is null")" = "$n" ]'

# once the first has finished, the second runs
"$H" ingest -q --no-ner --batch 100 --db "$T/s.db" "$T/b.jsonl" 2>"$T/err3"; rc=$?
ok "second ingest runs afterwards" '[ $rc -eq 0 ]'
n=$(q "$T/s.db" "select count(*) from articles")
ok "cluster state matches articles after both" '[ "$(q "$T/s.db" "select value from meta where key = '"'"'cluster_docs'"'"'")" = "$n" ]'
ok "integrity" '[ "$(q "$T/s.db" "pragma integrity_check")" = ok ]'
# queries do not take the writer lock
"$H" ingest -q --no-ner --db "$T/s.db" - <"$T/fifo" 2>/dev/null 3>&- &
third=$!
exec 3>"$T/fifo"
"$H" stories --db "$T/s.db" --limit 1 >"$T/q" 2>&1; rc=$?
ok "queries run while an ingest writes" '[ $rc -eq 0 ] && [ -s "$T/q" ]'
exec 3>&-
wait $third

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
