#!/usr/bin/env bash
# -j speed-up and the corpus-wide step's own rate, all stages, on
# Reuters-21578 (JSON Lines made at run time; nothing committed).
# Wall-clock ratios mean something only on an otherwise idle machine: the
# script prints the load average it saw. articles/CPU-s (articles over
# user + sys time) is what a loaded machine distorts least.
# usage: [TIMELINE=1] bench/parallel.sh [HERALD]   (needs ../shared/data/reuters21578)
set -eu
H=${1:-build/herald}
R=../shared/data/reuters21578
[ -d "$R" ] || { echo "skip: $R absent"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
python3 "$(dirname "$0")/reuters2jsonl.py" "$R" >"$T/reuters.jsonl"
n=$(wc -l <"$T/reuters.jsonl")
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $n articles"
timed() { # label, command...
  /usr/bin/time -f "%e %U %S %M" -o "$T/time" "${@:2}"
  read -r wall user sys rss <"$T/time"
  printf '%-40s wall %6.2f s  %6.0f articles/s   cpu %6.2f s (%6.0f articles/CPU-s)   peak %4d MB\n' "$1" \
    "$wall" "$(echo "$n / $wall" | bc -l)" "$(echo "$user + $sys" | bc)" "$(echo "$n / ($user + $sys)" | bc -l)" \
    $((rss / 1024))
  echo "$wall" >"$T/last"
}
for j in 1 2 4; do
  timed "annotate -j $j" sh -c "'$H' annotate -q -j $j '$T/reuters.jsonl' >/dev/null"
  eval "a$j=\$(cat \$T/last)"
done
for j in 1 2; do
  rm -f "$T/s.db"*
  timed "ingest -j $j" "$H" ingest -q -j $j --db "$T/s.db" "$T/reuters.jsonl"
  eval "i$j=\$(cat \$T/last)"
done
# TIMELINE=1: once more with the per-thread timeline (include/herald/timeline.h):
# each thread's busy and CPU time, and the cores busy per half second
if [ "${TIMELINE:-0}" = 1 ]; then
  rm -f "$T/s.db"*
  HERALD_TIMELINE="$T/tl.tsv" "$H" ingest -q -j 2 --db "$T/s.db" "$T/reuters.jsonl"
  python3 "$(dirname "$0")/timeline.py" "$T/tl.tsv" 0.5
fi
"$H" annotate -q -j 2 --for-ingest "$T/reuters.jsonl" >"$T/ann.jsonl"
rm -f "$T/s.db"*
timed "ingest --annotated -j 1 (corpus step)" "$H" ingest -q -j 1 --annotated --db "$T/s.db" "$T/ann.jsonl"
# the same with the JSON parsing and the MinHash signatures on a worker
# thread: what the corpus-wide step costs a writer fed by a cluster
rm -f "$T/s.db"*
timed "ingest --annotated -j 2 (corpus step)" "$H" ingest -q -j 2 --annotated --db "$T/s.db" "$T/ann.jsonl"
printf 'speed-up -j 2: annotate %.2fx, ingest %.2fx; -j 4 annotate %.2fx\n' \
  "$(echo "$a1 / $a2" | bc -l)" "$(echo "$i1 / $i2" | bc -l)" "$(echo "$a1 / $a4" | bc -l)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
