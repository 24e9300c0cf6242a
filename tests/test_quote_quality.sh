#!/usr/bin/env bash
# Quality of cues, contents and sources a reader sees (issue 9), on
# hand-written articles with the committed models:
# - a source covers the whole name: a hyphenated one ("Q-Wave"), without
#   a trailing time word ("Q-Wave today said" -> "Q-Wave");
# - a relative pronoun is never a source ("an audit, which says ...":
#   the audit);
# - an adverbial clause is no content ("The Owls answered, as ...");
# - a cue that is no verb of saying reports no content set apart from it
#   by its own object ("sentenced the former treasurer to six years, the
#   harshest term ...");
# - a belief verb under a modal with a plain object is a forecast, not a
#   belief ("Households can expect higher bills");
# - a relative clause set off by a comma does not make a plain object a
#   statement ("noted the role of the late Sen. X, who backed ...");
# - an unquoted statement with no source is no record ("No single blow
#   appeared to cause serious damage").
set -u
H=${1:?usage: test_quote_quality.sh HERALD}
[ -f models/ner-en.bin ] && [ -f models/attrib-en.bin ] || { echo "skip: models missing"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { if [ "$2" = "$3" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1: got '$2', want '$3'" >&2; fi; }
cat > "$tmp/a.jsonl" <<'J'
{"id":"carrier","text":"Phone bills fell again in the spring. Q-Wave today said it would cut prices for families by ten percent."}
{"id":"sport","text":"The Hawks scored three runs in the eighth. The Owls answered, as Marlow hit a home run to left field."}
{"id":"court","text":"A judge on Friday sentenced the former treasurer to six years, the harshest term allowed under the law."}
{"id":"bills","text":"Heating oil rose again this month. Households can expect higher bills for heating this winter, as supplies are tight."}
{"id":"role","text":"Governor Ada Hale noted the role of the late Sen. Tom Avery, who backed the first version of the bill."}
{"id":"blow","text":"The boxer was taken to hospital after the fight. No single blow appeared to cause serious damage, but he was kept overnight."}
{"id":"memo","text":"The agency spent twice its budget, according to an audit, which says the money went to consultants."}
J
"$H" annotate -q "$tmp/a.jsonl" > "$tmp/out" 2>/dev/null || { echo "FAIL: annotate"; exit 1; }
py() { python3 "$(dirname "$0")/lib/quote_query.py" "$tmp/out" "$@"; }
ok "a hyphenated name is the whole source, no time word" "$(py source_of carrier said)" "Q-Wave"
ok "a relative pronoun is no source: its antecedent is" "$(py source_of memo says)" "an audit"
ok "an adverbial clause is no content" "$(py cues sport)" ""
ok "an act with its own object reports no content" "$(py cues court)" ""
ok "a belief verb under a modal with a plain object is no belief" "$(py cues bills)" ""
ok "a relative clause is no statement" "$(py cues role)" ""
ok "no source, no unquoted statement" "$(py cues blow)" ""
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
