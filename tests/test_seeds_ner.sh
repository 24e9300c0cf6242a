#!/usr/bin/env bash
# Entities in the seed articles: `herald annotate` must find these people,
# places and organisations (presence with the right type, not counts: the
# seeds carry scraping debris). Reads ../shared/seeds; skipped (77) when
# absent.
set -u
H=${1:?usage: test_seeds_ner.sh HERALD}
S=../shared/seeds
[ -d "$S" ] || { echo "../shared/seeds absent: skipped"; exit 77; }
command -v python3 >/dev/null || { echo "python3 absent: skipped"; exit 77; }
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
for id in 000 004; do
  f=$(ls "$S"/${id}_*.txt 2>/dev/null | head -1)
  [ -n "$f" ] || { echo "seed $id absent: skipped"; exit 77; }
  "$H" annotate -q "$f" | python3 -c '
import json, sys
d = json.loads(sys.stdin.readline())
for m in d.get("entities", []):
    print("%s\t%s" % (m["type"], m["text"]))' >"$T/$id" || { echo "FAIL: annotate $id" >&2; exit 1; }
done
pass=0; fail=0
has() { # has SEED TYPE NAME...: one of the names appears with that type
  local id=$1 type=$2; shift 2
  for name in "$@"; do
    if grep -qxF -- "$type	$name" "$T/$id"; then pass=$((pass+1)); return; fi
  done
  fail=$((fail+1)); echo "FAIL: seed $id: no $type mention of: $*" >&2
}
for p in "John Kerry" "Bashar Assad" "Staffan de Mistura" "Sergey Lavrov"; do has 000 PER "$p"; done
for l in Syria Aleppo Geneva Moscow Russia; do has 000 LOC "$l"; done
has 000 ORG "ISIS" "Islamic State in Iraq and Syria"
has 000 ORG "United Nations"
for p in "John F. Kerry" "Sergei Lavrov" "Donald Trump" "Donald Trump Jr." "Vladimir Putin" \
         "Hillary Clinton" "Tulsi Gabbard" "Bashar al-Assad"; do has 004 PER "$p"; done
for l in Lima Peru "Abu Dhabi" "United Arab Emirates" "Saudi Arabia" Qatar Turkey Iran; do
  has 004 LOC "$l"; done
for o in "White House" "Wall Street Journal" "New York Times" "Jabhat Fatah al-Sham"; do
  has 004 ORG "$o"; done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
