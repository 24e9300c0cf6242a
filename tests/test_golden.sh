#!/usr/bin/env bash
# test_golden.sh HERALD: each tests/golden/NAME.txt goes through
# `herald annotate --no-ner --no-quotes`; the clean stage's fields (title,
# section, kind, byline, outlet, text, removed) must equal
# tests/golden/NAME.json. Adding a regression case = adding a file pair.
# UPDATE=1 bash tests/test_golden.sh HERALD rewrites the .json files (check
# the diff by eye before committing). Needs python3 (else skipped, 77).
set -u
H=${1:?usage: test_golden.sh HERALD}
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
DIR=$(dirname "$0")/golden
FILTER='
import json, sys
d = json.loads(sys.stdin.readline())
keep = {k: d[k] for k in ("title", "section", "kind", "byline", "outlet", "text", "removed")}
print(json.dumps(keep, indent=1, ensure_ascii=False, sort_keys=True))'
pass=0; fail=0
for in in "$DIR"/*.txt; do
  exp=${in%.txt}.json
  got=$("$H" annotate --no-ner --no-quotes -q "$in" | python3 -c "$FILTER")
  if [ "${UPDATE:-0}" = 1 ]; then printf '%s\n' "$got" >"$exp"; echo "wrote $exp"; continue; fi
  if [ ! -f "$exp" ]; then echo "FAIL: $exp missing (run with UPDATE=1)" >&2; fail=$((fail+1)); continue; fi
  if [ "$got" = "$(cat "$exp")" ]; then pass=$((pass+1))
  else
    echo "FAIL: $(basename "$in")" >&2
    diff <(printf '%s\n' "$got") "$exp" | head -40 >&2
    fail=$((fail+1))
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
