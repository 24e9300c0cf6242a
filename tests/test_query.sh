#!/usr/bin/env bash
# The query verbs on a store built from the invented fixture articles
# (tests/fixtures/store/news.jsonl): search (BM25, filters, bad syntax),
# stories (order, JSON shape), story (timeline with the syndicated copy
# folded, thread across seven months), and entity/quotes over identity
# and quotation rows added with the sqlite3 shell (what NER and
# attribution would have stored), so they do not depend on a model.
set -u
H=${1:?usage: test_query.sh HERALD}
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3 shell"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
DB="$T/q.db"
F=tests/fixtures/store/news.jsonl
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# quotations are added by hand below, so attribution is off here
"$H" ingest -q --no-ner --no-quotes --db "$DB" "$F"
ok "ingest stored the fixtures" '[ "$(sqlite3 "$DB" "select count(*) from articles")" = 10 ]'
# with attribution on, the pipeline's quotations are stored and grouped by speaker
"$H" ingest -q --no-ner --db "$T/attr.db" "$F"
ok "pipeline quotations stored" '[ "$(sqlite3 "$T/attr.db" "select count(*) from quotes")" -gt 0 ]'
ok "pipeline quotation in who said what" '"$H" story --db "$T/attr.db" 1 | sed -n "/who said what/,\$p" | grep -q "single crate"'

# search
"$H" search --db "$DB" --json "strike" >"$T/s.json"
ok "search json parses" 'j "len(d)" <"$T/s.json" >/dev/null'
ok "search finds the strike articles" '[ "$(j "len(d)" <"$T/s.json")" = 4 ]'
ok "search snippets mark the match" 'j "all(\"[strike]\" in r[\"snippet\"].lower() for r in d)" <"$T/s.json" | grep -q True'
ok "search ranks a title match first" 'j "d[0][\"title\"]" <"$T/s.json" | grep -qi strike'
ok "search outlet filter" '[ "$("$H" search --db "$DB" --json --outlet "Kesten Daily" strike | j "len(d)")" = 1 ]'
ok "search date filter" '[ "$("$H" search --db "$DB" --json --since 2024-03-05 --until 2024-03-31 strike | j "len(d)")" = 2 ]'
ok "search phrase" '[ "$("$H" search --db "$DB" --json "\"night-shift bonus\"" | j "len(d)")" -ge 3 ]'
ok "hyphenated words search as typed" '[ "$("$H" search --db "$DB" --json "night-shift bonus" | j "len(d)")" -ge 3 ]'
ok "search no match" '"$H" search --db "$DB" zeppelin | grep -q "no matches"'
"$H" search --db "$DB" 'AND AND (' >/dev/null 2>"$T/err"; rc=$?
ok "bad query is a usage error" '[ $rc = 2 ] && grep -q "herald search" "$T/err"'
"$H" search --db "$T/missing.db" strike >/dev/null 2>&1; rc=$?
ok "missing store fails" '[ $rc = 1 ]'

# stories
"$H" stories --db "$DB" --json >"$T/st.json"
ok "stories json keys" 'j "sorted(d[0].keys())" <"$T/st.json" | grep -q "\[.articles., .entities., .first., .headline., .id., .label., .last., .outlets., .terms.\]"'
ok "stories: four stories" '[ "$(j "len(d)" <"$T/st.json")" = 4 ]'
ok "stories: largest first" 'j "[r[\"articles\"] for r in d]" <"$T/st.json" | grep -q "^\[4, 3, 2, 1\]$"'
ok "stories: strike story spans its dates" 'j "(d[0][\"first\"], d[0][\"last\"], d[0][\"outlets\"])" <"$T/st.json" | grep -q "2024-03-04.*2024-03-09.*3"'
ok "stories --since" '[ "$("$H" stories --db "$DB" --json --since 2024-05-01 | j "len(d)")" = 3 ]'
ok "stories text" '"$H" stories --db "$DB" | grep -q "articles"'

# story: timeline with the copy folded, thread over seven months
strike=$(j "d[0][\"id\"]" <"$T/st.json")
"$H" story --db "$DB" --json "$strike" >"$T/story.json"
ok "story timeline folds the copy" '[ "$(j "len(d[\"timeline\"])" <"$T/story.json")" = 3 ]'
ok "story copy linked with its similarity" 'j "[c[\"outlet\"] for t in d[\"timeline\"] for c in t[\"copies\"]]" <"$T/story.json" | grep -q "Coastal Times"'
ok "story timeline in date order" 'j "[t[\"date\"] for t in d[\"timeline\"]] == sorted(t[\"date\"] for t in d[\"timeline\"])" <"$T/story.json" | grep -q True'
ok "story text shows the copy" '"$H" story --db "$DB" "$strike" | grep -q "= copy"'
ok "story: treaty talks and signing seven months later in one story" \
  '[ "$(sqlite3 "$DB" "select count(distinct s.thread_id) from articles a join stories s on s.id = a.story_id where a.ext_id like '"'"'dip-%'"'"'")" = 1 ]'
"$H" story --db "$DB" 999 >/dev/null 2>&1; rc=$?
ok "unknown story fails" '[ $rc = 1 ]'

# identities and quotations as NER and attribution would store them
sqlite3 "$DB" "
insert into entities(key, type, name, mentions, articles) values('per:reyke_tomas', 'PER', 'Tomas Reyke', 4, 3);
insert into entities(key, type, name, mentions, articles) values('loc:valdmark', 'LOC', 'Valdmark', 6, 3);
insert into aliases values(1, 'Reyke', 2);
insert into titles values(1, 'union leader', 3);
insert into article_entities select id, 1, 1 from articles where ext_id in ('port-1', 'port-2', 'port-3');
insert into article_entities select id, 2, 2 from articles where ext_id in ('port-1', 'port-2', 'port-3');
insert into quotes(article_id, type, speaker_kind, speaker_id, speaker, content)
  select id, 'direct', 'named', 1, 'Tomas Reyke', 'We will not unload a single crate until the bonus is back,' from articles where ext_id = 'port-1';
insert into quotes(article_id, type, speaker_kind, speaker_id, speaker, content)
  select id, 'indirect', 'named', 1, 'Tomas Reyke', 'the dockers would hold out until the bonus was restored' from articles where ext_id = 'port-2';"
"$H" entity --db "$DB" --json Reyke >"$T/e.json"
ok "entity found by alias" '[ "$(j "d[\"name\"]" <"$T/e.json")" = "Tomas Reyke" ]'
ok "entity counts" '[ "$(j "(d[\"mentions\"], d[\"articles\"])" <"$T/e.json")" = "(4, 3)" ]'
ok "entity titles" 'j "d[\"titles\"][0][\"title\"]" <"$T/e.json" | grep -q "union leader"'
ok "entity co-occurring" 'j "d[\"cooccurring\"][0][\"name\"], d[\"cooccurring\"][0][\"articles\"]" <"$T/e.json" | grep -q "Valdmark 3"'
ok "entity latest quote first" 'j "d[\"quotes\"][0][\"content\"]" <"$T/e.json" | grep -q "hold out"'
ok "entity by part of the name" '"$H" entity --db "$DB" reyk | grep -q "Tomas Reyke"'
"$H" entity --db "$DB" Nobody >/dev/null 2>&1; rc=$?
ok "unknown entity fails" '[ $rc = 1 ]'
ok "quotes --speaker" '[ "$("$H" quotes --db "$DB" --json --speaker "tomas reyke" | j "len(d)")" = 2 ]'
ok "quotes by part of a name" '[ "$("$H" quotes --db "$DB" --json --speaker tomas | j "len(d)")" = 2 ]'
ok "quotes unknown speaker" '"$H" quotes --db "$DB" --speaker Nobody | grep -q "no quotations"'
ok "quotes text" '"$H" quotes --db "$DB" --speaker Reyke | grep -q "single crate"'
ok "search --entity" '[ "$("$H" search --db "$DB" --json --entity "Tomas Reyke" bonus | j "len(d)")" = 3 ]'
ok "story who said what" '"$H" story --db "$DB" "$strike" | grep -A3 "who said what" | grep -q "Tomas Reyke"'
ok "story speakers json" '[ "$("$H" story --db "$DB" --json "$strike" | j "len(d[\"speakers\"][0][\"quotes\"])")" = 2 ]'

echo "$pass passed, $fail failed"
[ $fail = 0 ]
