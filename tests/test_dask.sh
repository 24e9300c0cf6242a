#!/usr/bin/env bash
# The per-article stages on a cluster, the corpus-wide step here:
# `herald annotate --for-ingest` then `herald ingest --annotated` gives the
# store a single `herald ingest` gives, table for table; so does
# scripts/herald-dask on a local Dask cluster of 2 workers (corpus/, fixture
# articles, and a Reuters sample when ../shared is there). A malformed line
# fails alone, named; a re-run stores nothing twice. The Dask part skips
# (77) when Debian's python3-distributed is missing.
set -u
H=${1:?usage: test_dask.sh HERALD}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
. "$(dirname "$0")/lib/store_dump.sh"
dump() { store_dump "$1"; }
mkdir "$T/in"
python3 tests/gen_articles.py 300 5 | split -l 40 -d --additional-suffix=.jsonl - "$T/in/gen"
R=../shared/data/reuters21578
if [ -d "$R" ]; then
  python3 bench/reuters2jsonl.py "$R" >"$T/reuters.jsonl"
  head -400 "$T/reuters.jsonl" | split -l 100 -d --additional-suffix=.jsonl - "$T/in/reuters"
fi
"$H" ingest -q --db "$T/single.db" corpus "$T/in"; dump "$T/single.db" >"$T/single.dump"

# annotate --for-ingest | ingest --annotated (stdin, one thread and two)
"$H" annotate -q --for-ingest corpus "$T/in" >"$T/ann.jsonl"
ok "for-ingest adds the hash" 'head -1 "$T/ann.jsonl" | grep -q "\"hash\":\"[0-9a-f]\{16\}\""'
"$H" ingest -q -j 1 --annotated --db "$T/a1.db" - <"$T/ann.jsonl"; rc=$?
ok "ingest --annotated exit 0" '[ $rc -eq 0 ]'
dump "$T/a1.db" >"$T/a1.dump"
ok "ingest --annotated: same store" 'cmp -s "$T/single.dump" "$T/a1.dump"'
gzip -c "$T/ann.jsonl" >"$T/ann.jsonl.gz"
"$H" ingest -q -j 2 --annotated --db "$T/a2.db" "$T/ann.jsonl.gz"
dump "$T/a2.db" >"$T/a2.dump"
ok "ingest --annotated -j 2, gzip: same store" 'cmp -s "$T/single.dump" "$T/a2.dump"'
"$H" ingest --annotated --db "$T/a1.db" "$T/ann.jsonl" 2>"$T/err"; rc=$?
ok "re-run stores nothing twice" '[ $rc -eq 0 ] && grep -q " 0 stored" "$T/err"'

# without --for-ingest: still ingested (hash of the text)
"$H" annotate -q corpus >"$T/plain.jsonl"
"$H" ingest -q --annotated --db "$T/plain.db" "$T/plain.jsonl"; rc=$?
ok "plain annotate output ingests" '[ $rc -eq 0 ] && [ "$(sqlite3 "$T/plain.db" "SELECT count(*) FROM articles")" = 15 ]'

# a malformed record fails alone, named with file and line
{ head -3 "$T/ann.jsonl"; echo '{"text":"x","entities":[{"type":"PER","start":0,"end":99}]}'; echo 'not json'
  sed -n '4,6p' "$T/ann.jsonl"; } >"$T/bad.jsonl"
"$H" ingest --annotated --db "$T/bad.db" "$T/bad.jsonl" 2>"$T/err"; rc=$?
ok "bad lines: exit 1" '[ $rc -eq 1 ]'
ok "bad span named" 'grep -q "bad.jsonl:4: .*outside the text" "$T/err"'
ok "bad json named" 'grep -q "bad.jsonl:5: .*not a JSON object" "$T/err"'
ok "the rest stored" '[ "$(sqlite3 "$T/bad.db" "SELECT count(*) FROM articles")" = 6 ]'

# herald-dask on a local cluster of 2 workers
if /usr/bin/python3 -c "import distributed" 2>/dev/null; then
  scripts/herald-dask --local 2 --partition-bytes 20000 --herald "$H" -q --db "$T/dask.db" corpus "$T/in" 2>"$T/err"; rc=$?
  ok "herald-dask exit 0" '[ $rc -eq 0 ]' || cat "$T/err" >&2
  dump "$T/dask.db" >"$T/dask.dump"
  ok "herald-dask --local 2: same store as one ingest" 'cmp -s "$T/single.dump" "$T/dask.dump"'
  scripts/herald-dask --local 0 --db "$T/x.db" corpus >/dev/null 2>&1; rc=$?
  ok "herald-dask usage error" '[ $rc -eq 2 ]'
else
  echo "skip: python3-distributed is not installed (scripts/deps.sh installs it)" >&2
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
