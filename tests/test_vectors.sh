#!/usr/bin/env bash
# test_vectors.sh HERALD: word vectors for the clusterer's dense channel
# (`herald train vectors`, src/corpus/embed*.c; docs/cluster.md, session 6).
# On the demo corpus (corpus/articles.jsonl) and a plain-text file:
#   - training writes a vector file, twice the same bytes (one thread,
#     fixed seed), and another seed gives other bytes;
#   - `eval cluster --vectors` loads it: the pair log's dense cosines are
#     filled in and lie in [-1, 1]; with --dense-weight 0 the partition is
#     the one without vectors;
#   - a damaged file (truncated, wrong magic) is refused with its name,
#     and clustering goes on without the channel (same partition, exit 0);
#   - no input, or a missing path, is a usage error / a failure.
set -u
H=${1:?usage: test_vectors.sh HERALD}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
# the demo corpus with a story label from its id's last part (asna, ferry, meridia)
C="$T/labelled.jsonl"
python3 - "$ROOT/corpus/articles.jsonl" "$C" <<'PY'
import json, sys
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as o:
    for line in f:
        r = json.loads(line)
        r["story"] = r["id"].rsplit("-", 1)[1]
        o.write(json.dumps(r) + "\n")
PY
printf 'The ferry council voted on the contract.\nThe council and the ferry operator signed the contract.\n' > "$T/plain.txt"
args="--dim 8 --epochs 2 --min-count 1 --window 3"
"$H" train vectors $args -o "$T/v1.bin" "$C" "$T/plain.txt" 2>"$T/err"; rc=$?
"$H" train vectors $args -o "$T/v2.bin" "$C" "$T/plain.txt" 2>/dev/null
"$H" train vectors $args --seed 7 -o "$T/v3.bin" "$C" "$T/plain.txt" 2>/dev/null
ok "train: exit 0" '[ $rc = 0 ]'
ok "train: reports its vocabulary" 'grep -q "vocabulary" "$T/err"'
ok "train: file starts with its magic" '[ "$(head -c 6 "$T/v1.bin")" = "HDVEC1" ]'
ok "train: deterministic" 'cmp -s "$T/v1.bin" "$T/v2.bin"'
ok "train: the seed matters" '! cmp -s "$T/v1.bin" "$T/v3.bin"'

"$H" eval cluster "$C" --assignments "$T/a0" >/dev/null 2>&1
"$H" eval cluster "$C" --vectors "$T/v1.bin" --assignments "$T/a1" --dump-features "$T/f1" >/dev/null 2>"$T/e1"; rc=$?
ok "eval --vectors: exit 0, no warning" '[ $rc = 0 ] && ! grep -q "dense channel" "$T/e1"'
ok "eval --vectors: same partition at weight 0" 'cmp -s "$T/a0" "$T/a1"'
ok "eval --vectors: dense cosines logged, in [-1, 1]" 'awk '\''$1=="F"{n++; if ($12+0 != 0) nz++; if ($12 > 1.0001 || $12 < -1.0001) bad++} END{exit !(n > 0 && nz > 0 && !bad)}'\'' "$T/f1"'
"$H" eval cluster "$C" --vectors "$T/v1.bin" --dense-weight 1 >/dev/null 2>&1; rc=$?
ok "eval --dense-weight 1: exit 0" '[ $rc = 0 ]'

head -c 40 "$T/v1.bin" > "$T/short.bin"
printf 'HDVEC9\n\0junk' > "$T/magic.bin"
for b in short magic; do
  "$H" eval cluster "$C" --vectors "$T/$b.bin" --assignments "$T/a-$b" >/dev/null 2>"$T/e-$b"; rc=$?
  ok "damaged ($b): refused, file named" 'grep -q "$b.bin" "$T/e-$b" && grep -q "without the dense channel" "$T/e-$b"'
  ok "damaged ($b): clusters on, same partition" '[ $rc = 0 ] && cmp -s "$T/a0" "$T/a-$b"'
done

"$H" train vectors -o "$T/none.bin" 2>/dev/null; rc=$?
ok "train with no input: usage error" '[ $rc = 2 ] && [ ! -e "$T/none.bin" ]'
"$H" train vectors $args -o "$T/v4.bin" "$C" "$T/missing.txt" 2>/dev/null; rc=$?
ok "train with a missing path: exit 1" '[ $rc = 1 ]'

echo "$pass passed, $fail failed"
[ $fail = 0 ]
