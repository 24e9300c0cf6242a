#!/usr/bin/env bash
# test_quote_trail.sh HERALD: the trail of a quote across outlets
# (src/store/quote_trail.h) on a fixture written for it
# (tests/fixtures/trail): one quote of Mayor Ana Torres printed by four
# outlets over four days, the third with two words changed.
#   - ingest links the four copies into one group (quote_links);
#   - `herald trail ID` (any member's id, from `herald quotes --json`) names
#     the first appearance (Capital Wire, 2025-05-05), two repeats and one
#     variant whose added/removed words are exactly the changed ones;
#   - a quote with no trail, a bad id and a store without links are clear
#     errors (exit 1 / 2), output valid JSON otherwise;
#   - a second ingest of a new copy extends the same group.
set -u
H=${1:?usage: test_quote_trail.sh HERALD}
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
F=$(cd "$(dirname "$0")" && pwd)/fixtures/trail
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }

"$H" ingest -q --db "$T/db" "$F/articles.jsonl" 2>"$T/err"; rc=$?
ok "ingest: exit 0" '[ $rc = 0 ]'
"$H" quotes --db "$T/db" --speaker "Ana Torres" --json >"$T/q.json" 2>/dev/null
ok "quotes: four, each with an id" 'python3 -c "
import json,sys; q=json.load(open(\"$T/q.json\")); sys.exit(0 if len(q)>=4 and all(isinstance(x.get(\"id\"),int) for x in q) else 1)"'
ID=$(python3 -c "import json; q=json.load(open('$T/q.json')); print(q[0]['id'])")
"$H" trail "$ID" --db "$T/db" >"$T/t.json" 2>"$T/err"; rc=$?
ok "trail: exit 0, valid JSON" '[ $rc = 0 ] && python3 -m json.tool "$T/t.json" >/dev/null'
ok "trail: first printed by Capital Wire on 2025-05-05" 'python3 -c "
import json,sys; t=json.load(open(\"$T/t.json\")); f=t[\"first\"]
sys.exit(0 if f[\"outlet\"]==\"Capital Wire\" and f[\"date\"]==\"2025-05-05\" and t[\"outlets\"]==4 else 1)"'
ok "trail: two repeats, one variant (Northern Ledger: decides -> says)" 'python3 -c "
import json,sys; t=json.load(open(\"$T/t.json\")); v=t[\"variants\"]
sys.exit(0 if len(t[\"repeats\"])==2 and len(v)==1 and v[0][\"outlet\"]==\"Northern Ledger\" and v[0][\"added\"]==[\"says\"] and v[0][\"removed\"]==[\"decides\"] else 1)"'
ok "trail: the summary says so" 'grep -q "said first in Capital Wire on 2025-05-05; repeated 2 times; 1 variant; 4 outlets" "$T/t.json"'
# every member's id gives the same trail
same=1
for id in $(python3 -c "import json; t=json.load(open('$T/t.json')); print(' '.join(str(x['quote']) for x in [t['first']]+t['repeats']+t['variants']))"); do
  "$H" trail "$id" --db "$T/db" | python3 -c "
import json,sys; a=json.load(sys.stdin); b=json.load(open('$T/t.json')); a.pop('quote'); b.pop('quote'); sys.exit(0 if a==b else 1)" || same=0
done
ok "trail: the same from every member" '[ $same = 1 ]'

# `herald story` shows each quote's trail: the summary once per group in
# text, on every member in JSON (and no trail on a quote no one repeats)
SID=$("$H" stories --db "$T/db" --json | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['id'])")
"$H" story "$SID" --db "$T/db" >"$T/s.txt" 2>/dev/null
ok "story: the trail's summary under the quote, once" '[ "$(grep -c "trail (quote [0-9]*): said first in Capital Wire on 2025-05-05; repeated 2 times; 1 variant; 4 outlets" "$T/s.txt")" = 1 ]'
"$H" story "$SID" --db "$T/db" --json >"$T/s.json" 2>/dev/null
ok "story --json: the four linked quotes carry the trail, others none" 'python3 -c "
import json,sys; s=json.load(open(\"$T/s.json\")); q=[x for sp in s[\"speakers\"] for x in sp[\"quotes\"]]
t=[x for x in q if x[\"trail\"]]; ids=sorted(x[\"quote\"] for x in t); want=sorted(x[\"quote\"] for x in [json.load(open(\"$T/t.json\"))[\"first\"]]+json.load(open(\"$T/t.json\"))[\"repeats\"]+json.load(open(\"$T/t.json\"))[\"variants\"])
sys.exit(0 if ids==want and len(set(x[\"trail\"] for x in t))==1 and len(q)>len(t) and all(isinstance(x[\"quote\"],int) for x in q) else 1)"'

# `herald quotes` (text and --json, as /api/quotes) carries the same summary
"$H" quotes --db "$T/db" --speaker "Ana Torres" >"$T/qt.txt" 2>/dev/null
ok "quotes: the trail under each linked quote (4), no other" '[ "$(grep -c "^    trail: said first in Capital Wire on 2025-05-05; repeated 2 times; 1 variant; 4 outlets" "$T/qt.txt")" = 4 ] && [ "$(grep -c "^    trail:" "$T/qt.txt")" = 4 ]'
ok "quotes --json: trail on the linked ones, null on the others" 'python3 -c "
import json,sys; q=json.load(open(\"$T/q.json\")); t=[x for x in q if x.get(\"trail\")]
sys.exit(0 if len(t)==4 and all(\"repeated 2 times; 1 variant\" in x[\"trail\"] for x in t) and all(\"trail\" in x for x in q) else 1)"'

"$H" trail 999999 --db "$T/db" >"$T/o" 2>"$T/err"; rc=$?
ok "trail: an unknown quote is a clear error (exit 1)" '[ $rc = 1 ] && grep -q "no trail for quote 999999" "$T/err" && [ ! -s "$T/o" ]'
"$H" trail abc --db "$T/db" >/dev/null 2>&1; rc=$?
ok "trail: a bad id is a usage error" '[ $rc = 2 ]'

# a new copy in a later ingest joins the group
python3 - "$T/more.jsonl" <<'PY'
import json, sys
t = ('Ferry fares will stay where they are.\n\n"We will not raise the fares this year, whatever the council '
     'decides about the budget," Mayor Ana Torres said on Monday.\n\nThe pledge was repeated at a town hall.')
json.dump({"id": "late-1", "source": "Lakeside Post", "date": "2025-05-20", "title": "Fares frozen", "text": t}, open(sys.argv[1], "w"))
PY
"$H" ingest -q --db "$T/db" "$T/more.jsonl" 2>/dev/null
"$H" trail "$ID" --db "$T/db" >"$T/t2.json" 2>/dev/null
ok "trail: a later ingest extends the group" 'python3 -c "
import json,sys; t=json.load(open(\"$T/t2.json\")); sys.exit(0 if len(t[\"repeats\"])==3 and t[\"outlets\"]==5 else 1)"'

echo "$pass passed, $fail failed"
[ $fail = 0 ]
