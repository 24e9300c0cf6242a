#!/usr/bin/env bash
# The PostgreSQL store, on a throwaway cluster this test creates (initdb +
# pg_ctl in a temp dir, Unix socket only, as user postgres when run as
# root since PostgreSQL refuses root) and removes on exit:
# - the same input gives the same rows, table for table, in SQLite and
#   PostgreSQL (stories, quotes, identities, clustering state, ...), and
#   the query verbs print the same (search: the same articles);
# - herald serve answers from it;
# - kill -9 of an ingest, then a re-run: nothing lost, nothing twice,
#   stories and clustering state in step with the articles;
# - two ingests at once into one database (overlapping inputs): every
#   distinct article once, the store consistent;
# - herald-dask --local 2 --db postgresql://... gives the single-ingest store.
# Skips (77) only when the PostgreSQL server binaries are missing
# (scripts/deps.sh installs them).
set -u
H=${1:?usage: test_postgres.sh HERALD}
H=$(cd "$(dirname "$H")" && pwd)/$(basename "$H")
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3 shell"; exit 77; }
PY=$(command -v /usr/bin/python3 || command -v python3)
. "$(dirname "$0")/lib/pg_cluster.sh"
T=$(mktemp -d)
trap 'pg_cluster_stop; rm -rf "$T"' EXIT
PG_OPTIONS="-c fsync=off" pg_cluster_start "$T"; rc=$?
[ $rc = 77 ] && { echo "skip: no PostgreSQL server (scripts/deps.sh installs postgresql)"; exit 77; }
[ $rc = 0 ] || { echo "FAIL: cannot start a PostgreSQL cluster"; exit 1; }
uri() { pg_uri "$1"; }
mkdb() { pg_createdb "$1"; }
pq() { pg_q "$1" "$2"; }

pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
. "$(dirname "$0")/lib/store_rows.sh"

# ---- the same store in both ----
mkdir "$T/in"
cp tests/fixtures/store/news.jsonl "$T/in/"
"$PY" tests/gen_articles.py 200 3 >"$T/in/gen.jsonl"
"$H" ingest -q --batch 64 --db "$T/s.db" corpus "$T/in"; rc1=$?
mkdb same
"$H" ingest -q --batch 64 --db "$(uri same)" corpus "$T/in"; rc2=$?
ok "ingest into PostgreSQL exit 0" '[ $rc1 = 0 ] && [ $rc2 = 0 ]'
store_rows_sqlite "$T/s.db" >"$T/s.rows"
store_rows_pg "$(uri same)" >"$T/p.rows"
ok "rows stored" '[ "$(pq same "select count(*) from articles")" -gt 200 ]'
ok "same rows in SQLite and PostgreSQL" 'cmp -s "$T/s.rows" "$T/p.rows"' || diff "$T/s.rows" "$T/p.rows" | head -10 >&2
ok "quotes and identities present" '[ "$(pq same "select count(*) from quotes")" -gt 0 ] && [ "$(pq same "select count(*) from entities")" -gt 0 ]'
"$H" ingest --db "$(uri same)" corpus "$T/in" 2>"$T/err"; rc=$?
ok "re-run stores nothing twice" '[ $rc = 0 ] && grep -q " 0 stored" "$T/err"'
store_rows_pg "$(uri same)" >"$T/p2.rows"
ok "re-run leaves the rows as they were" 'cmp -s "$T/p.rows" "$T/p2.rows"'

# ---- the query verbs ----
# Quote trails (quote_links) are kept by both stores: the JSON's "trail"
# members compare like the rest
notrail() { cat; }
same_out() { # NAME ARGS...: the verb prints the same for both stores
  local n=$1; shift
  "$H" "$@" --db "$T/s.db" 2>&1 | notrail >"$T/q1"; local r1=${PIPESTATUS[0]}
  "$H" "$@" --db "$(uri same)" 2>&1 | notrail >"$T/q2"; local r2=${PIPESTATUS[0]}
  ok "$n: same output" '[ $r1 = $r2 ] && cmp -s "$T/q1" "$T/q2"' || diff "$T/q1" "$T/q2" | head -6 >&2
}
same_out "stories" stories --limit 50 --json
same_out "stories since" stories --since 2025-03-20 --json
for id in 1 2 3 5; do same_out "story $id" story "$id" --json; done
same_out "missing story" story 99999 --json
same_out "quotes" quotes Voss --json
same_out "quotes by part of a name" quotes reinh --json
same_out "entity" entity "Irena Voss" --json
same_out "missing entity" entity "Nobody Atall" --json
same_out "entity, one letter wrong" entity "Irena Vss" --json
same_out "quotes, one letter wrong" quotes "Irena Vosss" --json
for id in 1 4 12 150; do same_out "article $id" article "$id"; done
# ---- display names at close: looked at again only for the entities
# named since the last close (meta.names_articles), the same as SQLite's;
# a run that stored articles but died before its close (here: that close
# undone by hand) leaves them to the next close ----
printf '%s\n' '{"id":"e1","text":"Lena M. Brandt said on Monday that the bridge would open in May. Brandt spoke in Hamburg."}' >"$T/e1.jsonl"
printf '%s\n' '{"id":"e2","text":"Lena Brandt said the bridge was finished. Lena Brandt thanked the workers."}' \
  '{"id":"e3","text":"The mayor, Lena Brandt, cut the ribbon on Friday."}' >"$T/e2.jsonl"
mkdb names
"$H" ingest -q --db "$T/n.db" "$T/e1.jsonl"; "$H" ingest -q --db "$(uri names)" "$T/e1.jsonl"
ok "display name from the first ingest" '[ "$(pq names "select name from entities where key = '"'"'per:brandt_lena'"'"'")" = "Lena M. Brandt" ]'
"$H" ingest -q --db "$T/n.db" "$T/e2.jsonl"; "$H" ingest -q --db "$(uri names)" "$T/e2.jsonl"
a=$(sqlite3 "$T/n.db" "select key, name from entities order by key")
b=$(pq names "select key, name from entities order by key")
ok "a later ingest's more frequent form renames, as in SQLite" '[ "$a" = "$b" ] && echo "$b" | grep -qx "per:brandt_lena|Lena Brandt"'
ok "the close marks the last article" '[ "$(pq names "select value = (select max(id)::text from articles) from meta where key = '"'"'names_articles'"'"'")" = t ]'
pq names "update entities set name = 'Lena M. Brandt' where key = 'per:brandt_lena'; update meta set value = '1' where key = 'names_articles'" >/dev/null
"$H" ingest -q --db "$(uri names)" "$T/e2.jsonl"
ok "articles stored after the last close are named at the next" '[ "$(pq names "select name from entities where key = '"'"'per:brandt_lena'"'"'")" = "Lena Brandt" ]'

# ---- quote trail: the same links and trails (two ingests: the second
# extends the groups the first made, from the speaker's stored links) ----
TR=tests/fixtures/trail/articles.jsonl
head -n 3 "$TR" >"$T/tr1.jsonl"; tail -n +4 "$TR" >"$T/tr2.jsonl"
mkdb trail
for f in tr1 tr2; do
  "$H" ingest -q --db "$T/tr.db" "$T/$f.jsonl"; "$H" ingest -q --db "$(uri trail)" "$T/$f.jsonl"
done
a=$(sqlite3 "$T/tr.db" "select quote_id, group_id, cast(round(sim * 1000000) as int) from quote_links order by 1")
b=$(pq trail "select quote_id, group_id, cast(round(sim * 1000000) as int) from quote_links order by 1")
ok "quote links: the same in both stores, a group of 2 or more" '[ "$a" = "$b" ] && [ "$(pq trail "select max(c) from (select count(*) c from quote_links group by group_id) g")" -ge 2 ]'
for v in "quotes --speaker Ana_Torres --json" "story 1 --json"; do
  "$H" ${v//_/ } --db "$T/tr.db" >"$T/t1" 2>&1; r1=$?
  "$H" ${v//_/ } --db "$(uri trail)" >"$T/t2" 2>&1; r2=$?
  ok "$v: the same trail summaries" '[ $r1 = $r2 ] && [ $r1 = 0 ] && cmp -s "$T/t1" "$T/t2" && grep -q "said first in" "$T/t2"' || diff "$T/t1" "$T/t2" | head -6 >&2
done
for q in $(pq trail "select quote_id from quote_links order by 1 limit 6"); do
  "$H" trail "$q" --db "$T/tr.db" >"$T/t1" 2>&1; r1=$?
  "$H" trail "$q" --db "$(uri trail)" >"$T/t2" 2>&1; r2=$?
  ok "trail $q: same output" '[ $r1 = $r2 ] && [ $r1 = 0 ] && cmp -s "$T/t1" "$T/t2"' || diff "$T/t1" "$T/t2" | head -6 >&2
done

ids() { "$PY" -c 'import json,sys; print(sorted(h["id"] for h in json.load(sys.stdin)))'; }
for q in water "Geneva talks" dam; do
  a=$("$H" search "$q" --limit 1000 --window 0 --json --db "$T/s.db" | ids)
  b=$("$H" search "$q" --limit 1000 --window 0 --json --db "$(uri same)" | ids)
  ok "search '$q': same articles" '[ "$a" = "$b" ] && [ "$a" != "[]" ]'
done
b=$("$H" search water --json --outlet "capital wire" --db "$(uri same)" | "$PY" -c 'import json,sys; print({h["outlet"] for h in json.load(sys.stdin)})')
ok "search --outlet filters" '[ "$b" = "{'"'"'Capital Wire'"'"'}" ]'
"$H" search water --json --db "$(uri same)" >"$T/sr"
ok "search snippets mark the match" 'grep -q "\[water\]" "$T/sr"'
# The search window (--window W: the W newest matches, then ranked). Its
# start is found by tiers (src/store/pg_backend.c): the 2W newest articles,
# a walk back from the newest, an id range read from the posting list, all
# matches. Whichever is taken, the results must be the W newest matches
# ranked (the reference: every match read in SQL, the W newest kept), and
# the same articles as SQLite's window. The queries cover every tier (the
# tier each takes is worked out here in SQL, from the same rule).
wq=$(pq same "select word from ts_stat('select tsv from article_search') where word ~ '^[a-z]{4,}$' order by ndoc desc, word" | awk 'NR <= 40 && NR % 5 == 1; END { print }')
"$PY" - "$H" "$(uri same)" "$T/s.db" $wq >"$T/win" <<'PYEOF'
import json, subprocess, sys
h, pg, lite, words = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
cases = [(q, w) for w in (2, 4, 10, 30) for q in words + [words[0] + " " + words[2], words[1] + " " + words[5], words[3] + " " + words[3]]]
def sql(q, w):  # the W newest matches ranked, every match read; and the tier the search takes (same rule as the SQL)
    t = "websearch_to_tsquery('english', '%s')" % q
    return ("with m as (select max(id) m from article_search), x as (select id from article_search where tsv @@ %s),"
            " p as (select count(*) c, 4 * %d * %d / greatest(count(*), 1) r from (select id from x, m where id > m - 2 * %d order by id desc limit %d) y)"
            " select (select coalesce(string_agg(id::text, ',' order by s desc, id desc), '') from (select id,"
            " ts_rank_cd('{0.1, 0.2, 0.2, 1.0}', tsv, %s) s from article_search where tsv @@ %s order by id desc limit %d) w),"
            " case when c >= %d then 'probe' when c * 16 >= 2 * %d then case when (select count(*) from x, m where id > m - 4 * r) >= %d"
            " then 'walk' else 'all' end when r < (select m from m) / 2 and (select count(*) from x, m where id >= ((m - r) >> 12) << 12) >= %d then 'range'"
            " else 'all' end from p;" % (t, w, w, w, w, t, t, w, w, w, w, w))
out = subprocess.run(["psql", "-X", "-q", "-At", "-F", " ", "-d", pg], input="".join(sql(q, w) for q, w in cases),
                     capture_output=True, text=True).stdout.splitlines()
ids = lambda db, q, w: [x["id"] for x in json.loads(subprocess.run([h, "search", q, "--window", str(w), "--limit", "1000", "--json",
                                                                      "--db", db], capture_output=True, text=True).stdout)]
tiers, bad = {}, 0
for (q, w), line in zip(cases, out):
    ref, tier = line.split(" ")
    a, b = ids(pg, q, w), ids(lite, q, w)
    tiers[tier] = tiers.get(tier, 0) + 1
    if ",".join(map(str, a)) != ref or sorted(a) != sorted(b):
        bad += 1
        print("window %d, %r: %s / %s / %s" % (w, q, a, ref, b), file=sys.stderr)
print(len(cases), len(out), bad, " ".join("%s=%d" % kv for kv in sorted(tiers.items())))
PYEOF
read -r wn wo wbad tiers <"$T/win"
ok "search --window: the W newest matches ranked, SQLite's articles ($wn searches)" '[ "$wn" = "$wo" ] && [ "$wbad" = 0 ]'
covered() { for t in probe walk range all; do case " $tiers" in *" $t="*) ;; *) return 1;; esac; done; }
ok "search --window: the searches take every tier ($tiers)" covered
# The range tier's cover of the newest ids (pg_backend.c HD_PG_COVER,
# written out here): its blocks hold every id from ((m - r) >> 12) << 12
# up to m and no other, for stores far larger than this one (ids every
# 97 and at block edges, ten (m, r) pairs up to 2^21), in few lexemes.
cov=$(pq same "with c(m, r) as (values (1000000, 300000), (989193, 363786), (2097151, 5000), (70000, 69000), (5000, 4000), (300, 200), \
                          (262144, 131072), (1048576, 524288), (524287, 16384), (1500000, 1499999)), \
  cv as (select m, r, (select string_agg(format('''~%s %s''', k, b), ' | ')::tsquery from (values (12), (14), (16), (18)) v(k), \
           lateral generate_series(case when k = 12 then (m - r) >> 12 else ((m - r) + (1::bigint << k) - 1) >> k end, \
             least(case when k = 18 then m::bigint >> 18 else ((((m - r) + (1::bigint << (k + 2)) - 1) >> (k + 2)) << 2) - 1 end, m::bigint >> k)) b) q, \
           (select count(*) from (values (12), (14), (16), (18)) v(k), \
           lateral generate_series(case when k = 12 then (m - r) >> 12 else ((m - r) + (1::bigint << k) - 1) >> k end, \
             least(case when k = 18 then m::bigint >> 18 else ((((m - r) + (1::bigint << (k + 2)) - 1) >> (k + 2)) << 2) - 1 end, m::bigint >> k)) b) n \
         from c), \
  ids as (select m, r, q, n, id from cv, lateral (select generate_series(0, m, 97) union select generate_series(4095, m, 4096) \
           union select generate_series(4096, m, 4096) union select m) i(id)) \
  select count(*) filter (where (array_to_tsvector(array['~12 ' || (id >> 12)::text, '~14 ' || (id >> 14)::text, '~16 ' || (id >> 16)::text, \
           '~18 ' || (id >> 18)::text]) @@ q) is distinct from (id >= ((m - r) >> 12) << 12)), max(n), count(*) from ids;")
ok "the range tier's blocks cover exactly the ids from the range's block up ($cov)" '[ "${cov%%|*}" = 0 ] && [ "$(echo "$cov" | cut -d"|" -f2)" -le 15 ] && [ "${cov##*|}" -gt 80000 ]'
# A store written before article_search (its vectors in articles.tsv):
# searched read-only as it is, then moved over by the next ingest; the
# same results (ids, order, scores, snippets) throughout.
pq postgres "CREATE DATABASE old TEMPLATE same" >/dev/null
pq old "DROP TABLE article_search; ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS
  (setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', text), 'B')) STORED;
  CREATE INDEX articles_tsv ON articles USING gin(tsv)" >/dev/null
searches() { for q in water "Geneva talks" dam; do "$H" search "$q" --limit 20 --json --db "$(uri "$1")"; "$H" search "$q" --outlet "capital wire" --db "$(uri "$1")"; done; }
searches same >"$T/sr.new"; searches old >"$T/sr.old"
ok "a store from before article_search: same search output" 'cmp -s "$T/sr.new" "$T/sr.old" && grep -q water "$T/sr.new"'
# The range tier reads the newest blocks of ids through
# article_search_recent (the vector and its id's blocks in one GIN index);
# a store made before it (a GIN index on tsv and article_search_block) is
# searched as it is, then its next ingest builds the index and drops the
# two old ones: the same output throughout.
pq postgres "CREATE DATABASE noblock TEMPLATE same" >/dev/null
pq noblock "DROP INDEX article_search_recent; CREATE INDEX article_search_tsv ON article_search USING gin(tsv);
  CREATE INDEX article_search_block ON article_search((id / 256))" >/dev/null
searches noblock >"$T/sr.noblock"
ix() { pq "$1" "select string_agg(indexname, ' ' order by indexname) from pg_indexes where tablename = 'article_search'"; }
ok "article_search_recent is made; a store made before it: same search output" '[ "$(ix same)" = "article_search_pkey article_search_recent" ] &&
  cmp -s "$T/sr.new" "$T/sr.noblock"'
"$H" ingest -q --batch 64 --db "$(uri noblock)" corpus "$T/in"; rc=$?
searches noblock >"$T/sr.noblock2"
ok "its next ingest (nothing new) builds article_search_recent and drops the old indexes; same output" '[ $rc = 0 ] &&
  [ "$(ix noblock)" = "article_search_pkey article_search_recent" ] && cmp -s "$T/sr.new" "$T/sr.noblock2"'
"$H" ingest -q --batch 64 --db "$(uri old)" corpus "$T/in"; rc=$?
searches old >"$T/sr.moved"
ok "its next ingest moves the vectors, same output" '[ $rc = 0 ] && cmp -s "$T/sr.new" "$T/sr.moved" &&
  [ "$(pq old "select count(*) from article_search")" = "$(pq old "select count(*) from articles")" ] &&
  [ "$(pq old "select count(*) from pg_attribute where attrelid = '"'"'articles'"'"'::regclass and attname = '"'"'tsv'"'"' and not attisdropped")" = 0 ]'
"$H" stories --db "$(uri nosuchdb)" >/dev/null 2>"$T/err"; rc=$?
ok "a missing database: exit 1, named" '[ $rc = 1 ] && grep -q "nosuchdb" "$T/err"'
"$H" stories --db "postgresql://herald:secret@/nosuchdb?host=$PG_DIR&port=$PG_PORT" >/dev/null 2>"$T/err"
ok "the password is not printed" '! grep -q secret "$T/err"'

# ---- herald serve over PostgreSQL ----
"$H" serve --db "$(uri same)" --port 0 >"$T/serve.out" 2>&1 &
spid=$!
url=""
for _ in $(seq 1 100); do url=$(grep -o 'http://[0-9.:]*' "$T/serve.out" | head -1); [ -n "$url" ] && break; sleep 0.1; done
api=$("$PY" -c 'import sys,urllib.request; print(urllib.request.urlopen(sys.argv[1] + "/api/stories").read().decode())' "$url" 2>/dev/null)
kill $spid 2>/dev/null; wait $spid 2>/dev/null
ok "herald serve answers from PostgreSQL" '[ -n "$api" ] && [ "$api" = "$("$H" stories --json --db "$(uri same)")" ]'

# ---- kill -9, then a re-run ----
N=3000
"$PY" tests/gen_articles.py $N 11 >"$T/k.jsonl"
distinct=$("$PY" -c 'import json,sys; print(len({json.loads(l)["text"] for l in open(sys.argv[1])}))' "$T/k.jsonl")
mkdb k
"$H" ingest -q --no-ner --batch 50 --db "$(uri k)" "$T/k.jsonl" 2>"$T/err" &
pid=$!
for _ in $(seq 1 3000); do
  got=$(pq k "select count(*) from articles" 2>/dev/null || echo 0)
  [ "${got:-0}" -ge 300 ] && break
  sleep 0.01
done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
partial=$(pq k "select count(*) from articles")
echo "killed after $partial of $distinct articles"
consistent() { # DB COUNT: stories, clustering state and full text in step with COUNT articles
  [ "$(pq "$1" "select count(*) from articles")" = "$2" ] &&
  [ "$(pq "$1" "select coalesce(sum(articles), 0) from stories where merged_into is null")" = "$2" ] &&
  [ "$(pq "$1" "select coalesce((select value from meta where key = 'cluster_docs'), '0')")" = "$2" ] &&
  [ "$(pq "$1" "select count(*) from article_search")" = "$2" ] &&
  [ "$(pq "$1" "select count(*) from articles a left join article_search t on t.id = a.id where t.id is null")" = 0 ] &&
  [ "$(pq "$1" "select count(*) from articles a left join stories s on s.id = a.story_id where s.id is null or s.merged_into is not null")" = 0 ] &&
  [ "$(pq "$1" "select count(*) from mentions m left join articles a on a.id = m.article_id where a.id is null")" = 0 ]
}
ok "killed partway" '[ "$partial" -gt 0 ] && [ "$partial" -lt "$distinct" ]'
ok "consistent after kill" 'consistent k "$partial"'
"$H" ingest --no-ner --batch 50 --db "$(uri k)" "$T/k.jsonl" 2>"$T/err2"; rc=$?
ok "re-run exit 0" '[ $rc = 0 ]'
ok "re-run skips what was stored" 'grep -q " $((partial + N - distinct)) already stored" "$T/err2"'
ok "every article once after the re-run" 'consistent k "$distinct"'
ok "no duplicate hashes or ids" '[ "$(pq k "select count(*) - count(distinct hash) + count(*) - count(distinct ext_id) from articles")" = 0 ]'
"$H" ingest -q --no-ner --batch 50 --db "$T/k.db" "$T/k.jsonl"
ok "same articles as a clean SQLite run" \
  '[ "$(pq k "select string_agg(ext_id, '"','"' order by ext_id) from articles")" = "$(sqlite3 "$T/k.db" "select group_concat(ext_id) from (select ext_id from articles order by ext_id)")" ]'

# ---- two ingests at once, overlapping inputs ----
"$PY" tests/gen_articles.py 2400 17 >"$T/c.jsonl"
head -1600 "$T/c.jsonl" >"$T/c1.jsonl"; tail -1600 "$T/c.jsonl" >"$T/c2.jsonl"  # 800 in both
cdistinct=$("$PY" -c 'import json,sys; print(len({json.loads(l)["text"] for l in open(sys.argv[1])}))' "$T/c.jsonl")
mkdb c
"$H" ingest --no-ner --batch 40 --db "$(uri c)" "$T/c1.jsonl" 2>"$T/e1" & p1=$!
"$H" ingest --no-ner --batch 40 --db "$(uri c)" "$T/c2.jsonl" 2>"$T/e2" & p2=$!
wait $p1; r1=$?; wait $p2; r2=$?
ok "both concurrent ingests exit 0" '[ $r1 = 0 ] && [ $r2 = 0 ]' || cat "$T/e1" "$T/e2" >&2
ok "every distinct article once" 'consistent c "$cdistinct"'
ok "no duplicate hashes" '[ "$(pq c "select count(*) - count(distinct hash) from articles")" = 0 ]'
s1=$(grep -o '[0-9]* stored' "$T/e1" | head -1 | cut -d' ' -f1); s2=$(grep -o '[0-9]* stored' "$T/e2" | head -1 | cut -d' ' -f1)
ok "the two ingests' stored counts add up" '[ $((s1 + s2)) = "$cdistinct" ]'
ok "dense article ids" '[ "$(pq c "select max(id) - count(*) from articles")" = 0 ]'
ok "entity counters match their rows" \
  '[ "$(pq c "select count(*) from entities e where articles != (select count(*) from article_entities ae where ae.entity_id = e.id)")" = 0 ]'

# ---- herald-dask --local 2 into PostgreSQL ----
if /usr/bin/python3 -c "import distributed" 2>/dev/null; then
  mkdb dask
  scripts/herald-dask --local 2 --partition-bytes 20000 --herald "$H" -q --db "$(uri dask)" corpus "$T/in" 2>"$T/err"; rc=$?
  ok "herald-dask into PostgreSQL exit 0" '[ $rc = 0 ]' || cat "$T/err" >&2
  store_rows_pg "$(uri dask)" >"$T/d.rows"
  ok "herald-dask --local 2: the single-ingest store" 'cmp -s "$T/p.rows" "$T/d.rows"'
else
  echo "note: no python3-distributed; herald-dask part not run"
fi

echo "$pass passed, $fail failed"
[ $fail = 0 ]
