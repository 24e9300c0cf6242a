#!/usr/bin/env bash
# Scale benchmark: builds N articles (default 1,000,000) from Reuters-21578
# (originals, perturbed copies, recombined paragraphs; bench/scale_gen.py)
# in a temporary directory, ingests them (--no-ner unless SCALE_NER=1),
# and reports total time, time per article, peak memory, DB size and
# search p50/p99. Run it at 100k and 1M to compare the time per article.
# usage: bench/scale.sh [HERALD] [N]
# SCALE_INPUT=FILE reuses a file made by scale_gen.py (its first N lines);
# SCALE_KEEP=1 keeps the temporary directory (input and store).
set -eu
H=${1:-build/herald}
N=${2:-1000000}
R=../shared/data/reuters21578
[ -d "$R" ] || { echo "skip: $R absent"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/herald-scale.XXXXXX")
if [ "${SCALE_KEEP:-0}" = 1 ]; then echo "keeping $T"; else trap 'rm -rf "$T"' EXIT; fi
if [ -n "${SCALE_INPUT:-}" ]; then # reuse a generated file: its first N articles
  head -n "$N" "$SCALE_INPUT" >"$T/in.jsonl"
else
  python3 "$(dirname "$0")/reuters2jsonl.py" "$R" >"$T/reuters.jsonl"
  python3 "$(dirname "$0")/scale_gen.py" "$T/reuters.jsonl" "$N" >"$T/in.jsonl"
fi
echo "input: $N articles, $(($(stat -c %s "$T/in.jsonl") / 1048576)) MB"
ner=--no-ner; [ "${SCALE_NER:-0}" = 1 ] && ner=
/usr/bin/time -f "%e %U %S %M" -o "$T/time" "$H" ingest -q $ner --db "$T/s.db" "$T/in.jsonl"
read -r wall user sys rss <"$T/time"
printf 'ingest: %.0f s wall (%.3f ms/article), cpu %.0f s, peak RSS %d MB, db %d MB\n' "$wall" \
  "$(echo "$wall * 1000 / $N" | bc -l)" "$(echo "$user + $sys" | bc)" $((rss / 1024)) \
  $(($(du -cb "$T"/s.db* | tail -1 | cut -f1) / 1048576))
echo "stories: $(sqlite3 "$T/s.db" "select count(*) from stories where merged_into is null and articles > 0"), near-duplicates: $(sqlite3 "$T/s.db" "select count(*) from articles where dup_of is not null")"
python3 "$(dirname "$0")/search_latency.py" "$H" "$T/s.db" 200
