#!/usr/bin/env bash
# `herald eval ner --standoff`: (1) on a fixture written here, the tagger's
# own entities (--predicted) scored as gold give F1 100, one entity removed
# from that gold lowers recall, a wrong byte count fails the document;
# (2) the committed modern dev set (tests/data/ner-polnear-dev.tsv) holds no
# text (four fields per entity line) and scores on ../shared's PolNeAR
# texts (skipped when they are absent).
set -u
H=${1:?usage: test_ner_standoff.sh HERALD}
pass=0 fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir "$t/text"
printf 'John Smith met Angela Merkel in Berlin on Monday.\nSmith said the European Union and Siemens would help.\n' >"$t/text/a.txt"
printf 'No names here at all.\n' >"$t/text/b.txt"
{ echo "#doc a.txt $(wc -c <"$t/text/a.txt")"; echo "#doc b.txt $(wc -c <"$t/text/b.txt")"; } >"$t/docs.tsv"
"$H" eval ner --standoff "$t/docs.tsv" "$t/text" --predicted >"$t/pred.tsv" && ok || ko "--predicted failed"
n=$(grep -vc '^#' "$t/pred.tsv")
[ "$n" -ge 3 ] && ok || ko "expected at least 3 predicted entities, got $n"
"$H" eval ner --standoff "$t/pred.tsv" "$t/text" | grep -q '^all  *100.00  *100.00  *100.00' && ok || ko "own predictions as gold: F1 should be 100"
grep -v '^#' "$t/pred.tsv" | head -1 >"$t/first"
grep -vxF -f "$t/first" "$t/pred.tsv" >"$t/less.tsv"
out=$("$H" eval ner --standoff "$t/less.tsv" "$t/text")
echo "$out" | grep -q '^all  *100.00 ' && ko "gold missing one entity: precision should drop" || ok
sed 's/^#doc a.txt .*/#doc a.txt 3/' "$t/pred.tsv" >"$t/bytes.tsv"
"$H" eval ner --standoff "$t/bytes.tsv" "$t/text" >/dev/null 2>"$t/err"; rc=$?
[ $rc -eq 1 ] && grep -q 'another version' "$t/err" && ok || ko "wrong byte count: exit $rc"
printf 'a.txt\t5\t2\tPER\n' >"$t/badline.tsv"
"$H" eval ner --standoff "$t/badline.tsv" "$t/text" >/dev/null 2>"$t/err"; rc=$?
[ $rc -eq 1 ] && grep -q 'badline.tsv:1' "$t/err" && ok || ko "bad line not named: exit $rc"

S=$(dirname "$0")/data/ner-polnear-dev.tsv
bad=$(grep -v '^#' "$S" | awk -F'\t' 'NF != 4 || $2 !~ /^[0-9]+$/ || $3 !~ /^[0-9]+$/ || $4 !~ /^(PER|ORG|LOC|MISC)$/' | wc -l)
[ "$bad" -eq 0 ] && ok || ko "$bad stand-off lines are not FILE START END TYPE"
D=../shared/data/polnear/dev/text
if [ -d "$D" ]; then
  "$H" eval ner --standoff "$S" "$D" | grep -q '^9 documents (0 failed)' && ok || ko "modern dev set did not score 9 documents"
else
  echo "$D absent: modern dev set not scored"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
