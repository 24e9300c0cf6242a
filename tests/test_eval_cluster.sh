#!/usr/bin/env bash
# `herald eval cluster`: the scores on a labelled copy of the invented
# fixture articles (perfect clustering and a known imperfect case checked
# by hand), label fields that are numbers or strings, usage errors; then,
# when ../shared is present, the output shape on the real sets (figures
# are reported by the benchmark, not asserted here).
set -u
H=${1:?usage: test_eval_cluster.sh HERALD}
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# gold labels from the fixture ids (port-*, dip-*, ...): a string label and a number label
python3 - tests/fixtures/store/news.jsonl "$T" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
names = sorted({r["id"].split("-")[0] for r in rows})
with open(sys.argv[2] + "/gold.jsonl", "w") as f:
    for r in rows:
        r["story"] = r["id"].split("-")[0]
        r["num"] = names.index(r["story"])
        r["all"] = 1  # one gold cluster
        f.write(json.dumps(r) + "\n")
PY
"$H" eval cluster "$T/gold.jsonl" --json >"$T/out.json"
ok "json parses" 'j "d[\"records\"]" <"$T/out.json" | grep -qx 10'
ok "four gold stories" '[ "$(j "d[\"gold_clusters\"]" <"$T/out.json")" = 4 ]'
ok "fixture clustered perfectly" '[ "$(j "(d[\"pairwise\"][\"f1\"], d[\"bcubed\"][\"f1\"], d[\"nmi\"])" <"$T/out.json")" = "(1.0, 1.0, 1.0)" ]'
ok "number labels give the same scores" '[ "$("$H" eval cluster "$T/gold.jsonl" --json --label num | j "d[\"pairwise\"][\"f1\"]")" = 1.0 ]'
# one gold cluster against four predicted: precision 1, recall = 10 true pairs of 45
"$H" eval cluster "$T/gold.jsonl" --json --label all >"$T/all.json"
ok "pairwise recall by hand" '[ "$(j "d[\"pairwise\"][\"r\"]" <"$T/all.json")" = "$(python3 -c "print(round(10/45, 4))")" ]'
ok "pairwise precision by hand" '[ "$(j "d[\"pairwise\"][\"p\"]" <"$T/all.json")" = 1.0 ]'
ok "bcubed recall by hand" '[ "$(j "d[\"bcubed\"][\"r\"]" <"$T/all.json")" = "$(python3 -c "print(round((4*4+3*3+2*2+1)/100, 4))")" ]'
ok "text output" '"$H" eval cluster "$T/gold.jsonl" | grep -q "^pairwise  P 1.0000  R 1.0000  F1 1.0000"'

# scripts/cluster_misses.py: where recall is lost, from the feature log.
# The fixture clusters perfectly: 4 stories open, the 6 other articles join
# their own; with joins ruled out (hand score, unreachable thresholds, no
# near-duplicate folding) the same 6 miss: they open new stories.
M=scripts/cluster_misses.py
"$H" eval cluster "$T/gold.jsonl" --dump-features "$T/f.log" --partition "$T/f.part" >/dev/null
python3 "$M" "$T/gold.jsonl" "$T/f.log" "$T/f.part" >"$T/m.json"
ok "misses: perfect run, every later article joined" '[ "$(j "d[\"first_of_story\"], d[\"joined_gold\"], d[\"gold_candidate_new_story\"] + d[\"gold_not_candidate\"] + d[\"gold_candidate_other_story\"]" <"$T/m.json")" = "4 6 0" ]'
"$H" eval cluster "$T/gold.jsonl" --learned 0 --threshold 9 --merge 9 --no-dedup --dump-features "$T/f0.log" --partition "$T/f0.part" >/dev/null
python3 "$M" "$T/gold.jsonl" "$T/f0.log" "$T/f0.part" >"$T/m0.json"
ok "misses: no joins, 6 misses" '[ "$(j "d[\"joined_gold\"], d[\"gold_candidate_new_story\"] + d[\"gold_not_candidate\"], d[\"gold_candidate_other_story\"]" <"$T/m0.json")" = "0 6 0" ]'
ok "misses: label by number gives the same" '[ "$(python3 "$M" "$T/gold.jsonl" "$T/f.log" "$T/f.part" --label num)" = "$(cat "$T/m.json")" ]'
head -3 "$T/f.log" >"$T/short.log"
python3 "$M" "$T/gold.jsonl" "$T/short.log" "$T/f.part" >/dev/null 2>"$T/m.err"; rc=$?
ok "misses: a log of another set is refused, file named" '[ $rc != 0 ] && grep -q "short.log" "$T/m.err"'
printf 'X 1 2\n' >"$T/bad.log"
python3 "$M" "$T/gold.jsonl" "$T/bad.log" "$T/f.part" >/dev/null 2>"$T/m.err"; rc=$?
ok "misses: a damaged line is refused with its line number" '[ $rc != 0 ] && grep -q "bad.log:1" "$T/m.err"'
"$H" eval cluster "$T/missing.jsonl" >/dev/null 2>&1; rc=$?
ok "missing file is a usage error" '[ $rc = 2 ]'
"$H" eval cluster "$T/gold.jsonl" --label nosuch >/dev/null 2>&1; rc=$?
ok "missing label is a usage error" '[ $rc = 2 ]'

# eval cluster scores exactly what ingest stores: the same records (in
# date order, as eval orders dated records) give the same story partition
python3 -c "
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
rows.sort(key=lambda r: r['date'])
open(sys.argv[2], 'w').write(''.join(json.dumps(r) + '\\n' for r in rows))" "$T/gold.jsonl" "$T/sorted.jsonl"
"$H" eval cluster "$T/sorted.jsonl" --json --partition "$T/eval.part" >/dev/null
"$H" ingest -q --db "$T/s.db" "$T/sorted.jsonl"
canon() { python3 -c "
import sys, collections
g = collections.defaultdict(list)
for l in sys.stdin:
    rec, story = l.split()
    g[story].append(int(rec))
print(sorted(sorted(v) for v in g.values()))"; }
from_store=$(sqlite3 -separator ' ' "$T/s.db" "SELECT id - 1, story_id FROM articles ORDER BY id" 2>/dev/null | canon)
from_eval=$(tr '\t' ' ' <"$T/eval.part" | canon)
ok "eval cluster and ingest give one partition" '[ -n "$from_store" ] && [ "$from_store" = "$from_eval" ]'
"$H" eval cluster "$T/sorted.jsonl" --fast --partition "$T/fast.part" >/dev/null
ok "--fast scores every record too" '[ "$(wc -l <"$T/fast.part")" = 10 ]'

D=../shared/data/clustering
if [ -f "$D/allsides-val.jsonl" ] && [ -f "$D/ecbplus.jsonl" ]; then
  "$H" eval cluster "$D/allsides-val.jsonl" --json >"$T/as.json"
  ok "allsides-val scored" '[ "$(j "d[\"records\"], d[\"gold_clusters\"]" <"$T/as.json")" = "921 307" ]'
  "$H" eval cluster "$D/ecbplus.jsonl" --label event --json >"$T/ecb.json"
  ok "ecbplus scored by event" '[ "$(j "d[\"records\"]" <"$T/ecb.json")" = 982 ]'
  echo "allsides-val: $(cat "$T/as.json")"
  echo "ecbplus (event): $(cat "$T/ecb.json")"
else
  echo "note: ../shared absent, real sets not scored"
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]
