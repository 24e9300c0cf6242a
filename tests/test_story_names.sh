#!/usr/bin/env bash
# Stories read like headlines: the headline is a title of the story (the
# one sharing most words with its label), a page title's trailing
# "| Outlet" naming its own outlet is cut, the label stays as the keys, and
# a story whose articles name no outlet says so instead of "0".
set -u
H=${1:?usage: test_story_names.sh HERALD}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

"$H" ingest -q --db "$T/c.db" corpus
"$H" stories --db "$T/c.db" --json >"$T/s.json"
ok "every story has a headline" '[ "$(j "sum(1 for s in d if not s[\"headline\"])" <"$T/s.json")" = 0 ]'
# (the demo corpus holds three stories: the Asna dam saga, the ferry contract, the insulin recall)
ok "each headline is a title of the story" '[ "$(j "len(d)" <"$T/s.json")" -ge 3 ] && python3 - "$T/s.json" "$T/c.db" <<PY
import json, sqlite3, sys
d = json.load(open(sys.argv[1])); db = sqlite3.connect(sys.argv[2])
for s in d:
    titles = {t for (t,) in db.execute("SELECT title FROM articles WHERE story_id = ?", (s["id"],))}
    assert s["headline"] in titles, (s["headline"], titles)
PY'
ok "labels kept" '[ "$(j "sum(1 for s in d if \": \" in (s[\"label\"] or \"\"))" <"$T/s.json")" -gt 0 ]'

printf '%s\n' '{"text":"The harbour bridge will close for six weeks of repairs, the city engineer said on Monday.","title":"Harbour bridge to close for repairs | Harbor Gazette","source":"Harbor Gazette","date":"2025-05-05"}' \
  '{"text":"Council members voted to fund a new library wing after a long debate on Tuesday night.","title":"Library wing funded"}' >"$T/a.jsonl"
"$H" ingest -q --db "$T/a.db" "$T/a.jsonl"
"$H" stories --db "$T/a.db" --json >"$T/a.json"
ok "outlet suffix cut" 'j "[s[\"headline\"] for s in d]" <"$T/a.json" | grep -q "Harbour bridge to close for repairs'"'"'"'
ok "no suffix left" '! grep -q "| Harbor Gazette\"" "$T/a.json"'
"$H" stories --db "$T/a.db" >"$T/a.txt"
ok "unknown outlets shown as -" 'grep "Library wing funded" "$T/a.txt" | grep -q "  -  "'
id=$(j "[s[\"id\"] for s in d if s[\"headline\"] == \"Library wing funded\"][0]" <"$T/a.json")
ok "story says outlets unknown" '"$H" story "$id" --db "$T/a.db" | grep -q "outlets unknown"'
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
