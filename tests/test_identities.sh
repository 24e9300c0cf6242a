#!/usr/bin/env bash
# One identity per person across the store (src/corpus/identities.c):
# hand-written articles where a person is named in full in some and by
# surname only (or mistagged) in others, a Jr. beside his father, a
# formal name beside a nickname, and two persons sharing a surname about
# equally often; then, when ../shared is present, the allsides-val
# openings must give one entity for Trump and one for Biden.
set -u
H=${1:?usage: test_identities.sh HERALD}
[ -f models/ner-en.bin ] || { echo "skip: models/ner-en.bin missing"; exit 77; }
command -v sqlite3 >/dev/null || { echo "skip: sqlite3 missing"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { if [ "$2" = "$3" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1: got '$2', want '$3'" >&2; fi; }
q() { sqlite3 "$1" "$2"; }
cat > "$tmp/a.jsonl" <<'J'
{"id":"1","text":"Senator Marta Velloso said on Monday that the port would reopen. Velloso spoke in Lisbon.\n\nMarta Velloso later met the mayor."}
{"id":"2","text":"Marta Velloso, the senator, toured the docks on Tuesday. Velloso said the work was late."}
{"id":"3","text":"Velloso said the budget was too small.\n\nVelloso added that the port needed cranes."}
{"id":"4","text":"Marta Velloso and her son, Marta Velloso Jr., opened the new terminal. Velloso said it was a proud day."}
{"id":"5","text":"Joseph Aranda Jr. said the vote would pass.\n\nLater, Joe Aranda told reporters that he was confident. Joe Aranda smiled."}
{"id":"6","text":"Joe Aranda said the vote was close. Joe Aranda said it again on Friday."}
{"id":"7","text":"Pedro Quintal said the plan was bold. Ana Quintal said the plan was weak."}
{"id":"8","text":"On Friday, the plan was criticised by Quintal in Porto."}
J
"$H" ingest -q --db "$tmp/a.db" "$tmp/a.jsonl" 2>/dev/null || { echo "FAIL: ingest"; exit 1; }
ok "Velloso: the surname-only articles join the full name" "$(q "$tmp/a.db" "select count(*) from entities where key in ('per:veloso','misc:veloso','loc:veloso','org:veloso')")" 0
ok "Velloso: one full-name person" "$(q "$tmp/a.db" "select count(*) from entities where key = 'per:veloso_marta'")" 1
ok "Velloso Jr. stays apart" "$(q "$tmp/a.db" "select count(*) from entities where key = 'per:veloso_marta_jr'")" 1
ok "Velloso's mentions moved" "$(q "$tmp/a.db" "select count(*) from mentions m join entities e on e.id = m.entity_id where e.key = 'per:veloso_marta' and m.text = 'Velloso'")" \
   "$(q "$tmp/a.db" "select count(*) from mentions where text = 'Velloso'")"
ok "Joseph Aranda Jr. joins Joe Aranda" "$(q "$tmp/a.db" "select count(*) from entities where key like 'per:aranda%'")" 1
ok "display name: the most frequent full form" "$(q "$tmp/a.db" "select name from entities where key like 'per:aranda%'")" "Joe Aranda"
ok "Quintal: two persons as frequent, the surname stays apart" "$(q "$tmp/a.db" "select count(*) from entities where key = 'per:quintal'")" 1
ok "article counts follow" "$(q "$tmp/a.db" "select articles from entities where key = 'per:veloso_marta'")" 4
# a later ingest that names the person by surname only joins again
printf '%s\n' '{"id":"9","text":"Velloso said the cranes had arrived."}' > "$tmp/b.jsonl"
"$H" ingest -q --db "$tmp/a.db" "$tmp/b.jsonl" 2>/dev/null
ok "second ingest joins too" "$(q "$tmp/a.db" "select count(*) from entities where key = 'per:veloso'")" 0
# the display name follows the articles of later ingests; a close looks
# again at the entities named since the last close (meta.names_articles),
# so a run that stored articles but died before its close leaves them to
# the next one (here: that close undone by hand, then a run that stores nothing)
printf '%s\n' '{"id":"e1","text":"Lena M. Brandt said on Monday that the bridge would open in May. Brandt spoke in Hamburg."}' > "$tmp/e1.jsonl"
printf '%s\n' '{"id":"e2","text":"Lena Brandt said the bridge was finished. Lena Brandt thanked the workers."}' \
  '{"id":"e3","text":"The mayor, Lena Brandt, cut the ribbon on Friday."}' > "$tmp/e2.jsonl"
"$H" ingest -q --db "$tmp/n.db" "$tmp/e1.jsonl" 2>/dev/null
ok "display name from the first ingest" "$(q "$tmp/n.db" "select name from entities where key = 'per:brandt_lena'")" "Lena M. Brandt"
"$H" ingest -q --db "$tmp/n.db" "$tmp/e2.jsonl" 2>/dev/null
ok "a later ingest's more frequent form renames" "$(q "$tmp/n.db" "select name from entities where key = 'per:brandt_lena'")" "Lena Brandt"
ok "the close marks the last article" "$(q "$tmp/n.db" "select value = (select max(id) from articles) from meta where key = 'names_articles'")" 1
q "$tmp/n.db" "update entities set name = 'Lena M. Brandt' where key = 'per:brandt_lena'; update meta set value = 1 where key = 'names_articles'"
"$H" ingest -q --db "$tmp/n.db" "$tmp/e2.jsonl" 2>/dev/null
ok "articles stored after the last close are named at the next" "$(q "$tmp/n.db" "select name from entities where key = 'per:brandt_lena'")" "Lena Brandt"
# look-ups by any written form of the name: middle initial, title, folded spelling
"$H" entity "Marta L. Velloso" --db "$tmp/a.db" --json > "$tmp/e.json" 2>/dev/null
ok "entity with a middle initial" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["key"])' "$tmp/e.json" 2>/dev/null)" per:veloso_marta
n=$("$H" quotes --speaker "Senator Marta Veloso" --db "$tmp/a.db" --json 2>/dev/null | python3 -c 'import json,sys; j=json.load(sys.stdin); print(len(j["quotes"]) if isinstance(j, dict) else len(j))' 2>/dev/null)
[ "${n:-0}" -gt 0 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: quotes --speaker with a title and another spelling found ${n:-nothing}" >&2; }
# an ambiguous name lists the other persons it names, most mentioned first
c=$("$H" entity Quintal --db "$tmp/a.db" --json 2>/dev/null | python3 -c 'import json,sys; j=json.load(sys.stdin); print(" ".join(sorted([j["name"]] + [c["name"] for c in j["candidates"]])))' 2>/dev/null)
ok "Quintal: candidates list both persons" "$(echo "$c" | tr ' ' '\n' | grep -c -x -e Pedro -e Ana)" 2
"$H" entity Quintal --db "$tmp/a.db" 2>/dev/null | grep -q "the name also names" && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: entity Quintal prints no candidates" >&2; }
c=$("$H" entity "Marta Velloso" --db "$tmp/a.db" --json 2>/dev/null | python3 -c 'import json,sys; print(len([c for c in json.load(sys.stdin)["candidates"] if c["type"] == "PER"]))' 2>/dev/null)
ok "a full name lists no other person (not the Jr.)" "$c" 0
# one letter wrong still finds the person (replaced, swapped, missing)
for name in "Marta Vellosa" "Marta Velloos" "Marta Veloso"; do
  k=$("$H" entity "$name" --db "$tmp/a.db" --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["key"])' 2>/dev/null)
  ok "entity '$name' (one letter wrong)" "$k" per:veloso_marta
done
n=$("$H" quotes --speaker "Joe Arnada" --db "$tmp/a.db" --json 2>/dev/null | python3 -c 'import json,sys; j=json.load(sys.stdin); print(len(j["quotes"]) if isinstance(j, dict) else len(j))' 2>/dev/null)
[ "${n:-0}" -gt 0 ] && pass=$((pass+1)) || { fail=$((fail+1)); echo "FAIL: quotes --speaker with two letters swapped found ${n:-nothing}" >&2; }
"$H" entity "Marta Vxllxsx" --db "$tmp/a.db" >/dev/null 2>&1 && { fail=$((fail+1)); echo "FAIL: three letters wrong still found a person" >&2; } || pass=$((pass+1))
# organisations and places: one name under several types, "Department of X"
# and "X Department", an acronym and its long form are one identity
cat > "$tmp/c.jsonl" <<'J'
{"id":"20","text":"The Department of Justice opened an inquiry into the port contract on Monday, officials said."}
{"id":"21","text":"The Justice Department declined to comment on the inquiry. A Justice Department spokesman said the review was routine."}
{"id":"22","text":"The Justice Department said on Friday that the review of the port contract had ended."}
{"id":"23","text":"Agents of the Federal Bureau of Investigation searched the harbour office on Tuesday."}
{"id":"24","text":"The FBI said no arrests were made. FBI agents left the building at noon."}
{"id":"25","text":"The FBI said on Wednesday that it had closed the case."}
J
"$H" ingest -q --db "$tmp/c.db" "$tmp/c.jsonl" 2>/dev/null || { fail=$((fail+1)); echo "FAIL: ingest c.jsonl" >&2; }
ok "Department of Justice and Justice Department: one identity" "$(q "$tmp/c.db" "select count(*) from entities where key like '%:department_of_justice' or key like '%:justice_department'")" 1
ok "FBI and Federal Bureau of Investigation: one identity" "$(q "$tmp/c.db" "select count(*) from entities where key like '%:fbi' or key like '%:federal_bureau_of_investigation'")" 1
ok "the long form is an alias of the acronym's identity" "$("$H" entity "Federal Bureau of Investigation" --db "$tmp/c.db" --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["name"])' 2>/dev/null)" FBI
# a place named in capitals by datelines is shown as the text writes it
printf '%s\n' '{"id":"26","text":"HALVIK, March 3 - The port reopened on Monday after a week of strikes, officials said."}' \
  '{"id":"27","text":"HALVIK, March 4 - Ships returned on Tuesday. Traders in Halvik welcomed the news."}' \
  '{"id":"28","text":"HALVIK, March 5 - The strike committee met again."}' > "$tmp/d.jsonl"
"$H" ingest -q --db "$tmp/d.db" "$tmp/d.jsonl" 2>/dev/null
ok "a dateline's capitals give way to the written name" "$(q "$tmp/d.db" "select name from entities where key = 'loc:halvik'")" Halvik
V=../shared/data/clustering/allsides-val.jsonl
if [ -f "$V" ]; then
  "$H" ingest -q --db "$tmp/v.db" "$V" 2>/dev/null
  ok "allsides-val: one entity for Trump" "$(q "$tmp/v.db" "select count(*) from entities e where (key like '%:trump' or key = 'per:trump_donald') ")" 1
  ok "allsides-val: one entity for Biden" "$(q "$tmp/v.db" "select count(*) from entities e where (key like '%:biden' or key in ('per:biden_joe','per:biden_josef','per:biden_josef_jr'))")" 1
  ok "allsides-val: Donald Trump Jr. apart" "$(q "$tmp/v.db" "select count(*) from entities where key = 'per:trump_donald_jr'")" 1
  ok "allsides-val: one identity for U.S., US and United States" "$(q "$tmp/v.db" "select count(*) from entities where key in ('loc:us','org:us','misc:us','loc:united_states','org:united_states')")" 1
else
  echo "note: $V absent, allsides-val not checked"
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]
