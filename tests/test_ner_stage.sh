#!/usr/bin/env bash
# test_ner_stage.sh HERALD: the tag stage's own rules on text written here,
# with the committed model: "The" that opens an organisation's name stays
# outside the mention however the outlet writes it; words glued together
# by extraction ("ChaffetzGov.") give the name without the glued word; a
# heading in capitals run into a paragraph stays out of the next name.
set -u
H=${1:?usage: test_ner_stage.sh HERALD}
command -v python3 >/dev/null || { echo "python3 absent: skipped"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cat >"$T/a.txt" <<'TXT'
Trump said on Monday that The New York Times and The Washington Post had treated him unfairly.

The Washington Post reported that Rep. Jason ChaffetzGov. Gary Herbert had met in Salt Lake City.

Editors of the New York Times declined to comment.
TXT
"$H" annotate -q --no-quotes "$T/a.txt" | python3 -c '
import json, sys
d = json.loads(sys.stdin.readline())
for m in d.get("entities", []):
    print("%s\t%s" % (m["type"], m["text"]))' >"$T/ents" || { echo "FAIL: annotate" >&2; echo "0 passed, 1 failed"; exit 1; }
pass=0; fail=0
ok() { if "$@"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $*" >&2; cat "$T/ents" >&2; fi; }
ok grep -qxF "ORG	New York Times" "$T/ents"
ok grep -qxF "ORG	Washington Post" "$T/ents"
ok test "$(grep -c "^ORG	The " "$T/ents")" = 0
ok grep -qxF "PER	Jason Chaffetz" "$T/ents"
ok test "$(grep -c "ChaffetzGov" "$T/ents")" = 0
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
