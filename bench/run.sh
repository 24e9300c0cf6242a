#!/usr/bin/env bash
# make bench: every benchmark that has its data. Reuters-21578 is read
# from ../shared at run time and converted in a temp dir; nothing from it
# is kept. Each sub-benchmark prints its own figures.
set -u
H=${1:-build/herald}
cd "$(dirname "$0")/.."
DATA=../shared/data
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
if [ ! -d "$DATA/reuters21578" ]; then echo "bench: ../shared/data absent; nothing to measure"; exit 0; fi
python3 bench/reuters2jsonl.py "$DATA/reuters21578" >"$T/reuters.jsonl"
echo "== annotate stages on Reuters-21578 (one core, in memory) =="
build/bench_annotate "$T/reuters.jsonl"
echo "== herald annotate end to end (JSON in, JSON out, one process) =="
bytes=$(stat -c %s "$T/reuters.jsonl")
for cfg in "--no-ner --no-quotes" ""; do
  TIMEFORMAT=%R
  s=$( { time "$H" annotate -q $cfg "$T/reuters.jsonl" >/dev/null 2>&1; } 2>&1 | tail -1)
  awk -v b="$bytes" -v s="$s" -v c="${cfg:-all stages}" 'BEGIN{printf "annotate %-22s %6.2f s  %6.1f MB/s\n", c, s, b/s/1e6}'
done
for b in bench/ner.sh bench/ingest.sh; do [ -x "$b" ] || [ -f "$b" ] && bash "$b" "$H"; done
exit 0
