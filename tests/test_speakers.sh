#!/usr/bin/env bash
# Speakers people can trust (issue 9): on hand-written articles, with the
# committed models: a Jr. is his own speaker, never an alias of his father;
# a date is never a source ("Comey in June sharply criticized"); a role
# description with a party modifier ("the Republican lawmaker") is the
# person the sentence before named; a bare surname whose mention NER missed
# goes to the person of that surname the article names.
set -u
H=${1:?usage: test_speakers.sh HERALD}
[ -f models/ner-en.bin ] && [ -f models/attrib-en.bin ] || { echo "skip: models missing"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok() { if [ "$2" = "$3" ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1: got '$2', want '$3'" >&2; fi; }
cat > "$tmp/a.jsonl" <<'J'
{"id":"jr","text":"Donald Trump spoke in Ohio on Monday. His son, Donald Trump Jr., said the campaign was strong. Trump said the polls were wrong."}
{"id":"june","text":"FBI Director James Comey faced questions from senators. Comey in June sharply criticized Clinton's use of a private email server, calling it extremely careless."}
{"id":"role","text":"Rep. Tom Harris criticized the bill on Tuesday. The Republican lawmaker told Fox News that the plan would fail."}
J
"$H" annotate -q "$tmp/a.jsonl" > "$tmp/out" 2>/dev/null || { echo "FAIL: annotate"; exit 1; }
py() { python3 - "$tmp/out" "$@" <<'P'
import json, sys
arts = {d["id"]: d for d in map(json.loads, open(sys.argv[1]))}
what, aid = sys.argv[2], sys.argv[3]
d = arts[aid]; t = d["text"].encode()
span = lambda s: t[s[0]:s[1]].decode() if s else ""
if what == "speakers":   # speaker of each quote, by content start
    print(" ".join(str(q["speaker"]) for q in sorted(d["quotes"], key=lambda q: q["content"][0])))
elif what == "sources":
    print("|".join(span(q.get("source")) for q in d["quotes"]))
elif what == "aliases":
    print("|".join(a for i in d["identities"] if i["id"] == sys.argv[4] for a in i["aliases"]))
elif what == "speaker_of":  # speaker of the quote whose cue is argv[4]
    print(" ".join(str(q["speaker"]) for q in d["quotes"] if span(q.get("cue")) == sys.argv[4]))
P
}
ok "Jr. speaks for himself, the father for himself" "$(py speakers jr)" "per:trump_donald_jr per:trump_donald"
case "$(py aliases jr per:trump_donald)" in *Jr*) fail=$((fail+1)); echo "FAIL: Donald Trump Jr. is an alias of Donald Trump" >&2;; *) pass=$((pass+1));; esac
case "$(py sources june)" in *June*) fail=$((fail+1)); echo "FAIL: a date became a source" >&2;; *) pass=$((pass+1));; esac
ok "the Republican lawmaker is the person named before" "$(py speaker_of role told)" "per:haris_tom"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
