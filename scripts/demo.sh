#!/usr/bin/env bash
# make demo: the main job on the bundled corpus. Ingests corpus/ into a
# fresh database, prints the stories, and for the largest one the
# timeline and who said what.
set -eu
H=${1:-build/herald}
cd "$(dirname "$0")/.."
DB=${HERALD_DEMO_DB:-build/demo.db}
rm -f "$DB" "$DB-wal" "$DB-shm"
if "$H" ingest --help >/dev/null 2>&1; then
  "$H" ingest --db "$DB" corpus/
  echo
  echo "== stories =="
  "$H" stories --db "$DB"
  top=$("$H" stories --db "$DB" --json | sed -n 's/^[^0-9]*"id":[ ]*\([0-9]*\).*/\1/p' | head -1)
  if [ -n "$top" ]; then
    echo
    echo "== the largest story: timeline and who said what =="
    "$H" story --db "$DB" "$top"
  fi
else
  "$H" annotate corpus/
fi
echo
echo "== the web page and JSON API over this store (make serve) =="
echo "$H serve --db $DB    # then open http://127.0.0.1:8080/"
