#!/usr/bin/env bash
# test_lineage.sh HERALD: wire lineage (corpus/lineage.h, tables lineage and
# lineage_paragraphs) on a fixture written for it (tests/fixtures/lineage): a
# Capital Wire story of six paragraphs and three local rewrites:
#   Lakeside Post   all six unchanged, one local paragraph added;
#   Northern Ledger the lead reworded, three copied, two added, two cut;
#   Valley Times    lead and traffic paragraphs reworded, two copied, two
#                   added, two cut.
#   - `herald story ID` shows for each "N of M paragraphs from OUTLET [ID],
#     K changed, A added, C cut", and --json has the same as "lineage";
#   - lineage_paragraphs says which paragraph came from which;
#   - an independent article on the same story gets no lineage, and a
#     rewrite ingested later is added to the story's lineage;
#   - a store without the tables (written before them) still reads.
set -u
H=${1:?usage: test_lineage.sh HERALD}
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
F=$(cd "$(dirname "$0")" && pwd)/fixtures/lineage
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }

"$H" ingest -q --db "$T/db" "$F/articles.jsonl" 2>"$T/err"; rc=$?
ok "ingest: exit 0" '[ $rc = 0 ]'
"$H" story 1 --db "$T/db" >"$T/s.txt"; rc=$?
ok "story: exit 0" '[ $rc = 0 ]'
ok "story: Lakeside Post 6 of 7 from the wire, none changed" \
  'grep -q "Lakeside Post \[2\]: 6 of 7 paragraphs from Capital Wire \[1\], 0 changed, 1 added, 0 cut" "$T/s.txt"'
ok "story: Northern Ledger 4 of 6, 1 changed, 2 added, 2 cut" \
  'grep -q "Northern Ledger \[3\]: 4 of 6 paragraphs from Capital Wire \[1\], 1 changed, 2 added, 2 cut" "$T/s.txt"'
ok "story: Valley Times 4 of 6, 2 changed, 2 added, 2 cut" \
  'grep -q "Valley Times \[4\]: 4 of 6 paragraphs from Capital Wire \[1\], 2 changed, 2 added, 2 cut" "$T/s.txt"'
ok "story: the wire itself has no source" '! grep -q "Capital Wire \[1\]: " "$T/s.txt"'
"$H" story 1 --db "$T/db" --json >"$T/s.json"
ok "json: lineage of the three copies" 'python3 -c "
import json,sys; l=json.load(open(\"$T/s.json\"))[\"lineage\"]
got=[(x[\"outlet\"],x[\"source\"],x[\"source_outlet\"],x[\"paragraphs\"],x[\"from_source\"],x[\"changed\"],x[\"added\"],x[\"cut\"]) for x in l]
sys.exit(0 if got==[(\"Lakeside Post\",1,\"Capital Wire\",7,6,0,1,0),(\"Northern Ledger\",1,\"Capital Wire\",6,4,1,2,2),(\"Valley Times\",1,\"Capital Wire\",6,4,2,2,2)] else 1)"'

if command -v sqlite3 >/dev/null; then
  ok "paragraphs: Northern Ledger's lead changed from the wire's, its 3rd and 6th added, the wire's 4th and 6th cut" \
    '[ "$(sqlite3 "$T/db" "select group_concat(coalesce(para,0) || \":\" || coalesce(source_para,0) || \":\" || status, \" \") from lineage_paragraphs where article_id = 3")" = "1:1:changed 2:2:copied 3:3:copied 4:0:added 5:5:copied 6:0:added 0:4:cut 0:6:cut" ]'
  ok "paragraphs: a changed paragraph's similarity is below 1, a copied one's is 1" \
    '[ "$(sqlite3 "$T/db" "select count(*) from lineage_paragraphs where (status = '\''changed'\'' and sim < 1 and sim >= 0.5) or (status = '\''copied'\'' and sim = 1)")" = "$(sqlite3 "$T/db" "select count(*) from lineage_paragraphs where status in ('\''changed'\'','\''copied'\'')")" ]'
fi

# a later ingest: an independent article and one more rewrite
python3 - "$T/more.jsonl" "$F/articles.jsonl" <<'PY'
import json, sys
wire = json.loads(open(sys.argv[2]).readline())["text"].split("\n\n")
ind = ("Harbor Bridge commuters face six weeks of detours from July 7 while the ministry replaces the cables.\n\n"
       "At the Old Ferry Road junction, shopkeepers said they expected queues every morning of the closure.\n\n"
       "Transport Minister Elena Varga will present the detour plan to the city council next week.")
rew = "\n\n".join([wire[0], wire[2], "Coast Herald readers asked whether the ferry would run extra boats.", wire[4]])
with open(sys.argv[1], "w") as f:
    f.write(json.dumps({"id": "gazette-1", "source": "Harbor Gazette", "date": "2025-06-04", "title": "Harbor Bridge detours: what commuters face", "text": ind}) + "\n")
    f.write(json.dumps({"id": "coast-1", "source": "Coast Herald", "date": "2025-06-05", "title": "Harbor Bridge to close for six weeks of cable repairs", "text": rew}) + "\n")
PY
"$H" ingest -q --db "$T/db" "$T/more.jsonl" 2>/dev/null
"$H" story 1 --db "$T/db" --json >"$T/s2.json"
ok "later ingest: the new rewrite is in the lineage, the independent article is not" 'python3 -c "
import json,sys; s=json.load(open(\"$T/s2.json\")); l=s[\"lineage\"]
c=[x for x in l if x[\"outlet\"]==\"Coast Herald\"]
ok=len(c)==1 and c[0][\"source_outlet\"]==\"Capital Wire\" and (c[0][\"paragraphs\"],c[0][\"from_source\"],c[0][\"changed\"],c[0][\"added\"])==(4,3,0,1)
ok=ok and not any(x[\"outlet\"]==\"Harbor Gazette\" for x in l) and len(l)==4
sys.exit(0 if ok else 1)"'

if command -v sqlite3 >/dev/null; then
  # the second close recomputed only the new articles and the 20 after
  # each: the rows equal those of the whole store recomputed
  rows() { sqlite3 "$1" "select * from lineage order by 1; select * from lineage_paragraphs order by 1, 2, 3"; }
  rows "$T/db" >"$T/inc.rows"
  sqlite3 "$T/db" ".backup '$T/whole.db'"
  sqlite3 "$T/whole.db" "delete from lineage; delete from lineage_paragraphs; delete from meta where key = 'lineage_articles'"
  : >"$T/none.jsonl"
  "$H" ingest -q --db "$T/whole.db" "$T/none.jsonl" 2>/dev/null
  rows "$T/whole.db" >"$T/whole.rows"
  ok "a later close: the same rows as recomputing every story" '[ -s "$T/inc.rows" ] && cmp -s "$T/inc.rows" "$T/whole.rows"'
  sqlite3 "$T/db" "drop table lineage; drop table lineage_paragraphs"
  "$H" story 1 --db "$T/db" --json >"$T/s3.json"; rc=$?
  ok "a store without the lineage tables reads (no lineage)" '[ $rc = 0 ] && python3 -c "
import json,sys; sys.exit(0 if json.load(open(\"$T/s3.json\"))[\"lineage\"]==[] else 1)"'
fi

echo "$pass passed, $fail failed"
[ $fail = 0 ]
