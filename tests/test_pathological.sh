#!/usr/bin/env bash
# Pathological inputs (tests/pathological/gen.sh) must finish in time
# that only a linear algorithm reaches, and produce one well-formed record
# each (or one clear error). The bound is generous (60 s for 100 MB):
# it catches quadratic blow-ups, not slowness.
set -u
H=${1:?usage: test_pathological.sh HERALD}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
bash "$(dirname "$0")/pathological/gen.sh" "$T"
pass=0; fail=0
for f in "$T"/*; do
  name=$(basename "$f")
  timeout 60 "$H" annotate --max-bytes 200000000 "$f" >"$T/out.json" 2>"$T/err"
  rc=$?
  if [ $rc -eq 124 ]; then echo "FAIL: $name timed out" >&2; fail=$((fail+1)); continue; fi
  if [ $rc -gt 1 ]; then echo "FAIL: $name exit $rc: $(head -c 300 "$T/err")" >&2; fail=$((fail+1)); continue; fi
  n=$(grep -c . "$T/out.json" || true)
  if [ "$n" = 1 ] || { [ "$n" = 0 ] && grep -q "$name" "$T/err"; }; then pass=$((pass+1))
  else echo "FAIL: $name: $n records, stderr: $(head -c 300 "$T/err")" >&2; fail=$((fail+1)); fi
  rm -f "$T/out.json"
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
