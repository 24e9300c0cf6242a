#!/usr/bin/env bash
# Reliability regressions for the readers and the JSON writer (issue "No
# input crashes herald or loses data", items 4, 5 and 8). Each case failed
# before its fix. Fixtures are written here; no model is needed.
set -u
H=${1:?usage: test_reliability_input.sh HERALD}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
# valid_json FILE: every line is valid UTF-8 and parses as one JSON value
valid_json() {
  python3 -c 'import json,sys
for l in open(sys.argv[1], "rb"):
    json.loads(l.decode("utf-8"))' "$1" 2>/dev/null
}
field() { python3 -c 'import json,sys
for l in open(sys.argv[1], encoding="utf-8"): print(json.loads(l).get(sys.argv[2]))' "$1" "$2"; }

# 4. \u0000 cut the text at the escape (cJSON ends strings at NUL) and an
#    invalid escape such as \uZZZZ was accepted the same way.
printf '{"text":"Escape test \\u0000 here."}\n' >"$T/nul.jsonl"
"$H" annotate --no-ner "$T/nul.jsonl" >"$T/out" 2>"$T/err"; rc=$?
ok "\\u0000: exit 0" '[ $rc -eq 0 ]'
ok "\\u0000: becomes U+FFFD, text not cut" '[ "$(field "$T/out" text)" = "Escape test � here." ]'
printf '{"text":"first good line."}\n{"text":"Bad \\uZZZZ escape."}\n{"text":"Short \\u12"}\n{"text":"last good line."}\n' >"$T/esc.jsonl"
"$H" annotate --no-ner "$T/esc.jsonl" >"$T/out" 2>"$T/err"; rc=$?
ok "invalid escape: exit 1" '[ $rc -eq 1 ]'
ok "invalid escape: line 2 named" 'grep -q "esc.jsonl:2: invalid \\\\u escape" "$T/err"'
ok "invalid escape: line 3 named" 'grep -q "esc.jsonl:3: invalid \\\\u escape" "$T/err"'
ok "invalid escape: the good lines written" '[ "$(field "$T/out" text | tr "\n" "|")" = "first good line.|last good line.|" ]'
# an escaped backslash before u is not an escape; surrogate pairs decode
printf '{"text":"Path C:\\\\u0000x and \\ud83d\\ude00 and lone \\udc00 end."}\n' >"$T/bs.jsonl"
"$H" annotate --no-ner "$T/bs.jsonl" >"$T/out" 2>"$T/err"; rc=$?
ok "escaped backslash and surrogates: exit 0" '[ $rc -eq 0 ]'
ok "escaped backslash and surrogates: decoded" '[ "$(field "$T/out" text)" = "Path C:\\u0000x and 😀 and lone � end." ]'

# 5. Trailing content after the object was silently dropped or accepted.
printf '{"text":"one"}{"text":"two"}\n{"text":"ok"} garbage\n{"text":"fine"}  \r\n' >"$T/trail.jsonl"
"$H" annotate --no-ner "$T/trail.jsonl" >"$T/out" 2>"$T/err"; rc=$?
ok "trailing content: exit 1" '[ $rc -eq 1 ]'
ok "trailing content: line 1 named" 'grep -q "trail.jsonl:1: trailing content" "$T/err"'
ok "trailing content: line 2 named" 'grep -q "trail.jsonl:2: trailing content" "$T/err"'
ok "trailing content: trailing blanks are fine" '[ "$(field "$T/out" text)" = "fine" ]'
ok "trailing content: summary counts it" 'grep -q "3 read, 1 written, 2 failed" "$T/err"'

# 8. Every byte written as JSON is valid UTF-8: a GB2312 page title (no
#    charset declared) reached the output as raw bytes; so did JSON Lines
#    metadata and pass-through members with invalid bytes.
printf '<html><head><title>\xc9\xcf\xba\xa3 news \xff</title></head><body><article><p>The minister said on Monday that the talks in Shanghai would go on for another week, officials said.</p><p>Trade officials said the plan would work.</p></article></body></html>' >"$T/gb.html"
printf '{"text":"The mayor said the bridge would reopen on Friday.","title":"Br\xfccke \xe4","author":"M\xfcller","source":"Zeit\xff","url":"http://x/\xe9","id":"a\xc3","extra":"\xc0\xaf x","n":{"k\xfe":"v"}}\n' >"$T/meta.jsonl"
"$H" annotate --no-ner "$T/gb.html" "$T/meta.jsonl" >"$T/out" 2>"$T/err"; rc=$?
ok "invalid UTF-8 metadata: exit 0" '[ $rc -eq 0 ]'
ok "invalid UTF-8 metadata: 2 records written" '[ "$(grep -c . "$T/out")" = 2 ]'
ok "invalid UTF-8 metadata: annotate output valid UTF-8 JSON" 'valid_json "$T/out"'
ok "invalid UTF-8 metadata: title kept, repaired" 'field "$T/out" title | grep -q "^Br.cke .$"'
"$H" ingest -q --no-ner --db "$T/s.db" "$T/gb.html" "$T/meta.jsonl" 2>"$T/err"; rc=$?
ok "invalid UTF-8 metadata: ingest exit 0" '[ $rc -eq 0 ]'
"$H" search --db "$T/s.db" --json officials >"$T/q1" 2>&1
"$H" search --db "$T/s.db" --json bridge >"$T/q2" 2>&1
"$H" stories --db "$T/s.db" --json >"$T/q3" 2>&1
"$H" story --db "$T/s.db" --json 1 >"$T/q4" 2>&1
"$H" story --db "$T/s.db" --json 2 >"$T/q5" 2>&1
ok "invalid UTF-8 metadata: search finds both" 'grep -q . "$T/q1" && grep -q . "$T/q2"'
for q in q1 q2 q3 q4 q5; do
  ok "invalid UTF-8 metadata: $q output valid UTF-8 JSON" 'valid_json "$T/$q"'
done

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
