#!/usr/bin/env bash
# Reliability regression (issue "No input crashes herald or loses data",
# item 11): a full disk. The ingest summary counted the rolled-back batch
# as stored and left the unread rest out ("2000 stored, 2 failed" when
# 6,480 were not stored); a query verb said "not a herald store: disk I/O
# error". Now read = stored + already stored + failed, the summary says how
# many were not stored, and queries work or say the disk is full.
# Needs a small tmpfs (mount as root); skips (77) where that is not allowed.
set -u
H=${1:?usage: test_reliability_disk.sh HERALD}
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3 shell"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
T=$(mktemp -d)
mkdir "$T/mnt"
if ! mount -t tmpfs -o size=2m tmpfs "$T/mnt" 2>/dev/null; then
  rmdir "$T/mnt"; rm -rf "$T"; echo "skip: cannot mount a tmpfs here"; exit 77
fi
trap 'umount "$T/mnt"; rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
q() { sqlite3 "$1" "$2"; }

python3 "$(dirname "$0")/gen_articles.py" 3000 5 >"$T/in.jsonl"
distinct=$(python3 -c 'import json,sys; print(len({json.loads(l)["text"] for l in open(sys.argv[1])}))' "$T/in.jsonl")
"$H" ingest --no-ner --batch 200 --db "$T/mnt/s.db" "$T/in.jsonl" 2>"$T/err"; rc=$?
ok "full disk: exit 1" '[ $rc -eq 1 ]'
ok "full disk: the error names the cause" 'grep -q "disk is full" "$T/err"'
summary=$(grep "read, .* stored" "$T/err")
read_n=$(echo "$summary" | sed -n 's/.*: \([0-9]*\) read.*/\1/p')
stored=$(echo "$summary" | sed -n 's/.* \([0-9]*\) stored, .*/\1/p')
already=$(echo "$summary" | sed -n 's/.* \([0-9]*\) already stored.*/\1/p')
failed=$(echo "$summary" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
in_db=$(q "$T/mnt/s.db" "select count(*) from articles" 2>/dev/null)
echo "summary: $summary; in the store: $in_db of $distinct"
ok "full disk: every record read" '[ "$read_n" = 3000 ]'
ok "full disk: stored = rows in the store" '[ -n "$stored" ] && [ "$stored" = "$in_db" ]'
ok "full disk: read = stored + already stored + failed" '[ $((stored + already + failed)) -eq 3000 ]'
ok "full disk: most were not stored" '[ "$stored" -lt $((distinct / 2)) ]'
ok "full disk: says how many were not stored" 'grep -q "$failed articles were not stored" "$T/err"'
ok "full disk: the store is consistent" '[ "$(q "$T/mnt/s.db" "pragma integrity_check")" = ok ]'

# a cleanly closed store, then the disk fills up: queries must say so
umount "$T/mnt"; mount -t tmpfs -o size=2m tmpfs "$T/mnt"
head -100 "$T/in.jsonl" >"$T/small.jsonl"
"$H" ingest -q --no-ner --db "$T/mnt/s.db" "$T/small.jsonl" 2>/dev/null
verbs=("search kalo" "stories" "story 1")
cp "$T/mnt/s.db" "$T/ref.db"   # answers for reference, from a copy (no -shm left on the tmpfs)
for i in 0 1 2; do "$H" ${verbs[$i]} --db "$T/ref.db" >"$T/ref$i" 2>&1; done
dd if=/dev/zero of="$T/mnt/fill" bs=4k 2>/dev/null
# while the disk is full a query either reads the store as it is (the
# immutable fallback) or fails saying the disk is full; never "not a herald store"
for i in 0 1 2; do
  verb=${verbs[$i]}
  "$H" $verb --db "$T/mnt/s.db" >"$T/out" 2>"$T/err"; rc=$?
  ok "full disk: '$verb' answers as before, or says the disk is full" \
    '{ [ $rc -eq 0 ] && cmp -s "$T/out" "$T/ref$i"; } || { [ $rc -ne 0 ] && grep -q "disk is full" "$T/err"; }'
  ok "full disk: '$verb' does not call it 'not a herald store'" '! grep -q "not a herald store" "$T/err"'
done
rm -f "$T/mnt/fill"
"$H" stories --db "$T/mnt/s.db" >"$T/out" 2>"$T/err"; rc=$?
ok "space again: queries work" '[ $rc -eq 0 ] && [ -s "$T/out" ]'

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
