#!/usr/bin/env bash
# The per-article pipeline under valgrind's memcheck: no invalid access,
# no use of uninitialised memory, no leak. Skipped (77) without valgrind
# and in the sanitizer build (the two do not mix).
set -u
H=${1:?usage: test_valgrind.sh HERALD}
command -v valgrind >/dev/null || { echo "valgrind not installed: skipped"; exit 77; }
[ -n "${HERALD_SANITIZED:-}" ] && { echo "sanitizer build: skipped"; exit 77; }
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"
pass=0; fail=0
inputs=$(ls tests/golden/*.txt tests/fixtures/html/*.html tests/fixtures/html/*.warc.gz corpus/* 2>/dev/null | head -40)
for f in $inputs; do
  $VG "$H" annotate -q --tokens "$f" >/dev/null 2>"${TMPDIR:-/tmp}/vg.$$"
  rc=$?
  if [ $rc -eq 99 ] || grep -q "==[0-9]*==" "${TMPDIR:-/tmp}/vg.$$"; then
    echo "FAIL: $f"; head -30 "${TMPDIR:-/tmp}/vg.$$"; fail=$((fail+1))
  else pass=$((pass+1)); fi
done
rm -f "${TMPDIR:-/tmp}/vg.$$"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
