#!/usr/bin/env bash
# Pages as the web writes them: metadata (JSON-LD dates and authors,
# <time>, URL dates, datelines, bylines that are never URLs, outlet,
# language) and `herald eval extract` on fixture pages with ground truth
# in both formats. Fixtures: tests/fixtures/extract (written for herald).
set -u
H=${1:?usage: test_extract.sh HERALD}
F=tests/fixtures/extract
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
meta() { "$H" annotate --no-ner --no-quotes "$F/$1" 2>/dev/null | python3 -c 'import json,sys
d=json.loads(sys.stdin.read())
print("|".join(str(d.get(k)) for k in ("byline","outlet","date","date_source","language")))
print(d["text"].replace("\n\n"," / "))'; }

out=$(meta jsonld.html)
ok "json-ld: authors, publisher, date, language" '[ "$(head -1 <<<"$out")" = "Anna Berg, Tom Li|Nordic Wire|2025-11-03T08:15:00+01:00|json-ld|sv" ]'
ok "json-ld: facebook URL is no byline" '! grep -q facebook <<<"$out"'
out=$(meta timeonly.html)
ok "time: datetime, author URL becomes a name, host as outlet" '[ "$(head -1 <<<"$out")" = "Jane Doe|example.com|2024-02-29T14:30:00Z|time|en" ]'
out=$(meta urldate.html)
ok "url date; a URL-only author gives no byline" '[ "$(head -1 <<<"$out")" = "None|news.example.net|2023-07-14|url|None" ]'
out=$(meta dateline.html)
ok "german dateline and byline" '[ "$(head -1 <<<"$out")" = "Maria Schmidt|None|2021-03-15T10:42:00|dateline|de" ]'
date_of() { "$H" annotate --no-ner --no-quotes "$F/$1" 2>/dev/null | python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); print(d.get("date"), d.get("date_source"))'; }
ok "a date-only line after the h1, not the sidebar's" '[ "$(date_of textdate.html)" = "2014-01-22 text" ]'
ok "DD.MM.YY only when it stands alone" '[ "$(date_of shortyear.html)" = "2023-10-31 text" ]'
ok "RDFa schema:dateCreated before og:updated_time" '[ "$(date_of rdfa.html)" = "2020-04-21T14:40:07+00:00 time" ]'
ok "hAtom: empty class=updated with title" '[ "$(date_of hatom.html)" = "2013-04-04T18:52:11+00:00 time" ]'
ok "og:updated_time as the last resort; a nonsense date is none" '[ "$(date_of modified.html)" = "2022-01-28T11:05:37+01:00 modified" ]'
ok "a date in a <link rel=alternate> path" '[ "$(date_of altlink.html)" = "2014-05-18 url" ]'
ok "<time datetime> as DD-MM-YYYY" '[ "$(date_of timedmy.html)" = "2023-11-01T10:29:00 time" ]'
ok "dateline: body text" 'grep -q "^Die neue Brücke über den Fluss ist am Montag" <<<"$(tail -1 <<<"$out")"'

# extraction: bodies written as <br> lines, pages inside an ASP.NET form,
# short posts under long comment threads, related-post articles, tables
text() { "$H" annotate --no-ner --no-quotes "$F/$1" 2>/dev/null | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["text"])'; }
out=$(text br.html)
ok "br body read" 'grep -q "^The snow came early this year" <<<"$out" && grep -q "^Nobody believes it, but everybody has an opinion on where it should go.$" <<<"$out"'
ok "br: <br><br> is a paragraph break" 'grep -q "safely.$" <<<"$out" && [ "$(grep -c "^$" <<<"$out")" = 1 ]'
ok "br: menu and sidebar left out" '! grep -q "Home\|Popular\|lake" <<<"$out"'
out=$(text aspnet.html)
ok "asp.net form read" '[ "$(grep -c "council\|pier\|library" <<<"$out")" = 3 ]'
ok "asp.net: nav and footer left out" '! grep -q "Start\|Copyright" <<<"$out"'
out=$(text comments.html)
ok "short post beats its comment thread" '[ "$out" = "From next Saturday, the weekly market moves from the car park to the town square, the organisers said." ]'
# pages that do not open with a tag the sniffer knew: read as HTML, never as text
out=$(text bom.html)
ok "UTF-8 BOM: read as HTML" '[ "$out" = "Eine Seite, die mit einer Byte-Reihenfolge-Markierung beginnt, ist trotzdem eine HTML-Seite und kein Text." ]'
out=$(text xhtml.html)
ok "XML declaration first: read as HTML" '[ "$out" = "A page that opens with an XML declaration is still read as HTML, its markup never printed as text." ]'
out=$(text phpwarning.html)
ok "a PHP warning before the document: read as HTML" 'grep -q "^A server warning printed before the document" <<<"$out" && ! grep -q "<" <<<"$out"'
out=$(text nul.html)
ok "NUL bytes in a page do not end it" 'grep -q "^The second paragraph, after the NUL bytes" <<<"$out"'
out=$(text ruby.html)
ok "ruby: the base text, not the reading" '[ "$out" = "児童相談所が子どもを守ることができなくて、事件が続いています。" ]'
out=$(text related.html)
ok "related articles left out" 'grep -q "^Engineers replaced two of the arches" <<<"$out" && ! grep -q "flood defences\|ferry\|Read more\|rights" <<<"$out"'
out=$(text table.html)
ok "layout table: body read, nav cell left out" 'grep -q "^This year.s village fete raised more money" <<<"$out" && grep -q "church roof" <<<"$out" && ! grep -q "^Home\|Links" <<<"$out"'
ok "table inside the article kept" 'grep -q "412 pounds" <<<"$out"'

# eval extract: both ground-truth formats
cat >"$T/gt.json" <<'JSON'
{"jsonld": {"articleBody": "The ferry strike that stranded thousands of travellers ended on Monday after the union accepted a new offer.\n\nCrossings will resume on Tuesday morning, the operator said in a statement."},
 "timeonly": {"articleBody": "A couple who met on a leap day married on one, eight years later, in the town hall on Thursday. Their guests were asked to bring a gift that comes once every four years. A sentence that the page does not hold at all lowers recall."}}
JSON
cat >"$T/snip.json" <<'JSON'
{"urldate": {"with": ["Fire crews contained a grass fire   near the ring road", "A sentence the page does not hold."],
             "without": ["Fire crews contain blaze", "the road was closed for two hours"]},
 "missing-page": {"with": ["anything"], "without": []}}
JSON
out=$("$H" eval extract --json "$T/gt.json" "$F")
ok "shingle: identical page and precision 1" 'python3 -c "import json,sys; d=json.loads(sys.argv[1])[\"shingle\"]; assert d[\"pages\"]==2 and d[\"identical\"]==0.5 and d[\"precision\"]==1 and 0.5<d[\"recall\"]<1, d" "$out"'
out=$("$H" eval extract --json "$T/snip.json" "$F")
ok "snippet: counts" 'python3 -c "import json,sys; d=json.loads(sys.argv[1]); s=d[\"snippet\"]; assert (s[\"tp\"],s[\"fn\"],s[\"fp\"],s[\"tn\"])==(1,2,1,1) and d[\"missing\"]==1, d" "$out"'
"$H" eval extract "$T/snip.json" "$F" --pred "$T/pred.json" >/dev/null
ok "predictions written" 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"urldate\"].startswith(\"Fire crews contained\") and d[\"missing-page\"]==\"\"" "$T/pred.json"'
"$H" eval extract "$T/nope.json" "$F" >/dev/null 2>&1; rc=$?
ok "missing ground truth is a usage error" '[ $rc = 2 ]'

# the block classifier's model file is untrusted input: a malformed one is
# named and extraction goes on by the heuristics alone
plain=$(HERALD_EXTRACT_MODEL=none "$H" annotate --no-ner --no-quotes "$F/related.html" 2>/dev/null)
printf 'herald-extract-model 1\n0.5 b\nnan p=1\n' >"$T/bad.model"
got=$(HERALD_EXTRACT_MODEL="$T/bad.model" "$H" annotate --no-ner --no-quotes "$F/related.html" 2>"$T/err"); rc=$?
ok "malformed model: named, heuristics used" '[ $rc = 0 ] && grep -q "bad.model:3: malformed model line" "$T/err" && [ "$got" = "$plain" ]'
printf 'not a model\n' >"$T/bad2.model"
HERALD_EXTRACT_MODEL="$T/bad2.model" "$H" annotate --no-ner --no-quotes "$F/related.html" >/dev/null 2>"$T/err"; rc=$?
ok "foreign file as model: refused" '[ $rc = 0 ] && grep -q "not a herald extraction model" "$T/err"'
head -c 300 /dev/urandom | tr -d '\n' >"$T/bad3.model"
HERALD_EXTRACT_MODEL="$T/bad3.model" "$H" annotate --no-ner --no-quotes "$F/related.html" >/dev/null 2>"$T/err"; rc=$?
ok "binary model: refused" '[ $rc = 0 ] && grep -q "bad3.model" "$T/err"'

# train extract: deterministic, and the model it writes loads
cat >"$T/train.json" <<'JSON'
{"related": {"with": ["Engineers replaced two of the arches"], "without": ["Read more"]},
 "comments": {"with": ["the weekly market moves from the car park"], "without": ["About time, the car park was always flooded"]},
 "table": {"with": ["raised more money than ever before"], "without": ["Links"]}}
JSON
"$H" train extract "$T/train.json" "$F" --split all --min-pages 1 -o "$T/m1" 2>/dev/null
"$H" train extract "$T/train.json" "$F" --split all --min-pages 1 -o "$T/m2" 2>/dev/null
ok "train extract: a model, the same twice" '[ "$(head -1 "$T/m1")" = "herald-extract-model 1" ] && [ "$(wc -l <"$T/m1")" -gt 10 ] && cmp -s "$T/m1" "$T/m2"'
out=$(HERALD_EXTRACT_MODEL="$T/m1" "$H" eval extract --json "$T/train.json" "$F" 2>"$T/err")
ok "trained model loads and scores its pages" '! [ -s "$T/err" ] && python3 -c "import json,sys; d=json.loads(sys.argv[1])[\"snippet\"]; assert d[\"tp\"]==3, d" "$out"'
out=$("$H" eval extract --json --split dev "$T/train.json" "$F"); n1=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['pages'])" "$out")
out=$("$H" eval extract --json --split train "$T/train.json" "$F"); n0=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['pages'])" "$out")
ok "eval --split: the halves add up" '[ $((n0 + n1)) = 3 ]'

# the development set, when present: the scorer agrees with its own script
D=../shared/data/extraction
if [ -f "$D/trafilatura-eval/ground-truth.json" ] && [ -f "$D/score_snippets.py" ]; then
  "$H" eval extract --json "$D/trafilatura-eval/ground-truth.json" "$D/trafilatura-eval/html" --pred "$T/dev.json" >"$T/ours"
  python3 "$D/score_snippets.py" "$D/trafilatura-eval/ground-truth.json" "$T/dev.json" >"$T/theirs"
  ok "snippet scorer agrees with score_snippets.py" 'python3 -c "import json,sys; a=json.load(open(sys.argv[1]))[\"snippet\"]; b=json.load(open(sys.argv[2])); assert all(a[k]==b[k] for k in (\"tp\",\"fp\",\"fn\",\"tn\")), (a,b)" "$T/ours" "$T/theirs"'
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
