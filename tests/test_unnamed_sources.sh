#!/usr/bin/env bash
# test_unnamed_sources.sh HERALD: anonymous sources across a story and the
# story's label parts, on a fixture written for it (tests/fixtures/lineage:
# a Capital Wire story and three local rewrites; the wire story quotes "a
# senior transport ministry official", one rewrite adds "a person familiar
# with the ministry's planning").
#   - `herald story ID` lists the unnamed sources together, each with the
#     outlets and dates that quote it (copies included), and says how many
#     of the story's articles rest on them;
#   - `--json` has them as "unnamed" [{speaker,entity:null,quotes:[...]}],
#     in date order within a source, and "entities"/"terms" arrays that
#     rebuild the label;
#   - a story without anonymous quotes has an empty "unnamed" and no section.
set -u
H=${1:?usage: test_unnamed_sources.sh HERALD}
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
F=$(cd "$(dirname "$0")" && pwd)/fixtures/lineage
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }

"$H" ingest -q --db "$T/db" "$F/articles.jsonl" 2>"$T/err"; rc=$?
ok "ingest: exit 0" '[ $rc = 0 ]'
"$H" stories --db "$T/db" --json >"$T/s.json"
ok "one story holds the wire story and its three rewrites" 'python3 -c "
import json,sys; s=json.load(open(\"$T/s.json\")); sys.exit(0 if len(s)==1 and s[0][\"articles\"]==4 else 1)"'
ID=$(python3 -c "import json; print(json.load(open('$T/s.json'))[0]['id'])")
"$H" story "$ID" --db "$T/db" --json >"$T/st.json"; rc=$?
ok "story --json: exit 0, valid JSON" '[ $rc = 0 ] && python3 -m json.tool "$T/st.json" >/dev/null'
ok "json: the official is quoted by Capital Wire, Lakeside Post, Northern Ledger, in date order" 'python3 -c "
import json,sys; u=json.load(open(\"$T/st.json\"))[\"unnamed\"]
o=[x for x in u if \"senior transport ministry official\" in x[\"speaker\"].lower()]
q=o[0][\"quotes\"] if len(o)==1 else []
ok=[x[\"outlet\"] for x in q]==[\"Capital Wire\",\"Lakeside Post\",\"Northern Ledger\"] and [x[\"date\"] for x in q]==sorted(x[\"date\"] for x in q)
sys.exit(0 if ok and o[0][\"entity\"] is None and all(\"cables\" in x[\"content\"] for x in q) else 1)"'
ok "json: the person familiar with the planning, in Northern Ledger only" 'python3 -c "
import json,sys; u=json.load(open(\"$T/st.json\"))[\"unnamed\"]
o=[x for x in u if x[\"speaker\"].lower().startswith(\"a person familiar\")]
sys.exit(0 if len(o)==1 and [q[\"outlet\"] for q in o[0][\"quotes\"]]==[\"Northern Ledger\"] else 1)"'
ok "json: no named speaker among the unnamed" 'python3 -c "
import json,sys; u=json.load(open(\"$T/st.json\"))[\"unnamed\"]
sys.exit(0 if not any(\"Varga\" in x[\"speaker\"] or \"Berg\" in x[\"speaker\"] for x in u) else 1)"'
ok "json: entities and terms rebuild the label" 'python3 -c "
import json,sys; s=json.load(open(\"$T/st.json\"))
lab=(\", \".join(s[\"entities\"])+\": \" if s[\"entities\"] else \"\")+\" \".join(s[\"terms\"])
sys.exit(0 if s[\"entities\"] and s[\"terms\"] and lab==s[\"label\"] else 1)"'
"$H" story "$ID" --db "$T/db" >"$T/st.txt"
ok "text: unnamed sources rest under 3 of 4 articles" 'grep -q "^unnamed sources: [0-9]* quotes in 3 of 4 articles" "$T/st.txt"'
ok "text: each source then its outlets by date" 'grep -A3 "senior transport ministry official$" "$T/st.txt" | grep -q "2025-06-03 Northern Ledger"'
ok "text: key entities on their own line" 'grep -q "^key entities: .*Harbor Bridge" "$T/st.txt"'

# a story without anonymous sources
python3 - "$T/plain.jsonl" <<'PY'
import json, sys
t = ('The city council approved the new library budget on Tuesday.\n\n'
     '"This is a good day for readers," said Mayor Ana Torres after the vote.')
json.dump({"id": "plain-1", "source": "Town Crier", "date": "2025-01-10", "title": "Library budget approved", "text": t}, open(sys.argv[1], "w"))
PY
"$H" ingest -q --db "$T/p.db" "$T/plain.jsonl" 2>/dev/null
"$H" story 1 --db "$T/p.db" --json >"$T/p.json"
ok "a story without anonymous quotes: empty unnamed" 'python3 -c "
import json,sys; s=json.load(open(\"$T/p.json\")); sys.exit(0 if s[\"unnamed\"]==[] and s[\"speakers\"] else 1)"'
ok "a story without anonymous quotes: no section" '! "$H" story 1 --db "$T/p.db" | grep -q "unnamed sources"'

echo "$pass passed, $fail failed"
[ $fail = 0 ]
