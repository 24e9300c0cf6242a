#!/usr/bin/env bash
# Crash safety: ingest a few thousand synthetic articles, kill -9 the
# ingest partway, check the file is consistent, re-run the same command
# and check every article is stored exactly once (same counts as a clean
# run), with stories, full-text index and clustering state in step.
set -u
H=${1:?usage: test_ingest_kill.sh HERALD}
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3 shell"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
q() { sqlite3 "$1" "$2"; }

N=6000
python3 "$(dirname "$0")/gen_articles.py" $N 11 >"$T/in.jsonl"
distinct=$(python3 -c 'import json,sys; print(len({json.loads(l)["text"] for l in open(sys.argv[1])}))' "$T/in.jsonl")

# a clean run, for reference
"$H" ingest -q --no-ner --batch 50 --db "$T/clean.db" "$T/in.jsonl"
ok "clean run stores every distinct article" '[ "$(q "$T/clean.db" "select count(*) from articles")" = "$distinct" ]'

# the killed run
"$H" ingest -q --no-ner --batch 50 --db "$T/k.db" "$T/in.jsonl" 2>"$T/err" &
pid=$!
got=0
for _ in $(seq 1 2000); do
  got=$(q "$T/k.db" "select count(*) from articles" 2>/dev/null || echo 0)
  [ "${got:-0}" -ge 300 ] && break
  sleep 0.005
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
partial=$(q "$T/k.db" "select count(*) from articles")
echo "killed after $partial of $distinct articles"
ok "killed partway" '[ "$partial" -gt 0 ] && [ "$partial" -lt "$distinct" ]'
ok "integrity after kill" '[ "$(q "$T/k.db" "pragma integrity_check")" = ok ]'
ok "stories match articles after kill" \
  '[ "$(q "$T/k.db" "select coalesce(sum(articles),0) from stories where merged_into is null")" = "$partial" ]'
ok "cluster state matches articles after kill" \
  '[ "$(q "$T/k.db" "select value from meta where key = '"'"'cluster_docs'"'"'")" = "$partial" ]'

# re-run the same command: completes, no duplicates, no loss
"$H" ingest --no-ner --batch 50 --db "$T/k.db" "$T/in.jsonl" 2>"$T/err2"
ok "re-run exit 0" '[ $? = 0 ]'
# skipped: the articles stored before the kill, plus the exact re-posts in the input
ok "re-run skips what was stored" 'grep -q " $((partial + N - distinct)) already stored" "$T/err2"'
ok "all articles after re-run" '[ "$(q "$T/k.db" "select count(*) from articles")" = "$distinct" ]'
ok "no duplicate hashes" '[ "$(q "$T/k.db" "select count(*) - count(distinct hash) from articles")" = 0 ]'
ok "no duplicate ids" '[ "$(q "$T/k.db" "select count(*) - count(distinct ext_id) from articles")" = 0 ]'
ok "same ids as a clean run" '[ "$(q "$T/k.db" "select group_concat(ext_id) from (select ext_id from articles order by ext_id)")" = "$(q "$T/clean.db" "select group_concat(ext_id) from (select ext_id from articles order by ext_id)")" ]'
ok "stories match articles" \
  '[ "$(q "$T/k.db" "select sum(articles) from stories where merged_into is null")" = "$distinct" ]'
ok "every article in a live story" \
  '[ "$(q "$T/k.db" "select count(*) from articles a left join stories s on s.id = a.story_id where s.id is null or s.merged_into is not null")" = 0 ]'
ok "fts index complete" '[ "$(q "$T/k.db" "select count(*) from articles_fts")" = "$distinct" ]'
ok "fts integrity" 'q "$T/k.db" "insert into articles_fts(articles_fts) values('"'"'integrity-check'"'"')" 2>/dev/null'
ok "integrity after re-run" '[ "$(q "$T/k.db" "pragma integrity_check")" = ok ]'
ok "wal mode" '[ "$(q "$T/k.db" "pragma journal_mode")" = wal ]'
# a third run changes nothing
"$H" ingest -q --no-ner --db "$T/k.db" "$T/in.jsonl"
ok "third run adds nothing" '[ "$(q "$T/k.db" "select count(*) from articles")" = "$distinct" ]'

echo "$pass passed, $fail failed"
[ $fail = 0 ]
