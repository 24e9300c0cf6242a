#!/usr/bin/env bash
# The seeds' sentences: no split inside "Rep. Tulsi Gabbard (D-Hawaii)"
# or "John F. Kerry", and quotations that end in ,” or .” stay whole.
# Reads ../shared/seeds; skipped (77) when absent.
set -u
H=${1:?usage: test_seeds_segment.sh HERALD}
S=../shared/seeds
[ -d "$S" ] || { echo "../shared/seeds absent: skipped"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
# one sentence per line, tokens joined by spaces
"$H" annotate -q --no-ner --format conll "$S"/*.txt |
  awk 'BEGIN{RS=""; FS="\n"} {s=""; for(i=1;i<=NF;i++){split($i,a,"\t"); s=s (i>1?" ":"") a[1]} print s}' >"$T/sents"
pass=0; fail=0
has() { if grep -qF -- "$2" "$T/sents"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1: no sentence contains: $2" >&2; fi; }
has "Rep. ... (D-Hawaii) in one sentence" "including Rep. Tulsi Gabbard ( D-Hawaii ) , who met with Trump last week"
has "John F. Kerry in one sentence (caption removed, body kept)" "Our indefatigable outgoing Secretary of State John F. Kerry is engaged"
has "partial quote with ,” inside the sentence" "is “ in danger of spiraling out of control , ” warned Kerry"
has ",” he said stays with its quote" "“ There is no solution to this other than at the negotiating table , ” he said ."
has "U.S. and Russia mid-sentence" "brokered by the U.S. and Russia , Kerry said on Tuesday ."
has "Donald Trump Jr. mid-sentence" "reported that Donald Trump Jr. met in October in Paris"
has "straight-quoted partial quote" "he has \" some very strong ideas on Syria . \""
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
