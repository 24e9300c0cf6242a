#!/usr/bin/env bash
# What people type into the query verbs (issue 8, items 12-15):
#  12 a store in a read-only directory (a read-only copy) can be searched;
#  13 query size caps: 2,000 words or a 2 KB word is a usage error at once;
#  14 anything typed is searched (U.S., Reagan's, O'Brien, AT&T, cease-fire,
#     oil AND NOT gas, an unbalanced quote), FTS5 syntax is honoured when it
#     is well formed, and what cannot be read is explained in words (exit 2);
#  15 bad values are usage errors (exit 2) in every verb; dates read alike
#     everywhere; % and _ in entity and quotes --speaker are literal.
# Store: invented fixtures (tests/fixtures/store/), no model needed.
set -u
H=${1:?usage: test_query_input.sh HERALD}
command -v sqlite3 >/dev/null || { echo "skip: no sqlite3 shell"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
H=$(cd "$(dirname "$H")" && pwd)/$(basename "$H")
T=$(mktemp -d); trap 'chmod -R u+w "$T"; rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
DB="$T/w.db"
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
"$H" ingest -q --no-ner --no-quotes --db "$DB" tests/fixtures/store/words.jsonl tests/fixtures/store/news.jsonl
sqlite3 "$DB" "
insert into entities(key, type, name, mentions, articles) values('loc:u.s.', 'LOC', 'U.S.', 3, 1);
insert into entities(key, type, name, mentions, articles) values('per:o_brien_maeve', 'PER', 'Maeve O''Brien', 1, 1);
insert into quotes(article_id, type, speaker_kind, speaker_id, speaker, content)
  select id, 'indirect', 'named', 2, 'Maeve O''Brien', 'output would reach its old level by spring' from articles where ext_id = 'w-2';"
ids() { "$H" search --db "$DB" --json "$@" 2>/dev/null | j "' '.join(sorted(r['title'].split()[0] for r in d))"; }
st() { "$H" "$@" >/dev/null 2>"$T/err"; echo $?; }

# ---- 12: read-only stores
mkdir "$T/ro"; cp "$DB" "$T/ro/w.db"; chmod 444 "$T/ro/w.db"; chmod 555 "$T/ro"; chmod 755 "$T"
as_reader() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; else "$@"; fi; }
if [ "$(id -u)" != 0 ] || command -v setpriv >/dev/null; then
  out=$(as_reader "$H" search --db "$T/ro/w.db" --json oil 2>"$T/err"); rc=$?
  ok "12 search a store in a read-only directory" '[ $rc = 0 ] && [ "$(echo "$out" | j "len(d)")" = 2 ]'
  ok "12 stories on a read-only store" '[ "$(as_reader "$H" stories --db "$T/ro/w.db" --json | j "len(d)")" -ge 4 ]'
  ok "12 nothing written beside the read-only store" '[ "$(ls "$T/ro")" = w.db ]'
  out=$(as_reader "$H" search --db "file:$T/ro/w.db" --json oil 2>"$T/err"); rc=$?
  ok "12 a file: URI opens too" '[ $rc = 0 ] && [ "$(echo "$out" | j "len(d)")" = 2 ]'
fi
ok "12 a missing store is an error, not created" '[ "$(st search --db "$T/none.db" oil)" = 1 ] && [ ! -e "$T/none.db" ]'

# ---- 13: caps, with a clear message and at once
W2000=$(python3 -c "print(' '.join(['oil']*2000))")
W32=$(python3 -c "print(' '.join(['oil']*32))")
X2K=$(python3 -c "print('x'*2000)")
W100=$(python3 -c "print(' '.join(['oil']*100))")
ok "13 2000 words: usage error" '[ "$(st search --db "$DB" "$W2000")" = 2 ] && grep -q "too long" "$T/err"'
ok "13 100 words: usage error" '[ "$(st search --db "$DB" "$W100")" = 2 ] && grep -q "at most 32" "$T/err"'
ok "13 32 words are searched" '[ "$(st search --db "$DB" "$W32")" = 0 ]'
ok "13 a 2 KB word: usage error" '[ "$(st search --db "$DB" "$X2K")" = 2 ] && grep -q "too long" "$T/err"'
ok "13 a 2 KB entity name: usage error" '[ "$(st entity --db "$DB" "$X2K")" = 2 ]'

# ---- 14: anything typed is searched
ok "14 U.S." '[ "$(ids U.S.)" = "U.S." ]'
REAGAN="Reagan's"; OBRIEN="O'Brien"; OBRI="o'bri"; MAEVE="Maeve O'Brien"
ok "14 Reagan's" '[ "$(ids "$REAGAN")" = "Pipeline" ]'
ok "14 O'Brien" '[ "$(ids "$OBRIEN")" = "Orvan" ]'
ok "14 AT&T" '[ "$(ids "AT&T")" = "Pipeline" ]'
ok "14 cease-fire" '[ "$(ids cease-fire)" = "U.S." ]'
ok "14 oil AND NOT gas" '[ "$(ids "oil AND NOT gas")" = "Orvan" ]'
ok "14 oil NOT gas" '[ "$(ids "oil NOT gas")" = "Orvan" ]'
ok "14 an unbalanced quote is punctuation" '[ "$(ids "\"oil field")" = "Orvan" ]'
ok "14 an unbalanced parenthesis is punctuation" '[ "$(ids "(oil field")" = "Orvan" ]'
ok "14 100% is a word" '[ "$(ids "100%")" = "Gas" ]'
ok "14 phrase honoured" '[ "$(ids "\"gas prices\"")" = "Pipeline" ]'
ok "14 OR honoured" '[ "$(ids "cease-fire OR storage")" = "Gas U.S." ]'
ok "14 groups honoured" '[ "$(ids "(cease-fire OR storage) winter")" = "Gas U.S." ]'
ok "14 prefix honoured" '[ "$(ids "pipel*")" = "Pipeline" ]'
ok "14 lower-case and is a word" '[ "$(ids "oil and gas")" = "Pipeline" ]'
ok "14 title: filter" '[ "$(ids "title:oil")" = "Orvan Pipeline" ]'
ok "14 NEAR honoured" '[ "$(ids "NEAR(oil coast, 8)")" = "Orvan" ]'
ok "14 dangling AND explained" '[ "$(st search --db "$DB" "oil AND")" = 2 ] && grep -q "AND needs a word after it" "$T/err"'
ok "14 leading NOT explained" '[ "$(st search --db "$DB" "NOT gas")" = 2 ] && grep -q "NOT needs a word before it" "$T/err"'
ok "14 empty parentheses explained" '[ "$(st search --db "$DB" "oil ()")" = 2 ] && grep -q "empty parentheses" "$T/err"'
ok "14 punctuation only finds nothing" '[ "$(st search --db "$DB" "&")" = 0 ]'

# ---- 15: bad values are usage errors, in every verb
for v in "search oil" "stories" "quotes --speaker Brien"; do
  for bad in "--since garbage" "--since 2026-02-30" "--until 2026-13-01" "--limit abc" "--limit -1" "--limit 0" "--limit 12abc"; do
    ok "15 $v $bad" '[ "$(st $v --db "$DB" $bad)" = 2 ] && grep -q "bad" "$T/err"'
  done
done
ok "15 --offset abc" '[ "$(st search --db "$DB" oil --offset abc)" = 2 ]'
for bad in 1e9 12abc -1 "" 99999999999999999999; do
  ok "15 story '$bad'" '[ "$(st story --db "$DB" "$bad")" = 2 ] && grep -q "bad id\|unknown option" "$T/err"'
  ok "15 article '$bad'" '[ "$(st article --db "$DB" "$bad")" = 2 ]'
done
ok "15 2026-02-28 is a date" '[ "$(st search --db "$DB" oil --since 2026-02-28)" = 0 ]'
ok "15 2024-02-29 is a date" '[ "$(st stories --db "$DB" --since 2024-02-29)" = 0 ]'
# one date syntax for all verbs, read alike
ok "15 search --since DD-MON-YYYY" '[ "$(ids oil --since 10-FEB-2026)" = "Pipeline" ]'
ok "15 search --until YYYY-MM is the whole month" '[ "$(ids oil --until 2026-02)" = "Orvan Pipeline" ]'
n_iso=$("$H" stories --db "$DB" --json --since 2026-02-01 | j "len(d)")
ok "15 stories --since accepts every date form alike" \
  '[ "$("$H" stories --db "$DB" --json --since 01-FEB-2026 | j "len(d)")" = "$n_iso" ] && [ "$("$H" stories --db "$DB" --json --since 2026-02 | j "len(d)")" = "$n_iso" ]'
# literal % and _
ok "15 entity % is literal" '[ "$(st entity --db "$DB" %)" = 1 ] && grep -q "no entity matches %" "$T/err"'
ok "15 entity _ is literal" '[ "$(st entity --db "$DB" _)" = 1 ]'
ok "15 entity by part still works" '[ "$("$H" entity --db "$DB" --json brien | j "d[\"name\"]")" = "$MAEVE" ]'
ok "15 quotes --speaker % is literal" '"$H" quotes --db "$DB" --speaker % | grep -q "no quotations by %"'
ok "15 quotes --speaker _ is literal" '"$H" quotes --db "$DB" --speaker _ | grep -q "no quotations by _"'
ok "15 quotes by part of a name" '[ "$("$H" quotes --db "$DB" --json --speaker "$OBRI" | j "len(d)")" = 1 ]'

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
