#!/usr/bin/env bash
# Scale benchmark, every stage: builds N articles (default 1,000,000) from
# Reuters-21578 (originals, perturbed copies, recombined paragraphs;
# bench/scale_gen.py) in a temporary directory, ingests them with NER and
# attribution (`herald ingest -j J`) into a SQLite file and into a
# PostgreSQL database, and reports for each: wall time, CPU time (herald's;
# for PostgreSQL also the server's), articles/s, ms per article, peak RSS,
# store size, stories, and search p50/p99 (the `herald search` process and
# the query alone; bench/search_latency.py). Run it at 100k and 1M to
# compare the time per article.
# usage: bench/scale.sh [HERALD] [N]
# env: SCALE_JOBS=2 (-j), SCALE_STORES="sqlite pg" (which stores),
#      SCALE_NER=0 (--no-ner: the figure of the earlier sessions),
#      SCALE_PG=URI (an existing empty database instead of a throwaway
#      cluster made in the temporary directory; its server CPU is not measured),
#      SCALE_INPUT=FILE (reuse a file made by scale_gen.py: its first N lines),
#      SCALE_KEEP=1 (keep the temporary directory), SCALE_QUERIES=200.
set -eu
H=$(cd "$(dirname "${1:-build/herald}")" && pwd)/$(basename "${1:-build/herald}")
N=${2:-1000000}
J=${SCALE_JOBS:-2}
STORES=${SCALE_STORES:-sqlite pg}
R=../shared/data/reuters21578
B=$(cd "$(dirname "$0")" && pwd)
[ -n "${SCALE_INPUT:-}" ] || [ -d "$R" ] || { echo "skip: $R absent"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/herald-scale.XXXXXX")
. "$B/../tests/lib/pg_cluster.sh"
cleanup() { pg_cluster_stop; [ "${SCALE_KEEP:-0}" = 1 ] || rm -rf "$T"; }
trap cleanup EXIT
[ "${SCALE_KEEP:-0}" = 1 ] && echo "keeping $T"
if [ -n "${SCALE_INPUT:-}" ]; then
  head -n "$N" "$SCALE_INPUT" >"$T/in.jsonl"
else
  python3 "$B/reuters2jsonl.py" "$R" >"$T/reuters.jsonl"
  python3 "$B/scale_gen.py" "$T/reuters.jsonl" "$N" >"$T/in.jsonl"
fi
N=$(wc -l <"$T/in.jsonl")
stages="every stage (NER + attribution)"; opts=()
[ "${SCALE_NER:-1}" = 0 ] && { stages="--no-ner"; opts=(--no-ner); }
echo "input: $N articles, $(($(stat -c %s "$T/in.jsonl") / 1048576)) MB; $stages; -j $J; $(nproc) cores"

# CPU seconds of the PostgreSQL cluster so far: the postmaster with its
# reaped children (exited backends) plus the live ones.
pg_cpu() {
  [ -n "${PG_POSTMASTER:-}" ] || { echo 0; return; }
  local ticks=0 p f
  for p in $PG_POSTMASTER $(pgrep -P "$PG_POSTMASTER"); do
    [ -r "/proc/$p/stat" ] || continue
    read -r -a f <"/proc/$p/stat"
    ticks=$((ticks + f[13] + f[14]))
    [ "$p" = "$PG_POSTMASTER" ] && ticks=$((ticks + f[15] + f[16]))
  done
  echo "scale=1; $ticks / $(getconf CLK_TCK)" | bc
}

# run NAME DB SIZE-COMMAND
run() {
  local name=$1 db=$2 cpu0 cpu1 wall user sys rss size
  cpu0=$(pg_cpu)
  /usr/bin/time -f "%e %U %S %M" -o "$T/time" "$H" ingest -q -j "$J" "${opts[@]}" --db "$db" "$T/in.jsonl"
  cpu1=$(pg_cpu)
  read -r wall user sys rss <"$T/time"
  size=$(eval "$3")
  printf '%s ingest: %.0f s wall, %.0f art/s (%.3f ms/article), herald cpu %.1f s (%.3f ms/article)' "$name" "$wall" \
    "$(echo "$N / $wall" | bc -l)" "$(echo "$wall * 1000 / $N" | bc -l)" "$(echo "$user + $sys" | bc)" \
    "$(echo "($user + $sys) * 1000 / $N" | bc -l)"
  [ "$name" = postgresql ] && [ -z "${SCALE_PG:-}" ] && printf ' + server cpu %.1f s' "$(echo "$cpu1 - $cpu0" | bc)"
  printf ', herald peak RSS %d MB, store %d MB\n' $((rss / 1024)) $((size / 1048576))
}

for s in $STORES; do
  case $s in
    sqlite)
      run sqlite "$T/s.db" 'du -cb "$T"/s.db* | tail -1 | cut -f1'
      echo "sqlite: $(sqlite3 "$T/s.db" "select count(*) from stories where merged_into is null and articles > 0") stories, $(sqlite3 "$T/s.db" "select count(*) from articles where dup_of is not null") near-duplicates, $(sqlite3 "$T/s.db" "select count(*) from quotes") quotes"
      python3 "$B/search_latency.py" "$H" "$T/s.db" "${SCALE_QUERIES:-200}" | sed 's/^/sqlite /'
      ;;
    pg)
      if [ -n "${SCALE_PG:-}" ]; then
        U=$SCALE_PG
      else
        PG_OPTIONS="-c shared_buffers=512MB -c max_wal_size=8GB -c checkpoint_timeout=30min" pg_cluster_start "$T" ||
          { echo "postgresql: no server (scripts/deps.sh installs postgresql); skipped"; continue; }
        pg_createdb scale
        U=$(pg_uri scale)
      fi
      run postgresql "$U" 'psql -X -At -d "$U" -c "select pg_database_size(current_database())"'
      echo "postgresql: $(psql -X -At -d "$U" -c "select count(*) from stories where merged_into is null and articles > 0") stories, $(psql -X -At -d "$U" -c "select count(*) from articles where dup_of is not null") near-duplicates, $(psql -X -At -d "$U" -c "select count(*) from quotes") quotes"
      python3 "$B/search_latency.py" "$H" "$U" "${SCALE_QUERIES:-200}" | sed 's/^/postgresql /'
      ;;
  esac
done
