#!/usr/bin/env bash
# test_pathological_linear.sh HERALD: the worst-case inputs of
# tests/pathological/gen.sh, each at size n and 4n: the CPU time (user +
# sys, best of two runs) must grow about linearly. Linear growth gives a
# ratio near 4, quadratic near 16; the bound (8, after a floor that absorbs
# start-up and timer noise) is generous so a loaded machine does not fail
# it, and still catches a quadratic stage. Time limits alone (the other
# pathological test) cannot tell the two apart.
set -u
H=${1:?usage: test_pathological_linear.sh HERALD}
command -v python3 >/dev/null || { echo "skip: python3 missing"; exit 77; }
[ -x /usr/bin/time ] || { echo "skip: /usr/bin/time missing"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0

gen() { # kind n file
  python3 - "$1" "$2" "$3" <<'PY'
import sys
kind, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if kind == "no_sentence_end": s = "Alpha Beta said " * n
elif kind == "quotes": s = "He said " + "\u201c \" \u2018 x" * n + "\n"
elif kind == "brackets": s = "Start " + "(" * n + " middle " + ")" * n + "\n"
elif kind == "abbrevs": s = "Rep. J. K. U.S. " * n
elif kind == "placeholders": s = "{ad} Text {mosaic} more [[ad]] text. " * n
elif kind == "names": s = "Mayor Ida Brun met Tom Walsh and \"said\" Walsh. " * n
elif kind == "deep_html": s = "<html><body>" + "<div>" * n + "<p>Deep text here.</p></body></html>\n"
open(path, "w", encoding="utf-8").write(s)
PY
}

cpu() { # file -> best CPU seconds of two runs
  local best=999 t
  for _ in 1 2; do
    /usr/bin/time -o "$T/time" -f "%U %S" "$H" annotate -q --max-bytes 200000000 "$1" >/dev/null 2>&1
    t=$(tail -1 "$T/time" | awk '{print $1 + $2}')
    best=$(python3 -c "print(min($best, $t))")
  done
  echo "$best"
}

for spec in no_sentence_end:60000 quotes:20000 brackets:200000 abbrevs:40000 placeholders:20000 names:20000 deep_html:20000; do
  kind=${spec%%:*} n=${spec#*:}
  gen "$kind" "$n" "$T/small"
  gen "$kind" $((4 * n)) "$T/large"
  a=$(cpu "$T/small") b=$(cpu "$T/large")
  verdict=$(python3 -c "
a, b = max($a, 0.05), $b   # a floor: start-up and timer resolution
print('ok' if b / a <= 8 else 'slow')")
  echo "$kind: n=$n ${a}s, 4n ${b}s, ratio $(python3 -c "print(round($b / max($a, 0.05), 1))")"
  if [ "$verdict" = ok ]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $kind grows faster than linearly" >&2; fi
done
echo "$pass passed, $fail failed"
[ $fail = 0 ]
