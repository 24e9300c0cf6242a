#!/usr/bin/env bash
# Ingest throughput on Reuters-21578 (converted to JSON Lines at run time;
# nothing is committed) and search latency on the resulting store.
# usage: bench/ingest.sh [HERALD]   (needs ../shared/data/reuters21578)
set -eu
H=${1:-build/herald}
R=../shared/data/reuters21578
[ -d "$R" ] || { echo "skip: $R absent"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
python3 "$(dirname "$0")/reuters2jsonl.py" "$R" >"$T/reuters.jsonl"
n=$(wc -l <"$T/reuters.jsonl")
run() { # label, extra options
  rm -f "$T/r.db"*
  /usr/bin/time -f "%e %U %S %M" -o "$T/time" "$H" ingest -q --db "$T/r.db" "${@:2}" "$T/reuters.jsonl"
  read -r wall user sys rss <"$T/time"
  cpu=$(echo "$user + $sys" | bc)
  printf '%-22s %d articles: wall %.1f s (%.0f/s), cpu %.1f s (%.0f/s), peak %d MB, db %d MB\n' "$1" "$n" "$wall" \
    "$(echo "$n / $wall" | bc -l)" "$cpu" "$(echo "$n / $cpu" | bc -l)" $((rss / 1024)) $(($(stat -c %s "$T/r.db") / 1048576))
}
run "ingest --no-ner" --no-ner
if [ -f models/ner-en.bin ]; then run "ingest (all stages)"; fi
python3 "$(dirname "$0")/search_latency.py" "$H" "$T/r.db" 200
echo "stories: $(sqlite3 "$T/r.db" "select count(*) from stories where merged_into is null and articles > 0"), near-duplicates: $(sqlite3 "$T/r.db" "select count(*) from articles where dup_of is not null")"
