#!/usr/bin/env bash
# test_models_reproduce.sh HERALD: retraining the committed models with the
# README's own commands (its "Models" section, the lines that start with
# `herald train`) gives the committed files byte for byte. The output path
# after -o is redirected to a temporary directory; everything else is run
# as written, from the repository root. Skips (77) when ../shared/data is
# absent. Runs the NER, attribution, story-model and first-name gender
# trainers (about 45 s of CPU in all, Release build). Skipped in the sanitizer suite (make asan sets
# HERALD_SANITIZED): there the two trainings take over 5 minutes, and the
# trainers' smoke tests (test_trainers.sh, test_eval_quotes.sh) already run
# under ASan.
set -u
H=${1:?usage: test_models_reproduce.sh HERALD}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HABS=$(cd "$(dirname "$H")" && pwd)/$(basename "$H")
[ -z "${HERALD_SANITIZED:-}" ] || { echo "skip: the byte comparison runs in the Release suite"; exit 77; }
[ -d "$ROOT/../shared/data/conll2003" ] && [ -d "$ROOT/../shared/data/polnear" ] && [ -d "$ROOT/../shared/data/reuters21578" ] &&
  [ -d "$ROOT/../shared/data/clustering" ] || { echo "skip: ../shared/data absent"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
# the commands: lines of the Models section's code block starting with "herald train"
awk '/^## Models/{m=1; next} /^## /{m=0} m && /^herald train /' "$ROOT/README.md" >"$T/commands"
n=$(wc -l <"$T/commands")
if [ "$n" -lt 2 ]; then echo "FAIL: README's Models section lists $n herald train commands, want 2 (ner, quotes)" >&2; echo "0 passed, 1 failed"; exit 1; fi
while read -r line; do
  model=$(sed -n 's/.* -o \(models\/[^ ]*\).*/\1/p' <<<"$line")
  if [ -z "$model" ] || [ ! -f "$ROOT/$model" ]; then fail=$((fail+1)); echo "FAIL: no committed model after -o in: $line" >&2; continue; fi
  out="$T/$(basename "$model")"
  cmd=${line/ -o $model/ -o $out}
  cmd="$HABS ${cmd#herald }"
  # models already retrained by an earlier line are read from the temporary directory
  (cd "$ROOT" && HERALD_MODEL_DIR="$T" bash -c "$cmd" >"$T/log" 2>&1); rc=$?
  if [ $rc = 0 ] && cmp -s "$out" "$ROOT/$model"; then pass=$((pass+1))
  else fail=$((fail+1)); echo "FAIL: $line: exit $rc, $(cmp "$out" "$ROOT/$model" 2>&1 | head -1)" >&2; tail -3 "$T/log" >&2; fi
done <"$T/commands"
echo "$pass passed, $fail failed"
[ $fail = 0 ]
