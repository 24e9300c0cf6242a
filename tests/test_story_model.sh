#!/usr/bin/env bash
# test_story_model.sh HERALD: the learned join decision (docs/cluster.md).
# On the demo corpus with its three stories as labels (docs/corpus.md):
#   - `herald train stories` writes a model, twice the same bytes, under
#     each policy; the model loads in `eval cluster` and `ingest`;
#   - `eval cluster --assignments` writes one {"id","story"} per record,
#     and the partition it writes is the one it scores;
#   - a damaged model is refused with the file and line named (untrusted
#     input), by eval (exit 2) and by ingest;
#   - the committed models/stories-en.txt loads and is the default;
#   - the model decides undated articles only (one that never joins opens
#     a story per undated article; with dates the hand score's partition);
#   - story headlines are kept at commit (stories.headline) and shown.
set -u
H=${1:?usage: test_story_model.sh HERALD}
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }

# the demo corpus with a story label from its id's last part (asna, ferry, meridia)
python3 - "$ROOT/corpus/articles.jsonl" "$T/labelled.jsonl" <<'PY'
import json, sys
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as o:
    for line in f:
        r = json.loads(line)
        r["story"] = r["id"].rsplit("-", 1)[1]
        o.write(json.dumps(r) + "\n")
PY

for p in gold hand; do
  "$H" train stories --policy $p -o "$T/m1-$p.txt" "$T/labelled.jsonl" 2>"$T/err"; rc=$?
  "$H" train stories --policy $p -o "$T/m2-$p.txt" "$T/labelled.jsonl" 2>/dev/null
  ok "train ($p): exit 0" '[ $rc = 0 ]'
  ok "train ($p): deterministic" 'cmp -s "$T/m1-$p.txt" "$T/m2-$p.txt"'
  ok "train ($p): counts its rows" 'grep -q "candidate pairs" "$T/err"'
done
ok "model: header and every feature" '[ "$(head -1 "$T/m1-gold.txt")" = "herald-stories 1" ] && [ "$(grep -c "^feature " "$T/m1-gold.txt")" -ge 10 ]'
"$H" train stories --policy "$T/m1-hand.txt" --drop logn,ct_logn -o "$T/m3.txt" "$T/labelled.jsonl" 2>/dev/null; rc=$?
ok "train: a model as the policy, dropped features weigh 0" '[ $rc = 0 ] && grep -q "^feature logn [^ ]* [^ ]* 0$" "$T/m3.txt"'

"$H" eval cluster "$T/labelled.jsonl" --story-model "$T/m1-gold.txt" --assignments "$T/asg.jsonl" \
  --partition "$T/part.tsv" --json >"$T/ev.json" 2>/dev/null; rc=$?
ok "eval with the model: exit 0, scores" '[ $rc = 0 ] && grep -q "\"pairwise\"" "$T/ev.json"'
ok "assignments: one line per record, ids and stories as the partition scored" \
  'python3 -c "
import json,sys
a=dict((x[\"id\"],x[\"story\"]) for x in map(json.loads,open(\"$T/asg.jsonl\")))
ids=[json.loads(l)[\"id\"] for l in open(\"$T/labelled.jsonl\")]
p=dict((ids[int(l.split()[0])],int(l.split()[1])) for l in open(\"$T/part.tsv\"))
sys.exit(0 if a==p and len(a)==len(ids) and min(a.values())>0 else 1)"'

# background document frequencies: counted from invented records, written
# into the model (terms in at least --background-min-df of them), the same
# bytes twice, read back by eval and ingest
printf '%s\n' '{"id":"b1","title":"Harbour ferry fares rise","text":"The harbour ferry company raised its fares on Monday."}' \
  '{"id":"b2","text":"A storm closed the harbour for two days, and the ferry stayed in port."}' \
  '{"id":"b3","text":"Harbour pilots asked for a new ferry schedule before the summer."}' \
  '{"id":"b4","text":"The orchard growers sold their apples at the autumn market."}' >"$T/bg.jsonl"
"$H" train stories --policy hand --background "$T/bg.jsonl" -o "$T/mb1.txt" "$T/labelled.jsonl" 2>/dev/null; rc=$?
"$H" train stories --policy hand --background "$T/bg.jsonl" -o "$T/mb2.txt" "$T/labelled.jsonl" 2>/dev/null
ok "background: train exit 0, deterministic" '[ $rc = 0 ] && cmp -s "$T/mb1.txt" "$T/mb2.txt"'
# a term is stored as its hash (XXH3-64 through the system's libxxhash, 0 -> 1), never as a word
th() { python3 -c 'import ctypes, sys
l = ctypes.CDLL("libxxhash.so.0"); l.XXH3_64bits.restype = ctypes.c_uint64
l.XXH3_64bits.argtypes = [ctypes.c_char_p, ctypes.c_size_t]; b = sys.argv[1].encode()
print("%016x" % (l.XXH3_64bits(b, len(b)) or 1))' "$1"; }
ok "background: its size and the terms in 3 of its records" 'grep -qx "background 4" "$T/mb1.txt" && grep -qx "df 3 $(th harbour)" "$T/mb1.txt" && grep -qx "df 3 $(th ferri)" "$T/mb1.txt"'
ok "background: terms in fewer records left out" '! grep -q "^df [0-9]* \($(th orchard)\|$(th storm)\)$" "$T/mb1.txt"'
ok "background: no word of it in the model, only hashes" '! grep "^df " "$T/mb1.txt" | grep -qv "^df [0-9]* [0-9a-f]\{16\}$" && ! grep -q "harbour\|ferri\|orchard" "$T/mb1.txt"'
"$H" train stories --policy hand --background "$T/bg.jsonl" --background-min-df 1 -o "$T/mb3.txt" "$T/labelled.jsonl" 2>/dev/null
ok "background: --background-min-df 1 keeps them" 'grep -qx "df 1 $(th orchard)" "$T/mb3.txt"'
"$H" eval cluster "$T/labelled.jsonl" --story-model "$T/mb1.txt" --json >/dev/null 2>&1; rc=$?
"$H" ingest --db "$T/bg.db" -q --story-model "$T/mb1.txt" "$ROOT/corpus/articles.jsonl" 2>/dev/null; rc2=$?
ok "background: the model loads in eval and ingest" '[ $rc = 0 ] && [ $rc2 = 0 ]'
sed "s/^df 3 $(th harbour)\$/df x $(th harbour)/" "$T/mb1.txt" >"$T/badbg1.txt"
grep -v "^background " "$T/mb1.txt" >"$T/badbg2.txt"
sed "s/^df 3 $(th harbour)\$/df 3 harbour/" "$T/mb1.txt" >"$T/badbg3.txt" # a word where a hash belongs
for b in 1 2 3; do
  "$H" eval cluster "$T/labelled.jsonl" --story-model "$T/badbg$b.txt" >/dev/null 2>"$T/err"; rc=$?
  ok "damaged background $b: refused, naming the file" '[ $rc = 2 ] && grep -q "badbg$b.txt" "$T/err"'
done

# damaged models: refused, naming the file and line
sed 's/^feature ct /feature cx /' "$T/m1-gold.txt" >"$T/bad1.txt"
sed 's/^threshold .*/threshold 7/' "$T/m1-gold.txt" >"$T/bad2.txt"
head -5 "$T/m1-gold.txt" >"$T/bad3.txt"
sed 's/^bias .*/bias nan/' "$T/m1-gold.txt" >"$T/bad4.txt"
printf 'herald-stories 1\0\n' >"$T/bad5.txt"
for b in 1 2 3 4 5; do
  "$H" eval cluster "$T/labelled.jsonl" --story-model "$T/bad$b.txt" >/dev/null 2>"$T/err"; rc=$?
  ok "damaged model $b: eval exits 2 naming it" '[ $rc = 2 ] && grep -q "bad$b.txt" "$T/err"'
done
ok "damaged model: the line is named" '"$H" eval cluster "$T/labelled.jsonl" --story-model "$T/bad2.txt" 2>&1 | grep -q "bad2.txt:3"'
"$H" ingest --db "$T/bad.db" -q --story-model "$T/bad1.txt" "$ROOT/corpus/articles.jsonl" 2>"$T/err"; rc=$?
ok "damaged model: ingest refuses it" '[ $rc != 0 ] && grep -q "bad1.txt" "$T/err"'

# the committed model loads, in eval and in ingest
"$H" eval cluster "$T/labelled.jsonl" --learned 1 --json >/dev/null 2>"$T/err"; rc=$?
ok "committed model: loads in eval" '[ $rc = 0 ] && ! grep -q "no story model" "$T/err"'
"$H" ingest --db "$T/ok.db" -q --story-model "$ROOT/models/stories-en.txt" "$ROOT/corpus/articles.jsonl" 2>/dev/null; rc=$?
ok "committed model: ingest with it" '[ $rc = 0 ] && [ "$("$H" stories --db "$T/ok.db" --json | grep -c "\"id\"")" -ge 1 ]'

# the model decides undated articles only; dated pairs keep the hand score
python3 - "$T/labelled.jsonl" "$T/undated.jsonl" <<'PY'
import json, sys
with open(sys.argv[1]) as f, open(sys.argv[2], "w") as o:
    for line in f:
        r = json.loads(line); r.pop("date", None); o.write(json.dumps(r) + "\n")
PY
# (without its background document frequencies, which change the idf of the
# hand score too: --learned 0 has none)
sed -e 's/^threshold .*/threshold 1/' -e 's/^bias .*/bias -1000/' -e '/^background /d' -e '/^df /d' "$ROOT/models/stories-en.txt" >"$T/never.txt"
n_rec=$(wc -l <"$T/undated.jsonl")
"$H" eval cluster "$T/undated.jsonl" --story-model "$T/never.txt" --hand-join 0 --no-dedup --merge 9 --json >"$T/nv.json" 2>/dev/null
ok "undated: a model that never joins opens a story per article" 'python3 -c "import json,sys; sys.exit(0 if json.load(open(\"$T/nv.json\"))[\"clusters\"]==$n_rec else 1)"'
"$H" eval cluster "$T/labelled.jsonl" --story-model "$T/never.txt" --hand-join 0 --assignments "$T/a-never.jsonl" >/dev/null 2>&1
"$H" eval cluster "$T/labelled.jsonl" --learned 0 --assignments "$T/a-hand.jsonl" >/dev/null 2>&1
ok "dated: the same model leaves the hand score's partition" 'cmp -s "$T/a-never.jsonl" "$T/a-hand.jsonl"'
"$H" eval cluster "$T/undated.jsonl" --json >"$T/d1.json" 2>/dev/null
"$H" eval cluster "$T/undated.jsonl" --story-model "$ROOT/models/stories-en.txt" --json >"$T/d2.json" 2>/dev/null
ok "the committed model is the default" 'cmp -s "$T/d1.json" "$T/d2.json"'

# headlines are chosen at commit and kept in stories.headline; `stories`
# shows the kept one; a store without the column (written before it) still
# gets headlines, computed at query time, and the same ones
if command -v sqlite3 >/dev/null; then
  "$H" ingest --db "$T/h.db" -q "$ROOT/corpus/articles.jsonl" 2>/dev/null
  "$H" stories --db "$T/h.db" --json >"$T/s1.json" 2>/dev/null
  ok "headline: kept for every listed story" '[ "$(sqlite3 "$T/h.db" "SELECT count(*) FROM stories WHERE merged_into IS NULL AND articles > 0 AND headline IS NULL")" = 0 ]'
  sqlite3 "$T/h.db" "UPDATE stories SET headline = 'kept ' || id WHERE articles > 0"
  ok "headline: the kept one is shown" '"$H" stories --db "$T/h.db" --json | grep -q "\"headline\":\"kept "'
  sqlite3 "$T/h.db" "ALTER TABLE stories DROP COLUMN headline"
  "$H" stories --db "$T/h.db" --json >"$T/s2.json" 2>/dev/null
  ok "headline: an older store computes the same ones" 'cmp -s "$T/s1.json" "$T/s2.json"'
fi

echo "$pass passed, $fail failed"
[ $fail = 0 ]
