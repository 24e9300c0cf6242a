#!/usr/bin/env bash
# The attribution model at load time: an explicit --attrib-model that
# cannot be loaded (missing, or not a model) stops annotate with a clear
# error; a missing default model (HERALD_MODEL_DIR holding only the NER
# model) gives a warning and rule-based quotes; --rules-only-quotes and
# the committed model both give quotes. Needs models/ner-en.bin (77 if not).
set -u
H=${1:?usage: test_attrib_model.sh HERALD}
[ -f models/ner-en.bin ] || exit 77
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1" >&2; fi; }
printf '{"text":"The spokesman said the plan would fail."}\n' >"$T/a.jsonl"

"$H" annotate -q --attrib-model "$T/none.bin" "$T/a.jsonl" >"$T/out" 2>"$T/err"; rc=$?
ok "missing explicit model fails" '[ $rc -ne 0 ]'
ok "missing explicit model named" 'grep -q "attribution model" "$T/err"'

printf 'not a model at all, just some bytes that are long enough to pass the size check\n' >"$T/bad.bin"
"$H" annotate -q --attrib-model "$T/bad.bin" "$T/a.jsonl" >"$T/out" 2>"$T/err"; rc=$?
ok "corrupt model fails" '[ $rc -ne 0 ]'
ok "corrupt model explained" 'grep -q "not a herald attribution model" "$T/err"'

mkdir "$T/m" && cp models/ner-en.bin "$T/m/"
HERALD_MODEL_DIR="$T/m" "$H" annotate -q "$T/a.jsonl" >"$T/out" 2>"$T/err"; rc=$?
ok "missing default model: still runs" '[ $rc -eq 0 ]'
ok "missing default model: warning" 'grep -q "rules only" "$T/err"'
ok "missing default model: rule quotes" 'grep -q "\"quotes\":\[{" "$T/out"'

"$H" annotate -q --rules-only-quotes "$T/a.jsonl" >"$T/out" 2>"$T/err"
ok "rules only: quotes" 'grep -q "\"quotes\":\[{" "$T/out"'
if [ -f models/attrib-en.bin ]; then
  "$H" annotate -q --attrib-model models/attrib-en.bin "$T/a.jsonl" >"$T/out" 2>"$T/err"; rc=$?
  ok "committed model loads" '[ $rc -eq 0 ] && ! grep -q . "$T/err"'
  ok "committed model: quotes" 'grep -q "\"quotes\":\[{" "$T/out"'
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
