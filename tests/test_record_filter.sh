#!/usr/bin/env bash
# The learned record filter of the attribution stage (src/attrib/record_filter.c,
# models/record-filter-en.txt), on invented text: records whose cue is an act,
# not a report ("refused to approve", "declined to extend") or a headline label
# line are made by the stage and dropped by the filter; clear reports ("said
# that", "added that") are kept; without the model file (or with
# HERALD_RECORD_FILTER=off) the stage keeps every record; a malformed model file
# is refused with a message and filters nothing.
# When ../shared/data is present, retraining with the README's command gives
# the committed model byte for byte (as tests/test_models_reproduce.sh does
# for every model). Needs models/ner-en.bin and models/attrib-en.bin (77 if not).
set -u
H=${1:?usage: test_record_filter.sh HERALD}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HABS=$(cd "$(dirname "$H")" && pwd)/$(basename "$H")
cd "$ROOT" || exit 1
[ -f models/ner-en.bin ] && [ -f models/attrib-en.bin ] && [ -f models/record-filter-en.txt ] || exit 77
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }

cat >"$T/a.jsonl" <<'EOF'
{"id":"fx1","text":"Harbour Master Olena Brisk said on Monday that the new ferry terminal would open in the spring. The council refused to approve the budget for the pier repairs."}
{"id":"fx2","text":"Marrowfield Council: New Ferry Terminal Opens\nThe council declined to extend the night service on the eastern line. Its chair added that the timetable would be reviewed."}
EOF
# one line per record: article id, cue text
cues() { python3 -c '
import json, sys
for l in sys.stdin:
    d = json.loads(l); t = d["text"].encode()
    for q in d["quotes"]:
        c = q.get("cue")
        print(d["id"], t[c[0]:c[1]].decode() if c else "-", q["confidence"])
'; }

"$HABS" annotate -q "$T/a.jsonl" | cues >"$T/with"
mkdir "$T/m"
for f in models/*; do [ "$(basename "$f")" = record-filter-en.txt ] || ln -s "$ROOT/$f" "$T/m/"; done
HERALD_MODEL_DIR="$T/m" "$HABS" annotate -q "$T/a.jsonl" | cues >"$T/without"

HERALD_RECORD_FILTER=off "$HABS" annotate -q "$T/a.jsonl" | cues >"$T/off"
ok "HERALD_RECORD_FILTER=off is the stage without the model" 'cmp -s "$T/off" "$T/without"'
ok "without the filter the stage makes the refusal record" 'grep -q "^fx1 refused " "$T/without"'
ok "without the filter the stage makes the declining record" 'grep -q "^fx2 declined " "$T/without"'
ok "without the filter the stage makes the headline record" 'grep -q "^fx2 : " "$T/without"'
ok "the filter drops the refusal" '! grep -q "^fx1 refused " "$T/with"'
ok "the filter drops the declining" '! grep -q "^fx2 declined " "$T/with"'
ok "the filter drops the headline label line" '! grep -q "^fx2 : " "$T/with"'
ok "the filter keeps a clear report (said that)" 'grep -q "^fx1 said " "$T/with"'
ok "the filter keeps a clear report (added that)" 'grep -q "^fx2 added " "$T/with"'
ok "a kept record has a confidence in [0, 1]" 'awk "{ if (\$NF < 0 || \$NF > 1) bad = 1 } END { exit bad }" "$T/with"'

printf 'herald-record-filter 1\nthreshold\tnot-a-number\n' >"$T/m/record-filter-en.txt"
HERALD_MODEL_DIR="$T/m" "$HABS" annotate -q "$T/a.jsonl" 2>"$T/err" | cues >"$T/bad"
ok "a malformed model is named on stderr" 'grep -q "not a record filter model" "$T/err"'
ok "a malformed model filters nothing" 'cmp -s "$T/bad" "$T/without"'

if [ -z "${HERALD_SANITIZED:-}" ] && [ -d "$ROOT/../shared/data/clustering" ]; then
  line=$(awk '/^## Models/{m=1; next} /^## /{m=0} m && /^herald train record-filter /' README.md)
  ok "README names the retraining command" '[ -n "$line" ]'
  if [ -n "$line" ]; then
    cmd=${line/ -o models\/record-filter-en.txt/ -o $T/rf.txt}
    bash -c "$HABS ${cmd#herald }" >"$T/log" 2>&1
    ok "retraining reproduces models/record-filter-en.txt" 'cmp -s "$T/rf.txt" models/record-filter-en.txt'
  fi
else
  echo "note: ../shared/data absent (or sanitizer build): retraining not checked"
fi
echo "$pass passed, $fail failed"
[ $fail = 0 ]
